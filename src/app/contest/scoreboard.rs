//! The trainer's screen between turns, big enough for a projector: the live ranking, the
//! turn just played with observer points, and the next team to call up. It is built when the
//! contest changes (a turn saved, points recorded); the points being put together and the
//! notices change in place.

use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use super::active::{ActiveContest, StartTurn};
use super::checklist::{SheetDraft, spawn_checklist};
use super::comments::spawn_comments;
use super::timer::DrillTimer;
use crate::app::i18n::{Language, Ui, fill};
use crate::app::library::Library;
use crate::app::options::AppOptions;
use crate::app::screen::{Screen, ScreenRoot, screen_root};
use crate::app::screens::review::review_button;
use crate::app::storage::Storage;
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::{self, spawn_header};
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};
use crate::competition::TeamStanding;
use crate::review::Which;

/// Where the last export went, or why recording or exporting failed; hidden when empty.
#[derive(Component)]
struct Notice;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins(super::checklist::plugin).add_systems(
        Update,
        (
            spawn_scoreboard.run_if(rebuild),
            // after a rebuild's commands: then it finds the new notice, already up to date
            show_notice.run_if(resource_changed::<SheetDraft>),
        )
            .chain()
            .run_if(in_state(Screen::Scoreboard).and_then(resource_exists::<ActiveContest>)),
    );
}

/// The contest changed (a turn saved, points recorded), the language, or the screen was entered.
fn rebuild(contest: Option<Res<ActiveContest>>, ui: Res<Ui>, screen: Res<State<Screen>>) -> bool {
    contest.is_some_and(|c| c.is_changed()) || ui.is_changed() || screen.is_changed()
}

/// A failed sheet or an export changes the notice: only the notice follows (the marks and
/// comments being typed stay).
fn show_notice(draft: Res<SheetDraft>, mut notice: Query<(&mut Text, &mut Node), With<Notice>>) {
    for (mut text, mut node) in &mut notice {
        let value = draft.notice.clone().unwrap_or_default();
        if text.0 != value {
            text.0 = value;
        }
        let display = notice_display(&draft);
        if node.display != display {
            node.display = display;
        }
    }
}

fn notice_display(draft: &SheetDraft) -> Display {
    if draft.notice.is_some() {
        Display::Flex
    } else {
        Display::None
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "the scoreboard shows the contest, the store's next turn, the library's cases"
)]
fn spawn_scoreboard(
    mut commands: Commands,
    roots: Query<(Entity, &ScreenRoot)>,
    contest: Res<ActiveContest>,
    mut draft: ResMut<SheetDraft>,
    storage: Res<Storage>,
    library: Res<Library>,
    ui: Res<Ui>,
    language: Res<Language>,
    fonts: Res<UiFonts>,
) {
    for (root, _) in roots
        .iter()
        .filter(|(_, shown)| shown.0 == Screen::Scoreboard)
    {
        commands.entity(root).despawn();
    }
    let text = &ui.contest;
    let board = &contest.board;
    let title = fill(&text.scoreboard_title, "name", &contest.info.setup.name);
    let progress = fill(
        &fill(&text.progress, "n", board.turns_played),
        "total",
        board.turns_total,
    );
    let root = commands
        .spawn(screen_root("Scoreboard screen", Screen::Scoreboard))
        .id();
    commands.entity(root).with_children(|parent| {
        spawn_header(parent, title, &ui, &fonts, Screen::Title, |bar| {
            bar.spawn(widget::text(progress, FONT_BODY, HEADER_TEXT));
            if board.turns_played > 0 {
                review_button(
                    bar,
                    &ui,
                    Which::Competition(contest.info.setup.name.clone()),
                    Screen::Scoreboard,
                    ButtonLook::Plain,
                );
            }
        });
        parent
            .spawn(Node {
                flex_grow: 1.0,
                min_height: px(0),
                padding: UiRect::all(px(GAP * 1.5)),
                column_gap: px(GAP * 1.5),
                ..default()
            })
            .with_children(|body| {
                body.spawn(layout::growing_column(3.0, px(0)))
                    .with_children(|table| {
                        spawn_table(table, &contest, &ui, &fonts);
                        spawn_comments(table, &contest, &ui, &language, &fonts);
                    });
                body.spawn(layout::growing_column(2.0, px(360)))
                    .with_children(|side| {
                        spawn_last_turn(side, &contest, &library, &ui, &fonts);
                        spawn_checklist(
                            side, &contest, &mut draft, &library, &ui, &language, &fonts,
                        );
                        side.spawn((
                            Notice,
                            widget::text(
                                draft.notice.clone().unwrap_or_default(),
                                FONT_SMALL,
                                DANGER,
                            ),
                            Node {
                                display: notice_display(&draft),
                                ..default()
                            },
                        ));
                        spawn_next_turn(side, &contest, &storage, &library, &ui, &fonts);
                        side.spawn(Node {
                            column_gap: px(8),
                            margin: UiRect::top(px(8)),
                            ..default()
                        })
                        .with_children(|row| {
                            row.spawn(widget::button(text.export.clone(), ButtonLook::Plain))
                                .observe(export_results);
                            if !board.is_complete() {
                                row.spawn(widget::button(
                                    text.end_early.clone(),
                                    ButtonLook::Plain,
                                ))
                                .observe(end_contest);
                            }
                        });
                    });
            });
    });
}

/// Column widths of the ranking table in ems of its font (the team name takes the rest).
const COLUMNS: [f32; 7] = [2.0, 0.0, 3.8, 3.2, 3.6, 2.4, 2.8];

/// The table's font size as a share of the window height: a projector shows the ranking
/// large at any resolution, and twelve teams still fit without scrolling.
fn table_em(teams: usize) -> f32 {
    match teams {
        0..=6 => 3.4,
        7..=8 => 2.8,
        _ => 2.2,
    }
}

fn spawn_table(
    table: &mut ChildSpawnerCommands,
    contest: &ActiveContest,
    ui: &Ui,
    fonts: &UiFonts,
) {
    let text = &ui.contest;
    let em = table_em(contest.board.standings.len());
    let headers = [
        text.col_rank.as_str(),
        text.col_team.as_str(),
        text.col_case.as_str(),
        text.col_observer.as_str(),
        text.col_total.as_str(),
        text.col_red.as_str(),
        text.col_time.as_str(),
    ];
    table.spawn(row_node(BORDER)).with_children(|row| {
        for (i, header) in headers.iter().enumerate() {
            row.spawn((
                cell(i, em),
                children![cell_text((*header).to_owned(), em * 0.5, None, TEXT_MUTED)],
            ));
        }
    });
    let just_played = contest.last_result.as_ref().map(|r| r.turn.team);
    for standing in &contest.board.standings {
        let highlight = if Some(standing.team) == just_played {
            SELECTED
        } else {
            Color::NONE
        };
        table
            .spawn((row_node(BORDER), BackgroundColor(highlight)))
            .with_children(|row| {
                for (i, value) in standing_cells(standing).into_iter().enumerate() {
                    let colour = match i {
                        5 if standing.red_lines > 0 => DANGER,
                        3 if f64::from(standing.observer_points) + standing.checklist_points
                            < 0.0 =>
                        {
                            DANGER
                        }
                        _ => TEXT,
                    };
                    let bold = (i == 1 || i == 4).then_some(&fonts.bold);
                    row.spawn((cell(i, em), children![cell_text(value, em, bold, colour)]));
                }
            });
    }
    table.spawn((
        widget::muted(text.rank_rules.clone()),
        Node {
            margin: UiRect::top(px(12)),
            ..default()
        },
    ));
}

fn standing_cells(s: &TeamStanding) -> [String; 7] {
    [
        s.rank.to_string(),
        s.name.clone(),
        format!("{:.1}", s.case_points),
        format!("{:+.1}", f64::from(s.observer_points) + s.checklist_points),
        format!("{:.1}", s.total),
        s.red_lines.to_string(),
        format!("{:.0}s", s.time_ms as f64 / 1000.0),
    ]
}

fn row_node(border: Color) -> impl Bundle {
    (
        Node {
            width: percent(100),
            padding: UiRect::axes(px(8), px(4)),
            border: UiRect::bottom(px(1)),
            align_items: AlignItems::Center,
            flex_shrink: 0.0,
            ..default()
        },
        BorderColor::all(border),
    )
}

/// The cell of column `i`: fixed widths in ems, except the team name, which takes the rest.
fn cell(i: usize, em: f32) -> Node {
    if i == 1 {
        return Node {
            flex_grow: 1.0,
            min_width: vh(em * 5.0),
            ..default()
        };
    }
    Node {
        width: vh(em * COLUMNS[i]),
        flex_shrink: 0.0,
        ..default()
    }
}

/// The text of a table cell, sized in percent of the window height; the team name and total
/// are bold.
fn cell_text(value: String, em: f32, bold: Option<&Handle<Font>>, colour: Color) -> impl Bundle {
    (
        Text::new(value),
        TextFont {
            font: bold.cloned().unwrap_or_default().into(),
            font_size: FontSize::Vh(em),
            ..default()
        },
        TextColor(colour),
    )
}

fn spawn_last_turn(
    side: &mut ChildSpawnerCommands,
    contest: &ActiveContest,
    library: &Library,
    ui: &Ui,
    fonts: &UiFonts,
) {
    let text = &ui.contest;
    let Some(last) = &contest.last_result else {
        return;
    };
    let setup = &contest.info.setup;
    let case_title = setup
        .case_of(last.turn)
        .and_then(|id| library.case(&id))
        .map(|c| c.scenario.title.clone())
        .unwrap_or_default();
    let heading = fill(
        &fill(
            &fill(&text.last_turn, "round", last.turn.round + 1),
            "team",
            &setup.teams[last.turn.team].name,
        ),
        "case",
        case_title,
    );
    side.spawn(widget::heading(heading, FONT_BODY, &fonts.bold));
    let score = fill(
        &fill(
            &fill(&text.last_score, "score", format!("{:.1}", last.total)),
            "red",
            last.red_lines,
        ),
        "time",
        format!("{:.1}", last.time_ms as f64 / 1000.0),
    );
    side.spawn(widget::text(
        score,
        FONT_BODY,
        if last.red_lines > 0 { DANGER } else { TEXT },
    ));
}

fn spawn_next_turn(
    side: &mut ChildSpawnerCommands,
    contest: &ActiveContest,
    storage: &Storage,
    library: &Library,
    ui: &Ui,
    fonts: &UiFonts,
) {
    let text = &ui.contest;
    let Some(next) = contest.next_turn(storage) else {
        side.spawn(widget::button(text.to_podium.clone(), ButtonLook::Primary))
            .observe(end_contest);
        return;
    };
    let setup = &contest.info.setup;
    let case = setup.case_of(next).and_then(|id| library.case(&id));
    let heading = fill(
        &fill(
            &fill(&text.next_turn, "round", next.round + 1),
            "team",
            &setup.teams[next.team].name,
        ),
        "case",
        case.as_ref()
            .map(|c| c.scenario.title.clone())
            .unwrap_or_default(),
    );
    side.spawn((
        widget::heading(heading, FONT_BODY, &fonts.bold),
        Node {
            margin: UiRect::top(px(8)),
            ..default()
        },
    ));
    if let Some(case) = &case {
        for (role, member) in setup.lineup(next, case) {
            let line = fill(&text.lineup_member, "role", ui.role(role));
            side.spawn(widget::body(fill(&line, "member", member)));
        }
    }
    let timers = setup.timers;
    let minutes = |secs: u32| {
        if secs.is_multiple_of(60) {
            fill(&text.minutes, "n", secs / 60)
        } else {
            crate::competition::clock_text(std::time::Duration::from_secs(secs.into()))
        }
    };
    side.spawn(Node {
        column_gap: px(8),
        flex_wrap: FlexWrap::Wrap,
        row_gap: px(8),
        ..default()
    })
    .with_children(|row| {
        row.spawn(widget::button(text.start_turn.clone(), ButtonLook::Primary))
            .observe(
                move |_: On<Activate>, mut start: MessageWriter<StartTurn>| {
                    start.write(StartTurn(next));
                },
            );
        let label = fill(
            &fill(
                &text.timer_open,
                "preparation",
                minutes(timers.preparation_secs),
            ),
            "performance",
            minutes(timers.performance_secs),
        );
        row.spawn(widget::button(label, ButtonLook::Plain)).observe(
            move |_: On<Activate>,
                  mut commands: Commands,
                  mut screen: ResMut<NextState<Screen>>| {
                commands.insert_resource(DrillTimer::start(next));
                screen.set(Screen::DrillTimer);
            },
        );
    });
}

fn export_results(
    _: On<Activate>,
    contest: Res<ActiveContest>,
    storage: Res<Storage>,
    options: Res<AppOptions>,
    ui: Res<Ui>,
    language: Res<crate::app::i18n::Language>,
    mut draft: ResMut<SheetDraft>,
) {
    let Some(dir) = options.data_dir.as_ref().map(|d| d.join("exports")) else {
        draft.notice = Some(ui.contest.no_db.clone());
        return;
    };
    let written = storage
        .with(|store| crate::export::competition_files(store, &contest.info, &dir, language.0));
    draft.notice = Some(match written {
        Some(Ok(_)) => fill(&ui.contest.exported, "path", dir.display()),
        Some(Err(e)) => ui.errors.export(&e),
        None => ui.contest.no_db.clone(),
    });
}

fn end_contest(
    _: On<Activate>,
    contest: Res<ActiveContest>,
    storage: Res<Storage>,
    mut next: ResMut<NextState<Screen>>,
) {
    if let Some(Err(e)) = storage.with(|store| store.finish_competition(contest.info.id)) {
        warn!("{e}");
    }
    next.set(Screen::Podium);
}
