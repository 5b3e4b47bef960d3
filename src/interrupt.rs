//! Stopping long work cleanly when staff press Ctrl-C or a service manager sends SIGTERM.
//! The command-line installs [`Interrupt::on_signals`]; long loops call
//! [`Interrupt::check`] between steps and return [`Interrupted`], so everything the run
//! started (temporary files) is dropped on the way out and nothing half-made is left.
//! A second signal ends the process at once (a run stuck somewhere can still be stopped);
//! what it leaves is tidied by the next run.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The signals that stop a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Ctrl-C.
    Int,
    /// `kill`, a service manager, a scheduler's time limit.
    Term,
}

impl Signal {
    /// The exit status shells report for a process ended by the signal (128 + its number).
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Int => 130,
            Self::Term => 143,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Int => "Ctrl-C (SIGINT)",
            Self::Term => "SIGTERM",
        }
    }
}

/// A run was stopped by a signal before it changed anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("stopped by {}", .signal.name())]
pub struct Interrupted {
    pub signal: Signal,
}

/// Whether a stop was asked for. Cloning shares the flag.
#[derive(Debug, Clone, Default)]
pub struct Interrupt {
    /// 0, or the number of the signal received.
    received: Arc<AtomicUsize>,
}

const INT: usize = 2;
const TERM: usize = 15;

impl Interrupt {
    /// A flag nothing sets (library callers and tests that are never interrupted).
    pub fn never() -> Self {
        Self::default()
    }

    /// Catches SIGINT and SIGTERM from now on: the first sets the flag, a second one ends
    /// the process at once with the usual status (130 or 143).
    pub fn on_signals() -> std::io::Result<Self> {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let me = Self::default();
        let armed = Arc::new(AtomicBool::new(false));
        for (signal, value, code) in [
            (SIGINT, INT, Signal::Int.exit_code()),
            (SIGTERM, TERM, Signal::Term.exit_code()),
        ] {
            // The shutdown is registered first, so it only fires once the flag is armed.
            signal_hook::flag::register_conditional_shutdown(
                signal,
                i32::from(code),
                Arc::clone(&armed),
            )?;
            signal_hook::flag::register_usize(signal, Arc::clone(&me.received), value)?;
            signal_hook::flag::register(signal, Arc::clone(&armed))?;
        }
        Ok(me)
    }

    /// The signal received, if any.
    pub fn received(&self) -> Option<Signal> {
        match self.received.load(Ordering::SeqCst) {
            0 => None,
            TERM => Some(Signal::Term),
            _ => Some(Signal::Int),
        }
    }

    /// `Err` once a stop was asked for.
    pub fn check(&self) -> Result<(), Interrupted> {
        match self.received() {
            None => Ok(()),
            Some(signal) => Err(Interrupted { signal }),
        }
    }

    /// Asks for a stop as if `signal` had arrived (tests).
    pub fn raise(&self, signal: Signal) {
        let value = match signal {
            Signal::Int => INT,
            Signal::Term => TERM,
        };
        self.received.store(value, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raised_signal_is_seen_by_every_clone_with_its_exit_status() {
        let a = Interrupt::never();
        let b = a.clone();
        assert_eq!(b.check(), Ok(()));
        a.raise(Signal::Term);
        let err = b.check().unwrap_err();
        assert_eq!(err.signal.exit_code(), 143);
        assert_eq!(err.to_string(), "stopped by SIGTERM");
    }
}
