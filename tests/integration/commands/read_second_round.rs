//! `bantin read` and `bantin new` on the second round of reading: `--explain`, news that
//! begins with the portal's name, Word (.docx) articles, and the unknown-abbreviation
//! warning with its bantin.toml line in the printed script.

use crate::kit::{TestDir, article, assert_contains};

/// The `--explain` lines for `written` ("  TT → Truyền thanh    [why]").
fn explained<'a>(text: &'a str, written: &str) -> Vec<&'a str> {
    let start = format!("{written} →");
    text.lines()
        .filter(|l| l.trim_start().starts_with(&start))
        .collect()
}

/// `read --explain` names, for each rewritten token, its rule or its lexicon entry with
/// the file it comes from and the context rule that chose the reading.
#[test]
fn read_explain_names_rule_and_lexicon_entry() {
    let t = TestDir::new();
    t.write(
        "tin.txt",
        "Lịch trực bão\n\nĐài TT huyện trực 24/7 từ thứ 2-thứ 6; xem dichvucong.gov.vn. BCH PCTT họp, nhiệt độ xuống -3°C.\n",
    );
    let text = t.ok(["read", "--explain", "tin.txt"]);
    let tt = explained(&text, "TT");
    assert_eq!(tt.len(), 1, "{text}");
    assert_contains(
        tt[0],
        &[
            "→ Truyền thanh",
            "lexicon/government.toml",
            "by the word before",
        ],
    );
    assert_contains(explained(&text, "24/7")[0], &["round-the-clock"]);
    assert_contains(
        explained(&text, "dichvucong.gov.vn")[0],
        &["dịch vụ công chấm gốp chấm vê en", "web address"],
    );
    assert_contains(
        explained(&text, "BCH")[0],
        &["Ban Chỉ huy", "by the next word"],
    );
    let dashes = explained(&text, "-");
    assert_eq!(dashes.len(), 2, "{text}");
    assert_contains(dashes[0], &["→ đến", "after từ"]);
    assert_contains(dashes[1], &["→ âm", "minus sign"]);
    assert!(text.starts_with("tiêu đề (title):\n"), "{text}");
    // The same as JSON, for the web app.
    let v = t.json(["read", "--explain", "--json", "tin.txt"]);
    assert!(v["file"].as_str().unwrap().ends_with("tin.txt"));
    let rewrites = v["rewrites"].as_array().unwrap();
    let tt = rewrites.iter().find(|r| r["written"] == "TT").unwrap();
    assert_eq!(tt["spoken"], "Truyền thanh");
    assert_eq!(tt["part"], "đoạn (paragraph) 1");
    assert!(tt["why"].as_str().unwrap().contains("government.toml"));
}

/// A paragraph that begins with the portal's name is read; text dropped from the header
/// is named on stderr.
#[test]
fn news_starting_with_the_portal_name_is_read() {
    let t = TestDir::new();
    t.write(
        "tiem-phong.txt",
        "Cổng thông tin điện tử huyện Vĩnh Khê - Hà Lâm\n\
         VĨNH KHÊ ĐOÀN KẾT, CHỦ ĐỘNG, SÁNG TẠO\n\
         UBND huyện vừa ban hành kế hoạch tiêm phòng cho đàn gia súc trên địa bàn toàn huyện\n\
         Nông nghiệp\n\
         Lịch tiêm phòng đợt I năm 2026\n\
         Đăng lúc: 05/04/2026 (GMT+7)\n\
         Cổng thông tin điện tử huyện vừa cập nhật lịch tiêm phòng cho đàn gia súc.\n\
         Bà con đưa trâu bò đến điểm tiêm đúng giờ.\n",
    );
    let ran = t.expect(0, ["read", "tiem-phong.txt"]);
    assert_contains(
        &ran.stdout,
        &["Cổng thông tin điện tử huyện vừa cập nhật lịch tiêm phòng"],
    );
    assert_contains(
        &ran.stderr,
        &[
            "tiem-phong.txt",
            "dropped as portal furniture",
            "UBND huyện vừa ban hành kế hoạch tiêm phòng",
        ],
    );
    // The portal's name, its slogan and the date line stay out.
    assert!(!ran.stdout.contains("Hà Lâm") && !ran.stdout.contains("ĐOÀN KẾT"));
}

/// `read` and `new` take a Word file; a damaged one is refused, naming it (exit 2).
#[test]
fn read_and_new_take_a_docx() {
    let t = TestDir::new();
    let docx = article("gia-ca.docx");
    let text = t.ok(["read".as_ref(), docx.as_os_str()]);
    assert!(
        text.starts_with("Giá lúa, gạo tuần cuối tháng một năm hai nghìn"),
        "{text}"
    );
    assert_contains(
        &text,
        &["Lúa tẻ thường, bảy nghìn hai trăm đồng trên ki-lô-gam"],
    );
    assert!(
        !text.contains("bỏ câu này"),
        "a tracked deletion was read:\n{text}"
    );
    let args = [
        "new",
        "2026-01-23-sang",
        "--date",
        "2026-01-23",
        "--slot",
        "sang",
    ];
    t.ok(args.iter().map(AsRef::as_ref).chain([docx.as_os_str()]));
    assert_contains(
        &t.read("2026-01-23-sang/rundown.toml"),
        &["hợp tác xã dịch vụ nông nghiệp"],
    );
    let bytes = std::fs::read(&docx).unwrap();
    t.write("hong.docx", &bytes[..bytes.len() - 40]);
    let e = t.fails(2, ["read", "hong.docx"]);
    assert_contains(
        &e,
        &["hong.docx is a damaged Word (.docx) file", "save it again"],
    );
    let e = t.fails(
        2,
        [
            "new",
            "2026-01-24-sang",
            "--date",
            "2026-01-24",
            "--slot",
            "sang",
            "hong.docx",
        ],
    );
    assert_contains(&e, &["hong.docx is a damaged Word (.docx) file"]);
    assert!(!t.path().join("2026-01-24-sang").exists());
}

/// An unknown abbreviation: the warning names it, its sentence and the bantin.toml line
/// to add — on stderr and in the printed script's warning box, the line set as code.
#[test]
fn unknown_abbreviation_warning_reaches_the_printed_script() {
    let t = TestDir::new();
    t.write(
        "tin.txt",
        "Tin dự án\n\nDữ liệu của Dự án VILG được dùng để đối chiếu. Bà con yên tâm. Cầu thủ Messi ghi bàn.\n",
    );
    let ran = t.expect(
        0,
        [
            "new",
            "2026-03-10-sang",
            "--date",
            "2026-03-10",
            "--slot",
            "sang",
            "tin.txt",
        ],
    );
    assert_contains(
        &ran.stderr,
        &[
            "VILG",
            "[lexicon.abbreviations]",
            "`\"VILG\" = \"cách đọc\"`",
            "Dữ liệu của Dự án VILG được dùng để đối chiếu.",
        ],
    );
    let html = t.read("2026-03-10-sang/script.html");
    let warn = html
        .lines()
        .find(|l| l.starts_with("<p class=\"warn\">") && l.contains("VILG"))
        .unwrap_or_else(|| panic!("no warning box for VILG:\n{html}"));
    assert_contains(
        warn,
        &[
            "<code>&quot;VILG&quot; = &quot;cách đọc&quot;</code>",
            "Dữ liệu của Dự án VILG được dùng để đối chiếu.",
        ],
    );
    // A foreign name without a broadcast form points to [lexicon.foreign].
    let warn = html
        .lines()
        .find(|l| l.starts_with("<p class=\"warn\">") && l.contains("Messi"))
        .unwrap_or_else(|| panic!("no warning box for Messi:\n{html}"));
    assert_contains(
        warn,
        &[
            "[lexicon.foreign]",
            "<code>&quot;Messi&quot; = &quot;cách đọc&quot;</code>",
        ],
    );
    // The line, with its reading written in, is accepted by bantin and ends the warning.
    t.write(
        "bantin.toml",
        "[lexicon.abbreviations]\n\"VILG\" = \"Dự án Tăng cường quản lý đất đai\"\n[lexicon.foreign]\n\"Messi\" = \"Mét-xi\"\n",
    );
    let ran = t.expect(0, ["read", "tin.txt"]);
    assert_contains(
        &ran.stdout,
        &[
            "Dự án Dự án Tăng cường quản lý đất đai",
            "Cầu thủ Mét-xi ghi bàn",
        ],
    );
    assert!(ran.stderr.is_empty(), "{}", ran.stderr);
}
