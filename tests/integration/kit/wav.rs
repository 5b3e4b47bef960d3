//! Writing test signals as real WAV files (hound), their folders made as needed.

use std::path::Path;

/// Interleaved `samples` as a 32-bit float WAV.
pub fn write_f32(path: &Path, rate: u32, channels: u16, samples: &[f32]) {
    write(path, rate, channels, 32, samples, Writer::write_sample);
}

/// Interleaved `samples` as a 16-bit integer WAV (each rounded to the nearest step).
pub fn write_i16(path: &Path, rate: u32, channels: u16, samples: &[f32]) {
    write(path, rate, channels, 16, samples, |w, s| {
        w.write_sample((s * 32_767.0).round() as i16)
    });
}

type Writer = hound::WavWriter<std::io::BufWriter<std::fs::File>>;

fn write(
    path: &Path,
    rate: u32,
    channels: u16,
    bits: u16,
    samples: &[f32],
    put: impl Fn(&mut Writer, f32) -> hound::Result<()>,
) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: bits,
        sample_format: if bits == 32 {
            hound::SampleFormat::Float
        } else {
            hound::SampleFormat::Int
        },
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for s in samples {
        put(&mut w, *s).unwrap();
    }
    w.finalize().unwrap();
}
