//! Dates and air times in the station's time zone (`[station] timezone`, jiff): parsing
//! what staff type (`2026-11-27`, `today`, `2026-11-27 05:31`, `05:31`, RFC 3339) and
//! writing RFC 3339 with the offset, so an as-run log is unambiguous years later. The
//! zone is always the station's, never the PC's: a server set to UTC still files the
//! 05:30 bulletin at 05:30+07:00 on the right day.

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

/// The time now in `tz`.
pub fn now(tz: &TimeZone) -> Zoned {
    Timestamp::now().to_zoned_datetime(tz.clone())
}

/// Today's date in `tz`.
pub fn today(tz: &TimeZone) -> Date {
    now(tz).date()
}

/// Parses `YYYY-MM-DD`, `today` or `tomorrow` (in `tz`).
pub fn parse_date(value: &str, tz: &TimeZone) -> Result<Date, TimeError> {
    let v = value.trim();
    if v.eq_ignore_ascii_case("today") {
        return Ok(today(tz));
    }
    if v.eq_ignore_ascii_case("tomorrow") {
        return today(tz).tomorrow().map_err(|_| TimeError::Date {
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

/// The time `minutes` after midnight on `date`, in `tz`.
pub fn local_at(date: Date, minutes: u32, tz: &TimeZone) -> Zoned {
    let dt = date.at((minutes / 60) as i8, (minutes % 60) as i8, 0, 0);
    dt.to_zoned_datetime(tz.clone())
        .unwrap_or_else(|_| Timestamp::UNIX_EPOCH.to_zoned_datetime(TimeZone::UTC))
}

/// RFC 3339 with the offset: `2026-11-27T05:30:00+07:00`.
pub fn rfc3339(z: &Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Parses an aired-at time: RFC 3339 with offset, `YYYY-MM-DD HH:MM[:SS]` (in `tz`), or
/// `HH:MM` on `date` (in `tz`).
pub fn parse_aired_at(value: &str, date: Date, tz: &TimeZone) -> Result<Zoned, TimeError> {
    let v = value.trim();
    let err = || TimeError::Time {
        value: value.into(),
    };
    if let Ok(ts) = v.parse::<Timestamp>() {
        // Keep the offset the time was given with: the as-run log shows it as typed.
        let given = given_offset(v).unwrap_or_else(|| tz.clone());
        return Ok(ts.to_zoned_datetime(given));
    }
    if let Ok(dt) = v.replacen(' ', "T", 1).parse::<DateTime>() {
        return dt.to_zoned_datetime(tz.clone()).map_err(|_| err());
    }
    if let Some(minutes) = crate::config::parse_hhmm(v) {
        return Ok(local_at(date, minutes, tz));
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

    fn vietnam() -> TimeZone {
        crate::config::time_zone_named("Asia/Ho_Chi_Minh").unwrap()
    }

    #[test]
    fn dates_and_ranges() {
        let tz = vietnam();
        let d = parse_date("2026-11-27", &tz).unwrap();
        assert_eq!(d.to_string(), "2026-11-27");
        let e = parse_date("27/11/2026", &tz).unwrap_err().to_string();
        assert!(e.contains("27/11/2026") && e.contains("YYYY-MM-DD"), "{e}");
        let r = date_range(d, parse_date("2026-12-02", &tz).unwrap(), 400).unwrap();
        assert_eq!(r.len(), 6);
        assert!(date_range(r[3], r[0], 400).is_err());
    }

    #[test]
    fn aired_at_forms() {
        let tz = vietnam();
        let d = parse_date("2026-11-27", &tz).unwrap();
        let z = parse_aired_at("2026-11-27T05:31:00+07:00", d, &tz).unwrap();
        assert_eq!(z.timestamp().as_second(), 1_795_732_260);
        assert_eq!(rfc3339(&z), "2026-11-27T05:31:00+07:00");
        let local = parse_aired_at("05:31", d, &tz).unwrap();
        assert_eq!((local.hour(), local.minute()), (5, 31));
        assert_eq!(local.date(), d);
        assert_eq!(rfc3339(&local), "2026-11-27T05:31:00+07:00");
        let typed = parse_aired_at("2026-11-27 05:31", d, &tz).unwrap();
        assert_eq!(typed, local);
        // A time given in UTC keeps its offset; it is the same instant.
        let utc = parse_aired_at("2026-11-26T22:31:00Z", d, &tz).unwrap();
        assert_eq!(utc.timestamp(), local.timestamp());
        assert!(parse_aired_at("half past five", d, &tz).is_err());
    }

    #[test]
    fn today_is_the_station_s_day_not_the_pc_s() {
        // 20:00 UTC is already the next day in Vietnam.
        let instant: Timestamp = "2026-11-27T20:00:00Z".parse().unwrap();
        let there = instant.to_zoned_datetime(vietnam());
        assert_eq!(there.date().to_string(), "2026-11-28");
        assert_eq!(rfc3339(&there), "2026-11-28T03:00:00+07:00");
    }
}
