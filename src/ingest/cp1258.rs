//! Windows-1258: Latin letters, a few precomposed Vietnamese letters, and the five tone
//! marks as combining characters (0xCC, 0xD2, 0xDE, 0xEC, 0xF2). The decoded text is put
//! in NFC by the caller so "a" + U+0301 becomes "á".

/// Characters for bytes 0x80..=0xFF; U+FFFD where no character is defined.
const HIGH: [char; 128] = [
    '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', // 0x80
    'ˆ', '‰', '\u{FFFD}', '‹', 'Œ', '\u{FFFD}', '\u{FFFD}', '\u{FFFD}', // 0x88
    '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', // 0x90
    '˜', '™', '\u{FFFD}', '›', 'œ', '\u{FFFD}', '\u{FFFD}', 'Ÿ', // 0x98
    '\u{00A0}', '¡', '¢', '£', '¤', '¥', '¦', '§', // 0xA0
    '¨', '©', 'ª', '«', '¬', '\u{00AD}', '®', '¯', // 0xA8
    '°', '±', '²', '³', '´', 'µ', '¶', '·', // 0xB0
    '¸', '¹', 'º', '»', '¼', '½', '¾', '¿', // 0xB8
    'À', 'Á', 'Â', 'Ă', 'Ä', 'Å', 'Æ', 'Ç', // 0xC0
    'È', 'É', 'Ê', 'Ë', '\u{0300}', 'Í', 'Î', 'Ï', // 0xC8
    'Đ', 'Ñ', '\u{0309}', 'Ó', 'Ô', 'Ơ', 'Ö', '×', // 0xD0
    'Ø', 'Ù', 'Ú', 'Û', 'Ü', 'Ư', '\u{0303}', 'ß', // 0xD8
    'à', 'á', 'â', 'ă', 'ä', 'å', 'æ', 'ç', // 0xE0
    'è', 'é', 'ê', 'ë', '\u{0301}', 'í', 'î', 'ï', // 0xE8
    'đ', 'ñ', '\u{0323}', 'ó', 'ô', 'ơ', 'ö', '÷', // 0xF0
    'ø', 'ù', 'ú', 'û', 'ü', 'ư', '₫', 'ÿ', // 0xF8
];

/// Decodes Windows-1258 bytes (ASCII below 0x80), leaving tones as combining marks.
pub fn decode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b < 0x80 {
                char::from(b)
            } else {
                HIGH[usize::from(b - 0x80)]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn tones_are_combining_marks() {
        // "Việt" = V i ê + dot below (0xF2) t
        let text: String = decode(b"Vi\xea\xf2t Nam").nfc().collect();
        assert_eq!(text, "Việt Nam");
        assert_eq!(decode(b"\xf0\xfd\xf5"), "đươ");
    }
}
