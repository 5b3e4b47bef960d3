//! Making a bulletin folder (`bantin new`): articles → scripts → the rundown, the printable
//! script (HTML and text) and an empty `recordings/`.
//!
//! Everything is read and checked before anything is written, and the rundown is written
//! last: a failed run leaves an existing bulletin as it was.

use super::rundown::{
    BulletinInfo, Item, RECORDINGS_DIR, RUNDOWN_FILE, Rundown, RundownError, Segment,
};
use super::rundown_text::{self, Remarks};
use super::script_view::ScriptView;
use super::time_format::tenth;
use super::{script_html, script_txt};
use crate::atomic::{self, AtomicWriteError, Overwrite};
use crate::config::{Reading, Slot, StationConfig};
use crate::ingest::{self, Article, IngestError};
use crate::script::normalize::{LexiconError, Reader, ReadingWarning};
use crate::script::segment::{self, Script};
use std::path::{Path, PathBuf};

/// Take (and segment id) of the opening announcement ("mở đầu").
pub const OPENING_TAKE: &str = "00-mo-dau";
/// Take (and segment id) of the closing announcement ("kết thúc").
pub const CLOSING_TAKE: &str = "99-ket-thuc";
pub const SCRIPT_HTML_FILE: &str = "script.html";
pub const SCRIPT_TXT_FILE: &str = "script.txt";

#[derive(Debug, thiserror::Error)]
pub enum MakeError {
    #[error(
        "\"{given}\" is not a date; write the air date as YYYY-MM-DD (e.g. 2026-11-27) or `today`"
    )]
    BadDate { given: String },
    #[error(
        "there is no slot \"{given}\" in the station schedule; the slots are: {known}\nUse one of them, or add the slot under [schedule] in bantin.toml"
    )]
    UnknownSlot { given: String, known: String },
    #[error("reading rate {rate} is not a speaking rate; use about 150–350 syllables a minute")]
    BadRate { rate: f64 },
    #[error(
        "{path} already holds a bulletin; it was kept. Use --force to make it again (recordings/ is never touched)"
    )]
    Exists { path: PathBuf },
    #[error("{0}")]
    Article(#[from] IngestError),
    #[error("{path}: the article has no text to read; check that it is the approved article")]
    EmptyArticle { path: PathBuf },
    #[error("cannot load the lexicon: {0}")]
    Lexicon(#[from] LexiconError),
    #[error("cannot make the folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Write(#[from] AtomicWriteError),
    /// The rundown text did not read back as written: a bug in bantin, nothing was written.
    #[error("internal error, nothing was written: the rundown text does not read back: {0}")]
    RoundTrip(String),
}

/// What `bantin new` was asked for.
#[derive(Debug, Clone)]
pub struct BulletinRequest {
    /// Validated air date, YYYY-MM-DD.
    pub date: String,
    pub slot: Slot,
    /// Bulletin title; by default the slot's title and the date.
    pub title: Option<String>,
    pub articles: Vec<PathBuf>,
    /// Reading settings, with `--rate` applied.
    pub reading: Reading,
    /// Replace an existing bulletin (its recordings are kept).
    pub force: bool,
}

/// One article and its read-aloud script.
#[derive(Debug, Clone)]
pub struct ArticleScript {
    pub article: Article,
    pub script: Script,
}

/// A warning for staff: which file or announcement it concerns, and what to check.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Notice {
    /// The article file, or "bantin.toml" for the greeting and sign-off.
    pub source: String,
    /// Segment or item id the warning belongs to.
    pub id: String,
    pub message: String,
}

/// What was made.
#[derive(Debug, Clone)]
pub struct MadeBulletin {
    pub rundown: Rundown,
    pub notices: Vec<Notice>,
}

/// "2026-11-27" stays as it is (checked to be a real day); "today" is the local date.
pub fn parse_air_date(given: &str) -> Result<String, MakeError> {
    let given = given.trim();
    if given.eq_ignore_ascii_case("today") {
        return Ok(jiff::ZonedDateTime::now().date().to_string());
    }
    let bad = || MakeError::BadDate {
        given: given.to_string(),
    };
    let date: jiff::civil::Date = given.parse().map_err(|_| bad())?;
    // The parser also takes forms like "20261127"; the folder name wants one spelling.
    let canonical = date.to_string();
    if canonical == given {
        Ok(canonical)
    } else {
        Err(bad())
    }
}

/// The slot `id` from the station schedule.
pub fn find_slot(config: &StationConfig, id: &str) -> Result<Slot, MakeError> {
    config
        .schedule
        .slots
        .iter()
        .find(|s| s.id == id)
        .cloned()
        .ok_or_else(|| MakeError::UnknownSlot {
            given: id.to_string(),
            known: config
                .schedule
                .slots
                .iter()
                .map(|s| format!("{} ({})", s.id, s.time))
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// Reading settings with an optional rate override, checked.
pub fn reading_with_rate(config: &StationConfig, rate: Option<f64>) -> Result<Reading, MakeError> {
    let mut reading = config.reading.clone();
    if let Some(rate) = rate {
        if !(rate > 30.0 && rate < 600.0) {
            return Err(MakeError::BadRate { rate });
        }
        reading.rate_spm = rate;
    }
    Ok(reading)
}

/// Makes the bulletin folder `dir`.
pub fn make_bulletin(
    dir: &Path,
    config: &StationConfig,
    request: &BulletinRequest,
) -> Result<MadeBulletin, MakeError> {
    let rundown_path = dir.join(RUNDOWN_FILE);
    if !request.force && rundown_path.exists() {
        return Err(MakeError::Exists { path: rundown_path });
    }
    let reader = Reader::new(config)?;
    let mut sources = Vec::with_capacity(request.articles.len());
    for path in &request.articles {
        let article = ingest::read_article(path)?;
        let script = segment::build_script(&article, &reader, &request.reading);
        if script.segments.is_empty() {
            return Err(MakeError::EmptyArticle { path: path.clone() });
        }
        sources.push(ArticleScript { article, script });
    }
    let (rundown, remarks, notices) = plan_rundown(config, request, &reader, &sources);

    let text = rundown_text::render(&rundown, &remarks);
    let reread = Rundown::parse(&text, &rundown_path)
        .map_err(|e: RundownError| MakeError::RoundTrip(e.to_string()))?;
    if reread != rundown {
        return Err(MakeError::RoundTrip(
            "the values read back differ from those written".into(),
        ));
    }

    let recordings = dir.join(RECORDINGS_DIR);
    std::fs::create_dir_all(&recordings).map_err(|source| MakeError::Folder {
        path: recordings.clone(),
        source,
    })?;
    let view = ScriptView {
        rundown: &rundown,
        remarks: &remarks,
        air_time: Some(request.slot.time.as_str()),
        rate_spm: request.reading.rate_spm,
    };
    atomic::write_bytes(
        &dir.join(SCRIPT_HTML_FILE),
        Overwrite::Replace,
        script_html::render(&view).as_bytes(),
    )?;
    atomic::write_bytes(
        &dir.join(SCRIPT_TXT_FILE),
        Overwrite::Replace,
        script_txt::render(&view).as_bytes(),
    )?;
    let overwrite = if request.force {
        Overwrite::Replace
    } else {
        Overwrite::Keep
    };
    atomic::write_bytes(&rundown_path, overwrite, text.as_bytes()).map_err(|e| match e {
        AtomicWriteError::Exists { path } => MakeError::Exists { path },
        other => MakeError::Write(other),
    })?;
    Ok(MadeBulletin { rundown, notices })
}

/// Lays out the rundown from the scripts: opening, the items in argument order, closing.
/// Returns the rundown, the warnings as rundown comments, and the same warnings for stderr.
pub fn plan_rundown(
    config: &StationConfig,
    request: &BulletinRequest,
    reader: &Reader,
    sources: &[ArticleScript],
) -> (Rundown, Remarks, Vec<Notice>) {
    let mut remarks = Remarks::new();
    let mut notices = Vec::new();
    let mut note = |source: &str, id: &str, message: String| {
        remarks
            .entry(id.to_string())
            .or_default()
            .push(message.clone());
        notices.push(Notice {
            source: source.to_string(),
            id: id.to_string(),
            message,
        });
    };

    let announcement = |id: &str, text: &str, note: &mut dyn FnMut(&str, &str, String)| {
        let spoken = reader.spoken(text);
        for w in &spoken.warnings {
            note("bantin.toml", id, warning_text(w));
        }
        segment_of(id, spoken.text, text.to_string(), &request.reading)
    };
    let opening = announcement(OPENING_TAKE, &config.station.greeting, &mut note);

    let width = if sources.len() > 98 { 3 } else { 2 };
    let mut items = Vec::with_capacity(sources.len());
    for (n, src) in sources.iter().enumerate() {
        let item_id = format!("{:0width$}", n + 1);
        let file = src.article.path.display().to_string();
        let segments: Vec<Segment> = src
            .script
            .segments
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let id = format!("{item_id}-{}", k + 1);
                Segment {
                    take: id.clone(),
                    id,
                    spoken: s.spoken.clone(),
                    original: s.original.clone(),
                    syllables: s.syllables,
                    estimate_s: tenth(s.estimate_s),
                }
            })
            .collect();
        for w in &src.article.warnings {
            // The notice names the file already; do not say it twice.
            let message = w.strip_prefix(&format!("{file}: ")).unwrap_or(w);
            note(&file, &item_id, message.to_string());
        }
        for w in &src.script.warnings {
            // Put the warning beside the take that holds the sentence, so staff find it.
            let sentence = w.sentence.trim();
            let at = segments
                .iter()
                .find(|s| !sentence.is_empty() && s.original.contains(sentence))
                .map_or(item_id.as_str(), |s| s.id.as_str());
            note(&file, at, warning_text(w));
        }
        items.push(Item {
            id: item_id.clone(),
            title: src.article.title.clone(),
            category: src.article.category.clone().unwrap_or_default(),
            published: src.article.published.clone().unwrap_or_default(),
            byline: src.article.byline.clone().unwrap_or_default(),
            source: file,
            segments,
        });
    }
    let closing = announcement(CLOSING_TAKE, &config.station.sign_off, &mut note);

    let title = request.title.clone().unwrap_or_else(|| {
        let slot_title = if request.slot.title.is_empty() {
            format!("Bản tin {}", request.slot.id)
        } else {
            request.slot.title.clone()
        };
        format!("{slot_title} {}", vietnamese_date(&request.date))
    });
    let rundown = Rundown {
        bulletin: BulletinInfo {
            date: request.date.clone(),
            slot: request.slot.id.clone(),
            title,
            station: config.station.name.clone(),
            target_s: tenth(request.reading.target_minutes * 60.0),
        },
        opening,
        items,
        closing,
        status: Default::default(),
    };
    let mut rundown = rundown;
    // Nothing is recorded yet; `bantin status` refreshes this from recordings/.
    rundown.status = rundown
        .segments()
        .map(|s| (s.take.clone(), "missing".to_string()))
        .collect();
    (rundown, remarks, notices)
}

fn segment_of(id: &str, spoken: String, original: String, reading: &Reading) -> Segment {
    Segment {
        id: id.to_string(),
        take: id.to_string(),
        syllables: segment::count_syllables(&spoken),
        estimate_s: tenth(segment::estimate_seconds(&spoken, reading)),
        spoken,
        original,
    }
}

/// The warning as one line: its message, naming the token and the sentence when the
/// message does not already.
fn warning_text(w: &ReadingWarning) -> String {
    let mut text = if w.message.is_empty() {
        format!("unknown token \"{}\"", w.token)
    } else if w.token.is_empty() || w.message.contains(&w.token) {
        w.message.clone()
    } else {
        format!("\"{}\": {}", w.token, w.message)
    };
    let sentence = w.sentence.trim();
    if !sentence.is_empty() && !text.contains(sentence) {
        text.push_str(&format!(" — in: “{sentence}”"));
    }
    text
}

/// "2026-11-27" → "27/11/2026", the way dates are written in Vietnamese.
pub fn vietnamese_date(iso: &str) -> String {
    let mut parts = iso.split('-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) => format!("{d}/{m}/{y}"),
        _ => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::segment::ScriptSegment;

    #[test]
    fn dates_are_checked() {
        assert_eq!(parse_air_date("2026-11-27").unwrap(), "2026-11-27");
        for bad in [
            "2026-02-30",
            "27/11/2026",
            "2026-11-27T10:00",
            "20261127",
            "",
        ] {
            let e = parse_air_date(bad).unwrap_err().to_string();
            assert!(e.contains("YYYY-MM-DD"), "{bad}: {e}");
        }
        let today = parse_air_date("today").unwrap();
        assert_eq!(parse_air_date(&today).unwrap(), today);
    }

    #[test]
    fn unknown_slot_lists_the_slots() {
        let e = find_slot(&StationConfig::default(), "trua")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("\"trua\"") && e.contains("sang (05:30)") && e.contains("chieu (17:00)"),
            "{e}"
        );
    }

    fn hand_script(n: usize) -> Script {
        Script {
            title_spoken: "tiêu đề".into(),
            segments: (1..=n)
                .map(|i| ScriptSegment {
                    index: i,
                    spoken: format!("câu số {i} được đọc."),
                    original: format!("Câu số {i} của ANTT."),
                    syllables: 5,
                    estimate_s: 1.2345,
                })
                .collect(),
            warnings: vec![ReadingWarning {
                token: "XYZ".into(),
                sentence: "Câu số 2 của ANTT.".into(),
                message: "unknown abbreviation XYZ".into(),
            }],
            paragraphs_spoken: Vec::new(),
        }
    }

    fn article(name: &str) -> Article {
        Article {
            path: PathBuf::from(name),
            encoding: "utf-8".into(),
            title: format!("Bài {name}"),
            category: Some("Thời sự".into()),
            published: Some("2018-04-05".into()),
            byline: None,
            paragraphs: vec!["x".into()],
            warnings: vec!["decoded from TCVN3".into()],
        }
    }

    #[test]
    fn plan_orders_items_and_names_takes() {
        let config = StationConfig::default();
        let request = BulletinRequest {
            date: "2026-11-27".into(),
            slot: find_slot(&config, "sang").unwrap(),
            title: None,
            articles: vec![],
            reading: config.reading.clone(),
            force: false,
        };
        let reader = Reader::new(&config).unwrap();
        let sources = vec![
            ArticleScript {
                article: article("a.txt"),
                script: hand_script(2),
            },
            ArticleScript {
                article: article("b.txt"),
                script: hand_script(1),
            },
        ];
        let (r, remarks, notices) = plan_rundown(&config, &request, &reader, &sources);
        let takes: Vec<&str> = r.segments().map(|s| s.take.as_str()).collect();
        assert_eq!(takes, ["00-mo-dau", "01-1", "01-2", "02-1", "99-ket-thuc"]);
        assert_eq!(r.bulletin.title, "Bản tin sáng 27/11/2026");
        assert_eq!(r.bulletin.target_s, 900.0);
        assert_eq!(r.items[0].segments[0].estimate_s, 1.2);
        assert_eq!(
            remarks["01-2"][0],
            "unknown abbreviation XYZ — in: “Câu số 2 của ANTT.”"
        );
        assert_eq!(remarks["01"][0], "decoded from TCVN3");
        // b.txt's one take does not hold the sentence: its warning stays with the item.
        let of_b: Vec<&str> = notices
            .iter()
            .filter(|n| n.source == "b.txt")
            .map(|n| n.id.as_str())
            .collect();
        assert_eq!(of_b, ["02", "02"]);
    }
}
