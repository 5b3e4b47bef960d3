//! Spotting HE-AAC (AAC with SBR) before decoding. symphonia decodes only the AAC-LC core
//! of such a stream, at half the real sample rate: aired, the take would play an octave low
//! at half speed. So bantin refuses those files.
//!
//! Two ways a file says it is HE-AAC:
//! - explicitly, in the AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1): audio object type 5
//!   (SBR) or 29 (PS), or an AAC-LC config followed by the SBR sync extension (0x2B7);
//! - implicitly: the config says plain AAC-LC at ≤ 24 kHz while the container declares
//!   twice that rate (the SBR output rate), as many phone recorders write it.

/// The fields of an AudioSpecificConfig that matter here.
#[derive(Debug, PartialEq)]
struct AudioSpecificConfig {
    object_type: u32,
    sample_rate: u32,
    /// The SBR backward-compatible sync extension says SBR is present.
    sbr_extension: bool,
}

const SBR: u32 = 5;
const PS: u32 = 29;
const AAC_LC: u32 = 2;
const RATES: [u32; 13] = [
    96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
];

/// True when an AAC stream is HE-AAC. `config` is the AudioSpecificConfig (the codec's extra
/// data), `container_rates` the rates the container declares (sample entry, timescale).
pub fn is_he_aac(config: &[u8], container_rates: &[u32]) -> bool {
    let Some(asc) = parse(config) else {
        return false;
    };
    if asc.object_type == SBR || asc.object_type == PS || asc.sbr_extension {
        return true;
    }
    asc.object_type == AAC_LC
        && asc.sample_rate <= 24000
        && container_rates.contains(&(asc.sample_rate * 2))
}

fn parse(config: &[u8]) -> Option<AudioSpecificConfig> {
    let mut bits = Bits {
        data: config,
        pos: 0,
    };
    let object_type = read_object_type(&mut bits)?;
    let sample_rate = read_rate(&mut bits)?;
    let channel_config = bits.read(4)?;
    let mut sbr_extension = false;
    if object_type == AAC_LC && channel_config != 0 {
        // GASpecificConfig: frameLengthFlag, dependsOnCoreCoder, extensionFlag.
        let ga = bits.read(3)?;
        let depends_on_core = ga & 0b010 != 0;
        let extension = ga & 0b001 != 0;
        if !depends_on_core && !extension && bits.remaining() >= 16 && bits.read(11)? == 0x2B7 {
            sbr_extension = read_object_type(&mut bits)? == SBR && bits.read(1)? == 1;
        }
    }
    Some(AudioSpecificConfig {
        object_type,
        sample_rate,
        sbr_extension,
    })
}

fn read_object_type(bits: &mut Bits<'_>) -> Option<u32> {
    match bits.read(5)? {
        31 => Some(32 + bits.read(6)?),
        t => Some(t),
    }
}

fn read_rate(bits: &mut Bits<'_>) -> Option<u32> {
    match bits.read(4)? {
        15 => bits.read(24),
        i => RATES.get(i as usize).copied(),
    }
}

/// Most-significant-bit-first reader over a byte slice.
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bits<'_> {
    fn remaining(&self) -> usize {
        self.data.len() * 8 - self.pos
    }

    fn read(&mut self, n: usize) -> Option<u32> {
        if n > self.remaining() {
            return None;
        }
        let mut value = 0;
        for _ in 0..n {
            let bit = (self.data[self.pos / 8] >> (7 - self.pos % 8)) & 1;
            value = (value << 1) | u32::from(bit);
            self.pos += 1;
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// AAC-LC, 48 kHz, mono: what ffmpeg writes for a plain AAC-LC take.
    const LC_48K_MONO: [u8; 2] = [0x11, 0x88];
    /// AAC-LC, 24 kHz, mono.
    const LC_24K_MONO: [u8; 2] = [0x13, 0x08];

    #[test]
    fn plain_aac_lc_is_not_he_aac() {
        assert!(!is_he_aac(&LC_48K_MONO, &[48000]));
        // A genuine 24 kHz AAC-LC file: the container agrees with the config.
        assert!(!is_he_aac(&LC_24K_MONO, &[24000]));
    }

    #[test]
    fn explicit_sbr_and_ps_object_types_are_he_aac() {
        // Object type 5, core 24 kHz, mono, extension 48 kHz, then AAC-LC.
        assert!(is_he_aac(&[0x2B, 0x09, 0x88, 0x00], &[48000]));
        // Object type 29 (HE-AAC v2), core 24 kHz, mono, extension 48 kHz.
        assert!(is_he_aac(&[0xEB, 0x09, 0x88, 0x00], &[48000]));
    }

    #[test]
    fn backward_compatible_sync_extension_is_he_aac() {
        // AAC-LC 24 kHz mono + GASpecificConfig 000, then 0x2B7, object type 5, SBR flag 1,
        // extension rate index 3.
        // 00010 0110 0001 000 | 01010110111 | 00101 | 1 | 0011 -> bytes below.
        let config = [0x13, 0x08, 0x56, 0xE5, 0x98];
        assert!(is_he_aac(&config, &[24000]));
    }

    #[test]
    fn implicit_sbr_is_when_the_container_says_double_the_core_rate() {
        assert!(is_he_aac(&LC_24K_MONO, &[48000]));
        assert!(is_he_aac(&LC_24K_MONO, &[24000, 48000]));
    }

    #[test]
    fn garbage_configs_are_not_flagged() {
        assert!(!is_he_aac(&[], &[48000]));
        assert!(!is_he_aac(&[0xFF], &[48000]));
    }
}
