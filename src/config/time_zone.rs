//! The station's time zone (`[station] timezone`, an IANA name; Vietnam's by default).
//! Air times, `--date today`, the broadcast WAV's dates, the archive and the as-run log
//! are in it, whatever zone the PC running bantin is set to (servers often run in UTC).
//!
//! Names are looked up in the system's time zone database first (kept up to date by the
//! operating system), then in the copy built into bantin (jiff's `tzdb-bundle-always`),
//! so a PC without one (Windows, a slim container) still knows every zone.

use jiff::tz::{TimeZone, TimeZoneDatabase};

/// The default: Vietnam (UTC+7, no daylight saving time since 1975).
pub const DEFAULT_TIME_ZONE: &str = "Asia/Ho_Chi_Minh";

/// The zone called `name` (`Asia/Ho_Chi_Minh`, `UTC`), or why there is none.
pub fn time_zone_named(name: &str) -> Result<TimeZone, String> {
    if let Ok(tz) = jiff::tz::db().get(name) {
        return Ok(tz);
    }
    TimeZoneDatabase::bundled().get(name).map_err(|_| {
        format!(
            "[station] timezone = \"{name}\" is not a time zone name; use an IANA name such as \"{DEFAULT_TIME_ZONE}\" (Vietnam) or \"UTC\""
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_database_knows_vietnam() {
        let tz = TimeZoneDatabase::bundled()
            .get(DEFAULT_TIME_ZONE)
            .expect("bundled tzdb");
        let noon = jiff::civil::date(2026, 11, 27)
            .at(12, 0, 0, 0)
            .to_zoned_datetime(tz)
            .unwrap();
        assert_eq!(noon.offset().seconds(), 7 * 3600);
    }

    #[test]
    fn unknown_names_are_refused_with_an_example() {
        assert!(time_zone_named("Asia/Ho_Chi_Minh").is_ok());
        assert!(time_zone_named("UTC").is_ok());
        let e = time_zone_named("Hanoi").unwrap_err();
        assert!(
            e.contains("\"Hanoi\"") && e.contains("Asia/Ho_Chi_Minh"),
            "{e}"
        );
    }
}
