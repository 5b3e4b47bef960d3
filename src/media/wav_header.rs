//! A look at a WAV file's `fmt ` chunk before symphonia reads it: to name the codec of a
//! file symphonia's reader refuses outright (it rejects unknown tags while probing, before
//! any codec id exists), and to hold its rate and channel count to bantin's rule before
//! anything reads on (channel counts no recording has make symphonia 0.6's
//! extensible-header reader overflow a shift, a panic in checked builds).

/// The fields of the `fmt ` chunk looked at here.
struct FormatChunk {
    tag: u16,
    channels: u16,
    sample_rate: u32,
}

/// The codec named by the `fmt ` chunk of a RIFF/WAVE file, if `head` (the file's first
/// bytes) is one and its tag is one symphonia does not read.
pub fn unsupported_wav_codec(head: &[u8]) -> Option<String> {
    tag_name(format_chunk(head)?.tag)
}

/// The sample rate and channel count a RIFF/WAVE file's `fmt ` chunk declares, if `head`
/// (the file's first bytes) holds one.
pub fn wav_format(head: &[u8]) -> Option<(u32, u16)> {
    let fmt = format_chunk(head)?;
    Some((fmt.sample_rate, fmt.channels))
}

fn format_chunk(head: &[u8]) -> Option<FormatChunk> {
    let (pos, _) = find_chunk(head, b"fmt ")?;
    let bytes = |at: usize, n: usize| head.get(pos + at..pos + at + n);
    let u16_at = |at: usize| Some(u16::from_le_bytes(bytes(at, 2)?.try_into().ok()?));
    Some(FormatChunk {
        tag: u16_at(8)?,
        channels: u16_at(10)?,
        sample_rate: u32::from_le_bytes(bytes(12, 4)?.try_into().ok()?),
    })
}

/// True for a WAV written as a stream (e.g. `ffmpeg … -f wav -` into a pipe): its data chunk
/// length is the placeholder 0xFFFFFFFF, so the audio simply runs to the end of the file.
pub fn wav_length_unknown(head: &[u8]) -> bool {
    find_chunk(head, b"data").is_some_and(|(_, len)| len == u32::MAX as usize)
}

/// The offset and declared length of the first chunk `wanted` in a RIFF/WAVE file's head.
fn find_chunk(head: &[u8], wanted: &[u8; 4]) -> Option<(usize, usize)> {
    if head.len() < 12 || &head[0..4] != b"RIFF" || &head[8..12] != b"WAVE" {
        return None;
    }
    let mut pos = 12;
    while pos + 8 <= head.len() {
        let len = u32::from_le_bytes(head[pos + 4..pos + 8].try_into().ok()?) as usize;
        if &head[pos..pos + 4] == wanted {
            return Some((pos, len));
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
    fn reads_the_declared_rate_and_channels() {
        let mut b = wav_with_tag(0xFFFE);
        b[22..24].copy_from_slice(&257u16.to_le_bytes());
        b[24..28].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(wav_format(&b), Some((u32::MAX, 257)));
        assert_eq!(wav_format(b"fLaC\0\0\0\0\0\0\0\0"), None);
        // Cut inside the rate field: nothing is read.
        assert_eq!(wav_format(&b[..26]), None);
    }

    #[test]
    fn a_streamed_wav_has_unknown_length() {
        let mut streamed = wav_with_tag(1);
        streamed.extend_from_slice(b"data\xff\xff\xff\xff");
        assert!(wav_length_unknown(&streamed));
        let mut sized = wav_with_tag(1);
        sized.extend_from_slice(b"data\x00\x77\x01\x00");
        assert!(!wav_length_unknown(&sized));
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
