//! Speed of the read-aloud normalization: `cargo run --release --example normalize_bench [FILE] [ROUNDS]`.
//! Reads FILE (default: the example article used by the tests) ROUNDS times and prints the
//! time per sentence and per paragraph.

use bantin::config::StationConfig;
use bantin::script::normalize::Reader;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        "src/script/normalize/testdata/tho-xuan-2018-04-05-title-and-body.txt".into()
    });
    let rounds: u32 = args.next().map_or(Ok(200), |r| r.parse())?;
    let text = std::fs::read_to_string(&path)?;
    let paragraphs: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let sentences: usize = paragraphs.iter().map(|p| p.matches(". ").count() + 1).sum();
    let start = Instant::now();
    let reader = Reader::new(&StationConfig::default())?;
    let build = start.elapsed();
    let start = Instant::now();
    let mut chars = 0;
    for _ in 0..rounds {
        for p in &paragraphs {
            chars += reader.spoken(p).text.len();
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    let per_round = elapsed / f64::from(rounds);
    println!("file: {path}");
    println!(
        "reader built in {:.2} ms (shipped lexicon parsed)",
        build.as_secs_f64() * 1e3
    );
    let (by_file, foreign) = reader.lexicon_counts();
    let total: usize = by_file.values().sum();
    println!("lexicon: {total} abbreviations, {foreign} foreign names and loans");
    for (file, n) in &by_file {
        println!("  {n:>4}  {file}");
    }
    println!(
        "{} paragraphs, {sentences} sentences: {:.1} µs per article, {:.1} µs per sentence ({rounds} rounds, {chars} bytes out)",
        paragraphs.len(),
        per_round * 1e6,
        per_round * 1e6 / sentences as f64
    );
    Ok(())
}
