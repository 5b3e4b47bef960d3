//! Naming the codec of a WAV file symphonia's reader refuses outright (it rejects unknown
//! `fmt ` tags while probing, before any codec id exists), so the message can say what the
//! file holds instead of "not audio".

/// The codec named by the `fmt ` chunk of a RIFF/WAVE file, if `head` (the file's first
/// bytes) is one and its tag is one symphonia does not read.
pub fn unsupported_wav_codec(head: &[u8]) -> Option<String> {
    if head.len() < 12 || &head[0..4] != b"RIFF" || &head[8..12] != b"WAVE" {
        return None;
    }
    let mut pos = 12;
    while pos + 8 <= head.len() {
        let id = &head[pos..pos + 4];
        let len = u32::from_le_bytes(head[pos + 4..pos + 8].try_into().ok()?) as usize;
        if id == b"fmt " {
            let tag = u16::from_le_bytes(head.get(pos + 8..pos + 10)?.try_into().ok()?);
            return tag_name(tag);
        }
        // Chunks are padded to an even length.
        pos = pos.checked_add(8)?.checked_add(len)?.checked_add(len & 1)?;
    }
    None
}

/// Tags symphonia reads (PCM, MS ADPCM, float, A-law, mu-law, IMA ADPCM, extensible) give
/// `None`; any other is named.
fn tag_name(tag: u16) -> Option<String> {
    let name = match tag {
        0x0001 | 0x0002 | 0x0003 | 0x0006 | 0x0007 | 0x0011 | 0xFFFE => return None,
        0x0031 => "GSM 6.10",
        0x0040 | 0x0045 | 0x0064 => "G.726 ADPCM",
        0x0042 | 0x028F => "G.722 ADPCM",
        0x0050 => "MPEG Layer 2",
        0x0055 => "MP3 inside WAV",
        0x00FF | 0x1600 | 0x1610 | 0x706D => "AAC inside WAV",
        0x0161..=0x0163 => "Windows Media Audio",
        0x2000 => "AC-3 (Dolby Digital)",
        0x2001 => "DTS",
        0x0022 => "TrueSpeech",
        _ => return Some(format!("WAV format tag 0x{tag:04X}")),
    };
    Some(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav_with_tag(tag: u16) -> Vec<u8> {
        let mut b = b"RIFF\0\0\0\0WAVEfmt \x10\0\0\0".to_vec();
        b.extend_from_slice(&tag.to_le_bytes());
        b.extend_from_slice(&[0; 14]);
        b
    }

    #[test]
    fn names_tags_symphonia_rejects_and_passes_those_it_reads() {
        assert_eq!(
            unsupported_wav_codec(&wav_with_tag(0x0055)).as_deref(),
            Some("MP3 inside WAV")
        );
        assert_eq!(
            unsupported_wav_codec(&wav_with_tag(0x1234)).as_deref(),
            Some("WAV format tag 0x1234")
        );
        assert_eq!(unsupported_wav_codec(&wav_with_tag(0x0001)), None);
        assert_eq!(unsupported_wav_codec(&wav_with_tag(0xFFFE)), None);
        assert_eq!(unsupported_wav_codec(b"fLaC\0\0\0\0\0\0\0\0"), None);
    }

    #[test]
    fn skips_chunks_before_fmt_and_survives_huge_lengths() {
        let mut b = b"RIFF\0\0\0\0WAVEJUNK\x03\0\0\0abc\0".to_vec();
        b.extend_from_slice(&wav_with_tag(0x2000)[12..]);
        assert_eq!(
            unsupported_wav_codec(&b).as_deref(),
            Some("AC-3 (Dolby Digital)")
        );
        let huge = b"RIFF\0\0\0\0WAVEJUNK\xff\xff\xff\xff".to_vec();
        assert_eq!(unsupported_wav_codec(&huge), None);
    }
}
