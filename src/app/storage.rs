//! The results database in the app: opened at start, written when a run finishes. If it
//! cannot be opened the app still plays and says that nothing is being saved.

use std::sync::Mutex;

use bevy::prelude::*;

use super::library::Library;
use super::session::Session;
use crate::app::options::AppOptions;
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
    /// The outcome of saving the last finished run: its id, or why it was not saved.
    pub last_save: Option<Result<i64, String>>,
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
                Storage {
                    store: Some(Mutex::new(store)),
                    problem,
                    ..default()
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

/// Sent when the case in play has ended; the run is saved once.
#[derive(Message, Debug, Clone)]
pub struct RunFinished {
    /// Set in a competition: the run is this team's turn.
    pub competition: Option<CompetitionTurn>,
}

pub(super) fn plugin(app: &mut App) {
    let storage = Storage::open(app.world().resource::<AppOptions>());
    app.insert_resource(storage)
        .add_message::<RunFinished>()
        .add_systems(
            Update,
            // in the frame the run ends, so the debrief can say whether it was saved
            save_finished_runs
                .after(super::session::apply_answers)
                .run_if(resource_exists::<Session>),
        );
}

fn save_finished_runs(
    mut finished: MessageReader<RunFinished>,
    session: Res<Session>,
    library: Res<Library>,
    mut storage: ResMut<Storage>,
) {
    for run in finished.read() {
        let playthrough = &session.playthrough;
        // a run started part-way through (the trainer's case map) is a try-out, not a result
        if playthrough.transcript().start_step.is_some() {
            storage.last_save = Some(Err("从中途开始的演练不计入成绩".into()));
            continue;
        }
        let source = library.source_of(session.case_id()).unwrap_or_default();
        let trainee = match &run.competition {
            Some(turn) => turn.team_name.clone(),
            None => storage.trainee_name().to_owned(),
        };
        let record =
            RunRecord::from_playthrough(playthrough, &trainee, source, run.competition.clone());
        let saved = storage
            .with(|store| store.save_run(&record).map_err(|e| e.to_string()))
            .unwrap_or_else(|| {
                Err(storage
                    .problem
                    .clone()
                    .unwrap_or_else(|| "没有可用的数据库".into()))
            });
        if let Err(e) = &saved {
            eprintln!("成绩没有保存：{e}");
        }
        storage.last_save = Some(saved);
    }
}
