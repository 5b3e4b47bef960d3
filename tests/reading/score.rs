//! The reading checker: scores a read-aloud script against the expected readings of the hard
//! tokens of an article (`tests/reading/articles/*.expect.toml`, described in the README
//! beside this file).
//!
//! The script is compared piece by piece: the title, each body paragraph and the byline,
//! original beside spoken. Each expected token is found in the original (in article order),
//! and its expected reading must stand in the spoken form of the same piece, after the
//! reading of the token before it. Case, tone placement (hoà/hòa), hyphens and punctuation
//! are ignored; the words must be the same.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// One hard token and what must be said for it.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hard {
    pub written: String,
    pub spoken: OneOrMany,
    /// No reading exists: the token must stay as written and be named in a warning.
    #[serde(default)]
    pub flagged: bool,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn all(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectFile {
    hard: Vec<Hard>,
}

/// A piece of the script: the original text and what is said for it.
#[derive(Debug, Clone)]
pub struct Piece {
    pub original: String,
    pub spoken: String,
}

/// A hard token read wrong.
#[derive(Debug, Clone)]
pub struct Miss {
    pub written: String,
    pub expected: Vec<String>,
    /// The spoken piece it should have been in.
    pub spoken: String,
    pub why: &'static str,
}

#[derive(Debug, Clone)]
pub struct ArticleScore {
    pub name: String,
    pub total: usize,
    pub correct: usize,
    pub misses: Vec<Miss>,
}

impl ArticleScore {
    pub fn percent(&self) -> f64 {
        100.0 * self.correct as f64 / self.total.max(1) as f64
    }
}

/// The folder of the test articles.
pub fn articles_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reading/articles")
}

/// Every test article with its expectation file, in name order.
pub fn test_articles() -> Vec<(PathBuf, PathBuf)> {
    let mut out: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(articles_dir())
        .expect("tests/reading/articles")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let expect = p.with_extension("expect.toml");
            (p, expect)
        })
        .filter(|(_, e)| e.exists())
        .collect();
    out.sort();
    out
}

pub fn load_expectations(path: &Path) -> Vec<Hard> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let file: ExpectFile =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{} is not valid: {e}", path.display()));
    file.hard
}

/// The pieces of bantin's own script of `article` (title, paragraphs, byline), with the
/// warnings' texts.
pub fn bantin_pieces(article: &Path) -> (Vec<Piece>, Vec<String>) {
    let config = bantin::config::StationConfig::default();
    let art = bantin::ingest::read_article(article)
        .unwrap_or_else(|e| panic!("{}: {e}", article.display()));
    let reader = bantin::script::normalize::Reader::new(&config).expect("shipped lexicon");
    let script = bantin::script::segment::build_script(&art, &reader, &config.reading);
    let mut pieces = vec![Piece {
        original: art.title.clone(),
        spoken: script.title_spoken.clone(),
    }];
    let originals = art.paragraphs.iter().chain(art.byline.iter());
    for (original, spoken) in originals.zip(&script.paragraphs_spoken) {
        pieces.push(Piece {
            original: original.clone(),
            spoken: spoken.clone(),
        });
    }
    let warnings = script
        .warnings
        .iter()
        .map(|w| format!("{} {}", w.token, w.message))
        .collect();
    (pieces, warnings)
}

/// The pieces of a script written by `bantin read --json` (or any tool writing the same
/// shape): each segment's original and spoken text hold the same paragraphs, one a line.
pub fn json_pieces(json: &str) -> (Vec<Piece>, Vec<String>) {
    let v: serde_json::Value = serde_json::from_str(json).expect("a `bantin read --json` script");
    let mut pieces = Vec::new();
    for segment in v["segments"].as_array().expect("segments") {
        let original = segment["original"].as_str().unwrap_or_default();
        let spoken = segment["spoken"].as_str().unwrap_or_default();
        for (o, s) in original.split('\n').zip(spoken.split('\n')) {
            pieces.push(Piece {
                original: o.to_string(),
                spoken: s.to_string(),
            });
        }
    }
    let warnings = v["warnings"]
        .as_array()
        .map(|w| {
            w.iter()
                .filter_map(|w| w.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    (pieces, warnings)
}

fn is_tone_mark(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// Lower case, tone marks moved to the end of each word, everything that is not a letter or
/// a digit made a space, one space between words, a space at each end (for whole-word search).
pub fn normalize(text: &str) -> String {
    let mut out = String::from(" ");
    for word in text
        .to_lowercase()
        .split(|c: char| {
            !(c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c))
        })
        .filter(|w| !w.is_empty())
    {
        let mut base = String::new();
        let mut tones = String::new();
        for c in word.nfd() {
            if is_tone_mark(c) {
                tones.push(c);
            } else {
                base.push(c);
            }
        }
        base.push_str(&tones);
        out.extend(base.nfc());
        out.push(' ');
    }
    out
}

/// Scores `pieces` against the expectations.
pub fn score(name: &str, pieces: &[Piece], warnings: &[String], hard: &[Hard]) -> ArticleScore {
    let spoken: Vec<String> = pieces.iter().map(|p| normalize(&p.spoken)).collect();
    // Where the search for the next token starts: in the originals, and in each spoken piece.
    let (mut piece, mut offset) = (0usize, 0usize);
    let mut spoken_from = vec![0usize; pieces.len()];
    let mut misses = Vec::new();
    for h in hard {
        let found = (piece..pieces.len()).find_map(|p| {
            let from = if p == piece { offset } else { 0 };
            pieces[p].original[from..]
                .find(&h.written)
                .map(|at| (p, from + at + h.written.len()))
        });
        let Some((p, end)) = found else {
            panic!(
                "{name}: the expected token «{}» is not in the article after the previous one; fix the expectation file",
                h.written
            );
        };
        (piece, offset) = (p, end);
        let expected: Vec<String> = h.spoken.all().iter().map(|s| normalize(s)).collect();
        let hit = expected
            .iter()
            .filter_map(|e| {
                spoken[p][spoken_from[p]..]
                    .find(e.as_str())
                    .map(|at| spoken_from[p] + at + e.len() - 1)
            })
            .min();
        let flagged_ok = !h.flagged || warnings.iter().any(|w| w.contains(&h.written));
        match hit {
            Some(end) if flagged_ok => spoken_from[p] = end,
            _ => misses.push(Miss {
                written: h.written.clone(),
                expected: h.spoken.all().iter().map(ToString::to_string).collect(),
                spoken: pieces[p].spoken.clone(),
                why: if hit.is_some() {
                    "left as written but no warning names it"
                } else {
                    "expected reading not found"
                },
            }),
        }
    }
    ArticleScore {
        name: name.to_string(),
        total: hard.len(),
        correct: hard.len() - misses.len(),
        misses,
    }
}

/// Scores bantin's own reading of every test article.
pub fn score_all() -> Vec<ArticleScore> {
    test_articles()
        .into_iter()
        .map(|(article, expect)| {
            let (pieces, warnings) = bantin_pieces(&article);
            let name = article.file_name().unwrap().to_string_lossy().to_string();
            score(&name, &pieces, &warnings, &load_expectations(&expect))
        })
        .collect()
}

/// A report for people: each article's score, its misses, and the total.
pub fn report(scores: &[ArticleScore], show_misses: bool) -> String {
    let mut out = String::new();
    let (mut total, mut correct) = (0, 0);
    for s in scores {
        total += s.total;
        correct += s.correct;
        out.push_str(&format!(
            "{:<32} {:>3}/{:<3} {:6.1} %\n",
            s.name,
            s.correct,
            s.total,
            s.percent()
        ));
        if show_misses {
            for m in &s.misses {
                out.push_str(&format!(
                    "    ✗ «{}» → want «{}» ({})\n      in: {}\n",
                    m.written,
                    m.expected.join("» or «"),
                    m.why,
                    m.spoken
                ));
            }
        }
    }
    out.push_str(&format!(
        "{:<32} {:>3}/{:<3} {:6.1} %\n",
        "all hard tokens",
        correct,
        total,
        100.0 * correct as f64 / total.max(1) as f64
    ));
    out
}
