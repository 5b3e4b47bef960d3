//! Reading is linear in the text's length. The reader counts the tokens its rules visit;
//! for texts built to trip a rule that looks too far (one sentence of 160,000 unknown
//! capitals made `read` take 103 s), the count per token must stay the same whatever the
//! length, and the warnings must stay few and short.

use super::tests::reader;

/// A distinct all-capitals token nobody knows ("QZXB", "QZXC", …).
fn unknown_caps(k: usize) -> String {
    let mut s = String::from("QZ");
    let mut k = k;
    loop {
        s.push((b'B' + (k % 24) as u8) as char);
        k /= 24;
        if k == 0 {
            break;
        }
    }
    s
}

/// Texts of about `n` tokens, each shaped to keep some rule looking around.
fn shapes(n: usize) -> Vec<(&'static str, String)> {
    let rep = |piece: &str| piece.repeat(n / piece.split_whitespace().count().max(1));
    vec![
        (
            "unknown capitals in one sentence",
            (0..n).map(unknown_caps).collect::<Vec<_>>().join(" "),
        ),
        (
            "commas between two words",
            format!("xã {} huyện", ", ".repeat(n)),
        ),
        ("context-dependent entries", rep("CT TT BCH QĐ ")),
        (
            "numbers and slashes",
            (0..n)
                .map(|k| (k % 97).to_string())
                .collect::<Vec<_>>()
                .join("/"),
        ),
        (
            "numbers and dashes",
            (0..n)
                .map(|k| (k % 97).to_string())
                .collect::<Vec<_>>()
                .join("-"),
        ),
        ("từ and dashes", format!("từ {}", "thứ 2 - ".repeat(n / 4))),
        ("scores", format!("thắng {}", "1-1 ".repeat(n / 3))),
        ("phone groups", format!("gọi 0913 {}", "1 ".repeat(n))),
        ("a long dotted run", format!("www.{}vn", "a.".repeat(n / 2))),
        ("capital words", "THỌ XUÂN ".repeat(n / 2)),
        (
            "foreign words",
            (0..n)
                .map(|k| format!("Zq{}", unknown_caps(k).to_lowercase()))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        ("titles and stops", "ThS. Lê TP. Hà ".repeat(n / 4)),
    ]
}

#[test]
fn work_per_token_does_not_grow_with_the_length() {
    let reader = reader();
    for ((name, small), (_, large)) in shapes(2_000).into_iter().zip(shapes(8_000)) {
        let tokens = |t: &str| super::tokens::tokenize(t).len() as f64;
        let (_, small_steps) = reader.spoken_counting(&small);
        let (spoken, large_steps) = reader.spoken_counting(&large);
        let per_token_small = small_steps as f64 / tokens(&small);
        let per_token_large = large_steps as f64 / tokens(&large);
        assert!(
            per_token_large <= per_token_small * 1.25 + 1.0,
            "{name}: {per_token_small:.1} steps per token at 2,000 tokens, {per_token_large:.1} at 8,000"
        );
        assert!(
            per_token_large < 60.0,
            "{name}: {per_token_large:.1} steps per token"
        );
        // Warnings stay few and short, however many unknown tokens there are.
        assert!(
            spoken.warnings.len() <= 101,
            "{name}: {} warnings",
            spoken.warnings.len()
        );
        for w in &spoken.warnings {
            assert!(
                w.sentence.chars().count() <= 300,
                "{name}: a quoted sentence of {} characters",
                w.sentence.len()
            );
        }
    }
}

/// The count is a real measure: a rule that scanned back to the line's start at every token
/// would make it grow with the length (checked here on the counter itself).
#[test]
fn the_counter_sees_a_scan_to_the_line_start() {
    let reader = reader();
    let text = unknown_caps(1) + &" x".repeat(4_000);
    let (_, steps) = reader.spoken_counting(&text);
    let tokens = super::tokens::tokenize(&text);
    let lexicon = &reader.lexicon;
    let cx = super::context::Cx::new(&text, &tokens, lexicon, &reader.style);
    for i in 0..tokens.len() {
        // What a quadratic rule would do: look back over everything before it.
        let _ = cx.words_before(i, i);
    }
    assert!(
        cx.steps.get() > 20 * steps,
        "a whole-line look-back at each token costs {} steps; the reader took {steps}",
        cx.steps.get()
    );
}

#[test]
fn many_unknown_tokens_give_a_bounded_list_of_warnings() {
    let text = (0..5_000).map(unknown_caps).collect::<Vec<_>>().join(" ") + ".";
    let s = reader().spoken(&text);
    assert_eq!(s.warnings.len(), 101, "100 named, then a count");
    let last = &s.warnings[100];
    assert!(last.message.contains("4900 more"), "{}", last.message);
    assert!(
        s.warnings[0].sentence.starts_with("QZB QZC"),
        "{}",
        s.warnings[0].sentence
    );
    assert!(
        s.warnings[50].sentence.starts_with('…'),
        "{}",
        s.warnings[50].sentence
    );
}
