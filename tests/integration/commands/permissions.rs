//! Files bantin writes are readable as the umask allows, like any program's: the playout
//! account and colleagues read the bulletin, its report, the scripts and the rundown.

use std::path::Path;

use crate::kit::signal::speech;
use crate::kit::wav::write_f32;
use crate::kit::{TestDir, article};

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Runs `bantin ARGS` under `umask`, through the shell (the test process's own umask
/// is shared by every test running beside it).
#[cfg(unix)]
fn under_umask(t: &TestDir, umask: &str, args: &[&str]) {
    let bantin = assert_cmd::cargo::cargo_bin("bantin");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(bantin)
        .args(args)
        .current_dir(t.path())
        .status()
        .unwrap();
    assert!(status.success(), "bantin {args:?} under umask {umask}");
}

#[cfg(unix)]
#[test]
fn written_files_follow_the_umask() {
    for (umask, want) in [("022", 0o644), ("027", 0o640)] {
        let t = TestDir::new();
        t.write("bantin.toml", "");
        write_f32(
            &t.path().join("rec/01.wav"),
            48_000,
            1,
            &speech(48_000, 3.0, -18.0, 1),
        );
        let art = article("tho-xuan.utf8.txt");
        under_umask(
            &t,
            umask,
            &[
                "new",
                "bulletins/2026-11-27-sang",
                "--date",
                "2026-11-27",
                "--slot",
                "sang",
                art.to_str().unwrap(),
                "-q",
            ],
        );
        under_umask(
            &t,
            umask,
            &["assemble", "--recordings", "rec", "-o", "out/x.wav", "-q"],
        );
        for f in [
            "bulletins/2026-11-27-sang/rundown.toml",
            "bulletins/2026-11-27-sang/script.html",
            "bulletins/2026-11-27-sang/script.txt",
            "out/x.wav",
            "out/x.json",
            "out/x.html",
        ] {
            assert_eq!(
                mode(&t.path().join(f)),
                want,
                "{f} under umask {umask}: {:o}",
                mode(&t.path().join(f))
            );
        }
    }
}
