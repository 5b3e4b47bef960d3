//! CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line
//! break in double quotes with quotes doubled). Header:
//! `air_time,slot,title,duration_s,file,sha256,integrated_lufs,true_peak_dbtp,priority`;
//! an unknown loudness is an empty field.

use super::{PlaylistEntry, PlaylistExporter};
use std::io::{self, Write};

pub struct Csv;

/// The UTF-8 byte order mark: Excel on Windows reads a CSV as UTF-8 only when it starts
/// with it (LibreOffice asks, and other programs do not need it).
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

pub const HEADER: &str =
    "air_time,slot,title,duration_s,file,sha256,integrated_lufs,true_peak_dbtp,priority";

/// One RFC 4180 field.
pub fn field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// A number with up to 3 decimals, or an empty field.
pub fn number(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.3}")).unwrap_or_default()
}

/// Writes one CSV record.
pub fn record(out: &mut dyn Write, fields: &[String]) -> io::Result<()> {
    let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
    write!(out, "{}\r\n", line.join(","))
}

impl PlaylistExporter for Csv {
    fn extension(&self) -> &'static str {
        "csv"
    }

    fn write(&self, entries: &[PlaylistEntry], out: &mut dyn Write) -> io::Result<()> {
        write!(out, "{HEADER}\r\n")?;
        for e in entries {
            record(
                out,
                &[
                    e.air_time.clone(),
                    e.slot.clone(),
                    e.title.clone(),
                    number(Some(e.duration_s)),
                    e.file.clone(),
                    e.sha256.clone(),
                    number(e.integrated_lufs),
                    number(e.true_peak_dbtp),
                    e.priority.to_string(),
                ],
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, tests::render};

    #[test]
    fn header_and_rfc4180_quoting() {
        let text = render(Format::Csv);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], super::HEADER);
        assert!(
            lines[1].starts_with(
                "2026-11-27T05:30:00+07:00,sang,\"Bản tin sáng, \"\"đặc biệt\"\" & <mới>\",612.400,"
            ),
            "{}",
            lines[1]
        );
        assert!(lines[1].ends_with(",-16.000,-1.200,0"), "{}", lines[1]);
        assert!(lines[2].ends_with(",,,5"), "{}", lines[2]);
        assert_eq!(lines[3], "");
    }
}
