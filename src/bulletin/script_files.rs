//! The printed script follows the rundown: `script.html` and `script.txt` are made from
//! `rundown.toml` alone — its items and takes in their order, its readings, and the
//! warnings written in it as comments — so that after staff edit the rundown (reorder,
//! drop an item, fix a reading) the script can be made again and says the same.
//!
//! `bantin new` writes them, `bantin script DIR` makes them again, and `bantin status` and
//! `bantin assemble` make them again when they no longer match the rundown (saying so).

use std::path::{Path, PathBuf};

use super::rundown::{RUNDOWN_FILE, Rundown, RundownError};
use super::rundown_text::{REMARK_MARKER, Remarks};
use super::script_view::ScriptView;
use super::{script_html, script_txt};
use crate::atomic::{self, AtomicWriteError, Overwrite};
use crate::config::StationConfig;

pub const SCRIPT_HTML_FILE: &str = "script.html";
pub const SCRIPT_TXT_FILE: &str = "script.txt";

/// Comment markers of a warning in the rundown: the current one, and the one rundowns made
/// before the warnings were written in Vietnamese carry.
const OLD_REMARK_MARKER: &str = "# WARNING:";

#[derive(Debug, thiserror::Error)]
pub enum ScriptError {
    #[error(transparent)]
    Rundown(#[from] RundownError),
    #[error(transparent)]
    Write(#[from] AtomicWriteError),
}

/// The two scripts' text.
#[derive(Debug, Clone, PartialEq)]
pub struct Scripts {
    pub html: String,
    pub txt: String,
}

/// What [`refresh`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Refreshed {
    /// Both scripts already say what the rundown says.
    UpToDate,
    /// These files were made again from the rundown.
    Rewritten(Vec<PathBuf>),
}

/// The warnings written as comments in rundown text, by the id of the block they stand
/// above (an item, a segment, the opening or the closing). Comments move with their block
/// when staff reorder, and are gone when staff delete them.
pub fn remarks_from_text(text: &str) -> Remarks {
    let mut remarks = Remarks::new();
    let mut pending: Vec<String> = Vec::new();
    let mut awaiting_id = false;
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed
            .strip_prefix(REMARK_MARKER)
            .or_else(|| trimmed.strip_prefix(OLD_REMARK_MARKER))
        {
            pending.push(rest.trim().to_string());
            continue;
        }
        // A wrapped remark goes on in lines starting "#  " right under it.
        if let (Some(last), Some(rest)) = (pending.last_mut(), trimmed.strip_prefix("#  ")) {
            last.push(' ');
            last.push_str(rest.trim());
            continue;
        }
        if trimmed.starts_with('[') {
            let header = trimmed.split('#').next().unwrap_or("").trim();
            awaiting_id = matches!(
                header,
                "[opening]" | "[closing]" | "[[items]]" | "[[items.segments]]"
            ) && !pending.is_empty();
            if !awaiting_id {
                pending.clear();
            }
            continue;
        }
        if awaiting_id
            && let Some((key, value)) = trimmed.split_once('=')
            && key.trim() == "id"
        {
            if let Some(id) = toml::from_str::<toml::Table>(&format!("v = {value}"))
                .ok()
                .and_then(|t| t.get("v").and_then(|v| v.as_str().map(str::to_string)))
            {
                remarks
                    .entry(id)
                    .or_default()
                    .append(&mut std::mem::take(&mut pending));
            }
            awaiting_id = false;
        }
    }
    remarks
}

/// The scripts of `rundown` with `remarks`, for a slot airing at `air_time`; the reading
/// rate printed is the rundown's (or `fallback_rate_spm` for a rundown without one).
pub fn render(
    rundown: &Rundown,
    remarks: &Remarks,
    air_time: Option<&str>,
    fallback_rate_spm: f64,
) -> Scripts {
    let view = ScriptView {
        rundown,
        remarks,
        air_time,
        rate_spm: rundown.bulletin.rate_spm.unwrap_or(fallback_rate_spm),
    };
    Scripts {
        html: script_html::render(&view),
        txt: script_txt::render(&view),
    }
}

/// The scripts the rundown in `dir` gives now.
pub fn render_from_rundown(dir: &Path, config: &StationConfig) -> Result<Scripts, ScriptError> {
    let path = dir.join(RUNDOWN_FILE);
    let text = std::fs::read_to_string(&path).map_err(|source| RundownError::Read {
        path: path.clone(),
        source,
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let rundown = Rundown::parse(text, &path)?;
    let remarks = remarks_from_text(text);
    let air_time = config
        .schedule
        .slots
        .iter()
        .find(|s| s.id == rundown.bulletin.slot)
        .map(|s| s.time.as_str());
    Ok(render(
        &rundown,
        &remarks,
        air_time,
        config.reading.rate_spm,
    ))
}

/// Writes both scripts of `dir` (atomically).
pub fn write(dir: &Path, scripts: &Scripts) -> Result<Vec<PathBuf>, ScriptError> {
    let mut written = Vec::new();
    for (name, text) in [
        (SCRIPT_HTML_FILE, &scripts.html),
        (SCRIPT_TXT_FILE, &scripts.txt),
    ] {
        let path = dir.join(name);
        atomic::write_bytes(&path, Overwrite::Replace, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// Makes the scripts of `dir` again where they no longer say what its rundown says (or
/// are missing). A script is made from the rundown only, so nothing of it is lost.
pub fn refresh(dir: &Path, config: &StationConfig) -> Result<Refreshed, ScriptError> {
    let scripts = render_from_rundown(dir, config)?;
    let mut rewritten = Vec::new();
    for (name, text) in [
        (SCRIPT_HTML_FILE, &scripts.html),
        (SCRIPT_TXT_FILE, &scripts.txt),
    ] {
        let path = dir.join(name);
        if std::fs::read(&path).ok().as_deref() != Some(text.as_bytes()) {
            atomic::write_bytes(&path, Overwrite::Replace, text.as_bytes())?;
            rewritten.push(path);
        }
    }
    Ok(if rewritten.is_empty() {
        Refreshed::UpToDate
    } else {
        Refreshed::Rewritten(rewritten)
    })
}

/// The line `status` and `assemble` print when they made the scripts again.
pub fn refreshed_line(dir: &Path, refreshed: &Refreshed) -> Option<String> {
    let Refreshed::Rewritten(files) = refreshed else {
        return None;
    };
    let names: Vec<String> = files
        .iter()
        .map(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    Some(format!(
        "{}: {} made again: the rundown changed since {} written — print the script again",
        dir.display(),
        names.join(" and "),
        if names.len() == 1 {
            "it was"
        } else {
            "they were"
        }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulletin::rundown_text;
    use crate::bulletin::sample_rundown::{item, rundown, take};

    fn sample() -> (Rundown, Remarks) {
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
        let mut remarks = Remarks::new();
        remarks.insert(
            "01".into(),
            vec!["Bài được giải mã từ bảng mã TCVN3 (ABC).".into()],
        );
        remarks.insert(
            "01-2".into(),
            vec![
                "“XYZ” chưa có trong từ điển viết tắt; một câu rất dài rất dài rất dài rất dài rất dài rất dài rất dài rất dài.".into(),
                "Câu thứ hai.".into(),
            ],
        );
        remarks.insert("99-ket-thuc".into(), vec!["Kiểm tra lời kết.".into()]);
        (r, remarks)
    }

    #[test]
    fn remarks_read_back_from_the_rundown_as_written() {
        let (r, remarks) = sample();
        let text = rundown_text::render(&r, &remarks);
        assert_eq!(remarks_from_text(&text), remarks);
        // Saved by Notepad: the same.
        assert_eq!(remarks_from_text(&text.replace('\n', "\r\n")), remarks);
    }

    #[test]
    fn remarks_move_with_their_block_and_go_when_deleted() {
        let (r, remarks) = sample();
        let text = rundown_text::render(&r, &remarks);
        let start_01 = text.find("# ───── item 01").unwrap();
        let start_02 = text.find("# ───── item 02").unwrap();
        let end_02 = text.find("# The closing announcement.").unwrap();
        // Item 02 moved above item 01: the warnings still belong to 01 and 01-2.
        let moved = format!(
            "{}{}{}{}",
            &text[..start_01],
            &text[start_02..end_02],
            &text[start_01..start_02],
            &text[end_02..]
        );
        assert_eq!(remarks_from_text(&moved), remarks);
        // A warning deleted by staff (checked) is gone; the others stay.
        let first = remarks["01"][0].clone();
        let line = format!("{REMARK_MARKER} {first}\n");
        assert!(text.contains(&line), "{text}");
        let mut fewer = remarks.clone();
        fewer.remove("01");
        assert_eq!(remarks_from_text(&text.replace(&line, "")), fewer);
    }

    #[test]
    fn old_english_markers_still_read() {
        let text = "# WARNING: unknown abbreviation XYZ\n[[items.segments]]\nid = \"01-1\"\n";
        assert_eq!(
            remarks_from_text(text)["01-1"],
            ["unknown abbreviation XYZ"]
        );
        // A comment above another table is not a remark of the next block.
        let text = "# WARNING: stray\n[status]\n[[items]]\nid = \"01\"\n";
        assert!(remarks_from_text(text).is_empty());
    }
}
