//! The example article in every encoding, its furniture and metadata, and bad inputs.

use super::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/articles")
        .join(name)
}

fn example() -> Article {
    read_article(&fixture("tho-xuan.utf8.txt")).unwrap()
}

#[test]
fn example_article_furniture_and_metadata() {
    let a = example();
    assert_eq!(a.encoding, "utf-8");
    assert_eq!(
        a.category.as_deref(),
        Some("Chiến lược - Định Hướng - Quy hoạch")
    );
    assert_eq!(
        a.title,
        "Hội nghị triển khai kế hoạch sơ kết 1 năm thực hiện Đề án “Đảm bảo an ninh trật tự Khu đô thị Lam Sơn-Sao Vàng, giai đoạn 2016-2020”"
    );
    assert_eq!(a.published.as_deref(), Some("2018-04-05"));
    assert_eq!(a.byline.as_deref(), Some("Đài Truyền thanh huyện Thọ Xuân"));
    assert_eq!(a.paragraphs.len(), 5, "{:#?}", a.paragraphs);
    assert!(a.paragraphs[0].starts_with("Chiều ngày 30/3/2018, Thường trực UBND"));
    // The indent of NBSPs is gone, "( theo" and "CHủ tịch" are repaired.
    assert!(a.paragraphs[1].starts_with("Tham dự hội nghị có các đồng chí"));
    assert!(a.paragraphs[1].contains("huyện (theo Quyết định 1838/QĐ-UBND"));
    assert!(a.paragraphs[1].contains("Chủ tịch UBND, Trưởng Công an xã"));
    assert!(a.paragraphs[2].contains("Quyết định số 211/QĐ-UBND về việc"));
    assert!(a.paragraphs[4].ends_with("để tổ chức thực hiện Đề án có hiệu quả."));
    let all = a.paragraphs.join("\n");
    for furniture in [
        "Cổng thông tin",
        "PHẤN ĐẤU",
        "date",
        "Đăng lúc",
        "100%",
        "Ảnh sưu tầm",
        "Đài Truyền thanh",
    ] {
        assert!(!all.contains(furniture), "{furniture} left in the body");
    }
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

fn same_article(name: &str, encoding: &str) -> Article {
    let a = read_article(&fixture(name)).unwrap();
    let b = example();
    assert_eq!(a.encoding, encoding);
    assert_eq!(a.title, b.title, "{name}");
    assert_eq!(a.category, b.category, "{name}");
    assert_eq!(a.published, b.published, "{name}");
    assert_eq!(a.byline, b.byline, "{name}");
    assert_eq!(a.paragraphs, b.paragraphs, "{name}");
    a
}

#[test]
fn unicode_variants_give_the_same_article() {
    for (name, enc) in [
        ("tho-xuan.utf8-bom.txt", "utf-8-bom"),
        ("tho-xuan.utf16le.txt", "utf-16le"),
        ("tho-xuan.utf16be.txt", "utf-16be"),
        ("tho-xuan.nfd.txt", "utf-8"),
    ] {
        let a = same_article(name, enc);
        assert!(a.warnings.is_empty(), "{name}: {:?}", a.warnings);
    }
}

#[test]
fn legacy_encodings_give_the_same_article_with_a_warning() {
    for (name, enc, label) in [
        ("tho-xuan.tcvn3.txt", "tcvn3", "decoded as TCVN3 (ABC)"),
        ("tho-xuan.vni.txt", "vni", "decoded as VNI-Windows"),
        (
            "tho-xuan.cp1258.txt",
            "windows-1258",
            "decoded as Windows-1258",
        ),
    ] {
        let a = same_article(name, enc);
        assert_eq!(a.warnings.len(), 1, "{name}");
        assert!(
            a.warnings[0].contains(label) && a.warnings[0].contains(name),
            "{}",
            a.warnings[0]
        );
    }
}

#[test]
fn plain_text_article() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("plain.txt");
    std::fs::write(
        &p,
        "Xã Xuân Lam ra quân làm đường giao thông\r\n\r\n  Sáng 12/3, xã Xuân Lam tổ chức ra quân.\r\nNgười dân đã hiến 300 m2 đất.\r\n",
    )
    .unwrap();
    let a = read_article(&p).unwrap();
    let old_mac = dir.path().join("mac.txt");
    std::fs::write(
        &old_mac,
        std::fs::read(&p)
            .unwrap()
            .iter()
            .filter(|&&b| b != b'\n')
            .copied()
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    assert_eq!(
        read_article(&old_mac).unwrap().paragraphs,
        a.paragraphs,
        "CR-only line ends"
    );
    assert_eq!(a.title, "Xã Xuân Lam ra quân làm đường giao thông");
    assert_eq!(a.category, None);
    assert_eq!(a.published, None);
    assert_eq!(a.byline, None);
    assert_eq!(
        a.paragraphs,
        [
            "Sáng 12/3, xã Xuân Lam tổ chức ra quân.",
            "Người dân đã hiến 300 m2 đất."
        ]
    );
}

fn error_for(contents: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bai-viet.txt");
    std::fs::write(&p, contents).unwrap();
    read_article(&p).unwrap_err().to_string()
}

#[test]
fn bad_inputs_are_named_errors() {
    let e = error_for(b"");
    assert!(e.contains("bai-viet.txt is empty"), "{e}");
    let e = error_for(b" \n\t\r\n \xc2\xa0 \n");
    assert!(e.contains("bai-viet.txt is empty"), "{e}");
    let e = error_for(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    assert!(e.contains("bai-viet.txt is not a text file"), "{e}");
    let e = error_for(&std::fs::read(fixture("french-latin1.txt")).unwrap());
    assert!(
        e.contains("bai-viet.txt is not Vietnamese text in UTF-8, UTF-16, TCVN3, VNI or Windows-1258; save it as UTF-8"),
        "{e}"
    );
    let e = error_for(b"PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0");
    assert!(
        e.contains("bai-viet.txt is a Word (.docx) or other zipped document, not plain text; open it and save it as \"Plain Text\""),
        "{e}"
    );
    let e = error_for(b"{\\rtf1\\ansi\\deff0 {\\fonttbl}Vi\\'ea\\'f2t}");
    assert!(e.contains("bai-viet.txt is an RTF document"), "{e}");
    let e = error_for("date\n100%\nẢnh sưu tầm\n".as_bytes());
    assert!(
        e.contains("bai-viet.txt holds only portal furniture"),
        "{e}"
    );
    let dir = tempfile::tempdir().unwrap();
    let e = read_article(&dir.path().join("missing.txt"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("missing.txt does not exist"), "{e}");
    let e = read_article(dir.path()).unwrap_err().to_string();
    assert!(e.contains("is a folder, not an article"), "{e}");
}

proptest::proptest! {
    /// No input makes reading panic: any bytes give an article or an error naming the file.
    #[test]
    fn any_bytes_give_an_article_or_a_named_error(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.txt");
        std::fs::write(&p, &bytes).unwrap();
        if let Err(e) = read_article(&p) {
            proptest::prop_assert!(e.to_string().contains("x.txt"));
        }
    }

    /// Text built from article-like pieces (furniture, Vietnamese, odd case and spacing).
    #[test]
    fn any_text_gives_an_article_or_a_named_error(
        lines in proptest::collection::vec("(Đăng lúc: 05/04/2018|Ảnh: PV|TÁC GIẢ: İ Ạ|CHủ tịch|date|100%|[ \\t\u{a0}]*[A-Za-zĐđăâêôơưÀ-ỹİ0-9 /().,:;“”-]{0,40})", 0..12)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("y.txt");
        std::fs::write(&p, lines.join("\n")).unwrap();
        match read_article(&p) {
            Ok(a) => proptest::prop_assert!(!a.title.is_empty()),
            Err(e) => proptest::prop_assert!(e.to_string().contains("y.txt")),
        }
    }
}

/// The Word fixture (scripts/make-docx-fixture): paragraphs kept, the table read row by
/// row, tracked deletions left out, the portal furniture handled as in a text file.
#[test]
fn word_docx_article() {
    let a = read_article(&fixture("gia-ca.docx")).unwrap();
    assert_eq!(a.encoding, "docx");
    assert_eq!(a.title, "Giá lúa, gạo tuần cuối tháng 1/2026");
    assert_eq!(a.category.as_deref(), Some("Kinh tế - Thị trường"));
    assert_eq!(a.published.as_deref(), Some("2026-01-23"));
    assert_eq!(a.byline.as_deref(), Some("Lê Hồng Phúc - Đài TT Vĩnh Khê"));
    assert_eq!(
        a.paragraphs,
        [
            "Tuần qua, giá lúa tẻ thường tại các HTX DVNN dao động 7.200-7.500 đồng/kg; gạo ST25 bán lẻ ở mức 32.000đ/kg.",
            "Giống lúa OM5451 được đặt mua nhiều. Bảng giá tham khảo & cập nhật:",
            "Mặt hàng, Giá",
            "Lúa tẻ thường, 7.200 đồng/kg",
            "Gạo ST25, 32.000 đồng/kg",
            "Người dân cần tư vấn gọi đường dây nóng 0237.3851.234.",
        ]
    );
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

/// A damaged or fake .docx is refused with the file named and what to do.
#[test]
fn damaged_docx_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(fixture("gia-ca.docx")).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "cut.docx",
            good[..good.len() / 2].to_vec(),
            "not a readable zip archive",
        ),
        (
            "text.docx",
            "Tin ngắn\n\nNội dung.".as_bytes().to_vec(),
            "not a readable zip archive",
        ),
        (
            "other.docx",
            zip_with(&[("content.xml", b"<x/>".to_vec())]),
            "no word/document.xml",
        ),
        (
            "bad-xml.docx",
            zip_with(&[("word/document.xml", b"<w:document><w:p>".to_vec())]),
            "text part is damaged",
        ),
    ];
    for (name, bytes, why) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let e = read_article(&path).unwrap_err().to_string();
        assert!(
            e.contains(&format!("{name} is a damaged Word (.docx) file")) && e.contains(why),
            "{e}"
        );
        assert!(e.contains("save it again"), "{e}");
    }
}

/// A zip bomb: the text part is read with a bound, not into all memory.
#[test]
fn an_oversized_docx_text_part_is_refused() {
    let huge = vec![b' '; 65 * 1024 * 1024];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.docx");
    std::fs::write(&path, zip_with(&[("word/document.xml", huge)])).unwrap();
    let e = read_article(&path).unwrap_err().to_string();
    assert!(
        e.contains("bom.docx") && e.contains("larger than 64 MB"),
        "{e}"
    );
}

fn zip_with(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}
