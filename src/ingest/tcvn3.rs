//! TCVN3 (ABC, the .VnTime fonts): one byte per letter. The 74 Vietnamese letters sit at
//! 0xA1–0xFE (14 with a hat or bar at 0xA1–0xAE, 60 toned lower-case vowels from 0xB5);
//! toned capitals have no code, so .VnTimeH headings decode in lower case. 0xAD is ư,
//! not a soft hyphen.
//!
//! The table agrees with glibc's `TCVN5712-1` (checked by `scripts/check-tcvn3-table.sh`)
//! on 0xA0–0xFF; 0x80–0x9F hold Windows-1252 punctuation (curly quotes, dashes), which is
//! what Word documents typed in .VnTime carry there.

/// Characters for bytes 0x80..=0xFF; U+FFFD where no character is defined.
const HIGH: [char; 128] = [
    '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', // 0x80
    'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž', '\u{FFFD}', // 0x88
    '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', // 0x90
    '˜', '™', 'š', '›', 'œ', '\u{FFFD}', 'ž', 'Ÿ', // 0x98
    '\u{00A0}', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', // 0xA0
    'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'Ằ', // 0xA8
    '\u{0300}', '\u{0309}', '\u{0303}', '\u{0301}', '\u{0323}', 'à', 'ả', 'ã', // 0xB0
    'á', 'ạ', 'Ẳ', 'ằ', 'ẳ', 'ẵ', 'ắ', 'Ẵ', // 0xB8
    'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', // 0xC0
    'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ', // 0xC8
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', // 0xD0
    'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò', // 0xD8
    'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', // 0xE0
    'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', // 0xE8
    'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', // 0xF0
    'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố', // 0xF8
];

/// Decodes TCVN3 bytes (ASCII below 0x80).
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

/// TCVN3 cannot write a toned capital, so a sentence that starts with one ("Ở", "Ủy")
/// starts in lower case. Restores the capital at the start of a line and after a
/// sentence end; elsewhere (names) the case cannot be known.
pub fn restore_sentence_capitals(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut sentence_start = true;
    let mut after_stop = false;
    for c in line.chars() {
        if sentence_start && c.is_alphabetic() {
            if c.is_lowercase() && HIGH[0x35..].contains(&c) {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            sentence_start = false;
            after_stop = false;
            continue;
        }
        out.push(c);
        if matches!(c, '.' | '!' | '?' | '…') {
            after_stop = true;
        } else if c.is_whitespace() {
            sentence_start |= after_stop;
        } else if !matches!(c, '"' | '”' | '’' | ')' | '“' | '(') {
            after_stop = false;
            sentence_start &= !c.is_alphanumeric();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_come_back_at_sentence_starts() {
        assert_eq!(
            restore_sentence_capitals("ở xã Xuân Lam. ủy ban đã họp.” ảnh hưởng lớn, ở đây"),
            "Ở xã Xuân Lam. Ủy ban đã họp.” Ảnh hưởng lớn, ở đây"
        );
        assert_eq!(
            restore_sentence_capitals("“ở đâu?” ông hỏi"),
            "“Ở đâu?” ông hỏi"
        );
    }

    #[test]
    fn signature_words_decode() {
        assert_eq!(decode(b"v\xb5 c\xf1a n\xa8m \xae\xe6"), "và của năm đổ");
        assert_eq!(decode(&[0xAD]), "ư");
    }

    #[test]
    fn the_74_letters_are_all_vietnamese() {
        let letters: Vec<char> = (0xA1u8..=0xFE)
            .map(|b| HIGH[usize::from(b - 0x80)])
            .filter(|c| c.is_alphabetic() && !c.is_uppercase() || "ĂÂÊÔƠƯĐ".contains(*c))
            .collect();
        assert_eq!(letters.len(), 74, "{letters:?}");
    }
}
