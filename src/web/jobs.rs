//! Assemblies started from the web app. One runs at a time per bulletin: asking again
//! while one runs finds that one (and shows its progress) instead of starting another;
//! different bulletins assemble at once. Each runs on a blocking thread through the same
//! library path as `bantin assemble` ([`crate::export::assemble`]); its progress is the
//! progress bar the command line draws, read here instead of drawn. The last outcome of
//! each bulletin stays until the next run, so the page can show why it was refused.

use crate::export::assemble::AssembleError;
use crate::interrupt::{Interrupt, Signal};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// How a run ended.
#[derive(Debug)]
pub enum Outcome {
    /// The set is in place.
    Made,
    /// Refused or failed (missing or suspect takes, a file that cannot be read…):
    /// nothing was changed.
    Refused(AssembleError),
    /// Stopped because the server is stopping: nothing was changed.
    Stopped,
}

#[derive(Debug)]
enum State {
    Checking,
    Preparing,
    Finished(Arc<Outcome>),
}

/// One run.
pub struct Job {
    started: Instant,
    /// When it started, milliseconds since the Unix epoch: which run a page follows.
    started_ms: i64,
    /// Files prepared / to prepare, as the command line's bar counts them.
    pub bar: indicatif::ProgressBar,
    pub interrupt: Interrupt,
    state: Mutex<State>,
}

/// Where a run stands, for the page (JSON over server-sent events).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Progress {
    /// "checking", "preparing", "mixing" or "finished".
    pub phase: &'static str,
    /// The run's start (ms since the Unix epoch): two requests that see the same value
    /// follow the same run.
    pub started_ms: i64,
    pub done: u64,
    pub total: u64,
    pub elapsed_s: u64,
    /// Finished: whether the set was made.
    pub ok: Option<bool>,
}

impl Job {
    fn new() -> Self {
        Self {
            started: Instant::now(),
            started_ms: jiff::Timestamp::now().as_millisecond(),
            bar: indicatif::ProgressBar::hidden(),
            interrupt: Interrupt::never(),
            state: Mutex::new(State::Checking),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The takes are read: preparing starts.
    pub fn preparing(&self) {
        *self.lock() = State::Preparing;
    }

    pub fn progress(&self) -> Progress {
        let state = self.lock();
        let (done, total) = (self.bar.position(), self.bar.length().unwrap_or(0));
        let (phase, ok) = match &*state {
            State::Checking => ("checking", None),
            State::Preparing if total > 0 && done >= total => ("mixing", None),
            State::Preparing => ("preparing", None),
            State::Finished(o) => ("finished", Some(matches!(**o, Outcome::Made))),
        };
        Progress {
            phase,
            started_ms: self.started_ms,
            done,
            total,
            elapsed_s: self.started.elapsed().as_secs(),
            ok,
        }
    }

    /// The outcome, once finished.
    pub fn outcome(&self) -> Option<Arc<Outcome>> {
        match &*self.lock() {
            State::Finished(o) => Some(Arc::clone(o)),
            _ => None,
        }
    }

    pub fn running(&self) -> bool {
        self.outcome().is_none()
    }

    pub fn elapsed_s(&self) -> u64 {
        self.started.elapsed().as_secs()
    }
}

/// The runs of every bulletin: the one running, or the last one.
#[derive(Default)]
pub struct Jobs {
    by_bulletin: Mutex<HashMap<String, Arc<Job>>>,
}

impl Jobs {
    /// The bulletin's run: the one running, or the last one (None if never run here).
    pub fn get(&self, bulletin: &str) -> Option<Arc<Job>> {
        self.map().get(bulletin).cloned()
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Job>>> {
        self.by_bulletin
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Starts `work` for `bulletin` on a blocking thread unless a run of it is under way;
    /// returns the run and whether it is a new one. `finished` is called after it ends.
    pub fn start(
        &self,
        bulletin: &str,
        work: impl FnOnce(&Job) -> Outcome + Send + 'static,
        finished: impl FnOnce() + Send + 'static,
    ) -> (Arc<Job>, bool) {
        let mut map = self.map();
        if let Some(job) = map.get(bulletin)
            && job.running()
        {
            return (Arc::clone(job), false);
        }
        let job = Arc::new(Job::new());
        map.insert(bulletin.to_string(), Arc::clone(&job));
        drop(map);
        let running = Arc::clone(&job);
        tokio::task::spawn_blocking(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&running)))
                .unwrap_or_else(|_| {
                    Outcome::Refused(AssembleError::ReadBack {
                        path: std::path::PathBuf::new(),
                        source: std::io::Error::other("the assembly stopped on an internal error"),
                    })
                });
            *running.lock() = State::Finished(Arc::new(outcome));
            finished();
        });
        (job, true)
    }

    /// Asks every run to stop (the server is stopping): each removes what it started.
    pub fn stop_all(&self) {
        for job in self.map().values() {
            job.interrupt.raise(Signal::Term);
        }
    }

    /// Whether any run is under way.
    pub fn any_running(&self) -> bool {
        self.map().values().any(|j| j.running())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    async fn finished(job: &Job) {
        for _ in 0..200 {
            if !job.running() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the run did not finish");
    }

    #[tokio::test]
    async fn one_run_per_bulletin_and_several_bulletins_at_once() {
        let jobs = Jobs::default();
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let hold = Mutex::new(hold);
        let (a, new_a) = jobs.start(
            "a",
            move |_| {
                let _ = hold.lock().unwrap().recv();
                Outcome::Made
            },
            || {},
        );
        assert!(new_a);
        // Asked again while it runs: the same run, not a second one.
        let (again, new_again) = jobs.start("a", |_| Outcome::Stopped, || {});
        assert!(!new_again);
        assert!(Arc::ptr_eq(&a, &again));
        // Another bulletin starts at once, and ends while the first still runs.
        let (b, new_b) = jobs.start("b", |_| Outcome::Made, || {});
        assert!(new_b);
        finished(&b).await;
        assert!(a.running());
        assert_eq!(b.progress().ok, Some(true));
        release.send(()).unwrap();
        finished(&a).await;
        assert!(matches!(*a.outcome().unwrap(), Outcome::Made));
        // Once finished, a new request starts a new run.
        let (c, new_c) = jobs.start("a", |_| Outcome::Stopped, || {});
        assert!(new_c && !Arc::ptr_eq(&a, &c));
        finished(&c).await;
        assert_eq!(c.progress().ok, Some(false));
    }

    #[tokio::test]
    async fn progress_follows_the_bar_and_a_stop_reaches_the_run() {
        let jobs = Jobs::default();
        let (job, _) = jobs.start(
            "a",
            |job| {
                job.preparing();
                job.bar.set_length(4);
                job.bar.inc(1);
                while job.interrupt.check().is_ok() {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Outcome::Stopped
            },
            || {},
        );
        for _ in 0..200 {
            if job.progress().phase == "preparing" && job.progress().done == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let p = job.progress();
        assert_eq!((p.phase, p.done, p.total), ("preparing", 1, 4));
        assert!(jobs.any_running());
        jobs.stop_all();
        finished(&job).await;
        assert!(!jobs.any_running());
        assert!(matches!(*job.outcome().unwrap(), Outcome::Stopped));
    }
}
