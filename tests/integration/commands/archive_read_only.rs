//! Integration tests: an archive that cannot be written — a colleague's account with read
//! access, a read-only folder, a backup disk — can be listed, searched, shown, verified,
//! exported and logged, and is left exactly as it was.
//!
//! The tests may run as root, for whom file permissions stop nothing. Then the reader is
//! run as the account `nobody` (with `setpriv`), and the backup disk is a real tmpfs
//! remounted read-only; run as another user, the permissions alone make it read-only.

use crate::kit::bulletin::{ONE_ITEM, OTHER_ITEM, finished};
use crate::kit::{Ran, TestDir, assert_contains, sha256_hex};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A station folder with two archived bulletins.
fn station() -> TestDir {
    let t = TestDir::new();
    finished(
        &t.path().join("bulletins"),
        "2026-11-26",
        "sang",
        ONE_ITEM,
        440.0,
    );
    finished(
        &t.path().join("bulletins"),
        "2026-11-26",
        "chieu",
        OTHER_ITEM,
        440.0,
    );
    // Under the usual umask (022), whatever the test runner's: what bantin writes is
    // then readable by others.
    for dir in ["bulletins/2026-11-26-sang", "bulletins/2026-11-26-chieu"] {
        let ok = Command::new("sh")
            .args(["-c", "umask 022 && exec \"$0\" archive add \"$1\""])
            .arg(assert_cmd::cargo::cargo_bin("bantin"))
            .arg(dir)
            .current_dir(t.path())
            .stdout(Stdio::null())
            .status()
            .unwrap()
            .success();
        assert!(ok, "archive add {dir}");
    }
    t
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Every file under `dir` with its SHA-256.
fn contents(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), sha256_hex(&path));
            }
        }
    }
    files
}

/// Lets other accounts enter `dir` (not what is in it).
fn open_to_others(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn chmod(mode: &str, path: &Path) {
    let ok = Command::new("chmod")
        .args(["-R", mode])
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "chmod {mode} {}", path.display());
}

/// Runs bantin in `t` as an account that may only read the archive: `nobody` when the
/// tests run as root, else this account.
fn as_reader(t: &TestDir, args: &[&str]) -> Ran {
    let bantin = assert_cmd::cargo::cargo_bin("bantin");
    let mut cmd = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bantin);
        c
    } else {
        Command::new(&bantin)
    };
    let out = cmd
        .current_dir(t.path())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("bantin (or setpriv) runs");
    Ran {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn can_switch_to_nobody() -> bool {
    !is_root()
        || Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
            .status()
            .is_ok_and(|s| s.success())
}

/// Every reading command works on the archive at `archive` (a path relative to `t` or
/// absolute), run by `run`; `export_to` is a folder the reader may write.
fn every_reader_works(archive: &str, export_to: &Path, run: &dyn Fn(&[&str]) -> Ran) {
    let ok = |args: &[&str]| {
        let mut all = vec!["archive", "--archive", archive];
        all.extend_from_slice(args);
        let ran = run(&all);
        assert_eq!(ran.code, 0, "{args:?}\n{}\n{}", ran.stdout, ran.stderr);
        ran
    };
    let list: serde_json::Value = serde_json::from_str(&ok(&["list", "--json"]).stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    let hits: serde_json::Value =
        serde_json::from_str(&ok(&["search", "an", "ninh", "trat", "tu", "--json"]).stdout)
            .unwrap();
    assert_eq!(hits[0]["id"], "2026-11-26-sang");
    assert_contains(
        &ok(&["search", "xuan", "lam"]).stdout,
        &["2026-11-26-chieu"],
    );
    assert_contains(
        &ok(&["show", "2026-11-26-sang"]).stdout,
        &["aired at:  2026-11-26T05:30:00+07:00"],
    );
    assert_contains(
        &ok(&["verify"]).stderr,
        &["checked 14 files of 2 bulletins", "all intact"],
    );
    let csv = ok(&["as-run"]).stdout;
    assert_eq!(csv.split("\r\n").filter(|l| !l.is_empty()).count(), 3);
    let dest = export_to.join("ban-sao");
    let dest_arg = dest.to_str().unwrap();
    assert_eq!(
        ok(&["export", "2026-11-26-chieu", dest_arg])
            .stdout
            .lines()
            .count(),
        7
    );
}

#[test]
fn another_account_with_read_access_can_search_and_changes_nothing() {
    if !can_switch_to_nobody() {
        eprintln!("running as root without setpriv: the other-account case was not run here");
        return;
    }
    let t = station();
    let archive = t.path().join("archive");
    let before = contents(&archive);
    chmod("a-w", &archive);
    // The reader may enter the station folder (a temporary folder is private) and write
    // its export elsewhere. The archive's files are as bantin made them: readable by
    // others under the usual umask.
    open_to_others(t.path());
    let exports = t.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    chmod("a+rwx", &exports);

    every_reader_works("archive", &exports, &|args| as_reader(&t, args));

    let ran = as_reader(&t, &["archive", "add", "bulletins/2026-11-26-sang"]);
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_contains(
        &ran.stderr,
        &[
            "cannot be written",
            "it can be searched, listed, shown, verified and exported",
        ],
    );
    let ran = as_reader(&t, &["archive", "verify", "--repair"]);
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_contains(&ran.stderr, &["cannot be written"]);

    chmod("u+w", &archive);
    assert_eq!(contents(&archive), before, "the archive was changed");
}

/// A WAL catalog made by an older bantin, on a folder this account cannot write: SQLite
/// cannot make its `-shm` index there; read as it is, it is whole — unless its `-wal`
/// holds changes, which is said.
#[test]
fn an_older_wal_catalog_is_read_where_nothing_can_be_written() {
    if !can_switch_to_nobody() {
        eprintln!("running as root without setpriv: the WAL case was not run here");
        return;
    }
    let t = station();
    let catalog = t.path().join("archive/catalog.sqlite");
    {
        let conn = rusqlite::Connection::open(&catalog).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
    // A copy taken while a WAL writer had changes not yet in the main file.
    let pending = t.path().join("pending");
    std::fs::create_dir_all(&pending).unwrap();
    {
        let conn = rusqlite::Connection::open(&catalog).unwrap();
        conn.execute_batch(
            "PRAGMA wal_autocheckpoint = 0; UPDATE bulletins SET title = title || ' (sửa)';",
        )
        .unwrap();
        for name in ["catalog.sqlite", "catalog.sqlite-wal"] {
            std::fs::copy(t.path().join("archive").join(name), pending.join(name)).unwrap();
        }
    }
    assert!(!t.path().join("archive/catalog.sqlite-wal").exists());
    chmod("a-w", &t.path().join("archive"));
    chmod("a-w", &pending);
    open_to_others(t.path());
    let exports = t.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    chmod("a+rwx", &exports);

    every_reader_works("archive", &exports, &|args| as_reader(&t, args));

    let ran = as_reader(&t, &["archive", "--archive", "pending", "list"]);
    assert_eq!(ran.code, 2, "{}", ran.stdout);
    assert_contains(
        &ran.stderr,
        &[
            "has changes in its -wal file",
            "where the archive can be written",
        ],
    );
    chmod("u+w", t.path());
}

/// A backup disk: the archive copied to a file system mounted read-only, where not even
/// root can write. Only where the tests may mount one (as root).
#[test]
fn a_backup_disk_mounted_read_only_can_be_searched() {
    let t = station();
    let disk = t.path().join("backup");
    std::fs::create_dir_all(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=20m", "tmpfs"])
        .arg(&disk)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("cannot mount a tmpfs here: the backup-disk case was not run");
        return;
    }
    let unmount = Unmount(disk.clone());
    let copied = Command::new("cp")
        .args(["-a"])
        .arg(t.path().join("archive"))
        .arg(&disk)
        .status()
        .unwrap()
        .success();
    assert!(copied);
    let remounted = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&disk)
        .status()
        .unwrap()
        .success();
    assert!(remounted);
    let before = contents(&disk);
    let archive = disk.join("archive");

    every_reader_works(archive.to_str().unwrap(), t.path(), &|args| t.run(args));

    let err = t.fails(
        2,
        [
            "archive",
            "--archive",
            archive.to_str().unwrap(),
            "add",
            "bulletins/2026-11-26-sang",
        ],
    );
    assert_contains(&err, &["cannot be written", "Read-only file system"]);
    assert_eq!(contents(&disk), before);
    drop(unmount);
}

struct Unmount(PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}
