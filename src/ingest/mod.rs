//! Reading an approved article file: text encoding detection (UTF-8/16, TCVN3, VNI,
//! Windows-1258), Unicode normalization, portal furniture removal and metadata.

use std::path::{Path, PathBuf};

/// An article as read from disk, furniture removed, text in NFC.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Article {
    pub path: PathBuf,
    /// The encoding the file was in: "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "tcvn3", "vni", "windows-1258".
    pub encoding: String,
    pub title: String,
    pub category: Option<String>,
    /// Publication date as written on the portal, normalised to YYYY-MM-DD when it parses.
    pub published: Option<String>,
    /// Author or source line ("Đài Truyền thanh huyện Thọ Xuân").
    pub byline: Option<String>,
    /// Body paragraphs (original text, repaired: case typos, stray spaces in codes).
    pub paragraphs: Vec<String>,
    /// Things staff should know (legacy encoding detected, …).
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: not built yet")]
    NotBuilt { path: PathBuf },
}

/// Reads and cleans one article file.
pub fn read_article(path: &Path) -> Result<Article, IngestError> {
    Err(IngestError::NotBuilt {
        path: path.to_path_buf(),
    })
}
