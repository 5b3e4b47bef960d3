//! Web and e-mail addresses read as announcers read them: "dichvucong.gov.vn" → "dịch vụ
//! công chấm gốp chấm vê en", "pctt@vinhkhe.gov.vn" → "pê xê tê tê a còng vinhkhe chấm gốp
//! chấm vê en". Each part is read from the lexicon's `[web]` table, as a name of the same
//! sentence written without tones ("vinhkhe" next to "Vĩnh Khê"), or split into syllables
//! (kept as written), abbreviations and letters (spelled by their Vietnamese names).

use super::context::{Cx, Span, Why};
use super::numbers::read_digits;
use super::spell::spell_letters;
use super::words::is_syllable;
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// Top-level domains that make "a.b" an address rather than an abbreviation with a dot.
const TLDS: [&str; 14] = [
    "vn", "com", "net", "org", "gov", "edu", "info", "biz", "io", "asia", "int", "app", "me", "tv",
];

/// Symbols inside an address and how they are read.
fn symbol_word(s: &str) -> Option<&'static str> {
    Some(match s {
        "." => "chấm",
        "@" => "a còng",
        "/" => "gạch chéo",
        "-" | "–" => "gạch ngang",
        "_" => "gạch dưới",
        ":" => "hai chấm",
        "?" => "dấu hỏi",
        "=" => "bằng",
        "&" => "và",
        "%" => "phần trăm",
        "~" => "dấu ngã",
        "#" => "dấu thăng",
        "+" => "cộng",
        _ => return None,
    })
}

/// Longest an address may be, in tokens (a bound on the work per token).
const MAX_TOKENS: usize = 64;

/// A web or e-mail address starting at token `i`.
pub fn address(cx: &Cx, i: usize) -> Option<Span> {
    let first = cx.tok(i)?;
    // An address is glued to what follows it: most words are ruled out here.
    if !(first.is_word() || first.is_num()) || !cx.glued(i + 1) {
        return None;
    }
    // Not in the middle of something glued before it ("x.com" inside "a.x.com").
    if i > 0 && cx.glued(i) && symbol_word(cx.text(i - 1)).is_some() {
        return None;
    }
    // The glued run: words, numbers and address symbols; it ends on a word or a number.
    let mut end = i + 1;
    let mut last_part = i;
    while end < cx.t.len() && end < i + MAX_TOKENS && cx.glued(end) {
        cx.step();
        let t = cx.t[end];
        if t.is_word() || t.is_num() {
            last_part = end;
        } else if symbol_word(t.text).is_none() && t.text != "'" {
            break;
        }
        end += 1;
    }
    let end = last_part + 1;
    let tokens = &cx.t[i..end];
    let has = |s: &str| tokens.iter().any(|t| t.text == s);
    let at = tokens.iter().position(|t| t.text == "@");
    let dots = tokens.iter().filter(|t| t.text == ".").count();
    let last = tokens.last()?.text;
    let tld = TLDS.contains(&last.to_lowercase().as_str()) && last.chars().any(char::is_lowercase);
    let scheme = matches!(first.text.to_lowercase().as_str(), "http" | "https")
        && cx.text(i + 1) == ":"
        && cx.text(i + 2) == "/";
    let www = first.text.eq_ignore_ascii_case("www") && cx.text(i + 1) == ".";
    let email =
        at.is_some_and(|a| a > 0 && dots > 0 && tokens[a + 1..].iter().any(|t| t.text == "."));
    let web = scheme || www || (dots > 0 && tld);
    // An "@" makes it an e-mail address or nothing.
    let address = if has("@") { email } else { web };
    if !address {
        return None;
    }
    let mut words: Vec<String> = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        cx.step();
        let t = tokens[k];
        if k == 0 && scheme {
            // "https://" is not read: the address starts after it.
            k += 1;
            while k < tokens.len() && matches!(tokens[k].text, ":" | "/") {
                k += 1;
            }
            continue;
        }
        if let Some(w) = symbol_word(t.text) {
            words.push(w.to_string());
            k += 1;
            continue;
        }
        // A part: glued words and numbers ("vinhkhe", "0912abc").
        let from = k;
        while k < tokens.len() && (tokens[k].is_word() || tokens[k].is_num()) {
            k += 1;
        }
        if from == k {
            k += 1; // an apostrophe
            continue;
        }
        let part = cx.written(i + from, i + k);
        words.push(read_part(cx, part));
    }
    let mut span = Span::new(end, words.join(" "));
    span.why = Why::Rule(if email {
        "e-mail address: parts as words or spelled, @ a còng, . chấm"
    } else {
        "web address: parts as words or spelled, . chấm, / gạch chéo"
    });
    Some(span)
}

fn read_part(cx: &Cx, part: &str) -> String {
    if let Some(reading) = cx.lexicon.web(part) {
        return reading.to_string();
    }
    if let Some((reading, _)) = cx.lexicon.foreign(part) {
        return reading.to_string();
    }
    if part.chars().all(|c| c.is_ascii_digit()) {
        return read_digits(part);
    }
    let lower = part.to_lowercase();
    let names = cx.names.get_or_init(|| build_names(cx.line));
    if let Some(name) = names.get(&lower) {
        return name.clone();
    }
    if lower.len() > MAX_SPLIT || !lower.chars().all(|c| c.is_ascii_alphanumeric()) {
        return spell_letters(cx, &lower);
    }
    split_part(cx, &lower, names)
}

/// Longest part split into words; a longer one is spelled.
const MAX_SPLIT: usize = 40;

/// What a piece of a web part is read as.
#[derive(Clone, Copy, PartialEq)]
enum Piece {
    /// A name of the paragraph without tones ("lamkinh" → "Lam Kinh").
    Name,
    /// Vietnamese syllables without tones, kept as written ("tracuu").
    Syllable,
    /// An abbreviation the lexicon knows, spelled ("thpt" → "tê hát pê tê").
    Abbreviation,
    /// One letter, spelled.
    Letter,
    /// A run of digits, one by one.
    Digits,
}

/// Splits a web part the way an announcer reads it: names and syllables as words,
/// abbreviations and other letters spelled ("thptlamkinh" → "tê hát pê tê Lam Kinh" when the
/// sentence names Lam Kinh, else "tê hát pê tê lamkinh"). The split with the fewest pieces
/// wins, a spelled letter counting three.
fn split_part(cx: &Cx, part: &str, names: &HashMap<String, String>) -> String {
    let n = part.len();
    // best[k]: (cost, start of the last piece, its kind) for part[..k].
    let mut best: Vec<Option<(usize, usize, Piece)>> = vec![None; n + 1];
    best[0] = Some((0, 0, Piece::Letter));
    for from in 0..n {
        let Some((cost, _, last)) = best[from] else {
            continue;
        };
        // A two-letter syllable on its own ("pu" in "vpub") is more likely two letters; after
        // another syllable it ends a word ("te" in "kinhte").
        let short_syllable = if from > 0 && last == Piece::Syllable {
            1
        } else {
            2
        };
        let mut offer = |to: usize, add: usize, kind: Piece| {
            if best[to].is_none_or(|(c, _, _)| cost + add < c) {
                best[to] = Some((cost + add, from, kind));
            }
        };
        let digits = part[from..].bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            offer(from + digits, 1, Piece::Digits);
            continue;
        }
        offer(from + 1, 3, Piece::Letter);
        for to in from + 2..=n.min(from + 20) {
            cx.step();
            let piece = &part[from..to];
            if names.contains_key(piece) {
                offer(to, 1, Piece::Name);
            }
            if to - from <= 7 && is_syllable(piece) {
                offer(
                    to,
                    if to - from <= 2 { short_syllable } else { 1 },
                    Piece::Syllable,
                );
            }
            if to - from <= 8 && cx.lexicon.abbreviation(&piece.to_uppercase()).is_some() {
                offer(to, 1, Piece::Abbreviation);
            }
        }
    }
    // Walk back, then read the pieces in order; syllables next to each other stay one word.
    let mut pieces = Vec::new();
    let mut k = n;
    while k > 0 {
        let Some((_, from, kind)) = best[k] else {
            return spell_letters(cx, part);
        };
        pieces.push((from, k, kind));
        k = from;
    }
    pieces.reverse();
    let mut words: Vec<String> = Vec::new();
    let mut previous = None;
    for (from, to, kind) in pieces {
        let piece = &part[from..to];
        match kind {
            Piece::Syllable if previous == Some(Piece::Syllable) => {
                if let Some(last) = words.last_mut() {
                    last.push_str(piece);
                }
            }
            Piece::Syllable => words.push(piece.to_string()),
            Piece::Name => words.push(names[piece].clone()),
            Piece::Digits => words.push(read_digits(piece)),
            Piece::Abbreviation | Piece::Letter => words.push(spell_letters(cx, piece)),
        }
        previous = Some(kind);
    }
    words.join(" ")
}

/// Capitalised names of the line without tones, as web parts would write them: "Vĩnh Khê"
/// → "vinhkhe". Runs of one to four capitalised words. Built once per line.
fn build_names(line: &str) -> HashMap<String, String> {
    let mut names = HashMap::new();
    let words: Vec<&str> = line
        .split(|c: char| {
            c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '“' | '”' | '"')
        })
        .filter(|w| !w.is_empty())
        .collect();
    // A name's words start with a capital; an abbreviation in capitals is no name ("THPT").
    let capital = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && (w.chars().count() == 1 || w.chars().skip(1).any(char::is_lowercase))
    };
    for start in 0..words.len() {
        for len in 1..=4 {
            let Some(run) = words.get(start..start + len) else {
                break;
            };
            if !run
                .iter()
                .all(|w| capital(w) && w.chars().all(char::is_alphabetic))
            {
                break;
            }
            let plain: String = run
                .concat()
                .nfd()
                .map(|c| match c {
                    'đ' | 'Đ' => 'd',
                    c => c,
                })
                .filter(char::is_ascii_alphabetic)
                .collect::<String>()
                .to_lowercase();
            names.entry(plain).or_insert_with(|| run.join(" "));
        }
    }
    names
}
