//! Folding text to plain ASCII for the fixed-width fields of broadcast WAV metadata
//! (`bext`, LIST/INFO, `cart`): those fields are ASCII by specification, and playout
//! systems show anything else as mojibake. Vietnamese loses its tone and vowel marks
//! ("Thọ Xuân" → "Tho Xuan"); the full UTF-8 text lives in the sidecar report.

use unicode_normalization::UnicodeNormalization;

/// What a character that has no ASCII spelling becomes.
pub const UNKNOWN: char = '?';

/// Folds `text` to printable ASCII: Latin letters lose their diacritics, `đ`/`Đ` become
/// `d`/`D`, typographic punctuation becomes its ASCII look-alike, control characters and
/// line breaks become spaces, and anything else (CJK, Cyrillic, emoji…) becomes `?`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Canonical decomposition splits "ọ" into "o" + U+0323; the marks are then dropped.
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        push_folded(c, &mut out);
    }
    out
}

/// Folds `text` and cuts it to at most `max` bytes (every folded byte is one character).
pub fn fold_to_width(text: &str, max: usize) -> String {
    let mut folded = fold(text);
    folded.truncate(max);
    folded
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F   // combining diacritical marks (all Vietnamese tones and hooks)
        | 0x1AB0..=0x1AFF // extended
        | 0x1DC0..=0x1DFF // supplement
        | 0x20D0..=0x20FF // for symbols
        | 0xFE20..=0xFE2F) // half marks
}

fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        // Tabs and line breaks would break one-line fields; other controls are garbage.
        out.push(if c.is_ascii_control() { ' ' } else { c });
        return;
    }
    let replacement: &str = match c {
        // Letters that do not decompose under NFD.
        'đ' => "d",
        'Đ' | 'Ð' => "D",
        'ð' => "d",
        'ø' => "o",
        'Ø' => "O",
        'ł' => "l",
        'Ł' => "L",
        'ß' => "ss",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'þ' => "th",
        'Þ' => "TH",
        'ı' => "i",
        // Typographic punctuation that portals paste into titles.
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' | '«' | '»' => "\"",
        '\u{2010}'..='\u{2015}' | '\u{2212}' => "-",
        '\u{2026}' => "...",
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{3000}' => " ",
        '\u{2028}' | '\u{2029}' | '\u{0085}' => " ",
        '\u{200B}'..='\u{200D}' | '\u{FEFF}' => "",
        '·' | '\u{2022}' => "-",
        '°' => "o",
        '×' => "x",
        _ => {
            out.push(UNKNOWN);
            return;
        }
    };
    out.push_str(replacement);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every Vietnamese vowel with every tone, lower and upper case, and what it folds to.
    const VIETNAMESE_VOWELS: &[(&str, char)] = &[
        ("aàáảãạ", 'a'),
        ("ăằắẳẵặ", 'a'),
        ("âầấẩẫậ", 'a'),
        ("eèéẻẽẹ", 'e'),
        ("êềếểễệ", 'e'),
        ("iìíỉĩị", 'i'),
        ("oòóỏõọ", 'o'),
        ("ôồốổỗộ", 'o'),
        ("ơờớởỡợ", 'o'),
        ("uùúủũụ", 'u'),
        ("ưừứửữự", 'u'),
        ("yỳýỷỹỵ", 'y'),
    ];

    #[test]
    fn every_vietnamese_vowel_with_every_tone_folds_to_its_base_letter() {
        for (letters, base) in VIETNAMESE_VOWELS {
            assert_eq!(letters.chars().count(), 6, "{letters}");
            let expected: String = std::iter::repeat_n(*base, 6).collect();
            assert_eq!(fold(letters), expected, "{letters}");
            let upper = letters.to_uppercase();
            assert_eq!(fold(&upper), expected.to_uppercase(), "{upper}");
        }
    }

    #[test]
    fn d_with_stroke_folds_to_d() {
        assert_eq!(fold("đường Đông"), "duong Dong");
    }

    #[test]
    fn place_names_and_sentences_fold_readably() {
        assert_eq!(fold("Thọ Xuân"), "Tho Xuan");
        assert_eq!(
            fold("Đài Phát thanh huyện Thọ Xuân"),
            "Dai Phat thanh huyen Tho Xuan"
        );
        assert_eq!(
            fold("Bản tin sáng: “Nước sạch về xã” – 6 giờ…"),
            "Ban tin sang: \"Nuoc sach ve xa\" - 6 gio..."
        );
    }

    #[test]
    fn precomposed_and_decomposed_input_fold_the_same() {
        let decomposed: String = "Thọ Xuân".nfd().collect();
        assert_ne!(decomposed, "Thọ Xuân");
        assert_eq!(fold(&decomposed), "Tho Xuan");
    }

    #[test]
    fn other_latin_letters_lose_their_marks() {
        assert_eq!(
            fold("Crème brûlée, Ångström, straße, Łódź"),
            "Creme brulee, Angstrom, strasse, Lodz"
        );
    }

    #[test]
    fn non_latin_scripts_become_question_marks() {
        assert_eq!(fold("新闻 Москва \u{1F399}"), "?? ?????? ?");
    }

    #[test]
    fn control_characters_become_spaces_and_invisibles_vanish() {
        assert_eq!(fold("a\tb\r\nc\u{200B}d\u{00A0}e"), "a b  cd e");
    }

    #[test]
    fn folded_text_is_always_printable_ascii() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let folded = fold(&all);
        assert!(
            folded.bytes().all(|b| (0x20..0x7F).contains(&b)),
            "{folded}"
        );
    }

    #[test]
    fn width_cut_counts_folded_bytes() {
        assert_eq!(fold_to_width("Thọ Xuân", 5), "Tho X");
        assert_eq!(fold_to_width("ab", 32), "ab");
    }
}
