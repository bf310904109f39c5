//! The screens, one plugin each; the flow between them is the `Screen` state.

pub mod debrief;
mod library;
pub mod play;
mod role;
mod settings;
mod title;

use bevy::prelude::*;

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Title,
    Library,
    RoleChoice,
    Play,
    Debrief,
    Settings,
}

impl Screen {
    /// Where Esc leads from here.
    pub fn back(self) -> Option<Screen> {
        match self {
            Screen::Title => None,
            Screen::Library | Screen::Settings => Some(Screen::Title),
            Screen::RoleChoice | Screen::Debrief => Some(Screen::Library),
            Screen::Play => Some(Screen::RoleChoice),
        }
    }
}

/// The case picked in the library, by id.
#[derive(Resource, Debug, Clone, Default)]
pub struct SelectedCase(pub Option<String>);

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        .init_resource::<SelectedCase>()
        .add_systems(Startup, spawn_camera)
        .add_plugins((
            title::plugin,
            library::plugin,
            role::plugin,
            play::plugin,
            debrief::plugin,
            settings::plugin,
        ));
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn((Name::new("Camera"), Camera2d));
}
