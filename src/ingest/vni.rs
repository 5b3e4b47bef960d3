//! VNI-Windows: a Vietnamese letter is a base letter followed by a second byte carrying
//! the hat/breve and the tone ("Vieät Nam", "cuûa", "ñöôïc"). The bytes are Windows-1252
//! code points drawn with the VNI fonts; a few letters are one byte (ñ = đ, ö = ư, ô = ơ,
//! í ì æ ó ò = í ì ỉ ĩ ị, î = ỵ). Mapping after the VNI-Windows table (as in xvnkb's vni.h).

use unicode_normalization::UnicodeNormalization;

/// Windows-1252 characters for bytes 0x80..=0xFF; U+FFFD where none is defined.
const CP1252_HIGH: [char; 128] = [
    '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', // 0x80
    'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž', '\u{FFFD}', // 0x88
    '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', // 0x90
    '˜', '™', 'š', '›', 'œ', '\u{FFFD}', 'ž', 'Ÿ', // 0x98
    '\u{00A0}', '¡', '¢', '£', '¤', '¥', '¦', '§', // 0xA0
    '¨', '©', 'ª', '«', '¬', '\u{00AD}', '®', '¯', // 0xA8
    '°', '±', '²', '³', '´', 'µ', '¶', '·', // 0xB0
    '¸', '¹', 'º', '»', '¼', '½', '¾', '¿', // 0xB8
    'À', 'Á', 'Â', 'Ã', 'Ä', 'Å', 'Æ', 'Ç', // 0xC0
    'È', 'É', 'Ê', 'Ë', 'Ì', 'Í', 'Î', 'Ï', // 0xC8
    'Ð', 'Ñ', 'Ò', 'Ó', 'Ô', 'Õ', 'Ö', '×', // 0xD0
    'Ø', 'Ù', 'Ú', 'Û', 'Ü', 'Ý', 'Þ', 'ß', // 0xD8
    'à', 'á', 'â', 'ã', 'ä', 'å', 'æ', 'ç', // 0xE0
    'è', 'é', 'ê', 'ë', 'ì', 'í', 'î', 'ï', // 0xE8
    'ð', 'ñ', 'ò', 'ó', 'ô', 'õ', 'ö', '÷', // 0xF0
    'ø', 'ù', 'ú', 'û', 'ü', 'ý', 'þ', 'ÿ', // 0xF8
];

const GRAVE: char = '\u{300}';
const ACUTE: char = '\u{301}';
const TILDE: char = '\u{303}';
const HOOK: char = '\u{309}';
const DOT: char = '\u{323}';
const CIRCUMFLEX: char = '\u{302}';
const BREVE: char = '\u{306}';
const HORN: char = '\u{31B}';

/// The second byte of a VNI letter: which hat (circumflex or breve) and which tone.
fn mark(c: char) -> Option<(Option<char>, Option<char>)> {
    let m = match c.to_lowercase().next()? {
        'ù' => (None, Some(ACUTE)),
        'ø' => (None, Some(GRAVE)),
        'û' => (None, Some(HOOK)),
        'õ' => (None, Some(TILDE)),
        'ï' => (None, Some(DOT)),
        'â' => (Some(CIRCUMFLEX), None),
        'á' => (Some(CIRCUMFLEX), Some(ACUTE)),
        'à' => (Some(CIRCUMFLEX), Some(GRAVE)),
        'å' => (Some(CIRCUMFLEX), Some(HOOK)),
        'ã' => (Some(CIRCUMFLEX), Some(TILDE)),
        'ä' => (Some(CIRCUMFLEX), Some(DOT)),
        'ê' => (Some(BREVE), None),
        'é' => (Some(BREVE), Some(ACUTE)),
        'è' => (Some(BREVE), Some(GRAVE)),
        'ú' => (Some(BREVE), Some(HOOK)),
        'ü' => (Some(BREVE), Some(TILDE)),
        'ë' => (Some(BREVE), Some(DOT)),
        _ => return None,
    };
    Some(m)
}

/// A base that takes a second byte, as (letter, horn?): a e o u y, and ô = ơ, ö = ư.
fn base(c: char) -> Option<(char, bool)> {
    let upper = c.is_uppercase();
    let (letter, horn) = match c.to_lowercase().next()? {
        l @ ('a' | 'e' | 'o' | 'u' | 'y') => (l, false),
        'ô' => ('o', true),
        'ö' => ('u', true),
        _ => return None,
    };
    Some((
        if upper {
            letter.to_ascii_uppercase()
        } else {
            letter
        },
        horn,
    ))
}

/// One-byte VNI letters.
fn single(c: char) -> Option<char> {
    Some(match c {
        'ñ' => 'đ',
        'Ñ' => 'Đ',
        'ô' => 'ơ',
        'Ô' => 'Ơ',
        'ö' => 'ư',
        'Ö' => 'Ư',
        'æ' => 'ỉ',
        'Æ' => 'Ỉ',
        'ó' => 'ĩ',
        'Ó' => 'Ĩ',
        'ò' => 'ị',
        'Ò' => 'Ị',
        'î' => 'ỵ',
        'Î' => 'Ỵ',
        // í, ì, Í, Ì are the same letters in Unicode.
        _ => return None,
    })
}

/// The Windows-1252 byte of a character, if it has one.
pub fn cp1252_byte(c: char) -> Option<u8> {
    match u32::from(c) {
        n @ (0..=0x7F | 0xA0..=0xFF) => u8::try_from(n).ok(),
        _ => CP1252_HIGH
            .iter()
            .position(|&h| h == c && h != '\u{FFFD}')
            .and_then(|p| u8::try_from(0x80 + p).ok()),
    }
}

/// Decodes VNI-Windows bytes into NFC text.
pub fn decode(bytes: &[u8]) -> String {
    let chars: Vec<char> = bytes
        .iter()
        .map(|&b| {
            if b < 0x80 {
                char::from(b)
            } else {
                CP1252_HIGH[usize::from(b - 0x80)]
            }
        })
        .collect();
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some((letter, horn)) = base(c)
            && let Some((hat, tone)) = chars.get(i + 1).and_then(|&n| mark(n))
            && hat_fits(letter, horn, hat)
        {
            out.push(letter);
            out.extend(horn.then_some(HORN));
            out.extend(hat);
            out.extend(tone);
            i += 2;
            continue;
        }
        out.push(single(c).unwrap_or(c));
        i += 1;
    }
    out.nfc().collect()
}

/// Circumflex goes on a, e, o; breve only on a; ơ and ư take tones only.
fn hat_fits(letter: char, horn: bool, hat: Option<char>) -> bool {
    match hat {
        None => true,
        Some(_) if horn => false,
        Some(CIRCUMFLEX) => matches!(letter.to_ascii_lowercase(), 'a' | 'e' | 'o'),
        Some(_) => letter.eq_ignore_ascii_case(&'a'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vni(text: &str) -> Vec<u8> {
        text.chars()
            .map(|c| {
                let pos = CP1252_HIGH.iter().position(|&h| h == c);
                match pos {
                    Some(p) => 0x80 + u8::try_from(p).unwrap(),
                    None => u8::try_from(u32::from(c)).unwrap(),
                }
            })
            .collect()
    }

    #[test]
    fn examples_from_the_reference() {
        assert_eq!(decode(&vni("Vieät Nam")), "Việt Nam");
        assert_eq!(decode(&vni("cuûa")), "của");
        assert_eq!(decode(&vni("ñöôïc")), "được");
        assert_eq!(decode(&vni("muoán")), "muốn");
        assert_eq!(
            decode(&vni("naêm hoïc mæ tænh ñaëc bieät")),
            "năm học mỉ tỉnh đặc biệt"
        );
        assert_eq!(decode(&vni("THÔØI ÑAÏI ÑAÛNG")), "THỜI ĐẠI ĐẢNG");
        assert_eq!(decode(&vni("Quyeát ñònh")), "Quyết định");
    }
}
