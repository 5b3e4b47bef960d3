//! Byte layout of the chunks bantin writes, shared by the writer and the reader.
//!
//! Every chunk before `data` is given an even declared size (text padded with NULs), so
//! readers that ignore the RIFF pad byte after odd-sized chunks (hound does) still land
//! on the next chunk header.

use super::{BextLoudness, BwfMetadata, BwfSpec, CartInfo};
use crate::export::ascii::fold_to_width;

pub(super) const WAVE_FORMAT_PCM: u16 = 1;
pub(super) const FMT_LEN: usize = 16;

/// bext v2 field widths (EBU Tech 3285 v2, §2.3).
pub(super) const BEXT_DESCRIPTION: usize = 256;
pub(super) const BEXT_ORIGINATOR: usize = 32;
pub(super) const BEXT_ORIGINATOR_REFERENCE: usize = 32;
pub(super) const BEXT_DATE: usize = 10;
pub(super) const BEXT_TIME: usize = 8;
pub(super) const BEXT_UMID: usize = 64;
pub(super) const BEXT_RESERVED: usize = 180;
pub(super) const BEXT_VERSION: u16 = 2;
/// Offset of LoudnessValue inside the bext body: 256+32+32+10+8 text, 8 time
/// reference, 2 version, 64 UMID.
pub(super) const BEXT_LOUDNESS_OFFSET: usize = 412;
/// Five i16 loudness fields.
pub(super) const BEXT_LOUDNESS_LEN: usize = 10;
/// Everything before CodingHistory.
pub(super) const BEXT_FIXED_LEN: usize = BEXT_LOUDNESS_OFFSET + BEXT_LOUDNESS_LEN + BEXT_RESERVED;
/// Tech 3285 v2: a loudness field that is not known holds 0x7FFF.
pub(super) const LOUDNESS_UNKNOWN: i16 = 0x7FFF;

/// AES46-2002 cart field widths.
pub(super) const CART_VERSION: &[u8; 4] = b"0101";
pub(super) const CART_TEXT: usize = 64;
pub(super) const CART_DATE: usize = 10;
pub(super) const CART_TIME: usize = 8;
pub(super) const CART_TIMERS: usize = 8;
pub(super) const CART_RESERVED: usize = 276;
pub(super) const CART_URL: usize = 1024;
/// Everything before TagText: 4 + 7×64 + 36 + 3×64 + 4 + 8×8 + 276 + 1024.
pub(super) const CART_FIXED_LEN: usize = 2048;
pub(super) const CART_DEFAULT_START: (&str, &str) = ("1900-01-01", "00:00:00");
pub(super) const CART_DEFAULT_END: (&str, &str) = ("9999-12-31", "23:59:59");

/// The software string when the caller gives none.
pub(super) fn this_software() -> String {
    format!("bantin {}", env!("CARGO_PKG_VERSION"))
}

/// One CodingHistory line for a file written with `spec` by `software`
/// ("A=PCM,F=48000,W=16,M=mono,T=bantin 0.1.0\r\n").
pub fn default_coding_history(spec: BwfSpec, software: &str) -> String {
    let mode = match spec.channels {
        1 => ",M=mono",
        2 => ",M=stereo",
        _ => "",
    };
    let software = if software.is_empty() {
        this_software()
    } else {
        crate::export::ascii::fold(software)
    };
    format!(
        "A=PCM,F={},W={}{mode},T={software}\r\n",
        spec.sample_rate, spec.bits
    )
}

/// The `fmt ` body: WAVEFORMAT for integer PCM, 16 bytes.
pub(super) fn fmt_body(spec: BwfSpec) -> Vec<u8> {
    let block_align = spec.channels * (spec.bits / 8);
    let mut b = Vec::with_capacity(FMT_LEN);
    b.extend_from_slice(&WAVE_FORMAT_PCM.to_le_bytes());
    b.extend_from_slice(&spec.channels.to_le_bytes());
    b.extend_from_slice(&spec.sample_rate.to_le_bytes());
    b.extend_from_slice(&(spec.sample_rate * u32::from(block_align)).to_le_bytes());
    b.extend_from_slice(&block_align.to_le_bytes());
    b.extend_from_slice(&spec.bits.to_le_bytes());
    b
}

/// Folds `text` to ASCII and writes it NUL-padded into exactly `width` bytes. A text that
/// fills the width has no terminator, as Tech 3285 and AES46 allow.
pub(super) fn put_text(buf: &mut Vec<u8>, text: &str, width: usize) {
    let folded = fold_to_width(text, width);
    buf.extend_from_slice(folded.as_bytes());
    buf.resize(buf.len() + width - folded.len(), 0);
}

/// A fixed-width text field back as a string: up to the first NUL.
pub(super) fn get_text(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

/// A loudness in LUFS/LU/dBTP as the bext i16: hundredths, rounded. Unknown, not a
/// number or out of range → 0x7FFF.
pub(super) fn loudness_to_field(value: Option<f64>) -> i16 {
    match value {
        Some(v) if v.is_finite() => {
            let hundredths = (v * 100.0).round();
            if hundredths >= f64::from(i16::MIN) && hundredths < f64::from(LOUDNESS_UNKNOWN) {
                hundredths as i16
            } else {
                LOUDNESS_UNKNOWN
            }
        }
        _ => LOUDNESS_UNKNOWN,
    }
}

pub(super) fn field_to_loudness(field: i16) -> Option<f64> {
    (field != LOUDNESS_UNKNOWN).then(|| f64::from(field) / 100.0)
}

/// The five loudness fields in file order.
pub(super) fn loudness_bytes(l: &BextLoudness) -> [u8; BEXT_LOUDNESS_LEN] {
    let fields = [
        l.integrated_lufs,
        l.loudness_range_lu,
        l.max_true_peak_dbtp,
        l.max_momentary_lufs,
        l.max_short_term_lufs,
    ];
    let mut out = [0u8; BEXT_LOUDNESS_LEN];
    for (slot, value) in out.chunks_exact_mut(2).zip(fields) {
        slot.copy_from_slice(&loudness_to_field(value).to_le_bytes());
    }
    out
}

pub(super) fn loudness_from_bytes(bytes: &[u8]) -> BextLoudness {
    let field = |i: usize| field_to_loudness(i16::from_le_bytes([bytes[2 * i], bytes[2 * i + 1]]));
    BextLoudness {
        integrated_lufs: field(0),
        loudness_range_lu: field(1),
        max_true_peak_dbtp: field(2),
        max_momentary_lufs: field(3),
        max_short_term_lufs: field(4),
    }
}

/// Seconds since midnight of "HH:MM:SS", if it is one.
pub(super) fn seconds_since_midnight(time: &str) -> Option<u64> {
    let b = time.as_bytes();
    if b.len() != 8 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let two = |i: usize| -> Option<u64> {
        let (h, l) = (b[i], b[i + 1]);
        (h.is_ascii_digit() && l.is_ascii_digit()).then(|| u64::from((h - b'0') * 10 + (l - b'0')))
    };
    let (h, m, s) = (two(0)?, two(3)?, two(6)?);
    (h < 24 && m < 60 && s < 60).then_some(h * 3600 + m * 60 + s)
}

/// Whether `date` is "YYYY-MM-DD" with a plausible month and day.
pub(super) fn is_date(date: &str) -> bool {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let month = (b[5] - b'0') * 10 + (b[6] - b'0');
    let day = (b[8] - b'0') * 10 + (b[9] - b'0');
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// CodingHistory as written: the caller's text (or the default line) folded to ASCII,
/// every line ended by CR/LF.
pub(super) fn coding_history(meta: &BwfMetadata, spec: BwfSpec) -> String {
    if meta.coding_history.trim().is_empty() {
        return default_coding_history(spec, &meta.software);
    }
    let mut out = String::new();
    for line in meta.coding_history.lines() {
        let line = crate::export::ascii::fold(line.trim_end_matches('\r'));
        if !line.trim().is_empty() {
            out.push_str(&line);
            out.push_str("\r\n");
        }
    }
    out
}

/// The `bext` body with the loudness fields unknown (patched by `finish`); its length
/// is even.
pub(super) fn bext_body(meta: &BwfMetadata, spec: BwfSpec) -> Vec<u8> {
    let mut b = Vec::with_capacity(BEXT_FIXED_LEN + 128);
    put_text(&mut b, &meta.title, BEXT_DESCRIPTION);
    put_text(&mut b, &meta.station, BEXT_ORIGINATOR);
    put_text(
        &mut b,
        &meta.originator_reference,
        BEXT_ORIGINATOR_REFERENCE,
    );
    put_text(&mut b, &meta.origination_date, BEXT_DATE);
    put_text(&mut b, &meta.origination_time, BEXT_TIME);
    let time_reference = seconds_since_midnight(&meta.origination_time)
        .map_or(0, |s| s * u64::from(spec.sample_rate));
    b.extend_from_slice(&time_reference.to_le_bytes());
    b.extend_from_slice(&BEXT_VERSION.to_le_bytes());
    b.resize(b.len() + BEXT_UMID, 0);
    debug_assert_eq!(b.len(), BEXT_LOUDNESS_OFFSET);
    b.extend_from_slice(&loudness_bytes(&BextLoudness::default()));
    b.resize(b.len() + BEXT_RESERVED, 0);
    debug_assert_eq!(b.len(), BEXT_FIXED_LEN);
    b.extend_from_slice(coding_history(meta, spec).as_bytes());
    pad_even(&mut b);
    b
}

/// The LIST/INFO body: title, station, date and software, each present only when set.
pub(super) fn info_body(meta: &BwfMetadata) -> Vec<u8> {
    let software = if meta.software.is_empty() {
        this_software()
    } else {
        meta.software.clone()
    };
    let entries: [(&[u8; 4], &str); 4] = [
        (b"INAM", &meta.title),
        (b"IART", &meta.station),
        (b"ICRD", &meta.origination_date),
        (b"ISFT", &software),
    ];
    let mut b = b"INFO".to_vec();
    for (id, text) in entries {
        let text = crate::export::ascii::fold(text);
        if text.is_empty() {
            continue;
        }
        let mut value = text.into_bytes();
        value.push(0); // INFO strings are NUL-terminated
        pad_even(&mut value);
        b.extend_from_slice(id);
        b.extend_from_slice(&(value.len() as u32).to_le_bytes());
        b.extend_from_slice(&value);
    }
    b
}

/// The AES46 `cart` body; its length is even.
pub(super) fn cart_body(meta: &BwfMetadata, cart: &CartInfo) -> Vec<u8> {
    let or = |given: &str, default: &'static str| -> String {
        if given.is_empty() {
            default.to_string()
        } else {
            given.to_string()
        }
    };
    let mut b = Vec::with_capacity(CART_FIXED_LEN + 2);
    b.extend_from_slice(CART_VERSION);
    put_text(&mut b, &meta.title, CART_TEXT);
    put_text(&mut b, &meta.station, CART_TEXT); // Artist
    put_text(&mut b, &cart.cut_id, CART_TEXT);
    put_text(&mut b, "", CART_TEXT); // ClientID
    put_text(&mut b, &cart.category, CART_TEXT);
    put_text(&mut b, "", CART_TEXT); // Classification
    put_text(&mut b, "", CART_TEXT); // OutCue
    put_text(
        &mut b,
        &or(&cart.start_date, CART_DEFAULT_START.0),
        CART_DATE,
    );
    put_text(
        &mut b,
        &or(&cart.start_time, CART_DEFAULT_START.1),
        CART_TIME,
    );
    put_text(&mut b, &or(&cart.end_date, CART_DEFAULT_END.0), CART_DATE);
    put_text(&mut b, &or(&cart.end_time, CART_DEFAULT_END.1), CART_TIME);
    put_text(&mut b, "bantin", CART_TEXT); // ProducerAppID
    put_text(&mut b, env!("CARGO_PKG_VERSION"), CART_TEXT); // ProducerAppVersion
    put_text(&mut b, "", CART_TEXT); // UserDef
    b.extend_from_slice(&0u32.to_le_bytes()); // LevelReference: not used
    b.resize(b.len() + CART_TIMERS * 8, 0); // no post timers
    b.resize(b.len() + CART_RESERVED, 0);
    b.resize(b.len() + CART_URL, 0);
    debug_assert_eq!(b.len(), CART_FIXED_LEN);
    b.extend_from_slice(b"\r\n"); // empty TagText, ended by CR/LF
    b
}

fn pad_even(b: &mut Vec<u8>) {
    if b.len() % 2 == 1 {
        b.push(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loudness_fields_round_to_hundredths_and_mark_unknown() {
        assert_eq!(loudness_to_field(Some(-16.004)), -1600);
        assert_eq!(loudness_to_field(Some(-16.006)), -1601);
        assert_eq!(loudness_to_field(Some(7.25)), 725);
        assert_eq!(loudness_to_field(None), LOUDNESS_UNKNOWN);
        assert_eq!(loudness_to_field(Some(f64::NEG_INFINITY)), LOUDNESS_UNKNOWN);
        assert_eq!(loudness_to_field(Some(-400.0)), LOUDNESS_UNKNOWN);
        assert_eq!(field_to_loudness(-1600), Some(-16.0));
        assert_eq!(field_to_loudness(LOUDNESS_UNKNOWN), None);
    }

    #[test]
    fn fixed_parts_have_the_spec_lengths() {
        let spec = BwfSpec {
            sample_rate: 48_000,
            channels: 1,
            bits: 16,
        };
        let meta = BwfMetadata::default();
        assert_eq!(BEXT_FIXED_LEN, 602);
        let bext = bext_body(&meta, spec);
        let history = "A=PCM,F=48000,W=16,M=mono,T=bantin 0.1.0\r\n";
        assert!(bext.len() >= 602 + history.len() && bext.len().is_multiple_of(2));
        let cart = cart_body(&meta, &CartInfo::default());
        assert_eq!(cart.len(), CART_FIXED_LEN + 2);
        assert_eq!(fmt_body(spec).len(), FMT_LEN);
    }

    #[test]
    fn time_and_date_parsing_accepts_only_the_fixed_forms() {
        assert_eq!(
            seconds_since_midnight("06:30:05"),
            Some(6 * 3600 + 30 * 60 + 5)
        );
        assert_eq!(seconds_since_midnight("24:00:00"), None);
        assert_eq!(seconds_since_midnight("6:30:05"), None);
        assert!(is_date("2026-11-27"));
        assert!(!is_date("27/11/2026"));
        assert!(!is_date("2026-13-01"));
    }

    #[test]
    fn coding_history_lines_end_in_crlf_and_are_ascii() {
        let spec = BwfSpec {
            sample_rate: 44_100,
            channels: 2,
            bits: 24,
        };
        let meta = BwfMetadata {
            coding_history: "A=ANALOGUE,T=Đài\nA=PCM,F=44100,W=24,M=stereo\n".into(),
            ..BwfMetadata::default()
        };
        assert_eq!(
            coding_history(&meta, spec),
            "A=ANALOGUE,T=Dai\r\nA=PCM,F=44100,W=24,M=stereo\r\n"
        );
        assert_eq!(
            default_coding_history(spec, "bantin 9.9"),
            "A=PCM,F=44100,W=24,M=stereo,T=bantin 9.9\r\n"
        );
    }
}
