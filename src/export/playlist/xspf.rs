//! XSPF (XML Shareable Playlist Format, version 1): a `<trackList>` of `<track>`s with
//! `<location>` (a URI: relative paths percent-encoded, absolute ones as `file://`),
//! `<title>`, `<duration>` in milliseconds and the air time as `<annotation>`.

use super::{PlaylistEntry, PlaylistExporter};
use crate::html::escape;
use std::io::{self, Write};

pub struct Xspf;

/// A path as a URI reference: unreserved characters and `/` kept, the rest
/// percent-encoded as UTF-8; absolute paths become `file://` URIs.
pub fn uri(path: &str) -> String {
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl PlaylistExporter for Xspf {
    fn extension(&self) -> &'static str {
        "xspf"
    }

    fn write(&self, entries: &[PlaylistEntry], out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<playlist version="1" xmlns="http://xspf.org/ns/0/">"#
        )?;
        writeln!(out, "  <trackList>")?;
        for e in entries {
            writeln!(out, "    <track>")?;
            writeln!(out, "      <location>{}</location>", escape(&uri(&e.file)))?;
            writeln!(out, "      <title>{}</title>", escape(&e.title))?;
            writeln!(
                out,
                "      <duration>{}</duration>",
                (e.duration_s * 1000.0).round() as i64
            )?;
            writeln!(
                out,
                "      <annotation>{} {}</annotation>",
                escape(&e.air_time),
                escape(&e.slot)
            )?;
            writeln!(out, "    </track>")?;
        }
        writeln!(out, "  </trackList>")?;
        writeln!(out, "</playlist>")
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, tests::render};
    use super::*;

    #[test]
    fn escaped_titles_and_encoded_locations() {
        let text = render(Format::Xspf);
        assert!(
            text.contains("<title>Bản tin sáng, &quot;đặc biệt&quot; &amp; &lt;mới&gt;</title>")
        );
        assert!(text.contains("<duration>612400</duration>"));
        assert!(text.contains("<location>../2026-11-27-sang/out/2026-11-27-sang.wav</location>"));
        assert_eq!(uri("/st/bản tin.wav"), "file:///st/b%E1%BA%A3n%20tin.wav");
        // Well-formed enough for xmllint (checked in the CLI test); here: balanced tracks.
        assert_eq!(
            text.matches("<track>").count(),
            text.matches("</track>").count()
        );
    }
}
