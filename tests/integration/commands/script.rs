//! Integration tests: the printed script follows the rundown (`bantin script`, and
//! `status`/`assemble` making it again after staff edit the rundown), `bantin new --force`
//! never loses hand edits unasked, `bantin new` only makes folders `bantin playlist` will
//! find, and the script fits the A4 page when Chromium prints it.

use std::path::{Path, PathBuf};

use crate::kit::{Ran, TestDir, article, assert_contains};

const B: &str = "bulletins/2026-11-27-sang";

/// `bantin new bulletins/2026-11-27-sang --date 2026-11-27 --slot sang <articles> <extra>`.
fn new(t: &TestDir, articles: &[&Path], extra: &[&str]) -> Ran {
    let mut args: Vec<String> = ["new", B, "--date", "2026-11-27", "--slot", "sang"]
        .map(String::from)
        .to_vec();
    args.extend(extra.iter().map(ToString::to_string));
    args.extend(articles.iter().map(|a| a.display().to_string()));
    t.run(args)
}

/// Two articles: the portal article (item 01) and a short one with an unknown
/// abbreviation (item 02).
fn two_articles(t: &TestDir) -> Vec<PathBuf> {
    let short = t.write(
        "tin-xa.txt",
        "Xã Xuân Lam ra quân làm đường\n\nSáng nay tổ QRZT của xã Xuân Lam ra quân làm đường bê tông. \
         Bà con nhiệt tình tham gia.\n",
    );
    vec![article("tho-xuan.utf8.txt"), short]
}

/// The rundown with items 01 and 02 swapped, item 02's reading fixed, and the warning
/// about QRZT deleted (checked).
fn edit_rundown(t: &TestDir) {
    let text = t.read(&format!("{B}/rundown.toml"));
    let start_01 = text.find("# ───── item 01").unwrap();
    let start_02 = text.find("# ───── item 02").unwrap();
    let end_02 = text.find("# The closing announcement.").unwrap();
    let swapped = format!(
        "{}{}{}{}",
        &text[..start_01],
        &text[start_02..end_02],
        &text[start_01..start_02],
        &text[end_02..]
    );
    let warning: String = swapped
        .lines()
        .skip_while(|l| !(l.starts_with("# CẦN KIỂM TRA:") && l.contains("QRZT")))
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!warning.is_empty(), "{swapped}");
    let edited = swapped
        .replacen(&warning, "", 1)
        .replace("tổ QRZT của xã", "tổ công tác của xã");
    t.write(&format!("{B}/rundown.toml"), edited);
}

/// Where `needle` first stands in `text` (panics if absent).
fn at(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in:\n{text}"))
}

#[test]
fn script_status_and_assemble_make_the_script_again_from_the_edited_rundown() {
    let t = TestDir::new();
    let articles = two_articles(&t);
    let refs: Vec<&Path> = articles.iter().map(PathBuf::as_path).collect();
    let made = new(&t, &refs, &[]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let html = t.read(&format!("{B}/script.html"));
    assert!(at(&html, "Tin 01 —") < at(&html, "Tin 02 —"));
    assert_contains(&html, &["“QRZT” chưa có trong từ điển", "⚠ Cần kiểm tra"]);

    // status right after new: the script says what the rundown says, nothing is made again.
    let before = std::fs::metadata(t.path().join(B).join("script.html"))
        .unwrap()
        .modified()
        .unwrap();
    let ran = t.run(["status", B]);
    assert!(!ran.stderr.contains("made again"), "{}", ran.stderr);
    let after = std::fs::metadata(t.path().join(B).join("script.html"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);

    // Staff edit the rundown; status says it made the script again, in one line.
    edit_rundown(&t);
    let ran = t.run(["status", B]);
    let lines: Vec<&str> = ran
        .stderr
        .lines()
        .filter(|l| l.contains("made again"))
        .collect();
    assert_eq!(
        lines,
        [format!(
            "{B}: script.html and script.txt made again: the rundown changed since they were written — print the script again"
        )]
    );
    for name in ["script.html", "script.txt"] {
        let script = t.read(&format!("{B}/{name}"));
        assert!(at(&script, "Tin 02 —") < at(&script, "Tin 01 —"), "{name}");
        assert_contains(&script, &["tổ công tác của xã"]);
        assert!(!script.contains("QRZT"), "{name}: {script}");
    }
    // A second status finds nothing to do.
    assert!(!t.run(["status", B]).stderr.contains("made again"));

    // bantin script makes them on request; assemble when the rundown changed again.
    std::fs::remove_file(t.path().join(B).join("script.txt")).unwrap();
    let ran = t.expect(0, ["script", B]);
    assert_contains(
        &ran.stderr,
        &["script.html", "script.txt", "from the rundown: 2 items"],
    );
    assert!(t.path().join(B).join("script.txt").is_file());
    let text = t.read(&format!("{B}/rundown.toml"));
    t.write(
        &format!("{B}/rundown.toml"),
        text.replace("tổ công tác của xã", "đội công tác của xã"),
    );
    let ran = t.run(["assemble", B]);
    assert_eq!(ran.code, 1, "takes are missing: {}", ran.stderr);
    assert_contains(&ran.stderr, &["made again"]);
    assert_contains(
        &t.read(&format!("{B}/script.txt")),
        &["đội công tác của xã"],
    );
}

#[test]
fn new_force_over_a_hand_edited_rundown_names_what_would_be_lost() {
    let t = TestDir::new();
    let articles = two_articles(&t);
    let refs: Vec<&Path> = articles.iter().map(PathBuf::as_path).collect();
    assert_eq!(new(&t, &refs, &[]).code, 0);

    // Unedited (status only rewrites its [status] table): --force alone is enough.
    t.run(["status", B]);
    let ran = new(&t, &refs, &["--force", "--rate", "220"]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);

    edit_rundown(&t);
    let edited = t.read(&format!("{B}/rundown.toml"));
    let ran = new(&t, &refs, &["--force"]);
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_contains(
        &ran.stderr,
        &[
            "rundown.toml was edited by hand since `bantin new` made it; making it again would lose:",
            "  - items reordered: now 02, 01 (made 01, 02)",
            "  - take 02-1 spoken: “…ờng Sáng nay tổ QRZT của xã Xuân Lam…” → “…ờng Sáng nay tổ công tác của xã Xuân Lam…”",
            "--discard-edits",
        ],
    );
    assert_eq!(
        t.read(&format!("{B}/rundown.toml")),
        edited,
        "kept as it was"
    );

    let ran = new(&t, &refs, &["--force", "--discard-edits"]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_contains(&ran.stderr, &["kept as", "rundown.edited.toml"]);
    assert_eq!(t.read(&format!("{B}/rundown.edited.toml")), edited);
    assert!(t.read(&format!("{B}/rundown.toml")).contains("QRZT"));

    // A comment alone is an edit too.
    let text = t.read(&format!("{B}/rundown.toml"));
    t.write(
        &format!("{B}/rundown.toml"),
        format!("# ghi chú: đọc chậm tin 01\n{text}"),
    );
    let ran = new(&t, &refs, &["--force"]);
    assert_eq!(ran.code, 2);
    assert_contains(&ran.stderr, &["comments or layout written by hand"]);
}

#[test]
fn new_makes_only_folders_that_playlist_finds() {
    let t = TestDir::new();
    let a = article("tho-xuan.utf8.txt");
    let a = a.to_str().unwrap();
    std::fs::create_dir_all(t.path().join("bulletins")).unwrap();
    for wrong in [
        "bulletins/tin-sang",
        "bulletins/2026-11-27",
        "bulletins/2026-11-27-chieu",
    ] {
        let e = t.fails(
            2,
            ["new", wrong, "--date", "2026-11-27", "--slot", "sang", a],
        );
        assert_contains(
            &e,
            &[
                &format!(
                    "{wrong}: a bulletin folder must be named <date>-<slot>, here 2026-11-27-sang"
                ),
                "`bantin new bulletins/2026-11-27-sang …`",
            ],
        );
        assert!(!t.path().join(wrong).exists());
    }
    // Given the folder of bulletins, bantin names the bulletin's folder.
    let ran = t.expect(
        0,
        [
            "new",
            "bulletins",
            "--date",
            "2026-11-27",
            "--slot",
            "sang",
            a,
        ],
    );
    assert_contains(&ran.stderr, &["Made bulletins/2026-11-27-sang:"]);
    assert!(t.path().join(B).join("rundown.toml").is_file());
    // And the playlist finds it once assembled: the name is the one it looks for.
    assert!(
        t.fails(1, ["playlist", "--date", "2026-11-27", "-o", "p.m3u8"])
            .contains(B)
    );
}

/// The script printed by Chromium to PDF, as text (pdftotext -layout), whitespace
/// collapsed.
fn printed_text(html: &Path, dir: &Path) -> String {
    let pdf = dir.join("script.pdf");
    let status = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    assert!(
        pdf.is_file(),
        "no PDF: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
#[ignore = "needs chromium and pdftotext (poppler-utils): .ci/run installs them and runs it"]
fn the_printed_script_fits_the_a4_page() {
    let t = TestDir::new();
    // A long source path and a long title, as real ones are.
    let deep = t
        .path()
        .join("bai-viet-da-duyet/thang-11/ngay-27/ban-tin-sang");
    std::fs::create_dir_all(&deep).unwrap();
    let src = deep.join("hoi-nghi-so-ket-de-an-dam-bao-an-ninh-trat-tu.txt");
    std::fs::copy(article("tho-xuan.utf8.txt"), &src).unwrap();
    assert_eq!(new(&t, &[src.as_path()], &["--rate", "233"]).code, 0);
    let printed = printed_text(&t.path().join(B).join("script.html"), t.path());
    let html = t.read(&format!("{B}/script.html"));
    // Every fact of the header, the right-hand times of every take, the source path.
    let mut must = vec![
        "Ngày phát (air date): 27/11/2026".to_string(),
        "Buổi (slot): sang 05:30".into(),
        "10 bản thu (takes)".into(),
        "tốc độ đọc (rate) 233 âm tiết/phút".into(),
        "hoi-nghi-so-ket-de-an-dam-bao-an-ninh-trat-tu.txt".into(),
    ];
    for line in html
        .lines()
        .filter(|l| l.starts_with("<span class=\"time\">"))
    {
        let inner = line
            .trim_start_matches("<span class=\"time\">")
            .trim_end_matches("</span>");
        must.push(inner.replace("&nbsp;", " "));
    }
    assert!(must.len() > 10);
    // (Compared without spaces: a long path may wrap at a hyphen.)
    let squeezed = |s: &str| s.split_whitespace().collect::<String>();
    let on_paper = squeezed(&printed);
    for m in &must {
        assert!(
            on_paper.contains(&squeezed(m)),
            "{m:?} is cut from the printed page:\n{printed}"
        );
    }
    // Printed at its own size within the margins: Chromium shrinks a page whose content
    // is too wide to fit (the 17 pt text came out at 12.5 pt when the facts line ran
    // over), and cuts what still does not fit.
    let (page_width, words) = word_boxes(&t.path().join("script.pdf"));
    assert!(
        (page_width - 595.0).abs() < 1.0,
        "A4 is 595 pt wide: {page_width}"
    );
    let right = words.iter().map(|w| w.1).fold(0.0, f64::max);
    assert!(
        right <= page_width - 40.0,
        "text reaches {right} pt of {page_width}"
    );
    let mut heights: Vec<f64> = words.iter().map(|w| w.2).collect();
    heights.sort_by(f64::total_cmp);
    let median = heights[heights.len() / 2];
    assert!(
        median >= 16.0,
        "words are {median:.1} pt high: the page was shrunk"
    );
}

/// The page width and every word's (left, right, height) in points, from
/// `pdftotext -bbox`.
fn word_boxes(pdf: &Path) -> (f64, Vec<(f64, f64, f64)>) {
    let out = std::process::Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let page = text.split("<page ").nth(1).expect("a page");
    let width = attr(page, "width");
    let words = text
        .split("<word ")
        .skip(1)
        .map(|w| {
            (
                attr(w, "xMin"),
                attr(w, "xMax"),
                attr(w, "yMax") - attr(w, "yMin"),
            )
        })
        .collect();
    (width, words)
}
