//! Station accounts for the web app: `bantin-users.toml` beside `bantin.toml`, one
//! `[[user]]` per person with an argon2id hash of the password (never the password). The
//! file is written atomically and readable by its owner only (0600 on Unix; on Windows
//! it has the permissions of the station folder, see docs/windows.md).

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The accounts file's name, beside the station config.
pub const USERS_FILE: &str = "bantin-users.toml";

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum UsersError {
    #[error("cannot read the accounts file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the accounts file {path} is not valid: {message}\nFix it, or delete it and add the accounts again with `bantin user add NAME`"
    )]
    Parse { path: PathBuf, message: String },
    #[error(
        "\"{name}\" is not a usable account name; use letters, digits, '.', '-' or '_' (up to 64)"
    )]
    BadName { name: String },
    #[error("the password is too short; use at least {MIN_PASSWORD_CHARS} characters")]
    ShortPassword,
    #[error("the two passwords differ; nothing was changed")]
    Mismatch,
    #[error(
        "there is already an account \"{name}\"; use `bantin user add {name} --replace` to set a new password"
    )]
    Exists { name: String },
    #[error("cannot hash the password: {0}")]
    Hash(String),
    #[error("cannot write the accounts file {path}: {message}")]
    Write { path: PathBuf, message: String },
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct UsersFile {
    #[serde(default)]
    user: Vec<Account>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Account {
    name: String,
    /// PHC string: `$argon2id$v=19$m=…,t=…,p=…$salt$hash`.
    hash: String,
}

/// The station's accounts.
#[derive(Debug, Clone, Default)]
pub struct Users {
    accounts: Vec<Account>,
}

/// `bantin-users.toml` in the folder of the station config.
pub fn users_path(config_dir: &Path) -> PathBuf {
    config_dir.join(USERS_FILE)
}

impl Users {
    /// Reads the accounts file; a missing file holds no accounts.
    pub fn load(path: &Path) -> Result<Self, UsersError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => {
                return Err(UsersError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let file: UsersFile = toml::from_str(&text).map_err(|e| UsersError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Ok(Self {
            accounts: file.user,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }

    pub fn names(&self) -> Vec<&str> {
        self.accounts.iter().map(|a| a.name.as_str()).collect()
    }

    /// True when `name` exists and `password` is its password. An unknown name costs the
    /// same hashing work, so timing does not tell which names exist.
    pub fn verify(&self, name: &str, password: &str) -> bool {
        static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let account = self.accounts.iter().find(|a| a.name == name);
        let hash = match account {
            Some(a) => a.hash.clone(),
            None => DUMMY
                .get_or_init(|| hash_password("not-a-password").unwrap_or_default())
                .clone(),
        };
        let Ok(parsed) = PasswordHash::new(&hash) else {
            return false;
        };
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        ok && account.is_some()
    }
}

fn hash_password(password: &str) -> Result<String, UsersError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| UsersError::Hash(e.to_string()))
}

/// Checks an account name: what staff type at the login page.
pub fn check_name(name: &str) -> Result<(), UsersError> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok {
        Ok(())
    } else {
        Err(UsersError::BadName {
            name: name.to_string(),
        })
    }
}

/// Adds (or with `replace`, updates) an account and writes the file atomically, owner-only.
pub fn add_user(path: &Path, name: &str, password: &str, replace: bool) -> Result<(), UsersError> {
    check_name(name)?;
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(UsersError::ShortPassword);
    }
    let mut users = Users::load(path)?;
    let hash = hash_password(password)?;
    match users.accounts.iter_mut().find(|a| a.name == name) {
        Some(_) if !replace => {
            return Err(UsersError::Exists {
                name: name.to_string(),
            });
        }
        Some(account) => account.hash = hash,
        None => users.accounts.push(Account {
            name: name.to_string(),
            hash,
        }),
    }
    let text = format!(
        "# Accounts of the station's web app (`bantin serve`), made by `bantin user add`.\n\
         # Passwords are stored as argon2id hashes. Keep this file private.\n\n{}",
        toml::to_string(&UsersFile {
            user: users.accounts,
        })
        .map_err(|e| UsersError::Write {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?
    );
    write_private(path, text.as_bytes()).map_err(|message| UsersError::Write {
        path: path.to_path_buf(),
        message,
    })
}

/// Writes `bytes` atomically to a file only its owner can read (0600 on Unix).
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::atomic::write_private(path, crate::atomic::Overwrite::Replace, bytes)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_added_account_verifies_and_others_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = users_path(dir.path());
        add_user(&path, "lan", "mật khẩu dài", false).unwrap();
        let users = Users::load(&path).unwrap();
        assert!(users.verify("lan", "mật khẩu dài"));
        assert!(!users.verify("lan", "mat khau dai"));
        assert!(!users.verify("hung", "mật khẩu dài"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("$argon2id$") && !text.contains("mật khẩu"),
            "{text}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }

    #[test]
    fn names_passwords_and_doubles_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = users_path(dir.path());
        assert!(matches!(
            add_user(&path, "a/b", "longenough", false),
            Err(UsersError::BadName { .. })
        ));
        assert!(matches!(
            add_user(&path, "lan", "short", false),
            Err(UsersError::ShortPassword)
        ));
        add_user(&path, "lan", "first password", false).unwrap();
        assert!(matches!(
            add_user(&path, "lan", "second password", false),
            Err(UsersError::Exists { .. })
        ));
        add_user(&path, "lan", "second password", true).unwrap();
        assert!(Users::load(&path).unwrap().verify("lan", "second password"));
    }
}
