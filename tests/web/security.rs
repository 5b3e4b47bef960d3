//! Security from the start: loopback by default, accounts beyond it, the login flow and
//! its limit, CSRF on every POST, a Host check, and every request path validated.

use super::harness::*;
use std::io::Write as _;
use std::process::Stdio;
use std::time::Duration;

fn add_user(station: &Station, name: &str, password: &str) {
    let mut child = station
        .bantin()
        .args(["user", "add", name, "--password-stdin"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    assert!(child.wait().unwrap().success());
}

#[test]
fn a_non_loopback_address_without_accounts_refuses_to_start() {
    let station = Station::example();
    let out = station
        .bantin()
        .args(["serve", "--listen", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bantin user add NAME") && err.contains("no accounts"),
        "{err}"
    );
}

#[test]
fn the_accounts_file_is_private_and_holds_no_password() {
    let station = Station::example();
    add_user(&station, "lan", "mật khẩu của Lan");
    let path = station.path().join("bantin-users.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("$argon2id$") && !text.contains("mật khẩu"),
        "{text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let out = station.bantin().args(["user", "list"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "lan\n");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_flow_in_the_browser() {
    let Some((_one, driver)) = browser_turn().await else {
        return;
    };
    let station = Station::example();
    add_user(&station, "lan", "mật khẩu của Lan");
    let server = Server::start(&station);
    let b = driver.browser(None).await;
    open_and_find(&b, &server, "/", "section.login").await;
    assert!(b.current_url().await.unwrap().as_str().ends_with("/login"));
    screenshot(&b, "13-login").await;
    type_into(&b, "input[name=name]", "lan").await;
    type_into(&b, "input[name=password]", "sai").await;
    click(&b, "section.login button").await;
    let error = wait_text(&b, ".notice.error", Duration::from_secs(5)).await;
    assert_eq!(error, "Sai tên hoặc mật khẩu.");
    type_into(&b, "input[name=password]", "mật khẩu của Lan").await;
    click(&b, "section.login button").await;
    wait_for(&b, "#slot-sang", Duration::from_secs(5)).await;
    let who = text(&b, ".who span").await;
    assert_eq!(who, "Đang dùng: lan");
    click(&b, ".who button").await;
    wait_for(&b, "section.login", Duration::from_secs(5)).await;
    open_and_find(&b, &server, "/new", "section.login").await;
    b.close().await.unwrap();
}

/// The login form as a raw POST (the session's CSRF token included).
fn login(server: &Server, s: &Session, name: &str, password: &str) -> Reply {
    let body = serde_urlencoded::to_string([
        ("_csrf", s.csrf.as_str()),
        ("name", name),
        ("password", password),
    ])
    .unwrap();
    post_form(&server.addr, "/login", s, body.as_bytes())
}

#[test]
fn failed_logins_lock_the_name_and_cookies_are_strict() {
    let station = Station::example();
    add_user(&station, "lan", "mật khẩu của Lan");
    station.configure("[web]\nlogin_attempts = 3\nlogin_lockout_minutes = 2\n");
    let server = Server::start(&station);
    let s = session(&server.addr);
    let cookie = get(&server.addr, "/login", None)
        .header("set-cookie")
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert_eq!(
        get(&server.addr, "/new", Some(&s.cookie)).status,
        303,
        "pages need a login"
    );
    for _ in 0..2 {
        assert_eq!(login(&server, &s, "lan", "sai").status, 401);
    }
    let locked = login(&server, &s, "lan", "sai");
    assert_eq!(locked.status, 429);
    assert!(locked.text().contains("Chờ 2 phút"), "{}", locked.text());
    // Even the right password waits now.
    let right = login(&server, &s, "lan", "mật khẩu của Lan");
    assert_eq!(right.status, 429, "{}", right.text());
    // Another account from elsewhere is not locked by it… but this address is.
    assert_eq!(login(&server, &s, "hung", "x").status, 429);
}

#[test]
fn the_right_login_gives_a_new_session() {
    let station = Station::example();
    add_user(&station, "lan", "mật khẩu của Lan");
    let server = Server::start(&station);
    let s = session(&server.addr);
    let ok = login(&server, &s, "lan", "mật khẩu của Lan");
    assert_eq!(ok.status, 303, "{}", ok.text());
    let new_cookie = ok.header("set-cookie").unwrap();
    assert!(
        !new_cookie.contains(&s.cookie),
        "the session token changes at login"
    );
    let cookie = new_cookie.split(';').next().unwrap();
    assert_eq!(get(&server.addr, "/", Some(cookie)).status, 200);
    assert_eq!(
        get(&server.addr, "/", Some(&s.cookie)).status,
        303,
        "the old token is worth nothing"
    );
}

#[test]
fn posts_without_the_csrf_token_or_from_elsewhere_are_refused() {
    let station = Station::example();
    let id = station.make_bulletin();
    let server = Server::start(&station);
    let s = session(&server.addr);
    let path = format!("/b/{id}/segment/01-1");
    let form = "base=x&text=Hacked";
    let no_token = raw(
        &server.addr,
        format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
            server.addr, s.cookie, form.len()
        )
        .as_bytes(),
    );
    assert_eq!(no_token.status, 403);
    assert!(
        no_token.text().contains("Tải lại trang"),
        "{}",
        no_token.text()
    );
    let wrong = Session {
        cookie: s.cookie.clone(),
        csrf: "0".repeat(64),
    };
    assert_eq!(
        post_form(&server.addr, &path, &wrong, form.as_bytes()).status,
        403
    );
    let elsewhere = post(
        &server.addr,
        &path,
        &s,
        "application/x-www-form-urlencoded",
        form.as_bytes(),
        "Origin: http://evil.example\r\n",
    );
    assert_eq!(elsewhere.status, 403);
    // A DNS name that points at this PC from a web page elsewhere is not this server.
    let rebound = raw(
        &server.addr,
        b"GET / HTTP/1.1\r\nHost: evil.example:80\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(rebound.status, 403);
    let r = bantin::bulletin::rundown::Rundown::load(&station.bulletin_dir(&id)).unwrap();
    assert!(!r.segments().any(|s| s.spoken == "Hacked"));
}

#[test]
fn request_paths_never_reach_outside_the_station_folder() {
    let station = Station::example();
    let id = station.make_bulletin();
    std::fs::write(station.path().join("secret.txt"), "BÍ MẬT").unwrap();
    let server = Server::start(&station);
    let s = session(&server.addr);
    let before = snapshot(station.path());
    let gets = [
        "/b/../script".to_string(),
        "/b/..%2F..%2Fsecret.txt/script".into(),
        "/b/%2e%2e/script".into(),
        "/b/%2Fetc%2Fpasswd/script".into(),
        "/b/C:%5CWindows/script".into(),
        "/b/bulletins%00/script".into(),
        format!("/b/{id}/audio/..%2F..%2F..%2Fsecret.txt"),
        format!("/b/{id}/audio/%2Fetc%2Fpasswd.wav"),
        format!("/b/{id}/audio/00-mo-dau%00.wav"),
        format!("/b/{id}/audio/..%5C..%5Cbantin.toml.wav"),
        format!("/b/{id}/booth?take=..%2F..%2Fsecret"),
        "/static/../secret.txt".into(),
        "/static/..%2F..%2Fsecret.txt".into(),
        "/static/%2Fetc%2Fpasswd".into(),
        "/../../secret.txt".into(),
    ];
    for path in &gets {
        let reply = get(&server.addr, path, Some(&s.cookie));
        assert!(
            (400..500).contains(&reply.status),
            "{path}: {}",
            reply.status
        );
        let text = reply.text();
        assert!(
            !text.contains("BÍ MẬT") && !text.contains("root:") && !text.contains("[station]"),
            "{path} leaked"
        );
    }
    let wav = std::fs::read(fixture("speech-16.wav")).unwrap();
    for take in [
        "..%2F..%2Fsecret",
        "%2Fetc%2Fx",
        "00-mo-dau%00",
        "C:%5Cx",
        "..",
    ] {
        let reply = upload_take(&server.addr, &s, &id, take, &wav);
        assert!(
            (400..500).contains(&reply.status),
            "upload as {take}: {}",
            reply.status
        );
    }
    for edit in [
        format!("/b/..%2F{id}/segment/01-1"),
        format!("/b/{id}/segment/..%2F01-1"),
    ] {
        let reply = post_form(&server.addr, &edit, &s, b"base=x&text=y");
        assert!(
            (400..500).contains(&reply.status),
            "{edit}: {}",
            reply.status
        );
    }
    assert_eq!(
        snapshot(station.path()),
        before,
        "a refused request changed a file"
    );
}

#[test]
fn bad_uploads_get_a_clear_message_and_change_nothing() {
    let station = Station::example();
    station.configure("[web]\nupload_limit_mb = 1\n");
    let id = station.make_bulletin();
    let server = Server::start(&station);
    let s = session(&server.addr);
    let dir = station.bulletin_dir(&id);
    let good = std::fs::read(fixture("speech-16.wav")).unwrap();
    let upload = |body: &[u8]| upload_take(&server.addr, &s, &id, "01-1", body);
    // A first good take, so "change nothing" also means "the take already there stays".
    assert_eq!(upload(&good).status, 200);
    let before = snapshot(station.path());
    let cases: [(&str, Vec<u8>, u16, &str); 5] = [
        ("empty", Vec::new(), 400, "Tệp gửi lên trống"),
        (
            "not audio",
            "Đây là một bài báo, không phải âm thanh."
                .as_bytes()
                .to_vec(),
            422,
            "không phải là âm thanh",
        ),
        (
            "truncated",
            std::fs::read(fixture("lying-header.wav")).unwrap(),
            422,
            "bị cắt cụt",
        ),
        (
            "no samples",
            std::fs::read(fixture("zero-length.wav")).unwrap(),
            422,
            "không có mẫu nào",
        ),
        (
            "too large",
            vec![0u8; 2 * 1024 * 1024],
            413,
            "Tệp quá lớn: giới hạn là 1 MB",
        ),
    ];
    for (what, body, status, message) in cases {
        let reply = upload(&body);
        assert_eq!(reply.status, status, "{what}: {}", reply.text());
        let json: serde_json::Value = serde_json::from_slice(&reply.body).unwrap_or_default();
        let error = json["error"].as_str().unwrap_or_default();
        assert!(
            error.contains(message) && error.contains("Không có gì bị thay đổi")
                || what == "empty" && error.contains(message),
            "{what}: {error}"
        );
        assert_eq!(snapshot(station.path()), before, "{what} changed a file");
    }
    // A body that claims to be small but keeps coming is cut off at the limit too.
    let mut request = format!(
        "POST /b/{id}/takes/01-1 HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nX-CSRF-Token: {}\r\nContent-Type: audio/wav\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        server.addr, s.cookie, s.csrf
    )
    .into_bytes();
    for _ in 0..40 {
        request.extend_from_slice(format!("{:x}\r\n", 64 * 1024).as_bytes());
        request.extend_from_slice(&vec![1u8; 64 * 1024]);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let reply = raw(&server.addr, &request);
    assert_eq!(reply.status, 413, "{}", reply.text());
    assert_eq!(
        snapshot(station.path()),
        before,
        "a streamed oversized upload changed a file"
    );
    let names: Vec<String> = std::fs::read_dir(dir.join("recordings"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["01-1.wav"], "no temporary file is left behind");
}

#[test]
fn recording_a_take_again_keeps_the_previous_one_and_status_sees_it() {
    let station = Station::example();
    let id = station.make_bulletin();
    let server = Server::start(&station);
    let s = session(&server.addr);
    let dir = station.bulletin_dir(&id);
    let first = std::fs::read(fixture("speech-16.wav")).unwrap();
    let second = std::fs::read(fixture("speech-22k.wav")).unwrap();
    let upload = |body: &[u8]| upload_take(&server.addr, &s, &id, "00-mo-dau", body);
    let reply = upload(&first);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let json: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(json["analysis"]["sample_rate"], 48000);
    assert!((json["analysis"]["duration_s"].as_f64().unwrap() - 2.0).abs() < 0.001);
    assert_eq!(upload(&second).status, 200);
    assert_eq!(
        std::fs::read(dir.join("recordings/00-mo-dau.wav")).unwrap(),
        second
    );
    let kept: Vec<Vec<u8>> = std::fs::read_dir(dir.join("recordings/previous"))
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(kept, [first], "the first recording is kept");
    // Today says how far the recording is and what is missing.
    let today_page = page_text(&server.addr, "/", &s);
    assert!(
        today_page.contains("Đang thu (1 / 10 bản thu)"),
        "{today_page}"
    );
    assert!(today_page.contains("Còn thiếu: 01-1, 01-2"), "{today_page}");
    let out = station.status(&id);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("00-mo-dau    recorded"), "{text}");
    assert!(text.contains("1 of 10 takes recorded"), "{text}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("previous"),
        "the kept takes are no strays: {err}"
    );
}
