//! Codec names in plain words, for the report and for error messages.

use symphonia::core::audio::sample::SampleFormat;
use symphonia::core::codecs::audio::well_known::*;
use symphonia::core::codecs::audio::{AudioCodecId, AudioCodecParameters};

/// What [`super::decode_file`] reads, as listed in error messages.
pub const SUPPORTED_FORMATS: &str = "WAV (8/16/24/32-bit PCM, 32-bit float, A-law, mu-law, ADPCM), \
     FLAC, MP3, Ogg Vorbis, AAC-LC in M4A/MP4, ALAC, AIFF";

/// The name of a codec bantin decodes, refined by the stream's sample format for PCM.
pub fn codec_name(params: &AudioCodecParameters) -> String {
    let id = params.codec;
    let is_pcm_int = [
        CODEC_ID_PCM_S8,
        CODEC_ID_PCM_U8,
        CODEC_ID_PCM_S16LE,
        CODEC_ID_PCM_S16BE,
        CODEC_ID_PCM_U16LE,
        CODEC_ID_PCM_U16BE,
        CODEC_ID_PCM_S24LE,
        CODEC_ID_PCM_S24BE,
        CODEC_ID_PCM_U24LE,
        CODEC_ID_PCM_U24BE,
        CODEC_ID_PCM_S32LE,
        CODEC_ID_PCM_S32BE,
        CODEC_ID_PCM_U32LE,
        CODEC_ID_PCM_U32BE,
    ]
    .contains(&id);
    if is_pcm_int {
        // An extensible header may hold e.g. 20 valid bits in 24-bit words; show the valid bits.
        let bits = params
            .bits_per_sample
            .or_else(|| params.sample_format.map(sample_format_bits))
            .unwrap_or(0);
        return format!("PCM {bits}-bit");
    }
    match id {
        CODEC_ID_PCM_F32LE | CODEC_ID_PCM_F32BE => "PCM 32-bit float".into(),
        CODEC_ID_PCM_F64LE | CODEC_ID_PCM_F64BE => "PCM 64-bit float".into(),
        _ => codec_id_name(id).to_string(),
    }
}

/// True for codecs whose decoding costs about as much as reading the file (PCM, A-law,
/// mu-law, ADPCM): a long take in one of them is decoded again rather than kept.
pub fn cheap_to_decode(params: &AudioCodecParameters) -> bool {
    codec_name(params).starts_with("PCM")
        || [
            CODEC_ID_PCM_ALAW,
            CODEC_ID_PCM_MULAW,
            CODEC_ID_ADPCM_MS,
            CODEC_ID_ADPCM_IMA_WAV,
            CODEC_ID_ADPCM_IMA_QT,
        ]
        .contains(&params.codec)
}

fn sample_format_bits(format: SampleFormat) -> u32 {
    match format {
        SampleFormat::U8 | SampleFormat::S8 => 8,
        SampleFormat::U16 | SampleFormat::S16 => 16,
        SampleFormat::U24 | SampleFormat::S24 => 24,
        SampleFormat::F64 => 64,
        _ => 32,
    }
}

/// The plain name of any codec symphonia can identify, decodable or not (for messages about
/// codecs bantin refuses).
pub fn codec_id_name(id: AudioCodecId) -> &'static str {
    match id {
        CODEC_ID_PCM_ALAW => "A-law (G.711)",
        CODEC_ID_PCM_MULAW => "mu-law (G.711)",
        CODEC_ID_ADPCM_G722 => "G.722 ADPCM",
        CODEC_ID_ADPCM_G726 | CODEC_ID_ADPCM_G726LE => "G.726 ADPCM",
        CODEC_ID_ADPCM_MS => "ADPCM (Microsoft)",
        CODEC_ID_ADPCM_IMA_WAV | CODEC_ID_ADPCM_IMA_QT => "ADPCM (IMA)",
        CODEC_ID_VORBIS => "Vorbis",
        CODEC_ID_OPUS => "Opus",
        CODEC_ID_SPEEX => "Speex",
        CODEC_ID_MUSEPACK => "Musepack",
        CODEC_ID_MP1 => "MPEG Layer 1",
        CODEC_ID_MP2 => "MPEG Layer 2",
        CODEC_ID_MP3 => "MP3",
        CODEC_ID_AAC => "AAC-LC",
        CODEC_ID_AC3 => "AC-3 (Dolby Digital)",
        CODEC_ID_EAC3 => "E-AC-3 (Dolby Digital Plus)",
        CODEC_ID_AC4 => "AC-4",
        CODEC_ID_DCA => "DTS",
        CODEC_ID_ATRAC1 | CODEC_ID_ATRAC3 | CODEC_ID_ATRAC3PLUS | CODEC_ID_ATRAC9 => "ATRAC",
        CODEC_ID_WMA => "Windows Media Audio",
        CODEC_ID_RA10 | CODEC_ID_RA20 | CODEC_ID_SIPR | CODEC_ID_COOK => "RealAudio",
        CODEC_ID_SBC => "SBC (Bluetooth)",
        CODEC_ID_APTX | CODEC_ID_APTX_HD => "aptX",
        CODEC_ID_LDAC => "LDAC",
        CODEC_ID_FLAC => "FLAC",
        CODEC_ID_WAVPACK => "WavPack",
        CODEC_ID_MONKEYS_AUDIO => "Monkey's Audio",
        CODEC_ID_ALAC => "ALAC",
        CODEC_ID_TTA => "TTA",
        CODEC_ID_TRUEHD => "Dolby TrueHD",
        _ => "an unknown codec",
    }
}
