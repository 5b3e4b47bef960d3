//! Changing a rundown the way staff would by hand — fix a take's spoken text, move an
//! item up or down, drop an item — while keeping everything else in the file as it was
//! (staff comments, warnings, layout), as `bantin status` keeps it.
//!
//! Each edit names the version it was made on ([`super::version`]): an edit made on an
//! older version is refused with the current text, never applied over a newer one. Edits
//! hold the bulletin's lock ([`super::lock`]) from reading to writing, write atomically,
//! keep the file as it was before under `history/`, and re-render the printable script
//! so it always follows the rundown.

use super::lock::BulletinLock;
use super::rundown::{RUNDOWN_FILE, Rundown, RundownError};
use super::rundown_text::{self, Remarks};
use super::version::{order_version, version_of};
use crate::atomic::{self, AtomicWriteError, Overwrite};
use crate::config::StationConfig;
use crate::script::normalize::Reader;
use crate::script::segment::{count_syllables, estimate_seconds};
use std::path::{Path, PathBuf};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

/// Folder inside the bulletin folder where earlier versions of the rundown are kept.
pub const HISTORY_DIR: &str = "history";

/// One change to a rundown.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Set the spoken text of segment `segment`; `base` is the version of the text the
    /// editor started from ([`version_of`] of it).
    Spoken {
        segment: String,
        base: String,
        text: String,
    },
    /// Move item `item` by `by` places (−1 up, +1 down); `base` is the order version.
    Move { item: String, by: i32, base: String },
    /// Remove item `item`; `base` is the order version.
    Drop { item: String, base: String },
    /// Set each item's `source` (the article file it came from), in item order.
    Sources(Vec<String>),
    /// Staff listened to the take of segment `segment` and let it go to air although
    /// it is suspect: `accept_suspect = true` under it, as they would write by hand.
    AcceptSuspect { segment: String },
    /// Read the bulletin again after `token` got a lexicon entry: takes whose spoken text
    /// is still what `old` made of their original are read again by `new`; in takes fixed
    /// by hand, only the token itself is replaced by `reading`.
    Reread {
        token: String,
        reading: String,
        old: Box<Reader>,
        new: Box<Reader>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error(transparent)]
    Rundown(#[from] RundownError),
    #[error("there is no take {0} in the rundown")]
    NoSegment(String),
    #[error("there is no item {0} in the rundown")]
    NoItem(String),
    #[error("the spoken text must not be empty")]
    EmptyText,
    /// The text changed since the editor loaded it: nothing was written.
    #[error("take {segment} was changed since you loaded it; nothing was saved")]
    StaleText {
        segment: String,
        current: String,
        version: String,
    },
    /// The items' order changed since the editor loaded it: nothing was written.
    #[error("the items were reordered or dropped since you loaded them; nothing was saved")]
    StaleOrder { version: String },
    #[error("cannot lock {path}: {source}")]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Write(#[from] AtomicWriteError),
}

/// What an edit did.
#[derive(Debug, Clone)]
pub struct Edited {
    pub rundown: Rundown,
    /// False when the file had to be written afresh (its layout was too unusual to edit in
    /// place); the content is right either way, comments are then lost (the old file is
    /// in `history/`).
    pub layout_kept: bool,
}

/// Applies `edit` to the rundown in `dir`.
pub fn apply(dir: &Path, edit: &Edit, config: &StationConfig) -> Result<Edited, EditError> {
    let _lock = BulletinLock::acquire(dir).map_err(|source| EditError::Lock {
        path: dir.to_path_buf(),
        source,
    })?;
    let path = dir.join(RUNDOWN_FILE);
    let raw = std::fs::read_to_string(&path).map_err(|source| RundownError::Read {
        path: path.clone(),
        source,
    })?;
    let text = raw
        .strip_prefix('\u{feff}')
        .unwrap_or(&raw)
        .replace("\r\n", "\n");
    let current = Rundown::parse(&text, &path)?;
    let expected = expected_after(&current, edit, config)?;
    let edited = edit_text(&text, edit, &expected);
    let (new_text, layout_kept) = match edited {
        Some(t) if Rundown::parse(&t, &path).is_ok_and(|r| r == expected) => (t, true),
        _ => (rundown_text::render(&expected, &Remarks::new()), false),
    };
    keep_history(dir, &raw, &config.time_zone())?;
    let staged = atomic::stage_with(&path, Overwrite::Replace, atomic::Access::Shared, |w| {
        std::io::Write::write_all(w, new_text.as_bytes())
    })?;
    crate::failpoint::pause("edit-write");
    staged.commit()?;
    // The printed script follows the rundown; a failure here leaves the old script, and
    // the next edit or `bantin status` writes it again.
    let _ = super::script_files::refresh(dir, config);
    Ok(Edited {
        rundown: expected,
        layout_kept,
    })
}

/// The rundown as it must read after the edit (checked against versions first).
fn expected_after(
    current: &Rundown,
    edit: &Edit,
    config: &StationConfig,
) -> Result<Rundown, EditError> {
    let mut next = current.clone();
    match edit {
        Edit::Spoken {
            segment,
            base,
            text,
        } => {
            let text = clean_text(text);
            if text.is_empty() {
                return Err(EditError::EmptyText);
            }
            let seg = segment_mut(&mut next, segment)
                .ok_or_else(|| EditError::NoSegment(segment.clone()))?;
            if version_of(&seg.spoken) != *base {
                return Err(EditError::StaleText {
                    segment: segment.clone(),
                    version: version_of(&seg.spoken),
                    current: seg.spoken.clone(),
                });
            }
            seg.syllables = count_syllables(&text);
            seg.estimate_s = super::time_format::tenth(estimate_seconds(&text, &config.reading));
            seg.spoken = text;
        }
        Edit::Move { item, by, base } => {
            check_order(current, base)?;
            let from = index_of(current, item)?;
            let to = (from as i64 + i64::from(*by)).clamp(0, next.items.len() as i64 - 1) as usize;
            let moved = next.items.remove(from);
            next.items.insert(to, moved);
        }
        Edit::Drop { item, base } => {
            check_order(current, base)?;
            let at = index_of(current, item)?;
            next.items.remove(at);
        }
        Edit::Sources(sources) => {
            for (item, source) in next.items.iter_mut().zip(sources) {
                item.source.clone_from(source);
            }
        }
        Edit::AcceptSuspect { segment } => {
            segment_mut(&mut next, segment)
                .ok_or_else(|| EditError::NoSegment(segment.clone()))?
                .accept_suspect = true;
        }
        Edit::Reread {
            token,
            reading,
            old,
            new,
        } => {
            let segments = std::iter::once(&mut next.opening)
                .chain(next.items.iter_mut().flat_map(|i| i.segments.iter_mut()))
                .chain(std::iter::once(&mut next.closing));
            for seg in segments {
                let text = if old.spoken(&seg.original).text == seg.spoken {
                    new.spoken(&seg.original).text
                } else {
                    replace_word(&seg.spoken, token, reading)
                };
                if text != seg.spoken && !text.trim().is_empty() {
                    seg.syllables = count_syllables(&text);
                    seg.estimate_s =
                        super::time_format::tenth(estimate_seconds(&text, &config.reading));
                    seg.spoken = text;
                }
            }
        }
    }
    Ok(next)
}

/// `text` with every whole-word `word` replaced by `by`.
fn replace_word(text: &str, word: &str, by: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().next_back().or(out.chars().next_back());
        let after = rest[at + word.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            out.push_str(word);
        } else {
            out.push_str(by);
        }
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

/// Spoken text as stored: line ends unified, surrounding blanks trimmed.
fn clean_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

fn check_order(current: &Rundown, base: &str) -> Result<(), EditError> {
    let version = order_version(current);
    if version == base {
        Ok(())
    } else {
        Err(EditError::StaleOrder { version })
    }
}

fn index_of(rundown: &Rundown, item: &str) -> Result<usize, EditError> {
    rundown
        .items
        .iter()
        .position(|i| i.id == item)
        .ok_or_else(|| EditError::NoItem(item.to_string()))
}

fn segment_mut<'a>(r: &'a mut Rundown, id: &str) -> Option<&'a mut super::rundown::Segment> {
    if r.opening.id == id {
        return Some(&mut r.opening);
    }
    if r.closing.id == id {
        return Some(&mut r.closing);
    }
    r.items
        .iter_mut()
        .flat_map(|i| i.segments.iter_mut())
        .find(|s| s.id == id)
}

/// Writes a segment's reading (`spoken`, as the rundown writer formats it) and the
/// figures that follow from it into its table; None if the text does not parse back.
fn set_reading(table: &mut Table, seg: &super::rundown::Segment) -> Option<()> {
    let mut value: toml_edit::Value = rundown_text::toml_string(&seg.spoken, "spoken = ".len())
        .parse()
        .ok()?;
    value.decor_mut().set_prefix(" ");
    set_value(table, "spoken", value);
    set_value(table, "syllables", i64::from(seg.syllables).into());
    set_value(table, "estimate_s", seg.estimate_s.into());
    Some(())
}

/// The file's text with the edit made in place; None when its layout is not the usual
/// one (then the caller writes the rundown afresh).
fn edit_text(text: &str, edit: &Edit, expected: &Rundown) -> Option<String> {
    let mut doc: DocumentMut = text.parse().ok()?;
    match edit {
        Edit::Spoken { segment, .. } => {
            let seg = expected.segments().find(|s| s.id == *segment)?;
            set_reading(segment_table(&mut doc, segment)?, seg)?;
        }
        Edit::Reread { token, .. } => {
            drop_remarks_about(&mut doc, token);
            for seg in expected.segments() {
                let Some(table) = segment_table(&mut doc, &seg.id) else {
                    continue;
                };
                if table.get("spoken").and_then(|v| v.as_str()) == Some(seg.spoken.as_str()) {
                    continue;
                }
                set_reading(table, seg)?;
            }
        }
        Edit::AcceptSuspect { segment } => {
            let table = segment_table(&mut doc, segment)?;
            let mut value = toml_edit::Value::from(true);
            value
                .decor_mut()
                .set_suffix("  # listened to: it may go to air as it is");
            set_value(table, "accept_suspect", value);
        }
        Edit::Sources(_) => {
            let items = doc.get_mut("items")?.as_array_of_tables_mut()?;
            for (table, item) in items.iter_mut().zip(&expected.items) {
                set_value(table, "source", item.source.as_str().into());
            }
        }
        Edit::Move { .. } | Edit::Drop { .. } => {
            let items = doc.get_mut("items")?.as_array_of_tables_mut()?;
            let mut tables: Vec<Table> = Vec::with_capacity(items.len());
            while !items.is_empty() {
                tables.push(items.remove(0));
            }
            for item in &expected.items {
                let at = tables
                    .iter()
                    .position(|t| t.get("id").and_then(|v| v.as_str()) == Some(item.id.as_str()))?;
                items.push(tables.remove(at));
            }
            renumber(&mut doc);
        }
    }
    Some(doc.to_string())
}

/// Removes the reading warnings about `token` written as comments above the rundown's
/// blocks (`# CẦN KIỂM TRA: “TOKEN” chưa có trong từ điển …` and its continuation lines):
/// once the lexicon reads it, the printed script must not ask about it any more.
fn drop_remarks_about(doc: &mut DocumentMut, token: &str) {
    let quoted = format!("“{token}”");
    let clean = |table: &mut Table| {
        let Some(prefix) = table
            .decor()
            .prefix()
            .and_then(|p| p.as_str())
            .map(str::to_string)
        else {
            return;
        };
        let mut kept = Vec::new();
        let mut group: Vec<&str> = Vec::new();
        let flush = |group: &mut Vec<&str>, kept: &mut Vec<String>| {
            if !group.concat().contains(&quoted) {
                kept.extend(group.iter().map(|l| (*l).to_string()));
            }
            group.clear();
        };
        for line in prefix.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if trimmed.starts_with(super::rundown_text::REMARK_MARKER)
                || trimmed.starts_with("# WARNING:")
            {
                flush(&mut group, &mut kept);
                group.push(line);
            } else if !group.is_empty() && trimmed.starts_with("#  ") {
                group.push(line);
            } else {
                flush(&mut group, &mut kept);
                kept.push(line.to_string());
            }
        }
        flush(&mut group, &mut kept);
        table.decor_mut().set_prefix(kept.concat());
    };
    for key in ["opening", "closing"] {
        if let Some(t) = doc.get_mut(key).and_then(Item::as_table_mut) {
            clean(t);
        }
    }
    if let Some(items) = doc.get_mut("items").and_then(Item::as_array_of_tables_mut) {
        for item in items.iter_mut() {
            clean(item);
            if let Some(segs) = item
                .get_mut("segments")
                .and_then(Item::as_array_of_tables_mut)
            {
                for seg in segs.iter_mut() {
                    clean(seg);
                }
            }
        }
    }
}

/// Keeps the value's key where it stands (and its decor) and replaces the value.
fn set_value(table: &mut Table, key: &str, mut value: toml_edit::Value) {
    if let Some(Item::Value(old)) = table.get(key) {
        let decor = old.decor().clone();
        *value.decor_mut() = decor;
    } else {
        value.decor_mut().set_prefix(" ");
    }
    table.insert(key, Item::Value(value));
}

fn segment_table<'a>(doc: &'a mut DocumentMut, id: &str) -> Option<&'a mut Table> {
    let is = |t: &Table| t.get("id").and_then(|v| v.as_str()) == Some(id);
    for key in ["opening", "closing"] {
        if doc.get(key).and_then(Item::as_table).is_some_and(is) {
            return doc.get_mut(key)?.as_table_mut();
        }
    }
    let items: &mut ArrayOfTables = doc.get_mut("items")?.as_array_of_tables_mut()?;
    items
        .iter_mut()
        .filter_map(|item| item.get_mut("segments")?.as_array_of_tables_mut())
        .flat_map(|segs| segs.iter_mut())
        .find(|t| is(t))
}

/// Gives the item tables (and their segment tables) positions in their new order, using
/// the positions the item tables had before (dropped ones' positions go unused).
fn renumber(doc: &mut DocumentMut) {
    let Some(items) = doc.get_mut("items").and_then(Item::as_array_of_tables_mut) else {
        return;
    };
    let mut spans: Vec<isize> = Vec::new();
    for item in items.iter() {
        spans.extend(item.position());
        if let Some(segs) = item.get("segments").and_then(Item::as_array_of_tables) {
            spans.extend(segs.iter().filter_map(Table::position));
        }
    }
    spans.sort_unstable();
    let mut next = spans.into_iter();
    for item in items.iter_mut() {
        item.set_position(next.next());
        if let Some(segs) = item
            .get_mut("segments")
            .and_then(Item::as_array_of_tables_mut)
        {
            for seg in segs.iter_mut() {
                seg.set_position(next.next());
            }
        }
    }
}

/// Keeps the rundown as it was before a change: `history/rundown-<time>.toml`, the time
/// on the station's clock (`tz`), whatever zone the PC is set to.
fn keep_history(dir: &Path, text: &str, tz: &jiff::tz::TimeZone) -> Result<(), AtomicWriteError> {
    let stamp = crate::bulletin::air_time::now(tz)
        .strftime("%Y%m%d-%H%M%S-%3f")
        .to_string();
    let path = dir.join(HISTORY_DIR).join(format!("rundown-{stamp}.toml"));
    atomic::write_bytes(&path, Overwrite::Replace, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulletin::make::{BulletinRequest, find_slot, make_bulletin};

    /// A bulletin made from the example article and a second short one, with a staff
    /// comment added by hand.
    fn bulletin() -> (tempfile::TempDir, PathBuf, StationConfig) {
        let root = tempfile::tempdir().unwrap();
        let config = StationConfig::default();
        let article2 = root.path().join("b.txt");
        std::fs::write(
            &article2,
            "Tin ngắn\n\nHợp tác xã Xuân Lam thu hoạch lúa sớm. Năng suất đạt 62 tạ một héc ta.\n",
        )
        .unwrap();
        let request = BulletinRequest {
            date: "2026-11-27".into(),
            slot: find_slot(&config, "sang").unwrap(),
            title: None,
            articles: vec![
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("audio/example/article.txt"),
                article2,
            ],
            reading: config.reading.clone(),
            force: false,
            discard_edits: false,
        };
        let dir = root.path().join("2026-11-27-sang");
        make_bulletin(&dir, &config, &request).unwrap();
        let path = dir.join(RUNDOWN_FILE);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            format!("# Ghi chú của biên tập: đọc chậm tin 02\n{text}"),
        )
        .unwrap();
        (root, dir, config)
    }

    fn spoken_of(dir: &Path, id: &str) -> String {
        let r = Rundown::load(dir).unwrap();
        r.segments().find(|s| s.id == id).unwrap().spoken.clone()
    }

    #[test]
    fn a_spoken_fix_is_saved_in_place_and_comments_stay() {
        let (_root, dir, config) = bulletin();
        let before = spoken_of(&dir, "01-2");
        let fixed = format!("{before} Đã sửa.");
        let edit = Edit::Spoken {
            segment: "01-2".into(),
            base: version_of(&before),
            text: format!("  {fixed}\r\n"),
        };
        let done = apply(&dir, &edit, &config).unwrap();
        assert!(done.layout_kept);
        assert_eq!(spoken_of(&dir, "01-2"), fixed);
        let text = std::fs::read_to_string(dir.join(RUNDOWN_FILE)).unwrap();
        assert!(
            text.starts_with("# Ghi chú của biên tập: đọc chậm tin 02\n"),
            "{text}"
        );
        assert!(text.contains("# ───── item 02 ─────"), "{text}");
        let seg = done.rundown.segments().find(|s| s.id == "01-2").unwrap();
        assert_eq!(seg.syllables, count_syllables(&fixed));
        assert_eq!(std::fs::read_dir(dir.join(HISTORY_DIR)).unwrap().count(), 1);
        let script = std::fs::read_to_string(dir.join("script.txt")).unwrap();
        assert!(
            script.contains("Đã sửa."),
            "the printed script did not follow"
        );
    }

    #[test]
    fn an_edit_on_an_old_version_is_refused_with_the_current_text() {
        let (_root, dir, config) = bulletin();
        let original = spoken_of(&dir, "01-1");
        let first = Edit::Spoken {
            segment: "01-1".into(),
            base: version_of(&original),
            text: "Bản của máy biên tập.".into(),
        };
        apply(&dir, &first, &config).unwrap();
        let stale = Edit::Spoken {
            segment: "01-1".into(),
            base: version_of(&original),
            text: "Bản của phòng thu.".into(),
        };
        match apply(&dir, &stale, &config) {
            Err(EditError::StaleText {
                current, version, ..
            }) => {
                assert_eq!(current, "Bản của máy biên tập.");
                assert_eq!(version, version_of("Bản của máy biên tập."));
            }
            other => panic!("stale edit not refused: {other:?}"),
        }
        assert_eq!(spoken_of(&dir, "01-1"), "Bản của máy biên tập.");
    }

    #[test]
    fn items_move_and_drop_with_their_comments_and_takes() {
        let (_root, dir, config) = bulletin();
        let r = Rundown::load(&dir).unwrap();
        let base = order_version(&r);
        apply(
            &dir,
            &Edit::Move {
                item: "02".into(),
                by: -1,
                base: base.clone(),
            },
            &config,
        )
        .unwrap();
        let moved = Rundown::load(&dir).unwrap();
        let order: Vec<&str> = moved.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(order, ["02", "01"]);
        assert_eq!(moved.items[0].segments, r.items[1].segments);
        let text = std::fs::read_to_string(dir.join(RUNDOWN_FILE)).unwrap();
        let (a, b) = (
            text.find("# ───── item 02 ─────").unwrap(),
            text.find("# ───── item 01 ─────").unwrap(),
        );
        assert!(a < b, "the item's comment did not move with it:\n{text}");
        // The old order version is now stale.
        let err = apply(
            &dir,
            &Edit::Drop {
                item: "01".into(),
                base,
            },
            &config,
        )
        .unwrap_err();
        assert!(matches!(err, EditError::StaleOrder { .. }), "{err}");
        apply(
            &dir,
            &Edit::Drop {
                item: "01".into(),
                base: order_version(&moved),
            },
            &config,
        )
        .unwrap();
        let dropped = Rundown::load(&dir).unwrap();
        assert_eq!(dropped.items.len(), 1);
        assert_eq!(dropped.items[0].id, "02");
        assert!(dropped.closing.take == "99-ket-thuc");
    }

    #[test]
    fn accepting_a_suspect_take_writes_what_staff_would_write() {
        let (_root, dir, config) = bulletin();
        let edit = Edit::AcceptSuspect {
            segment: "01-3".into(),
        };
        let done = apply(&dir, &edit, &config).unwrap();
        assert!(done.layout_kept);
        let r = Rundown::load(&dir).unwrap();
        let accepted: Vec<&str> = r
            .segments()
            .filter(|s| s.accept_suspect)
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(accepted, ["01-3"]);
        let text = std::fs::read_to_string(dir.join(RUNDOWN_FILE)).unwrap();
        assert!(
            text.contains("accept_suspect = true  # listened to: it may go to air as it is"),
            "{text}"
        );
        assert!(text.starts_with("# Ghi chú của biên tập"), "comments stay");
        let missing = Edit::AcceptSuspect {
            segment: "09-9".into(),
        };
        assert!(matches!(
            apply(&dir, &missing, &config),
            Err(EditError::NoSegment(_))
        ));
    }

    #[test]
    fn the_rundown_kept_in_history_is_stamped_with_the_station_clock() {
        let (_root, dir, mut config) = bulletin();
        // A zone far from any test machine's: the PC's own clock would be hours off.
        config.station.timezone = "Pacific/Kiritimati".into();
        let edit = Edit::AcceptSuspect {
            segment: "01-1".into(),
        };
        apply(&dir, &edit, &config).unwrap();
        let name = std::fs::read_dir(dir.join(HISTORY_DIR))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .file_name()
            .to_string_lossy()
            .into_owned();
        // rundown-YYYYMMDD-HHMMSS-mmm.toml
        let stamp = &name["rundown-".len().."rundown-".len() + 15];
        let at = jiff::civil::DateTime::strptime("%Y%m%d-%H%M%S", stamp)
            .unwrap()
            .to_zoned_datetime(config.time_zone())
            .unwrap();
        let off = (jiff::Timestamp::now().as_second() - at.timestamp().as_second()).abs();
        assert!(
            off < 60,
            "{name} is {off} s from now on the station's clock"
        );
    }
}
