//! What `--help` promises scripts: every `--json` flag says what it prints, and `status`'s
//! names the document with its fields. The commands are read from `bantin --help` itself,
//! so a command added later is checked too.

use crate::kit::TestDir;

/// The subcommands a help text lists under "Commands:" (without `help`).
fn commands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // A description wrapped onto the next line is indented further.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(String::from)
        .collect()
}

#[test]
fn every_json_flag_says_what_it_prints() {
    let t = TestDir::new();
    let top = t.ok(["--help"]);
    let mut paths: Vec<Vec<String>> = Vec::new();
    for c in commands(&top) {
        let sub = t.ok([c.as_str(), "--help"]);
        let nested = commands(&sub);
        if nested.is_empty() {
            paths.push(vec![c]);
        } else {
            paths.extend(nested.into_iter().map(|n| vec![c.clone(), n]));
        }
    }
    assert!(paths.len() >= 12, "{paths:?}");
    let mut with_json = 0;
    for path in &paths {
        let mut args = path.clone();
        args.push("--help".into());
        let help = t.ok(&args);
        if let Some(line) = help.lines().find(|l| l.trim_start().starts_with("--json")) {
            with_json += 1;
            let said = line.trim_start().trim_start_matches("--json").trim();
            assert!(
                said.split_whitespace().count() >= 3,
                "bantin {}: --json has no help line:\n{help}",
                path.join(" ")
            );
        }
    }
    assert!(with_json >= 6, "only {with_json} commands with --json");
    let status = t.ok(["status", "--help"]);
    assert!(status.contains("docs/bulletin-folder.md"), "{status}");
}
