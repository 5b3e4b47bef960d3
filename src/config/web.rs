//! `[web]` in bantin.toml: settings of the station's web app (`bantin serve`), and the
//! language its pages are in (`[station] language`).

use serde::{Deserialize, Serialize};

/// Language of what staff read in the web app.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Vietnamese (the default: the station's staff are Vietnamese).
    #[default]
    Vi,
    /// English.
    En,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct WebConfig {
    /// Largest upload (a recorded take, an article), megabytes.
    pub upload_limit_mb: u64,
    /// Failed logins allowed for one name or one address before it must wait.
    pub login_attempts: u32,
    /// How long a name or address must wait after too many failed logins, minutes.
    pub login_lockout_minutes: u64,
    /// How long a login lasts without use, hours.
    pub session_hours: u64,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            upload_limit_mb: 500,
            login_attempts: 5,
            login_lockout_minutes: 15,
            session_hours: 12,
        }
    }
}

impl WebConfig {
    /// The upload limit in bytes.
    pub fn upload_limit_bytes(&self) -> u64 {
        self.upload_limit_mb.saturating_mul(1024 * 1024)
    }

    pub(super) fn validate(&self) -> Result<(), String> {
        if !(1..=100_000).contains(&self.upload_limit_mb) {
            return Err(format!(
                "[web] upload_limit_mb = {} is out of range; use megabytes between 1 and 100000 (default 500)",
                self.upload_limit_mb
            ));
        }
        if !(1..=1000).contains(&self.login_attempts) {
            return Err(format!(
                "[web] login_attempts = {} is out of range; use 1 to 1000 (default 5)",
                self.login_attempts
            ));
        }
        if !(1..=24 * 60).contains(&self.login_lockout_minutes) {
            return Err(format!(
                "[web] login_lockout_minutes = {} is out of range; use 1 to 1440 (default 15)",
                self.login_lockout_minutes
            ));
        }
        if !(1..=24 * 30).contains(&self.session_hours) {
            return Err(format!(
                "[web] session_hours = {} is out of range; use 1 to 720 (default 12)",
                self.session_hours
            ));
        }
        Ok(())
    }
}
