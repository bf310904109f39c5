//! Group competitions (分组PK) in the app: the setup form, hot-seat turns with a banner naming
//! the member who acts, the projector scoreboard with observer points, and the podium.
//! Every finished turn is in the database, so a crashed contest resumes at its exact turn.

mod podium;
mod scoreboard;
pub mod setup;

use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};

use super::i18n::{Ui, fill};
use super::library::Library;
use super::session::{Session, StartCase};
use super::storage::Storage;
use super::theme::fonts::UiFonts;
use super::theme::palette::*;
use super::theme::widget;
use crate::app::screen::Screen;
use crate::competition::{Scoreboard, Turn, TurnResult};
use crate::playthrough::RoleChoice;
use crate::scenario::model::Role;
use crate::store::{CompetitionInfo, CompetitionTurn};

/// The competition being run.
#[derive(Resource, Debug, Clone)]
pub struct ActiveContest {
    pub info: CompetitionInfo,
    /// The case id of each round.
    pub rounds: Vec<String>,
    /// The turn on stage, while a team is playing.
    pub playing: Option<Turn>,
    /// Who acts which role in the turn on stage.
    pub lineup: Vec<(Role, String)>,
    /// The turn saved last, which observer points go to.
    pub last_result: Option<TurnResult>,
    /// The live scoreboard, rebuilt from the store after every change.
    pub board: Scoreboard,
}

impl ActiveContest {
    /// Loads a contest's state from the store: what is played, the scoreboard.
    pub fn load(info: CompetitionInfo, storage: &Storage) -> Result<ActiveContest, String> {
        let mut contest = ActiveContest {
            rounds: info.setup.rounds(),
            last_result: None,
            playing: None,
            lineup: Vec::new(),
            board: Scoreboard::build(&info.setup, &[], &[]),
            info,
        };
        contest.refresh(storage)?;
        Ok(contest)
    }

    /// The competition turn being played, as the store records it.
    pub fn playing_turn(&self) -> Option<CompetitionTurn> {
        let turn = self.playing?;
        Some(CompetitionTurn {
            competition: self.info.id,
            turn,
            team_name: self.info.setup.teams[turn.team].name.clone(),
            lineup: self.lineup.clone(),
        })
    }

    /// The next turn to play, from the store (not from memory: another instance or a crash
    /// may have changed it).
    pub fn next_turn(&self, storage: &Storage) -> Option<Turn> {
        let played = storage
            .with(|store| store.played_turns(self.info.id))
            .and_then(Result::ok)
            .unwrap_or_default();
        self.info.setup.next_turn(&played)
    }

    /// Rebuilds the scoreboard from the store after a turn or observer points.
    pub fn refresh(&mut self, storage: &Storage) -> Result<(), String> {
        let id = self.info.id;
        let (results, observers) = storage
            .with(|store| {
                Ok::<_, crate::store::StoreError>((
                    store.turn_results(id)?,
                    store.observer_points(id)?,
                ))
            })
            .ok_or_else(|| "没有可用的数据库，比赛无法记分".to_owned())?
            .map_err(|e| e.to_string())?;
        self.board = Scoreboard::build(&self.info.setup, &results, &observers);
        // results come in the order they were saved
        self.last_result = results.last().cloned();
        Ok(())
    }

    /// The lineup of a turn, if its case is in the library.
    pub fn lineup_of(&self, turn: Turn, library: &Library) -> Option<Vec<(Role, String)>> {
        let case = library.case(self.rounds.get(turn.round)?)?;
        Some(self.info.setup.lineup(turn, &case))
    }
}

/// Put the next team on stage.
#[derive(Message, Debug, Clone, Copy)]
pub struct StartTurn(pub Turn);

pub(super) fn plugin(app: &mut App) {
    app.add_message::<StartTurn>()
        .add_plugins((setup::plugin, scoreboard::plugin, podium::plugin))
        .add_systems(
            Update,
            (
                start_turns.run_if(resource_exists::<ActiveContest>),
                refresh_after_turn
                    .run_if(resource_exists::<ActiveContest>.and_then(resource_changed::<Storage>)),
            ),
        )
        .add_systems(
            Update,
            count_down.run_if(in_state(Screen::Play).and_then(resource_exists::<Session>)),
        )
        .add_systems(OnEnter(Screen::Play), tick_while_timed)
        .add_systems(
            OnExit(Screen::Play),
            (
                stop_ticking,
                abandon_unfinished_turn.run_if(resource_exists::<ActiveContest>),
            ),
        );
}

/// A turn left before its end (Esc, the back button) is not saved and not on stage any more:
/// the scoreboard offers the same team again.
fn abandon_unfinished_turn(mut contest: ResMut<ActiveContest>, session: Option<Res<Session>>) {
    if session.is_none_or(|s| !s.playthrough.is_finished()) {
        contest.playing = None;
    }
}

fn start_turns(
    mut turns: MessageReader<StartTurn>,
    mut contest: ResMut<ActiveContest>,
    library: Res<Library>,
    mut starts: MessageWriter<StartCase>,
) {
    for StartTurn(turn) in turns.read() {
        let Some(lineup) = contest.lineup_of(*turn, &library) else {
            warn!("the case of round {} is not in the library", turn.round + 1);
            continue;
        };
        contest.playing = Some(*turn);
        contest.lineup = lineup;
        let setup = &contest.info.setup;
        starts.write(StartCase {
            case_id: contest.rounds[turn.round].clone(),
            role: RoleChoice::All,
            seed: setup.seed,
            from: None,
            decision_limit_ms: setup.decision_limit_secs.map(|s| u64::from(s) * 1000),
        });
    }
}

/// A saved turn changes the store's outcome: the scoreboard follows.
fn refresh_after_turn(mut contest: ResMut<ActiveContest>, storage: Res<Storage>) {
    if storage.last_save.is_some()
        && let Err(e) = contest.refresh(&storage)
    {
        warn!("{e}");
    }
    contest.playing = None;
}

/// The member acting the pending decision's role, for the banner.
pub fn acting_member(contest: &ActiveContest, session: &Session) -> Option<(Role, String)> {
    let playthrough = &session.playthrough;
    let at = playthrough.pending()?.at;
    let case = playthrough.case();
    let role = case.graph.role(&case.scenario, at);
    contest.lineup.iter().find(|(r, _)| *r == role).cloned()
}

/// A countdown must redraw every second even when nobody moves the mouse; the previous
/// settings come back when the turn ends.
fn tick_while_timed(
    contest: Option<Res<ActiveContest>>,
    winit: Option<ResMut<WinitSettings>>,
    mut commands: Commands,
) {
    let timed = contest.is_some_and(|c| c.info.setup.decision_limit_secs.is_some());
    if let (true, Some(mut winit)) = (timed, winit) {
        commands.insert_resource(SavedWinit(winit.clone()));
        let tick = UpdateMode::reactive(std::time::Duration::from_millis(250));
        winit.focused_mode = tick;
        winit.unfocused_mode = tick;
    }
}

#[derive(Resource)]
struct SavedWinit(WinitSettings);

fn stop_ticking(saved: Option<Res<SavedWinit>>, mut commands: Commands) {
    if let Some(saved) = saved {
        commands.insert_resource(saved.0.clone());
        commands.remove_resource::<SavedWinit>();
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
    let Some(turn) = contest.playing else {
        return;
    };
    let text = &ui.contest;
    let (role, member) = acting_member(contest, session).unwrap_or((Role::Teller, String::new()));
    let banner = fill(&text.banner, "round", turn.round + 1);
    let banner = fill(&banner, "team", &contest.info.setup.teams[turn.team].name);
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
