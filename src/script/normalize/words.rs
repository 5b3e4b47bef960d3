//! Word-level helpers: look-up keys that ignore tone placement, capital-letter shapes,
//! and a test for "could this be one Vietnamese syllable".

use unicode_normalization::UnicodeNormalization;

/// The five tone marks as combining characters (grave, acute, tilde, hook above, dot below).
fn is_tone_mark(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// Each precomposed letter that carries a tone: its letter without the tone (other marks
/// kept: "ờ" → "ơ") and the tone as a combining mark. Built once from Unicode's tables.
static TONED: std::sync::LazyLock<std::collections::HashMap<char, (char, char)>> =
    std::sync::LazyLock::new(|| {
        let mut map = std::collections::HashMap::new();
        for c in ('\u{C0}'..='\u{24F}').chain('\u{1E00}'..='\u{1EFF}') {
            let parts: Vec<char> = c.to_string().nfd().collect();
            let Some(&tone) = parts.iter().find(|&&m| is_tone_mark(m)) else {
                continue;
            };
            let base: String = parts
                .iter()
                .filter(|&&m| !is_tone_mark(m))
                .collect::<String>()
                .nfc()
                .collect();
            let mut chars = base.chars();
            if let (Some(b), None) = (chars.next(), chars.next()) {
                map.insert(c, (b, tone));
            }
        }
        map
    });

/// Look-up key that treats old and new tone placement alike ("hoà" = "hòa", "thuỷ" = "thủy"):
/// each tone is taken off its letter and put, as a combining mark, at the end of its word.
/// Case is kept. The key is for comparing only (it is not NFC); both sides of a comparison
/// must be folded.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    if s.chars().any(is_other_mark) {
        // Decomposed input: compose it first, so it folds like its NFC form.
        let composed: String = s.nfc().collect();
        return fold_composed(&composed);
    }
    fold_composed(s)
}

fn fold_composed(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let mut tones = String::new();
    for c in s.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else {
                out.push_str(&tones);
                tones.clear();
                out.push(c);
            }
        } else if let Some(&(base, tone)) = TONED.get(&c) {
            out.push(base);
            tones.push(tone);
        } else if is_tone_mark(c) {
            tones.push(c);
        } else if c.is_alphanumeric() || is_other_mark(c) {
            out.push(c);
        } else {
            out.push_str(&tones);
            tones.clear();
            out.push(c);
        }
    }
    out.push_str(&tones);
    out
}

fn is_other_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// `fold` in lower case, for comparing context words ("Khoá" = "khóa").
pub fn fold_lower(s: &str) -> String {
    fold(&s.to_lowercase())
}

/// Two or more capitals and no lower-case letter ("UBND", "ĐT", "H5N1").
pub fn is_all_caps(s: &str) -> bool {
    s.chars().filter(|c| c.is_uppercase()).count() >= 2 && !s.chars().any(char::is_lowercase)
}

/// Starts with an upper-case letter.
pub fn is_capitalized(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// "CHủ" → Some("Chủ"): two or more capitals followed by lower case is a typing slip when the
/// result is one Vietnamese syllable.
pub fn repair_case(s: &str) -> Option<String> {
    let mut chars = s.chars();
    let leading_caps = s.chars().take_while(|c| c.is_uppercase()).count();
    if leading_caps < 2 || !s.chars().any(char::is_lowercase) {
        return None;
    }
    let first = chars.next()?;
    let repaired: String = std::iter::once(first)
        .chain(chars.flat_map(char::to_lowercase))
        .collect();
    is_syllable(&repaired).then_some(repaired)
}

/// Upper-cases the first letter.
pub fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Could `word` be a single Vietnamese syllable (onset, vowel nucleus, optional final)?
/// Used to tell capitalised words ("TRỞ", "XUÂN") from abbreviations ("UBND", "HUV").
pub fn is_syllable(word: &str) -> bool {
    let base: String = word
        .to_lowercase()
        .nfd()
        .filter(|c| !is_other_mark(*c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect();
    if base.is_empty() || !base.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    const ONSETS: [&str; 27] = [
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h",
        "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
    ];
    const CODAS: [&str; 9] = ["ng", "nh", "ch", "c", "m", "n", "p", "t", ""];
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    ONSETS.iter().any(|onset| {
        let Some(rest) = base.strip_prefix(onset) else {
            return false;
        };
        let nucleus = rest.chars().take_while(|&c| is_vowel(c)).count();
        if nucleus == 0 && !(*onset == "gi" && rest.is_empty()) {
            return false;
        }
        nucleus <= 3 && CODAS.contains(&&rest[nucleus..])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_tone_placement() {
        assert_eq!(fold("hoà"), fold("hòa"));
        assert_eq!(fold("thuỷ"), fold("thủy"));
        assert_eq!(fold("Khoá"), fold("Khóa"));
        assert_ne!(fold("hòa"), fold("hóa"));
        assert_eq!(fold_lower("KHÓA"), fold("khóa"));
        assert_eq!(fold("UBND"), "UBND");
    }

    #[test]
    fn syllables_and_abbreviations() {
        for w in [
            "TRỞ", "XUÂN", "nghiêng", "Chủ", "THÀNH", "khuya", "gì", "LAM", "TU", "oanh",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in [
            "UBND", "HUV", "ANTT", "BCĐ", "CAND", "NTM", "THCS", "TP", "OCOP", "XIX", "KT",
        ] {
            assert!(!is_syllable(w), "{w}");
        }
    }

    #[test]
    fn case_repair() {
        assert_eq!(repair_case("CHủ").as_deref(), Some("Chủ"));
        assert_eq!(repair_case("THành").as_deref(), Some("Thành"));
        assert_eq!(repair_case("TTg"), None);
        assert_eq!(repair_case("UBND"), None);
        assert_eq!(repair_case("Chủ"), None);
    }
}
