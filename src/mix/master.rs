//! The programme's last stage, streamed: one gain to the target, the true-peak limiter,
//! dither, and the writer. The gain comes from the [`LoudnessModel`], which predicts how
//! much loudness the limiter will take, so the programme is rendered once; the one meter
//! ([`Meter`], the code behind `bantin loudness`) measures what was written, and its
//! figures are the ones reported.

use std::sync::Arc;

use super::error::MixError;
use super::loudness_model::LoudnessModel;
use super::sink::ProgrammeSink;
use super::spill::MemoryBudget;
use super::timeline::Timeline;
use crate::bulletin::report::ProgrammeTrace;
use crate::dsp::dither::{Quantizer, sample_of};
use crate::dsp::limiter::{GainCurve, LimiterActivity, LimiterSettings};
use crate::dsp::loudness::{
    self as loudness, LoudnessError, LoudnessMeasurement, Meter, PeakMeter, StepLoudness,
};
use crate::interrupt::Interrupt;

/// Headroom kept under the ceiling for other meters' interpolators (ffmpeg resamples
/// to 192 kHz with its own filter) and for dither.
pub const CEILING_MARGIN_DB: f64 = 0.2;
/// A written pass this close to the target is kept, LU.
const WRITE_TOLERANCE_LU: f64 = 0.05;
/// Files made at most: the first lands unless the prediction was off.
const MAX_WRITES: usize = 3;
/// Most gain added above the unlimited estimate to make up for limiting, dB.
const MAX_LIMITER_PUSH_DB: f64 = 8.0;

#[derive(Debug, Clone, PartialEq)]
pub struct MasterResult {
    pub gain_db: f64,
    /// The written programme, as `bantin loudness` measures the file.
    pub measured: LoudnessMeasurement,
    pub limiter: LimiterActivity,
    pub trace: ProgrammeTrace,
}

struct PassOutput {
    measured: LoudnessMeasurement,
    short_term: Vec<Option<f64>>,
    limiter: LimiterActivity,
    waveform: Vec<(f32, f32)>,
}

/// Frames of the programme one worker renders and limits at a time in the written pass
/// (about 1.4 s at 48 kHz: the few in flight stay small next to the prepared takes).
const CHUNK_FRAMES: usize = 1 << 16;
/// The file written so far starts going to disk every this many chunks (≈ 45 s at
/// 48 kHz), while the next ones are made: the closing fsync then has little left.
const SYNC_EVERY_CHUNKS: usize = 32;

/// One chunk of the written programme, made by a worker.
struct WrittenChunk {
    ints: Vec<i32>,
    /// What the integers read back as: the meters measure what was written.
    written: Vec<f32>,
    limiter: LimiterActivity,
    /// (waveform step number, lowest, highest) over the chunk's part of each step.
    waveform: Vec<(usize, f32, f32)>,
}

/// Renders, limits and quantizes chunk number `k` (frames `from..to`) with `curve`, the
/// piece of the limiter's gains it needs (worked out for the whole programme in order, so
/// chunks are independent).
fn written_chunk(
    tl: &Timeline,
    gain_db: f64,
    curve: &GainCurve,
    bits: u16,
    waveform_step: usize,
    scratch: &mut Vec<f32>,
    (k, (from, to)): (usize, (usize, usize)),
) -> std::io::Result<WrittenChunk> {
    let ch = tl.channels;
    let mut written = super::spill::written_zeros((to - from) * ch);
    tl.render(from, &mut written, gain_db, scratch)?;
    let limiter = curve.apply(from, &mut written, ch);
    let mut ints = Vec::new();
    Quantizer::seeded(bits, k as u64).quantize_in_place(&mut written, &mut ints);
    let mut waveform: Vec<(usize, f32, f32)> = Vec::new();
    let mut frame = from;
    while frame < to {
        let step = frame / waveform_step;
        let end = ((step + 1) * waveform_step).min(to);
        let span = &written[(frame - from) * ch..(end - from) * ch];
        let lo = span.iter().copied().fold(0f32, f32::min);
        let hi = span.iter().copied().fold(0f32, f32::max);
        waveform.push((step, lo, hi));
        frame = end;
    }
    Ok(WrittenChunk {
        ints,
        written,
        limiter,
        waveform,
    })
}

/// The written pass: workers render, limit and dither chunks of the programme in parallel,
/// with the limiter's gains made on a thread of their own just ahead of them; this thread
/// takes the chunks in order through the writer, and hands them on to the meters on
/// threads of their own (a meter needs its part of the programme in order). `trace_step`
/// is the number of 10 ms meter steps between two points of the report's loudness plot.
fn write_pass<S: ProgrammeSink>(
    tl: &Timeline,
    gain_db: f64,
    model: &LoudnessModel<'_>,
    bits: u16,
    writer: &mut S,
    trace: TraceSteps,
    interrupt: &Interrupt,
) -> Result<PassOutput, MixError> {
    let TraceSteps {
        waveform_frames: waveform_step,
        loudness_steps: trace_step,
    } = trace;
    let ch = tl.channels;
    let chunks: Vec<(usize, usize)> = (0..tl.frames)
        .step_by(CHUNK_FRAMES)
        .map(|s| (s, (s + CHUNK_FRAMES).min(tl.frames)))
        .collect();
    let workers = std::thread::available_parallelism()
        .map_or(2, std::num::NonZero::get)
        .clamp(1, 4)
        .min(chunks.len().max(1));
    let mut waveform: Vec<(usize, f32, f32)> = Vec::new();
    let mut activity = LimiterActivity::default();
    let channels = u16::try_from(ch).unwrap_or(2);
    let (measured, short_term) = std::thread::scope(
        |scope| -> Result<(LoudnessMeasurement, Vec<Option<f64>>), MixError> {
            // The limiter's gains, a piece per chunk, each to the worker of that chunk.
            let (to_workers, pieces): (Vec<_>, Vec<_>) = (0..workers)
                .map(|_| std::sync::mpsc::sync_channel::<GainCurve>(2))
                .unzip();
            let stretches = &chunks;
            // (the senders go with the thread: a curve that fails ends the workers' wait)
            let curve = scope.spawn(move || {
                model.curve_pieces(gain_db, stretches.iter().copied(), |k, piece| {
                    to_workers[k % workers].send(piece).is_ok()
                })
            });
            // Worker w makes chunks w, w + workers, …, one ahead at most.
            let receivers: Vec<_> = pieces
                .into_iter()
                .enumerate()
                .map(|(w, pieces)| {
                    let (tx, rx) = std::sync::mpsc::sync_channel(1);
                    let mine: Vec<(usize, (usize, usize))> = chunks
                        .iter()
                        .copied()
                        .enumerate()
                        .skip(w)
                        .step_by(workers)
                        .collect();
                    scope.spawn(move || {
                        let mut scratch = Vec::new();
                        for chunk in mine {
                            // (no piece: making the curve failed, and says so)
                            let Ok(curve) = pieces.recv() else {
                                break;
                            };
                            let made = written_chunk(
                                tl,
                                gain_db,
                                &curve,
                                bits,
                                waveform_step,
                                &mut scratch,
                                chunk,
                            );
                            let failed = made.is_err();
                            // The writer stopped (an error): nothing more is wanted.
                            if tx.send(made).is_err() || failed {
                                break;
                            }
                        }
                    });
                    rx
                })
                .collect();
            // The written programme is what is reported and checked: the meter of
            // `bantin loudness` measures it, split where it splits a file this long — each
            // part's loudness on a thread of its own, the peaks ([`PeakMeter`]) on this
            // one, beside the writing. The first part's meter falls behind the writing
            // while the second's waits for its part: its chunks queue up as the integers
            // written (half the bytes of samples at 16 bits), up to a bound.
            let mut peaks = PeakMeter::new(channels, tl.rate)?;
            let split = loudness::split(tl.frames as u64, tl.rate);
            let first_end = split.map_or(tl.frames, |s| s.at as usize);
            let backlog = (FIRST_METER_BACKLOG_BYTES
                / (CHUNK_FRAMES * ch * WrittenInts::bytes_per_int(bits)))
            .max(2);
            let (to_first, first_rx) = std::sync::mpsc::sync_channel::<WrittenInts>(backlog);
            let first = scope.spawn(move || {
                let mut meter = Meter::without_peaks(channels, tl.rate)?;
                let mut trace = Trace::new(trace_step, 0);
                let mut samples = Vec::new();
                for ints in first_rx {
                    ints.samples_into(bits, &mut samples);
                    meter.add_with_steps(&samples, &mut |step| trace.step(step))?;
                }
                Ok::<_, LoudnessError>((meter, trace.points))
            });
            let second = split.map(|split| {
                let (to_second, second_rx) = std::sync::mpsc::sync_channel::<Vec<f32>>(2);
                let steps_before = split.at as usize / loudness::step_frames(tl.rate);
                let meter = scope.spawn(move || {
                    let mut meter = Meter::second_part(channels, tl.rate, split)?;
                    let mut trace = Trace::new(trace_step, steps_before);
                    for written in second_rx {
                        meter.add_with_steps(&written, &mut |step| trace.step(step))?;
                    }
                    Ok::<_, LoudnessError>((meter, trace.points))
                });
                (split.warm_from as usize, to_second, meter)
            });
            for (k, &(from, to)) in chunks.iter().enumerate() {
                interrupt.check()?;
                // A worker that stopped early panicked; the scope passes its panic on.
                let Ok(chunk) = receivers[k % workers].recv() else {
                    break;
                };
                let chunk = chunk.map_err(|source| MixError::Spill { source })?;
                activity.merge(chunk.limiter);
                writer.write_samples(&chunk.ints).map_err(write_error)?;
                if k % SYNC_EVERY_CHUNKS == SYNC_EVERY_CHUNKS - 1 {
                    writer.sync_in_background().map_err(write_error)?;
                }
                for (step, lo, hi) in chunk.waveform {
                    match waveform.last_mut() {
                        // A step that straddles two chunks.
                        Some(w) if w.0 == step => {
                            w.1 = w.1.min(lo);
                            w.2 = w.2.max(hi);
                        }
                        _ => waveform.push((step, lo, hi)),
                    }
                }
                peaks.add(&chunk.written)?;
                // (a meter that stopped failed: its error comes with its result)
                if from < first_end {
                    let ints = &chunk.ints[..(first_end.min(to) - from) * ch];
                    if to_first.send(WrittenInts::of(ints, bits)).is_err() {
                        break;
                    }
                }
                if let Some((warm_from, to_second, _)) = &second
                    && to > *warm_from
                {
                    let skip = warm_from.saturating_sub(from) * ch;
                    let written = if skip == 0 {
                        chunk.written
                    } else {
                        chunk.written[skip..].to_vec()
                    };
                    if to_second.send(written).is_err() {
                        break;
                    }
                }
            }
            drop(to_first);
            // Workers that stopped for want of their piece: making the curve failed.
            drop(receivers);
            joined(curve).map_err(|source| MixError::Spill { source })?;
            let (first, mut short_term) = joined(first)?;
            let peaks = peaks.finish()?;
            let measured = match second {
                Some((_, to_second, meter)) => {
                    drop(to_second);
                    let (mut second, rest) = joined(meter)?;
                    short_term.extend(rest);
                    Meter::finish_split(&first, &mut second, peaks)?
                }
                None => first.finish_with_peaks(peaks)?,
            };
            Ok((measured, short_term))
        },
    )?;
    Ok(PassOutput {
        measured,
        short_term,
        limiter: activity,
        waveform: waveform.into_iter().map(|(_, lo, hi)| (lo, hi)).collect(),
    })
}

/// What a scoped thread returned; a panicking thread is a bug, passed on.
fn joined<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

/// How often the report page's plots take a point: every `waveform_frames` frames of the
/// programme, and every `loudness_steps` of the meter's 10 ms steps.
#[derive(Debug, Clone, Copy)]
struct TraceSteps {
    waveform_frames: usize,
    loudness_steps: usize,
}

/// The sink's error, as the mixer's.
fn write_error(err: impl std::error::Error + Send + Sync + 'static) -> MixError {
    MixError::Write(Box::new(err))
}

/// 10 ms meter steps in a 100 ms sub-block, and the floor of the loudness plot.
const STEPS_PER_SUB_BLOCK: usize = 10;
const ABSOLUTE_GATE_LUFS: f64 = -70.0;

/// Most bytes of written chunks waiting for the first part's meter (32 MiB: a quarter of
/// a 13-minute mono bulletin at 16 bits, where it catches up; past it the writing waits).
const FIRST_METER_BACKLOG_BYTES: usize = 32 << 20;

/// A chunk's integers on their way to a meter, in as few bytes as the file holds them.
enum WrittenInts {
    Narrow(Vec<i16>),
    Wide(Vec<i32>),
}

impl WrittenInts {
    /// Bytes each integer takes on its way.
    fn bytes_per_int(bits: u16) -> usize {
        if bits <= 16 { 2 } else { 4 }
    }

    fn of(ints: &[i32], bits: u16) -> Self {
        if Self::bytes_per_int(bits) == 2 {
            // The quantizer kept them within 16 bits.
            Self::Narrow(ints.iter().map(|&i| i as i16).collect())
        } else {
            Self::Wide(ints.to_vec())
        }
    }

    /// The samples the integers stand for: the written samples, bit for bit.
    fn samples_into(&self, bits: u16, out: &mut Vec<f32>) {
        out.clear();
        match self {
            Self::Narrow(v) => out.extend(v.iter().map(|&i| sample_of(i32::from(i), bits))),
            Self::Wide(v) => out.extend(v.iter().map(|&i| sample_of(i, bits))),
        }
    }
}

/// The report's loudness plot: the short-term loudness every `every` meter steps.
struct Trace {
    every: usize,
    /// Steps seen, counted from the programme's start.
    steps: usize,
    points: Vec<Option<f64>>,
}

impl Trace {
    fn new(every: usize, steps_before: usize) -> Self {
        Self {
            every,
            steps: steps_before,
            points: Vec::new(),
        }
    }

    fn step(&mut self, step: StepLoudness) {
        self.steps += 1;
        if self.steps % self.every == STEPS_PER_SUB_BLOCK % self.every {
            let l = step.short_term_lufs;
            self.points.push((l > ABSOLUTE_GATE_LUFS).then_some(l));
        }
    }
}

/// Finds the programme gain that puts the limited programme on `target_lufs` — predicted
/// by the [`LoudnessModel`], without rendering — and streams the programme once through a
/// writer from `create_writer`. ebur128 measures what was written; in the rare case it
/// misses by more than [`WRITE_TOLERANCE_LU`], the model is corrected by the miss and the
/// file made again (nothing of the dropped attempt stays on disk).
pub fn master<S: ProgrammeSink>(
    tl: &Timeline,
    target_lufs: f64,
    ceiling_dbtp: f64,
    bits: u16,
    budget: &Arc<MemoryBudget>,
    mut create_writer: impl FnMut() -> Result<S, S::Error>,
    interrupt: &Interrupt,
) -> Result<(MasterResult, S), MixError> {
    let spill = |source| MixError::Spill { source };
    let unlimited = tl
        .estimated_blocks()
        .integrated_lufs()
        .unwrap_or(target_lufs);
    // Past this much limiting the programme would be squashed flat: land short (the
    // report shows it) rather than distort.
    let most_db = target_lufs - unlimited + MAX_LIMITER_PUSH_DB;
    let model = LoudnessModel::new(
        tl,
        LimiterSettings::from_dbtp(ceiling_dbtp - CEILING_MARGIN_DB),
        most_db,
        budget,
    )
    .map_err(spill)?;
    let sub_blocks = tl.frames / tl.frames_per_block().max(1);
    // About 1500 points for the report plot, on whole 100 ms steps.
    let step_sub = (sub_blocks / 1500).max(1);
    let waveform_step = step_sub * tl.frames_per_block();
    let mut bias = 0.0;
    let mut gain_db = target_lufs - unlimited;
    for attempt in 1..=MAX_WRITES {
        let predicted;
        (gain_db, predicted) = model
            .gain_for(target_lufs - bias, gain_db, most_db)
            .map_err(spill)?;
        let mut writer = create_writer().map_err(write_error)?;
        let pass = write_pass(
            tl,
            gain_db,
            &model,
            bits,
            &mut writer,
            TraceSteps {
                waveform_frames: waveform_step,
                loudness_steps: step_sub * STEPS_PER_SUB_BLOCK,
            },
            interrupt,
        )?;
        let measured = pass.measured.integrated_lufs;
        let error = measured.map_or(0.0, |m| target_lufs - m);
        let pushed_to_the_limit = error > 0.0 && gain_db >= most_db - 1e-6;
        if error.abs() <= WRITE_TOLERANCE_LU
            || attempt == MAX_WRITES
            || pushed_to_the_limit
            || predicted.is_none()
        {
            let trace = ProgrammeTrace {
                step_s: step_sub as f64 * 0.1,
                short_term_lufs: pass.short_term,
                waveform: pass.waveform,
            };
            return Ok((
                MasterResult {
                    gain_db,
                    measured: pass.measured,
                    limiter: pass.limiter,
                    trace,
                },
                writer,
            ));
        }
        if let (Some(m), Some(p)) = (measured, predicted) {
            bias = m - p;
        }
    }
    unreachable!("the last attempt returns")
}
