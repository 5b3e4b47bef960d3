//! Reading tests on whole articles: the hard-token score of the second-round test articles
//! (`tests/reading/README.md`).

#[path = "reading/score.rs"]
mod score;

/// The four test articles (storm, market prices, a land notice, a round-up) score at least
/// 98 % of their hard tokens. `cargo run --example reading_score` prints the same report.
#[test]
fn test_articles_score_at_least_98_percent() {
    let scores = score::score_all();
    assert!(scores.len() >= 4, "test articles missing: {}", scores.len());
    let total: usize = scores.iter().map(|s| s.total).sum();
    let correct: usize = scores.iter().map(|s| s.correct).sum();
    let report = score::report(&scores, true);
    println!("{report}");
    assert!(
        correct * 100 >= total * 98,
        "{correct}/{total} hard tokens read right, under 98 %:\n{report}"
    );
}

/// Each test article is 400–700 words of body text and has its expectations.
#[test]
fn test_articles_are_the_promised_size() {
    for (article, expect) in score::test_articles() {
        let art = bantin::ingest::read_article(&article).unwrap();
        let words: usize = art
            .paragraphs
            .iter()
            .map(|p| p.split_whitespace().count())
            .sum();
        assert!(
            (400..=700).contains(&words),
            "{}: {words} words",
            article.display()
        );
        assert!(
            score::load_expectations(&expect).len() >= 50,
            "{}",
            expect.display()
        );
    }
}

/// The checker itself can fail: a wrong reading and a missing warning are both misses.
#[test]
fn checker_counts_wrong_readings_and_missing_warnings() {
    let pieces = vec![score::Piece {
        original: "Ngày 2/9, đại diện XYZ và UBND xã".into(),
        spoken: "Ngày hai trên chín, đại diện XYZ và Ủy ban nhân dân xã".into(),
    }];
    let hard: Vec<score::Hard> = toml::from_str::<toml::Table>(
        r#"
        [[hard]]
        written = "2/9"
        spoken = "ngày hai tháng chín"
        [[hard]]
        written = "XYZ"
        spoken = "XYZ"
        flagged = true
        [[hard]]
        written = "UBND"
        spoken = "Uỷ ban nhân dân"
        "#,
    )
    .unwrap()["hard"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.clone().try_into().unwrap())
        .collect();
    let s = score::score("t", &pieces, &[], &hard);
    assert_eq!((s.correct, s.total), (1, 3), "{:?}", s.misses);
    let s = score::score(
        "t",
        &pieces,
        &["\"XYZ\" is not in the lexicon".into()],
        &hard,
    );
    assert_eq!((s.correct, s.total), (2, 3), "{:?}", s.misses);
}

mod cli {
    use std::path::{Path, PathBuf};

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn bantin(dir: &Path) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("bantin").unwrap();
        cmd.current_dir(dir);
        cmd
    }

    fn stdout(out: &std::process::Output) -> String {
        String::from_utf8(out.stdout.clone()).unwrap()
    }

    fn stderr(out: &std::process::Output) -> String {
        String::from_utf8(out.stderr.clone()).unwrap()
    }

    /// `read --explain` names, for each rewritten token, its rule or its lexicon entry with
    /// the file it comes from and the context rule that chose the reading.
    #[test]
    fn read_explain_names_rule_and_lexicon_entry() {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("tin.txt");
        std::fs::write(
            &article,
            "Lịch trực bão\n\nĐài TT huyện trực 24/7 từ thứ 2-thứ 6; xem dichvucong.gov.vn. BCH PCTT họp, nhiệt độ xuống -3°C.\n",
        )
        .unwrap();
        let out = bantin(dir.path())
            .args(["read", "--explain"])
            .arg(&article)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        let line = |written: &str| {
            text.lines()
                .find(|l| l.trim_start().starts_with(&format!("{written} →")))
                .unwrap_or_else(|| panic!("no line for {written}:\n{text}"))
                .to_string()
        };
        assert!(
            line("TT").contains("→ Truyền thanh")
                && line("TT").contains("lexicon/government.toml")
                && line("TT").contains("by the word before"),
            "{}",
            line("TT")
        );
        assert!(line("24/7").contains("round-the-clock"), "{}", line("24/7"));
        assert!(
            line("-").contains("đến") || text.contains("từ, a dash is always đến"),
            "{text}"
        );
        assert!(
            line("dichvucong.gov.vn").contains("dịch vụ công chấm gốp chấm vê en"),
            "{text}"
        );
        assert!(
            line("BCH").contains("Ban Chỉ huy") && line("BCH").contains("by the next word"),
            "{}",
            line("BCH")
        );
        assert!(
            line("-").contains("âm") || text.contains("minus sign"),
            "{text}"
        );
        // The same as JSON, for the web app.
        let out = bantin(dir.path())
            .args(["read", "--explain", "--json"])
            .arg(&article)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
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
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("tiem-phong.txt");
        std::fs::write(
            &article,
            "Cổng thông tin điện tử huyện Vĩnh Khê - Hà Lâm\n\
             VĨNH KHÊ ĐOÀN KẾT, CHỦ ĐỘNG, SÁNG TẠO\n\
             UBND huyện vừa ban hành kế hoạch tiêm phòng cho đàn gia súc trên địa bàn toàn huyện\n\
             Nông nghiệp\n\
             Lịch tiêm phòng đợt I năm 2026\n\
             Đăng lúc: 05/04/2026 (GMT+7)\n\
             Cổng thông tin điện tử huyện vừa cập nhật lịch tiêm phòng cho đàn gia súc.\n\
             Bà con đưa trâu bò đến điểm tiêm đúng giờ.\n",
        )
        .unwrap();
        let out = bantin(dir.path())
            .arg("read")
            .arg(&article)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stdout(&out).contains("Cổng thông tin điện tử huyện vừa cập nhật lịch tiêm phòng"),
            "{}",
            stdout(&out)
        );
        let e = stderr(&out);
        assert!(
            e.contains("tiem-phong.txt")
                && e.contains("dropped as portal furniture")
                && e.contains("UBND huyện vừa ban hành kế hoạch tiêm phòng"),
            "{e}"
        );
    }

    /// `read` and `new` take a Word file; a damaged one is refused, naming it (exit 2).
    #[test]
    fn read_and_new_take_a_docx() {
        let dir = tempfile::tempdir().unwrap();
        let docx = root().join("tests/articles/gia-ca.docx");
        let out = bantin(dir.path()).arg("read").arg(&docx).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        assert!(
            text.starts_with("Giá lúa, gạo tuần cuối tháng một năm hai nghìn"),
            "{text}"
        );
        assert!(
            text.contains("Lúa tẻ thường, bảy nghìn hai trăm đồng trên ki-lô-gam"),
            "{text}"
        );
        assert!(
            !text.contains("bỏ câu này"),
            "a tracked deletion was read:\n{text}"
        );
        let out = bantin(dir.path())
            .args(["new", "b", "--date", "2026-01-23", "--slot", "sang"])
            .arg(&docx)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let rundown = std::fs::read_to_string(dir.path().join("b/rundown.toml")).unwrap();
        assert!(
            rundown.contains("hợp tác xã dịch vụ nông nghiệp"),
            "{rundown}"
        );
        let bytes = std::fs::read(&docx).unwrap();
        let broken = dir.path().join("hong.docx");
        std::fs::write(&broken, &bytes[..bytes.len() - 40]).unwrap();
        for args in [
            vec!["read"],
            vec!["new", "c", "--date", "2026-01-23", "--slot", "sang"],
        ] {
            let out = bantin(dir.path())
                .args(&args)
                .arg(&broken)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let e = stderr(&out);
            assert!(
                e.contains("hong.docx is a damaged Word (.docx) file"),
                "{e}"
            );
        }
        assert!(!dir.path().join("c").exists());
    }

    /// An unknown abbreviation: the warning names it, its sentence and the bantin.toml line
    /// to add — on stderr and in the printed script's warning box, the line set as code.
    #[test]
    fn unknown_abbreviation_warning_reaches_the_printed_script() {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("tin.txt");
        std::fs::write(
            &article,
            "Tin dự án\n\nDữ liệu của Dự án VILG được dùng để đối chiếu. Bà con yên tâm.\n",
        )
        .unwrap();
        let out = bantin(dir.path())
            .args(["new", "b", "--date", "2026-03-10", "--slot", "sang"])
            .arg(&article)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let e = stderr(&out);
        assert!(
            e.contains("VILG")
                && e.contains("[lexicon.abbreviations]")
                && e.contains("`\"VILG\" = \"cách đọc\"`")
                && e.contains("Dữ liệu của Dự án VILG được dùng để đối chiếu."),
            "{e}"
        );
        let html = std::fs::read_to_string(dir.path().join("b/script.html")).unwrap();
        let warn = html
            .lines()
            .find(|l| l.starts_with("<p class=\"warn\">") && l.contains("VILG"))
            .unwrap_or_else(|| panic!("no warning box for VILG:\n{html}"));
        assert!(
            warn.contains("<code>&quot;VILG&quot; = &quot;cách đọc&quot;</code>")
                && warn.contains("Dữ liệu của Dự án VILG được dùng để đối chiếu."),
            "{warn}"
        );
        // The line, with its reading written in, is accepted by bantin.
        std::fs::write(
            dir.path().join("bantin.toml"),
            "[lexicon.abbreviations]\n\"VILG\" = \"Dự án Tăng cường quản lý đất đai\"\n",
        )
        .unwrap();
        let out = bantin(dir.path())
            .arg("read")
            .arg(&article)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stdout(&out).contains("Dự án Dự án Tăng cường quản lý đất đai"),
            "{}",
            stdout(&out)
        );
        assert!(!stderr(&out).contains("VILG"), "{}", stderr(&out));
    }
}
