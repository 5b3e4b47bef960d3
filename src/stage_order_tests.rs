//! Dependencies point one way: a stage folder may use the stages below it and the shared
//! leaves, never a stage above it, so no change to a later stage can break an earlier one
//! and no two stages depend on each other. This test reads `src/` and fails on any
//! `crate::<module>` path (in code or doc links, `use crate::{…}` groups included) that
//! points the wrong way, and on a top-level module it does not know (place it first).

use std::path::Path;

/// The stages, lowest first. Text (ingest, script) and audio (media, dsp) know nothing
/// of bulletins; the bulletin folder measures its takes with them; mix assembles a
/// bulletin; export writes what mix made; the archive keeps finished bulletins.
const STAGES: &[&str] = &[
    "ingest", "script", "media", "dsp", "bulletin", "mix", "export", "archive",
];
/// Shared by every stage; they use no stage themselves, and among themselves only the
/// leaves before them (lowest first), so that they form no cycle either.
const LEAVES: &[&str] = &[
    "paths",
    "regular_file",
    "digest",
    "html",
    "progress",
    "interrupt",
    "failpoint",
    "platform",
    "atomic",
    "config",
];
/// The glue over everything (the binary's commands, the web app): nothing in the library
/// uses it.
const GLUE: &[&str] = &["cli", "web"];

/// A path that points the wrong way: (module the file belongs to, module it names).
#[derive(Debug, PartialEq)]
struct WrongWay {
    from: String,
    to: String,
}

/// Top-level modules named by `crate::` paths in `source`.
fn crate_paths(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            // `crate::{a, b::c, d::{e, f}}`: the first segment of each top-level entry.
            let mut depth = 0usize;
            let mut entry_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => entry_start = true,
                    c if entry_start && (c.is_ascii_alphabetic() || c == '_') => {
                        entry_start = false;
                        names.push(identifier(&group[i..]));
                    }
                    _ => {}
                }
            }
        } else {
            names.push(identifier(after));
        }
        rest = after;
    }
    names
}

fn identifier(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// The wrong-way paths in a file of module `from`.
fn check(from: &str, source: &str) -> Vec<WrongWay> {
    let rank = |m: &str| STAGES.iter().position(|s| *s == m);
    let wrong = |to: &str| -> bool {
        if to == from {
            return false;
        }
        if GLUE.contains(&from) {
            return false;
        }
        if GLUE.contains(&to) {
            return true;
        }
        let leaf = |m: &str| LEAVES.iter().position(|s| *s == m);
        match (rank(from), rank(to)) {
            (Some(f), Some(t)) => t > f,
            // A leaf uses no stage; a stage may use every leaf.
            (None, Some(_)) => LEAVES.contains(&from),
            (Some(_), None) => leaf(to).is_none(),
            // A leaf uses the leaves before it.
            (None, None) => match (leaf(from), leaf(to)) {
                (Some(f), Some(t)) => t > f,
                _ => true,
            },
        }
    };
    crate_paths(source)
        .into_iter()
        .filter(|to| wrong(to))
        .map(|to| WrongWay {
            from: from.to_string(),
            to,
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_stage_uses_a_later_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs");
        if ["lib", "main", "stage_order_tests"].contains(&module) {
            continue;
        }
        let known = STAGES.contains(&module) || LEAVES.contains(&module) || GLUE.contains(&module);
        assert!(
            known,
            "src/{first} is a top-level module this test does not place: add it to STAGES or LEAVES"
        );
        let source = std::fs::read_to_string(file).unwrap();
        for w in check(module, &source) {
            problems.push(format!(
                "{}: {} uses crate::{}",
                rel.display(),
                w.from,
                w.to
            ));
        }
        checked += 1;
    }
    assert!(
        checked > 50,
        "only {checked} files found under {}",
        src.display()
    );
    assert!(
        problems.is_empty(),
        "dependencies must point one way (stages, lowest first: {}; shared leaves: {}):\n{}",
        STAGES.join(" → "),
        LEAVES.join(", "),
        problems.join("\n")
    );
}

#[test]
fn a_later_stage_named_anywhere_is_found() {
    let mix = "use crate::dsp::limiter;\nuse crate::export::bwf::BwfWriter;\n";
    assert_eq!(
        check("mix", mix),
        [WrongWay {
            from: "mix".into(),
            to: "export".into()
        }]
    );
    let grouped = "use crate::{config::X, archive::{a, b}};\n/// See [`crate::cli::run`].";
    let to: Vec<String> = check("bulletin", grouped)
        .into_iter()
        .map(|w| w.to)
        .collect();
    assert_eq!(to, ["archive", "cli"]);
    // A leaf uses no stage, and only the leaves before it; an unknown module is never
    // allowed.
    assert_eq!(check("config", "crate::script::x").len(), 1);
    assert_eq!(
        check("failpoint", "crate::atomic::AtomicWriteError").len(),
        1
    );
    assert!(check("atomic", "crate::failpoint::hit").is_empty());
    assert_eq!(check("media", "crate::queue::x").len(), 1);
    // What is allowed.
    assert!(
        check(
            "archive",
            "crate::bulletin::x crate::digest::y crate::archive::z"
        )
        .is_empty()
    );
    assert!(check("cli", "crate::archive::x crate::ingest::y").is_empty());
}

/// One module-file style: a module with submodules is `foo/mod.rs`, never `foo.rs` beside
/// a `foo/` folder of Rust files, so a newcomer finds every module the same way.
#[test]
fn every_module_with_submodules_is_a_folder_with_mod_rs() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mixed: Vec<String> = files
        .iter()
        .filter(|f| {
            let folder = f.with_extension("");
            folder.is_dir()
                && std::fs::read_dir(&folder)
                    .unwrap()
                    .any(|e| e.unwrap().path().extension().is_some_and(|x| x == "rs"))
        })
        .map(|f| f.strip_prefix(&src).unwrap().display().to_string())
        .collect();
    assert!(
        mixed.is_empty(),
        "a module file beside its own folder (move it to FOLDER/mod.rs): {mixed:?}"
    );
}
