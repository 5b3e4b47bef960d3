//! From an article to script segments: sentences grouped into takes of at most
//! `max_take_s` of reading, with syllable counts and read-time estimates.
//!
//! A take is what the announcer records in one go. Takes end at sentence ends, and at a
//! paragraph end whenever the paragraph fits; a paragraph too long for one take is cut
//! into takes of even length rather than a full take and a scrap.

use crate::config::Reading;
use crate::ingest::Article;
use crate::script::normalize::{Reader, ReadingWarning, Spoken};

/// One take's worth of text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScriptSegment {
    /// Position in the article: 1, 2, …
    pub index: usize,
    /// Spoken form; sentences of one paragraph joined by a space, paragraphs by "\n".
    pub spoken: String,
    /// Original text, laid out the same way.
    pub original: String,
    pub syllables: u32,
    pub estimate_s: f64,
}

/// The read-aloud script of one article.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Script {
    /// Title in spoken form (read as the first sentence of the first segment).
    pub title_spoken: String,
    pub segments: Vec<ScriptSegment>,
    pub warnings: Vec<ReadingWarning>,
    /// Body paragraphs in spoken form, whole (a paragraph may span segments).
    pub paragraphs_spoken: Vec<String>,
}

impl Script {
    pub fn total_syllables(&self) -> u32 {
        self.segments.iter().map(|s| s.syllables).sum()
    }

    pub fn total_seconds(&self) -> f64 {
        self.segments.iter().map(|s| s.estimate_s).sum()
    }
}

/// Builds the script of an article: the title then the body, normalized and split into takes.
pub fn build_script(article: &Article, reader: &Reader, reading: &Reading) -> Script {
    build_script_with(article, |text| reader.spoken(text), reading)
}

/// A sentence with its spoken form and reading time (pause included).
#[derive(Debug, Clone)]
struct Sentence {
    original: String,
    spoken: String,
    syllables: u32,
    /// Index of its paragraph; the title is paragraph 0.
    paragraph: usize,
    ends_paragraph: bool,
    seconds: f64,
}

/// [`build_script`] with any speaker (the reader, or the identity in tests).
pub fn build_script_with(
    article: &Article,
    speak: impl Fn(&str) -> Spoken,
    reading: &Reading,
) -> Script {
    let mut warnings = Vec::new();
    let mut sentences = Vec::new();
    let mut paragraphs_spoken = Vec::new();
    let title = std::iter::once(vec![article.title.clone()]);
    // The byline's source is read on air as the item's last line (DESIGN.md: the title,
    // the body and the byline are read; the rest of the portal furniture is not).
    let body = article
        .paragraphs
        .iter()
        .chain(article.byline.iter())
        .map(|p| split_sentences(p));
    for (paragraph, parts) in title.chain(body).enumerate() {
        let count = parts.len();
        let mut spoken_paragraph = Vec::new();
        for (i, original) in parts.into_iter().enumerate() {
            let spoken = speak(&original);
            warnings.extend(spoken.warnings);
            let syllables = count_syllables(&spoken.text);
            let ends_paragraph = i + 1 == count;
            let seconds = f64::from(syllables) * 60.0 / reading.rate_spm
                + reading.sentence_pause_s
                + if ends_paragraph {
                    reading.paragraph_pause_s
                } else {
                    0.0
                };
            spoken_paragraph.push(spoken.text.clone());
            sentences.push(Sentence {
                original,
                spoken: spoken.text,
                syllables,
                paragraph,
                ends_paragraph,
                seconds,
            });
        }
        paragraphs_spoken.push(spoken_paragraph.join(" "));
    }
    let title_spoken = paragraphs_spoken.remove(0);
    for s in sentences.iter().filter(|s| s.seconds > reading.max_take_s) {
        warnings.push(ReadingWarning {
            token: String::new(),
            fix: None,
            sentence: quote(&s.original),
            message: format!(
                "{}: this sentence alone takes about {:.0} s to read, over the {:.0} s take limit; it is a take of its own (split it if the announcer needs a breath)",
                article.path.display(),
                s.seconds,
                reading.max_take_s
            ),
        });
    }
    let segments = group_into_takes(&sentences, reading.max_take_s)
        .into_iter()
        .enumerate()
        .map(|(i, take)| segment(i + 1, &sentences[take]))
        .collect();
    Script {
        title_spoken,
        segments,
        warnings,
        paragraphs_spoken,
    }
}

/// A sentence as quoted in a warning: whole when short, its start when very long.
fn quote(sentence: &str) -> String {
    const MAX_CHARS: usize = 240;
    if sentence.chars().count() <= MAX_CHARS {
        return sentence.to_string();
    }
    let start: String = sentence.chars().take(MAX_CHARS).collect();
    format!("{}…", start.trim_end())
}

fn segment(index: usize, sentences: &[Sentence]) -> ScriptSegment {
    let join = |text: fn(&Sentence) -> &str| {
        let mut out = String::new();
        for (i, s) in sentences.iter().enumerate() {
            if i > 0 {
                out.push(if sentences[i - 1].paragraph == s.paragraph {
                    ' '
                } else {
                    '\n'
                });
            }
            out.push_str(text(s));
        }
        out
    };
    ScriptSegment {
        index,
        spoken: join(|s| &s.spoken),
        original: join(|s| &s.original),
        syllables: sentences.iter().map(|s| s.syllables).sum(),
        estimate_s: sentences.iter().map(|s| s.seconds).sum(),
    }
}

/// Ranges of sentences forming takes of at most `max_s` (a longer sentence is alone).
fn group_into_takes(sentences: &[Sentence], max_s: f64) -> Vec<std::ops::Range<usize>> {
    let mut takes = Vec::new();
    let mut start = 0; // first sentence of the open take
    let mut open_s = 0.0;
    let mut i = 0;
    while i < sentences.len() {
        let end = (i..sentences.len())
            .find(|&j| sentences[j].ends_paragraph)
            .map_or(sentences.len(), |j| j + 1);
        let paragraph_s: f64 = sentences[i..end].iter().map(|s| s.seconds).sum();
        if open_s + paragraph_s <= max_s {
            open_s += paragraph_s;
        } else if paragraph_s <= max_s {
            if start < i {
                takes.push(start..i);
            }
            start = i;
            open_s = paragraph_s;
        } else {
            // The paragraph must be cut anyway: its first part may finish the open take.
            let seconds: Vec<f64> = sentences[i..end].iter().map(|s| s.seconds).collect();
            let mut parts: std::collections::VecDeque<_> = even_parts(&seconds, max_s).into();
            let first_s: f64 = parts
                .front()
                .map_or(0.0, |r| seconds[r.clone()].iter().sum());
            if start < i && open_s + first_s <= max_s {
                let first = parts.pop_front().unwrap_or(0..0);
                takes.push(start..first.end + i);
            } else if start < i {
                takes.push(start..i);
            }
            let last = parts.pop_back();
            takes.extend(parts.into_iter().map(|r| r.start + i..r.end + i));
            match last {
                Some(last) => {
                    start = last.start + i;
                    open_s = seconds[last].iter().sum();
                }
                None => {
                    start = end;
                    open_s = 0.0;
                }
            }
        }
        i = end;
    }
    if start < sentences.len() {
        takes.push(start..sentences.len());
    }
    takes
}

/// Cuts durations into as few runs of at most `max_s` as possible, as even as possible.
fn even_parts(seconds: &[f64], max_s: f64) -> Vec<std::ops::Range<usize>> {
    let fewest = greedy_parts(seconds, max_s).len();
    // The smallest limit that still needs no more runs gives the most even cut.
    let (mut lo, mut hi) = (0.0, max_s);
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if greedy_parts(seconds, mid).len() <= fewest {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    greedy_parts(seconds, hi)
}

fn greedy_parts(seconds: &[f64], limit: f64) -> Vec<std::ops::Range<usize>> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut sum = 0.0;
    for (i, &s) in seconds.iter().enumerate() {
        if i > start && sum + s > limit {
            parts.push(start..i);
            start = i;
            sum = 0.0;
        }
        sum += s;
    }
    if start < seconds.len() {
        parts.push(start..seconds.len());
    }
    parts
}

/// Abbreviations whose full stop does not end a sentence ("TP. Thanh Hóa", "ThS. Lê Văn A",
/// "PGS.TS. Nguyễn Hữu Thành"): administrative units and titles and degrees before a name.
const ABBREVIATIONS: [&str; 34] = [
    "TP", "Tp", "TX", "TT", "TS", "ThS", "Ths", "Th.S", "PGS", "GS", "BS", "KS", "CN", "NXB", "St",
    "v.v", "Q", "P", "PGS.TS", "GS.TS", "GS.TSKH", "PGS.TSKH", "ThS.BS", "TS.BS", "BS.CKI",
    "BS.CKII", "BSCKI", "BSCKII", "DS", "Cty", "Tr", "tr", "Đ/c", "đ/c",
];

/// Splits a paragraph into sentences at . ! ? … followed by a space and a sentence start.
/// Closing quotes and brackets stay with the sentence they close; abbreviations,
/// initials ("Lê V. Duyệt") and numbers ("8.7", "1.000") do not end a sentence.
pub fn split_sentences(paragraph: &str) -> Vec<String> {
    let chars: Vec<char> = paragraph.chars().collect();
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        if !matches!(chars[i], '.' | '!' | '?' | '…') {
            i += 1;
            continue;
        }
        let stop = i;
        let mut end = i;
        while end < chars.len()
            && matches!(
                chars[end],
                '.' | '!' | '?' | '…' | '"' | '”' | '’' | ')' | '»'
            )
        {
            end += 1;
        }
        let next_word = chars[end..]
            .iter()
            .position(|c| !c.is_whitespace())
            .map(|p| end + p);
        let spaced = next_word.is_some_and(|n| n > end);
        let starts_sentence = next_word.is_some_and(|n| {
            let c = chars[n];
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"' | '(' | '«' | '-' | '–')
        });
        if spaced && starts_sentence && !is_abbreviation(&chars[start..stop], end - stop) {
            let sentence: String = chars[start..end].iter().collect();
            sentences.push(sentence.trim().to_string());
            start = next_word.unwrap_or(end);
        }
        i = end.max(i + 1);
    }
    let rest: String = chars[start..].iter().collect();
    if !rest.trim().is_empty() {
        sentences.push(rest.trim().to_string());
    }
    sentences
}

/// The word before a lone full stop is an abbreviation or an initial.
fn is_abbreviation(before: &[char], stop_len: usize) -> bool {
    if stop_len != 1 {
        return false;
    }
    let word: String = before
        .iter()
        .rev()
        .take_while(|c| !c.is_whitespace())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let word = word.trim_start_matches(['(', '“', '"']);
    ABBREVIATIONS.contains(&word)
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

/// Syllables in spoken Vietnamese text (each written word is one syllable; "ki-lô-mét" is three).
pub fn count_syllables(text: &str) -> u32 {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count() as u32
}

/// Estimated seconds to read `spoken` at the configured rate, with a sentence pause per
/// sentence and a paragraph pause per line (paragraphs are separated by "\n").
pub fn estimate_seconds(spoken: &str, reading: &Reading) -> f64 {
    let paragraphs: Vec<&str> = spoken.lines().filter(|l| !l.trim().is_empty()).collect();
    let sentences: usize = paragraphs.iter().map(|p| split_sentences(p).len()).sum();
    f64::from(count_syllables(spoken)) * 60.0 / reading.rate_spm
        + sentences as f64 * reading.sentence_pause_s
        + paragraphs.len() as f64 * reading.paragraph_pause_s
}

#[cfg(test)]
mod tests;
