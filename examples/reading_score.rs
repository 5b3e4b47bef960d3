//! Scores read-aloud scripts against the expected readings of the test articles'
//! hard tokens (tests/reading/README.md).
//!
//! `cargo run --example reading_score` — bantin's own reading of every test article.
//! `cargo run --example reading_score -- ARTICLE.expect.toml SCRIPT.json` — a script written
//! by `bantin read --json` (or any tool writing that shape) against one expectation file.

#[path = "../tests/reading/score.rs"]
mod score;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let scores = match args.as_slice() {
        [] => score::score_all(),
        [expect, script] => {
            let json = std::fs::read_to_string(script).unwrap_or_else(|e| {
                eprintln!("error: cannot read {script}: {e}");
                std::process::exit(2)
            });
            let (pieces, warnings) = score::json_pieces(&json);
            let hard = score::load_expectations(std::path::Path::new(expect));
            vec![score::score(script, &pieces, &warnings, &hard)]
        }
        _ => {
            eprintln!("usage: reading_score [ARTICLE.expect.toml SCRIPT.json]");
            std::process::exit(2)
        }
    };
    print!("{}", score::report(&scores, true));
}
