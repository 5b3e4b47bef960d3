//! The programme's last stage, streamed: one gain to the target, the true-peak limiter,
//! dither, and the writer. The gain comes from the [`LoudnessModel`], which predicts how
//! much loudness the limiter will take, so the programme is rendered once; ebur128
//! measures what was written.

use super::loudness_model::LoudnessModel;
use super::timeline::Timeline;
use crate::dsp::dither::Quantizer;
use crate::dsp::kmeter::{KBlocks, KMeter, Reference};
use crate::dsp::limiter::{Limiter, LimiterActivity, LimiterSettings};
use crate::dsp::true_peak::TruePeakMeter;
use crate::export::bwf::BwfWriter;
use crate::mix::report::ProgrammeTrace;

/// Frames rendered at a time.
const BLOCK: usize = 16_384;
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
    pub blocks: KBlocks,
    pub true_peak: f32,
    pub sample_peak: f32,
    pub limiter: LimiterActivity,
    pub trace: ProgrammeTrace,
}

struct PassOutput {
    blocks: KBlocks,
    true_peak: f32,
    sample_peak: f32,
    limiter: LimiterActivity,
    waveform: Vec<(f32, f32)>,
}

/// Frames of the programme one worker renders and limits at a time in the written pass
/// (about 5.5 s at 48 kHz: a few of them in flight stay small next to the prepared takes).
const CHUNK_FRAMES: usize = 1 << 18;

/// Frames `from..to` of the programme through gain and limiter, exactly as one pass over
/// the whole programme would give them (to well under a thousandth of a dB): the limiter
/// starts half a second early — its look-ahead window refills in 5 ms and its release
/// (50 ms) forgets where it started — and reads past `to` so its look-ahead sees the peaks
/// that follow. The activity covers the kept stretch (give or take the 5 ms look-ahead).
fn limited_chunk(
    tl: &Timeline,
    gain_db: f64,
    ceiling_dbtp: f64,
    (from, to): (usize, usize),
) -> (Vec<f32>, LimiterActivity) {
    let ch = tl.channels;
    let mut limiter = Limiter::new(
        ch,
        tl.rate,
        LimiterSettings::from_dbtp(ceiling_dbtp - CEILING_MARGIN_DB),
    );
    let warm_from = from.saturating_sub(WARM_UP_SUB_BLOCKS * (tl.rate as usize / 10));
    let want = (to - from) * ch;
    let mut out = Vec::with_capacity(want);
    let mut block = vec![0f32; BLOCK * ch];
    let mut limited = Vec::with_capacity((BLOCK + limiter.latency() + 64) * ch);
    // Output lags input by the latency; the warm-up stretch is not kept.
    let mut skip = (limiter.latency() + from - warm_from) * ch;
    let mut start = warm_from;
    let mut warmed = warm_from == from;
    let mut finished = false;
    while out.len() < want && !finished {
        limited.clear();
        if start < tl.frames {
            let mut n = BLOCK.min(tl.frames - start);
            if start < from {
                n = n.min(from - start);
            } else if start >= to {
                // Only the look-ahead's worth past the end is needed.
                n = n.min(1024);
            }
            let buf = &mut block[..n * ch];
            tl.render(start, buf, gain_db);
            limiter.process(buf, &mut limited);
            start += n;
        } else {
            limiter.flush(&mut limited);
            finished = true;
        }
        if !warmed && start >= from {
            limiter.reset_activity();
            warmed = true;
        }
        let drop_now = skip.min(limited.len());
        skip -= drop_now;
        let take = (want - out.len()).min(limited.len() - drop_now);
        out.extend_from_slice(&limited[drop_now..drop_now + take]);
    }
    (out, limiter.activity())
}

/// One chunk of the written programme, made by a worker.
struct WrittenChunk {
    ints: Vec<i32>,
    /// What the integers read back as: the meters measure what was written.
    written: Vec<f32>,
    limiter: LimiterActivity,
    sample_peak: f32,
    /// (waveform step number, lowest, highest) over the chunk's part of each step.
    waveform: Vec<(usize, f32, f32)>,
}

/// Renders, limits and quantizes chunk number `k` (frames `from..to`).
fn written_chunk(
    tl: &Timeline,
    gain_db: f64,
    ceiling_dbtp: f64,
    bits: u16,
    waveform_step: usize,
    (k, (from, to)): (usize, (usize, usize)),
) -> WrittenChunk {
    let ch = tl.channels;
    let (mut written, limiter) = limited_chunk(tl, gain_db, ceiling_dbtp, (from, to));
    let mut quantizer = Quantizer::seeded(bits, k as u64);
    let mut ints = Vec::with_capacity(written.len());
    quantizer.quantize(&written, &mut ints);
    let mut sample_peak = 0f32;
    let mut waveform: Vec<(usize, f32, f32)> = Vec::new();
    for (i, (frame, q)) in written
        .chunks_exact_mut(ch)
        .zip(ints.chunks_exact(ch))
        .enumerate()
    {
        let step = (from + i) / waveform_step;
        if waveform.last().is_none_or(|w| w.0 != step) {
            waveform.push((step, 0.0, 0.0));
        }
        let Some(w) = waveform.last_mut() else {
            continue;
        };
        for (o, q) in frame.iter_mut().zip(q) {
            *o = quantizer.to_float(*q);
            sample_peak = sample_peak.max(o.abs());
            w.1 = w.1.min(*o);
            w.2 = w.2.max(*o);
        }
    }
    WrittenChunk {
        ints,
        written,
        limiter,
        sample_peak,
        waveform,
    }
}

/// The written pass: workers render and limit chunks of the programme in parallel, while
/// this thread takes them in order through dither, writer and meters (which need the
/// programme in order, and are most of the work).
fn write_pass(
    tl: &Timeline,
    gain_db: f64,
    ceiling_dbtp: f64,
    bits: u16,
    writer: &mut BwfWriter,
    waveform_step: usize,
) -> Result<PassOutput, crate::export::bwf::BwfError> {
    let ch = tl.channels;
    let chunks: Vec<(usize, usize)> = (0..tl.frames)
        .step_by(CHUNK_FRAMES)
        .map(|s| (s, (s + CHUNK_FRAMES).min(tl.frames)))
        .collect();
    let workers = std::thread::available_parallelism()
        .map_or(2, std::num::NonZero::get)
        .clamp(1, 4)
        .min(chunks.len().max(1));
    // The written pass is what is reported and checked: ebur128 gates it itself.
    let mut meter = KMeter::new(ch, tl.rate, Reference::IntegratedAndRange);
    let mut tp = TruePeakMeter::new(ch);
    let mut sample_peak = 0f32;
    let mut waveform: Vec<(usize, f32, f32)> = Vec::new();
    let mut activity = LimiterActivity {
        min_gain: 1.0,
        active_frames: 0,
    };
    std::thread::scope(|scope| -> Result<(), crate::export::bwf::BwfError> {
        // Worker w makes chunks w, w + workers, …, one ahead at most.
        let receivers: Vec<_> = (0..workers)
            .map(|w| {
                let (tx, rx) = std::sync::mpsc::sync_channel(1);
                let mine: Vec<(usize, (usize, usize))> = chunks
                    .iter()
                    .copied()
                    .enumerate()
                    .skip(w)
                    .step_by(workers)
                    .collect();
                scope.spawn(move || {
                    for chunk in mine {
                        let made =
                            written_chunk(tl, gain_db, ceiling_dbtp, bits, waveform_step, chunk);
                        if tx.send(made).is_err() {
                            // The writer stopped (an error): nothing more is wanted.
                            break;
                        }
                    }
                });
                rx
            })
            .collect();
        for k in 0..chunks.len() {
            // A worker that stopped early panicked; the scope passes its panic on.
            let Ok(chunk) = receivers[k % workers].recv() else {
                break;
            };
            activity.min_gain = activity.min_gain.min(chunk.limiter.min_gain);
            activity.active_frames += chunk.limiter.active_frames;
            writer.write_samples(&chunk.ints)?;
            meter.add(&chunk.written);
            tp.add(&chunk.written);
            sample_peak = sample_peak.max(chunk.sample_peak);
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
        }
        Ok(())
    })?;
    Ok(PassOutput {
        blocks: meter.finish(),
        true_peak: tp.finish(),
        sample_peak,
        limiter: activity,
        waveform: waveform.into_iter().map(|(_, lo, hi)| (lo, hi)).collect(),
    })
}

/// Sub-blocks (100 ms) a half starts early so its limiter and meter have settled.
const WARM_UP_SUB_BLOCKS: usize = 5;

/// Finds the programme gain that puts the limited programme on `target_lufs` — predicted
/// by the [`LoudnessModel`], without rendering — and streams the programme once through a
/// writer from `create_writer`. ebur128 measures what was written; in the rare case it
/// misses by more than [`WRITE_TOLERANCE_LU`], the model is corrected by the miss and the
/// file made again (nothing of the dropped attempt stays on disk).
pub fn master(
    tl: &Timeline,
    target_lufs: f64,
    ceiling_dbtp: f64,
    bits: u16,
    mut create_writer: impl FnMut() -> Result<BwfWriter, crate::export::bwf::BwfError>,
) -> Result<(MasterResult, BwfWriter), crate::export::bwf::BwfError> {
    let model = LoudnessModel::new(
        tl,
        LimiterSettings::from_dbtp(ceiling_dbtp - CEILING_MARGIN_DB),
    );
    let unlimited = model.unlimited_lufs().unwrap_or(target_lufs);
    // Past this much limiting the programme would be squashed flat: land short (the
    // report shows it) rather than distort.
    let most_db = target_lufs - unlimited + MAX_LIMITER_PUSH_DB;
    let sub_blocks = tl.frames / (tl.rate as usize / 10).max(1);
    // About 1500 points for the report plot, on whole 100 ms steps.
    let step_sub = (sub_blocks / 1500).max(1);
    let waveform_step = step_sub * (tl.rate as usize / 10);
    let mut bias = 0.0;
    let mut gain_db = target_lufs - unlimited;
    for attempt in 1..=MAX_WRITES {
        let predicted;
        (gain_db, predicted) = model.gain_for(target_lufs - bias, gain_db, most_db);
        let mut writer = create_writer()?;
        let pass = write_pass(tl, gain_db, ceiling_dbtp, bits, &mut writer, waveform_step)?;
        let measured = pass.blocks.integrated_lufs();
        let error = measured.map_or(0.0, |m| target_lufs - m);
        let pushed_to_the_limit = error > 0.0 && gain_db >= most_db - 1e-6;
        if error.abs() <= WRITE_TOLERANCE_LU
            || attempt == MAX_WRITES
            || pushed_to_the_limit
            || predicted.is_none()
        {
            let trace = ProgrammeTrace {
                step_s: step_sub as f64 * 0.1,
                short_term_lufs: pass.blocks.short_term_series(step_sub),
                waveform: pass.waveform,
            };
            return Ok((
                MasterResult {
                    gain_db,
                    blocks: pass.blocks,
                    true_peak: pass.true_peak,
                    sample_peak: pass.sample_peak,
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
