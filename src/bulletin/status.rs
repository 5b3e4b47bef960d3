//! Where a bulletin stands (`bantin status`): which takes are recorded, how long they
//! really are against the estimate, the total against the target with back-timing, and
//! the announcer's measured reading rate.
//!
//! Each take is measured as `bantin assemble` measures it ([`super::take_check`]): the
//! speech detector finds where the speech is, and the take is judged suspect for the same
//! reasons assemble refuses it. Recorded takes count at their speech length (head and tail
//! silence left out; assemble keeps a breath more at each end); missing ones at their
//! estimate. Jingles and the gaps between takes are not counted: the assembly report
//! gives the exact length.

use super::rundown::{BulletinInfo, RECORDINGS_DIR, Rundown, RundownError, Segment};
use super::take_check::{self, Suspect, TakeFacts};
use super::takes::{Recordings, find_recordings};
use crate::config::{Reading, StationConfig, parse_hhmm};
use crate::dsp::{channels, clipping};
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
    /// A file is there but holds only digital silence.
    Silent,
    /// A file is there but should not go to air as it is: no speech in it (only noise or
    /// hum), far longer than its estimate, clipped, or far too quiet — see `suspect`.
    /// Staff who listened and find it fine write `accept_suspect = true` on the segment;
    /// the take is then `recorded`, its reasons still listed.
    Suspect,
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
    /// Integrated loudness of the take's speech (as assemble measures it), LUFS.
    pub loudness_lufs: Option<f64>,
    /// Level of the noise under the take, dBFS (speech band).
    pub noise_floor_dbfs: Option<f64>,
    /// Why the take should not go to air as it is (empty when nothing is wrong).
    pub suspect: Vec<Suspect>,
    /// `accept_suspect = true` is written on the take's segment.
    pub accepted: bool,
    /// The file's name is only nearly the take's: the name to rename it to.
    pub rename_to: Option<String>,
    /// The length counted in the total: `speech_s` when recorded, else `estimate_s`.
    pub counted_s: f64,
    /// Programme time at which the take starts.
    pub start_s: f64,
    /// Why the take is unreadable, silent or suspect, in words.
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
    pub suspect: usize,
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
    /// Misnamed, doubled, unreadable and stray files in recordings/.
    pub warnings: Vec<String>,
    /// Every take recorded, readable and not suspect (or accepted): what the exit
    /// status 0 means.
    pub complete: bool,
}

/// What measuring one take found.
pub(crate) struct Measured {
    pub(crate) codec: String,
    pub(crate) duration_s: f64,
    pub(crate) speech_s: Option<f64>,
    pub(crate) loudness_lufs: Option<f64>,
    pub(crate) noise_floor_dbfs: f64,
    pub(crate) silent: bool,
    pub(crate) suspect: Vec<Suspect>,
}

impl TakeState {
    /// The word stored in the rundown's `[status]` table (the same as in `--json`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Recorded => "recorded",
            Self::Missing => "missing",
            Self::Unreadable => "unreadable",
            Self::Silent => "silent",
            Self::Suspect => "suspect",
        }
    }
}

/// Writes the takes' states into the `[status]` table of `DIR/rundown.toml`, leaving
/// the rest of the file as staff left it. Returns a warning for people when the file
/// could not be updated (the status shown is right all the same: it comes from
/// `recordings/`, never from the table).
pub fn refresh_rundown_status(dir: &Path, report: &StatusReport) -> Option<String> {
    // Held from reading to writing, so an edit saved meanwhile (web app) is not lost.
    let _lock = super::lock::BulletinLock::acquire(dir).ok();
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

    let estimates: std::collections::HashMap<&str, f64> = rundown
        .segments()
        .map(|s| (s.take.as_str(), s.estimate_s))
        .collect();
    let files: Vec<(&str, &Path)> = found
        .by_take
        .iter()
        .filter_map(|(take, f)| {
            f.chosen
                .as_ref()
                .filter(|c| c.problem.is_none())
                .map(|c| (take.as_str(), c.path.as_path()))
        })
        .collect();
    let target_lufs = config.audio.target_lufs();
    let bar = crate::progress::bar(files.len() as u64, "measuring", quiet);
    let measured: std::collections::HashMap<&str, Result<Measured, String>> = files
        .par_iter()
        .map(|&(take, path)| {
            let estimate_s = estimates.get(take).copied();
            let result = crate::media::decode_file(path)
                .map(|audio| measure(&audio, config, estimate_s, target_lufs))
                .map_err(|e| e.to_string());
            bar.inc(1);
            (take, result)
        })
        .collect();
    bar.finish_and_clear();

    let mut measured = measured;
    let mut takes = Vec::new();
    let mut push = |seg: &Segment, item: Option<&str>| {
        let file = found.by_take.get(&seg.take).and_then(|f| f.chosen.as_ref());
        let result = match file.and_then(|f| f.problem.clone()) {
            Some(problem) => Some(Err(problem)),
            None => measured.remove(seg.take.as_str()),
        };
        takes.push(take_status(seg, item, dir, file, result));
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
        suspect: count(TakeState::Suspect),
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

/// Measures a decoded take as assemble does: clipping on the file as it is, then the
/// mono fold cleaned, its speech found, the kept part's loudness, the verdict. The web
/// app's booth judges a take it just received with it too.
pub(crate) fn measure(
    audio: &crate::media::DecodedAudio,
    config: &StationConfig,
    estimate_s: Option<f64>,
    target_lufs: f64,
) -> Measured {
    let clipping = clipping::find(
        &audio.samples,
        usize::from(audio.channels),
        audio.sample_rate,
    );
    let (mut mono, _) = channels::to_mono(&audio.samples, audio.channels);
    let rate = audio.sample_rate;
    let take = take_check::speech_take(
        &mut mono,
        rate,
        config.audio.highpass_hz,
        config.audio.keep_breath_s,
    );
    let loudness_lufs = take
        .keep
        .and_then(|(a, b)| take_check::loudness_lufs(&mono[a..b], rate));
    let suspect = take_check::suspects(&TakeFacts {
        analysis: &take.analysis,
        clipping,
        loudness_lufs,
        estimate_s,
        target_lufs,
    });
    Measured {
        codec: audio.codec.clone(),
        duration_s: millis(audio.duration_s()),
        speech_s: take.analysis.speech_s().map(millis),
        loudness_lufs: loudness_lufs.map(|l| (l * 10.0).round() / 10.0),
        noise_floor_dbfs: take.analysis.noise_floor_dbfs,
        silent: take.analysis.verdict == crate::dsp::speech::Verdict::Silent,
        suspect,
    }
}

fn take_status(
    seg: &Segment,
    item: Option<&str>,
    dir: &Path,
    file: Option<&super::takes::TakeFile>,
    measured: Option<Result<Measured, String>>,
) -> TakeStatus {
    let mut t = TakeStatus {
        id: seg.id.clone(),
        take: seg.take.clone(),
        item: item.map(str::to_string),
        state: TakeState::Missing,
        file: file.map(|f| relative(dir, &f.path)),
        codec: None,
        estimate_s: seg.estimate_s,
        duration_s: None,
        speech_s: None,
        difference_s: None,
        loudness_lufs: None,
        noise_floor_dbfs: None,
        suspect: Vec::new(),
        accepted: seg.accept_suspect,
        rename_to: file.and_then(|f| {
            f.rename_to
                .as_ref()
                .map(|name| format!("{RECORDINGS_DIR}/{name}"))
        }),
        counted_s: seg.estimate_s,
        start_s: 0.0,
        problem: None,
    };
    match measured {
        None => {}
        Some(Err(message)) => {
            t.state = TakeState::Unreadable;
            t.problem = Some(message);
        }
        Some(Ok(m)) => {
            t.codec = Some(m.codec);
            t.duration_s = Some(m.duration_s);
            t.loudness_lufs = m.loudness_lufs;
            t.noise_floor_dbfs = Some(m.noise_floor_dbfs);
            t.speech_s = m.speech_s;
            t.difference_s = m.speech_s.map(|s| millis(s - seg.estimate_s));
            t.suspect = m.suspect;
            if m.silent {
                t.state = TakeState::Silent;
                t.problem = Some(format!(
                    "the file holds only silence (nothing above {:.0} dBFS); record the take again",
                    crate::dsp::speech::SILENCE_DBFS
                ));
            } else if !t.suspect.is_empty() && !seg.accept_suspect {
                t.state = TakeState::Suspect;
                let reasons: Vec<String> = t.suspect.iter().map(Suspect::message).collect();
                t.problem = Some(reasons.join("; also "));
            } else {
                t.state = TakeState::Recorded;
                if let Some(speech) = m.speech_s {
                    t.counted_s = speech;
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
        // Suspect takes (a wrong file, a recorder left running) say nothing of the
        // announcer's rate, accepted or not.
        let (TakeState::Recorded, Some(speech), true) = (t.state, t.speech_s, t.suspect.is_empty())
        else {
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
    let mut without_file = Vec::new();
    for (take, files) in &found.by_take {
        let Some(chosen) = &files.chosen else {
            without_file.push(take.as_str());
            continue;
        };
        if let Some(name) = &chosen.rename_to {
            warnings.push(format!(
                "{} is taken as take {take}; rename it to {RECORDINGS_DIR}/{name}",
                relative(dir, &chosen.path)
            ));
        }
        if !files.ignored.is_empty() {
            let others: Vec<String> = files.ignored.iter().map(|p| relative(dir, p)).collect();
            warnings.push(format!(
                "take {take} has more than one file: using {}, ignoring {}; delete the one that is not the take",
                relative(dir, &chosen.path),
                others.join(", ")
            ));
        }
    }
    for p in &found.unmatched {
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().trim().to_lowercase())
            .unwrap_or_else(|| "wav".into());
        let hint = match without_file.as_slice() {
            [] => "no take is without a file: remove it if it is not needed".to_string(),
            [take] => format!(
                "if it is take {take} (the one without a file), rename it to {RECORDINGS_DIR}/{take}.{ext}"
            ),
            takes => format!(
                "if it is one of the takes without a file ({}), rename it to that take's name, e.g. {RECORDINGS_DIR}/{}.{ext}",
                takes.join(", "),
                takes[0]
            ),
        };
        warnings.push(format!(
            "{} matches no take in the rundown; {hint}",
            relative(dir, p)
        ));
    }
    for (p, why) in &found.unreadable {
        warnings.push(format!("{} {why}", relative(dir, p)));
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
