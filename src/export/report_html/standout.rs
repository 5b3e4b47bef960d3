//! Which takes staff should listen to: the flags the assembler raised, plus any speech
//! take whose own loudness (before gain) is far from the others' — a take recorded too
//! close to or too far from the microphone, which gain matching hides in the numbers but
//! not in the sound (noise, room, distortion).

use crate::bulletin::report::TakeReport;

/// A take this far from the median of the speech takes, before gain, is flagged.
pub const OUTLIER_LU: f64 = 6.0;

/// Roles that are music, placed at their own level on purpose.
const MUSIC_ROLES: [&str; 4] = ["intro", "sting", "outro", "bed"];

pub fn is_speech(take: &TakeReport) -> bool {
    !MUSIC_ROLES.contains(&take.role.as_str())
}

/// Median loudness of the speech takes that have one.
pub fn speech_median_lufs(takes: &[TakeReport]) -> Option<f64> {
    let mut levels: Vec<f64> = takes
        .iter()
        .filter(|t| is_speech(t))
        .filter_map(|t| t.loudness_lufs)
        .filter(|l| l.is_finite())
        .collect();
    if levels.is_empty() {
        return None;
    }
    levels.sort_by(f64::total_cmp);
    let mid = levels.len() / 2;
    Some(if levels.len() % 2 == 1 {
        levels[mid]
    } else {
        (levels[mid - 1] + levels[mid]) / 2.0
    })
}

/// Every reason to listen to `take`: the assembler's flags, then the outlier check.
pub fn reasons(take: &TakeReport, median: Option<f64>) -> Vec<String> {
    let mut out = take.flags.clone();
    if let (true, Some(level), Some(median)) = (is_speech(take), take.loudness_lufs, median) {
        let off = level - median;
        if off.abs() > OUTLIER_LU {
            let which = if off < 0.0 { "quieter" } else { "louder" };
            out.push(format!(
                "recorded {:.1} LU {which} than the median take ({median:.1} LUFS)",
                off.abs()
            ));
        }
    }
    out
}
