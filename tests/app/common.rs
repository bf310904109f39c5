//! What every app test starts from: the app's plugins over Bevy's minimal ones, headless, with
//! its first frame run.

use std::path::PathBuf;

use bevy::input::InputPlugin;
use bevy::input_focus::InputFocusPlugin;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use liandong::app::{AppOptions, AppPlugin, Lang};

/// The app on `cases_dir`, saving into `data_dir` (nothing saved without one), in `lang`.
pub fn app(cases_dir: PathBuf, data_dir: Option<PathBuf>, lang: Lang) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, InputPlugin, InputFocusPlugin));
    app.add_plugins(AppPlugin {
        options: AppOptions {
            cases_dir,
            data_dir,
            window_size: (1280, 720),
            autopilot: None,
        },
        lang,
    });
    app.update();
    app
}
