//! Text escaping for the markup bantin writes — the announcer's script and the assembly
//! report (HTML), the XSPF playlist (XML): article titles and station text must never
//! become markup.

/// Escapes text for element content and quoted attribute values, in HTML and in XML.
/// `&#39;` stands for the apostrophe (both read it; HTML 4 has no `&apos;`), and the
/// control characters XML 1.0 cannot hold at all (and HTML forbids) are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_characters_are_escaped_and_what_xml_cannot_hold_is_dropped() {
        assert_eq!(
            super::escape("a&b\"<'>\u{1}\tc\n"),
            "a&amp;b&quot;&lt;&#39;&gt;\tc\n"
        );
    }
}
