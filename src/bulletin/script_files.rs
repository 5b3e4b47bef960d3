//! Writing the printable script (`script.html`, `script.txt`) from the rundown as it is
//! now, so the paper in the booth always follows the rundown: after every edit in the web
//! app, and whenever staff ask for it. The reading warnings are worked out again from
//! each take's original text (they are comments in the rundown, which a parser drops).

use super::make::{SCRIPT_HTML_FILE, SCRIPT_TXT_FILE};
use super::rundown::Rundown;
use super::rundown_text::Remarks;
use super::script_view::ScriptView;
use super::{script_html, script_txt};
use crate::atomic::{self, AtomicWriteError, Overwrite};
use crate::config::StationConfig;
use crate::script::normalize::Reader;
use std::path::Path;

/// Warnings still open in each take: unknown tokens that still stand in the spoken text.
pub fn open_warnings(rundown: &Rundown, reader: &Reader) -> Remarks {
    let mut remarks = Remarks::new();
    for seg in rundown.segments() {
        for w in reader.spoken(&seg.original).warnings {
            if !w.token.is_empty() && !contains_word(&seg.spoken, &w.token) {
                continue;
            }
            let text = if w.token.is_empty() {
                w.message.clone()
            } else {
                format!("\"{}\" — {}", w.token, w.sentence.trim())
            };
            remarks.entry(seg.id.clone()).or_default().push(text);
        }
    }
    remarks
}

/// True when `word` stands in `text` as a whole word (not inside a longer one).
pub fn contains_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The HTML of the printable script of `rundown`, as it is now.
pub fn script_html(rundown: &Rundown, config: &StationConfig) -> String {
    let remarks = Reader::new(config)
        .map(|reader| open_warnings(rundown, &reader))
        .unwrap_or_default();
    script_html::render(&view(rundown, config, &remarks))
}

fn view<'a>(
    rundown: &'a Rundown,
    config: &'a StationConfig,
    remarks: &'a Remarks,
) -> ScriptView<'a> {
    ScriptView {
        rundown,
        remarks,
        air_time: config
            .schedule
            .slots
            .iter()
            .find(|s| s.id == rundown.bulletin.slot)
            .map(|s| s.time.as_str()),
        rate_spm: config.reading.rate_spm,
    }
}

/// Writes `script.html` and `script.txt` of the bulletin in `dir` from `rundown`.
pub fn write_scripts(
    dir: &Path,
    rundown: &Rundown,
    config: &StationConfig,
) -> Result<(), AtomicWriteError> {
    let remarks = Reader::new(config)
        .map(|reader| open_warnings(rundown, &reader))
        .unwrap_or_default();
    let view = view(rundown, config, &remarks);
    atomic::write_bytes(
        &dir.join(SCRIPT_HTML_FILE),
        Overwrite::Replace,
        script_html::render(&view).as_bytes(),
    )?;
    atomic::write_bytes(
        &dir.join(SCRIPT_TXT_FILE),
        Overwrite::Replace,
        script_txt::render(&view).as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        assert!(contains_word("Ủy ban XYZ huyện", "XYZ"));
        assert!(contains_word("XYZ.", "XYZ"));
        assert!(!contains_word("XYZW huyện", "XYZ"));
        assert!(!contains_word("aXYZ", "XYZ"));
        assert!(!contains_word("anything", ""));
    }
}
