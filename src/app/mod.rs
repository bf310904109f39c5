//! The desktop app: a thin layer of Bevy plugins over the core, one per screen or feature.
//! Screens are one `States` enum; the core does all scoring.

pub mod autopilot;
pub mod contest;
mod controls;
pub mod i18n;
pub mod library;
pub mod options;
pub mod screen;
pub mod screens;
pub mod session;
pub mod storage;
pub mod sync;
pub mod theme;
mod ticking;
mod watch;

use bevy::prelude::*;

pub use i18n::{Lang, Language};
pub use options::{AppOptions, AutopilotRequest};
pub use screen::Screen;

/// Everything of liandong's app except Bevy's own plugins, so tests can run it headless.
pub struct AppPlugin {
    pub options: AppOptions,
    pub lang: Lang,
}

impl Plugin for AppPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(self.options.clone())
            .insert_resource(Language(self.lang));
        app.add_plugins((
            i18n::plugin,
            theme::plugin,
            library::plugin,
            storage::plugin,
            sync::plugin,
            session::plugin,
            contest::plugin,
            screens::plugin,
            controls::plugin,
            watch::plugin,
        ));
        if self.options.autopilot.is_some() {
            app.add_plugins(autopilot::plugin);
        }
    }
}

pub use crate::scenario::bundled::default_cases_dir;

/// When the process started, for the start-up benchmark (set first thing in `main`).
pub static LAUNCHED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// With `LIANDONG_EXIT_AFTER_FIRST_FRAME` set, prints the time from launch to the first frame
/// drawn and quits: `scripts/bench-app.sh` compares it with a bare Bevy window.
pub fn report_first_frame(mut frames: Local<u32>, mut exit: MessageWriter<AppExit>) {
    *frames += 1;
    // `First` of the second frame: the first one has been rendered and presented
    if *frames == 2 {
        let launched = LAUNCHED.get_or_init(std::time::Instant::now);
        println!(
            "first-frame-ms {:.1}",
            launched.elapsed().as_secs_f64() * 1000.0
        );
        exit.write(AppExit::Success);
    }
}

/// Opens the window and runs the app until it is closed.
pub fn run(options: AppOptions, lang: Lang) -> AppExit {
    use bevy::log::LogPlugin;
    use bevy::window::WindowResolution;
    use bevy::winit::WinitSettings;

    let autopilot = options.autopilot.is_some();
    let title = i18n::UiText::load(lang).map_or_else(|_| "liandong".to_owned(), |ui| ui.app_title);
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .build()
            // A click's frame is rendered right after its update instead of beside the next
            // one: the app runs a frame only on input, so pipelining buys no throughput and
            // costs a frame of latency (the latency harness: p95 of a chip toggle 95 -> 51 ms
            // under Xvfb and llvmpipe, BENCHMARKS.md)
            .disable::<bevy::render::pipelined_rendering::PipelinedRenderingPlugin>()
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title,
                    resolution: WindowResolution::new(options.window_size.0, options.window_size.1),
                    ..default()
                }),
                ..default()
            })
            .set(LogPlugin {
                // Chinese line breaking works without ICU's segmentation model; do not warn
                filter: "wgpu=error,naga=warn,icu_provider=error".into(),
                ..default()
            }),
    )
    // an idle training screen should cost nothing; the autopilot needs every frame drawn
    .insert_resource(if autopilot {
        WinitSettings::continuous()
    } else {
        WinitSettings::desktop_app()
    })
    .insert_resource(ClearColor(theme::palette::BACKGROUND))
    .add_plugins(AppPlugin { options, lang });
    if std::env::var_os("LIANDONG_EXIT_AFTER_FIRST_FRAME").is_some() {
        app.add_systems(First, report_first_frame);
    }
    app.run()
}
