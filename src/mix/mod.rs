//! Assembling a programme: takes and jingles placed in order, matched in level, brought to
//! the target loudness under the true-peak ceiling.
//!
//! [`plan`] says what goes where; [`prepare`] readies each file once (in parallel);
//! [`timeline`] places them and renders any stretch on demand; [`master`] streams the
//! programme through gain, limiter, dither and into a [`ProgrammeSink`] (the BWF writer).

pub(crate) mod error;
pub(crate) mod limiting;
pub(crate) mod loudness_model;
pub(crate) mod master;
pub(crate) mod plan;
pub(crate) mod prepare;
pub(crate) mod sink;
pub(crate) mod spill;
pub(crate) mod timeline;

use std::path::Path;
use std::sync::Arc;

use crate::bulletin::report::{
    AssemblyReport, LimiterReport, ProgrammeReport, ProgrammeTrace, TakeReport,
};
pub use error::{MixError, SuspectTake};
use plan::{Plan, Role, Source};
use prepare::{PrepareSettings, Prepared};
pub use sink::ProgrammeSink;
use timeline::{Gaps, Layout, Levels, Timeline};

use crate::config::AudioConfig;
use crate::interrupt::Interrupt;
use spill::MemoryBudget;

/// The finished programme's report, the series for its HTML page, and what the sink
/// made of it (the broadcast WAV, complete but not yet in place).
pub struct Assembled<F> {
    pub report: AssemblyReport,
    pub trace: ProgrammeTrace,
    pub output: F,
}

/// Makes the programme of `plan` into a sink from `create_sink` (called again if the
/// programme has to be made again; a dropped sink must leave nothing behind). `output` is
/// the file the report names. `progress` is ticked once per file prepared. The work
/// stops with [`MixError::Interrupted`] between files and between chunks once
/// `interrupt` is raised.
pub fn assemble<S: ProgrammeSink>(
    plan: &Plan,
    settings: &AudioConfig,
    output: &Path,
    create_sink: impl FnMut() -> Result<S, S::Error>,
    progress: &indicatif::ProgressBar,
    interrupt: &Interrupt,
) -> Result<Assembled<S::Finished>, MixError> {
    settle_allocator();
    // Unique files in a fixed order; the layout refers to them by index.
    let mut sources: Vec<Source> = Vec::new();
    let mut add = |s: Option<Source>| {
        s.map(|s| {
            sources.push(s);
            sources.len() - 1
        })
    };
    let jingle = |role: Role, p: &Option<std::path::PathBuf>| {
        p.as_ref().map(|path| Source {
            role,
            shown: path.display().to_string(),
            path: path.clone(),
            item_id: None,
            segment_id: None,
            estimate_s: None,
            accept_suspect: false,
        })
    };
    let intro = add(jingle(Role::Intro, &plan.jingles.intro));
    let opening = add(plan.opening.clone());
    let items: Vec<Vec<usize>> = plan
        .items
        .iter()
        .map(|item| item.iter().filter_map(|s| add(Some(s.clone()))).collect())
        .collect();
    let closing = add(plan.closing.clone());
    let sting = add(jingle(Role::Sting, &plan.jingles.sting));
    let outro = add(jingle(Role::Outro, &plan.jingles.outro));
    let bed = add(jingle(Role::Bed, &plan.jingles.bed));
    let layout = Layout {
        intro,
        opening,
        items,
        closing,
        outro,
        sting,
        bed,
    };
    let target_lufs = settings.target_lufs();
    let prep = PrepareSettings {
        rate: settings.sample_rate,
        channels: settings.channels,
        highpass_hz: settings.highpass_hz,
        keep_breath_s: settings.keep_breath_s,
        target_lufs,
        kept_decoded_samples: prepare::KEPT_DECODED_SAMPLES,
    };
    // The caller gave the bar its total from the plan, so its first frame shows it.
    debug_assert_eq!(
        progress.length(),
        Some(sources.len() as u64),
        "Plan::file_count"
    );
    progress.set_length(sources.len() as u64);
    let budget = Arc::new(MemoryBudget::new(MEMORY_BUDGET, &spill_dir(output)?));
    let bed_voice = layout
        .voice_under_bed()
        .map(|voice| (voice, settings.bed_duck_db));
    let parts = prepare_all(sources, prep, bed_voice, &budget, progress, interrupt);
    // Worker threads outlive this call: their decode buffers are not kept around.
    rayon::broadcast(|_| prepare::release_buffers());
    let parts = parts?;
    // Nothing is written while a take that should not go to air is in the programme.
    let suspect: Vec<SuspectTake> = parts
        .iter()
        .filter(|p| !p.suspects.is_empty() && !p.source.accept_suspect)
        .map(|p| SuspectTake {
            shown: p.source.shown.clone(),
            segment_id: p.source.segment_id.clone(),
            reasons: p.suspects.clone(),
        })
        .collect();
    if !suspect.is_empty() {
        return Err(MixError::SuspectTakes(suspect));
    }
    let levels = Levels {
        speech_lufs: target_lufs,
        jingle_level_lu: settings.jingle_level_lu,
        bed_level_lu: settings.bed_level_lu,
        bed_duck_db: settings.bed_duck_db,
    };
    let gaps = Gaps {
        between_takes_s: settings.gap_between_takes_s,
        around_sting_s: settings.gap_around_sting_s,
    };
    let channels = usize::from(settings.channels);
    let tl = Timeline::build(parts, &layout, levels, gaps, channels, settings.sample_rate)
        .map_err(|source| MixError::Spill { source })?;
    let (result, sink) = master::master(
        &tl,
        target_lufs,
        settings.ceiling_dbtp,
        settings.bits,
        &budget,
        create_sink,
        interrupt,
    )?;
    // Every figure is the one meter's, on the written samples: what `bantin loudness`
    // prints for the file.
    let measured = &result.measured;
    let programme = ProgrammeReport {
        integrated_lufs: measured.integrated_lufs,
        loudness_range_lu: measured.loudness_range_lu,
        true_peak_dbtp: measured.true_peak_dbtp,
        sample_peak_dbfs: measured.sample_peak_dbfs,
        max_momentary_lufs: measured.max_momentary_lufs,
        max_short_term_lufs: measured.max_short_term_lufs,
        duration_s: tl.frames as f64 / f64::from(settings.sample_rate),
        target_lufs,
        ceiling_dbtp: settings.ceiling_dbtp,
        sample_rate: settings.sample_rate,
        channels: settings.channels,
        bits: settings.bits,
        limiter: LimiterReport {
            max_gain_reduction_db: result.limiter.max_reduction_db(),
            active_s: result.limiter.active_frames as f64 / f64::from(settings.sample_rate),
        },
        flags: Vec::new(),
    };
    let finished = sink
        .finish(&programme)
        .map_err(|e| MixError::Write(Box::new(e)))?;
    let rate = f64::from(settings.sample_rate);
    let takes = tl
        .placements
        .iter()
        .map(|pl| {
            let p = &tl.parts[pl.part];
            TakeReport {
                role: p.source.role.name().to_string(),
                item_id: p.source.item_id.clone(),
                segment_id: p.source.segment_id.clone(),
                source: p.source.shown.clone(),
                codec: p.codec.clone(),
                original_sample_rate: p.original_rate,
                original_channels: p.original_channels,
                duration_s: round3(p.duration_s),
                trimmed_duration_s: round3(p.trimmed_duration_s),
                loudness_lufs: Some(round2(p.loudness_lufs)),
                gain_db: round2(pl.gain_db + result.gain_db),
                start_s: round3(pl.start as f64 / rate),
                flags: p.flags.clone(),
            }
        })
        .collect();
    let report = AssemblyReport {
        software: format!("bantin {}", env!("CARGO_PKG_VERSION")),
        title: plan.title.clone(),
        station: plan.station.clone(),
        date: plan.date.clone(),
        slot: plan.slot.clone(),
        output: output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        created: jiff::Timestamp::now()
            .round(jiff::Unit::Second)
            .map_or_else(|_| jiff::Timestamp::now().to_string(), |t| t.to_string()),
        programme: ProgrammeReport {
            flags: limiting::heavy_limiting(&programme.limiter, programme.duration_s)
                .into_iter()
                .collect(),
            ..round_programme(programme)
        },
        takes,
        wav: None,
    };
    // The prepared takes (a few hundred megabytes for an hour) go back to the system on a
    // thread of their own while the caller reads the file back for its hash.
    std::thread::spawn(move || drop(tl));
    Ok(Assembled {
        report,
        trace: result.trace,
        output: finished,
    })
}

/// Prepares every source on all of rayon's threads, largest file first: each worker takes
/// the next file from one queue, so a long bed or take does not start last and leave the
/// other core idle while it finishes. The parts come back in the sources' order. After a
/// file fails, or once `interrupt` is raised, no new one is started. `bed_voice`: the
/// source the bed goes under, and how deep it ducks there.
fn prepare_all(
    sources: Vec<Source>,
    settings: PrepareSettings,
    bed_voice: Option<(usize, f64)>,
    budget: &Arc<MemoryBudget>,
    progress: &indicatif::ProgressBar,
    interrupt: &Interrupt,
) -> Result<Vec<Prepared>, MixError> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let mut order: Vec<usize> = (0..sources.len()).collect();
    let size = |i: usize| std::fs::metadata(&sources[i].path).map_or(0, |m| m.len());
    order.sort_by_cached_key(|&i| std::cmp::Reverse(size(i)));
    let slots: Vec<std::sync::Mutex<Option<Source>>> = sources
        .into_iter()
        .map(|s| std::sync::Mutex::new(Some(s)))
        .collect();
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let per_worker: Vec<Vec<(usize, Result<Prepared, MixError>)>> = rayon::broadcast(|_| {
        let mut mine = Vec::new();
        while !failed.load(Ordering::Relaxed)
            && let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed))
        {
            let source = slots[i]
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take()
                .expect("each source is taken once");
            let part = interrupt.check().map_err(MixError::from).and_then(|()| {
                let duck_db = bed_voice.filter(|(v, _)| *v == i).map(|(_, db)| db);
                prepare::prepare(source, settings, duck_db, budget)
            });
            failed.fetch_or(part.is_err(), Ordering::Relaxed);
            mine.push((i, part));
            progress.inc(1);
        }
        mine
    });
    let mut results: Vec<(usize, Result<Prepared, MixError>)> =
        per_worker.into_iter().flatten().collect();
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, part)| part).collect()
}

/// Bytes of prepared audio and model arrays the mixer keeps in memory; past
/// it they go to temporary files beside the output ([`spill`]). A 13-minute bulletin
/// (about 150 MB of prepared takes at 48 kHz) fits; a three-hour session does not.
const MEMORY_BUDGET: usize = 192 << 20;

/// Where arrays past the budget go: the output's folder, or the nearest folder above it
/// that exists (nothing is created: a run that stops leaves no folder behind), on the disk
/// that must hold the output anyway.
fn spill_dir(output: &Path) -> Result<std::path::PathBuf, MixError> {
    output
        .ancestors()
        .skip(1)
        .map(|dir| {
            if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            }
        })
        .find(|dir| dir.is_dir())
        .map(Path::to_path_buf)
        .ok_or_else(|| MixError::Spill {
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("no folder of {} exists", output.display()),
            ),
        })
}

/// The mixer allocates and frees many buffers of a few megabytes (decoded files, peak
/// envelopes, gain curves, chunks). glibc's allocator serves each such block with a fresh
/// memory mapping — every page faulted in and zeroed, which on a virtual machine costs more
/// than the work done on it — until a block that large has been freed once; then it raises
/// its threshold and reuses freed memory. So free one such block first: 12 MiB covers the
/// gain curves and run arrays of a bulletin up to ~15 minutes, while the decoded files and
/// the prepared takes, larger, still go back to the system when freed. (Measured on the
/// bench corpus: peak envelopes 87 -> 40 ms, gain search 137 -> 93 ms, ~0.1 s less system
/// time; peak memory +11 MiB. Other allocators are unaffected.)
fn settle_allocator() {
    let block: Vec<u8> = Vec::with_capacity(12 << 20);
    drop(std::hint::black_box(block));
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn round_programme(mut p: ProgrammeReport) -> ProgrammeReport {
    for v in [
        &mut p.integrated_lufs,
        &mut p.loudness_range_lu,
        &mut p.true_peak_dbtp,
        &mut p.sample_peak_dbfs,
        &mut p.max_momentary_lufs,
        &mut p.max_short_term_lufs,
    ] {
        *v = v.map(round2);
    }
    p.duration_s = round3(p.duration_s);
    p.limiter.max_gain_reduction_db = round2(p.limiter.max_gain_reduction_db);
    p.limiter.active_s = round3(p.limiter.active_s);
    p
}
