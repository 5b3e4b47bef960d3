//! Writing test signals as real WAV files (hound), their folders made as needed.

use std::path::Path;

fn writer(
    path: &Path,
    spec: hound::WavSpec,
) -> hound::WavWriter<std::io::BufWriter<std::fs::File>> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    hound::WavWriter::create(path, spec).unwrap()
}

/// Interleaved `samples` as a 32-bit float WAV.
pub fn write_f32(path: &Path, rate: u32, channels: u16, samples: &[f32]) {
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: 32,
        sample_format: hound::SampleFormat::Float,
    };
    let mut w = writer(path, spec);
    for s in samples {
        w.write_sample(*s).unwrap();
    }
    w.finalize().unwrap();
}

/// Interleaved `samples` as a 16-bit integer WAV (each rounded to the nearest step).
pub fn write_i16(path: &Path, rate: u32, channels: u16, samples: &[f32]) {
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = writer(path, spec);
    for s in samples {
        w.write_sample((s * 32_767.0).round() as i16).unwrap();
    }
    w.finalize().unwrap();
}
