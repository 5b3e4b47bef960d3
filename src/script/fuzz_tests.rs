//! The fuzz target for the article reader: real article fixtures (every encoding, the Word
//! file, the test articles) mutated — bytes flipped, inserted, deleted, repeated, truncated,
//! and pieces that trip the rules spliced in — then read and turned into a script. No input
//! may panic, and the work and the output stay bounded by the input's size (counted, not
//! timed). A short run is part of `cargo test`; `PROPTEST_CASES=20000 cargo test --release
//! fuzz` runs long. Inputs that once failed are kept in `tests/reading/crashers/` and read by
//! [`every_kept_crasher_is_read_without_panic`].

use crate::config::StationConfig;
use crate::ingest::article_from_bytes;
use crate::script::normalize::Reader;
use crate::script::segment::build_script_with;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fixtures the mutants start from.
fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut files: Vec<PathBuf> = ["tests/articles", "tests/reading/articles"]
            .iter()
            .flat_map(|d| std::fs::read_dir(root().join(d)).unwrap())
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "docx"))
            .collect();
        files.sort();
        files.iter().map(|p| std::fs::read(p).unwrap()).collect()
    })
}

fn reader() -> &'static Reader {
    static READER: OnceLock<Reader> = OnceLock::new();
    READER.get_or_init(|| Reader::new(&StationConfig::default()).unwrap())
}

/// Pieces that trip the reading rules and the ingest paths.
const SNIPPETS: [&str; 40] = [
    "/",
    "-",
    "−",
    "–",
    "+84 ",
    "(",
    ")",
    "@",
    ".",
    "www.",
    "TT",
    "BCH ",
    "0913 ",
    "2024",
    "¼",
    "°C",
    "=",
    "PK\u{3}\u{4}",
    "\u{feff}",
    "\u{301}",
    "\r",
    "\n\n",
    "Đăng lúc: 01/01/2020\n",
    "Cổng thông tin điện tử huyện ",
    "QZXW ",
    "từ ",
    "thắng 3-",
    "thứ 2/",
    "24/7",
    "OM5451",
    "29C-456.78",
    "https://",
    "a.b.c.vn",
    "ThS. ",
    "TP. ",
    "ĐT.",
    "Km 7+",
    "II",
    "…",
    "\t",
];

#[derive(Debug, Clone)]
enum Mutation {
    Flip {
        at: usize,
        bit: u8,
    },
    Insert {
        at: usize,
        bytes: Vec<u8>,
    },
    Snippet {
        at: usize,
        which: usize,
    },
    Delete {
        at: usize,
        len: usize,
    },
    Repeat {
        at: usize,
        len: usize,
        times: usize,
    },
    Truncate {
        at: usize,
    },
    /// The text re-encoded as UTF-16 (little or big endian), with or without a BOM.
    Utf16 {
        big_endian: bool,
        bom: bool,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        3 => (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        4 => (any::<usize>(), 0..SNIPPETS.len()).prop_map(|(at, which)| Mutation::Snippet { at, which }),
        2 => (any::<usize>(), 1usize..200).prop_map(|(at, len)| Mutation::Delete { at, len }),
        1 => (any::<usize>(), 1usize..40, 2usize..200)
            .prop_map(|(at, len, times)| Mutation::Repeat { at, len, times }),
        1 => any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        1 => (any::<bool>(), any::<bool>()).prop_map(|(big_endian, bom)| Mutation::Utf16 { big_endian, bom }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let pos = |at: usize, len: usize| if len == 0 { 0 } else { at % (len + 1) };
    match m {
        Mutation::Flip { at, bit } => {
            if !bytes.is_empty() {
                let i = at % bytes.len();
                bytes[i] ^= 1 << bit;
            }
        }
        Mutation::Insert { at, bytes: new } => {
            let i = pos(*at, bytes.len());
            bytes.splice(i..i, new.iter().copied());
        }
        Mutation::Snippet { at, which } => {
            let i = pos(*at, bytes.len());
            bytes.splice(i..i, SNIPPETS[*which].bytes());
        }
        Mutation::Delete { at, len } => {
            let i = pos(*at, bytes.len());
            let end = (i + len).min(bytes.len());
            bytes.drain(i..end);
        }
        Mutation::Repeat { at, len, times } => {
            let i = pos(*at, bytes.len());
            let end = (i + len).min(bytes.len());
            let piece = bytes[i..end].to_vec();
            for _ in 1..*times {
                bytes.splice(end..end, piece.iter().copied());
            }
        }
        Mutation::Truncate { at } => {
            let i = pos(*at, bytes.len());
            bytes.truncate(i);
        }
        Mutation::Utf16 { big_endian, bom } => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let mut out = Vec::new();
            if *bom {
                out.extend(if *big_endian {
                    [0xFE, 0xFF]
                } else {
                    [0xFF, 0xFE]
                });
            }
            for unit in text.encode_utf16() {
                out.extend(if *big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            *bytes = out;
        }
    }
}

/// Reads `bytes` as an article and makes its script; panics only if a bound is broken
/// (a panic inside bantin is the failure the fuzzer looks for).
fn read_bounded(name: &str, bytes: &[u8]) {
    let Ok(article) = article_from_bytes(Path::new(name), bytes) else {
        return; // a clear error is a fine answer to a damaged file
    };
    let steps = std::cell::Cell::new(0u64);
    let reading = StationConfig::default().reading;
    let script = build_script_with(
        &article,
        |text| {
            let (spoken, s) = reader().spoken_counting(text);
            steps.set(steps.get() + s);
            spoken
        },
        &reading,
    );
    // A .docx's text can be larger than its compressed bytes: bound by the text read.
    let text_len: usize = article.title.len()
        + article.paragraphs.iter().map(String::len).sum::<usize>()
        + article.byline.as_ref().map_or(0, String::len);
    let size = bytes.len().max(text_len) as u64;
    assert!(
        steps.get() <= 200 * size + 10_000,
        "{name}: {} steps for {size} bytes",
        steps.get()
    );
    let spoken: usize = script.segments.iter().map(|s| s.spoken.len()).sum();
    assert!(
        spoken as u64 <= 60 * size + 10_000,
        "{name}: {spoken} bytes of script for {size} bytes"
    );
    let quoted: usize = script
        .warnings
        .iter()
        .map(|w| w.sentence.len() + w.message.len())
        .sum();
    assert!(
        quoted as u64 <= 40 * size + 100_000,
        "{name}: {quoted} bytes of warnings for {size} bytes"
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Brief in `cargo test`; raise with PROPTEST_CASES for a long run.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(40),
        max_shrink_iters: 2000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_articles_never_panic_and_stay_bounded(
        seed in any::<prop::sample::Index>(),
        mutations in proptest::collection::vec(mutation(), 1..12),
    ) {
        let seeds = seeds();
        let mut bytes = seeds[seed.index(seeds.len())].clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let name = if bytes.starts_with(b"PK") { "mutant.docx" } else { "mutant.txt" };
        read_bounded(name, &bytes);
    }
}

/// Every input kept in `tests/reading/crashers/` (one once broke the reader, or is built to
/// stress it) is read, bounded, without a panic.
#[test]
fn every_kept_crasher_is_read_without_panic() {
    let dir = root().join("tests/reading/crashers");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{}", dir.display());
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        read_bounded(&path.display().to_string(), &bytes);
    }
}

/// One sentence of 160,000 unknown capitals (103 s when reading was quadratic) is read,
/// with a bounded list of warnings.
#[test]
fn a_sentence_of_160000_unknown_capitals_is_read() {
    let mut text = String::from("Tin dài\n\n");
    for k in 0..160_000u32 {
        let mut w = String::from("QZ");
        let mut k = k;
        loop {
            w.push((b'B' + (k % 24) as u8) as char);
            k /= 24;
            if k == 0 {
                break;
            }
        }
        text.push_str(&w);
        text.push(' ');
    }
    text.push_str("tham dự.\n");
    let article = article_from_bytes(Path::new("dai.txt"), text.as_bytes()).unwrap();
    let script =
        crate::script::segment::build_script(&article, reader(), &StationConfig::default().reading);
    assert!(script.warnings.len() <= 110, "{}", script.warnings.len());
    assert!(script.warnings.iter().all(|w| w.sentence.len() <= 1200));
}
