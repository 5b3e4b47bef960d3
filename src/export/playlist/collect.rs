//! Finding the finished bulletins of some dates, in air order, and the scheduled slots
//! that have none.

use crate::bulletin::air_time::local_at;
use crate::bulletin::finished::{FinishedBulletin, FinishedError};
use crate::config::{Schedule, parse_hhmm};
use jiff::ZonedDateTime;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// A scheduled slot with its finished bulletin.
#[derive(Debug, Clone)]
pub struct Found {
    pub air_time: ZonedDateTime,
    pub slot: String,
    pub slot_title: String,
    pub priority: i32,
    pub bulletin: FinishedBulletin,
}

/// A scheduled slot without a finished bulletin.
#[derive(Debug)]
pub struct Missing {
    pub date: Date,
    pub slot: String,
    /// The folder where its bulletin was expected.
    pub dir: PathBuf,
    pub reason: FinishedError,
}

#[derive(Debug, Default)]
pub struct Collected {
    pub found: Vec<Found>,
    pub missing: Vec<Missing>,
}

/// Looks for `<bulletins>/<date>-<slot>/out/<date>-<slot>.{wav,json}` for every slot of the
/// schedule on every date; result in air order (time, then higher priority first). Air
/// times are in the station's time zone `tz`.
pub fn collect(
    bulletins: &Path,
    dates: &[Date],
    schedule: &Schedule,
    tz: &jiff::tz::TimeZone,
) -> Collected {
    let mut slots: Vec<(u32, &crate::config::Slot)> = schedule
        .slots
        .iter()
        .filter_map(|s| parse_hhmm(&s.time).map(|m| (m, s)))
        .collect();
    slots.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.priority.cmp(&a.1.priority)));
    let mut collected = Collected::default();
    for &date in dates {
        for &(minutes, slot) in &slots {
            let stem = format!("{date}-{}", slot.id);
            let dir = bulletins.join(&stem);
            match FinishedBulletin::open(&dir, &stem) {
                Ok(bulletin) => collected.found.push(Found {
                    air_time: local_at(date, minutes, tz),
                    slot: slot.id.clone(),
                    slot_title: slot.title.clone(),
                    priority: slot.priority,
                    bulletin,
                }),
                Err(reason) => collected.missing.push(Missing {
                    date,
                    slot: slot.id.clone(),
                    dir,
                    reason,
                }),
            }
        }
    }
    collected
}

impl Missing {
    /// Why the slot has no finished bulletin and what to do: the words `bantin playlist`
    /// prints (English) and the web app's **Phát sóng** page shows (Vietnamese, or
    /// English with `language = "en"`), from this one place. Paths are shown relative to
    /// `base` when they lie inside it (the station folder).
    pub fn explain(&self, language: crate::config::Language, base: &Path) -> String {
        use crate::config::Language;
        let shown = |p: &Path| p.strip_prefix(base).unwrap_or(p).display().to_string();
        let dir = shown(&self.dir);
        match (&self.reason, language) {
            (FinishedError::NoFolder { .. }, Language::En) => format!(
                "there is no bulletin folder {dir}; make it with `bantin new {dir} --date {} --slot {} ARTICLE…`, record its takes, then `bantin assemble {dir}`",
                self.date, self.slot
            ),
            (reason, Language::En) => reason.to_string(),
            (FinishedError::NoFolder { .. }, Language::Vi) => format!(
                "chưa có bản tin (chưa có thư mục {dir}): làm bản tin cho buổi này, thu đủ các đoạn rồi dựng"
            ),
            (FinishedError::NotAssembled { missing, .. }, Language::Vi) => format!(
                "bản tin chưa dựng xong: chưa có {}. Thu đủ các đoạn rồi bấm Dựng bản tin",
                shown(missing)
            ),
            (FinishedError::BadWav { path, message }, Language::Vi) => format!(
                "{} không đọc được như một tệp WAV ({message}): dựng lại bản tin",
                shown(path)
            ),
            (FinishedError::BadReport { path, message }, Language::Vi) => format!(
                "báo cáo {} không đọc được ({message}): dựng lại bản tin",
                shown(path)
            ),
            (FinishedError::Rundown(e), Language::Vi) => {
                format!("kịch bản (rundown.toml) của bản tin bị lỗi: {e}")
            }
            (FinishedError::Unsettled(e), Language::Vi) => format!(
                "lần dựng trước bị ngắt giữa chừng và chưa hoàn tất được ({e}): dựng lại bản tin"
            ),
            (
                FinishedError::Mismatch {
                    report,
                    wav,
                    detail,
                },
                Language::Vi,
            ) => format!(
                "báo cáo {} không khớp với tệp {} ({detail}): dựng lại bản tin",
                shown(report),
                shown(wav)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Language, StationConfig};

    #[test]
    fn a_missing_slot_is_explained_in_either_language_with_paths_from_the_station() {
        let station = tempfile::tempdir().unwrap();
        let bulletins = station.path().join("bulletins");
        std::fs::create_dir_all(bulletins.join("2026-11-27-chieu")).unwrap();
        let config = StationConfig::default();
        let date = jiff::civil::date(2026, 11, 27);
        let collected = collect(&bulletins, &[date], &config.schedule, &config.time_zone());
        assert!(collected.found.is_empty());
        let [sang, chieu] = &collected.missing[..] else {
            panic!("{:?}", collected.missing);
        };
        assert_eq!(
            sang.explain(Language::En, station.path()),
            "there is no bulletin folder bulletins/2026-11-27-sang; make it with `bantin new bulletins/2026-11-27-sang --date 2026-11-27 --slot sang ARTICLE…`, record its takes, then `bantin assemble bulletins/2026-11-27-sang`"
        );
        assert_eq!(
            sang.explain(Language::Vi, station.path()),
            "chưa có bản tin (chưa có thư mục bulletins/2026-11-27-sang): làm bản tin cho buổi này, thu đủ các đoạn rồi dựng"
        );
        let vi = chieu.explain(Language::Vi, station.path());
        assert!(
            vi.starts_with("bản tin chưa dựng xong: chưa có bulletins/2026-11-27-chieu/out/2026-11-27-chieu.wav"),
            "{vi}"
        );
        assert!(
            chieu
                .explain(Language::En, station.path())
                .contains("Run `bantin assemble")
        );
    }
}
