//! The end of a contest: the podium (top 3 by default) and every team's score per role, so a
//! weak link is not hidden by a good average.

use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use super::active::ActiveContest;
use super::comments::spawn_comments;
use crate::app::i18n::{Language, Ui, fill};
use crate::app::screen::{Screen, ScreenRoot, screen_root};
use crate::app::screens::review::review_button;
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::{self, spawn_header};
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};
use crate::competition::TeamStanding;
use crate::review::Which;
use crate::scenario::model::Role;

/// Gold, silver and bronze, then a plain block for larger podiums.
const PLACE_COLOURS: [Color; 4] = [
    Color::srgb(0.851, 0.647, 0.125),
    Color::srgb(0.627, 0.659, 0.702),
    Color::srgb(0.729, 0.459, 0.267),
    Color::srgb(0.467, 0.6, 0.733),
];

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        spawn_podium.run_if(
            in_state(Screen::Podium)
                .and_then(resource_exists::<ActiveContest>)
                .and_then(state_changed::<Screen>.or_eager(resource_changed::<Ui>)),
        ),
    );
}

fn spawn_podium(
    mut commands: Commands,
    roots: Query<(Entity, &ScreenRoot)>,
    contest: Res<ActiveContest>,
    ui: Res<Ui>,
    language: Res<Language>,
    fonts: Res<UiFonts>,
) {
    for (root, _) in roots.iter().filter(|(_, r)| r.0 == Screen::Podium) {
        commands.entity(root).despawn();
    }
    let text = &ui.contest;
    let board = &contest.board;
    let places = contest.info.setup.podium.max(1);
    let winners = board.podium(places);
    let root = commands
        .spawn(screen_root("Podium screen", Screen::Podium))
        .id();
    commands.entity(root).with_children(|parent| {
        let title = fill(&text.podium_title, "name", &contest.info.setup.name);
        spawn_header(parent, title, &ui, &fonts, Screen::Title, |bar| {
            review_button(
                bar,
                &ui,
                Which::Competition(contest.info.setup.name.clone()),
                Screen::Podium,
                ButtonLook::Plain,
            );
        });
        parent
            .spawn(Node {
                flex_grow: 1.0,
                min_height: px(0),
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                padding: UiRect::all(px(GAP * 1.5)),
                row_gap: px(GAP),
                overflow: Overflow::scroll_y(),
                ..default()
            })
            .with_children(|body| {
                body.spawn(Node {
                    align_items: AlignItems::FlexEnd,
                    column_gap: px(GAP),
                    flex_shrink: 0.0,
                    ..default()
                })
                .with_children(|stand| {
                    for standing in podium_order(&winners) {
                        spawn_block(stand, standing, places, &ui, &fonts);
                    }
                });
                body.spawn(widget::panel_in(
                    Node {
                        flex_direction: FlexDirection::Column,
                        padding: UiRect::all(px(16)),
                        row_gap: px(4),
                        flex_shrink: 0.0,
                        ..default()
                    },
                    BORDER,
                ))
                .with_children(|panel| {
                    spawn_role_table(panel, &contest, &ui, &fonts);
                    spawn_comments(panel, &contest, &ui, &language, &fonts);
                });
                body.spawn(Node {
                    column_gap: px(8),
                    flex_shrink: 0.0,
                    ..default()
                })
                .with_children(|row| {
                    row.spawn(widget::button(text.back_title.clone(), ButtonLook::Primary))
                        .observe(|_: On<Activate>, mut next: ResMut<NextState<Screen>>| {
                            next.set(Screen::Title)
                        });
                });
            });
    });
}

/// Second, first, third (then the rest): the winner stands in the middle.
fn podium_order<'a>(winners: &[&'a TeamStanding]) -> Vec<&'a TeamStanding> {
    let mut order: Vec<&TeamStanding> = winners.to_vec();
    if order.len() >= 2 {
        order.swap(0, 1);
    }
    order
}

fn spawn_block(
    stand: &mut ChildSpawnerCommands,
    standing: &TeamStanding,
    places: usize,
    ui: &Ui,
    fonts: &UiFonts,
) {
    let rank = standing.rank;
    // the winner's block is tallest; every lower place steps down
    let height = 200.0 - 40.0 * (rank.saturating_sub(1).min(3) as f32);
    let colour = PLACE_COLOURS[(rank - 1).min(PLACE_COLOURS.len() - 1)];
    stand
        .spawn(Node {
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            row_gap: px(6),
            width: px(if places > 3 { 170 } else { 220 }),
            ..default()
        })
        .with_children(|column| {
            column.spawn(widget::heading(
                standing.name.clone(),
                FONT_HEADING,
                &fonts.bold,
            ));
            column.spawn(widget::body(fill(
                &fill(
                    &ui.contest.podium_points,
                    "total",
                    format!("{:.1}", standing.total),
                ),
                "observer",
                format!(
                    "{:+.1}",
                    f64::from(standing.observer_points) + standing.checklist_points
                ),
            )));
            column.spawn((
                Node {
                    width: percent(100),
                    height: px(height),
                    justify_content: JustifyContent::Center,
                    align_items: AlignItems::Center,
                    border_radius: BorderRadius::top(px(RADIUS)),
                    ..default()
                },
                BackgroundColor(colour),
                children![widget::text(
                    fill(&ui.contest.place, "n", rank),
                    FONT_TITLE,
                    HEADER_TEXT
                )],
            ));
        });
}

/// Every team's score per role (rows: teams in rank order; columns: roles), the weakest role
/// of each team marked.
fn spawn_role_table(
    panel: &mut ChildSpawnerCommands,
    contest: &ActiveContest,
    ui: &Ui,
    fonts: &UiFonts,
) {
    panel.spawn(widget::heading(
        ui.contest.per_role.clone(),
        FONT_BODY,
        &fonts.bold,
    ));
    let mut roles: Vec<Role> = Vec::new();
    for standing in &contest.board.standings {
        for score in &standing.roles {
            if !roles.contains(&score.role) {
                roles.push(score.role);
            }
        }
    }
    let row = || layout::table_row(BORDER);
    let cell = |width: f32| layout::fixed_cell(px(width), JustifyContent::FlexStart);
    panel.spawn(row()).with_children(|header| {
        header.spawn((
            cell(56.0),
            children![widget::muted(ui.contest.col_rank.clone())],
        ));
        header.spawn((
            cell(140.0),
            children![widget::muted(ui.contest.col_team.clone())],
        ));
        for role in &roles {
            header.spawn((
                cell(150.0),
                children![widget::muted(ui.role(*role).to_owned())],
            ));
        }
    });
    for standing in &contest.board.standings {
        let scores: Vec<(Role, f64)> = standing
            .roles
            .iter()
            .filter_map(|r| r.percent().map(|p| (r.role, p)))
            .collect();
        let best = scores.iter().map(|s| s.1).fold(f64::MIN, f64::max);
        // a weak link only where one role trails the others
        let weakest = scores
            .iter()
            .filter(|s| s.1 < best)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(role, _)| *role);
        panel.spawn(row()).with_children(|line| {
            line.spawn((
                cell(56.0),
                children![widget::body(standing.rank.to_string())],
            ));
            line.spawn((cell(140.0), children![widget::body(standing.name.clone())]));
            for role in &roles {
                let score = standing
                    .roles
                    .iter()
                    .find(|r| r.role == *role)
                    .and_then(|r| r.percent());
                let (label, colour) = match score {
                    Some(p) if Some(*role) == weakest => {
                        (format!("{p:.1} · {}", ui.contest.weakest), DANGER)
                    }
                    Some(p) => (format!("{p:.1}"), TEXT),
                    None => ("—".to_owned(), TEXT_MUTED),
                };
                line.spawn((
                    cell(150.0),
                    children![widget::text(label, FONT_BODY, colour)],
                ));
            }
        });
    }
}
