//! Extended M3U in UTF-8: `#EXTM3U`, then `#EXTINF:<seconds>,<title>` and the path of each
//! file. Titles lose line breaks (one entry is two lines).

use super::{PlaylistEntry, PlaylistExporter, whole_seconds};
use std::io::{self, Write};

pub struct M3u8;

impl PlaylistExporter for M3u8 {
    fn extension(&self) -> &'static str {
        "m3u8"
    }

    fn write(&self, entries: &[PlaylistEntry], out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "#EXTM3U")?;
        for e in entries {
            let title = e.title.replace(['\r', '\n'], " ");
            writeln!(out, "#EXTINF:{},{title}", whole_seconds(e.duration_s))?;
            writeln!(out, "{}", e.file)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, tests::render};

    #[test]
    fn header_extinf_and_paths() {
        let text = render(Format::M3u8);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "#EXTM3U");
        assert_eq!(lines[1], "#EXTINF:612,Bản tin sáng, \"đặc biệt\" & <mới>");
        assert_eq!(lines[2], "../2026-11-27-sang/out/2026-11-27-sang.wav");
        assert_eq!(lines[3], "#EXTINF:480,Bản tin chiều");
        assert_eq!(lines.len(), 5);
    }
}
