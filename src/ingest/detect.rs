//! Which encoding a file is in. A byte-order mark decides; otherwise valid UTF-8 is
//! UTF-8. Nothing general can tell TCVN3, VNI and Windows-1258 apart, so each is tried
//! and the decodings are scored by how many of their accented words are common
//! Vietnamese syllables: a wrong decoding yields almost none. Only a clear winner is
//! accepted.

use super::encoding::{Encoding, decode_utf16};
use super::vni;
use std::collections::HashSet;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// Why bytes could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undecodable {
    /// NUL bytes or other control bytes: not a text file.
    Binary,
    /// Text, but none of the encodings gives Vietnamese.
    Unknown,
}

static COMMON_SYLLABLES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common_syllables.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect()
});

/// A legacy decoding is accepted when at least this share of its accented words are
/// common syllables (the example article scores 0.84 in its own encoding and at most
/// 0.15 in a wrong one)…
const MIN_SCORE: f64 = 0.3;
/// …and it beats the runner-up by this much.
const MIN_LEAD: f64 = 0.2;
/// Fewer accented words than this cannot be judged.
const MIN_WORDS: usize = 3;

/// Decodes `bytes` to NFC text and says which encoding it was.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), Undecodable> {
    let (text, encoding) = decode_raw(bytes)?;
    Ok((text.nfc().collect(), encoding))
}

fn decode_raw(bytes: &[u8]) -> Result<(String, Encoding), Undecodable> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest).map_err(|_| Undecodable::Unknown)?;
        return checked_text(text.to_string(), Encoding::Utf8Bom);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let text = decode_utf16(rest, true).ok_or(Undecodable::Unknown)?;
        return checked_text(text, Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let text = decode_utf16(rest, false).ok_or(Undecodable::Unknown)?;
        return checked_text(text, Encoding::Utf16Be);
    }
    if let Some(little_endian) = utf16_without_bom(bytes) {
        let text = decode_utf16(bytes, little_endian).ok_or(Undecodable::Binary)?;
        let encoding = if little_endian {
            Encoding::Utf16Le
        } else {
            Encoding::Utf16Be
        };
        return checked_text(text, encoding);
    }
    if looks_binary(bytes) {
        return Err(Undecodable::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        if let Some(found) = legacy_letters_in_unicode(text) {
            return Ok(found);
        }
        return Ok((text.to_string(), Encoding::Utf8));
    }
    best_legacy(bytes).ok_or(Undecodable::Unknown)
}

fn checked_text(text: String, encoding: Encoding) -> Result<(String, Encoding), Undecodable> {
    let controls = text.chars().filter(|&c| is_bad_control(c)).count();
    if controls > 0 {
        Err(Undecodable::Binary)
    } else {
        Ok((text, encoding))
    }
}

fn is_bad_control(c: char) -> bool {
    c.is_control()
        && !matches!(c, '\t' | '\n' | '\r' | '\x0c')
        && !('\u{80}'..='\u{9f}').contains(&c)
}

/// UTF-16 saved without a byte-order mark: Vietnamese text in UTF-16 has a zero high
/// byte for every ASCII character (spaces, digits, base letters), so zeros fill one of
/// the two byte columns and never the other. `Some(true)` for little-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let zeros_at = |parity: usize| {
        bytes
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let units = bytes.len() / 2;
    if odd * 10 >= units * 3 && even == 0 {
        Some(true)
    } else if even * 10 >= units * 3 && odd == 0 {
        Some(false)
    } else {
        None
    }
}

/// Text files hold no NUL and (almost) no other control bytes.
fn looks_binary(bytes: &[u8]) -> bool {
    let controls = bytes
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
        .count();
    bytes.contains(&0) || controls * 100 > bytes.len()
}

/// The share of accented (non-ASCII) words that are common syllables, and how many there are.
pub fn score(text: &str) -> (f64, usize) {
    let mut words = 0usize;
    let mut hits = 0usize;
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if word.is_ascii() {
            continue;
        }
        words += 1;
        if COMMON_SYLLABLES.contains(word.to_lowercase().as_str()) {
            hits += 1;
        }
    }
    if words == 0 {
        (0.0, 0)
    } else {
        (hits as f64 / words as f64, words)
    }
}

/// UTF-8 text that is not Vietnamese but whose characters, turned back into their
/// Windows-1252 bytes, are clearly TCVN3 or VNI: a .VnTime or VNI document pasted into a
/// Unicode editor.
fn legacy_letters_in_unicode(text: &str) -> Option<(String, Encoding)> {
    // The first part of a long text is enough to judge it (reading stays linear and quick).
    let nfc: String = sample(text).nfc().collect();
    let (own, words) = score(&nfc);
    if words >= MIN_WORDS && own >= MIN_SCORE {
        return None;
    }
    let bytes: Vec<u8> = text.chars().map(vni::cp1252_byte).collect::<Option<_>>()?;
    match best_legacy(&bytes)? {
        (decoded, Encoding::Tcvn3) => Some((decoded, Encoding::Tcvn3InUtf8)),
        (decoded, Encoding::Vni) => Some((decoded, Encoding::VniInUtf8)),
        _ => None,
    }
}

fn best_legacy(bytes: &[u8]) -> Option<(String, Encoding)> {
    // Each encoding is judged on the first part of the file; only the winner decodes it all.
    let head = &bytes[..bytes.len().min(SAMPLE_BYTES)];
    let mut tried: Vec<(f64, usize, Encoding)> = Encoding::LEGACY
        .iter()
        .map(|&enc| {
            let text: String = enc.decode_legacy(head).nfc().collect();
            let (s, n) = score(&text);
            (s, n, enc)
        })
        .collect();
    tried.sort_by(|a, b| b.0.total_cmp(&a.0));
    let runner_up = tried.get(1).map_or(0.0, |t| t.0);
    let (best, words, enc) = tried.swap_remove(0);
    (best >= MIN_SCORE && words >= MIN_WORDS && best - runner_up >= MIN_LEAD)
        .then(|| (enc.decode_legacy(bytes).nfc().collect(), enc))
}

/// How much of a file decides its encoding (about ten thousand words).
const SAMPLE_BYTES: usize = 64 * 1024;

/// The first [`SAMPLE_BYTES`] of `text`, cut at a character boundary.
fn sample(text: &str) -> &str {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_vietnamese_scores_high() {
        let (s, n) = score("Hội nghị triển khai kế hoạch sơ kết một năm thực hiện đề án");
        assert!(n >= 8 && s > 0.7, "{s} {n}");
    }

    #[test]
    fn utf8_wins_and_boms_are_honoured() {
        assert_eq!(decode("Việt".as_bytes()).unwrap().1, Encoding::Utf8);
        assert_eq!(
            decode(b"\xEF\xBB\xBFabc").unwrap(),
            ("abc".into(), Encoding::Utf8Bom)
        );
        assert_eq!(
            decode(b"\xFF\xFEa\0b\0").unwrap(),
            ("ab".into(), Encoding::Utf16Le)
        );
        assert_eq!(
            decode(b"\xFE\xFF\0a\0b").unwrap(),
            ("ab".into(), Encoding::Utf16Be)
        );
    }

    #[test]
    fn tcvn3_is_recognised() {
        let bytes =
            b"Th\xf9c hi\xd6n k\xd5 ho\xb9ch c\xf1a huy\xd6n v\xb5 x\xb8c \xae\xdenh n\xa8m";
        let (text, enc) = decode(bytes).unwrap();
        assert_eq!(enc, Encoding::Tcvn3, "{text}");
    }

    #[test]
    fn latin1_french_is_not_guessed_as_vietnamese() {
        let bytes =
            b"Le caf\xe9 de la gare est ferm\xe9 \xe0 No\xebl, d\xe9sol\xe9 pour la f\xeate.";
        assert_eq!(decode(bytes), Err(Undecodable::Unknown));
    }

    /// Each legacy fixture scores high in its own encoding and low in the others
    /// (`cargo test --lib score_matrix -- --nocapture` prints the matrix).
    #[test]
    fn score_matrix_of_the_example_article() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/articles");
        for (file, right) in [
            ("tho-xuan.tcvn3.txt", Encoding::Tcvn3),
            ("tho-xuan.vni.txt", Encoding::Vni),
            ("tho-xuan.cp1258.txt", Encoding::Windows1258),
        ] {
            let bytes = std::fs::read(dir.join(file)).unwrap();
            for enc in Encoding::LEGACY {
                let text: String = enc.decode_legacy(&bytes).nfc().collect();
                let (s, words) = score(&text);
                println!(
                    "{file:22} as {:12}: {s:.3} of {words} accented words",
                    enc.id()
                );
                if enc == right {
                    assert!(s > 0.5, "{file} as {enc:?}: {s}");
                } else {
                    // Windows-1258 shares á, à, í, ó, ú… with VNI, hence up to 0.15 there.
                    assert!(s < 0.2, "{file} as {enc:?}: {s}");
                }
            }
        }
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let le: Vec<u8> = "Việt Nam 2018"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "Việt Nam 2018"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(
            decode(&le).unwrap(),
            ("Việt Nam 2018".into(), Encoding::Utf16Le)
        );
        assert_eq!(
            decode(&be).unwrap(),
            ("Việt Nam 2018".into(), Encoding::Utf16Be)
        );
    }

    #[test]
    fn nul_bytes_are_binary() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(Undecodable::Binary)
        );
    }
}
