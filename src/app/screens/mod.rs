//! The screens, one plugin each; the flow between them is the `Screen` state.

mod case_map;
pub mod debrief;
pub mod history;
mod library;
pub mod play;
mod role;
mod settings;
mod title;

use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use super::i18n::Ui;
use super::library::Library;
use super::theme::fonts::UiFonts;
use super::theme::widget::{self, ButtonLook};

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Title,
    Library,
    RoleChoice,
    Play,
    Debrief,
    Settings,
    /// The trainer's map of the selected case.
    CaseMap,
    /// The signed-in trainee's runs, trend, missed rules and suggested next case.
    History,
    /// A trainer sets up a group competition.
    ContestSetup,
    /// The live scoreboard between turns, for the projector.
    Scoreboard,
    /// The end of a competition.
    Podium,
}

impl Screen {
    /// Where Esc leads from here.
    pub fn back(self) -> Option<Screen> {
        match self {
            Screen::Title => None,
            Screen::Library | Screen::Settings | Screen::History | Screen::ContestSetup => {
                Some(Screen::Title)
            }
            // the contest is saved turn by turn: leaving it can be resumed from the title
            Screen::Scoreboard | Screen::Podium => Some(Screen::Title),
            Screen::RoleChoice | Screen::Debrief => Some(Screen::Library),
            Screen::Play | Screen::CaseMap => Some(Screen::RoleChoice),
        }
    }

    /// Where Esc or the back button leads, when a contest turn may be on stage: leaving a turn
    /// goes back to the trainer's scoreboard, where the same team can go on stage again.
    pub fn back_during(self, contest_turn: bool) -> Option<Screen> {
        match self {
            Screen::Play if contest_turn => Some(Screen::Scoreboard),
            _ => self.back(),
        }
    }
}

/// The case picked in the library, by id.
#[derive(Resource, Debug, Clone, Default)]
pub struct SelectedCase(pub Option<String>);

impl SelectedCase {
    /// The picked case as the library holds it now (it may have been removed or broken).
    pub fn case(&self, library: &Library) -> Option<std::sync::Arc<crate::scenario::Case>> {
        self.0.as_deref().and_then(|id| library.case(id))
    }
}

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
            case_map::plugin,
            history::plugin,
        ));
}

/// The header bar of a screen: its title, whatever `extra` adds, and a back button to `back`.
pub(crate) fn spawn_header(
    parent: &mut ChildSpawnerCommands,
    title: String,
    ui: &Ui,
    fonts: &UiFonts,
    back: Screen,
    extra: impl FnOnce(&mut ChildSpawnerCommands),
) {
    parent
        .spawn(widget::header_bar(title, &fonts.bold))
        .with_children(|bar| {
            extra(bar);
            bar.spawn(Node {
                flex_grow: 1.0,
                ..default()
            });
            bar.spawn(widget::button(ui.back.clone(), ButtonLook::Plain))
                .observe(
                    move |_: On<Activate>, mut next: ResMut<NextState<Screen>>| next.set(back),
                );
        });
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn((Name::new("Camera"), Camera2d));
}
