//! Where each of a day's bulletins stands, cheaply (no audio is decoded): made or not,
//! how many takes have a file, whether the finished WAV and the archive copy exist.
//! The booth and `bantin status` decode the takes; this is for the day's overview.

use crate::bulletin::rundown::{OUT_DIR, RECORDINGS_DIR, Rundown};
use crate::bulletin::takes::find_recordings;
use crate::config::{Slot, StationConfig};
use std::path::Path;

/// The state of one slot's bulletin.
#[derive(Debug, Clone, PartialEq)]
pub enum SlotState {
    NotMade,
    /// The rundown does not read (a hand edit went wrong): the message.
    Broken(String),
    Recording {
        recorded: usize,
        takes: usize,
        missing: Vec<String>,
    },
    TakesIn {
        takes: usize,
    },
    Assembled,
    Archived,
}

/// One slot of the day and its bulletin.
#[derive(Debug, Clone)]
pub struct SlotOverview {
    pub slot: Slot,
    /// Bulletin id: the folder name, `<date>-<slot>`.
    pub id: String,
    pub title: Option<String>,
    pub state: SlotState,
    pub estimate_s: f64,
    pub target_s: f64,
}

/// `<date>-<slot>`, the folder name `bantin new` is given by convention.
pub fn bulletin_id(date: &str, slot: &str) -> String {
    format!("{date}-{slot}")
}

/// The slots of `date` in air order, each with its bulletin's state.
pub fn day(config: &StationConfig, bulletins: &Path, date: &str) -> Vec<SlotOverview> {
    let mut slots = config.schedule.slots.clone();
    slots.sort_by_key(|s| crate::config::parse_hhmm(&s.time).unwrap_or(0));
    slots
        .into_iter()
        .map(|slot| {
            let id = bulletin_id(date, &slot.id);
            let dir = bulletins.join(&id);
            let mut overview = SlotOverview {
                slot,
                id,
                title: None,
                state: SlotState::NotMade,
                estimate_s: 0.0,
                target_s: config.reading.target_minutes * 60.0,
            };
            if !dir.join(crate::bulletin::rundown::RUNDOWN_FILE).is_file() {
                return overview;
            }
            let rundown = match Rundown::load(&dir) {
                Ok(r) => r,
                Err(e) => {
                    overview.state = SlotState::Broken(e.to_string());
                    return overview;
                }
            };
            overview.title = Some(rundown.bulletin.title.clone());
            overview.estimate_s = rundown.segments().map(|s| s.estimate_s).sum();
            overview.target_s = rundown.bulletin.target_s;
            overview.state = state_of(config, &dir, &rundown);
            overview
        })
        .collect()
}

fn state_of(config: &StationConfig, dir: &Path, rundown: &Rundown) -> SlotState {
    let stem = rundown.output_stem();
    let archive = config.resolve(&config.paths.archive);
    let archived = archive
        .join(crate::archive::sidecar::store_dir(
            &rundown.bulletin.date,
            &stem,
        ))
        .is_dir();
    if archived {
        return SlotState::Archived;
    }
    if dir.join(OUT_DIR).join(format!("{stem}.wav")).is_file() {
        return SlotState::Assembled;
    }
    let takes = rundown.segments().count();
    let Ok(found) = find_recordings(rundown, &dir.join(RECORDINGS_DIR)) else {
        return SlotState::Recording {
            recorded: 0,
            takes,
            missing: rundown.segments().map(|s| s.take.clone()).collect(),
        };
    };
    let missing: Vec<String> = rundown
        .segments()
        .filter(|s| {
            found
                .by_take
                .get(&s.take)
                .is_none_or(|f| f.chosen.is_none())
        })
        .map(|s| s.take.clone())
        .collect();
    if missing.is_empty() {
        SlotState::TakesIn { takes }
    } else {
        SlotState::Recording {
            recorded: takes - missing.len(),
            takes,
            missing,
        }
    }
}
