//! Progress bars for long work: shown on a terminal, silent when stderr is piped or
//! when the user asked for `--quiet`.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// A bar of `len` steps labelled `what` ("measuring", "decoding"), hidden unless stderr
/// is a terminal and `quiet` is false. Give the real total: the first frame shows it.
pub fn bar(len: u64, what: &str, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(len);
    bar.set_style(counted());
    bar.set_message(what.to_string());
    bar
}

/// A bar for work whose total is found out as it starts (files of an archive): it shows
/// no count ("0/0") until [`set_total`] gives the total.
pub fn bar_to_count(what: &str, quiet: bool) -> ProgressBar {
    let bar = bar(0, what, quiet);
    bar.set_style(
        ProgressStyle::with_template("{msg:>12} {spinner} {elapsed_precise}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar
}

/// Gives a bar of [`bar_to_count`] its total, once known.
pub fn set_total(bar: &ProgressBar, total: u64) {
    if bar.length() != Some(total) {
        bar.set_length(total);
        bar.set_style(counted());
    }
}

fn counted() -> ProgressStyle {
    ProgressStyle::with_template("{msg:>12} [{bar:30}] {pos}/{len} {elapsed_precise}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}
