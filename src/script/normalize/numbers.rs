//! Vietnamese cardinal, ordinal, decimal, digit-by-digit and Roman-numeral readings.

/// House choices for reading numbers (from `[reading]` in the station config).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberStyle {
    /// "nghìn" (north) or "ngàn" (south).
    pub thousand: &'static str,
    /// "linh" (north) or "lẻ" (south) for an empty tens place.
    pub zero_tens: &'static str,
    /// "tỷ" or "tỉ".
    pub billion: &'static str,
    /// Month 4 read "tư" (true) or "bốn".
    pub april_tu: bool,
    /// Days 1–10 read with "mồng".
    pub mong_for_early_days: bool,
}

impl Default for NumberStyle {
    fn default() -> Self {
        Self::north()
    }
}

impl NumberStyle {
    /// Standard northern broadcast reading.
    pub fn north() -> Self {
        Self {
            thousand: "nghìn",
            zero_tens: "linh",
            billion: "tỷ",
            april_tu: true,
            mong_for_early_days: false,
        }
    }

    /// Southern variant: ngàn, lẻ, tỉ.
    pub fn south() -> Self {
        Self {
            thousand: "ngàn",
            zero_tens: "lẻ",
            billion: "tỉ",
            april_tu: true,
            mong_for_early_days: false,
        }
    }
}

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// One digit as a word ("không" … "chín").
pub fn digit_word(d: u8) -> &'static str {
    DIGITS[usize::from(d % 10)]
}

/// Reads a number digit by digit ("923" → "chín hai ba"); non-digits are skipped.
pub fn read_digits(digits: &str) -> String {
    let words: Vec<&str> = digits
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| digit_word(b - b'0'))
        .collect();
    words.join(" ")
}

/// Cardinal reading of `n` ("21" → "hai mươi mốt", "2017" → "hai nghìn không trăm mười bảy").
pub fn read_number(n: u64, style: &NumberStyle) -> String {
    let mut out = Vec::new();
    push_number(n, style, &mut out);
    out.join(" ")
}

/// Ordinal after "thứ": 1 → "nhất", 4 → "tư", otherwise the cardinal.
pub fn read_ordinal(n: u64, style: &NumberStyle) -> String {
    match n {
        1 => "nhất".to_string(),
        4 => "tư".to_string(),
        _ => read_number(n, style),
    }
}

/// A decimal written with the Vietnamese comma: integer part, "phẩy", then the fraction read
/// as a whole number whose leading zeros are each "không" ("0,07" → "không phẩy không bảy").
pub fn read_decimal(integer: u64, fraction: &str, style: &NumberStyle) -> String {
    let mut words = vec![read_number(integer, style), "phẩy".to_string()];
    let digits = fraction.trim_start_matches('0');
    for _ in 0..fraction.len() - digits.len() {
        words.push("không".to_string());
    }
    if !digits.is_empty() {
        match digits.parse::<u64>() {
            Ok(v) => words.push(read_number(v, style)),
            Err(_) => words.push(read_digits(digits)),
        }
    }
    words.join(" ")
}

fn push_number(n: u64, style: &NumberStyle, out: &mut Vec<String>) {
    const BILLION: u64 = 1_000_000_000;
    if n >= BILLION {
        // Above a billion the count of billions is itself a number ("một nghìn tỷ").
        push_number(n / BILLION, style, out);
        out.push(style.billion.to_string());
        let rest = n % BILLION;
        if rest > 0 {
            push_groups(rest, style, out, false);
        }
    } else {
        push_groups(n, style, out, true);
    }
}

/// Groups below a billion: triệu, nghìn, units. `leading` is true when nothing was said
/// before, so the first group is read short (no "không trăm", no "linh").
fn push_groups(n: u64, style: &NumberStyle, out: &mut Vec<String>, leading: bool) {
    if n == 0 {
        out.push("không".to_string());
        return;
    }
    let groups = [
        ((n / 1_000_000) % 1000, Some("triệu")),
        ((n / 1000) % 1000, Some(style.thousand)),
        (n % 1000, None),
    ];
    let mut said = !leading;
    for (value, scale) in groups {
        if value == 0 {
            continue; // a whole empty group is skipped
        }
        push_group(value as u16, style, out, said);
        if let Some(scale) = scale {
            out.push(scale.to_string());
        }
        said = true;
    }
}

/// One group of three digits. `full` reads the hundreds even when empty ("không trăm").
fn push_group(v: u16, style: &NumberStyle, out: &mut Vec<String>, full: bool) {
    let (h, t, u) = ((v / 100) as u8, ((v / 10) % 10) as u8, (v % 10) as u8);
    if h > 0 || full {
        out.push(digit_word(h).to_string());
        out.push("trăm".to_string());
    }
    let has_hundreds = h > 0 || full;
    match t {
        0 => {
            if u > 0 {
                if has_hundreds {
                    out.push(style.zero_tens.to_string());
                    let unit = match u {
                        4 if style.zero_tens == "linh" => "tư",
                        _ => digit_word(u),
                    };
                    out.push(unit.to_string());
                } else {
                    out.push(digit_word(u).to_string());
                }
            }
        }
        1 => {
            out.push("mười".to_string());
            if u > 0 {
                out.push(if u == 5 { "lăm" } else { digit_word(u) }.to_string());
            }
        }
        _ => {
            out.push(digit_word(t).to_string());
            out.push("mươi".to_string());
            let unit = match u {
                0 => None,
                1 => Some("mốt"),
                4 => Some("tư"),
                5 => Some("lăm"),
                _ => Some(digit_word(u)),
            };
            if let Some(unit) = unit {
                out.push(unit.to_string());
            }
        }
    }
}

/// Value of a canonical Roman numeral (I … MMMCMXCIX); None for anything else.
pub fn parse_roman(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let value = |c: char| -> Option<u64> {
        Some(match c {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            'C' => 100,
            'D' => 500,
            'M' => 1000,
            _ => return None,
        })
    };
    let chars: Vec<u64> = s.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, &v) in chars.iter().enumerate() {
        match chars.get(i + 1) {
            Some(&next) if next > v => total -= v as i64,
            _ => total += v as i64,
        }
    }
    let total = u64::try_from(total).ok().filter(|&t| t > 0 && t < 4000)?;
    // Only the canonical spelling counts, so "IIII" or "VX" are not numerals.
    (to_roman(total) == s).then_some(total)
}

fn to_roman(mut n: u64) -> String {
    const TABLE: [(u64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cardinal_table_north() {
        let s = NumberStyle::north();
        let table: &[(u64, &str)] = &[
            (0, "không"),
            (1, "một"),
            (4, "bốn"),
            (5, "năm"),
            (10, "mười"),
            (11, "mười một"),
            (14, "mười bốn"),
            (15, "mười lăm"),
            (20, "hai mươi"),
            (21, "hai mươi mốt"),
            (24, "hai mươi tư"),
            (25, "hai mươi lăm"),
            (31, "ba mươi mốt"),
            (44, "bốn mươi tư"),
            (65, "sáu mươi lăm"),
            (70, "bảy mươi"),
            (100, "một trăm"),
            (101, "một trăm linh một"),
            (104, "một trăm linh tư"),
            (105, "một trăm linh năm"),
            (110, "một trăm mười"),
            (201, "hai trăm linh một"),
            (211, "hai trăm mười một"),
            (305, "ba trăm linh năm"),
            (310, "ba trăm mười"),
            (506, "năm trăm linh sáu"),
            (708, "bảy trăm linh tám"),
            (923, "chín trăm hai mươi ba"),
            (1000, "một nghìn"),
            (1838, "một nghìn tám trăm ba mươi tám"),
            (2007, "hai nghìn không trăm linh bảy"),
            (2017, "hai nghìn không trăm mười bảy"),
            (2018, "hai nghìn không trăm mười tám"),
            (2020, "hai nghìn không trăm hai mươi"),
            (3020, "ba nghìn không trăm hai mươi"),
            (7320, "bảy nghìn ba trăm hai mươi"),
            (10_000, "mười nghìn"),
            (15_000, "mười lăm nghìn"),
            (21_000, "hai mươi mốt nghìn"),
            (100_500, "một trăm nghìn năm trăm"),
            (2_007_000, "hai triệu không trăm linh bảy nghìn"),
            (3_000_450, "ba triệu bốn trăm năm mươi"),
            (3_000_045, "ba triệu không trăm bốn mươi lăm"),
            (1_000_000_000, "một tỷ"),
            (5_500_000_000, "năm tỷ năm trăm triệu"),
            (1_000_000_000_000, "một nghìn tỷ"),
            (1_005_000_000_000, "một nghìn không trăm linh năm tỷ"),
            (1_000_005_000_000, "một nghìn tỷ không trăm linh năm triệu"),
            (1_000_000_000_001, "một nghìn tỷ không trăm linh một"),
        ];
        for &(n, want) in table {
            assert_eq!(read_number(n, &s), want, "{n}");
        }
    }

    #[test]
    fn cardinal_table_south() {
        let s = NumberStyle::south();
        assert_eq!(read_number(105, &s), "một trăm lẻ năm");
        assert_eq!(read_number(104, &s), "một trăm lẻ bốn");
        assert_eq!(read_number(2017, &s), "hai ngàn không trăm mười bảy");
        assert_eq!(read_number(3_000_000_000, &s), "ba tỉ");
    }

    #[test]
    fn ordinals_decimals_digits() {
        let s = NumberStyle::north();
        assert_eq!(read_ordinal(1, &s), "nhất");
        assert_eq!(read_ordinal(4, &s), "tư");
        assert_eq!(read_ordinal(9, &s), "chín");
        assert_eq!(read_ordinal(19, &s), "mười chín");
        assert_eq!(read_decimal(8, "7", &s), "tám phẩy bảy");
        assert_eq!(read_decimal(0, "07", &s), "không phẩy không bảy");
        assert_eq!(read_decimal(3, "25", &s), "ba phẩy hai mươi lăm");
        assert_eq!(read_decimal(46, "7", &s), "bốn mươi sáu phẩy bảy");
        assert_eq!(read_digits("923"), "chín hai ba");
        assert_eq!(read_digits("0237"), "không hai ba bảy");
    }

    #[test]
    fn roman_numerals() {
        for (r, v) in [
            ("I", 1),
            ("III", 3),
            ("IV", 4),
            ("IX", 9),
            ("XIX", 19),
            ("XIII", 13),
            ("XXI", 21),
        ] {
            assert_eq!(parse_roman(r), Some(v), "{r}");
        }
        for r in ["IIII", "VX", "ANTT", "", "IC"] {
            assert_eq!(parse_roman(r), None, "{r}");
        }
    }

    /// `high` × `factor` + `low`: a scale word needs a count before it and less than one
    /// of itself after it.
    fn scaled(high: u64, low: u64, factor: u64) -> Option<u64> {
        (high != 0 && low < factor).then(|| high * factor + low)
    }

    /// Independent reader of Vietnamese number words, written from the rules (not from the code
    /// above): splits at the largest scale word and parses each side.
    pub(crate) fn words_to_number(words: &[&str]) -> Option<u64> {
        if words.is_empty() {
            return Some(0);
        }
        for (scale, factor) in [("tỷ", 1_000_000_000u64), ("tỉ", 1_000_000_000)] {
            if let Some(pos) = words.iter().rposition(|w| *w == scale) {
                let high = words_to_number(&words[..pos])?;
                return scaled(high, words_to_number(&words[pos + 1..])?, factor);
            }
        }
        for (scales, factor) in [
            (&["triệu"][..], 1_000_000u64),
            (&["nghìn", "ngàn"][..], 1000),
        ] {
            if let Some(pos) = words.iter().position(|w| scales.contains(w)) {
                let high = group_to_number(&words[..pos])?;
                return scaled(high, words_to_number(&words[pos + 1..])?, factor);
            }
        }
        group_to_number(words)
    }

    fn group_to_number(words: &[&str]) -> Option<u64> {
        let digit = |w: &str| -> Option<u64> {
            Some(match w {
                "không" => 0,
                "một" | "mốt" => 1,
                "hai" => 2,
                "ba" => 3,
                "bốn" | "tư" => 4,
                "năm" | "lăm" => 5,
                "sáu" => 6,
                "bảy" => 7,
                "tám" => 8,
                "chín" => 9,
                _ => return None,
            })
        };
        let mut rest = words;
        let mut value = 0;
        if rest.len() >= 2 && rest[1] == "trăm" {
            value += digit(rest[0])? * 100;
            rest = &rest[2..];
        }
        match rest {
            [] => {}
            ["linh" | "lẻ", u] => value += digit(u)?,
            ["mười"] => value += 10,
            ["mười", u] => value += 10 + digit(u)?,
            [t, "mươi"] => value += digit(t)? * 10,
            [t, "mươi", u] => value += digit(t)? * 10 + digit(u)?,
            [u] => value += digit(u)?,
            _ => return None,
        }
        Some(value)
    }

    proptest! {
        #[test]
        fn reads_back_any_number_north(n in 0u64..=1_000_000_000_000) {
            let s = read_number(n, &NumberStyle::north());
            let words: Vec<&str> = s.split(' ').collect();
            prop_assert_eq!(words_to_number(&words), Some(n), "{}", s);
        }

        #[test]
        fn reads_back_any_number_south(n in 0u64..=1_000_000_000_000) {
            let s = read_number(n, &NumberStyle::south());
            let words: Vec<&str> = s.split(' ').collect();
            prop_assert_eq!(words_to_number(&words), Some(n), "{}", s);
        }

        #[test]
        fn small_numbers_and_round_numbers_read_back(n in 0u64..=20_000, k in 0u32..=12) {
            let m = n * 10u64.pow(k);
            prop_assume!(m <= 1_000_000_000_000);
            let s = read_number(m, &NumberStyle::north());
            let words: Vec<&str> = s.split(' ').collect();
            prop_assert_eq!(words_to_number(&words), Some(m), "{}", s);
        }
    }
}
