//! The TOML reader's errors as station staff can act on them. The reader knows the line
//! and says `invalid type: string "-16", expected f64`; staff need the key and the kind
//! of value in words: `line 4, [audio] target_lufs: expected a number (like -16 or 0.6),
//! found the text "-16"; write it without quotes: target_lufs = -16`.

/// A readable message for a parse error in `text`: the line, the `[section] key`, what
/// kind of value was expected and what was found, with toml's excerpt of the line.
pub fn explain(text: &str, error: &toml::de::Error) -> String {
    let raw = error.message().trim();
    let Some(span) = error.span() else {
        return error.to_string();
    };
    let line_no = text[..span.start.min(text.len())].matches('\n').count() + 1;
    let excerpt = excerpt(&error.to_string());
    let Some((found, expected)) = raw
        .strip_prefix("invalid type: ")
        .and_then(|r| r.split_once(", expected "))
    else {
        return format!("line {line_no}: {raw}\n{excerpt}");
    };
    let line = text.lines().nth(line_no - 1).unwrap_or("");
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"').to_string())
        .unwrap_or_default();
    let section = text
        .lines()
        .take(line_no - 1)
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix('[')
                .and_then(|r| r.strip_suffix(']'))
                .map(|s| s.trim_matches(['[', ']']).trim().to_string())
        })
        .last();
    let place = match (&section, key.is_empty()) {
        (_, true) => String::new(),
        (Some(s), false) => format!(", [{s}] {key}"),
        (None, false) => format!(", {key}"),
    };
    let wanted = expected_in_words(expected);
    let mut message = format!(
        "line {line_no}{place}: expected {wanted}, found {}",
        found_in_words(found)
    );
    // A number or a yes/no written in quotes: say how to write it.
    if let Some(quoted) = found
        .strip_prefix("string \"")
        .and_then(|s| s.strip_suffix('"'))
    {
        let fits = match expected {
            "a boolean" => quoted == "true" || quoted == "false",
            e if is_integer(e) => quoted.trim().parse::<i64>().is_ok(),
            "f64" | "f32" => quoted.trim().parse::<f64>().is_ok(),
            _ => false,
        };
        if fits && !key.is_empty() {
            message.push_str(&format!(
                "; write it without quotes: {key} = {}",
                quoted.trim()
            ));
        }
    }
    format!("{message}\n{excerpt}")
}

/// toml's picture of the line (the `  |` lines), without its own first and last lines.
fn excerpt(display: &str) -> String {
    display
        .lines()
        .filter(|l| l.trim_start().starts_with('|') || l.contains(" | ") || l.ends_with(" |"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_integer(serde_name: &str) -> bool {
    matches!(
        serde_name,
        "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" | "usize" | "isize"
    )
}

fn expected_in_words(expected: &str) -> String {
    match expected {
        "f64" | "f32" => "a number (like -16 or 0.6)".into(),
        e if is_integer(e) => "a whole number (like 48000), without a decimal point".into(),
        "a boolean" => "true or false".into(),
        "a string" => "text in double quotes".into(),
        "a sequence" => "a list in square brackets, like [\"a\", \"b\"]".into(),
        "a map" => "a table".into(),
        other => other.to_string(),
    }
}

fn found_in_words(found: &str) -> String {
    if let Some(rest) = found.strip_prefix("string ") {
        format!("the text {rest}")
    } else if let Some(rest) = found.strip_prefix("floating point ") {
        format!("the number {}", rest.trim_matches('`'))
    } else if let Some(rest) = found.strip_prefix("integer ") {
        format!("the whole number {}", rest.trim_matches('`'))
    } else if let Some(rest) = found.strip_prefix("boolean ") {
        rest.trim_matches('`').to_string()
    } else {
        found.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        let e = toml::from_str::<crate::config::StationConfig>(text).unwrap_err();
        explain(text, &e)
    }

    #[test]
    fn a_number_in_quotes_names_the_key_and_the_kind_of_value() {
        let m = message("[station]\nname = \"A\"\n[audio]\ntarget_lufs = \"-16\"\n");
        assert!(
            m.starts_with(
                "line 4, [audio] target_lufs: expected a number (like -16 or 0.6), found the text \"-16\"; write it without quotes: target_lufs = -16"
            ),
            "{m}"
        );
        assert!(!m.contains("f64"), "{m}");
        assert!(m.contains("4 | target_lufs = \"-16\""), "{m}");
        let m = message("[audio]\nsample_rate = 44100.0\n");
        assert!(
            m.contains("[audio] sample_rate: expected a whole number (like 48000)"),
            "{m}"
        );
        assert!(m.contains("found the number 44100.0"), "{m}");
        let m = message("[reading]\nrate_spm = \"241\"\n");
        assert!(m.contains("write it without quotes: rate_spm = 241"), "{m}");
        let m = message("[audio]\ncart = \"yes\"\n");
        assert!(
            m.contains("[audio] cart: expected true or false, found the text \"yes\""),
            "{m}"
        );
        assert!(!m.contains("without quotes"), "{m}");
        let m = message("[[schedule.slots]]\nid = \"sang\"\ntime = \"05:30\"\npriority = \"1\"\n");
        assert!(
            m.contains("line 4, [schedule.slots] priority: expected a whole number"),
            "{m}"
        );
    }
}
