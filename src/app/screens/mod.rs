//! The screens, one plugin each; the flow between them is the `Screen` state (`screen.rs`).

mod case_map;
pub mod debrief;
mod head_office;
pub mod history;
mod leaderboard;
mod library;
mod lrs_settings;
pub mod play;
pub mod review;
mod role;
mod settings;
mod title;

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use super::screen::{Screen, SelectedCase};

pub(super) fn plugin(app: &mut App) {
    // registered by the window plugin too; headless (tests) the screens still ask for frames
    app.add_message::<RequestRedraw>()
        .init_state::<Screen>()
        .init_resource::<SelectedCase>()
        .add_systems(Startup, spawn_camera)
        .add_systems(Last, redraw_for_a_screen_change)
        .add_plugins((
            title::plugin,
            library::plugin,
            role::plugin,
            play::plugin,
            debrief::plugin,
            settings::plugin,
            case_map::plugin,
            history::plugin,
            review::plugin,
            leaderboard::plugin,
            head_office::plugin,
            lrs_settings::plugin,
        ));
}

fn spawn_camera(mut commands: Commands) {
    // the interface is drawn without multisampling (text and rounded corners are smoothed by
    // their own shaders); 4x MSAA only cost a software renderer a third of every frame
    commands.spawn((Name::new("Camera"), Camera2d, Msaa::Off));
}

/// A screen change asked for during a frame happens at the start of the next one. The windowed
/// app runs a frame only on input (`WinitSettings::desktop_app`): without asking for that frame,
/// the new screen a click asked for would wait for the mouse to move, or up to 5 s.
fn redraw_for_a_screen_change(
    next: Res<NextState<Screen>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    if !matches!(*next, NextState::Unchanged) {
        redraw.write(RequestRedraw);
    }
}
