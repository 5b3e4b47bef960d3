//! Command-line glue: parses arguments, loads the station config and hands over to the
//! library. Each subcommand lives in its own file with its `Args` and `run`.
//!
//! Exit status (like ripgrep): 0 when everything asked for was done, 1 when a check
//! failed (a file could not be measured, a take is missing, a slot has no bulletin),
//! 2 for usage errors and failures.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

pub(crate) mod archive;
pub(crate) mod assemble;
pub(crate) mod loudness;
pub(crate) mod new;
pub(crate) mod playlist;
pub(crate) mod read;
pub(crate) mod status;

/// The result of a command that ran to its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Everything asked for was done: exit 0.
    Success,
    /// The command ran but a check failed (the command printed why): exit 1.
    CheckFailed,
}

#[derive(Debug, Parser)]
#[command(
    name = "bantin",
    version,
    about = "Bulletins for a district radio station: article → read-aloud script → broadcast WAV → playlist → archive"
)]
pub(crate) struct Cli {
    /// Station config file (default: bantin.toml in the current folder, if any).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// No progress bars and no chatter on stderr; errors are still printed.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Measure loudness (EBU R128 / ITU-R BS.1770-4) of audio files.
    Loudness(loudness::Args),
    /// Read an approved article: print its read-aloud script.
    Read(read::Args),
    /// Make a bulletin folder (rundown, printable script) from articles.
    New(new::Args),
    /// Show which takes of a bulletin are recorded and how the timing stands.
    Status(status::Args),
    /// Assemble takes and jingles into a broadcast-ready WAV.
    Assemble(assemble::Args),
    /// Write a playout playlist of finished bulletins.
    Playlist(playlist::Args),
    /// Keep aired bulletins and find them again.
    Archive(archive::Args),
}

/// Settings every command gets.
pub(crate) struct Context {
    pub config: crate::config::StationConfig,
    pub quiet: bool,
}

/// Parses the process arguments, runs the command and returns the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::CheckFailed) => ExitCode::from(1),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

pub(crate) fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let config = crate::config::StationConfig::load(cli.config.as_deref())?;
    let ctx = Context {
        config,
        quiet: cli.quiet,
    };
    match cli.command {
        Command::Loudness(args) => loudness::run(&args, &ctx),
        Command::Read(args) => read::run(&args, &ctx),
        Command::New(args) => new::run(&args, &ctx),
        Command::Status(args) => status::run(&args, &ctx),
        Command::Assemble(args) => assemble::run(&args, &ctx),
        Command::Playlist(args) => playlist::run(&args, &ctx),
        Command::Archive(args) => archive::run(&args, &ctx),
    }
}
