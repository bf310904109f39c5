//! The background sender: a thread that keeps the outbox empty while the LRS answers, and
//! waits longer and longer (2 s, 4 s, … up to 5 minutes) while it does not.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{LrsConfig, SyncError, sync_once};
use crate::store::{OutboxCounts, Store};

/// The first wait after a failure; it doubles with each failure in a row.
const FIRST_RETRY: Duration = Duration::from_secs(2);
/// The longest wait between two tries while the LRS is away.
const LONGEST_RETRY: Duration = Duration::from_secs(300);

/// What the sender knows, for the interface's 已同步 / 待同步 line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SenderStatus {
    pub counts: OutboxCounts,
    /// Why the last try failed; `None` once one succeeds.
    pub last_error: Option<SyncError>,
    /// Tries that failed in a row.
    pub failures: u32,
}

#[derive(Default)]
struct Signal {
    stop: bool,
    wake: bool,
}

struct Shared {
    signal: Mutex<Signal>,
    changed: Condvar,
    status: Mutex<SenderStatus>,
}

/// Sends the outbox of the database in `data_dir` on a thread of its own. Dropping it (or
/// [`Sender::stop`]) stops the thread after the request under way, if any.
pub struct Sender {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Sender {
    /// Starts the thread: it opens its own connection to the database in `data_dir`, reads
    /// the LRS settings there before each try (so new settings apply at once), sends what
    /// waits, and then sleeps `idle` or until [`Sender::wake`].
    pub fn start(data_dir: PathBuf, idle: Duration) -> Sender {
        let shared = Arc::new(Shared {
            signal: Mutex::new(Signal::default()),
            changed: Condvar::new(),
            status: Mutex::new(SenderStatus::default()),
        });
        let thread = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("liandong-lrs-sender".into())
                .spawn(move || run(&data_dir, idle, &shared))
                .expect("a thread starts")
        };
        Sender {
            shared,
            thread: Some(thread),
        }
    }

    /// Try now (after a run was saved, or new settings).
    pub fn wake(&self) {
        lock(&self.shared.signal).wake = true;
        self.shared.changed.notify_all();
    }

    /// The counts and the last error as of the last try.
    pub fn status(&self) -> SenderStatus {
        lock(&self.shared.status).clone()
    }

    /// Stops the thread and waits for it.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        lock(&self.shared.signal).stop = true;
        self.shared.changed.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Sender {
    fn drop(&mut self) {
        self.halt();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn run(data_dir: &std::path::Path, idle: Duration, shared: &Shared) {
    let mut store: Option<Store> = None;
    let mut failures: u32 = 0;
    loop {
        if lock(&shared.signal).stop {
            return;
        }
        let outcome = try_once(data_dir, &mut store);
        let wait = match &outcome {
            Ok(_) => {
                failures = 0;
                idle
            }
            Err(_) => {
                failures = failures.saturating_add(1);
                FIRST_RETRY
                    .saturating_mul(1 << (failures - 1).min(16))
                    .min(LONGEST_RETRY)
            }
        };
        {
            let mut status = lock(&shared.status);
            status.failures = failures;
            match outcome {
                Ok(counts) => {
                    status.counts = counts;
                    status.last_error = None;
                }
                Err((counts, error)) => {
                    if let Some(counts) = counts {
                        status.counts = counts;
                    }
                    status.last_error = Some(error);
                }
            }
        }
        // sleep until the wait is over, a wake or a stop
        let deadline = Instant::now() + wait;
        let mut signal = lock(&shared.signal);
        loop {
            if signal.stop {
                return;
            }
            if signal.wake {
                signal.wake = false;
                break;
            }
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            signal = shared
                .changed
                .wait_timeout(signal, deadline - now)
                .map(|(guard, _)| guard)
                .unwrap_or_else(|poisoned| poisoned.into_inner().0);
        }
    }
}

type Tried = Result<OutboxCounts, (Option<OutboxCounts>, SyncError)>;

fn try_once(data_dir: &std::path::Path, store: &mut Option<Store>) -> Tried {
    if store.is_none() {
        match Store::open(data_dir) {
            Ok((opened, _)) => *store = Some(opened),
            Err(e) => return Err((None, e.into())),
        }
    }
    let store = store.as_ref().expect("opened above");
    let counts = store.outbox_counts().ok();
    let config = match LrsConfig::load(data_dir) {
        Ok(Some(config)) => config,
        Ok(None) => return Err((counts, SyncError::NotConfigured)),
        Err(e) => {
            return Err((
                counts,
                SyncError::Store {
                    detail: e.to_string(),
                },
            ));
        }
    };
    let report = sync_once(store, &config);
    let counts = store.outbox_counts().ok();
    match report.error {
        None => Ok(counts.unwrap_or_default()),
        Some(error) => Err((counts, error)),
    }
}
