//! Dates and air times in the station's local time zone (jiff): parsing what staff type
//! (`2026-11-27`, `today`, `2026-11-27 05:31`, `05:31`, RFC 3339) and writing RFC 3339
//! with the offset, so an as-run log is unambiguous years later.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime as Zoned};

#[derive(Debug, thiserror::Error)]
pub enum TimeError {
    #[error("\"{value}\" is not a date; write it as YYYY-MM-DD (e.g. 2026-11-27) or `today`")]
    Date { value: String },
    #[error(
        "\"{value}\" is not a time; write it as HH:MM, \"YYYY-MM-DD HH:MM\" or RFC 3339 (2026-11-27T05:31:00+07:00)"
    )]
    Time { value: String },
    #[error("the date range {from} … {to} runs backwards; --from must not be after --to")]
    Backwards { from: Date, to: Date },
    #[error("the date range {from} … {to} is longer than {max} days; ask for a shorter range")]
    TooLong { from: Date, to: Date, max: i32 },
}

/// Parses `YYYY-MM-DD` or `today` (local time zone).
pub fn parse_date(value: &str) -> Result<Date, TimeError> {
    let v = value.trim();
    if v.eq_ignore_ascii_case("today") {
        return Ok(Zoned::now().date());
    }
    if v.eq_ignore_ascii_case("tomorrow") {
        return Zoned::now().date().tomorrow().map_err(|_| TimeError::Date {
            value: value.into(),
        });
    }
    v.parse::<Date>().map_err(|_| TimeError::Date {
        value: value.into(),
    })
}

/// Every date from `from` to `to`, inclusive.
pub fn date_range(from: Date, to: Date, max_days: i32) -> Result<Vec<Date>, TimeError> {
    if from > to {
        return Err(TimeError::Backwards { from, to });
    }
    let mut dates = Vec::new();
    let mut d = from;
    while d <= to {
        if dates.len() >= max_days as usize {
            return Err(TimeError::TooLong {
                from,
                to,
                max: max_days,
            });
        }
        dates.push(d);
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    Ok(dates)
}

/// The local time `minutes` after midnight on `date`, in the system time zone.
pub fn local_at(date: Date, minutes: u32) -> Zoned {
    let dt = date.at((minutes / 60) as i8, (minutes % 60) as i8, 0, 0);
    dt.to_zoned_datetime(TimeZone::system())
        .unwrap_or_else(|_| Timestamp::UNIX_EPOCH.to_zoned_datetime(TimeZone::UTC))
}

/// RFC 3339 with the offset: `2026-11-27T05:30:00+07:00`.
pub fn rfc3339(z: &Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Parses an aired-at time: RFC 3339 with offset, `YYYY-MM-DD HH:MM[:SS]` (local), or
/// `HH:MM` on `date` (local).
pub fn parse_aired_at(value: &str, date: Date) -> Result<Zoned, TimeError> {
    let v = value.trim();
    let err = || TimeError::Time {
        value: value.into(),
    };
    if let Ok(ts) = v.parse::<Timestamp>() {
        // Keep the offset the time was given with: the as-run log shows it as typed.
        let tz = given_offset(v).unwrap_or_else(TimeZone::system);
        return Ok(ts.to_zoned_datetime(tz));
    }
    if let Ok(dt) = v.replacen(' ', "T", 1).parse::<DateTime>() {
        return dt.to_zoned_datetime(TimeZone::system()).map_err(|_| err());
    }
    if let Some(minutes) = crate::config::parse_hhmm(v) {
        return Ok(local_at(date, minutes));
    }
    Err(err())
}

/// The fixed offset at the end of an RFC 3339 time (`Z`, `+07:00`).
fn given_offset(v: &str) -> Option<TimeZone> {
    if v.ends_with(['Z', 'z']) {
        return Some(TimeZone::UTC);
    }
    let tail = v.get(v.len().checked_sub(6)?..)?;
    let sign = match tail.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let minutes = crate::config::parse_hhmm(&tail[1..])? as i32;
    jiff::tz::Offset::from_seconds(sign * minutes * 60)
        .ok()
        .map(jiff::tz::Offset::to_time_zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_ranges() {
        let d = parse_date("2026-11-27").unwrap();
        assert_eq!(d.to_string(), "2026-11-27");
        let e = parse_date("27/11/2026").unwrap_err().to_string();
        assert!(e.contains("27/11/2026") && e.contains("YYYY-MM-DD"), "{e}");
        let r = date_range(d, parse_date("2026-12-02").unwrap(), 400).unwrap();
        assert_eq!(r.len(), 6);
        assert!(date_range(r[3], r[0], 400).is_err());
    }

    #[test]
    fn aired_at_forms() {
        let d = parse_date("2026-11-27").unwrap();
        let z = parse_aired_at("2026-11-27T05:31:00+07:00", d).unwrap();
        assert_eq!(z.timestamp().as_second(), 1_795_732_260);
        assert_eq!(rfc3339(&z), "2026-11-27T05:31:00+07:00");
        let local = parse_aired_at("05:31", d).unwrap();
        assert_eq!((local.hour(), local.minute()), (5, 31));
        assert_eq!(local.date(), d);
        assert!(parse_aired_at("half past five", d).is_err());
    }
}
