//! PLS (version 2): `[playlist]`, numbered `FileN`, `TitleN`, `LengthN`, then
//! `NumberOfEntries` and `Version=2`. UTF-8.

use super::{PlaylistEntry, PlaylistExporter, whole_seconds};
use std::io::{self, Write};

pub struct Pls;

impl PlaylistExporter for Pls {
    fn extension(&self) -> &'static str {
        "pls"
    }

    fn write(&self, entries: &[PlaylistEntry], out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "[playlist]")?;
        for (i, e) in entries.iter().enumerate() {
            let n = i + 1;
            writeln!(out, "File{n}={}", e.file)?;
            writeln!(out, "Title{n}={}", e.title.replace(['\r', '\n'], " "))?;
            writeln!(out, "Length{n}={}", whole_seconds(e.duration_s))?;
        }
        writeln!(out, "NumberOfEntries={}", entries.len())?;
        writeln!(out, "Version=2")
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, tests::render};

    #[test]
    fn numbered_entries_and_count() {
        let text = render(Format::Pls);
        assert!(text.starts_with("[playlist]\nFile1=../2026-11-27-sang/out/2026-11-27-sang.wav\n"));
        assert!(text.contains("\nTitle2=Bản tin chiều\nLength2=480\n"));
        assert!(text.ends_with("NumberOfEntries=2\nVersion=2\n"));
    }
}
