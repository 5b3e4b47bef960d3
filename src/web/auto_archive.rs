//! Archiving aired bulletins by themselves (`[playout] archive_after_minutes`): while
//! `bantin serve` runs, every finished bulletin of today and yesterday whose slot's time
//! lies that many minutes in the past, and that is not archived yet, is archived as
//! `bantin archive add` archives it, with the slot's time as its air time. A bulletin
//! that cannot be archived is named on the Phát sóng page (and tried again later).

use super::AppState;
use crate::archive::sidecar::{SIDECAR_FILE, store_dir};
use crate::bulletin::air_time::{local_at, now};
use crate::bulletin::rundown::OUT_DIR;
use crate::config::parse_hhmm;
use std::sync::Arc;
use std::time::Duration;

/// How often the slots are looked at.
const EVERY: Duration = Duration::from_secs(15);

/// Runs until the server stops: a look at once, then every [`EVERY`].
pub async fn run(app: Arc<AppState>) {
    let mut stopping = app.stopping.clone();
    loop {
        let a = Arc::clone(&app);
        let archived = tokio::task::spawn_blocking(move || look_once(&a))
            .await
            .unwrap_or_default();
        if archived > 0 {
            app.events.poke();
        }
        tokio::select! {
            () = tokio::time::sleep(EVERY) => {}
            _ = stopping.wait_for(|s| *s) => return,
        }
    }
}

/// One look: archives what is due; returns how many were archived.
pub fn look_once(app: &AppState) -> usize {
    let config = app.config();
    let Some(after) = config.playout.archive_after_minutes else {
        return 0;
    };
    let tz = config.time_zone();
    let now = now(&tz);
    let archive = config.resolve(&config.paths.archive);
    let mut archived = 0;
    let today = now.date();
    for date in [today.yesterday().ok(), Some(today)].into_iter().flatten() {
        for slot in &config.schedule.slots {
            let Some(minutes) = parse_hhmm(&slot.time) else {
                continue;
            };
            let due = local_at(date, minutes, &tz).timestamp().as_second() + i64::from(after) * 60;
            if due > now.timestamp().as_second() {
                continue;
            }
            let id = format!("{date}-{}", slot.id);
            let dir = app.bulletins.join(&id);
            let finished = dir.join(OUT_DIR).join(format!("{id}.wav")).is_file();
            let stored = archive
                .join(store_dir(&date.to_string(), &id))
                .join(SIDECAR_FILE)
                .is_file();
            if !finished || stored {
                continue;
            }
            match super::pages::air::archive_bulletin(&config, &dir, None) {
                Ok(()) => {
                    archived += 1;
                    app.set_auto_archive_error(&id, None);
                    if !app.quiet {
                        eprintln!(
                            "bantin serve: archived {id} (aired at its slot's time, {})",
                            slot.time
                        );
                    }
                }
                Err(e) => {
                    let text = super::pages::air::archive_error_text(app.texts(), &e);
                    app.set_auto_archive_error(&id, Some(text));
                }
            }
        }
    }
    archived
}
