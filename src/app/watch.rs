//! Hot reload: a background thread notices when a case file is saved, the library reloads,
//! and a case being played restarts with the new content (and says so).
//!
//! Polling the folder's modification times is cheap (a few dozen `stat` calls every half
//! second) and wakes the event loop only on a change, so an idle app stays idle.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use bevy::prelude::*;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};

use super::i18n::Ui;
use super::library::Library;
use super::session::Session;
use crate::app::options::AppOptions;
use crate::app::screen::Screen;
use crate::playthrough::Playthrough;
use crate::scenario::limits::MAX_FOLDER_DEPTH;
use crate::scenario::workbook;

const POLL_EVERY: Duration = Duration::from_millis(500);

/// Set by the watcher thread when the cases folder changed.
#[derive(Resource, Clone, Default)]
pub struct CasesChanged(pub Arc<AtomicBool>);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<CasesChanged>()
        .add_systems(Startup, start_watcher)
        .add_systems(Update, reload_changed_cases);
}

/// What the folder looks like: every case file (`.ron`, or a workbook a spreadsheet program
/// saves) with its size and modification time; the lock files those programs keep beside an
/// open workbook are not cases.
fn signature(dir: &Path) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut found = Vec::new();
    let mut folders = vec![(dir.to_path_buf(), 0)];
    while let Some((folder, depth)) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() && depth < MAX_FOLDER_DEPTH {
                folders.push((path, depth + 1));
            } else if path.extension().is_some_and(|e| e == "ron")
                || workbook::is_workbook(&path) && !workbook::is_lock_file(&path)
            {
                found.push((path, meta.len(), meta.modified().ok()));
            }
        }
    }
    found.sort();
    found
}

fn start_watcher(
    options: Res<AppOptions>,
    changed: Res<CasesChanged>,
    proxy: Option<Res<EventLoopProxyWrapper>>,
) {
    let dir = options.cases_dir.clone();
    let flag = Arc::clone(&changed.0);
    let proxy = proxy.map(|p| (**p).clone());
    let spawned = std::thread::Builder::new()
        .name("cases-watcher".into())
        .spawn(move || {
            let mut last = signature(&dir);
            loop {
                std::thread::sleep(POLL_EVERY);
                let now = signature(&dir);
                if now != last {
                    last = now;
                    flag.store(true, Ordering::Release);
                    if let Some(proxy) = &proxy {
                        // the app is gone when this fails: stop watching
                        if proxy.send_event(WinitUserEvent::WakeUp).is_err() {
                            return;
                        }
                    }
                }
            }
        });
    if let Err(e) = spawned {
        warn!("cases folder is not watched: {e}");
    }
}

/// Reloads the library after a change; restarts the case in play if its file changed.
#[expect(
    clippy::too_many_arguments,
    reason = "a reload touches the library, the session and the screen"
)]
pub fn reload_changed_cases(
    changed: Res<CasesChanged>,
    options: Res<AppOptions>,
    mut library: ResMut<Library>,
    session: Option<ResMut<Session>>,
    ui: Res<Ui>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
) {
    if !changed.0.swap(false, Ordering::AcqRel) {
        return;
    }
    library.reload(&options);
    let Some(mut session) = session else { return };
    let id = session.case_id().to_owned();
    match library.case(&id) {
        // the case in play is the version it was started on: restart it only if the text changed
        Some(case) if case.source_hash != session.playthrough.case().source_hash => {
            let seed = session.playthrough.variant().seed;
            let role = session.playthrough.role().clone();
            if let Ok(playthrough) = Playthrough::start(case, seed, role, chrono::Utc::now()) {
                session.playthrough = playthrough;
                session.last = None;
                session.notice = Some(ui.case_changed.clone());
                if *screen.get() == Screen::Debrief {
                    next.set(Screen::Play);
                }
            }
        }
        Some(_) => {}
        None => {
            commands.remove_resource::<Session>();
            if matches!(
                screen.get(),
                Screen::Play | Screen::Debrief | Screen::RoleChoice
            ) {
                next.set(Screen::Library);
            }
        }
    }
}
