//! The output is never one of the inputs. `assemble --recordings rec -o rec/bulletin.wav`
//! would take yesterday's bulletin for today's first item, and `-o rec/seg-010.mp3
//! --force` would overwrite an announcer's take with WAV data. Before any work: the
//! output must not be inside a folder the programme is read from, must be named as a
//! WAV, and an existing file (the WAV, or the report and page written beside it) is
//! replaced only when bantin made it — anything else only when told so explicitly.

use std::path::{Path, PathBuf};

use super::bwf::read_bwf;
use crate::bulletin::report::AssemblyReport;

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "{output} is inside the {what} folder {folder}, which the programme is read from: the next run would take it as a {what_one}. Write the bulletin somewhere else, e.g. -o {suggestion}"
    )]
    InsideInputs {
        output: PathBuf,
        what: &'static str,
        what_one: &'static str,
        folder: PathBuf,
        suggestion: PathBuf,
    },
    #[error("{output}: the output is a broadcast WAV; give it a .wav name (e.g. {suggestion})")]
    NotWavName {
        output: PathBuf,
        suggestion: PathBuf,
    },
    #[error(
        "{path} exists and was not made by bantin ({why}); it was kept. Choose another output name, or add --overwrite-foreign to replace it"
    )]
    Foreign { path: PathBuf, why: String },
}

/// A folder the programme is read from: ("recordings", rec/) or ("jingles", jingles/).
pub struct InputFolder<'a> {
    /// "recordings" or "jingles".
    pub what: &'static str,
    pub folder: &'a Path,
}

/// The files `assemble` writes for `output`: the WAV, its report and its page.
pub fn outputs(output: &Path) -> [PathBuf; 3] {
    [
        output.to_path_buf(),
        output.with_extension("json"),
        output.with_extension("html"),
    ]
}

/// Checks `output` against the folders the programme is read from and what exists
/// under its names (see the module doc). `overwrite_foreign` allows replacing files
/// bantin did not make.
pub fn check_output(
    output: &Path,
    inputs: &[InputFolder<'_>],
    overwrite_foreign: bool,
) -> Result<(), OutputError> {
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bulletin".into());
    for input in inputs {
        if crate::paths::is_within(output, input.folder) {
            let above = crate::paths::resolve(input.folder)
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            return Err(OutputError::InsideInputs {
                output: output.to_path_buf(),
                what: input.what,
                what_one: if input.what == "jingles" {
                    "jingle"
                } else {
                    "take"
                },
                folder: input.folder.to_path_buf(),
                suggestion: above.join(format!("{stem}.wav")),
            });
        }
    }
    let named_wav = output
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "wav" | "bwf"));
    if !named_wav {
        return Err(OutputError::NotWavName {
            output: output.to_path_buf(),
            suggestion: output.with_extension("wav"),
        });
    }
    if overwrite_foreign {
        return Ok(());
    }
    for path in outputs(output) {
        if let Some(why) = not_bantins(&path) {
            return Err(OutputError::Foreign { path, why });
        }
    }
    Ok(())
}

/// Why an existing file at `path` is not one bantin made, or None when it is (or there
/// is nothing there).
fn not_bantins(path: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.is_dir() {
        return Some("it is a folder".into());
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "json" => {
            let text = std::fs::read_to_string(path).ok();
            let report = text.and_then(|t| serde_json::from_str::<AssemblyReport>(&t).ok());
            match report {
                Some(r) if r.software.starts_with("bantin") => None,
                _ => Some("it is not an assembly report".into()),
            }
        }
        "html" => {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            // Pages of bantin before the generator mark end their title so.
            if text.contains(super::report_html::PAGE_MARK) || text.contains(" – bantin</title>")
            {
                None
            } else {
                Some("it is not a report page".into())
            }
        }
        _ => match read_bwf(path) {
            Ok(wav) => match wav.info("ISFT") {
                Some(sw) if sw.starts_with("bantin") => None,
                Some(sw) => Some(format!("its software field says \"{sw}\"")),
                None => Some("a WAV without bantin's software field".into()),
            },
            Err(_) => Some("it is not a WAV file".into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_in_an_input_folder_or_not_named_wav_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let rec = root.path().join("rec");
        std::fs::create_dir_all(&rec).unwrap();
        let inputs = [InputFolder {
            what: "recordings",
            folder: &rec,
        }];
        let e = check_output(&rec.join("bulletin.wav"), &inputs, true).unwrap_err();
        assert!(matches!(e, OutputError::InsideInputs { .. }), "{e}");
        let msg = e.to_string();
        assert!(
            msg.contains("recordings folder") && msg.contains("as a take"),
            "{msg}"
        );
        // Through `..` it is not inside.
        check_output(&rec.join("../bulletin.wav"), &inputs, false).unwrap();
        let e = check_output(&root.path().join("b.mp3"), &inputs, true).unwrap_err();
        assert!(e.to_string().contains("b.wav"), "{e}");
    }

    #[test]
    fn files_bantin_did_not_make_are_kept_unless_told() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out.wav");
        std::fs::write(&out, b"RIFF....WAVE someone else's").unwrap();
        let e = check_output(&out, &[], false).unwrap_err();
        assert!(e.to_string().contains("--overwrite-foreign"), "{e}");
        check_output(&out, &[], true).unwrap();
        std::fs::remove_file(&out).unwrap();
        // A page of an older bantin (no generator mark) is bantin's.
        std::fs::write(
            root.path().join("out.html"),
            "<html><head><title>Bản tin – bantin</title></head></html>",
        )
        .unwrap();
        check_output(&out, &[], false).unwrap();
        std::fs::write(root.path().join("out.json"), b"{\"their\": 1}").unwrap();
        let e = check_output(&out, &[], false).unwrap_err();
        assert!(e.to_string().contains("out.json"), "{e}");
    }
}
