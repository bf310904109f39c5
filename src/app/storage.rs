//! The results database in the app: opened at start, written when a run finishes. If it
//! cannot be opened the app still plays and says that nothing is being saved.

use std::sync::Mutex;

use bevy::prelude::*;

use crate::app::options::AppOptions;
use crate::app::session::{RunFinished, Session};
use crate::store::{CompetitionTurn, RunRecord, Store};

/// Who is practising, when nobody signed in.
pub const GUEST: &str = "访客";

/// The store (if it opened), the signed-in trainee, and what the user must be told.
#[derive(Resource, Default)]
pub struct Storage {
    /// SQLite connections are not `Sync`; the lock is only ever taken by one system at a time.
    pub store: Option<Mutex<Store>>,
    /// Why results are not being saved, or that a corrupt database was moved aside.
    pub problem: Option<String>,
    pub trainee: Option<String>,
}

impl Storage {
    pub fn open(options: &AppOptions) -> Storage {
        let Some(dir) = &options.data_dir else {
            return Storage {
                problem: Some("找不到数据文件夹，成绩不会保存（可用 --data-dir 指定）".into()),
                ..default()
            };
        };
        match Store::open(dir) {
            Ok((store, recovery)) => {
                let problem = recovery.map(|r| r.message());
                if let Some(problem) = &problem {
                    eprintln!("{problem}");
                }
                // whoever was signed in when the app last closed is still signed in
                let trainee = store.signed_in().unwrap_or_else(|e| {
                    eprintln!("{e}");
                    None
                });
                Storage {
                    store: Some(Mutex::new(store)),
                    problem,
                    trainee,
                }
            }
            Err(e) => {
                let problem = format!("{e}。可以照常演练，但成绩不会保存。");
                eprintln!("{problem}");
                Storage {
                    problem: Some(problem),
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

    pub fn trainee_name(&self) -> &str {
        self.trainee.as_deref().unwrap_or(GUEST)
    }
}

/// Storage's answer to `RunFinished`: the run's id, or why it was not saved.
#[derive(Message, Debug, Clone)]
pub struct RunSaved {
    pub outcome: Result<i64, String>,
    /// Whose run it is: the signed-in trainee, the guest, or the team on stage.
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
        // a run started part-way through (the trainer's case map) is a try-out, not a result
        let outcome = if playthrough.transcript().start_step.is_some() {
            Err("从中途开始的演练不计入成绩".into())
        } else {
            let record = RunRecord::from_playthrough(playthrough, &saved_as, turn.clone());
            storage
                .with(|store| store.save_run(&record).map_err(|e| e.to_string()))
                .unwrap_or_else(|| {
                    Err(storage
                        .problem
                        .clone()
                        .unwrap_or_else(|| "没有可用的数据库".into()))
                })
        };
        if let Err(e) = &outcome {
            eprintln!("成绩没有保存：{e}");
        }
        saved.write(RunSaved {
            outcome,
            saved_as,
            turn,
        });
    }
}
