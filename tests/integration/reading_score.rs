//! The second-round test articles (`tests/reading/README.md`): the share of their hard
//! tokens bantin reads right, with the checker in `tests/reading/score.rs` (also run by
//! `cargo run --example reading_score`).

#[path = "../reading/score.rs"]
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
