//! JSON: an array of objects with the fields of [`PlaylistEntry`](super::PlaylistEntry)
//! (`air_time`, `slot`, `title`, `duration_s`, `file`, `sha256`, `integrated_lufs`,
//! `true_peak_dbtp`, `priority`; unknown loudness is `null`).

use super::{PlaylistEntry, PlaylistExporter};
use std::io::{self, Write};

pub struct Json;

impl PlaylistExporter for Json {
    fn extension(&self) -> &'static str {
        "json"
    }

    fn write(&self, entries: &[PlaylistEntry], out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, entries)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, tests::render};

    #[test]
    fn array_of_objects_with_the_documented_keys() {
        let v: serde_json::Value = serde_json::from_str(&render(Format::Json)).unwrap();
        let first = v[0].as_object().unwrap();
        let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
        let mut header: Vec<&str> = super::super::csv::HEADER.split(',').collect();
        keys.sort_unstable();
        header.sort_unstable();
        assert_eq!(keys, header, "JSON keys are the CSV header's");
        assert_eq!(v[1]["integrated_lufs"], serde_json::Value::Null);
        assert_eq!(v[0]["duration_s"], 612.4);
    }
}
