//! Times as staff read them on a script or a status list: "m:ss" (or "h:mm:ss"), and
//! clock times of the day for back-timing.

/// "4:05" for 245 s, "1:02:03" from an hour on. Rounded to the nearest second; negative
/// values get a minus sign.
pub fn mmss(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "?:??".into();
    }
    let sign = if seconds < -0.5 { "-" } else { "" };
    let total = seconds.abs().round() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{sign}{h}:{m:02}:{s:02}")
    } else {
        format!("{sign}{m}:{s:02}")
    }
}

/// "0:03.2": a place in a take, to the tenth of a second.
pub fn mmss_tenths(seconds: f64) -> String {
    let tenths = (seconds.max(0.0) * 10.0).round() as u64;
    format!("{}:{:02}.{}", tenths / 600, tenths / 10 % 60, tenths % 10)
}

/// Clock time "HH:MM:SS" that is `offset_s` after `start_minutes` past midnight (wrapping
/// past midnight).
pub fn clock(start_minutes: u32, offset_s: f64) -> String {
    let secs = (f64::from(start_minutes) * 60.0 + offset_s.max(0.0)).round() as u64 % 86_400;
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// Rounds seconds to one decimal, the precision kept in the rundown.
pub fn tenth(seconds: f64) -> f64 {
    (seconds * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_and_seconds() {
        assert_eq!(mmss(0.0), "0:00");
        assert_eq!(mmss(59.6), "1:00");
        assert_eq!(mmss(245.0), "4:05");
        assert_eq!(mmss(3723.0), "1:02:03");
        assert_eq!(mmss(-83.0), "-1:23");
        assert_eq!(mmss_tenths(3.24), "0:03.2");
        assert_eq!(mmss_tenths(61.96), "1:02.0");
    }

    #[test]
    fn clock_times() {
        assert_eq!(clock(5 * 60 + 30, 0.0), "05:30:00");
        assert_eq!(clock(5 * 60 + 30, 125.4), "05:32:05");
        assert_eq!(clock(23 * 60 + 59, 120.0), "00:01:00");
    }

    #[test]
    fn tenths() {
        assert_eq!(tenth(12.345), 12.3);
        assert_eq!(tenth(0.06), 0.1);
    }
}
