//! Folding text for search: Vietnamese is searched without its diacritics and case, so
//! `an ninh trat tu` finds "an ninh trật tự" and "AN NINH TRẬT TỰ". The catalog stores a
//! folded copy of every text and the query is folded the same way; the FTS5 tokenizer
//! (`unicode61 remove_diacritics 2`) folds again, which is harmless. The folded copy is
//! needed because "đ" is a letter of its own in Unicode, not "d" with a mark, and no
//! tokenizer maps it to "d".

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case, no combining marks, đ → d.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of a text, folded, as the FTS5 `unicode61` tokenizer sees them (runs of
/// letters and digits).
pub fn folded_words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The words of a text with their byte spans in it (for snippets in the original text).
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let in_word = c.is_alphanumeric() || is_combining_mark(c);
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_marks_case_and_d_bar() {
        assert_eq!(fold("An ninh TRẬT TỰ"), "an ninh trat tu");
        assert_eq!(fold("Đảm bảo đô thị"), "dam bao do thi");
        // Decomposed input (NFD, as some portals send it) folds the same way.
        let nfd: String = "trật tự".nfd().collect();
        assert_eq!(fold(&nfd), "trat tu");
    }

    #[test]
    fn words_split_like_the_tokenizer() {
        assert_eq!(
            folded_words("Lam Sơn-Sao Vàng, 2016–2020"),
            vec!["lam", "son", "sao", "vang", "2016", "2020"]
        );
        let text = "Đề án “ANTT”";
        let spans = word_spans(text);
        let words: Vec<&str> = spans.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(words, vec!["Đề", "án", "ANTT"]);
    }
}
