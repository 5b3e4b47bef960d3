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
        // The bed goes under the opening, or under the first take when there is none.
        let mut bed_under: Option<(usize, usize)> = None;
        if let Some(i) = layout.opening {
            bed_under = Some((i, cursor));
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
                if bed_under.is_none() {
                    bed_under = Some((take, cursor));
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
        if let (Some(bed), Some((voice, voice_start))) = (layout.bed, bed_under) {
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
    let voice_ch = parts[voice].channels;
    let voice_frames = parts[voice].frames().min(span - lead);
    let mut scratch = Vec::new();
    // The ducking threshold comes from the voice's loudest moment under the bed (the first
    // channel is the voice: speech parts are mono).
    let mut follower = EnvelopeFollower::new(rate);
    let mut envelope_peak = 0.0;
    parts[voice].visit_frames(0, voice_frames, &mut scratch, |_, piece| {
        let first: Vec<f32> = piece.iter().step_by(voice_ch).copied().collect();
        envelope_peak = follower.peak_of(&first);
    })?;
    let mut ducker = Ducker::new(rate, DuckSettings::new(duck_db), envelope_peak);
    let frames = parts[bed].frames().min(span);
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
    let p = &mut parts[bed];
    p.shorten_to(frames);
    let sec = |s: f64| (s * f64::from(rate)) as usize;
    prepare::fade_ends(p, sec(BED_FADE_IN_S), sec(BED_TAIL_S + 0.4).min(frames / 2))?;
    p.remeasure_blocks(rate)?;
    p.trimmed_duration_s = frames as f64 / f64::from(rate);
    Ok(())
}
