//! Assembling and listening over plain HTTP: one run per bulletin (a second request
//! finds the running one), two bulletins at once, the finished files served with range
//! requests so a player can seek, the pages in English when the station asks, and
//! bulletins archived by themselves after their slot.

use super::harness::*;
use std::time::Duration;

/// The run a bulletin's assemble page shows: its start (ms), while one runs.
fn running(server: &Server, s: &Session, id: &str) -> Option<String> {
    let page = page_text(&server.addr, &format!("/b/{id}/assemble"), s);
    page.split("data-started=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(str::to_string)
}

fn start(server: &Server, s: &Session, id: &str) {
    let reply = start_assembly(&server.addr, s, id);
    assert_eq!(reply.status, 303, "{}", reply.text());
}

fn wait_finished(server: &Server, s: &Session, id: &str) {
    poll_until(
        Duration::from_secs(180),
        || running(server, s, id).is_none(),
        || format!("{id} still assembling"),
    );
}

#[test]
fn one_run_per_bulletin_two_bulletins_at_once_and_ranges_to_seek() {
    let station = Station::example();
    let sang = station.make_bulletin();
    let date = today();
    let chieu = station.make_bulletin_of("chieu", &["article.txt"]);
    station.record_example_takes(&sang, &[]);
    station.record_example_takes(&chieu, &[]);
    let server = Server::start(&station);
    let s = session(&server.addr);

    start(&server, &s, &sang);
    let first = running(&server, &s, &sang).expect("the run shows");
    // Asked again while it runs: the page follows the same run.
    start(&server, &s, &sang);
    assert_eq!(running(&server, &s, &sang).as_deref(), Some(first.as_str()));
    // Another bulletin starts at once, while the first runs.
    start(&server, &s, &chieu);
    let other = running(&server, &s, &chieu).expect("the second bulletin's run");
    assert_ne!(other, first);
    assert_eq!(
        running(&server, &s, &sang).as_deref(),
        Some(first.as_str()),
        "both run at once"
    );
    wait_finished(&server, &s, &sang);
    wait_finished(&server, &s, &chieu);
    for id in [&sang, &chieu] {
        let out = station.bulletin_dir(id).join("out");
        for ext in ["wav", "json", "html"] {
            assert!(out.join(format!("{id}.{ext}")).is_file(), "{id}.{ext}");
        }
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join(format!("{id}.json"))).unwrap())
                .unwrap();
        assert_eq!(report["date"], date.as_str());
    }

    // The finished WAV, in parts: what a player asks for when it seeks.
    let wav = station
        .bulletin_dir(&sang)
        .join("out")
        .join(format!("{sang}.wav"));
    let bytes = std::fs::read(&wav).unwrap();
    let len = bytes.len();
    let path = format!("/b/{sang}/out/{sang}.wav");
    let ranged = |range: &str| {
        raw(
            &server.addr,
            format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nRange: {range}\r\nConnection: close\r\n\r\n",
                server.addr, s.cookie
            )
            .as_bytes(),
        )
    };
    let part = ranged("bytes=1000-1999");
    assert_eq!(part.status, 206);
    assert_eq!(
        part.header("content-range").as_deref(),
        Some(format!("bytes 1000-1999/{len}").as_str())
    );
    assert_eq!(part.body, bytes[1000..2000]);
    let tail = ranged("bytes=-500");
    assert_eq!(tail.status, 206);
    assert_eq!(tail.body, bytes[len - 500..]);
    let open = ranged(&format!("bytes={}-", len - 10));
    assert_eq!(open.body, bytes[len - 10..]);
    let past = ranged(&format!("bytes={len}-"));
    assert_eq!(past.status, 416);
    assert_eq!(
        past.header("content-range").as_deref(),
        Some(format!("bytes */{len}").as_str())
    );
    let whole = get(&server.addr, &path, Some(&s.cookie));
    assert_eq!(whole.status, 200);
    assert_eq!(whole.header("accept-ranges").as_deref(), Some("bytes"));
    assert_eq!(whole.header("content-type").as_deref(), Some("audio/wav"));
    assert_eq!(whole.body.len(), len);
    // An If-Range of another version (the bulletin was assembled again) gets it all.
    let stale = raw(
        &server.addr,
        format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nRange: bytes=0-9\r\nIf-Range: \"0-0\"\r\nConnection: close\r\n\r\n",
            server.addr, s.cookie
        )
        .as_bytes(),
    );
    assert_eq!((stale.status, stale.body.len()), (200, len));
    let download = get(&server.addr, &format!("{path}?download=1"), Some(&s.cookie));
    assert_eq!(
        download.header("content-disposition").as_deref(),
        Some(format!("attachment; filename=\"{sang}.wav\"").as_str())
    );
    // The report page, with its own inline styles allowed and nothing else.
    let page = get(
        &server.addr,
        &format!("/b/{sang}/out/{sang}.html"),
        Some(&s.cookie),
    );
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-security-policy").is_some_and(|p| p
            .contains("style-src 'unsafe-inline'")
            && p.contains("default-src 'none'")),
        "{}",
        page.head
    );
    // Only the three finished files, nothing else of the folder.
    for bad in [
        format!("/b/{sang}/out/rundown.toml"),
        format!("/b/{sang}/out/..%2Frundown.toml"),
        format!("/b/{sang}/out/{chieu}.wav"),
        format!("/b/{sang}/out/{sang}.txt"),
    ] {
        assert_eq!(
            get(&server.addr, &bad, Some(&s.cookie)).status,
            404,
            "{bad}"
        );
    }

    // The station's language: the same pages in English.
    let config = station.path().join("bantin.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(
        &config,
        text.replacen("[station]\n", "[station]\nlanguage = \"en\"\n", 1),
    )
    .unwrap();
    let result = page_text(&server.addr, &format!("/b/{sang}/result"), &s);
    for words in [
        "Listen to the bulletin",
        "Integrated loudness",
        "Rundown",
        "Broadcast file (WAV)",
    ] {
        assert!(result.contains(words), "{words} not in the English page");
    }
    let air = page_text(&server.addr, "/air", &s);
    assert!(air.contains("What the playout system gets"), "{air}");
    assert!(page_text(&server.addr, "/archive", &s).contains("As-run log"));
}

#[test]
fn a_bulletin_is_archived_by_itself_after_its_slot() {
    let station = Station::example();
    station.configure(
        "[[schedule.slots]]\nid = \"sang\"\ntime = \"00:00\"\ntitle = \"Bản tin sáng\"\n\n\
         [[schedule.slots]]\nid = \"chieu\"\ntime = \"23:59\"\ntitle = \"Bản tin chiều\"\n\n\
         [playout]\narchive_after_minutes = 0\n",
    );
    let id = station.make_bulletin();
    station.record_example_takes(&id, &[]);
    station.run_ok(&["--quiet", "assemble", &format!("bulletins/{id}")]);
    let date = today();
    let record = station.archived_dir(&id).join("record.json");
    assert!(!record.exists());
    let server = Server::start(&station);
    poll_until(
        Duration::from_secs(30),
        || record.is_file(),
        || "not archived by itself".into(),
    );
    let listed: serde_json::Value =
        serde_json::from_str(&station.run_ok(&["archive", "list", "--json"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(
        listed[0]["aired_at"].as_str().unwrap(),
        format!("{date}T00:00:00+07:00"),
        "aired at its slot's time"
    );
    let s = session(&server.addr);
    let air = page_text(&server.addr, "/air", &s);
    assert!(air.contains("Đã lưu trữ — phát lúc 00:00"), "{air}");
    assert!(air.contains("Tự động lưu trữ mỗi bản tin 0 phút sau giờ phát."));
}
