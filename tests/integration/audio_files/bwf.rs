//! Integration tests: bwf. The broadcast WAV is written with known metadata and
//! samples, parsed back with bantin's own reader (every field, the loudness values) and
//! read by hound (the samples are exactly what was written); failed runs leave no
//! temporary file and keep the previous good file.

use std::fs;
use std::path::Path;

use bantin::atomic::Overwrite;
use bantin::export::bwf::{
    BextLoudness, BwfError, BwfMetadata, BwfSpec, BwfWriter, CartInfo, read_bwf,
};

use crate::kit::{TestDir, assert_contains};

fn metadata(with_cart: bool) -> BwfMetadata {
    BwfMetadata {
        title: "Bản tin sáng: Nước sạch về xã Thọ Xuân".into(),
        station: "Đài Truyền thanh huyện Thọ Xuân".into(),
        originator_reference: "TX-2026-11-27-sang".into(),
        origination_date: "2026-11-27".into(),
        origination_time: "06:30:00".into(),
        coding_history: String::new(),
        software: "bantin 0.1.0".into(),
        cart: with_cart.then(|| CartInfo {
            cut_id: "2026-11-27-sang".into(),
            category: "NEWS".into(),
            start_date: "2026-11-27".into(),
            start_time: "06:30:00".into(),
            end_date: "2026-11-27".into(),
            end_time: "07:00:00".into(),
        }),
    }
}

fn loudness() -> BextLoudness {
    BextLoudness {
        integrated_lufs: Some(-16.02),
        loudness_range_lu: Some(5.37),
        max_true_peak_dbtp: Some(-1.04),
        max_momentary_lufs: Some(-9.5),
        max_short_term_lufs: Some(-12.346),
    }
}

/// A deterministic signal that visits both ends of the range of `bits`.
fn samples(frames: usize, channels: u16, bits: u16) -> Vec<i32> {
    let max = (1i32 << (bits - 1)) - 1;
    let mut out: Vec<i32> = (0..frames * usize::from(channels))
        .map(|i| {
            let phase = i as f64 * 0.0123;
            (phase.sin() * f64::from(max) * 0.9) as i32 + (i % 7) as i32
        })
        .collect();
    out[0] = -max - 1;
    out[1] = max;
    out
}

/// Writes `data` in uneven pieces, as the assembler's streaming stage does.
fn write_file(path: &Path, spec: BwfSpec, meta: &BwfMetadata, data: &[i32]) {
    let mut w = BwfWriter::create(path, spec, meta, Overwrite::Keep).unwrap();
    for piece in data.chunks(1000 * usize::from(spec.channels) + 1) {
        w.write_samples(piece).unwrap();
    }
    w.finish(&loudness()).unwrap();
}

fn hound_samples(path: &Path) -> (hound::WavSpec, Vec<i32>) {
    let mut r = hound::WavReader::open(path).unwrap();
    let spec = r.spec();
    let samples = r.samples::<i32>().collect::<Result<Vec<_>, _>>().unwrap();
    (spec, samples)
}

fn only_file_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn sixteen_bit_mono_with_cart_reads_back_field_for_field() {
    let t = TestDir::new();
    let path = t.path().join("bulletin.wav");
    let spec = BwfSpec {
        sample_rate: 48_000,
        channels: 1,
        bits: 16,
    };
    let data = samples(48_000 + 3, 1, 16);
    write_file(&path, spec, &metadata(true), &data);

    let f = read_bwf(&path).unwrap();
    let ids: Vec<&str> = f.chunks.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["bext", "fmt ", "LIST", "cart", "data"]);
    assert_eq!(f.format_tag, 1, "plain PCM, not extensible");
    assert_eq!(f.fmt_len, 16);
    assert_eq!(f.spec, spec);
    assert_eq!((f.byte_rate, f.block_align), (96_000, 2));
    assert_eq!(
        u64::from(f.riff_size),
        fs::metadata(&path).unwrap().len() - 8
    );
    assert_eq!(f.data_len, data.len() as u64 * 2);
    assert_eq!(f.frames(), 48_003);

    let bext = f.bext.as_ref().unwrap();
    assert_eq!(bext.description, "Ban tin sang: Nuoc sach ve xa Tho Xuan");
    assert_eq!(bext.originator, "Dai Truyen thanh huyen Tho Xuan");
    assert_eq!(bext.originator_reference, "TX-2026-11-27-sang");
    assert_eq!(bext.origination_date, "2026-11-27");
    assert_eq!(bext.origination_time, "06:30:00");
    assert_eq!(bext.time_reference, (6 * 3600 + 30 * 60) * 48_000);
    assert_eq!(bext.version, 2);
    assert_eq!(bext.umid, vec![0u8; 64]);
    assert_eq!(
        bext.loudness,
        BextLoudness {
            integrated_lufs: Some(-16.02),
            loudness_range_lu: Some(5.37),
            max_true_peak_dbtp: Some(-1.04),
            max_momentary_lufs: Some(-9.5),
            max_short_term_lufs: Some(-12.35),
        }
    );
    assert_eq!(
        bext.coding_history,
        "A=PCM,F=48000,W=16,M=mono,T=bantin 0.1.0\r\n"
    );

    assert_eq!(
        f.info("INAM"),
        Some("Ban tin sang: Nuoc sach ve xa Tho Xuan")
    );
    assert_eq!(f.info("IART"), Some("Dai Truyen thanh huyen Tho Xuan"));
    assert_eq!(f.info("ICRD"), Some("2026-11-27"));
    assert_eq!(f.info("ISFT"), Some("bantin 0.1.0"));

    let cart = f.cart.as_ref().unwrap();
    assert_eq!(cart.version, "0101");
    assert_eq!(cart.title, "Ban tin sang: Nuoc sach ve xa Tho Xuan");
    assert_eq!(cart.artist, "Dai Truyen thanh huyen Tho Xuan");
    assert_eq!(cart.cut_id, "2026-11-27-sang");
    assert_eq!(cart.category, "NEWS");
    assert_eq!(
        (cart.start_date.as_str(), cart.start_time.as_str()),
        ("2026-11-27", "06:30:00")
    );
    assert_eq!(
        (cart.end_date.as_str(), cart.end_time.as_str()),
        ("2026-11-27", "07:00:00")
    );
    assert_eq!(cart.producer_app_id, "bantin");
    assert_eq!(cart.producer_app_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(cart.tag_text, "\r\n");
    assert!(cart.post_timers.is_empty());
    let cart_chunk = f.chunks.iter().find(|c| c.id == "cart").unwrap();
    assert_eq!(cart_chunk.size, 2048 + 2, "AES46 fixed part is 2048 bytes");

    let (hspec, back) = hound_samples(&path);
    assert_eq!(
        (hspec.channels, hspec.sample_rate, hspec.bits_per_sample),
        (1, 48_000, 16)
    );
    assert_eq!(back, data, "the metadata changed the samples");
}

#[test]
fn twenty_four_bit_stereo_keeps_every_sample_and_the_high_time_reference_word() {
    let t = TestDir::new();
    let path = t.path().join("stereo24.wav");
    let spec = BwfSpec {
        sample_rate: 96_000,
        channels: 2,
        bits: 24,
    };
    let meta = BwfMetadata {
        origination_time: "23:00:00".into(),
        ..metadata(false)
    };
    let data = samples(20_001, 2, 24);
    write_file(&path, spec, &meta, &data);

    let f = read_bwf(&path).unwrap();
    let ids: Vec<&str> = f.chunks.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        ["bext", "fmt ", "LIST", "data"],
        "no cart unless asked"
    );
    assert_eq!(
        (f.format_tag, f.fmt_len),
        (1, 16),
        "24-bit is plain PCM too"
    );
    assert_eq!((f.byte_rate, f.block_align), (96_000 * 6, 6));
    let bext = f.bext.unwrap();
    // 82 800 s × 96 kHz needs the upper 32-bit word.
    assert_eq!(bext.time_reference, 82_800 * 96_000);
    assert!(bext.time_reference > u64::from(u32::MAX));
    assert_eq!(
        bext.coding_history,
        "A=PCM,F=96000,W=24,M=stereo,T=bantin 0.1.0\r\n"
    );
    let (hspec, back) = hound_samples(&path);
    assert_eq!((hspec.channels, hspec.bits_per_sample), (2, 24));
    assert_eq!(back, data);
}

#[test]
fn odd_length_audio_gets_a_pad_byte_outside_the_data_size() {
    let t = TestDir::new();
    let path = t.path().join("odd.wav");
    let spec = BwfSpec {
        sample_rate: 44_100,
        channels: 1,
        bits: 24,
    };
    let data = samples(4_411, 1, 24);
    write_file(&path, spec, &metadata(true), &data);
    let f = read_bwf(&path).unwrap();
    assert_eq!(f.data_len, 4_411 * 3);
    let len = fs::metadata(&path).unwrap().len();
    assert_eq!(
        len,
        f.data_offset + f.data_len + 1,
        "pad byte after odd data"
    );
    assert_eq!(u64::from(f.riff_size), len - 8);
    assert_eq!(hound_samples(&path).1, data);
}

#[test]
fn unknown_loudness_is_stored_as_0x7fff() {
    let t = TestDir::new();
    let path = t.path().join("silent.wav");
    let spec = BwfSpec {
        sample_rate: 48_000,
        channels: 1,
        bits: 16,
    };
    let mut w = BwfWriter::create(&path, spec, &BwfMetadata::default(), Overwrite::Keep).unwrap();
    w.write_samples(&[0; 480]).unwrap();
    let partly = BextLoudness {
        max_true_peak_dbtp: Some(-70.0),
        ..BextLoudness::default()
    };
    w.finish(&partly).unwrap();

    let f = read_bwf(&path).unwrap();
    assert_eq!(f.bext.as_ref().unwrap().loudness, partly);
    let bytes = fs::read(&path).unwrap();
    let bext_body = usize::try_from(f.chunks[0].offset).unwrap() + 8;
    let field = |i: usize| {
        let at = bext_body + 412 + 2 * i;
        i16::from_le_bytes([bytes[at], bytes[at + 1]])
    };
    assert_eq!(
        [field(0), field(1), field(2), field(3), field(4)],
        [0x7FFF, 0x7FFF, -7000, 0x7FFF, 0x7FFF]
    );
    // Empty text fields stay empty; the software falls back to this build.
    assert_eq!(f.info("INAM"), None);
    assert_eq!(
        f.info("ISFT"),
        Some(format!("bantin {}", env!("CARGO_PKG_VERSION")).as_str())
    );
}

#[test]
fn long_titles_are_cut_to_the_field_width() {
    let t = TestDir::new();
    let path = t.path().join("long.wav");
    let meta = BwfMetadata {
        title: "Thọ Xuân ".repeat(40),
        station: "Đài Truyền thanh huyện Thọ Xuân, tỉnh Thanh Hóa".into(),
        cart: Some(CartInfo::default()),
        ..BwfMetadata::default()
    };
    let spec = BwfSpec {
        sample_rate: 48_000,
        channels: 1,
        bits: 16,
    };
    write_file(&path, spec, &meta, &[1, 2, 3]);
    let f = read_bwf(&path).unwrap();
    let bext = f.bext.as_ref().unwrap();
    assert_eq!(bext.description.len(), 256);
    assert!(bext.description.starts_with("Tho Xuan Tho Xuan"));
    assert_eq!(bext.originator, "Dai Truyen thanh huyen Tho Xuan,");
    let cart = f.cart.as_ref().unwrap();
    assert_eq!(cart.title.len(), 64);
    assert_eq!(
        (cart.start_date.as_str(), cart.start_time.as_str()),
        ("1900-01-01", "00:00:00"),
        "AES46 default start"
    );
    assert_eq!(
        (cart.end_date.as_str(), cart.end_time.as_str()),
        ("9999-12-31", "23:59:59"),
        "AES46 default end"
    );
    // The full title is still in the INFO chunk, folded but not cut to 256.
    assert_eq!(f.info("INAM").unwrap().len(), "Tho Xuan ".len() * 40);
}

#[test]
fn keep_refuses_an_existing_file_and_says_force() {
    let t = TestDir::new();
    let path = t.write("out/bulletin.wav", b"good old file");
    let spec = BwfSpec {
        sample_rate: 48_000,
        channels: 1,
        bits: 16,
    };
    let Err(err) = BwfWriter::create(&path, spec, &metadata(false), Overwrite::Keep) else {
        panic!("an existing file was accepted");
    };
    let msg = err.to_string();
    assert_contains(&msg, &["bulletin.wav", "--force"]);
    assert_eq!(fs::read(&path).unwrap(), b"good old file");

    // --force replaces it.
    let mut w = BwfWriter::create(&path, spec, &metadata(false), Overwrite::Replace).unwrap();
    w.write_samples(&[5, -5]).unwrap();
    w.finish(&loudness()).unwrap();
    assert_eq!(hound_samples(&path).1, [5, -5]);
    assert_eq!(only_file_in(&t.path().join("out")), ["bulletin.wav"]);
}

#[test]
fn a_failed_write_leaves_no_temporary_and_keeps_the_good_file() {
    let t = TestDir::new();
    let path = t.write("bulletin.wav", b"good old file");
    let spec = BwfSpec {
        sample_rate: 48_000,
        channels: 2,
        bits: 16,
    };

    // Injected failure 1: a sample the quantizer should never have produced.
    let mut w = BwfWriter::create(&path, spec, &metadata(true), Overwrite::Replace).unwrap();
    let temp = w.temp_path();
    assert!(temp.exists(), "samples stream to a temporary file");
    assert_eq!(temp.parent(), path.parent(), "in the same folder");
    w.write_samples(&samples(1000, 2, 16)).unwrap();
    let err = w.write_samples(&[0, 40_000]).unwrap_err();
    assert!(
        matches!(err, BwfError::SampleOutOfRange { index: 2001, .. }),
        "{err}"
    );
    let msg = err.to_string();
    assert_contains(&msg, &["bulletin.wav", "40000"]);
    drop(w);
    assert!(!temp.exists());
    assert_eq!(fs::read(&path).unwrap(), b"good old file");
    assert_eq!(only_file_in(t.path()), ["bulletin.wav"]);

    // Injected failure 2: the programme ends half-way through a stereo frame.
    let mut w = BwfWriter::create(&path, spec, &metadata(true), Overwrite::Replace).unwrap();
    w.write_samples(&[1, 2, 3]).unwrap();
    let err = w.finish(&loudness()).unwrap_err();
    assert!(
        err.to_string().contains("whole frames of 2 channels"),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), b"good old file");
    assert_eq!(only_file_in(t.path()), ["bulletin.wav"]);
}

#[test]
fn a_destination_folder_that_vanished_fails_finish_cleanly() {
    let t = TestDir::new();
    let out = t.path().join("out");
    let path = out.join("bulletin.wav");
    let spec = BwfSpec {
        sample_rate: 48_000,
        channels: 1,
        bits: 16,
    };
    let mut w = BwfWriter::create(&path, spec, &metadata(false), Overwrite::Keep).unwrap();
    w.write_samples(&samples(4800, 1, 16)).unwrap();
    fs::remove_dir_all(&out).unwrap();
    let err = w.finish(&loudness()).unwrap_err();
    assert!(err.to_string().contains("bulletin.wav"), "{err}");
    assert!(!out.exists(), "nothing was recreated");
}

#[test]
fn the_reader_names_the_file_and_the_problem() {
    let t = TestDir::new();
    let text = t.write("notes.wav", "this is not audio at all");
    let err = read_bwf(&text).unwrap_err().to_string();
    assert_contains(&err, &["notes.wav", "does not start with RIFF"]);

    let tiny = t.write("tiny.wav", b"RIFF");
    let err = read_bwf(&tiny).unwrap_err().to_string();
    assert_contains(&err, &["tiny.wav", "only 4 bytes"]);

    // A good file cut short (a copy interrupted half-way).
    let good = t.path().join("good.wav");
    let spec = BwfSpec {
        sample_rate: 48_000,
        channels: 1,
        bits: 16,
    };
    write_file(&good, spec, &metadata(true), &samples(4800, 1, 16));
    let bytes = fs::read(&good).unwrap();
    let cut = t.write("cut.wav", &bytes[..bytes.len() - 1000]);
    let err = read_bwf(&cut).unwrap_err().to_string();
    assert_contains(&err, &["cut.wav", "truncated"]);

    // RIFF size patched to fit, but the data chunk still claims the missing bytes.
    let mut patched = bytes[..bytes.len() - 1000].to_vec();
    let riff = u32::try_from(patched.len() - 8).unwrap();
    patched[4..8].copy_from_slice(&riff.to_le_bytes());
    let cut_data = t.write("cut-data.wav", &patched);
    let err = read_bwf(&cut_data).unwrap_err().to_string();
    assert_contains(&err, &["the data chunk", "truncated"]);

    // No data chunk at all: the header alone.
    let f = read_bwf(&good).unwrap();
    let mut header_only = bytes[..usize::try_from(f.data_offset - 8).unwrap()].to_vec();
    let riff = u32::try_from(header_only.len() - 8).unwrap();
    header_only[4..8].copy_from_slice(&riff.to_le_bytes());
    let no_data = t.write("no-data.wav", &header_only);
    let err = read_bwf(&no_data).unwrap_err().to_string();
    assert_contains(&err, &["no-data.wav", "no data chunk"]);

    let missing = read_bwf(&t.path().join("absent.wav"))
        .unwrap_err()
        .to_string();
    assert_contains(&missing, &["absent.wav"]);
}

#[test]
fn the_reader_reads_plain_wavs_from_other_writers() {
    let t = TestDir::new();
    // hound writes the extensible header for 24-bit and no bext.
    let path = t.path().join("hound24.wav");
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: 44_100,
        bits_per_sample: 24,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(&path, spec).unwrap();
    for s in [1, -1, 8_388_607, -8_388_608] {
        w.write_sample(s).unwrap();
    }
    w.finalize().unwrap();
    let f = read_bwf(&path).unwrap();
    assert_eq!(f.format_tag, 0xFFFE);
    assert_eq!(f.fmt_len, 40);
    assert_eq!(
        (f.spec.channels, f.spec.sample_rate, f.spec.bits),
        (2, 44_100, 24)
    );
    assert!(f.bext.is_none() && f.cart.is_none());
    assert!(f.info.is_empty());
    assert_eq!((f.data_len, f.frames()), (12, 2));

    // An odd-sized chunk before fmt is followed by its pad byte.
    let mut bytes = b"RIFF\0\0\0\0WAVE".to_vec();
    bytes.extend_from_slice(b"junk\x03\0\0\0abc\0");
    bytes.extend_from_slice(b"fmt \x10\0\0\0");
    bytes.extend_from_slice(&[1, 0, 1, 0, 0x80, 0xBB, 0, 0, 0, 0x77, 1, 0, 2, 0, 16, 0]);
    bytes.extend_from_slice(b"data\x04\0\0\0\x01\0\x02\0");
    let riff = u32::try_from(bytes.len() - 8).unwrap();
    bytes[4..8].copy_from_slice(&riff.to_le_bytes());
    let odd = t.write("odd-chunk.wav", &bytes);
    let f = read_bwf(&odd).unwrap();
    let ids: Vec<&str> = f.chunks.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["junk", "fmt ", "data"]);
    assert_eq!(
        (f.spec.sample_rate, f.data_offset, f.data_len),
        (48_000, 56, 4)
    );
}
