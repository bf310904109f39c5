//! Live sync to the bank's learning record store: once its address and credentials are set
//! (in the settings screen or with `liandong lrs set`), a background sender posts the
//! statements every saved run put in the outbox, with retry and back-off while the store is
//! away, and never on the frame's thread. The title and settings screens show 已同步 / 待同步
//! and the last error.

use std::path::PathBuf;
use std::time::Duration;

use bevy::prelude::*;

use crate::app::i18n::{Ui, fill};
use crate::app::options::AppOptions;
use crate::app::storage::{RunSaved, Storage};
use crate::lang::SettingsHint;
use crate::lrs::{LrsConfig, Sender, SenderStatus, SyncError};

/// How long the sender rests when nothing fails: a run saved wakes it at once.
const IDLE: Duration = Duration::from_secs(60);

/// The background sender, once a learning record store is set.
#[derive(Resource, Default)]
pub struct LrsSync {
    sender: Option<Sender>,
    data_dir: Option<PathBuf>,
}

/// The sync line as last shown (kept to write the text only when it changes).
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncLine {
    pub text: String,
    pub failing: bool,
}

impl LrsSync {
    /// Starts the sender (or wakes it) for the data folder, if a store is set there.
    pub fn start(&mut self) {
        let Some(dir) = self.data_dir.clone() else {
            return;
        };
        match &self.sender {
            Some(sender) => sender.wake(),
            None => {
                if matches!(LrsConfig::load(&dir), Ok(Some(_))) {
                    self.sender = Some(Sender::start(dir, IDLE));
                }
            }
        }
    }

    pub fn status(&self) -> Option<SenderStatus> {
        self.sender.as_ref().map(Sender::status)
    }

    pub fn data_dir(&self) -> Option<&PathBuf> {
        self.data_dir.as_ref()
    }
}

pub(super) fn plugin(app: &mut App) {
    let data_dir = app.world().resource::<AppOptions>().data_dir.clone();
    let mut sync = LrsSync {
        sender: None,
        data_dir,
    };
    // after the app's own store is open (Storage's plugin runs first): the sender opens a
    // connection of its own to the same database
    if app.world().resource::<Storage>().store.is_some() {
        sync.start();
    }
    app.insert_resource(sync)
        .init_resource::<SyncLine>()
        .add_systems(
            Update,
            (
                wake_after_a_saved_run.run_if(on_message::<RunSaved>),
                refresh_line,
            )
                .chain(),
        );
}

fn wake_after_a_saved_run(mut sync: ResMut<LrsSync>) {
    sync.start();
}

/// The words of the app's settings for what to do about the store's settings.
pub fn settings_hint(ui: &Ui) -> SettingsHint<'_> {
    SettingsHint {
        set: &ui.lrs_how_set,
        reset: &ui.lrs_how_reset,
        check: &ui.lrs_how_check,
    }
}

/// The sync status in words; unchanged text is not written again.
fn refresh_line(sync: Res<LrsSync>, ui: Res<Ui>, mut line: ResMut<SyncLine>) {
    let Some(status) = sync.status() else {
        line.set_if_neq(SyncLine::default());
        return;
    };
    let counts = fill(
        &fill(&ui.lrs_counts, "sent", status.counts.sent),
        "pending",
        status.counts.pending,
    );
    let now = match &status.last_error {
        // before the first try the sender knows no counts yet
        None => SyncLine {
            text: counts,
            failing: false,
        },
        Some(error) => SyncLine {
            text: format!(
                "{counts}{}{}",
                ui.lrs_separator,
                ui.errors
                    .sync(error, status.counts.pending, settings_hint(&ui))
            ),
            failing: !matches!(error, SyncError::NotConfigured),
        },
    };
    line.set_if_neq(now);
}
