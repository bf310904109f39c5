//! A screen that changes with time (a countdown, an answer coming from another thread) must
//! redraw a few times a second even when nobody moves the mouse; the windowed app otherwise
//! draws only on input. These two put that on and take it back.

use std::time::Duration;

use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};

/// The frame rate the windowed app had before ticking began.
#[derive(Resource)]
pub struct SavedWinit(WinitSettings);

/// Asks for a frame a quarter second until [`stop_ticking`]. (Headless, without winit, it
/// does nothing.)
pub fn start_ticking(commands: &mut Commands, winit: Option<Mut<WinitSettings>>) {
    if let Some(mut winit) = winit {
        commands.insert_resource(SavedWinit(winit.clone()));
        let tick = UpdateMode::reactive(Duration::from_millis(250));
        winit.focused_mode = tick;
        winit.unfocused_mode = tick;
    }
}

/// Gives the app back the frame rate it had before [`start_ticking`].
pub fn stop_ticking(saved: Option<Res<SavedWinit>>, mut commands: Commands) {
    if let Some(saved) = saved {
        commands.insert_resource(saved.0.clone());
        commands.remove_resource::<SavedWinit>();
    }
}
