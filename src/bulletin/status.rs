//! Where a bulletin stands (`bantin status`): which takes are recorded, how long they
//! really are against the estimate, the total against the target with back-timing, and
//! the announcer's measured reading rate.
//!
//! Recorded takes count at their speech length: head and tail silence left out by the
//! energy gate of [`super::speech`] (not `bantin assemble`'s trimming, which has gates
//! of its own and keeps a breath at each end); missing ones at their estimate. Jingles
//! and the gaps between takes are not counted: the assembly report gives the exact length.

use super::rundown::{BulletinInfo, RECORDINGS_DIR, Rundown, RundownError, Segment};
use super::speech::speech_in_file;
use super::takes::{Recordings, find_recordings};
use crate::config::{Reading, StationConfig, parse_hhmm};
use crate::script::segment::{count_syllables, estimate_seconds};
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Fewer syllables than this in recorded takes give no rate worth quoting.
const MIN_SYLLABLES_FOR_RATE: u32 = 20;

#[derive(Debug, thiserror::Error)]
pub enum StatusError {
    #[error(transparent)]
    Rundown(#[from] RundownError),
    #[error("cannot look into {path}: {source}")]
    Recordings {
        path: PathBuf,
        source: std::io::Error,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TakeState {
    /// A file is there and decodes, with speech in it.
    Recorded,
    /// No file with the take's name.
    Missing,
    /// A file is there but cannot be decoded.
    Unreadable,
    /// A file is there but holds no speech (only silence or hiss).
    Silent,
}

/// One take.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakeStatus {
    pub id: String,
    pub take: String,
    /// Item id, or `null` for the opening and closing.
    pub item: Option<String>,
    pub state: TakeState,
    /// The file used, relative to the bulletin folder ("recordings/01-1.wav").
    pub file: Option<String>,
    /// Codec in plain words ("PCM 16-bit", "MP3").
    pub codec: Option<String>,
    pub estimate_s: f64,
    /// Length of the file.
    pub duration_s: Option<f64>,
    /// Length from the first to the last speech (head and tail silence left out).
    pub speech_s: Option<f64>,
    /// `speech_s − estimate_s`: positive when the take is longer than estimated.
    pub difference_s: Option<f64>,
    /// The length counted in the total: `speech_s` when recorded, else `estimate_s`.
    pub counted_s: f64,
    /// Programme time at which the take starts.
    pub start_s: f64,
    /// Why the take is unreadable or silent.
    pub problem: Option<String>,
}

/// Back-timing of one block of the bulletin (opening, an item, closing).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlockTiming {
    /// "opening", "item" or "closing".
    pub kind: &'static str,
    /// Item id, or the segment id of the opening/closing.
    pub id: String,
    pub title: String,
    /// Programme time at which it starts, seconds.
    pub start_s: f64,
    pub length_s: f64,
    /// Clock time it starts at, when the slot's air time is known ("05:31:12").
    pub clock: Option<String>,
    /// Target length minus start: time left in the slot when it starts.
    pub remaining_s: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    pub takes: usize,
    pub recorded: usize,
    pub missing: usize,
    pub unreadable: usize,
    pub silent: usize,
    /// Sum of the counted lengths.
    pub estimated_s: f64,
    pub target_s: f64,
    /// `estimated_s − target_s`: positive = over, negative = under.
    pub over_s: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasuredRate {
    /// Syllables per minute of speech, pauses at sentence and paragraph ends excluded
    /// (the same meaning as `--rate` and `[reading] rate_spm`).
    pub syllables_per_minute: f64,
    pub syllables: u32,
    /// Speech seconds the rate was measured over (pauses excluded).
    pub speaking_s: f64,
    pub takes: usize,
}

/// The whole status, also printed by `bantin status --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusReport {
    pub bulletin: BulletinInfo,
    /// The slot's air time from the station schedule ("05:30"), when the slot is known.
    pub air_time: Option<String>,
    pub takes: Vec<TakeStatus>,
    pub blocks: Vec<BlockTiming>,
    pub totals: Totals,
    pub measured_rate: Option<MeasuredRate>,
    /// Misnamed or doubled files in recordings/.
    pub warnings: Vec<String>,
    /// Every take recorded and readable: what the exit status 0 means.
    pub complete: bool,
}

/// What decoding one take found.
struct Measured {
    codec: String,
    duration_s: f64,
    speech_s: Option<f64>,
}

impl TakeState {
    /// The word stored in the rundown's `[status]` table (the same as in `--json`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Recorded => "recorded",
            Self::Missing => "missing",
            Self::Unreadable => "unreadable",
            Self::Silent => "silent",
        }
    }
}

/// Writes the takes' states into the `[status]` table of `DIR/rundown.toml`, leaving
/// the rest of the file as staff left it. Returns a warning for people when the file
/// could not be updated (the status shown is right all the same: it comes from
/// `recordings/`, never from the table).
pub fn refresh_rundown_status(dir: &Path, report: &StatusReport) -> Option<String> {
    let path = dir.join(super::rundown::RUNDOWN_FILE);
    let status: std::collections::BTreeMap<String, String> = report
        .takes
        .iter()
        .map(|t| (t.take.clone(), t.state.as_str().to_string()))
        .collect();
    let text = std::fs::read_to_string(&path).ok()?;
    let current = Rundown::parse(&text, &path).ok()?;
    if current.status == status {
        return None;
    }
    let Some(updated) = Rundown::text_with_status(&text, &status) else {
        return Some(format!(
            "{}: the [status] table could not be updated without touching the rest of the file; it was left as it is",
            path.display()
        ));
    };
    crate::atomic::write_bytes(&path, crate::atomic::Overwrite::Replace, updated.as_bytes())
        .err()
        .map(|e| format!("the recording status was not saved in the rundown: {e}"))
}

/// Reads the bulletin in `dir` and measures its recorded takes.
pub fn bulletin_status(
    dir: &Path,
    config: &StationConfig,
    quiet: bool,
) -> Result<StatusReport, StatusError> {
    let rundown = Rundown::load(dir)?;
    let recordings_dir = dir.join(RECORDINGS_DIR);
    let found =
        find_recordings(&rundown, &recordings_dir).map_err(|source| StatusError::Recordings {
            path: recordings_dir.clone(),
            source,
        })?;
    let warnings = file_warnings(dir, &found);

    let files: Vec<(&str, &Path)> = found
        .by_take
        .iter()
        .filter_map(|(take, f)| f.chosen.as_deref().map(|p| (take.as_str(), p)))
        .collect();
    let bar = crate::progress::bar(files.len() as u64, "decoding", quiet);
    let measured: std::collections::HashMap<&str, Result<Measured, String>> = files
        .par_iter()
        .map(|&(take, path)| {
            // Streamed: a take of any length in bounded memory.
            let result = speech_in_file(path)
                .map(|(info, span)| Measured {
                    codec: info.codec,
                    duration_s: millis(
                        info.frames as f64 / f64::from(info.format.sample_rate.max(1)),
                    ),
                    speech_s: span.map(|s| millis(s.length_s)),
                })
                .map_err(|e| e.to_string());
            bar.inc(1);
            (take, result)
        })
        .collect();
    bar.finish_and_clear();

    let mut takes = Vec::new();
    let mut push = |seg: &Segment, item: Option<&str>| {
        let file = found
            .by_take
            .get(&seg.take)
            .and_then(|f| f.chosen.as_deref());
        takes.push(take_status(
            seg,
            item,
            dir,
            file,
            measured.get(seg.take.as_str()),
        ));
    };
    push(&rundown.opening, None);
    for item in &rundown.items {
        for seg in &item.segments {
            push(seg, Some(&item.id));
        }
    }
    push(&rundown.closing, None);

    let air_minutes = config
        .schedule
        .slots
        .iter()
        .find(|s| s.id == rundown.bulletin.slot)
        .and_then(|s| parse_hhmm(&s.time).map(|m| (s.time.clone(), m)));
    let mut start = 0.0;
    for t in &mut takes {
        t.start_s = millis(start);
        start += t.counted_s;
    }
    let start = millis(start);
    let blocks = back_timing(&rundown, &takes, air_minutes.as_ref().map(|a| a.1));
    let count = |state| takes.iter().filter(|t| t.state == state).count();
    let totals = Totals {
        takes: takes.len(),
        recorded: count(TakeState::Recorded),
        missing: count(TakeState::Missing),
        unreadable: count(TakeState::Unreadable),
        silent: count(TakeState::Silent),
        estimated_s: start,
        target_s: rundown.bulletin.target_s,
        over_s: millis(start - rundown.bulletin.target_s),
    };
    let measured_rate = measure_rate(&rundown, &takes, &config.reading);
    Ok(StatusReport {
        complete: totals.recorded == totals.takes,
        bulletin: rundown.bulletin.clone(),
        air_time: air_minutes.map(|a| a.0),
        takes,
        blocks,
        totals,
        measured_rate,
        warnings,
    })
}

fn take_status(
    seg: &Segment,
    item: Option<&str>,
    dir: &Path,
    file: Option<&Path>,
    measured: Option<&Result<Measured, String>>,
) -> TakeStatus {
    let mut t = TakeStatus {
        id: seg.id.clone(),
        take: seg.take.clone(),
        item: item.map(str::to_string),
        state: TakeState::Missing,
        file: file.map(|p| relative(dir, p)),
        codec: None,
        estimate_s: seg.estimate_s,
        duration_s: None,
        speech_s: None,
        difference_s: None,
        counted_s: seg.estimate_s,
        start_s: 0.0,
        problem: None,
    };
    match measured {
        None => {}
        Some(Err(message)) => {
            t.state = TakeState::Unreadable;
            t.problem = Some(message.clone());
        }
        Some(Ok(m)) => {
            t.codec = Some(m.codec.clone());
            t.duration_s = Some(m.duration_s);
            match m.speech_s {
                Some(speech) => {
                    t.state = TakeState::Recorded;
                    t.speech_s = Some(speech);
                    t.difference_s = Some(millis(speech - seg.estimate_s));
                    t.counted_s = speech;
                }
                None => {
                    t.state = TakeState::Silent;
                    t.problem =
                        Some("the file holds only silence; record the take again".to_string());
                }
            }
        }
    }
    t
}

/// Start of each block in programme time, and in clock time from the slot's air time.
fn back_timing(
    rundown: &Rundown,
    takes: &[TakeStatus],
    air_minutes: Option<u32>,
) -> Vec<BlockTiming> {
    let target = rundown.bulletin.target_s;
    let block = |kind, id: &str, title: &str, of: &[&TakeStatus]| {
        let start_s = of.first().map_or(0.0, |t| t.start_s);
        BlockTiming {
            kind,
            id: id.to_string(),
            title: title.to_string(),
            start_s,
            length_s: millis(of.iter().map(|t| t.counted_s).sum()),
            clock: air_minutes.map(|m| super::time_format::clock(m, start_s)),
            remaining_s: millis(target - start_s),
        }
    };
    let (Some(first), Some(last)) = (takes.first(), takes.last()) else {
        return Vec::new();
    };
    let mut blocks = vec![block("opening", &rundown.opening.id, "Mở đầu", &[first])];
    for item in &rundown.items {
        let of: Vec<&TakeStatus> = takes
            .iter()
            .filter(|t| t.item.as_deref() == Some(item.id.as_str()))
            .collect();
        blocks.push(block("item", &item.id, &item.title, &of));
    }
    blocks.push(block("closing", &rundown.closing.id, "Kết thúc", &[last]));
    blocks
}

/// The announcer's rate over the recorded takes: syllables of the spoken text (recounted,
/// so hand-fixed readings count as read) per minute of speech without the sentence and
/// paragraph pauses that the estimate adds separately.
fn measure_rate(
    rundown: &Rundown,
    takes: &[TakeStatus],
    reading: &Reading,
) -> Option<MeasuredRate> {
    let mut syllables = 0u32;
    let mut speaking_s = 0.0;
    let mut count = 0usize;
    for (seg, t) in rundown.segments().zip(takes) {
        let (TakeState::Recorded, Some(speech)) = (t.state, t.speech_s) else {
            continue;
        };
        let syl = count_syllables(&seg.spoken);
        syllables += syl;
        let pauses = inner_pauses_s(&seg.spoken, reading);
        speaking_s += (speech - pauses).max(0.0);
        count += 1;
    }
    if syllables < MIN_SYLLABLES_FOR_RATE || speaking_s < 1.0 {
        return None;
    }
    let spm = f64::from(syllables) * 60.0 / speaking_s;
    (spm > 30.0 && spm < 600.0).then_some(MeasuredRate {
        syllables_per_minute: spm.round(),
        syllables,
        speaking_s: millis(speaking_s),
        takes: count,
    })
}

/// The pauses inside a take: after each sentence and paragraph but the last, whose pause
/// is after the take's speech (trimmed off, like the silence before it).
pub fn inner_pauses_s(spoken: &str, reading: &Reading) -> f64 {
    if count_syllables(spoken) == 0 {
        return 0.0;
    }
    // The estimate is syllables at the rate plus a pause after every sentence and paragraph.
    let all_pauses = estimate_seconds(spoken, reading)
        - f64::from(count_syllables(spoken)) * 60.0 / reading.rate_spm;
    (all_pauses - reading.sentence_pause_s - reading.paragraph_pause_s).max(0.0)
}

fn file_warnings(dir: &Path, found: &Recordings) -> Vec<String> {
    let mut warnings = Vec::new();
    for (take, files) in &found.by_take {
        if let (Some(chosen), false) = (&files.chosen, files.ignored.is_empty()) {
            let others: Vec<String> = files.ignored.iter().map(|p| relative(dir, p)).collect();
            warnings.push(format!(
                "take {take} has more than one file: using {}, ignoring {}; delete the one that is not the take",
                relative(dir, chosen),
                others.join(", ")
            ));
        }
    }
    for p in &found.unmatched {
        warnings.push(format!(
            "{} matches no take in the rundown; rename it to the take it holds (e.g. 01-1.wav) or remove it",
            relative(dir, p)
        ));
    }
    for p in &found.not_audio {
        warnings.push(format!(
            "{} is named like a take but is not an audio file bantin reads (.wav, .flac, .mp3, .m4a, .ogg)",
            relative(dir, p)
        ));
    }
    warnings
}

/// Seconds to the millisecond: more would be noise in the report.
fn millis(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}

/// `recordings/01-1.wav`, with forward slashes on every platform.
fn relative(dir: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(dir).unwrap_or(p);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
