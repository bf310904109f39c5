//! A bare Bevy window with liandong's Bevy features and settings, for the start-up benchmark:
//! `scripts/bench-app.sh` compares liandong's launch-to-first-frame time with this one's.

use bevy::log::LogPlugin;
use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy::winit::WinitSettings;

fn main() {
    liandong::app::LAUNCHED.get_or_init(std::time::Instant::now);
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "bare window".into(),
                    resolution: WindowResolution::new(1280, 720),
                    ..default()
                }),
                ..default()
            })
            .set(LogPlugin {
                filter: "wgpu=error,naga=warn,icu_provider=error".into(),
                ..default()
            }),
    )
    .insert_resource(WinitSettings::desktop_app())
    .add_systems(Startup, |mut commands: Commands| {
        commands.spawn(Camera2d);
    });
    if std::env::var_os("LIANDONG_EXIT_AFTER_FIRST_FRAME").is_some() {
        app.add_systems(First, liandong::app::report_first_frame);
    }
    app.run();
}
