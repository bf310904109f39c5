//! The results database in the app: opened at start, written when a run finishes. If it
//! cannot be opened the app still plays and says that nothing is being saved.

use std::sync::{Arc, Mutex};

use bevy::prelude::*;

use crate::app::i18n::{UiText, fill};
use crate::app::options::AppOptions;
use crate::app::session::{RunFinished, Session};
use crate::store::{CompetitionTurn, GUEST, Identity, Recovery, RunRecord, Store, StoreError};

/// What the user must be told about the database, worded when shown (in the language of the
/// moment, which settings can change).
#[derive(Debug, Clone)]
pub enum StorageProblem {
    /// No data folder was given or found: nothing is saved.
    NoDataDir,
    /// The database could not be opened: nothing is saved.
    Unavailable(Arc<StoreError>),
    /// A damaged database was moved aside and a fresh one made.
    Recovered(Recovery),
    /// The database failed to read or write (signing in, reading a history).
    Failed(Arc<StoreError>),
}

impl StorageProblem {
    pub fn text(&self, ui: &UiText) -> String {
        match self {
            StorageProblem::NoDataDir => ui.no_data_dir.clone(),
            StorageProblem::Unavailable(e) => {
                fill(&ui.store_unavailable, "reason", ui.errors.store(e))
            }
            StorageProblem::Recovered(recovery) => ui.errors.recovery(recovery),
            StorageProblem::Failed(e) => ui.errors.store(e),
        }
    }
}

/// The store (if it opened), the signed-in trainee, and what the user must be told.
#[derive(Resource, Default)]
pub struct Storage {
    /// SQLite connections are not `Sync`; the lock is only ever taken by one system at a time.
    pub store: Option<Mutex<Store>>,
    /// Why results are not being saved, or that a corrupt database was moved aside.
    pub problem: Option<StorageProblem>,
    pub trainee: Option<String>,
    /// The signed-in trainee's staff number and branch, as given at sign-in.
    pub identity: Identity,
}

impl Storage {
    pub fn open(options: &AppOptions) -> Storage {
        let Some(dir) = &options.data_dir else {
            return Storage {
                problem: Some(StorageProblem::NoDataDir),
                ..default()
            };
        };
        match Store::open(dir) {
            Ok((store, recovery)) => {
                if let Some(recovery) = &recovery {
                    warn!("damaged database moved aside: {recovery:?}");
                }
                // whoever was signed in when the app last closed is still signed in
                let trainee = store.signed_in().unwrap_or_else(|e| {
                    warn!("who was signed in cannot be read: {e}");
                    None
                });
                let identity = trainee
                    .as_deref()
                    .and_then(|name| store.trainee_identity(name).ok())
                    .unwrap_or_default();
                Storage {
                    store: Some(Mutex::new(store)),
                    problem: recovery.map(StorageProblem::Recovered),
                    trainee,
                    identity,
                }
            }
            Err(e) => {
                warn!("results will not be saved: {e}");
                Storage {
                    problem: Some(StorageProblem::Unavailable(Arc::new(e))),
                    ..default()
                }
            }
        }
    }

    /// Runs `f` on the store, if there is one.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> T) -> Option<T> {
        let store = self.store.as_ref()?;
        let mut guard = store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Some(f(&mut guard))
    }

    /// The name runs are saved and looked up under: the signed-in trainee or the guest.
    pub fn trainee_name(&self) -> &str {
        self.trainee.as_deref().unwrap_or(GUEST)
    }

    /// Why nothing can be saved, in the interface's words.
    pub fn problem_text(&self, ui: &UiText) -> Option<String> {
        self.problem.as_ref().map(|p| p.text(ui))
    }
}

/// Why a finished run was not saved.
#[derive(Debug, Clone)]
pub enum NotSaved {
    /// A run started part-way through (the trainer's case map) is a try-out, not a result.
    PartWay,
    /// There is no database, for this reason (if one is known).
    NoStore(Option<StorageProblem>),
    /// The database refused the run.
    Refused(Arc<StoreError>),
}

impl NotSaved {
    pub fn text(&self, ui: &UiText) -> String {
        match self {
            NotSaved::PartWay => ui.part_way_not_scored.clone(),
            NotSaved::NoStore(Some(problem)) => problem.text(ui),
            NotSaved::NoStore(None) => ui.no_store.clone(),
            NotSaved::Refused(e) => ui.errors.store(e),
        }
    }
}

/// Storage's answer to `RunFinished`: the run's id, or why it was not saved.
#[derive(Message, Debug, Clone)]
pub struct RunSaved {
    pub outcome: Result<i64, NotSaved>,
    /// Whose run it is, as stored: the signed-in trainee, the guest, or the team on stage
    /// (shown through `UiText::person`).
    pub saved_as: String,
    /// Set when the run was a competition turn.
    pub turn: Option<CompetitionTurn>,
}

pub(super) fn plugin(app: &mut App) {
    let storage = Storage::open(app.world().resource::<AppOptions>());
    app.insert_resource(storage)
        .add_message::<RunSaved>()
        .add_systems(
            Update,
            // in the frame the run ends, so the debrief can say whether it was saved
            save_finished_runs
                .after(super::session::apply_answers)
                .run_if(resource_exists::<Session>.and_then(on_message::<RunFinished>)),
        );
}

pub(crate) fn save_finished_runs(
    mut finished: MessageReader<RunFinished>,
    session: Res<Session>,
    storage: Res<Storage>,
    mut saved: MessageWriter<RunSaved>,
) {
    for RunFinished in finished.read() {
        let playthrough = &session.playthrough;
        let turn = session.contest_turn().cloned();
        let saved_as = match &turn {
            Some(turn) => turn.team_name.clone(),
            None => storage.trainee_name().to_owned(),
        };
        let outcome = if playthrough.transcript().start_step.is_some() {
            Err(NotSaved::PartWay)
        } else {
            let record = RunRecord::from_playthrough(playthrough, &saved_as, turn.clone());
            // a trainee's own run carries who they are; a contest turn is the team's
            let record = match (&turn, &storage.trainee) {
                (None, Some(_)) => record.with_identity(storage.identity.clone()),
                _ => record,
            };
            storage
                .with(|store| {
                    store
                        .save_run(&record)
                        .map_err(|e| NotSaved::Refused(Arc::new(e)))
                })
                .unwrap_or_else(|| Err(NotSaved::NoStore(storage.problem.clone())))
        };
        if let Err(e @ (NotSaved::NoStore(_) | NotSaved::Refused(_))) = &outcome {
            warn!("run not saved: {e:?}");
        }
        saved.write(RunSaved {
            outcome,
            saved_as,
            turn,
        });
    }
}
