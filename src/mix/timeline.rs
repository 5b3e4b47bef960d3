//! Where each prepared part sits in the programme and at what gain, and rendering any
//! stretch of the programme on demand — the whole mix is never held in memory.

use super::plan::Role;
use super::prepare::Prepared;
use crate::dsp::block_energy::{self, BlockEnergies};
use crate::dsp::duck::{self, DuckSettings};
use crate::dsp::fade;

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
    ) -> Self {
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
            );
            placements.push(Placement {
                part: bed,
                start,
                gain_db: gain_for(&parts[bed]),
            });
        }
        placements.sort_by_key(|p| p.start);
        Self {
            parts,
            placements,
            frames,
            channels,
            rate,
        }
    }

    /// Mixes frames `start .. start + out.len() / channels` into `out` (overwritten),
    /// with an extra gain of `programme_gain_db` on everything.
    pub fn render(&self, start: usize, out: &mut [f32], programme_gain_db: f64) {
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
            let src =
                &part.samples[(from - p_start) * part.channels..(to - p_start) * part.channels];
            let dst = &mut out[(from - start) * ch..(to - start) * ch];
            if part.channels == ch {
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
        }
    }

    /// The programme's K-weighted energies before the programme gain, combined from the
    /// parts' own measurements (no audio touched). Parts rarely start on a 100 ms
    /// boundary, so this is an estimate; the written programme is measured itself.
    pub fn estimated_blocks(&self) -> BlockEnergies {
        self.placed_blocks(|_, _| 1.0)
    }

    /// Like [`Timeline::estimated_blocks`], each part's 100 ms energy — over programme
    /// frames `from..to` — scaled by `kept(from, to)`: what the limiter leaves of it, in
    /// the loudness model.
    pub fn placed_blocks(&self, kept: impl Fn(usize, usize) -> f64) -> BlockEnergies {
        let sub = (self.rate / 10) as usize;
        let mut energies = vec![0f64; self.frames / sub + 1];
        for pl in &self.placements {
            let part = &self.parts[pl.part];
            let g2 = 10f64.powf(pl.gain_db / 10.0) * (self.channels / part.channels) as f64;
            for (k, e) in part.blocks.energies.iter().enumerate() {
                let from = pl.start + k * sub;
                if let Some(slot) = energies.get_mut((from + sub / 2) / sub) {
                    *slot += e * g2 * kept(from, from + sub);
                }
            }
        }
        energies.truncate(self.frames / sub);
        BlockEnergies {
            energies,
            ..BlockEnergies::default()
        }
    }
}

/// Cuts the bed to the stretch under the voice, bakes in its fades and the ducking, and
/// re-measures it (its gain keeps the level it had in full).
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
) {
    let span = end - start;
    let voice_samples = &parts[voice].samples;
    let voice_ch = parts[voice].channels;
    let aligned: Vec<f32> = (0..span)
        .map(|k| {
            let v = (start + k).checked_sub(voice_start);
            v.and_then(|v| voice_samples.get(v * voice_ch))
                .copied()
                .unwrap_or(0.0)
        })
        .collect();
    let gains = duck::duck_gains(&aligned, rate, DuckSettings::new(duck_db));
    let p = &mut parts[bed];
    let ch = p.channels;
    let frames = p.frames().min(span);
    p.samples.truncate(frames * ch);
    p.samples.shrink_to_fit();
    for (f, g) in p.samples.chunks_exact_mut(ch).zip(&gains) {
        for s in f {
            *s *= g;
        }
    }
    let sec = |s: f64| (s * f64::from(rate)) as usize;
    fade::fade_in(&mut p.samples, ch, sec(BED_FADE_IN_S));
    fade::fade_out(&mut p.samples, ch, sec(BED_TAIL_S + 0.4).min(frames / 2));
    p.blocks = block_energy::measure(&p.samples, ch, rate);
    p.trimmed_duration_s = frames as f64 / f64::from(rate);
}
