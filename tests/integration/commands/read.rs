//! Integration tests: `bantin read` on the real portal article and its encodings, and on
//! bad input.

use crate::kit::{TestDir, article, assert_contains};

/// The committed article `name`, as an argument.
fn arg(name: &str) -> String {
    article(name).to_str().unwrap().to_string()
}

#[test]
fn example_article_plain_script() {
    let t = TestDir::new();
    let stdout = t.ok(["read", &arg("tho-xuan.utf8.txt")]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("Hội nghị triển khai kế hoạch sơ kết"),
        "{stdout}"
    );
    assert_eq!(lines[1], "");
    assert_eq!(
        lines.len(),
        2 + 5 + 1,
        "title, blank line, five body paragraphs, the byline:\n{stdout}"
    );
    assert_eq!(lines.last(), Some(&"Đài Truyền thanh huyện Thọ Xuân"));
    for furniture in ["Cổng thông tin", "Đăng lúc", "100%", "Ảnh sưu tầm", "date"] {
        assert!(!stdout.contains(furniture), "{furniture} in:\n{stdout}");
    }
    insta::assert_snapshot!("tho_xuan_plain", stdout);
}

#[test]
fn example_article_json_shape() {
    let t = TestDir::new();
    let v = t.json(["read", "--json", &arg("tho-xuan.utf8.txt")]);
    assert!(v["file"].as_str().unwrap().ends_with("tho-xuan.utf8.txt"));
    assert_eq!(v["category"], "Chiến lược - Định Hướng - Quy hoạch");
    assert_eq!(v["published"], "2018-04-05");
    assert_eq!(v["byline"], "Đài Truyền thanh huyện Thọ Xuân");
    assert_eq!(v["encoding"], "utf-8");
    assert!(
        v["title"]
            .as_str()
            .unwrap()
            .starts_with("Hội nghị triển khai")
    );
    let segments = v["segments"].as_array().unwrap();
    assert!(segments.len() >= 5);
    let mut syllables = 0;
    let mut seconds = 0.0;
    for (i, s) in segments.iter().enumerate() {
        assert_eq!(s["id"], i + 1);
        assert!(!s["spoken"].as_str().unwrap().is_empty());
        assert!(!s["original"].as_str().unwrap().is_empty());
        let secs = s["estimated_seconds"].as_f64().unwrap();
        assert!(secs > 0.0 && secs <= 45.0, "take {i}: {secs} s");
        syllables += s["syllables"].as_u64().unwrap();
        seconds += secs;
    }
    assert!(
        segments[0]["original"]
            .as_str()
            .unwrap()
            .starts_with("Hội nghị triển khai")
    );
    assert_eq!(v["total_syllables"].as_u64().unwrap(), syllables);
    assert!(
        (v["estimated_seconds"].as_f64().unwrap() - seconds).abs() < 0.1 * segments.len() as f64
    );
    assert!(v["warnings"].is_array());
}

#[test]
fn example_article_json_snapshot() {
    let t = TestDir::new();
    t.write(
        "bai.txt",
        std::fs::read(article("tho-xuan.vni.txt")).unwrap(),
    );
    let stdout = t.ok(["read", "--json", "bai.txt"]);
    insta::assert_snapshot!("tho_xuan_vni_json", stdout);
}

#[test]
fn legacy_encoding_is_reported_in_json_and_on_stderr() {
    let t = TestDir::new();
    let v = t.json(["read", "--json", &arg("tho-xuan.tcvn3.txt")]);
    assert_eq!(v["encoding"], "tcvn3");
    let warnings = v["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("decoded as TCVN3 (ABC)")),
        "{warnings:?}"
    );

    let vni = arg("tho-xuan.vni.txt");
    let stderr = t.expect(0, ["read", &vni]).stderr;
    assert_contains(&stderr, &["tho-xuan.vni.txt: decoded as VNI-Windows"]);
    let stderr = t.expect(0, ["read", "--quiet", &vni]).stderr;
    assert!(!stderr.contains("decoded as"), "{stderr}");
}

#[test]
fn every_encoding_reads_the_same_script() {
    let t = TestDir::new();
    let script = |name: &str| t.ok(["read", "--quiet", &arg(name)]);
    let reference = script("tho-xuan.utf8.txt");
    for name in [
        "tho-xuan.utf8-bom.txt",
        "tho-xuan.utf16le.txt",
        "tho-xuan.utf16be.txt",
        "tho-xuan.nfd.txt",
        "tho-xuan.tcvn3.txt",
        "tho-xuan.vni.txt",
        "tho-xuan.cp1258.txt",
        "tho-xuan.tcvn3-in-utf8.txt",
        "tho-xuan.vni-in-utf8.txt",
    ] {
        assert_eq!(script(name), reference, "{name}");
    }
}

#[test]
fn unknown_abbreviation_is_a_warning_naming_file_token_and_sentence() {
    let t = TestDir::new();
    t.write("tin.txt", "Tin ngắn\n\nXã ABCX tổ chức họp. Hết giờ.\n");
    let out = t.expect(0, ["read", "tin.txt"]);
    assert_eq!(out.stdout, "Tin ngắn\n\nXã ABCX tổ chức họp. Hết giờ.\n");
    let stderr = out.stderr;
    assert_contains(&stderr, &["tin.txt: ", "ABCX", "Xã ABCX tổ chức họp."]);
    assert!(
        !stderr.contains("Hết giờ"),
        "only the sentence with the token: {stderr}"
    );
}

/// `bantin read PATH` exits 2, prints no script and says `message`.
fn fails_with(t: &TestDir, path: &std::path::Path, message: &str) {
    let out = t.expect(2, ["read", path.to_str().unwrap()]);
    assert_eq!(out.stdout, "");
    assert_contains(&out.stderr, &[message]);
}

#[test]
fn bad_articles_are_refused_with_the_file_named() {
    let t = TestDir::new();
    let empty = t.write("trong.txt", "");
    fails_with(
        &t,
        &empty,
        "trong.txt is empty; save the article's text into it",
    );
    let blank = t.write("trang.txt", "  \n\t\n");
    fails_with(&t, &blank, "trang.txt is empty");
    let binary = t.write("anh.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    fails_with(&t, &binary, "anh.txt is not a text file");
    let french = t.write(
        "phap.txt",
        std::fs::read(article("french-latin1.txt")).unwrap(),
    );
    fails_with(
        &t,
        &french,
        "phap.txt is not Vietnamese text in UTF-8, UTF-16, TCVN3, VNI or Windows-1258; save it as UTF-8 and try again",
    );
    fails_with(
        &t,
        &t.path().join("khong-co.txt"),
        "khong-co.txt does not exist",
    );
    let folder = t.path().join("thu-muc");
    std::fs::create_dir(&folder).unwrap();
    fails_with(&t, &folder, "thu-muc is a folder, not an article");
}
