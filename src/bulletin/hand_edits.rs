//! Telling what staff changed in a rundown by hand, so that `bantin new --force` never
//! throws their work away unasked. `bantin new` keeps a copy of the rundown it wrote
//! beside it ([`MADE_COPY_FILE`]); the differences from that copy — items deleted, added
//! or reordered, readings fixed, comments written — are the hand edits. The `[status]`
//! table is not an edit: `bantin status` rewrites it.

use std::path::{Path, PathBuf};

use super::rundown::{Item, RUNDOWN_FILE, Rundown, Segment};
use crate::atomic::{self, AtomicWriteError, Overwrite};

/// The rundown as `bantin new` wrote it, kept in the bulletin folder.
pub const MADE_COPY_FILE: &str = ".rundown-as-made.toml";
/// Where `bantin new --force --discard-edits` keeps the hand-edited rundown it replaces.
pub const BACKUP_FILE: &str = "rundown.edited.toml";

/// The hand edits of the rundown in `dir`, one line each; empty when there are none.
/// When they cannot be told (no copy of what was made), that is said as the one edit.
pub fn edits(dir: &Path) -> Vec<String> {
    let now_path = dir.join(RUNDOWN_FILE);
    let now = match std::fs::read_to_string(&now_path) {
        Ok(text) => text,
        Err(e) => return vec![format!("{RUNDOWN_FILE} cannot be read ({e})")],
    };
    let Ok(made) = std::fs::read_to_string(dir.join(MADE_COPY_FILE)) else {
        return vec![format!(
            "whatever was edited in it: it has no record of what `bantin new` wrote ({MADE_COPY_FILE}: made by an older bantin, or copied without it), so hand edits cannot be told apart"
        )];
    };
    let (now, made) = (without_status(&now), without_status(&made));
    if now == made {
        return Vec::new();
    }
    let parsed_now = match Rundown::parse(&now, &now_path) {
        Ok(r) => r,
        Err(e) => return vec![format!("edits that do not read yet: {e}")],
    };
    let Ok(parsed_made) = Rundown::parse(&made, &dir.join(MADE_COPY_FILE)) else {
        return vec![format!(
            "whatever was edited in it ({MADE_COPY_FILE} does not read)"
        )];
    };
    let mut found = describe(&parsed_made, &parsed_now);
    if found.is_empty() {
        let line = now
            .lines()
            .zip(made.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| now.lines().count().min(made.lines().count()))
            + 1;
        found.push(format!(
            "comments or layout written by hand (the first change is at line {line})"
        ));
    }
    found
}

/// Keeps the hand-edited rundown of `dir` as [`BACKUP_FILE`]; returns where.
pub fn keep_edited(dir: &Path) -> Result<PathBuf, AtomicWriteError> {
    let backup = dir.join(BACKUP_FILE);
    let text = std::fs::read(dir.join(RUNDOWN_FILE)).unwrap_or_default();
    atomic::write_bytes(&backup, Overwrite::Replace, &text)?;
    Ok(backup)
}

/// Rundown text without its `[status]` table (the lines from `[status]` to the next table
/// or the end), and with Windows line ends made plain.
fn without_status(text: &str) -> String {
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len());
    let mut in_status = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_status = trimmed == "[status]";
        }
        if !in_status {
            out.push_str(line);
        }
    }
    out
}

/// The differences between the rundown as made and as it is now, in words.
fn describe(made: &Rundown, now: &Rundown) -> Vec<String> {
    let mut found = Vec::new();
    let b = (&made.bulletin, &now.bulletin);
    for (field, was, is) in [
        ("date", b.0.date.clone(), b.1.date.clone()),
        ("slot", b.0.slot.clone(), b.1.slot.clone()),
        ("title", b.0.title.clone(), b.1.title.clone()),
        ("station", b.0.station.clone(), b.1.station.clone()),
        (
            "target_s",
            b.0.target_s.to_string(),
            b.1.target_s.to_string(),
        ),
    ] {
        if was != is {
            found.push(format!("[bulletin] {field}: {}", changed(&was, &is)));
        }
    }
    segment_edits(&mut found, "the opening", &made.opening, &now.opening);
    let ids = |r: &Rundown| r.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
    let (made_ids, now_ids) = (ids(made), ids(now));
    for item in &made.items {
        if !now_ids.contains(&item.id) {
            found.push(format!(
                "item {} (“{}”) deleted",
                item.id,
                short(&item.title)
            ));
        }
    }
    for item in &now.items {
        if !made_ids.contains(&item.id) {
            found.push(format!("item {} (“{}”) added", item.id, short(&item.title)));
        }
    }
    let kept_made: Vec<&String> = made_ids.iter().filter(|id| now_ids.contains(id)).collect();
    let kept_now: Vec<&String> = now_ids.iter().filter(|id| made_ids.contains(id)).collect();
    if kept_made != kept_now {
        let list = |ids: &[&String]| {
            ids.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        found.push(format!(
            "items reordered: now {} (made {})",
            list(&kept_now),
            list(&kept_made)
        ));
    }
    for item in &now.items {
        if let Some(was) = made.items.iter().find(|i| i.id == item.id) {
            item_edits(&mut found, was, item);
        }
    }
    segment_edits(&mut found, "the closing", &made.closing, &now.closing);
    found
}

fn item_edits(found: &mut Vec<String>, was: &Item, is: &Item) {
    for (field, a, b) in [
        ("title", &was.title, &is.title),
        ("category", &was.category, &is.category),
        ("published", &was.published, &is.published),
        ("byline", &was.byline, &is.byline),
        ("source", &was.source, &is.source),
    ] {
        if a != b {
            found.push(format!("item {} {field}: {}", is.id, changed(a, b)));
        }
    }
    let ids = |i: &Item| i.segments.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    let (was_ids, is_ids) = (ids(was), ids(is));
    for seg in &was.segments {
        if !is_ids.contains(&seg.id) {
            found.push(format!("take {} deleted", seg.id));
        }
    }
    for seg in &is.segments {
        match was.segments.iter().find(|s| s.id == seg.id) {
            Some(before) => segment_edits(found, &format!("take {}", seg.id), before, seg),
            None => found.push(format!("take {} added", seg.id)),
        }
    }
    let kept_was: Vec<&String> = was_ids.iter().filter(|id| is_ids.contains(id)).collect();
    let kept_is: Vec<&String> = is_ids.iter().filter(|id| was_ids.contains(id)).collect();
    if kept_was != kept_is {
        found.push(format!("item {}: takes reordered", is.id));
    }
}

fn segment_edits(found: &mut Vec<String>, what: &str, was: &Segment, is: &Segment) {
    for (field, a, b) in [
        ("id", was.id.clone(), is.id.clone()),
        ("take", was.take.clone(), is.take.clone()),
        ("spoken", was.spoken.clone(), is.spoken.clone()),
        ("original", was.original.clone(), is.original.clone()),
        (
            "estimate_s",
            was.estimate_s.to_string(),
            is.estimate_s.to_string(),
        ),
        (
            "syllables",
            was.syllables.to_string(),
            is.syllables.to_string(),
        ),
        (
            "accept_suspect",
            was.accept_suspect.to_string(),
            is.accept_suspect.to_string(),
        ),
    ] {
        if a != b {
            found.push(format!("{what} {field}: {}", changed(&a, &b)));
        }
    }
}

/// “was” → “is”, long texts cut to the words around where they differ.
fn changed(was: &str, is: &str) -> String {
    const CONTEXT: usize = 16;
    let (a, b): (Vec<char>, Vec<char>) = (flat(was).chars().collect(), flat(is).chars().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let from = prefix.saturating_sub(CONTEXT);
    let cut = |s: &[char]| {
        let to = (s.len() - suffix + CONTEXT).min(s.len());
        format!(
            "“{}{}{}”",
            if from > 0 { "…" } else { "" },
            s[from..to].iter().collect::<String>(),
            if to < s.len() { "…" } else { "" }
        )
    };
    format!("{} → {}", cut(&a), cut(&b))
}

/// The start of a text, enough to recognise it.
fn short(text: &str) -> String {
    const MAX: usize = 48;
    let text = flat(text);
    if text.chars().count() <= MAX {
        text
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

/// Whitespace runs as one space.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulletin::rundown_text::{self, Remarks};
    use crate::bulletin::sample_rundown::{item, rundown, take};

    fn made(dir: &Path) -> String {
        let r = rundown(
            "Bản tin sáng 27/11/2026",
            take("00-mo-dau", "Đây là Đài.", 4.0),
            vec![
                item(
                    "01",
                    "Tin một",
                    vec![take("01-1", "Một.", 3.0), take("01-2", "Hai.", 3.0)],
                ),
                item("02", "Tin hai", vec![take("02-1", "Ba.", 3.0)]),
            ],
            take("99-ket-thuc", "Hết.", 2.0),
        );
        let text = rundown_text::render(&r, &Remarks::new());
        std::fs::write(dir.join(RUNDOWN_FILE), &text).unwrap();
        std::fs::write(dir.join(MADE_COPY_FILE), &text).unwrap();
        text
    }

    fn edited(f: impl Fn(&str) -> String) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let text = made(dir.path());
        std::fs::write(dir.path().join(RUNDOWN_FILE), f(&text)).unwrap();
        edits(dir.path())
    }

    #[test]
    fn no_edit_and_a_new_status_table_are_no_edits() {
        assert_eq!(edited(str::to_string), Vec::<String>::new());
        let status = edited(|t| t.replace("\"01-1\" = \"missing\"", "\"01-1\" = \"recorded\""));
        assert_eq!(status, Vec::<String>::new());
        // Saved by Notepad (BOM, CRLF): no edit either.
        assert_eq!(
            edited(|t| format!("\u{feff}{}", t.replace('\n', "\r\n"))),
            Vec::<String>::new()
        );
    }

    #[test]
    fn deleted_reordered_and_fixed_readings_are_named() {
        let e = edited(|t| {
            let start_01 = t.find("# ───── item 01").unwrap();
            let start_02 = t.find("# ───── item 02").unwrap();
            let end_02 = t.find("# The closing announcement.").unwrap();
            format!(
                "{}{}{}{}",
                &t[..start_01],
                &t[start_02..end_02],
                &t[start_01..start_02],
                &t[end_02..]
            )
            .replace("spoken = \"Hai.\"", "spoken = \"Hai, đọc chậm.\"")
        });
        assert_eq!(
            e,
            [
                "items reordered: now 02, 01 (made 01, 02)",
                "take 01-2 spoken: “Hai.” → “Hai, đọc chậm.”",
            ]
        );
        let e = edited(|t| {
            let start_02 = t.find("# ───── item 02").unwrap();
            let end_02 = t.find("# The closing announcement.").unwrap();
            format!("{}{}", &t[..start_02], &t[end_02..])
        });
        assert_eq!(e, ["item 02 (“Tin hai”) deleted"]);
    }

    #[test]
    fn long_texts_are_shown_around_the_change() {
        let was = "Sáng nay tổ QRZT của xã Xuân Lam ra quân làm đường bê tông dài hai ki lô mét.";
        let is =
            "Sáng nay tổ công tác của xã Xuân Lam ra quân làm đường bê tông dài hai ki lô mét.";
        assert_eq!(
            changed(was, is),
            "“Sáng nay tổ QRZT của xã Xuân Lam…” → “Sáng nay tổ công tác của xã Xuân Lam…”"
        );
        let long = "một hai ba bốn năm sáu bảy tám chín mười ".repeat(3);
        assert_eq!(
            changed(&format!("{long}cũ"), &format!("{long}mới")),
            "“…y tám chín mười cũ” → “…y tám chín mười mới”"
        );
    }

    #[test]
    fn a_comment_alone_is_an_edit_and_a_missing_record_is_said() {
        let e = edited(|t| format!("# ghi chú: đọc chậm tin 01\n{t}"));
        assert_eq!(
            e,
            ["comments or layout written by hand (the first change is at line 1)"]
        );
        let dir = tempfile::tempdir().unwrap();
        made(dir.path());
        std::fs::remove_file(dir.path().join(MADE_COPY_FILE)).unwrap();
        assert!(edits(dir.path())[0].contains("no record of what `bantin new` wrote"));
    }
}
