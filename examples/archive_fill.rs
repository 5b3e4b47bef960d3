//! Benchmark helper for `scripts/bench-archive`: fills an archive catalog with years of
//! bulletins through the same catalog code path `archive add` uses (catalog rows only; no
//! audio is copied), and makes one realistic finished bulletin folder to time
//! `archive add` on.
//!
//! ```text
//! cargo run --release --example archive_fill -- fill ARCHIVE_DIR ARTICLE.txt [YEARS]
//! cargo run --release --example archive_fill -- bulletin BULLETINS_DIR DATE MINUTES ARTICLE.txt
//! ```

use bantin::archive::catalog::Catalog;
use bantin::archive::sidecar::{ArchiveRecord, SIDECAR_FORMAT, StoredFile};
use bantin::bulletin::report::{AssemblyReport, LimiterReport, ProgrammeReport};
use bantin::bulletin::rundown::{BulletinInfo, Item, Rundown, Segment};
use std::path::Path;

const TOPICS: &[&str] = &[
    "an ninh trật tự",
    "xây dựng nông thôn mới",
    "phòng chống dịch bệnh",
    "tiêm chủng mở rộng",
    "phòng chống bão lũ",
    "an toàn giao thông",
    "thu hoạch mía đường",
    "chuyển đổi cơ cấu cây trồng",
    "cải cách hành chính",
    "bầu cử đại biểu Hội đồng nhân dân",
    "khuyến học khuyến tài",
    "vệ sinh an toàn thực phẩm",
    "phòng cháy chữa cháy",
    "chi trả bảo hiểm xã hội",
    "giải phóng mặt bằng",
];

const COMMUNES: &[&str] = &[
    "Xuân Lam",
    "Xuân Hưng",
    "Xuân Bái",
    "Xuân Phú",
    "Xuân Thắng",
    "Xuân Sơn",
    "Thọ Xương",
    "Thọ Lâm",
    "thị trấn Lam Sơn",
    "thị trấn Sao Vàng",
    "Bắc Lương",
    "Nam Giang",
    "Tây Hồ",
];

/// A tiny linear congruential generator: reproducible text without a crate.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn sentences(article: &str) -> Vec<String> {
    let body: Vec<&str> = article
        .lines()
        .map(str::trim)
        .filter(|l| l.split_whitespace().count() > 12)
        .collect();
    body.join(" ")
        .split_inclusive(['.', ';'])
        .map(|s| s.trim().to_string())
        .filter(|s| s.split_whitespace().count() > 5)
        .collect()
}

fn segment(id: &str, text: &str) -> Segment {
    Segment {
        id: id.into(),
        spoken: text.into(),
        original: text.into(),
        syllables: text.split_whitespace().count() as u32,
        estimate_s: text.split_whitespace().count() as f64 / 233.0 * 60.0,
        take: id.into(),
        accept_suspect: false,
    }
}

fn record(date: jiff::civil::Date, slot: &str, pool: &[String], rng: &mut Lcg) -> ArchiveRecord {
    let id = format!("{date}-{slot}");
    let items = (0..5)
        .map(|i| {
            let topic = TOPICS[rng.next(TOPICS.len())];
            let commune = COMMUNES[rng.next(COMMUNES.len())];
            let day = 1 + rng.next(28);
            let title = format!("{commune} đẩy mạnh {topic} năm {}", date.year());
            let mut text = format!(
                "Ngày {day}/{}/{}, UBND xã {commune} tổ chức hội nghị về {topic} với {} đại biểu tham dự. ",
                date.month(),
                date.year(),
                20 + rng.next(180)
            );
            for _ in 0..6 {
                text.push_str(&pool[rng.next(pool.len())]);
                text.push(' ');
            }
            let seg_id = format!("{:02}-1", i + 1);
            Item {
                id: format!("{:02}", i + 1),
                title,
                category: "Tin địa phương".into(),
                published: date.to_string(),
                byline: "Đài Truyền thanh huyện Thọ Xuân".into(),
                source: format!("articles/{id}-{i}.txt"),
                segments: vec![segment(&seg_id, text.trim())],
            }
        })
        .collect();
    let rundown = Rundown {
        bulletin: BulletinInfo {
            date: date.to_string(),
            slot: slot.into(),
            title: format!("Bản tin {slot} ngày {date}"),
            station: "Đài Truyền thanh huyện Thọ Xuân".into(),
            target_s: 900.0,
            rate_spm: None,
        },
        opening: segment("mo-dau", "Đây là Đài Truyền thanh huyện Thọ Xuân."),
        items,
        closing: segment("ket-thuc", "Bản tin đến đây là kết thúc."),
        status: Default::default(),
    };
    let report = report(&rundown, 780.0);
    ArchiveRecord {
        format: SIDECAR_FORMAT,
        id: id.clone(),
        date: date.to_string(),
        slot: slot.into(),
        title: rundown.bulletin.title.clone(),
        station: rundown.bulletin.station.clone(),
        aired_at: format!(
            "{date}T{}:00+07:00",
            if slot == "sang" { "05:30" } else { "17:00" }
        ),
        archived_at: format!("{date}T20:00:00+07:00"),
        software: "archive_fill".into(),
        duration_s: 780.0,
        integrated_lufs: Some(-16.0),
        true_peak_dbtp: Some(-1.2),
        files: vec![StoredFile {
            role: "audio".into(),
            name: format!("{id}.wav"),
            sha256: format!("{:064x}", rng.next(usize::MAX)),
            bytes: 74_880_044,
        }],
        rundown,
        report,
    }
}

fn report(rundown: &Rundown, duration_s: f64) -> AssemblyReport {
    AssemblyReport {
        software: "archive_fill".into(),
        title: rundown.bulletin.title.clone(),
        station: rundown.bulletin.station.clone(),
        date: Some(rundown.bulletin.date.clone()),
        slot: Some(rundown.bulletin.slot.clone()),
        output: format!("{}.wav", rundown.output_stem()),
        created: format!("{}T04:00:00+07:00", rundown.bulletin.date),
        programme: ProgrammeReport {
            integrated_lufs: Some(-16.0),
            loudness_range_lu: Some(4.0),
            true_peak_dbtp: Some(-1.2),
            sample_peak_dbfs: Some(-1.5),
            max_momentary_lufs: Some(-11.0),
            max_short_term_lufs: Some(-13.0),
            duration_s,
            target_lufs: -16.0,
            ceiling_dbtp: -1.0,
            sample_rate: 48_000,
            channels: 1,
            bits: 16,
            limiter: LimiterReport::default(),
            flags: vec![],
        },
        takes: vec![],
        wav: None,
    }
}

fn fill(archive: &Path, article: &Path, years: i16) -> Result<(), Box<dyn std::error::Error>> {
    let pool = sentences(&std::fs::read_to_string(article)?);
    let mut catalog = Catalog::open(&archive.join(bantin::archive::CATALOG_FILE))?;
    let mut rng = Lcg(2018);
    let start = jiff::civil::date(2016, 1, 1);
    let end = jiff::civil::date(2016 + years, 1, 1);
    let mut date = start;
    let mut batch = Vec::new();
    let mut total = 0;
    while date < end {
        for slot in ["sang", "chieu"] {
            batch.push(record(date, slot, &pool, &mut rng));
        }
        date = date.tomorrow()?;
        if batch.len() >= 730 || date >= end {
            let shas = vec!["0"; batch.len()];
            total += catalog.insert_many(&batch, &shas)?.len();
            batch.clear();
        }
    }
    println!("filled {} bulletins ({} items)", total, total * 5);
    Ok(())
}

/// A finished bulletin folder with a `minutes`-long 48 kHz mono 16-bit WAV.
fn bulletin(
    root: &Path,
    date: &str,
    minutes: f64,
    article: &Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let pool = sentences(&std::fs::read_to_string(article)?);
    let d: jiff::civil::Date = date.parse()?;
    let rec = record(d, "sang", &pool, &mut Lcg(7));
    let dir = root.join(&rec.id);
    std::fs::create_dir_all(dir.join("out"))?;
    std::fs::write(dir.join("rundown.toml"), toml::to_string(&rec.rundown)?)?;
    let mut report = report(&rec.rundown, minutes * 60.0);
    report.output = format!("{}.wav", rec.id);
    std::fs::write(
        dir.join("out").join(format!("{}.json", rec.id)),
        serde_json::to_string_pretty(&report)?,
    )?;
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 48_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(dir.join("out").join(format!("{}.wav", rec.id)), spec)?;
    let mut rng = Lcg(1);
    for i in 0..(48_000.0 * 60.0 * minutes) as usize {
        let tone = (i as f32 * 0.05).sin() * 6000.0;
        let noise = rng.next(2000) as f32 - 1000.0;
        w.write_sample((tone + noise) as i16)?;
    }
    w.finalize()?;
    println!("{}", dir.display());
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["fill", archive, article, rest @ ..] => {
            let years = rest.first().map_or(Ok(10), |y| y.parse())?;
            fill(Path::new(archive), Path::new(article), years)
        }
        ["bulletin", root, date, minutes, article] => {
            bulletin(Path::new(root), date, minutes.parse()?, Path::new(article))
        }
        _ => Err("usage: archive_fill fill ARCHIVE_DIR ARTICLE.txt [YEARS] | bulletin BULLETINS_DIR DATE MINUTES ARTICLE.txt".into()),
    }
}
