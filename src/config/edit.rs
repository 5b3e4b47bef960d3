//! Changing `bantin.toml` from the web app: adding a reading to `[lexicon]
//! abbreviations`. The file is edited in place (comments and layout kept), checked to
//! read back as a valid station config with the new entry, and written atomically.

use super::StationConfig;
use std::path::{Path, PathBuf};
use toml_edit::{DocumentMut, Item, Table, value};

#[derive(Debug, thiserror::Error)]
pub enum ConfigEditError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not valid TOML ({message}); fix it first")]
    Parse { path: PathBuf, message: String },
    #[error("the abbreviation and its reading must be one line of text each, not empty")]
    BadEntry,
    #[error(
        "{path}: after adding the entry the config would not read back ({message}); nothing was changed"
    )]
    Check { path: PathBuf, message: String },
    #[error(transparent)]
    Write(#[from] crate::atomic::AtomicWriteError),
}

/// Adds (or replaces) `abbreviation = "reading"` under `[lexicon] abbreviations` in the
/// config file at `path` (made if missing).
pub fn add_abbreviation(
    path: &Path,
    abbreviation: &str,
    reading: &str,
) -> Result<(), ConfigEditError> {
    let (abbreviation, reading) = (abbreviation.trim(), reading.trim());
    let one_line = |s: &str| !s.is_empty() && !s.chars().any(char::is_control);
    if !one_line(abbreviation) || !one_line(reading) {
        return Err(ConfigEditError::BadEntry);
    }
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(ConfigEditError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut doc: DocumentMut =
        text.parse()
            .map_err(|e: toml_edit::TomlError| ConfigEditError::Parse {
                path: path.to_path_buf(),
                message: e.message().to_string(),
            })?;
    let check = |message: String| ConfigEditError::Check {
        path: path.to_path_buf(),
        message,
    };
    let lexicon = doc
        .entry("lexicon")
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_like_mut()
        .ok_or_else(|| check("[lexicon] is not a table".into()))?;
    let abbreviations = lexicon
        .entry("abbreviations")
        .or_insert_with(|| {
            let mut t = toml_edit::InlineTable::new();
            t.set_dotted(false);
            value(t)
        })
        .as_table_like_mut()
        .ok_or_else(|| check("[lexicon] abbreviations is not a table".into()))?;
    abbreviations.insert(abbreviation, value(reading));
    let new_text = doc.to_string();
    let config: StationConfig = toml::from_str(&new_text).map_err(|e| check(e.to_string()))?;
    if config
        .lexicon
        .abbreviations
        .get(abbreviation)
        .map(String::as_str)
        != Some(reading)
    {
        return Err(check("the entry did not read back".into()));
    }
    crate::atomic::write_bytes(path, crate::atomic::Overwrite::Replace, new_text.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_added_and_comments_stay() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bantin.toml");
        let before = "# Đài huyện\n[station]\nname = \"Đài\" # tên đài\n\n[lexicon]\nabbreviations = { HTX = \"hợp tác xã\" }\n";
        std::fs::write(&path, before).unwrap();
        add_abbreviation(&path, "KDC", "khu dân cư").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# Đài huyện\n[station]\nname = \"Đài\" # tên đài\n"),
            "{text}"
        );
        let config = StationConfig::from_file(&path).unwrap();
        assert_eq!(config.lexicon.abbreviations["KDC"], "khu dân cư");
        assert_eq!(config.lexicon.abbreviations["HTX"], "hợp tác xã");
    }

    #[test]
    fn a_missing_file_or_section_is_made_and_bad_entries_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bantin.toml");
        add_abbreviation(&path, "XYZ", "ích y dét").unwrap();
        let config = StationConfig::from_file(&path).unwrap();
        assert_eq!(config.lexicon.abbreviations["XYZ"], "ích y dét");
        assert!(matches!(
            add_abbreviation(&path, "", "x"),
            Err(ConfigEditError::BadEntry)
        ));
        assert!(matches!(
            add_abbreviation(&path, "A\nB", "x"),
            Err(ConfigEditError::BadEntry)
        ));
    }
}
