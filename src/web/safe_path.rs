//! Names that arrive in a request (a bulletin id, a take, an item) become paths only
//! after these checks: one plain name, no separators, no `..`, no drive letters, no NUL or
//! control characters, none of the names Windows reserves; and the folder it names must
//! lie inside the station's bulletins folder once links are followed. Nothing outside the
//! station folder is ever read or written on behalf of a request.

use std::path::{Path, PathBuf};

/// Why a name from a request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid name: {0:?}")]
pub struct BadName(pub String);

/// Names Windows gives to devices, with or without an extension.
const WINDOWS_RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Checks that `name` is one plain file or folder name that is the same on Linux and
/// Windows: letters (any script), digits, `-`, `_`, `.` and spaces inside; not `.`/`..`,
/// no leading dot (hidden files), no trailing dot or space (Windows drops them), no
/// reserved device name, at most 120 characters.
pub fn plain_name(name: &str) -> Result<&str, BadName> {
    let bad = || BadName(name.to_string());
    if name.is_empty() || name.chars().count() > 120 {
        return Err(bad());
    }
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ');
    if !name.chars().all(allowed) {
        return Err(bad());
    }
    if name.starts_with(['.', ' ']) || name.ends_with(['.', ' ']) {
        return Err(bad());
    }
    let stem = name.split('.').next().unwrap_or("").to_ascii_lowercase();
    if WINDOWS_RESERVED.contains(&stem.trim_end()) {
        return Err(bad());
    }
    Ok(name)
}

/// The folder of bulletin `id` inside `bulletins`: `id` must be a plain name of ASCII
/// letters, digits, `-` and `_` (as `bantin new` makes them), the folder must exist, and
/// following links must not lead outside `bulletins`.
pub fn bulletin_dir(bulletins: &Path, id: &str) -> Result<PathBuf, BadName> {
    let bad = || BadName(id.to_string());
    let ascii = !id.is_empty()
        && id.len() <= 100
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !id.starts_with('-');
    if !ascii {
        return Err(bad());
    }
    let dir = bulletins.join(id);
    let (Ok(real_dir), Ok(real_root)) = (dir.canonicalize(), bulletins.canonicalize()) else {
        return Err(bad());
    };
    if !real_dir.starts_with(&real_root) || !real_dir.is_dir() {
        return Err(bad());
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_pass_and_paths_do_not() {
        for good in ["01-1", "00-mo-dau", "tin một", "a.b", "2026-11-27-sang"] {
            assert_eq!(plain_name(good), Ok(good));
        }
        for bad in [
            "", ".", "..", "../x", "a/b", "a\\b", "C:", "C:\\x", "/etc", "a\0b", ".hidden",
            "trail.", "trail ", "CON", "nul.wav", "com1", "a\nb", "a%2Fb", "x:y",
        ] {
            assert!(plain_name(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn a_bulletin_is_a_real_folder_inside_the_bulletins_folder() {
        let station = tempfile::tempdir().unwrap();
        let bulletins = station.path().join("bulletins");
        std::fs::create_dir_all(bulletins.join("2026-11-27-sang")).unwrap();
        std::fs::create_dir_all(station.path().join("secret")).unwrap();
        assert!(bulletin_dir(&bulletins, "2026-11-27-sang").is_ok());
        for bad in [
            "..",
            "../secret",
            "2026-11-27-chieu",
            "",
            "a/b",
            "%2e%2e",
            "-rf",
        ] {
            assert!(bulletin_dir(&bulletins, bad).is_err(), "{bad:?}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(station.path().join("secret"), bulletins.join("link"))
                .unwrap();
            assert!(
                bulletin_dir(&bulletins, "link").is_err(),
                "a link out was followed"
            );
        }
    }
}
