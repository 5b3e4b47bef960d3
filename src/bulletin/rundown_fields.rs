//! The rundown's fields that reach a file name or a number bantin computes with, checked
//! once, where the rundown is read (`Rundown::parse`, and the archive's sidecar): every
//! command then works on values it can trust. Staff edit the rundown by hand, so a
//! refusal names the field, the value and the form expected; the TOML reader adds the
//! file and line (a check fails inside the value it reads, so its span is the value's).
//!
//! - `date` names the output (`out/<date>-<slot>.wav`) and the archive folder
//!   (`<YYYY>/<MM>/<date>-<slot>`): a real day written `YYYY-MM-DD`.
//! - `slot` is the rest of those names: letters, digits, `-` and `_`.
//! - item and segment ids and take names are file names (`recordings/<take>.wav`) or
//!   parts of them: no folder separators, no `..`, no control characters.
//! - `target_s` and `estimate_s` are seconds: finite and not negative (`inf` and `nan`
//!   are valid TOML, but nothing can be timed or archived with them); `rate_spm`, when
//!   given, a reading rate in the range bantin.toml allows.

use serde::{Deserialize, Deserializer};

/// Longest id or take name, in characters (a file name must stay well under 255 bytes).
const MAX_NAME_CHARS: usize = 100;

/// Longest planned bulletin, seconds (a day).
const MAX_TARGET_S: f64 = 24.0 * 3600.0;

/// `[bulletin] date`: a real day as `YYYY-MM-DD`.
pub(crate) fn date<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let value = String::deserialize(d)?;
    check_date(&value).map_err(serde::de::Error::custom)?;
    Ok(value)
}

/// `[bulletin] slot`: a slot id.
pub(crate) fn slot<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let value = String::deserialize(d)?;
    check_slot(&value).map_err(serde::de::Error::custom)?;
    Ok(value)
}

/// `id` of an item or a segment.
pub(crate) fn id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let value = String::deserialize(d)?;
    check_name("id", &value).map_err(serde::de::Error::custom)?;
    Ok(value)
}

/// `take` of a segment: the recording's file name without its extension.
pub(crate) fn take<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let value = String::deserialize(d)?;
    check_name("take", &value).map_err(serde::de::Error::custom)?;
    Ok(value)
}

/// `[bulletin] target_s`: the planned length.
pub(crate) fn target_s<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let value = f64::deserialize(d)?;
    if !(value.is_finite() && value > 0.0 && value <= MAX_TARGET_S) {
        return Err(serde::de::Error::custom(format!(
            "target_s = {value} is not a bulletin length; write the planned length in seconds, e.g. target_s = 900.0"
        )));
    }
    Ok(value)
}

/// `estimate_s` of a segment: its estimated reading time.
pub(crate) fn estimate_s<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let value = f64::deserialize(d)?;
    if !(value.is_finite() && value >= 0.0) {
        return Err(serde::de::Error::custom(format!(
            "estimate_s = {value} is not a reading time; write seconds, e.g. estimate_s = 12.5 (or 0.0 when unknown)"
        )));
    }
    Ok(value)
}

/// `[bulletin] rate_spm`: the reading rate the estimates were made with, when given.
pub(crate) fn rate_spm<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let value = f64::deserialize(d)?;
    // The range `[reading] rate_spm` allows in bantin.toml.
    if !(value.is_finite() && value > 30.0 && value < 600.0) {
        return Err(serde::de::Error::custom(format!(
            "rate_spm = {value} is not a reading rate; write syllables a minute, about 150–350 (e.g. rate_spm = 233.0), or delete the line"
        )));
    }
    Ok(Some(value))
}

/// Why `value` is not a rundown date, or the date it is.
pub fn check_date(value: &str) -> Result<jiff::civil::Date, String> {
    if let Ok(date) = value.parse::<jiff::civil::Date>()
        // The parser also takes "20261127"; file names want one spelling.
        && date.to_string() == value
    {
        return Ok(date);
    }
    let hint = match day_month_year(value) {
        Some(iso) => format!("; for {value} write date = \"{iso}\""),
        None => String::new(),
    };
    Err(format!(
        "date = \"{value}\" is not a date written YYYY-MM-DD (year-month-day, e.g. \"2026-11-27\"){hint}"
    ))
}

/// A day written the Vietnamese way (`28/11/2026`, `28-11-2026`, `28.11.2026`) as
/// `YYYY-MM-DD`, if it is a real day.
fn day_month_year(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.trim().split(['/', '-', '.']).collect();
    let [d, m, y] = parts[..] else {
        return None;
    };
    if y.len() != 4 {
        return None;
    }
    let (d, m, y): (i8, i8, i16) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    jiff::civil::Date::new(y, m, d)
        .ok()
        .map(|date| date.to_string())
}

/// Why `value` cannot be a slot id.
pub fn check_slot(value: &str) -> Result<(), String> {
    let usable = !value.is_empty()
        && value.chars().count() <= MAX_NAME_CHARS
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if usable {
        Ok(())
    } else {
        Err(format!(
            "slot = {} cannot name the bulletin's files; a slot id is letters a-z, digits, - and _ (e.g. slot = \"sang\"), as in [[schedule.slots]] of bantin.toml",
            quoted(value)
        ))
    }
}

/// Why `value` cannot be an id or take name (`key` names the field in the message).
pub fn check_name(key: &str, value: &str) -> Result<(), String> {
    let problem = if value.trim().is_empty() {
        Some("is empty")
    } else if value.contains(['/', '\\']) {
        Some("holds a folder separator (/ or \\)")
    } else if value.contains("..") {
        Some("holds \"..\"")
    } else if value.contains(':') {
        Some("holds \":\" (a drive or stream name on Windows)")
    } else if value.chars().any(char::is_control) {
        Some("holds a control character")
    } else if value.chars().count() > MAX_NAME_CHARS {
        Some("is longer than 100 characters")
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(format!(
            "{key} = {} {problem}; it names a file, so write a plain name of letters, digits and - (e.g. {key} = \"01-2\")",
            quoted(value)
        )),
    }
}

/// `value` as a TOML basic string (JSON's escapes are TOML's), so a control character
/// shows as an escape and the line can be copied back into the rundown.
fn quoted(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real_days_in_iso_form() {
        assert!(check_date("2026-11-27").is_ok());
        assert!(check_date("2028-02-29").is_ok());
        for bad in [
            "2026-11-31",
            "2027-02-29",
            "20261127",
            "2026-1-5",
            "",
            "../x",
        ] {
            let e = check_date(bad).unwrap_err();
            assert!(e.contains("YYYY-MM-DD"), "{bad}: {e}");
        }
        let e = check_date("28/11/2026").unwrap_err();
        assert!(e.contains("write date = \"2026-11-28\""), "{e}");
        let e = check_date("31/11/2026").unwrap_err();
        assert!(!e.contains("write date"), "not a day, no suggestion: {e}");
    }

    #[test]
    fn slots_are_plain_ids() {
        assert!(check_slot("sang").is_ok() && check_slot("dac_biet-2").is_ok());
        for bad in [
            "",
            "../../srv/x",
            "sáng",
            "a b",
            "a/b",
            "a\0b",
            &"x".repeat(101),
        ] {
            assert!(check_slot(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn names_hold_no_path() {
        for good in ["01-2", "00-mo-dau", "tin \"một\" a.b", "Tin_3"] {
            assert!(check_name("take", good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "  ",
            "../x",
            "..",
            "a/b",
            "a\\b",
            "/etc/passwd",
            "C:x",
            "a\0b",
            "a\nb",
        ] {
            let e = check_name("take", bad).unwrap_err();
            assert!(e.starts_with("take = \""), "{e}");
        }
        let e = check_name("take", "a\0b").unwrap_err();
        assert!(e.contains("\\u0000"), "the NUL is shown as an escape: {e}");
    }
}
