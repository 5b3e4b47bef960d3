//! Sentence splitting, syllable counting and takes, with the identity as the speaker so the
//! grouping is tested apart from normalization.

use super::*;
use proptest::prelude::*;
use std::path::PathBuf;

fn identity(text: &str) -> Spoken {
    Spoken {
        text: text.to_string(),
        warnings: Vec::new(),
    }
}

fn article(title: &str, paragraphs: &[String]) -> Article {
    Article {
        path: PathBuf::from("bai.txt"),
        encoding: "utf-8".into(),
        title: title.into(),
        category: None,
        published: None,
        byline: None,
        paragraphs: paragraphs.to_vec(),
        warnings: Vec::new(),
    }
}

#[test]
fn sentences_split_at_ends_only() {
    assert_eq!(
        split_sentences("Chiều ngày 30/3/2018, hội nghị diễn ra. Đồng chí Lê V. Duyệt chủ trì!"),
        [
            "Chiều ngày 30/3/2018, hội nghị diễn ra.",
            "Đồng chí Lê V. Duyệt chủ trì!"
        ]
    );
    assert_eq!(
        split_sentences("Đề án “Đảm bảo ANTT, giai đoạn 2016-2020”. Theo đó, tăng 8.7 lần."),
        [
            "Đề án “Đảm bảo ANTT, giai đoạn 2016-2020”.",
            "Theo đó, tăng 8.7 lần."
        ]
    );
    assert_eq!(
        split_sentences("Ông nói: “Phải làm ngay.” Sau đó về TP. Thanh Hóa. 12 hộ đã nhận."),
        [
            "Ông nói: “Phải làm ngay.”",
            "Sau đó về TP. Thanh Hóa.",
            "12 hộ đã nhận."
        ]
    );
    assert_eq!(
        split_sentences("Không có dấu chấm cuối"),
        ["Không có dấu chấm cuối"]
    );
    assert_eq!(
        split_sentences("v.v. và các xã khác."),
        ["v.v. và các xã khác."]
    );
}

#[test]
fn syllables_and_estimate() {
    assert_eq!(count_syllables("ba ki-lô-mét, hai mươi mốt."), 7);
    let reading = Reading::default();
    // 233 syllables = 60 s, plus one sentence pause and one paragraph pause.
    let text = vec!["la"; 233].join(" ") + ".";
    let s = estimate_seconds(&text, &reading);
    assert!(
        (s - (60.0 + reading.sentence_pause_s + reading.paragraph_pause_s)).abs() < 1e-9,
        "{s}"
    );
}

fn example() -> Article {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/articles/tho-xuan.utf8.txt");
    crate::ingest::read_article(&path).unwrap()
}

fn check_invariants(a: &Article, script: &Script, reading: &Reading) {
    let expected: Vec<String> = std::iter::once(a.title.clone())
        .chain(a.paragraphs.iter().flat_map(|p| split_sentences(p)))
        .collect();
    let got: Vec<String> = script
        .segments
        .iter()
        .flat_map(|s| {
            s.original
                .split('\n')
                .flat_map(split_sentences)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(got, expected, "all text covered, in order");
    for (i, seg) in script.segments.iter().enumerate() {
        assert_eq!(seg.index, i + 1);
        let sentences = seg.original.split('\n').flat_map(split_sentences).count();
        assert!(
            seg.estimate_s <= reading.max_take_s + 1e-9 || sentences == 1,
            "take {} is {} s",
            seg.index,
            seg.estimate_s
        );
        assert_eq!(seg.syllables, count_syllables(&seg.spoken));
    }
}

#[test]
fn example_article_takes() {
    let a = example();
    let reading = Reading::default();
    let script = build_script_with(&a, identity, &reading);
    check_invariants(&a, &script, &reading);
    assert!(script.segments[0].original.starts_with(&a.title));
    assert_eq!(script.title_spoken, a.title);
    assert_eq!(script.paragraphs_spoken, a.paragraphs);
    assert!(script.segments.len() >= 5, "{}", script.segments.len());
    assert!(script.warnings.is_empty(), "{:?}", script.warnings);
    let total: f64 = script.segments.iter().map(|s| s.estimate_s).sum();
    assert!((total - script.total_seconds()).abs() < 1e-9);
    // The text-only estimate of the first take (title and whole paragraphs) agrees.
    let first = &script.segments[0];
    let again = estimate_seconds(&first.spoken, &reading);
    assert!(
        (again - first.estimate_s).abs() < 1e-6,
        "{again} vs {}",
        first.estimate_s
    );
}

#[test]
fn takes_end_at_paragraphs_when_they_fit() {
    let reading = Reading::default();
    let para = |n: usize| vec!["mười"; n].join(" ") + ".";
    // 60 syllables ≈ 15.4 s + pauses: two fit in a take with the title, a third does not.
    let a = article("Tin ngắn", &[para(60), para(60), para(60)]);
    let script = build_script_with(&a, identity, &reading);
    let lines: Vec<usize> = script
        .segments
        .iter()
        .map(|s| s.original.lines().count())
        .collect();
    assert_eq!(lines, [3, 1], "{:#?}", script.segments);
}

#[test]
fn a_sentence_over_the_limit_is_its_own_take_with_a_warning() {
    let reading = Reading::default();
    let long = format!("Dài {}.", vec!["dài"; 250].join(" "));
    let a = article("Tin", &[format!("Câu ngắn. {long} Câu sau.")]);
    let script = build_script_with(&a, identity, &reading);
    let originals: Vec<&str> = script
        .segments
        .iter()
        .map(|s| s.original.as_str())
        .collect();
    assert_eq!(originals, ["Tin\nCâu ngắn.", long.as_str(), "Câu sau."]);
    assert_eq!(script.warnings.len(), 1);
    assert!(
        script.warnings[0]
            .message
            .contains("over the 45 s take limit"),
        "{}",
        script.warnings[0].message
    );
}

proptest! {
    #[test]
    fn any_article_is_covered_in_order_within_the_limit(
        paragraphs in proptest::collection::vec(proptest::collection::vec(1usize..120, 1..8), 1..8)
    ) {
        let reading = Reading::default();
        let text: Vec<String> = paragraphs
            .iter()
            .map(|sentences| sentences.iter().map(|&n| format!("Câu {}.", vec!["một"; n].join(" "))).collect::<Vec<_>>().join(" "))
            .collect();
        let a = article("Tiêu đề", &text);
        let script = build_script_with(&a, identity, &reading);
        check_invariants(&a, &script, &reading);
    }
}
