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
