//! Where each prepared part sits in the programme and at what gain, and rendering any
//! stretch of the programme on demand — the whole mix is never held in memory.

use super::plan::Role;
use super::prepare::{self, Prepared};
use crate::dsp::block_energy::BlockEnergies;
use crate::dsp::duck::{DuckSettings, Ducker, EnvelopeFollower};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Index into [`Timeline::parts`].
    pub part: usize,
    pub start: usize,
    pub gain_db: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Levels {
    /// Loudness every take is matched to, LUFS (the programme gain moves it to the target).
    pub speech_lufs: f64,
    pub jingle_level_lu: f64,
    pub bed_level_lu: f64,
    pub bed_duck_db: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gaps {
    pub between_takes_s: f64,
    pub around_sting_s: f64,
}

pub struct Timeline {
    pub parts: Vec<Prepared>,
    pub placements: Vec<Placement>,
    pub frames: usize,
    pub channels: usize,
    pub rate: u32,
}

/// Bed starts this long before the voice it sits under and ends this long after.
const BED_LEAD_S: f64 = 1.0;
const BED_TAIL_S: f64 = 0.8;
const BED_FADE_IN_S: f64 = 0.5;

/// The parts, in air order, that make up a programme (jingles shared by index).
pub struct Layout {
    pub intro: Option<usize>,
    pub opening: Option<usize>,
    pub items: Vec<Vec<usize>>,
    pub closing: Option<usize>,
    pub outro: Option<usize>,
    pub sting: Option<usize>,
    pub bed: Option<usize>,
}

impl Layout {
    /// The voice the bed goes under: the opening, or the first take when there is none.
    pub fn voice_under_bed(&self) -> Option<usize> {
        self.bed?;
        self.opening
            .or_else(|| self.items.iter().find_map(|item| item.first().copied()))
    }
}

impl Timeline {
    pub fn build(
        mut parts: Vec<Prepared>,
        layout: &Layout,
        levels: Levels,
        gaps: Gaps,
        channels: usize,
        rate: u32,
    ) -> std::io::Result<Self> {
        let sec = |s: f64| (s * f64::from(rate)).round() as usize;
        let gain_for = |p: &Prepared| -> f64 {
            let reference = match p.source.role {
                Role::Intro | Role::Sting | Role::Outro => {
                    levels.speech_lufs + levels.jingle_level_lu
                }
                Role::Bed => levels.speech_lufs + levels.bed_level_lu,
                Role::Opening | Role::Take | Role::Closing => levels.speech_lufs,
            };
            reference - p.loudness_lufs
        };
        let mut placements = Vec::new();
        let mut cursor = 0usize;
        let place = |placements: &mut Vec<Placement>,
                     part: usize,
                     cursor: &mut usize,
                     parts: &[Prepared]| {
            placements.push(Placement {
                part,
                start: *cursor,
                gain_db: gain_for(&parts[part]),
            });
            *cursor += parts[part].frames();
        };
        if let Some(i) = layout.intro {
            place(&mut placements, i, &mut cursor, &parts);
            cursor += sec(gaps.around_sting_s);
        }
        let voice = layout.voice_under_bed();
        let mut voice_start = None;
        if let Some(i) = layout.opening {
            if voice == Some(i) {
                voice_start = Some(cursor);
            }
            place(&mut placements, i, &mut cursor, &parts);
            cursor += sec(gaps.around_sting_s);
        }
        for (n, item) in layout.items.iter().enumerate() {
            if n > 0
                && let Some(s) = layout.sting
            {
                place(&mut placements, s, &mut cursor, &parts);
                cursor += sec(gaps.around_sting_s);
            }
            for (k, &take) in item.iter().enumerate() {
                if k > 0 {
                    cursor += sec(gaps.between_takes_s);
                }
                if voice == Some(take) {
                    voice_start = Some(cursor);
                }
                place(&mut placements, take, &mut cursor, &parts);
            }
            cursor += sec(gaps.around_sting_s);
        }
        if let Some(i) = layout.closing {
            place(&mut placements, i, &mut cursor, &parts);
            cursor += sec(gaps.around_sting_s);
        }
        if let Some(i) = layout.outro {
            place(&mut placements, i, &mut cursor, &parts);
        }
        let frames = cursor;
        if let (Some(bed), Some(voice), Some(voice_start)) = (layout.bed, voice, voice_start) {
            let start = voice_start.saturating_sub(sec(BED_LEAD_S));
            let end = (voice_start + parts[voice].frames() + sec(BED_TAIL_S)).min(frames);
            shape_bed(
                &mut parts,
                bed,
                voice,
                start,
                voice_start,
                end,
                levels.bed_duck_db,
                rate,
            )?;
            placements.push(Placement {
                part: bed,
                start,
                gain_db: gain_for(&parts[bed]),
            });
        }
        placements.sort_by_key(|p| p.start);
        Ok(Self {
            parts,
            placements,
            frames,
            channels,
            rate,
        })
    }

    /// Mixes frames `start .. start + out.len() / channels` into `out` (overwritten),
    /// with an extra gain of `programme_gain_db` on everything. `scratch` holds what is
    /// read of parts kept on disk.
    pub fn render(
        &self,
        start: usize,
        out: &mut [f32],
        programme_gain_db: f64,
        scratch: &mut Vec<f32>,
    ) -> std::io::Result<()> {
        out.fill(0.0);
        let ch = self.channels;
        let n = out.len() / ch;
        for pl in &self.placements {
            let part = &self.parts[pl.part];
            let (p_start, p_end) = (pl.start, pl.start + part.frames());
            if p_end <= start || p_start >= start + n {
                continue;
            }
            let from = start.max(p_start);
            let to = (start + n).min(p_end);
            let g = 10f64.powf((pl.gain_db + programme_gain_db) / 20.0) as f32;
            let part_ch = part.channels;
            part.visit_frames(from - p_start, to - p_start, scratch, |at, src| {
                let dst_from = (p_start + at - start) * ch;
                let dst = &mut out[dst_from..dst_from + src.len() / part_ch * ch];
                if part_ch == ch {
                    for (d, s) in dst.iter_mut().zip(src) {
                        *d += s * g;
                    }
                } else {
                    for (d, s) in dst.chunks_exact_mut(ch).zip(src) {
                        for x in d {
                            *x += s * g;
                        }
                    }
                }
            })?;
        }
        Ok(())
    }

    /// Frames in each 100 ms sub-block of the parts' energies (ebur128's, at the rate).
    pub fn frames_per_block(&self) -> usize {
        (self.rate as usize + 5) / 10
    }

    /// The programme's K-weighted energies before the programme gain, combined from the
    /// parts' own measurements (no audio touched). Parts rarely start on a 100 ms
    /// boundary, so this is an estimate; the written programme is measured itself.
    pub fn estimated_blocks(&self) -> BlockEnergies {
        let sub = self.frames_per_block();
        let mut energies = vec![0f64; self.frames / sub + 1];
        for pl in &self.placements {
            let part = &self.parts[pl.part];
            let g2 = self.energy_gain(pl);
            for (k, e) in part.blocks.energies.iter().enumerate() {
                if let Some(slot) = energies.get_mut(self.slot_of(pl.start + k * sub)) {
                    *slot += e * g2;
                }
            }
        }
        energies.truncate(self.frames / sub);
        BlockEnergies {
            frames_per_block: sub,
            energies,
        }
    }

    /// The programme's 100 ms sub-block that a part's sub-block starting at programme
    /// frame `from` counts in: the one holding most of it.
    pub fn slot_of(&self, from: usize) -> usize {
        let sub = self.frames_per_block();
        (from + sub / 2) / sub
    }

    /// What a placement's gain does to its part's energies, in the programme's channels.
    pub fn energy_gain(&self, pl: &Placement) -> f64 {
        let part = &self.parts[pl.part];
        10f64.powf(pl.gain_db / 10.0) * (self.channels / part.channels) as f64
    }
}

/// Frames of voice and bed worked on at a time while shaping the bed.
const BED_PIECE: usize = 1 << 16;

/// The longest voice whose bed gains are worked out beforehand and kept (2 minutes at
/// 48 kHz, 23 MB: an opening or a first take; a council session is not kept).
pub const EARLY_BED_GAINS_FRAMES: usize = 2 * 60 * 48_000;

/// The peak of the voice's envelope over its first `frames` frames, which sets the ducking
/// threshold (the first channel is the voice: speech parts are mono).
fn voice_envelope_peak(voice: &Prepared, frames: usize, rate: u32) -> std::io::Result<f32> {
    let ch = voice.channels;
    let mut follower = EnvelopeFollower::new(rate);
    let mut envelope_peak = 0.0;
    let mut first = Vec::with_capacity(BED_PIECE);
    voice.visit_frames(0, frames, &mut Vec::new(), |_, piece| {
        first.clear();
        first.extend(piece.iter().step_by(ch).copied());
        envelope_peak = follower.peak_of(&first);
    })?;
    Ok(envelope_peak)
}

/// The bed's gain under `voice`, frame by frame from the voice's first frame: the ducker
/// over the voice, then over the silence of the bed's tail after it. It needs the voice
/// alone, so the voice's worker works it out while the other files are prepared (the
/// ducking is two passes over the voice that cannot be split: about 30 ms a minute). Kept
/// for voices up to [`EARLY_BED_GAINS_FRAMES`] (a longer one is ducked piece by piece
/// after preparing, keeping nothing).
pub fn bed_gains_under(
    voice: &Prepared,
    rate: u32,
    duck_db: f64,
) -> std::io::Result<super::spill::SpillVec> {
    let ch = voice.channels;
    let frames = voice.frames();
    let mut scratch = Vec::new();
    let mut first = Vec::with_capacity(BED_PIECE);
    let envelope_peak = voice_envelope_peak(voice, frames, rate)?;
    let mut ducker = Ducker::new(rate, DuckSettings::new(duck_db), envelope_peak);
    let mut gains = super::spill::SpillVec::new(&voice.audio.budget());
    let tail = (BED_TAIL_S * f64::from(rate)).round() as usize;
    gains.reserve(frames + tail);
    let mut piece_gains = Vec::with_capacity(BED_PIECE);
    let mut failed = None;
    voice.visit_frames(0, frames, &mut scratch, |_, piece| {
        first.clear();
        first.extend(piece.iter().step_by(ch).copied());
        piece_gains.clear();
        ducker.gains(&first, &mut piece_gains);
        if failed.is_none()
            && let Err(err) = gains.push(&piece_gains)
        {
            failed = Some(err);
        }
    })?;
    if let Some(err) = failed {
        return Err(err);
    }
    let silence = vec![0f32; tail];
    piece_gains.clear();
    ducker.gains(&silence, &mut piece_gains);
    gains.push(&piece_gains)?;
    gains.finish_appending()?;
    Ok(gains)
}

/// Cuts the bed to the stretch under the voice, bakes in its fades and the ducking, and
/// re-measures it (its gain keeps the level it had in full). Works a piece at a time: the
/// voice may be hours long.
#[allow(clippy::too_many_arguments)]
fn shape_bed(
    parts: &mut [Prepared],
    bed: usize,
    voice: usize,
    start: usize,
    voice_start: usize,
    end: usize,
    duck_db: f64,
    rate: u32,
) -> std::io::Result<()> {
    let span = end - start;
    let lead = voice_start - start;
    let frames = parts[bed].frames().min(span);
    match parts[voice].bed_gains.take() {
        Some(gains) => apply_bed_gains(&mut parts[bed], &gains, lead, frames)?,
        None => duck_bed(parts, bed, voice, lead, span, frames, duck_db, rate)?,
    }
    let p = &mut parts[bed];
    p.shorten_to(frames);
    let sec = |s: f64| (s * f64::from(rate)) as usize;
    prepare::fade_ends(p, sec(BED_FADE_IN_S), sec(BED_TAIL_S + 0.4).min(frames / 2))?;
    p.remeasure_blocks(rate)?;
    p.trimmed_duration_s = frames as f64 / f64::from(rate);
    Ok(())
}

/// The bed's frames `lead .. frames` times the gains worked out with the voice (the bed
/// before the voice keeps its level: the ducker hears silence there).
fn apply_bed_gains(
    bed: &mut Prepared,
    gains: &super::spill::SpillVec,
    lead: usize,
    frames: usize,
) -> std::io::Result<()> {
    if frames <= lead {
        return Ok(());
    }
    let ch = bed.channels;
    let mut piece_gains = Vec::with_capacity(BED_PIECE);
    let mut failed = None;
    bed.update_frames(lead, frames, |at, samples| {
        piece_gains.resize(samples.len() / ch, 1.0);
        if failed.is_none()
            && let Err(err) = gains.read(at - lead, &mut piece_gains)
        {
            failed = Some(err);
        }
        for (frame, g) in samples.chunks_exact_mut(ch).zip(&piece_gains) {
            for s in frame {
                *s *= g;
            }
        }
    })?;
    failed.map_or(Ok(()), Err)
}

/// Ducks the bed's first `frames` frames under the voice, a piece at a time, without
/// keeping the gains: for a voice too long to have had them worked out beforehand.
#[allow(clippy::too_many_arguments)]
fn duck_bed(
    parts: &mut [Prepared],
    bed: usize,
    voice: usize,
    lead: usize,
    span: usize,
    frames: usize,
    duck_db: f64,
    rate: u32,
) -> std::io::Result<()> {
    let voice_ch = parts[voice].channels;
    let voice_frames = parts[voice].frames().min(span - lead);
    let mut scratch = Vec::new();
    let envelope_peak = voice_envelope_peak(&parts[voice], voice_frames, rate)?;
    let mut ducker = Ducker::new(rate, DuckSettings::new(duck_db), envelope_peak);
    let mut aligned = Vec::with_capacity(BED_PIECE);
    let mut gains = Vec::with_capacity(BED_PIECE);
    for piece_start in (0..frames).step_by(BED_PIECE) {
        let piece_end = (piece_start + BED_PIECE).min(frames);
        // The voice under frames piece_start..piece_end of the bed (silence around it).
        aligned.clear();
        aligned.resize(piece_end - piece_start, 0.0);
        let v_from = piece_start.saturating_sub(lead).min(voice_frames);
        let v_to = piece_end.saturating_sub(lead).min(voice_frames);
        if v_to > v_from {
            parts[voice].visit_frames(v_from, v_to, &mut scratch, |at, piece| {
                let offset = at + lead - piece_start;
                for (k, s) in piece.iter().step_by(voice_ch).enumerate() {
                    aligned[offset + k] = *s;
                }
            })?;
        }
        gains.clear();
        ducker.gains(&aligned, &mut gains);
        let ch = parts[bed].channels;
        parts[bed].update_frames(piece_start, piece_end, |at, samples| {
            for (frame, g) in samples.chunks_exact_mut(ch).zip(&gains[at - piece_start..]) {
                for s in frame {
                    *s *= g;
                }
            }
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mix::spill::MemoryBudget;
    use std::sync::Arc;

    const RATE: u32 = 48_000;

    fn part(role: Role, samples: &[f32], budget: &Arc<MemoryBudget>) -> Prepared {
        Prepared::from_samples(role, samples, RATE, budget)
    }

    /// An intro, a voice of syllable-like bursts, and a steady bed.
    fn parts(budget: &Arc<MemoryBudget>) -> Vec<Prepared> {
        let tone = |seconds: f64, hz: f32, level: f32| -> Vec<f32> {
            (0..(seconds * f64::from(RATE)) as usize)
                .map(|i| level * (i as f32 * hz * std::f32::consts::TAU / RATE as f32).sin())
                .collect()
        };
        let voice: Vec<f32> = tone(4.0, 220.0, 0.5)
            .iter()
            .enumerate()
            .map(|(i, s)| s * if (i / 9_600) % 2 == 0 { 1.0 } else { 0.3 })
            .collect();
        vec![
            part(Role::Intro, &tone(3.0, 440.0, 0.3), budget),
            part(Role::Opening, &voice, budget),
            part(Role::Bed, &tone(20.0, 110.0, 0.2), budget),
        ]
    }

    fn layout() -> Layout {
        Layout {
            intro: Some(0),
            opening: Some(1),
            items: Vec::new(),
            closing: None,
            outro: None,
            sting: None,
            bed: Some(2),
        }
    }

    fn build(parts: Vec<Prepared>) -> Timeline {
        let levels = Levels {
            speech_lufs: -16.0,
            jingle_level_lu: 0.0,
            bed_level_lu: -12.0,
            bed_duck_db: 12.0,
        };
        let gaps = Gaps {
            between_takes_s: 0.5,
            around_sting_s: 0.5,
        };
        Timeline::build(parts, &layout(), levels, gaps, 1, RATE).unwrap()
    }

    fn samples(p: &Prepared) -> Vec<f32> {
        let mut out = Vec::new();
        p.visit_frames(0, p.frames(), &mut Vec::new(), |_, piece| {
            out.extend_from_slice(piece);
        })
        .unwrap();
        out
    }

    fn peak_db(x: &[f32]) -> f64 {
        20.0 * f64::from(x.iter().fold(0f32, |m, s| m.max(s.abs()))).log10()
    }

    #[test]
    fn the_bed_runs_from_a_second_before_the_voice_and_ducks_under_it() {
        let dir = tempfile::tempdir().unwrap();
        let budget = Arc::new(MemoryBudget::new(1 << 30, dir.path()));
        let tl = build(parts(&budget));
        let voice_start = tl.placements.iter().find(|p| p.part == 1).unwrap().start;
        let bed = tl.placements.iter().find(|p| p.part == 2).unwrap();
        assert_eq!(voice_start - bed.start, RATE as usize, "a second's lead");
        let bed = samples(&tl.parts[2]);
        // 1 s lead (faded in over its first half), 4 s of voice, and a tail cut from 0.8 s
        // to the 0.5 s the programme has left after the voice.
        assert_eq!(bed.len(), 5 * RATE as usize + RATE as usize / 2);
        let s = |t: f64| (t * f64::from(RATE)) as usize;
        let before = peak_db(&bed[s(0.6)..s(1.0)]);
        let under = peak_db(&bed[s(2.5)..s(4.5)]);
        assert!((before - 20.0 * 0.2f64.log10()).abs() < 0.1, "{before}");
        assert!((before - under - 12.0).abs() < 0.5, "{before} {under}");
    }

    #[test]
    fn the_bed_gains_worked_out_with_the_voice_shape_the_bed_alike() {
        let dir = tempfile::tempdir().unwrap();
        let budget = Arc::new(MemoryBudget::new(1 << 30, dir.path()));
        let here = build(parts(&budget));
        let mut early = parts(&budget);
        early[1].bed_gains = Some(bed_gains_under(&early[1], RATE, 12.0).unwrap());
        let early = build(early);
        assert!(samples(&here.parts[2]) == samples(&early.parts[2]));
        assert_eq!(
            here.parts[2].blocks.energies,
            early.parts[2].blocks.energies
        );
    }
}
