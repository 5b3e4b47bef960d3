//! The integration tests, in one binary (one link): real files on disk in a temporary
//! folder, real audio, the real SQLite catalog.
//!
//! - [`commands`]: the `bantin` binary run as staff and scheduled jobs run it.
//! - [`audio_files`]: the library's audio readers and writers (decoding every format,
//!   the broadcast WAV writer and reader), called directly.
//! - [`kit`]: what they share — the test folder and command runner, WAV writers and
//!   synthesized signals, bulletin folders built as the commands leave them.

mod audio_files;
mod commands;
mod kit;
mod reading_score;
