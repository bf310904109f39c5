//! The screens' shared vocabulary: which screen is shown, the case picked in the library, and
//! the root every screen spawns its content under. Every screen imports this file; it imports
//! no other part of the app.

use bevy::input_focus::tab_navigation::TabGroup;
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
    /// The trainer's case review (案例点评) of a contest or of a case's runs.
    Review,
    /// The group drill's preparation and performance timers, for the projector.
    DrillTimer,
    /// The trainees' referral points over a period (排行榜).
    Leaderboard,
    /// Every room's records read back from the learning record store (总行视图).
    HeadOffice,
}

impl Screen {
    /// Where Esc leads from here.
    pub fn back(self) -> Option<Screen> {
        match self {
            // the review goes back to where it was opened (scoreboard, podium, role screen)
            Screen::Title | Screen::Review => None,
            Screen::Library
            | Screen::Settings
            | Screen::History
            | Screen::ContestSetup
            | Screen::Leaderboard => Some(Screen::Title),
            // the contest is saved turn by turn: leaving it can be resumed from the title
            Screen::Scoreboard | Screen::Podium => Some(Screen::Title),
            Screen::DrillTimer => Some(Screen::Scoreboard),
            Screen::HeadOffice => Some(Screen::Leaderboard),
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

/// The root entity of the screen shown: everything a screen spawns hangs below it, and it goes
/// when the screen is left.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenRoot(pub Screen);

/// The root of `screen`'s content: the whole window, a column, one Tab group; despawned on
/// leaving the screen. It has no background: the window is cleared to the app's background
/// colour (`ClearColor`), and a full-window quad more costs a software renderer a pass.
pub fn screen_root(name: &'static str, screen: Screen) -> impl Bundle {
    (
        Name::new(name),
        ScreenRoot(screen),
        DespawnOnExit(screen),
        // Tab moves the focus among this screen's buttons
        TabGroup::default(),
        Node {
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            ..default()
        },
    )
}
