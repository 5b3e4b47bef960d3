//! Repairs of typing slips that would trip the reader: odd spaces (NBSP, tabs, runs of
//! spaces, indents), invisible characters, spaces inside parentheses and document codes
//! ("211/ QĐ-UBND"), and a capital typed one letter too long ("CHủ tịch").

/// Initial consonant clusters of Vietnamese: "CHủ" is "Chủ" with the shift key held too long.
const CLUSTERS: [&str; 11] = [
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr",
];

/// Repairs one line of text.
pub fn repair_line(line: &str) -> String {
    let spaced = normalize_spaces(line);
    let codes = close_code_slashes(&spaced);
    codes
        .split(' ')
        .map(fix_held_shift)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One plain space between words; no space just inside brackets or before , ; .
fn normalize_spaces(line: &str) -> String {
    let cleaned: String = line
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}'
            )
        })
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let mut out = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    for (from, to) in [("( ", "("), (" )", ")"), (" ,", ","), (" ;", ";")] {
        out = out.replace(from, to);
    }
    out
}

/// "211/ QĐ-UBND" and "211 /QĐ-UBND" → "211/QĐ-UBND": a number, a slash and a capital
/// letter are one document code.
fn close_code_slashes(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let after_code_slash = prev == Some('/')
                && i >= 2
                && chars[i - 2].is_ascii_digit()
                && next.is_some_and(char::is_uppercase);
            let before_code_slash = next == Some('/')
                && prev.is_some_and(|p| p.is_ascii_digit())
                && chars.get(i + 2).is_some_and(|n| n.is_uppercase());
            if after_code_slash || before_code_slash {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// "CHủ" → "Chủ", "NGHị" → "Nghị": capitals exactly covering an initial consonant cluster,
/// then lower-case letters.
fn fix_held_shift(word: &str) -> String {
    let upper: String = word.chars().take_while(|c| c.is_uppercase()).collect();
    let rest = &word[upper.len()..];
    let rest_is_lower = rest.chars().next().is_some_and(char::is_lowercase)
        && rest
            .chars()
            .take_while(|c| c.is_alphabetic())
            .all(char::is_lowercase);
    let lower = upper.to_lowercase();
    if upper.chars().count() >= 2 && rest_is_lower && CLUSTERS.contains(&lower.as_str()) {
        let mut chars = lower.chars();
        let first = chars
            .next()
            .map(|c| c.to_uppercase().collect::<String>())
            .unwrap_or_default();
        format!("{first}{}{rest}", chars.as_str())
    } else {
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_shift_is_fixed_only_on_clusters() {
        assert_eq!(repair_line("CHủ tịch UBND"), "Chủ tịch UBND");
        assert_eq!(repair_line("NGHị quyết"), "Nghị quyết");
        assert_eq!(
            repair_line("UBND TPHCM iPhone KHoa"),
            "UBND TPHCM iPhone Khoa"
        );
        assert_eq!(repair_line("ĐHọc"), "ĐHọc");
    }

    #[test]
    fn spaces_are_repaired() {
        assert_eq!(
            repair_line("\u{a0} \u{a0}\tTham dự ( theo Quyết định số 211/ QĐ-UBND )  có 3 người ."),
            "Tham dự (theo Quyết định số 211/QĐ-UBND) có 3 người ."
        );
        assert_eq!(repair_line("số 87 /KH-UBND"), "số 87/KH-UBND");
        assert_eq!(repair_line("12 vụ / 20 đối tượng"), "12 vụ / 20 đối tượng");
    }
}
