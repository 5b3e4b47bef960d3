//! Bulletin folders as the commands leave them, built without running the commands that
//! make them: a rundown (as `bantin new` writes it) and a finished folder (as `bantin
//! assemble` leaves it: a real WAV and its report), so each command is tested on its own.

use std::path::{Path, PathBuf};

use bantin::bulletin::report::{AssemblyReport, LimiterReport, ProgrammeReport, TakeReport};
use bantin::bulletin::rundown::{BulletinInfo, Item, Rundown, Segment};
use bantin::bulletin::rundown_text::{self, Remarks};
use bantin::config::StationConfig;
use bantin::script::segment::{count_syllables, estimate_seconds};

use super::{signal, wav};

pub const STATION: &str = "Đài Truyền thanh huyện Thọ Xuân";

/// An item of the example article (title, original, spoken).
pub const ANTT_TITLE: &str = "Hội nghị triển khai kế hoạch sơ kết Đề án đảm bảo an ninh trật tự";
pub const ANTT_ORIGINAL: &str = "Chiều ngày 30/3/2018, Thường trực UBND huyện tổ chức hội nghị triển khai kế hoạch sơ kết 1 năm thực hiện Đề án “Đảm bảo an ninh trật tự Khu đô thị Lam Sơn – Sao Vàng”.";
pub const ANTT_SPOKEN: &str = "Chiều ngày ba mươi tháng ba năm hai nghìn không trăm mười tám, Thường trực Ủy ban nhân dân huyện tổ chức hội nghị triển khai kế hoạch sơ kết một năm thực hiện Đề án Đảm bảo an ninh trật tự Khu đô thị Lam Sơn, Sao Vàng.";

/// (title, original, spoken) of each item of a bulletin.
pub type ItemText = (&'static str, &'static str, &'static str);

/// The example article's item alone.
pub const ONE_ITEM: &[ItemText] = &[(ANTT_TITLE, ANTT_ORIGINAL, ANTT_SPOKEN)];

/// Another item, with none of the example article's words.
pub const OTHER_ITEM: &[ItemText] = &[(
    "Xã Xuân Lam ra quân làm đường giao thông nông thôn",
    "Ngày 12/11/2026, xã Xuân Lam ra quân làm 2 km đường bê tông.",
    "Ngày mười hai tháng mười một, xã Xuân Lam ra quân làm hai ki lô mét đường bê tông.",
)];

/// A take of the rundown, with the syllable count and estimate `bantin new` would give it
/// at the default reading rate.
pub fn segment(id: &str, spoken: &str, original: &str) -> Segment {
    let reading = StationConfig::default().reading;
    Segment {
        id: id.into(),
        take: id.into(),
        accept_suspect: false,
        spoken: spoken.into(),
        original: original.into(),
        syllables: count_syllables(spoken),
        estimate_s: (estimate_seconds(spoken, &reading) * 10.0).round() / 10.0,
    }
}

/// Item `id` with its takes, from the example article's source.
pub fn item(id: &str, title: &str, segments: Vec<Segment>) -> Item {
    Item {
        id: id.into(),
        title: title.into(),
        category: "Chiến lược - Định Hướng - Quy hoạch".into(),
        published: "05/04/2018".into(),
        byline: STATION.into(),
        source: format!("articles/{id}.txt"),
        segments,
    }
}

/// A rundown of `items` between the station's opening (take `00-mo-dau`) and closing
/// (`99-ket-thuc`).
pub fn rundown(date: &str, slot: &str, title: &str, target_s: f64, items: Vec<Item>) -> Rundown {
    let opening = "Đây là Đài Truyền thanh huyện Thọ Xuân. Mời bà con nghe bản tin sáng nay.";
    let closing = "Bản tin đến đây là kết thúc. Cảm ơn bà con đã chú ý lắng nghe.";
    Rundown {
        bulletin: BulletinInfo {
            date: date.into(),
            slot: slot.into(),
            title: title.into(),
            station: STATION.into(),
            target_s,
            rate_spm: None,
        },
        opening: segment("00-mo-dau", opening, opening),
        items,
        closing: segment("99-ket-thuc", closing, closing),
        status: Default::default(),
    }
}

/// Writes `rundown` into the bulletin folder `dir` as `bantin new` does (its
/// `rundown.toml` and an empty `recordings/`).
pub fn write_rundown(dir: &Path, rundown: &Rundown) {
    std::fs::create_dir_all(dir.join("recordings")).unwrap();
    std::fs::write(
        dir.join("rundown.toml"),
        rundown_text::render(rundown, &Remarks::new()),
    )
    .unwrap();
}

/// Length of the WAV of every finished bulletin, seconds.
pub const FINISHED_SECONDS: f64 = 1.5;

/// A finished bulletin folder `<root>/<date>-<slot>` as `bantin assemble` leaves it:
/// the rundown of `items` (one take each), the scripts, and in `out/` a real 48 kHz WAV
/// (a sine at `freq` Hz, [`FINISHED_SECONDS`] long), its report (−16.02 LUFS, −1.4 dBTP)
/// and report page.
pub fn finished(root: &Path, date: &str, slot: &str, items: &[ItemText], freq: f64) -> PathBuf {
    let stem = format!("{date}-{slot}");
    let dir = root.join(&stem);
    let items = items
        .iter()
        .enumerate()
        .map(|(i, (title, original, spoken))| {
            let id = format!("{:02}", i + 1);
            item(
                &id,
                title,
                vec![segment(&format!("{id}-1"), spoken, original)],
            )
        })
        .collect();
    let rundown = rundown(
        date,
        slot,
        &format!("Bản tin {slot} ngày {date}"),
        600.0,
        items,
    );
    write_rundown(&dir, &rundown);
    std::fs::write(dir.join("script.txt"), format!("{ANTT_SPOKEN}\n")).unwrap();
    std::fs::write(
        dir.join("script.html"),
        "<html><body>kịch bản</body></html>\n",
    )
    .unwrap();
    let out = dir.join("out");
    write_programme(&out.join(format!("{stem}.wav")), freq);
    let report = report(&rundown, &format!("{stem}.wav"));
    std::fs::write(
        out.join(format!("{stem}.json")),
        serde_json::to_string_pretty(&report).unwrap(),
    )
    .unwrap();
    std::fs::write(out.join(format!("{stem}.html")), "<html></html>\n").unwrap();
    dir
}

/// The finished programme: a [`FINISHED_SECONDS`] sine at `freq` Hz, 48 kHz mono 16-bit.
pub fn write_programme(path: &Path, freq: f64) {
    wav::write_i16(
        path,
        48_000,
        1,
        &signal::sine(48_000, freq, 0.3, FINISHED_SECONDS),
    );
}

/// The report `bantin assemble` would write for a one-take programme of `rundown`.
fn report(rundown: &Rundown, output: &str) -> AssemblyReport {
    let b = &rundown.bulletin;
    AssemblyReport {
        software: "bantin test".into(),
        title: b.title.clone(),
        station: b.station.clone(),
        date: Some(b.date.clone()),
        slot: Some(b.slot.clone()),
        output: output.into(),
        created: format!("{}T04:00:00+07:00", b.date),
        programme: ProgrammeReport {
            integrated_lufs: Some(-16.02),
            loudness_range_lu: Some(3.1),
            true_peak_dbtp: Some(-1.4),
            sample_peak_dbfs: Some(-1.6),
            max_momentary_lufs: Some(-12.0),
            max_short_term_lufs: Some(-14.0),
            duration_s: FINISHED_SECONDS,
            target_lufs: -16.0,
            ceiling_dbtp: -1.0,
            sample_rate: 48_000,
            channels: 1,
            bits: 16,
            limiter: LimiterReport::default(),
            flags: vec![],
        },
        wav: None,
        takes: vec![TakeReport {
            role: "take".into(),
            item_id: Some("01".into()),
            segment_id: Some("01-1".into()),
            source: "recordings/01-1.wav".into(),
            codec: "pcm_s16le".into(),
            original_sample_rate: 44_100,
            original_channels: 1,
            duration_s: FINISHED_SECONDS,
            trimmed_duration_s: FINISHED_SECONDS,
            loudness_lufs: Some(-20.0),
            gain_db: 4.0,
            start_s: 0.0,
            flags: vec![],
        }],
    }
}
