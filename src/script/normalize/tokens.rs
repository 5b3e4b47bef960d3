//! A small tokenizer: words (letters), numbers (ASCII digits) and single symbols, each
//! remembering whether whitespace stood before it. No regex: one pass over the chars.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Num,
    Sym,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: Kind,
    pub text: &'a str,
    /// Byte offset in the line.
    pub start: usize,
    pub space_before: bool,
}

impl Token<'_> {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    pub fn is_num(&self) -> bool {
        self.kind == Kind::Num
    }
    pub fn is_sym(&self, c: char) -> bool {
        self.kind == Kind::Sym && self.text.starts_with(c)
    }
    /// A hyphen or dash of any width.
    pub fn is_dash(&self) -> bool {
        self.kind == Kind::Sym && matches!(self.text, "-" | "–" | "—" | "‐" | "−")
    }
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c)
}

pub fn tokenize(line: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut space = false;
    let mut iter = line.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let kind = if c.is_ascii_digit() {
            Kind::Num
        } else if is_letter(c) {
            Kind::Word
        } else {
            Kind::Sym
        };
        let mut end = start + c.len_utf8();
        if kind != Kind::Sym {
            while let Some(&(i, next)) = iter.peek() {
                let same = match kind {
                    Kind::Num => next.is_ascii_digit(),
                    _ => is_letter(next),
                };
                if !same {
                    break;
                }
                end = i + next.len_utf8();
                iter.next();
            }
        }
        tokens.push(Token {
            kind,
            text: &line[start..end],
            start,
            space_before: space || start == 0,
        });
        space = false;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_numbers_symbols() {
        let t = tokenize("số 211/ QĐ-UBND, 7h30 m²");
        let texts: Vec<&str> = t.iter().map(|t| t.text).collect();
        assert_eq!(
            texts,
            [
                "số", "211", "/", "QĐ", "-", "UBND", ",", "7", "h", "30", "m", "²"
            ]
        );
        assert!(t[3].space_before && !t[2].space_before && !t[4].space_before);
        assert_eq!(t[0].kind, Kind::Word);
        assert_eq!(t[1].kind, Kind::Num);
        assert_eq!(t[2].kind, Kind::Sym);
    }
}
