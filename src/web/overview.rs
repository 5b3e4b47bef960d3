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
    // Its record is written last: a folder without one is an archiving cut short.
    let archived = archive
        .join(crate::archive::sidecar::store_dir(
            &rundown.bulletin.date,
            &stem,
        ))
        .join(crate::archive::sidecar::SIDECAR_FILE)
        .is_file();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulletin::make::{BulletinRequest, find_slot, make_bulletin};
    use std::path::PathBuf;

    #[test]
    fn each_state_of_a_day_is_told_apart() {
        let station = tempfile::tempdir().unwrap();
        let config = StationConfig {
            base_dir: station.path().to_path_buf(),
            ..StationConfig::default()
        };
        let bulletins = station.path().join("bulletins");
        let date = "2026-11-27";
        let day_states = || -> Vec<SlotState> {
            day(&config, &bulletins, date)
                .into_iter()
                .map(|s| s.state)
                .collect()
        };
        assert_eq!(day_states(), [SlotState::NotMade, SlotState::NotMade]);

        let request = BulletinRequest {
            date: date.into(),
            slot: find_slot(&config, "sang").unwrap(),
            title: None,
            articles: vec![
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("audio/example/article.txt"),
            ],
            reading: config.reading.clone(),
            force: false,
            discard_edits: false,
        };
        let dir = bulletins.join(bulletin_id(date, "sang"));
        let made = make_bulletin(&dir, &config, &request).unwrap();
        let takes: Vec<String> = made.rundown.segments().map(|s| s.take.clone()).collect();
        let SlotState::Recording {
            recorded: 0,
            takes: 10,
            missing,
        } = &day_states()[0]
        else {
            panic!("{:?}", day_states());
        };
        assert_eq!(missing, &takes);
        for take in &takes {
            std::fs::write(dir.join(RECORDINGS_DIR).join(format!("{take}.wav")), b"x").unwrap();
        }
        assert_eq!(day_states()[0], SlotState::TakesIn { takes: 10 });
        std::fs::create_dir_all(dir.join(OUT_DIR)).unwrap();
        std::fs::write(dir.join(OUT_DIR).join("2026-11-27-sang.wav"), b"x").unwrap();
        assert_eq!(day_states()[0], SlotState::Assembled);
        let stored = station.path().join("archive/2026/11/2026-11-27-sang");
        std::fs::create_dir_all(&stored).unwrap();
        assert_eq!(
            day_states()[0],
            SlotState::Assembled,
            "an archiving cut short is not an archived bulletin"
        );
        std::fs::write(stored.join("record.json"), b"{}").unwrap();
        assert_eq!(day_states()[0], SlotState::Archived);
        std::fs::write(dir.join("rundown.toml"), "[bulletin\n").unwrap();
        assert!(matches!(day_states()[0], SlotState::Broken(_)));
        assert_eq!(day_states()[1], SlotState::NotMade);
    }
}
