//! When the limiter works too hard to be inaudible. A true-peak limiter that takes a
//! decibel or two off the odd peak is transparent; one that takes more than about 6 dB,
//! or acts during most of the programme, squashes the speech and makes it pump — staff
//! should listen before it airs, and know what to change.

use crate::bulletin::report::LimiterReport;

/// Gain reduction past which limiting is heard, dB.
pub const HEAVY_REDUCTION_DB: f64 = 6.0;
/// Share of the programme past which a limiter that is always acting is heard.
pub const HEAVY_ACTIVE_SHARE: f64 = 0.5;

/// The programme flag for heavy limiting, with what to do, or None.
pub fn heavy_limiting(limiter: &LimiterReport, duration_s: f64) -> Option<String> {
    let share = if duration_s > 0.0 {
        limiter.active_s / duration_s
    } else {
        0.0
    };
    if limiter.max_gain_reduction_db <= HEAVY_REDUCTION_DB && share <= HEAVY_ACTIVE_SHARE {
        return None;
    }
    Some(format!(
        "heavy limiting: the limiter took up to {:.1} dB off the peaks and acted during {:.0}% of the programme, so it may sound squashed or pumping. Listen to the loudest takes (clipped, shouted or too close to the microphone) and record them again, or set a lower target (--target-lufs -18, or [audio] target_lufs)",
        limiter.max_gain_reduction_db,
        share * 100.0
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_or_constant_limiting_is_flagged_and_light_limiting_is_not() {
        let light = LimiterReport {
            max_gain_reduction_db: 2.5,
            active_s: 10.0,
        };
        assert_eq!(heavy_limiting(&light, 600.0), None);
        let deep = LimiterReport {
            max_gain_reduction_db: 7.2,
            active_s: 10.0,
        };
        let flag = heavy_limiting(&deep, 600.0).unwrap();
        assert!(flag.contains("7.2 dB") && flag.contains("2%"), "{flag}");
        let constant = LimiterReport {
            max_gain_reduction_db: 3.0,
            active_s: 400.0,
        };
        assert!(heavy_limiting(&constant, 600.0).unwrap().contains("67%"));
    }
}
