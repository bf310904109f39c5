//! Group competitions (分组PK) in the app: the setup form, hot-seat turns with a banner naming
//! the member who acts, the projector scoreboard with observer points, and the podium.
//! Every finished turn is in the database, so a crashed contest resumes at its exact turn.

mod active;
mod checklist;
mod comments;
mod podium;
mod scoreboard;
pub mod setup;
pub mod timer;

pub use active::{ActiveContest, StartTurn};

use bevy::prelude::*;
use bevy::winit::WinitSettings;

use crate::app::ticking::{start_ticking, stop_ticking};

use crate::app::i18n::{Ui, fill};
use crate::app::library::Library;
use crate::app::screen::Screen;
use crate::app::session::{Session, StartCase};
use crate::app::storage::{RunSaved, Storage, save_finished_runs};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::palette::*;
use crate::app::theme::widget;
use crate::playthrough::RoleChoice;
use crate::scenario::model::Role;
use crate::store::CompetitionTurn;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<StartTurn>()
        .add_plugins((
            setup::plugin,
            scoreboard::plugin,
            podium::plugin,
            timer::plugin,
        ))
        .add_systems(
            Update,
            (
                start_turns.run_if(resource_exists::<ActiveContest>),
                refresh_after_turn
                    .after(save_finished_runs)
                    .run_if(resource_exists::<ActiveContest>.and_then(on_message::<RunSaved>)),
            ),
        )
        .add_systems(
            Update,
            count_down.run_if(in_state(Screen::Play).and_then(resource_exists::<Session>)),
        )
        .add_systems(OnEnter(Screen::Play), tick_while_timed)
        .add_systems(OnExit(Screen::Play), stop_ticking);
}

fn start_turns(
    mut turns: MessageReader<StartTurn>,
    contest: Res<ActiveContest>,
    library: Res<Library>,
    mut starts: MessageWriter<StartCase>,
) {
    for StartTurn(turn) in turns.read() {
        let Some(lineup) = contest.lineup_of(*turn, &library) else {
            warn!("the case of round {} is not in the library", turn.round + 1);
            continue;
        };
        let setup = &contest.info.setup;
        let Some(case_id) = setup.case_of(*turn) else {
            continue;
        };
        starts.write(StartCase {
            case_id,
            role: RoleChoice::All,
            seed: setup.seed,
            from: None,
            decision_limit_ms: setup.decision_limit_secs.map(|s| u64::from(s) * 1000),
            contest: Some(contest.turn_record(*turn, lineup)),
        });
    }
}

/// A saved turn changes the store's outcome: the scoreboard follows.
fn refresh_after_turn(
    mut saved: MessageReader<RunSaved>,
    mut contest: ResMut<ActiveContest>,
    storage: Res<Storage>,
) {
    let turns_saved = saved.read().filter(|run| run.turn.is_some()).count();
    if turns_saved > 0
        && let Err(e) = contest.refresh(&storage)
    {
        warn!("{e}");
    }
}

/// The member acting the pending decision's role, for the banner.
pub fn acting_member(turn: &CompetitionTurn, session: &Session) -> Option<(Role, String)> {
    let playthrough = &session.playthrough;
    let at = playthrough.pending()?.at;
    let case = playthrough.case();
    let role = case.graph.role(&case.scenario, at);
    turn.lineup.iter().find(|(r, _)| *r == role).cloned()
}

/// A countdown must redraw every second even when nobody moves the mouse; the previous
/// settings come back when the turn ends.
fn tick_while_timed(
    contest: Option<Res<ActiveContest>>,
    winit: Option<ResMut<WinitSettings>>,
    mut commands: Commands,
) {
    if contest.is_some_and(|c| c.info.setup.decision_limit_secs.is_some()) {
        start_ticking(&mut commands, winit.map(Into::into));
    }
}

/// The seconds left on the decision's clock, redrawn as they tick.
#[derive(Component)]
struct Countdown;

/// The hot-seat banner: which round and team, and the member whose role must answer now,
/// with the countdown when the contest has a time limit.
pub fn contest_banner(
    parent: &mut ChildSpawnerCommands,
    contest: &ActiveContest,
    session: &Session,
    ui: &Ui,
    fonts: &UiFonts,
) {
    let Some(on_stage) = session.contest_turn() else {
        return;
    };
    let text = &ui.contest;
    let (role, member) = acting_member(on_stage, session).unwrap_or((Role::Teller, String::new()));
    let banner = fill(&text.banner, "round", on_stage.turn.round + 1);
    let banner = fill(&banner, "team", &on_stage.team_name);
    let banner = fill(&fill(&banner, "member", member), "role", ui.role(role));
    parent
        .spawn((
            Name::new("Contest banner"),
            Node {
                padding: UiRect::axes(px(24), px(10)),
                column_gap: px(24),
                justify_content: JustifyContent::Center,
                align_items: AlignItems::Center,
                ..default()
            },
            BackgroundColor(ACCENT),
        ))
        .with_children(|row| {
            row.spawn(widget::heading(banner, FONT_HEADING, &fonts.bold))
                .insert(TextColor(HEADER_TEXT));
            if contest.info.setup.decision_limit_secs.is_some() {
                row.spawn((Countdown, widget::text("", FONT_HEADING, HEADER_TEXT)));
            }
        });
}

fn count_down(
    contest: Option<Res<ActiveContest>>,
    session: Res<Session>,
    ui: Res<Ui>,
    mut clocks: Query<(&mut Text, &mut TextColor), With<Countdown>>,
) {
    let Some(limit) = contest.and_then(|c| c.info.setup.decision_limit_secs) else {
        return;
    };
    let spent = (chrono::Utc::now() - session.decision_started)
        .num_milliseconds()
        .max(0);
    let left = i64::from(limit) - spent / 1000;
    let (label, colour) = if left > 0 {
        let colour = if left <= 10 { FOCUS } else { HEADER_TEXT };
        (fill(&ui.contest.time_left, "n", left), colour)
    } else {
        (ui.contest.overtime.clone(), FOCUS)
    };
    for (mut text, mut text_colour) in &mut clocks {
        if text.0 != label {
            text.0 = label.clone();
            text_colour.0 = colour;
        }
    }
}
