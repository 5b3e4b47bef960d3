//! Bản tin mới (new bulletin) as a form post: pasted text and uploaded files in any
//! encoding `bantin new` reads, in air order; a bad article refused in Vietnamese with
//! nothing made; an existing bulletin never replaced. And the pages in English.

use super::harness::*;

/// A form field: name, file name (None for a text field), bytes.
type Field<'a> = (&'a str, Option<&'a str>, &'a [u8]);

/// A multipart form body: (field, file name, bytes); None as file name for a text field.
fn multipart(fields: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----bantin-test-boundary";
    let mut body = Vec::new();
    for (name, file, bytes) in fields {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn create(server: &Server, s: &Session, fields: &[(&str, Option<&str>, &[u8])]) -> Reply {
    let (content_type, body) = multipart(fields);
    // File uploads carry the CSRF token in the address (the form's action), not a header.
    let no_header = Session {
        cookie: s.cookie.clone(),
        csrf: String::new(),
    };
    post(
        &server.addr,
        &format!("/new?_csrf={}", s.csrf),
        &no_header,
        &content_type,
        &body,
        "",
    )
}

#[test]
fn pasted_and_uploaded_articles_make_the_bulletin_in_order() {
    let station = Station::example();
    let server = Server::start(&station);
    let s = session(&server.addr);
    let date = today();
    let pasted = "Tin ngắn về nông nghiệp\n\nHợp tác xã Xuân Lam thu hoạch lúa sớm. Năng suất đạt 62 tạ một héc ta.\n";
    let tcvn3 = std::fs::read(root().join("tests/articles/tho-xuan.tcvn3.txt")).unwrap();
    let reply = create(
        &server,
        &s,
        &[
            ("date", None, date.as_bytes()),
            ("slot", None, b"chieu"),
            ("title", None, b""),
            ("text1", None, pasted.as_bytes()),
            ("file1", Some(""), b""),
            ("text2", None, b""),
            ("file2", Some("C:\\Tin bai\\tho xuan.txt"), &tcvn3),
        ],
    );
    assert_eq!(reply.status, 303, "{}", reply.text());
    let id = format!("{date}-chieu");
    assert!(
        reply
            .header("location")
            .unwrap()
            .starts_with(&format!("/b/{id}/script?made=2%7C"))
    );
    let dir = station.bulletin_dir(&id);
    let r = bantin::bulletin::rundown::Rundown::load(&dir).unwrap();
    let titles: Vec<&str> = r.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles[0], "Tin ngắn về nông nghiệp");
    assert!(titles[1].starts_with("Hội nghị triển khai"), "{titles:?}");
    let sources: Vec<&str> = r.items.iter().map(|i| i.source.as_str()).collect();
    assert_eq!(sources, ["articles/01-dan.txt", "articles/02-tho-xuan.txt"]);
    assert_eq!(
        std::fs::read(dir.join("articles/02-tho-xuan.txt")).unwrap(),
        tcvn3
    );
    assert!(
        std::fs::read_to_string(dir.join("rundown.toml"))
            .unwrap()
            .contains("# Rundown of this bulletin")
    );
    let leftovers: Vec<_> = std::fs::read_dir(station.path().join("bulletins"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        [std::ffi::OsString::from(&id)],
        "no staging folder is left"
    );

    // Made again: refused, the bulletin kept, with a link to it.
    let before = snapshot(&dir);
    let again = create(
        &server,
        &s,
        &[
            ("date", None, date.as_bytes()),
            ("slot", None, b"chieu"),
            ("text1", None, pasted.as_bytes()),
        ],
    );
    assert_eq!(again.status, 409);
    assert!(
        again.text().contains(&format!("Bản tin {id} đã có")),
        "{}",
        again.text()
    );
    assert!(again.text().contains(&format!("href=\"/b/{id}/script\"")));
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn a_bad_article_is_refused_in_vietnamese_and_nothing_is_made() {
    let station = Station::example();
    let server = Server::start(&station);
    let s = session(&server.addr);
    let date = today();
    let before = snapshot(station.path());
    let cases: [(&[Field], &str); 4] = [
        (
            &[
                ("date", None, date.as_bytes()),
                ("slot", None, b"sang"),
                ("file1", Some("bai.pdf"), b"%PDF-1.4 binary"),
            ],
            "Bài 1 (bai.pdf): đây là tệp PDF",
        ),
        (
            &[
                ("date", None, date.as_bytes()),
                ("slot", None, b"sang"),
                ("text1", None, b"   \n  "),
            ],
            "Chưa có bài nào",
        ),
        (
            &[
                ("date", None, b"27/11/2026"),
                ("slot", None, b"sang"),
                ("text1", None, b"Tin\n\nMot cau."),
            ],
            "Ngày &quot;27/11/2026&quot; không đúng",
        ),
        (
            &[
                ("date", None, date.as_bytes()),
                ("slot", None, b"trua"),
                ("text1", None, b"Tin\n\nMot cau."),
            ],
            "Không có buổi &quot;trua&quot;",
        ),
    ];
    for (fields, message) in cases {
        let reply = create(&server, &s, fields);
        assert!(
            (400..500).contains(&reply.status),
            "{message}: {}",
            reply.status
        );
        assert!(
            reply.text().contains(message),
            "{message}:\n{}",
            reply.text()
        );
        assert_eq!(
            snapshot(station.path()),
            before,
            "{message}: something was made"
        );
        let folders = std::fs::read_dir(station.path().join("bulletins"))
            .map(Iterator::count)
            .unwrap_or(0);
        assert_eq!(folders, 0, "{message}: a folder was made");
    }
    // Pasted text is kept in the form when the post is refused, so nothing typed is lost.
    let reply = create(
        &server,
        &s,
        &[
            ("date", None, b"sai"),
            ("slot", None, b"sang"),
            ("text1", None, "Bài dán vào đây".as_bytes()),
        ],
    );
    assert!(
        reply.text().contains("Bài dán vào đây</textarea>"),
        "{}",
        reply.text()
    );
}

#[test]
fn a_station_that_sets_english_gets_english_pages() {
    let station = Station::example();
    let path = station.path().join("bantin.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("[station]\n", "[station]\nlanguage = \"en\"\n");
    std::fs::write(&path, text).unwrap();
    let id = station.make_bulletin();
    let server = Server::start(&station);
    let today_page = get(&server.addr, "/", None).text();
    assert!(
        today_page.contains("<html lang=\"en\">")
            && today_page.contains(">Today</a>")
            && today_page.contains("Not made"),
        "{today_page}"
    );
    let booth = get(&server.addr, &format!("/b/{id}/booth"), None).text();
    assert!(
        booth.contains("● Record") && booth.contains("Input level"),
        "{booth}"
    );
    assert!(
        !booth.contains("Phòng thu"),
        "no Vietnamese label left on an English page"
    );
    // The bulletin's own text stays as written.
    assert!(booth.contains("Đây là Đài Truyền thanh huyện Thọ Xuân"));
}

#[test]
fn an_article_form_over_the_limit_is_refused_and_nothing_is_made() {
    let station = Station::example();
    station.configure("[web]\nupload_limit_mb = 1\n");
    let server = Server::start(&station);
    let s = session(&server.addr);
    let date = today();
    let big = "Tin dài. ".repeat(250_000);
    let reply = create(
        &server,
        &s,
        &[
            ("date", None, date.as_bytes()),
            ("slot", None, b"sang"),
            ("text1", None, big.as_bytes()),
        ],
    );
    assert_eq!(reply.status, 413, "{}", reply.text());
    assert!(
        reply.text().contains("Tệp quá lớn: giới hạn là 1 MB"),
        "{}",
        reply.text()
    );
    let folders = std::fs::read_dir(station.path().join("bulletins"))
        .map(Iterator::count)
        .unwrap_or(0);
    assert_eq!(folders, 0);
}
