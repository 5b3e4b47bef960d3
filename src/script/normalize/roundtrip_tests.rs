//! Every number the reader writes in words reads back to the number written — now also the
//! second-round forms: negative numbers, fractions, ranks, identifiers and phone numbers in
//! any grouping, and codes spelled by letter names. The parsers here are written from the
//! rules, not from the code that reads.

use super::numbers::tests::words_to_number;
use super::tests::reader;
use proptest::prelude::*;

/// "mười hai phẩy không năm" → (12, "05"); a whole number has no fraction part.
fn decimal_back(words: &[&str]) -> Option<(u64, String)> {
    match words.iter().position(|w| *w == "phẩy") {
        None => Some((words_to_number(words)?, String::new())),
        Some(p) => {
            let whole = words_to_number(&words[..p])?;
            let rest = &words[p + 1..];
            let zeros = rest.iter().take_while(|w| **w == "không").count();
            let mut fraction = "0".repeat(zeros);
            if zeros < rest.len() {
                fraction.push_str(&words_to_number(&rest[zeros..])?.to_string());
            }
            Some((whole, fraction))
        }
    }
}

fn digit_back(w: &str) -> Option<char> {
    let d = match w {
        "không" => 0,
        "một" => 1,
        "hai" => 2,
        "ba" => 3,
        "bốn" => 4,
        "năm" => 5,
        "sáu" => 6,
        "bảy" => 7,
        "tám" => 8,
        "chín" => 9,
        _ => return None,
    };
    char::from_digit(d, 10)
}

/// "không chín một ba, bốn năm sáu" → "0913456".
fn digits_back(spoken: &str) -> Option<String> {
    spoken
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(digit_back)
        .collect()
}

/// The Vietnamese letter names back to letters ("em-mờ" → 'M'), per the reference's list.
fn letter_back(w: &str) -> Option<char> {
    Some(match w {
        "a" => 'A',
        "bê" => 'B',
        "xê" => 'C',
        "đê" => 'D',
        "e" => 'E',
        "ép" => 'F',
        "giê" => 'G',
        "hát" => 'H',
        "i" => 'I',
        "gi" => 'J',
        "ca" => 'K',
        "e-lờ" => 'L',
        "em-mờ" => 'M',
        "en-nờ" => 'N',
        "o" => 'O',
        "pê" => 'P',
        "quy" => 'Q',
        "e-rờ" => 'R',
        "ét" => 'S',
        "tê" => 'T',
        "u" => 'U',
        "vê" => 'V',
        "đúp-lờ-vê" => 'W',
        "ích" => 'X',
        "dét" => 'Z',
        _ => return None,
    })
}

/// The spoken text between `before` and `after` (both must be there).
fn between<'a>(text: &'a str, before: &str, after: &str) -> Option<&'a str> {
    let start = text.find(before)? + before.len();
    let end = start + text[start..].find(after)?;
    Some(text[start..end].trim())
}

proptest! {
    /// "xuống -12,05°C" → "xuống âm mười hai phẩy không năm độ C" → −12.05.
    #[test]
    fn negative_numbers_read_back(n in 0u64..1_000_000, f in proptest::option::of(0u32..1000)) {
        let fraction = f.map(|f| format!("{f:0>2}"));
        let written = match &fraction {
            Some(f) => format!("{n},{f}"),
            None => n.to_string(),
        };
        let s = reader().spoken(&format!("nhiệt độ xuống -{written}°C")).text;
        let words = between(&s, "xuống âm ", " độ C");
        prop_assert!(words.is_some(), "{}", s);
        let words: Vec<&str> = words.unwrap().split(' ').collect();
        let (whole, frac) = decimal_back(&words).unwrap_or_default();
        prop_assert_eq!(whole, n, "{}", s);
        prop_assert_eq!(frac, fraction.unwrap_or_default(), "{}", s);
    }

    /// "ở mức -0,5%" → "ở mức âm không phẩy năm phần trăm".
    #[test]
    fn negative_percentages_read_back(n in 0u64..1000, f in 1u32..100) {
        let s = reader().spoken(&format!("ở mức -{n},{f}%")).text;
        let words = between(&s, "mức âm ", " phần trăm");
        prop_assert!(words.is_some(), "{}", s);
        let words: Vec<&str> = words.unwrap().split(' ').collect();
        prop_assert_eq!(decimal_back(&words), Some((n, f.to_string())), "{}", s);
    }

    /// "chiếm 3/7 diện tích" → "chiếm ba phần bảy diện tích"; four is "tư" after "phần".
    #[test]
    fn fractions_read_back(b in 2u64..=100, a_seed in 1u64..100) {
        let a = 1 + a_seed % (b - 1);
        let s = reader().spoken(&format!("chiếm {a}/{b} diện tích")).text;
        let words = between(&s, "chiếm ", " diện tích");
        prop_assert!(words.is_some(), "{}", s);
        let words: Vec<&str> = words.unwrap().split(' ').collect();
        let p = words.iter().position(|w| *w == "phần");
        prop_assert!(p.is_some(), "{}", s);
        let p = p.unwrap();
        prop_assert_eq!(words_to_number(&words[..p]), Some(a), "{}", s);
        let denominator = match &words[p + 1..] {
            ["tư"] => Some(4),
            rest => words_to_number(rest),
        };
        prop_assert_eq!(denominator, Some(b), "{}", s);
        if b == 4 {
            prop_assert!(s.contains("phần tư"), "{}", s);
        }
    }

    /// "đứng thứ 4/21" → "đứng thứ tư trên hai mươi mốt".
    #[test]
    fn ranks_read_back(a in 1u64..100, b in 1u64..200) {
        let s = reader().spoken(&format!("đứng thứ {a}/{b} toàn tỉnh")).text;
        let words = between(&s, "đứng thứ ", " toàn tỉnh");
        prop_assert!(words.is_some(), "{}", s);
        let words: Vec<&str> = words.unwrap().split(' ').collect();
        let p = words.iter().position(|w| *w == "trên");
        prop_assert!(p.is_some(), "{}", s);
        let p = p.unwrap();
        let rank = match &words[..p] {
            ["nhất"] => Some(1),
            ["tư"] => Some(4),
            w => words_to_number(w),
        };
        prop_assert_eq!(rank, Some(a), "{}", s);
        prop_assert_eq!(words_to_number(&words[p + 1..]), Some(b), "{}", s);
    }

    /// Identifiers of any length come back digit for digit, leading zeros included.
    #[test]
    fn identifiers_read_back(digits in "[0-9]{9,16}") {
        let s = reader().spoken(&format!("mã số thuế {digits} của")).text;
        let words = between(&s, "mã số thuế ", " của");
        prop_assert!(words.is_some(), "{}", s);
        prop_assert_eq!(digits_back(words.unwrap()), Some(digits.clone()), "{}", s);
    }

    /// Phone numbers in any grouping (spaces, dots, dashes, none) come back digit for digit.
    #[test]
    fn phone_numbers_read_back(
        digits in "0[1-9][0-9]{8}",
        cuts in proptest::collection::btree_set(2usize..9, 0..3),
        sep in prop::sample::select(vec![" ", ".", "-"]),
    ) {
        let mut written = String::new();
        for (k, c) in digits.chars().enumerate() {
            if cuts.contains(&k) {
                written.push_str(sep);
            }
            written.push(c);
        }
        let s = reader().spoken(&format!("gọi {written} ngay")).text;
        let words = between(&s, "gọi ", " ngay");
        prop_assert!(words.is_some(), "{}", s);
        prop_assert_eq!(digits_back(words.unwrap()), Some(digits.clone()), "{} ({})", s, written);
    }

    /// Codes of letters and digits are spelled and come back letter for letter.
    #[test]
    fn codes_read_back(letters in "[ABCDEFGHIKMNOPRSUVXZ]{1,3}", digits in "[0-9]{3,6}") {
        let code = format!("{letters}{digits}");
        // Abbreviations and road classes ("KM100" is a kilometre post) are not codes.
        let lexicon_word = reader().spoken(&letters).text != letters;
        prop_assume!(!lexicon_word && !["QL", "TL", "HL", "KM"].contains(&letters.as_str()));
        let s = reader().spoken(&format!("giống {code} mới")).text;
        let words = between(&s, "giống ", " mới");
        prop_assert!(words.is_some(), "{}", s);
        let mut back = String::new();
        for w in words.unwrap().split(' ') {
            match (letter_back(w), digit_back(w)) {
                (Some(c), _) if back.len() < letters.len() => back.push(c),
                (_, Some(d)) => back.push(d),
                _ => prop_assert!(false, "{w} in {s}"),
            }
        }
        prop_assert_eq!(back, code, "{}", s);
    }
}
