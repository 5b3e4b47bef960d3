//! Finding the station's `bantin.toml` the way git and cargo find their roots, so that a
//! command run from the wrong folder still uses the station's jingles, slots and name:
//!
//! 1. `--config FILE`;
//! 2. else the `BANTIN_CONFIG` variable (a path to the file);
//! 3. else the nearest `bantin.toml` in the folders above the bulletin folder the command
//!    was given (the folder itself first), then above the current folder.
//!
//! Without any, the built-in defaults are used and the command says so once.

use std::path::{Path, PathBuf};

use super::{CONFIG_FILE_NAME, ConfigError, StationConfig};
use crate::paths::resolve;

/// The environment variable that names the station config.
pub const CONFIG_ENV: &str = "BANTIN_CONFIG";

/// How the station config was found.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum ConfigSource {
    /// `--config FILE`.
    Flag,
    /// The `BANTIN_CONFIG` variable.
    Env,
    /// The nearest `bantin.toml` above the folder searched from.
    Nearest,
    /// None was found above these folders: the defaults are in force.
    #[default]
    Defaults,
}

impl StationConfig {
    /// Loads the station config (see the module doc). `explicit` is `--config`, `env` the
    /// value of `BANTIN_CONFIG`, `near` the folders to search above, in order (the
    /// bulletin folder a command was given, then the current folder); a folder that does
    /// not exist yet is searched from its nearest existing parent.
    pub fn discover(
        explicit: Option<&Path>,
        env: Option<&std::ffi::OsStr>,
        near: &[PathBuf],
    ) -> Result<Self, ConfigError> {
        if let Some(path) = explicit {
            return Ok(Self {
                found: ConfigSource::Flag,
                ..Self::from_file(path)?
            });
        }
        if let Some(value) = env.filter(|v| !v.is_empty()) {
            let path = PathBuf::from(value);
            if !path.is_file() {
                return Err(ConfigError::EnvNotAFile {
                    variable: CONFIG_ENV,
                    path,
                });
            }
            return Ok(Self {
                found: ConfigSource::Env,
                ..Self::from_file(&path)?
            });
        }
        for start in near {
            if let Some(mut path) = nearest(start) {
                // In the current folder: keep its paths short, as staff typed them.
                if path.parent() == Some(resolve(Path::new(".")).as_path()) {
                    path = PathBuf::from(CONFIG_FILE_NAME);
                }
                return Ok(Self {
                    found: ConfigSource::Nearest,
                    ..Self::from_file(&path)?
                });
            }
        }
        Ok(Self {
            base_dir: PathBuf::from("."),
            found: ConfigSource::Defaults,
            ..Self::default()
        })
    }

    /// What a command tells the user when no station config was found (`searched` are the
    /// folders it looked above), or None when one was.
    pub fn defaults_note(&self, searched: &[PathBuf]) -> Option<String> {
        if self.found != ConfigSource::Defaults {
            return None;
        }
        let folders: Vec<String> = searched
            .iter()
            .map(|p| resolve(p).display().to_string())
            .collect();
        let slots: Vec<String> = self
            .schedule
            .slots
            .iter()
            .map(|s| format!("{} {}", s.id, s.time))
            .collect();
        Some(format!(
            "no station config: no {CONFIG_FILE_NAME} in {} or the folders above, and neither --config nor {CONFIG_ENV} is given. Using the built-in defaults: station \"{}\", slots {}, {} LUFS, jingles in {}/, bulletins in {}/. Run bantin from the station's folder, or give --config FILE",
            folders.join(" or "),
            self.station.name,
            slots.join(" and "),
            self.audio.target_lufs(),
            self.resolve(&self.paths.jingles).display(),
            self.resolve(&self.paths.bulletins).display(),
        ))
    }
}

/// The nearest `bantin.toml` in `start` or a folder above it.
fn nearest(start: &Path) -> Option<PathBuf> {
    let start = resolve(start);
    start
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE_NAME))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_config_above_a_folder_wins_and_its_paths_start_there() {
        let root = tempfile::tempdir().unwrap();
        let station = root.path().join("station");
        std::fs::create_dir_all(station.join("bulletins/2026-11-27-sang")).unwrap();
        std::fs::write(
            station.join("bantin.toml"),
            "[station]\nname = \"Thọ Xuân\"\n",
        )
        .unwrap();
        let elsewhere = root.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        // From the bulletin folder (given first), whatever the current folder.
        let c = StationConfig::discover(
            None,
            None,
            &[station.join("bulletins/2026-11-27-sang"), elsewhere.clone()],
        )
        .unwrap();
        assert_eq!(c.station.name, "Thọ Xuân");
        assert_eq!(c.found, ConfigSource::Nearest);
        assert_eq!(
            c.resolve(Path::new("jingles")),
            station.canonicalize().unwrap().join("jingles")
        );
        // A folder that does not exist yet (bantin new) is searched from its parents.
        let c =
            StationConfig::discover(None, None, &[station.join("bulletins/new/deeper")]).unwrap();
        assert_eq!(c.station.name, "Thọ Xuân");
        // Nothing above: the defaults, with a note that says where it looked.
        let c = StationConfig::discover(None, None, std::slice::from_ref(&elsewhere)).unwrap();
        assert_eq!(c.found, ConfigSource::Defaults);
        let note = c.defaults_note(std::slice::from_ref(&elsewhere)).unwrap();
        assert!(
            note.contains(&elsewhere.canonicalize().unwrap().display().to_string()),
            "{note}"
        );
        assert!(note.contains("sang 05:30 and chieu 17:00"), "{note}");
        // The variable beats the search; a wrong one is an error naming it.
        let other = root.path().join("other.toml");
        std::fs::write(&other, "[station]\nname = \"Khác\"\n").unwrap();
        let c =
            StationConfig::discover(None, Some(other.as_os_str()), &[station.join("bulletins")])
                .unwrap();
        assert_eq!(
            (c.station.name.as_str(), c.found),
            ("Khác", ConfigSource::Env)
        );
        let e = StationConfig::discover(None, Some(elsewhere.as_os_str()), &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("BANTIN_CONFIG"), "{e}");
    }
}
