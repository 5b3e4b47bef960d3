//! Full-text search over what was read: the query is folded like the catalog's text (no
//! diacritics, no case), every word must occur, hits are ranked by BM25 with the item
//! title weighing more than the body, and the snippet is cut from the original text
//! with the matching words in [brackets].

use super::ArchiveError;
use super::catalog::{Catalog, ROWIDS_PER_DAY, day_block};
use super::fold::{fold, folded_words, word_spans};
use rusqlite::params;
use serde::Serialize;

/// One item that matched.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    /// Archive id of the bulletin ("2026-11-27-sang").
    pub id: String,
    pub date: String,
    pub slot: String,
    pub aired_at: String,
    pub item_id: String,
    pub item_title: String,
    /// A few words around the first match, matches in [brackets].
    pub snippet: String,
    /// The same words as pieces, each marked when it is a match (for a page that
    /// highlights them; brackets typed in the text itself cannot be told from these).
    #[serde(skip)]
    pub snippet_parts: Vec<(String, bool)>,
    /// BM25 score (lower is better, as SQLite gives it).
    pub score: f64,
}

#[derive(Debug, Clone)]
pub struct Query<'a> {
    pub text: &'a str,
    /// Inclusive YYYY-MM-DD bounds.
    pub from: &'a str,
    pub to: &'a str,
    pub limit: usize,
}

/// Matches ranked by BM25 per query: the newest this many in the date range.
pub const RANK_WINDOW: i64 = 5_000;

/// Words around the match kept in a snippet.
const BEFORE: usize = 6;
const AFTER: usize = 14;

impl Catalog {
    pub fn search(&self, query: &Query<'_>) -> Result<Vec<Hit>, ArchiveError> {
        let words = folded_words(query.text);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        // Each word quoted: FTS5 operators typed by staff (AND, NEAR, -) stay plain words.
        let fts_query = words
            .iter()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(" ");
        // Rank the newest RANK_WINDOW matches of the range: a word in tens of thousands
        // of items ranks nothing usefully, and scoring them all costs ~100 ms.
        let mut stmt = self
            .conn
            .prepare_cached(
                "WITH ranked AS ( \
                    SELECT rowid AS rid, bm25(item_text, 4.0, 1.0, 1.0) AS score FROM item_text \
                    WHERE item_text MATCH ?1 AND rowid >= ?2 AND rowid < ?3 \
                    ORDER BY rowid DESC LIMIT ?4) \
                 SELECT b.id, b.date, b.slot, b.aired_at, i.item_id, i.title, i.spoken, \
                        i.original, ranked.score \
                 FROM ranked \
                 JOIN items i ON i.rowid = ranked.rid \
                 JOIN bulletins b ON b.id = i.bulletin_id \
                 ORDER BY ranked.score, ranked.rid DESC LIMIT ?5",
            )
            .map_err(|e| self.sql_err(e))?;
        let rows: Vec<_> = stmt
            .query_map(
                params![
                    fts_query,
                    day_block(query.from),
                    day_block(query.to) + ROWIDS_PER_DAY,
                    RANK_WINDOW,
                    query.limit as i64
                ],
                |r| {
                    let title: String = r.get(5)?;
                    let spoken: String = r.get(6)?;
                    let original: String = r.get(7)?;
                    let parts = [original.as_str(), spoken.as_str(), title.as_str()]
                        .iter()
                        .find_map(|t| snippet_parts(t, &words))
                        .unwrap_or_default();
                    Ok(Hit {
                        id: r.get(0)?,
                        date: r.get(1)?,
                        slot: r.get(2)?,
                        aired_at: r.get(3)?,
                        item_id: r.get(4)?,
                        snippet: bracketed(&parts),
                        snippet_parts: parts,
                        item_title: title,
                        score: r.get(8)?,
                    })
                },
            )
            .and_then(Iterator::collect)
            .map_err(|e| self.sql_err(e))?;
        Ok(rows)
    }
}

/// The words around the first query word found in `text`, query words bracketed; `None`
/// when no query word occurs in it.
#[cfg(test)]
pub fn snippet(text: &str, words: &[String]) -> Option<String> {
    snippet_parts(text, words).map(|parts| bracketed(&parts))
}

/// Snippet pieces as text with the matches in [brackets].
fn bracketed(parts: &[(String, bool)]) -> String {
    parts
        .iter()
        .map(|(text, hit)| {
            if *hit {
                format!("[{text}]")
            } else {
                text.clone()
            }
        })
        .collect()
}

/// The words around the first query word found in `text` as pieces, each query word a
/// piece marked `true`; `None` when no query word occurs in it.
pub fn snippet_parts(text: &str, words: &[String]) -> Option<Vec<(String, bool)>> {
    let spans = word_spans(text);
    let matches: Vec<bool> = spans
        .iter()
        .map(|&(a, b)| {
            let w = fold(&text[a..b]);
            words.contains(&w)
        })
        .collect();
    let first = matches.iter().position(|&m| m)?;
    let start = first.saturating_sub(BEFORE);
    let end = (first + AFTER).min(spans.len() - 1);
    let mut parts: Vec<(String, bool)> = Vec::new();
    let mut plain = String::new();
    if start > 0 {
        plain.push('…');
    }
    let mut cursor = spans[start].0;
    for i in start..=end {
        let (a, b) = spans[i];
        plain.push_str(&text[cursor..a].replace(['\n', '\r'], " "));
        if matches[i] {
            if !plain.is_empty() {
                parts.push((std::mem::take(&mut plain), false));
            }
            parts.push((text[a..b].to_string(), true));
        } else {
            plain.push_str(&text[a..b]);
        }
        cursor = b;
    }
    if end + 1 < spans.len() {
        plain.push('…');
    }
    if !plain.is_empty() {
        parts.push((plain, false));
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_marks_words_found_without_diacritics() {
        let words = folded_words("an ninh trat tu");
        let s = snippet("Đảm bảo an ninh trật tự khu đô thị", &words).unwrap();
        assert_eq!(s, "Đảm bảo [an] [ninh] [trật] [tự] khu đô thị");
        assert!(snippet("không liên quan", &words).is_none());
    }
}
