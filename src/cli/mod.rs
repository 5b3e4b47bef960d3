//! Command-line glue: parses arguments, loads the station config and hands over to the
//! library. Each subcommand lives in its own file with its `Args` and `run`.
//!
//! Exit status (like ripgrep): 0 when everything asked for was done, 1 when a check
//! failed (a file could not be measured, a take is missing, a slot has no bulletin),
//! 2 for usage errors and failures.

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub(crate) mod archive;
pub(crate) mod assemble;
pub(crate) mod loudness;
pub(crate) mod new;
pub(crate) mod playlist;
pub(crate) mod read;
pub(crate) mod script;
pub(crate) mod serve;
pub(crate) mod status;
pub(crate) mod user;

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
    /// Station config file. Default: $BANTIN_CONFIG, else the nearest bantin.toml in the
    /// bulletin folder given or a folder above it, else in the current folder or above.
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
    /// Make the printed script (script.html, script.txt) again from the edited rundown.
    Script(script::Args),
    /// Show which takes of a bulletin are recorded and how the timing stands.
    Status(status::Args),
    /// Assemble takes and jingles into a broadcast-ready WAV.
    Assemble(assemble::Args),
    /// Write a playout playlist of finished bulletins.
    Playlist(playlist::Args),
    /// Keep aired bulletins and find them again.
    Archive(archive::Args),
    /// The station's web app: open the printed address in a browser.
    Serve(serve::Args),
    /// Station accounts for the web app (needed to serve beyond this PC).
    User(user::Args),
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
            if let Some(stop) = err.downcast_ref::<crate::interrupt::Interrupted>() {
                eprintln!(
                    "{stop}: nothing was changed (the files that were there are as they were)"
                );
                return ExitCode::from(stop.signal.exit_code());
            }
            eprintln!("error: {}", message(&err));
            ExitCode::from(2)
        }
    }
}

/// An error and its causes, each said once. bantin's library errors put their cause in
/// their own message ("x.wav: cannot be read (Permission denied)") and also hand it on as
/// their source; a context added here does not. So a cause is added only when what was
/// already said does not hold it — printing the whole chain said sentences twice.
fn message(err: &anyhow::Error) -> String {
    let mut said = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if said.contains(text.trim()) {
            continue;
        }
        if !said.is_empty() {
            said.push_str(": ");
        }
        said.push_str(&text);
    }
    said
}

pub(crate) fn run(cli: Cli) -> anyhow::Result<Outcome> {
    if let Command::Loudness(args) = &cli.command {
        // Measures files; nothing of the station's settings is used.
        let ctx = Context {
            config: crate::config::StationConfig::default(),
            quiet: cli.quiet,
        };
        return loudness::run(args, &ctx);
    }
    let cwd = PathBuf::from(".");
    let near: Vec<PathBuf> = cli
        .command
        .bulletin_folder()
        .map(Path::to_path_buf)
        .into_iter()
        .chain([cwd])
        .collect();
    let env = std::env::var_os(crate::config::CONFIG_ENV);
    let config =
        crate::config::StationConfig::discover(cli.config.as_deref(), env.as_deref(), &near)?;
    if let Some(note) = config.defaults_note(&near[..1]) {
        eprintln!("note: {note}");
    }
    let ctx = Context {
        config,
        quiet: cli.quiet,
    };
    match cli.command {
        Command::Loudness(_) => unreachable!("measured above"),
        Command::Read(args) => read::run(&args, &ctx),
        Command::New(args) => new::run(&args, &ctx),
        Command::Script(args) => script::run(&args, &ctx),
        Command::Status(args) => status::run(&args, &ctx),
        Command::Assemble(args) => assemble::run(&args, &ctx),
        Command::Playlist(args) => playlist::run(&args, &ctx),
        Command::Archive(args) => archive::run(&args, &ctx),
        Command::Serve(args) => serve::run(&args, &ctx),
        Command::User(args) => user::run(&args, &ctx),
    }
}

impl Command {
    /// The bulletin folder the command works on, if it was given one: the station config
    /// is looked for above it first.
    fn bulletin_folder(&self) -> Option<&Path> {
        match self {
            Self::New(a) => Some(&a.dir),
            Self::Status(a) => Some(&a.dir),
            Self::Script(a) => Some(&a.dir),
            Self::Assemble(a) => a.bulletin.as_deref(),
            Self::Archive(a) => a.bulletin_folder(),
            Self::Loudness(_) | Self::Read(_) | Self::Playlist(_) => None,
            Self::Serve(_) | Self::User(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cause_is_said_once() {
        let io = || std::io::Error::new(std::io::ErrorKind::PermissionDenied, "Permission denied");
        // A library error that says its cause and hands it on as its source.
        let decode = crate::media::DecodeError::Unreadable {
            path: PathBuf::from("rec/01-1.wav"),
            source: io(),
        };
        let said = message(&anyhow::Error::new(decode));
        assert_eq!(said.matches("Permission denied").count(), 1, "{said}");
        // A context that does not: its cause follows it.
        let said = message(&anyhow::Error::new(io()).context("cannot watch for Ctrl-C"));
        assert_eq!(said, "cannot watch for Ctrl-C: Permission denied");
    }
}
