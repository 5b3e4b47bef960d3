//! Killing the server outright (SIGKILL: no destructor, no cleanup) in the middle of an
//! upload, an edit or an assembly loses nothing that had been saved and leaves no
//! half-written file where a reader would look; started again, the server shows the
//! state as the files hold it and clears what the killed one left.

use super::harness::*;
use std::io::Write as _;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Files a reader would see in `dir` (hidden names left out), with their bytes' hash.
fn visible(dir: &Path) -> Vec<(PathBuf, String)> {
    snapshot(dir)
        .into_iter()
        .filter(|(p, _)| {
            !p.strip_prefix(dir)
                .unwrap()
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
        .map(|(p, bytes)| (p, sha256_hex_of(&bytes)))
        .collect()
}

fn hidden_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with('.') && n != ".bantin.lock")
                .collect()
        })
        .unwrap_or_default()
}

fn wait_for_file(path: &Path, within: Duration) {
    poll_until(
        within,
        || path.exists(),
        || format!("{} never appeared", path.display()),
    );
}

/// The server, set to pause at `point` (`bantin::failpoint`) and write the station's
/// `paused` file when it gets there; that file's path.
fn start_pausing_at(station: &Station, point: &str) -> (Server, PathBuf) {
    let flag = station.path().join("paused");
    let pause = format!("{point}:{}", flag.display());
    let server = Server::start_env(
        station,
        &["--listen", "127.0.0.1:0"],
        &[("BANTIN_PAUSE_AT", &pause)],
    );
    (server, flag)
}

#[cfg(unix)]
#[test]
fn a_kill_in_the_middle_of_an_upload_keeps_the_take_that_was_saved() {
    let station = Station::example();
    let id = station.make_bulletin();
    let dir = station.bulletin_dir(&id);
    let recordings = dir.join("recordings");
    let mut server = Server::start(&station);
    let s = session(&server.addr);
    // A take recorded and saved.
    let first = std::fs::read(fixture("speech-16.wav")).unwrap();
    let saved = upload_take(&server.addr, &s, &id, "00-mo-dau", &first);
    assert_eq!(saved.status, 200, "{}", saved.text());
    let before = visible(&dir);

    // Recorded again: the server is killed while the new take is arriving.
    let second = std::fs::read(fixture("speech-24.wav")).unwrap();
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    write!(
        stream,
        "POST /b/{id}/takes/00-mo-dau HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nX-CSRF-Token: {}\r\nContent-Type: audio/wav\r\nContent-Length: {}\r\n\r\n",
        server.addr,
        s.cookie,
        s.csrf,
        second.len()
    )
    .unwrap();
    stream.write_all(&second[..second.len() / 2]).unwrap();
    stream.flush().unwrap();
    // The half that came is on disk, under a hidden name.
    let arriving = || -> u64 {
        hidden_in(&recordings)
            .iter()
            .filter_map(|n| std::fs::metadata(recordings.join(n)).ok())
            .map(|m| m.len())
            .sum()
    };
    poll_until(
        Duration::from_secs(10),
        || arriving() > 0,
        || "the upload never started".into(),
    );
    server.kill();
    drop(stream);
    assert_eq!(visible(&dir), before, "what was saved is as it was");
    let left = hidden_in(&recordings);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].starts_with(".incoming-") && left[0].ends_with(".part.wav"));
    // bantin status ignores it, and the take saved is there.
    let status = station
        .bantin()
        .args(["status", "--json", &format!("bulletins/{id}")])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1), "the other takes are missing");
    let status = String::from_utf8_lossy(&status.stdout).into_owned();
    assert!(!status.contains(".incoming-"), "{status}");
    let status: serde_json::Value = serde_json::from_str(&status).unwrap();
    let opening = status_take(&status, "00-mo-dau");
    assert_eq!(opening["state"], "recorded", "{opening}");

    // Started again: the half upload is cleared; the booth shows the take saved.
    let saved_takes = visible(&recordings);
    let server = Server::start(&station);
    assert!(
        hidden_in(&recordings).is_empty(),
        "{:?}",
        hidden_in(&recordings)
    );
    assert_eq!(visible(&recordings), saved_takes);
    let s = session(&server.addr);
    let booth = page_text(&server.addr, &format!("/b/{id}/booth?take=00-mo-dau"), &s);
    assert!(booth.contains("● Thu lại"), "the take shows as recorded");
}

#[cfg(unix)]
#[test]
fn a_kill_in_the_middle_of_an_edit_leaves_the_rundown_whole() {
    let station = Station::example();
    let id = station.make_bulletin();
    let dir = station.bulletin_dir(&id);
    let (mut server, flag) = start_pausing_at(&station, "edit-write");
    let s = session(&server.addr);
    let rundown_before = std::fs::read(dir.join("rundown.toml")).unwrap();
    let r = bantin::bulletin::rundown::Rundown::load(&dir).unwrap();
    let spoken = r
        .segments()
        .find(|s| s.id == "01-2")
        .unwrap()
        .spoken
        .clone();
    // The version the editor's page was made on, as the form carries it.
    let page = page_text(&server.addr, &format!("/b/{id}/script"), &s);
    let form = page
        .split("action=\"/b/")
        .find(|f| f.contains("/segment/01-2\""))
        .unwrap();
    let base = form
        .split("name=\"base\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let body = serde_urlencoded::to_string([
        ("_csrf", s.csrf.as_str()),
        ("base", base.as_str()),
        ("text", "Lời đọc mới, chưa kịp lưu."),
    ])
    .unwrap();
    let (addr, path) = (server.addr.clone(), format!("/b/{id}/segment/01-2"));
    let cookie = s.cookie.clone();
    let edit = std::thread::spawn(move || {
        let s = Session {
            cookie,
            csrf: String::new(),
        };
        post_form(&addr, &path, &s, body.as_bytes())
    });
    wait_for_file(&flag, Duration::from_secs(20));
    // Paused with the new rundown written under a hidden name, not yet in place.
    let temps = hidden_in(&dir);
    assert!(
        temps.iter().any(|n| n.starts_with(".rundown.toml.bantin-")),
        "{temps:?}"
    );
    server.kill();
    let _ = edit.join();
    assert_eq!(
        std::fs::read(dir.join("rundown.toml")).unwrap(),
        rundown_before,
        "the rundown is the one saved, whole"
    );
    assert!(bantin::bulletin::rundown::Rundown::load(&dir).is_ok());

    // Started again: the half-made temporary file is gone, the page shows the file's text.
    let server = Server::start(&station);
    assert!(
        !hidden_in(&dir).iter().any(|n| n.contains(".bantin-")),
        "{:?}",
        hidden_in(&dir)
    );
    let s = session(&server.addr);
    let page = page_text(&server.addr, &format!("/b/{id}/script"), &s);
    assert!(!page.contains("chưa kịp lưu"));
    let first_words: String = spoken.chars().take(30).collect();
    assert!(page.contains(&first_words), "the saved text shows");
}

#[cfg(unix)]
#[test]
fn a_kill_in_the_middle_of_an_assembly_keeps_the_set_that_was_there() {
    let station = Station::example();
    let id = station.make_bulletin();
    let dir = station.bulletin_dir(&id);
    let out = dir.join("out");
    station.record_example_takes(&id, &[]);

    // Killed while preparing the takes, before anything is in place: no output at all.
    let mut server = Server::start(&station);
    let s = session(&server.addr);
    let reply = start_assembly(&server.addr, &s, &id);
    assert_eq!(reply.status, 303);
    let assemble_page = || page_text(&server.addr, &format!("/b/{id}/assemble"), &s);
    poll_until(
        Duration::from_secs(60),
        || {
            let page = assemble_page();
            page.contains("Đang chuẩn bị tệp") && !page.contains("Đang chuẩn bị tệp 1 /")
        },
        || format!("never preparing: {}", assemble_page()),
    );
    server.kill();
    assert!(visible(&out).is_empty(), "{:?}", visible(&out));

    // A first set made; then a second run killed with its new set written under hidden
    // names, just before they are put in place: the first set stays, whole.
    station.run_ok(&["--quiet", "assemble", &format!("bulletins/{id}")]);
    let first_set = visible(&out);
    assert_eq!(first_set.len(), 3);
    let (mut server, flag) = start_pausing_at(&station, "assemble-commit");
    let s = session(&server.addr);
    start_assembly(&server.addr, &s, &id);
    wait_for_file(&flag, Duration::from_secs(120));
    let staged = hidden_in(&out);
    assert!(
        staged.iter().filter(|n| n.contains(".bantin-")).count() >= 3,
        "the new set is staged: {staged:?}"
    );
    server.kill();
    assert_eq!(
        visible(&out),
        first_set,
        "the set that was there stays, whole"
    );
    let status = station
        .bantin()
        .args(["playlist", "--date", &today(), "-o", "-", "--allow-missing"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&status.stdout).contains(&format!("{id}.wav")),
        "the playlist finds the finished bulletin"
    );

    // Started again: the result page shows the set as the files hold it, and the next
    // run clears what the killed one left.
    let server = Server::start(&station);
    let s = session(&server.addr);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join(format!("{id}.json"))).unwrap()).unwrap();
    let created = report["created"].as_str().unwrap();
    let result = page_text(&server.addr, &format!("/b/{id}/result"), &s);
    assert!(
        result.contains(&format!("data-made=\"{created}\"")),
        "the first set shows"
    );
    assert!(
        hidden_in(&out).iter().all(|n| !n.contains(".bantin-")),
        "opening the finished bulletin tidied {:?}",
        hidden_in(&out)
    );
}
