//! Records and finished bulletin folders built in code for the archive's unit tests.

use super::sidecar::{ArchiveRecord, SIDECAR_FORMAT, StoredFile};
use crate::bulletin::report::{AssemblyReport, LimiterReport, ProgrammeReport, TakeReport};
use crate::bulletin::rundown::{BulletinInfo, Item, Rundown, Segment};
use crate::bulletin::rundown_text::{Remarks, render};
use std::path::{Path, PathBuf};

pub(super) fn segment(id: &str, spoken: &str, estimate_s: f64) -> Segment {
    Segment {
        id: id.into(),
        spoken: spoken.into(),
        original: format!("Gốc: {spoken}"),
        syllables: spoken.split_whitespace().count() as u32,
        estimate_s,
        take: id.into(),
        accept_suspect: false,
    }
}

pub(super) fn rundown(date: &str, slot: &str, items: Vec<Item>) -> Rundown {
    Rundown {
        bulletin: BulletinInfo {
            date: date.into(),
            slot: slot.into(),
            title: format!("Bản tin {slot} {date}"),
            station: "Đài Truyền thanh huyện Thọ Xuân".into(),
            target_s: 900.0,
            rate_spm: Some(233.0),
        },
        opening: segment("00-mo-dau", "Xin chào bà con.", 2.5),
        items,
        closing: segment("99-ket-thuc", "Cảm ơn bà con.", 2.0),
        status: Default::default(),
    }
}

pub(super) fn take_report(segment_id: &str, start_s: f64) -> TakeReport {
    TakeReport {
        role: "take".into(),
        item_id: Some("01".into()),
        segment_id: Some(segment_id.into()),
        source: format!("recordings/{segment_id}.wav"),
        codec: "pcm_s16le".into(),
        original_sample_rate: 44_100,
        original_channels: 1,
        duration_s: 3.25,
        trimmed_duration_s: 3.0,
        loudness_lufs: Some(-20.5),
        gain_db: 4.5,
        start_s,
        flags: vec![],
    }
}

pub(super) fn report(rundown: &Rundown, takes: Vec<TakeReport>, duration_s: f64) -> AssemblyReport {
    let b = &rundown.bulletin;
    AssemblyReport {
        software: "bantin test".into(),
        title: b.title.clone(),
        station: b.station.clone(),
        date: Some(b.date.clone()),
        slot: Some(b.slot.clone()),
        output: format!("{}.wav", rundown.output_stem()),
        created: format!("{}T04:00:00+07:00", b.date),
        programme: ProgrammeReport {
            integrated_lufs: Some(-16.02),
            loudness_range_lu: Some(3.1),
            true_peak_dbtp: Some(-1.4),
            sample_peak_dbfs: Some(-1.6),
            max_momentary_lufs: Some(-12.0),
            max_short_term_lufs: Some(-14.0),
            duration_s,
            target_lufs: -16.0,
            ceiling_dbtp: -1.0,
            sample_rate: 48_000,
            channels: 1,
            bits: 16,
            limiter: LimiterReport::default(),
            flags: vec![],
        },
        takes,
        wav: None,
    }
}

/// A record as `add` would make it of `rundown` (files named, not stored anywhere).
pub(super) fn record(rundown: Rundown, report: AssemblyReport) -> ArchiveRecord {
    let stem = rundown.output_stem();
    ArchiveRecord {
        format: SIDECAR_FORMAT,
        id: stem.clone(),
        date: rundown.bulletin.date.clone(),
        slot: rundown.bulletin.slot.clone(),
        title: report.title.clone(),
        station: report.station.clone(),
        aired_at: format!("{}T05:30:00+07:00", rundown.bulletin.date),
        archived_at: format!("{}T09:00:00+07:00", rundown.bulletin.date),
        software: "bantin test".into(),
        duration_s: report.programme.duration_s,
        integrated_lufs: report.programme.integrated_lufs,
        true_peak_dbtp: report.programme.true_peak_dbtp,
        files: vec![StoredFile {
            role: "audio".into(),
            name: format!("{stem}.wav"),
            sha256: "ab".repeat(32),
            bytes: 1_234,
        }],
        rundown,
        report,
    }
}

/// A finished bulletin folder `<parent>/<date>-<slot>` as `bantin assemble` leaves it,
/// with a 48 kHz mono 16-bit WAV of `seconds`.
pub(super) fn finished_bulletin(parent: &Path, date: &str, slot: &str, seconds: f64) -> PathBuf {
    let r = rundown(
        date,
        slot,
        vec![Item {
            id: "01".into(),
            title: "Hội nghị an ninh trật tự".into(),
            category: String::new(),
            published: String::new(),
            byline: String::new(),
            source: String::new(),
            segments: vec![segment("01-1", "Đảm bảo an ninh trật tự.", 3.0)],
        }],
    );
    let stem = r.output_stem();
    let dir = parent.join(&stem);
    std::fs::create_dir_all(dir.join("out")).unwrap();
    std::fs::write(dir.join("rundown.toml"), render(&r, &Remarks::new())).unwrap();
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 48_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut wav = hound::WavWriter::create(dir.join(format!("out/{stem}.wav")), spec).unwrap();
    for i in 0..(seconds * 48_000.0) as u32 {
        let x = (f64::from(i) * 440.0 * std::f64::consts::TAU / 48_000.0).sin();
        wav.write_sample((x * 8_000.0) as i16).unwrap();
    }
    wav.finalize().unwrap();
    let report = report(&r, vec![take_report("01-1", 0.0)], seconds);
    std::fs::write(
        dir.join(format!("out/{stem}.json")),
        serde_json::to_string_pretty(&report).unwrap(),
    )
    .unwrap();
    dir
}
