//! From an article to script segments: sentences grouped into takes of at most
//! `max_take_s` of reading, with syllable counts and read-time estimates.

use crate::config::Reading;
use crate::ingest::Article;
use crate::script::normalize::{Reader, ReadingWarning};

/// One take's worth of text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScriptSegment {
    /// Position in the article: 1, 2, …
    pub index: usize,
    pub spoken: String,
    pub original: String,
    pub syllables: u32,
    pub estimate_s: f64,
}

/// The read-aloud script of one article.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Script {
    /// Title in spoken form (read as the first sentence of the first segment).
    pub title_spoken: String,
    pub segments: Vec<ScriptSegment>,
    pub warnings: Vec<ReadingWarning>,
}

/// Builds the script of an article: the title then the body, normalized and split into takes.
pub fn build_script(_article: &Article, _reader: &Reader, _reading: &Reading) -> Script {
    Script {
        title_spoken: String::new(),
        segments: Vec::new(),
        warnings: Vec::new(),
    }
}

/// Syllables in spoken Vietnamese text (each written word is one syllable; "ki-lô-mét" is three).
pub fn count_syllables(text: &str) -> u32 {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count() as u32
}

/// Estimated seconds to read `spoken` at the configured rate, with sentence and paragraph pauses.
pub fn estimate_seconds(spoken: &str, reading: &Reading) -> f64 {
    f64::from(count_syllables(spoken)) * 60.0 / reading.rate_spm
}
