//! Vietnamese read-aloud normalization: turns article text into what the announcer says.

use crate::config::StationConfig;

/// Something staff should look at, e.g. an all-capitals token the lexicon does not know.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReadingWarning {
    /// The token concerned ("XYZ").
    pub token: String,
    /// The sentence it stands in (original text).
    pub sentence: String,
    pub message: String,
}

/// Spoken form of a piece of text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Spoken {
    pub text: String,
    pub warnings: Vec<ReadingWarning>,
}

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("not built yet")]
    NotBuilt,
}

/// The reader: shipped lexicon + station additions + number style.
#[derive(Debug, Clone)]
pub struct Reader {}

impl Reader {
    /// Builds the reader from the station config (shipped lexicon plus its additions).
    pub fn new(_config: &StationConfig) -> Result<Self, LexiconError> {
        Err(LexiconError::NotBuilt)
    }

    /// Spoken form of `text` (a sentence, paragraph or title).
    pub fn spoken(&self, text: &str) -> Spoken {
        Spoken {
            text: text.to_string(),
            warnings: Vec::new(),
        }
    }
}
