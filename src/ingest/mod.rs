//! Reading an approved article file: text encoding detection (UTF-8/16, TCVN3, VNI,
//! Windows-1258), Unicode normalization, portal furniture removal and metadata.

mod cp1258;
mod detect;
mod docx;
pub mod encoding;
mod furniture;
mod metadata;
mod repair;
mod tcvn3;
mod vni;

use encoding::Encoding;
use std::path::{Path, PathBuf};

/// An article as read from disk, furniture removed, text in NFC.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Article {
    pub path: PathBuf,
    /// The encoding the file was in: "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "tcvn3", "vni", "windows-1258",
    /// or "tcvn3-in-utf-8" / "vni-in-utf-8" (legacy letters pasted into a Unicode editor).
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
    #[error("{path} does not exist; check the file name and folder")]
    NotFound { path: PathBuf },
    #[error("{path} is a folder, not an article; give the article's .txt file")]
    IsDirectory { path: PathBuf },
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is empty; save the article's text into it and try again")]
    Empty { path: PathBuf },
    #[error(
        "{path} is not a text file (it holds binary data); give the article as a .txt file saved as UTF-8"
    )]
    Binary { path: PathBuf },
    #[error(
        "{path} is {kind}, not plain text; open it and save it as \"Plain Text\" (.txt, UTF-8), then try again"
    )]
    Document { path: PathBuf, kind: &'static str },
    #[error(
        "{path} is not Vietnamese text in UTF-8, UTF-16, TCVN3, VNI or Windows-1258; save it as UTF-8 and try again"
    )]
    UnknownEncoding { path: PathBuf },
    #[error(
        "{path} holds only portal furniture (portal name, dates, captions), no article title or text"
    )]
    NoArticle { path: PathBuf },
    #[error(
        "{path} is a damaged Word (.docx) file: {problem}. Open it in Word or LibreOffice and save it again as .docx, or save it as Plain Text (.txt, UTF-8)"
    )]
    Docx { path: PathBuf, problem: String },
}

/// Reads and cleans one article file: text in any of the encodings, or a Word (.docx) file.
pub fn read_article(path: &Path) -> Result<Article, IngestError> {
    let bytes = read_bytes(path)?;
    article_from_bytes(path, &bytes)
}

/// An article from the bytes of a file (`path` names it in messages).
pub fn article_from_bytes(path: &Path, bytes: &[u8]) -> Result<Article, IngestError> {
    let named_docx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    if named_docx || docx::is_docx(bytes) {
        let docx_error = |problem: docx::DocxProblem| IngestError::Docx {
            path: path.to_path_buf(),
            problem: problem.to_string(),
        };
        let text = docx::text(bytes).map_err(docx_error)?;
        // A .docx typed in the old .VnTime/VNI fonts holds legacy letters: detect them too.
        let (text, encoding) = match detect::decode(text.as_bytes()) {
            Ok((text, Encoding::Utf8)) => (text, Encoding::Docx),
            Ok(found) => found,
            Err(_) => (text, Encoding::Docx),
        };
        return article_from_text(path, &text, encoding);
    }
    let bytes = bytes.to_vec();
    if let Some(kind) = document_kind(&bytes) {
        return Err(IngestError::Document {
            path: path.to_path_buf(),
            kind,
        });
    }
    let (text, encoding) = detect::decode(&bytes).map_err(|why| match why {
        detect::Undecodable::Binary => IngestError::Binary {
            path: path.to_path_buf(),
        },
        detect::Undecodable::Unknown => IngestError::UnknownEncoding {
            path: path.to_path_buf(),
        },
    })?;
    article_from_text(path, &text, encoding)
}

/// Office and print formats staff may hand over instead of the article's text.
fn document_kind(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 4] = [
        (b"PK\x03\x04", "a Word (.docx) or other zipped document"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an old Word (.doc) document",
        ),
        (b"%PDF", "a PDF"),
        (b"{\\rtf", "an RTF document"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, IngestError> {
    if path.is_dir() {
        return Err(IngestError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => IngestError::NotFound {
            path: path.to_path_buf(),
        },
        _ => IngestError::Read {
            path: path.to_path_buf(),
            source,
        },
    })
}

/// Lays out decoded NFC text as an article.
fn article_from_text(path: &Path, text: &str, encoding: Encoding) -> Result<Article, IngestError> {
    let no_toned_capitals = matches!(encoding, Encoding::Tcvn3 | Encoding::Tcvn3InUtf8);
    let lines: Vec<String> = text
        .split(['\n', '\r', '\u{2028}', '\u{2029}'])
        .map(repair::repair_line)
        .filter(|l| !l.is_empty())
        .map(|l| {
            if no_toned_capitals {
                tcvn3::restore_sentence_capitals(&l)
            } else {
                l
            }
        })
        .collect();
    if lines.is_empty() {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    let layout = furniture::layout(&lines).ok_or_else(|| IngestError::NoArticle {
        path: path.to_path_buf(),
    })?;
    let mut warnings = Vec::new();
    if encoding.is_legacy() {
        let caps = if encoding == Encoding::Tcvn3 {
            " TCVN3 has no toned capitals (those starting a sentence were restored), so check capitals in names and headings;"
        } else {
            ""
        };
        warnings.push(format!(
            "{}: decoded as {};{caps} save it as UTF-8 to be sure of the text",
            path.display(),
            encoding.label()
        ));
    }
    for line in &layout.dropped {
        let shown: String = line.chars().take(160).collect();
        let more = if shown.len() < line.len() { "…" } else { "" };
        warnings.push(format!(
            "{}: đã bỏ dòng này ở phần đầu trang vì coi là khung của cổng thông tin; nếu đó là tin, hãy chuyển nó xuống dưới tiêu đề (dropped as portal furniture above the title, but it looks like text; if it is news, move it below the title): «{shown}{more}»",
            path.display()
        ));
    }
    if layout.paragraphs.is_empty() {
        warnings.push(format!(
            "{}: only a title was found, no body text",
            path.display()
        ));
    }
    Ok(Article {
        path: path.to_path_buf(),
        encoding: encoding.id().to_string(),
        title: layout.title,
        category: layout.category,
        published: layout.published,
        byline: layout.byline,
        paragraphs: layout.paragraphs,
        warnings,
    })
}

#[cfg(test)]
mod tests;
