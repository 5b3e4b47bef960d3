//! Making a bulletin folder (`bantin new`): articles → scripts → the rundown, the printable
//! script (HTML and text) and an empty `recordings/`.
//!
//! Everything is read and checked before anything is written, and the rundown is written
//! last: a failed run leaves an existing bulletin as it was.

use super::hand_edits::{self, MADE_COPY_FILE};
use super::rundown::{
    BulletinInfo, Item, RECORDINGS_DIR, RUNDOWN_FILE, Rundown, RundownError, Segment,
};
use super::rundown_text::{self, Remarks};
use super::script_files;
use super::time_format::tenth;
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
    #[error(
        "{path} was edited by hand since `bantin new` made it; making it again would lose:\n{}\nIt was kept. Look at the edits first; to make it again all the same, add --discard-edits (the edited rundown is kept as {backup})",
        .edits.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n"),
        backup = hand_edits::BACKUP_FILE
    )]
    HandEdited { path: PathBuf, edits: Vec<String> },
    #[error(
        "{given}: a bulletin folder must be named <date>-<slot>, here {stem}, or `bantin playlist` will not find it. Use `bantin new {suggestion} …`, or give the folder that holds the bulletins (e.g. `bantin new bulletins …`) and bantin names the bulletin's folder itself"
    )]
    FolderName {
        given: PathBuf,
        stem: String,
        suggestion: PathBuf,
    },
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
    /// With `force`: replace it even when its rundown was edited by hand.
    pub discard_edits: bool,
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
    /// For the terminal (English, like the rest of the command line).
    pub message: String,
    /// For paper and the rundown (Vietnamese, like the rest of the script).
    pub paper: String,
}

/// What was made.
#[derive(Debug, Clone)]
pub struct MadeBulletin {
    pub rundown: Rundown,
    pub notices: Vec<Notice>,
    /// With `--discard-edits`: where the hand-edited rundown was kept.
    pub kept_edits: Option<PathBuf>,
}

/// The bulletin folder for `given` (what was typed after `bantin new`): `given` itself
/// when it is named `<stem>` (`<date>-<slot>`, the name `bantin playlist` looks for), or
/// `given/<stem>` when `given` is an existing folder that is not itself a bulletin (the
/// folder that holds the bulletins). Any other name is refused, naming the right one.
pub fn bulletin_dir(given: &Path, stem: &str) -> Result<PathBuf, MakeError> {
    let name = given.file_name().map(|n| n.to_string_lossy().into_owned());
    if name.as_deref() == Some(stem) {
        return Ok(given.to_path_buf());
    }
    if given.is_dir() && !given.join(RUNDOWN_FILE).exists() {
        return Ok(given.join(stem));
    }
    let parent = given
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Err(MakeError::FolderName {
        given: given.to_path_buf(),
        stem: stem.to_string(),
        suggestion: if parent == Path::new(".") {
            PathBuf::from(stem)
        } else {
            parent.join(stem)
        },
    })
}

/// "2026-11-27" stays as it is (checked to be a real day); "today" is the station's
/// date (in `tz`).
pub fn parse_air_date(given: &str, tz: &jiff::tz::TimeZone) -> Result<String, MakeError> {
    let given = given.trim();
    if given.eq_ignore_ascii_case("today") {
        return Ok(super::air_time::today(tz).to_string());
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
    let exists = rundown_path.exists();
    if !request.force && exists {
        return Err(MakeError::Exists { path: rundown_path });
    }
    // Over a bulletin staff have edited, --force alone would lose their work.
    let edits = if exists {
        hand_edits::edits(dir)
    } else {
        Vec::new()
    };
    if !edits.is_empty() && !request.discard_edits {
        return Err(MakeError::HandEdited {
            path: rundown_path,
            edits,
        });
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
    // The script is made from the rundown as written (its warnings read back from its
    // comments), exactly as `bantin script` makes it again later.
    let scripts = script_files::render(
        &rundown,
        &script_files::remarks_from_text(&text),
        Some(request.slot.time.as_str()),
        request.reading.rate_spm,
    );
    script_files::write(dir, &scripts).map_err(|e| match e {
        script_files::ScriptError::Write(w) => MakeError::Write(w),
        script_files::ScriptError::Rundown(r) => MakeError::RoundTrip(r.to_string()),
    })?;
    let kept_edits = if edits.is_empty() {
        None
    } else {
        Some(hand_edits::keep_edited(dir)?)
    };
    let overwrite = if request.force {
        Overwrite::Replace
    } else {
        Overwrite::Keep
    };
    atomic::write_bytes(&rundown_path, overwrite, text.as_bytes()).map_err(|e| match e {
        AtomicWriteError::Exists { path } => MakeError::Exists { path },
        other => MakeError::Write(other),
    })?;
    // What was written, kept beside it: later edits are told from it.
    atomic::write_bytes(
        &dir.join(MADE_COPY_FILE),
        Overwrite::Replace,
        text.as_bytes(),
    )?;
    Ok(MadeBulletin {
        rundown,
        notices,
        kept_edits,
    })
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
    let mut note = |source: &str, id: &str, message: String, paper: String| {
        remarks
            .entry(id.to_string())
            .or_default()
            .push(paper.clone());
        notices.push(Notice {
            source: source.to_string(),
            id: id.to_string(),
            message,
            paper,
        });
    };
    let paper = |w: &ReadingWarning| paper_warning(w, reader, &request.reading);

    let announcement = |id: &str, text: &str, note: &mut dyn FnMut(&str, &str, String, String)| {
        let spoken = reader.spoken(text);
        for w in &spoken.warnings {
            note("bantin.toml", id, warning_text(w), paper(w));
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
                    accept_suspect: false,
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
            note(
                &file,
                &item_id,
                message.to_string(),
                paper_article_warning(&src.article, message),
            );
        }
        for w in &src.script.warnings {
            // Put the warning beside the take that holds the sentence, so staff find it.
            let sentence = w.sentence.trim();
            let at = segments
                .iter()
                .find(|s| !sentence.is_empty() && s.original.contains(sentence))
                .map_or(item_id.as_str(), |s| s.id.as_str());
            note(&file, at, warning_text(w), paper(w));
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
            rate_spm: Some(request.reading.rate_spm),
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
        accept_suspect: false,
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

/// A reading warning as the script shows it, in Vietnamese: what to check and how.
fn paper_warning(w: &ReadingWarning, reader: &Reader, reading: &Reading) -> String {
    let sentence = w.sentence.trim();
    let in_sentence = if sentence.is_empty() {
        String::new()
    } else {
        format!(" Câu: “{sentence}”")
    };
    if w.token.is_empty() {
        // The one warning without a token: a sentence longer than a take may be.
        let seconds = segment::estimate_seconds(&reader.spoken(sentence).text, reading);
        format!(
            "Câu này đọc mất khoảng {seconds:.0} giây, dài hơn giới hạn {:.0} giây của một bản thu, nên là một bản thu riêng; tách câu nếu người đọc cần lấy hơi.{in_sentence}",
            reading.max_take_s
        )
    } else if let Some(fix) = w.fix.as_ref().filter(|f| f.foreign) {
        format!(
            "“{}” là tên hoặc từ nước ngoài chưa có cách đọc: để nguyên như viết. Nếu có cách đọc quen dùng, thêm dòng này vào mục {} của bantin.toml, thay «cách đọc» bằng cách đọc đúng: `{}`.{in_sentence}",
            w.token, fix.section, fix.line
        )
    } else if let Some(fix) = &w.fix {
        format!(
            "“{}” chưa có trong từ điển: để nguyên như viết, không đọc thành chữ. Nếu là chữ viết tắt, thêm dòng này vào mục {} của bantin.toml, thay «cách đọc» bằng cách đọc đúng: `{}`.{in_sentence}",
            w.token, fix.section, fix.line
        )
    } else {
        format!(
            "“{}” chưa có trong từ điển: để nguyên như viết, không đọc thành chữ. Nếu là chữ viết tắt, thêm cách đọc vào [lexicon] abbreviations trong bantin.toml.{in_sentence}",
            w.token
        )
    }
}

/// An article warning as the script shows it, in Vietnamese (the English message when
/// it is not one bantin knows).
fn paper_article_warning(article: &Article, message: &str) -> String {
    let encoding = crate::ingest::encoding::Encoding::LEGACY
        .into_iter()
        .chain([
            crate::ingest::encoding::Encoding::Tcvn3InUtf8,
            crate::ingest::encoding::Encoding::VniInUtf8,
        ])
        .find(|e| e.id() == article.encoding);
    if let Some(encoding) = encoding
        && message.contains(encoding.label())
    {
        return format!(
            "Bài được đọc từ bảng mã cũ {}: kiểm tra chữ (nhất là chữ hoa trong tên riêng và tiêu đề), và lưu bài dưới dạng UTF-8 cho chắc.",
            encoding.label()
        );
    }
    if article.paragraphs.is_empty() {
        return "Chỉ thấy tiêu đề, không thấy nội dung bài: kiểm tra tệp bài viết.".into();
    }
    message.to_string()
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

    fn tz() -> jiff::tz::TimeZone {
        crate::config::StationConfig::default().time_zone()
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(parse_air_date("2026-11-27", &tz()).unwrap(), "2026-11-27");
        for bad in [
            "2026-02-30",
            "27/11/2026",
            "2026-11-27T10:00",
            "20261127",
            "",
        ] {
            let e = parse_air_date(bad, &tz()).unwrap_err().to_string();
            assert!(e.contains("YYYY-MM-DD"), "{bad}: {e}");
        }
        let today = parse_air_date("today", &tz()).unwrap();
        assert_eq!(parse_air_date(&today, &tz()).unwrap(), today);
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
                fix: None,
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
            discard_edits: false,
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
            "“XYZ” chưa có trong từ điển: để nguyên như viết, không đọc thành chữ. Nếu là chữ viết tắt, thêm cách đọc vào [lexicon] abbreviations trong bantin.toml. Câu: “Câu số 2 của ANTT.”"
        );
        // On the terminal, in English.
        let xyz = notices.iter().find(|n| n.id == "01-2").unwrap();
        assert_eq!(
            xyz.message,
            "unknown abbreviation XYZ — in: “Câu số 2 của ANTT.”"
        );
        // A warning bantin has no Vietnamese for stays as it is.
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
