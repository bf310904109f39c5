//! The case library: a card per case; broken cases stay listed with their error.

use bevy::ecs::spawn::SpawnIter;
use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use crate::app::i18n::{Ui, fill};
use crate::app::library::Library;
use crate::app::screen::{Screen, ScreenRoot, SelectedCase, screen_root};
use crate::app::session::PlayMode;
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::spawn_header;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};
use crate::scenario::{Case, CaseReport};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Library), spawn_library)
        .add_systems(
            Update,
            respawn_library.run_if(
                in_state(Screen::Library)
                    .and_then(resource_changed::<Library>.or_eager(resource_changed::<Ui>)),
            ),
        );
}

fn respawn_library(
    mut commands: Commands,
    roots: Query<(Entity, &ScreenRoot)>,
    library: Res<Library>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
    mode: Res<PlayMode>,
) {
    for (root, _) in roots.iter().filter(|(_, shown)| shown.0 == Screen::Library) {
        commands.entity(root).despawn();
    }
    spawn_library(commands, library, ui, fonts, mode);
}

fn spawn_library(
    mut commands: Commands,
    library: Res<Library>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
    mode: Res<PlayMode>,
) {
    let playable = library.reports.iter().filter(|r| r.case.is_some()).count();
    let mode_label = match *mode {
        PlayMode::Practice => ui.mode_practice.clone(),
        PlayMode::Exam => ui.mode_exam.clone(),
    };
    let title = format!("{} · {mode_label}", ui.library_title);
    let cards: Vec<_> = library
        .reports
        .iter()
        .map(|r| card(r, &ui, &fonts))
        .collect();
    let root = commands
        .spawn(screen_root("Library screen", Screen::Library))
        .id();
    commands.entity(root).with_children(|parent| {
        spawn_header(parent, title, &ui, &fonts, Screen::Title, |bar| {
            bar.spawn(widget::text(
                fill(&ui.library_count, "n", playable),
                FONT_BODY,
                HEADER_TEXT,
            ));
        });
        if library.reports.is_empty() {
            parent.spawn((
                Node {
                    padding: UiRect::all(px(32)),
                    ..default()
                },
                children![widget::body(fill(&ui.library_empty, "dir", "scenarios"))],
            ));
        }
        parent
            .spawn((
                Name::new("Case cards"),
                Node {
                    flex_grow: 1.0,
                    flex_wrap: FlexWrap::Wrap,
                    align_content: AlignContent::FlexStart,
                    padding: UiRect::all(px(24)),
                    column_gap: px(GAP * 1.5),
                    row_gap: px(GAP * 1.5),
                    overflow: Overflow::scroll_y(),
                    ..default()
                },
                ScrollPosition::default(),
            ))
            .with_children(|grid| {
                for card in cards {
                    match card {
                        CaseCard::Playable(id, bundle) => {
                            grid.spawn(bundle).observe(
                                move |_: On<Activate>,
                                      mut selected: ResMut<SelectedCase>,
                                      mut next: ResMut<NextState<Screen>>| {
                                    selected.0 = Some(id.clone());
                                    next.set(Screen::RoleChoice);
                                },
                            );
                        }
                        CaseCard::Broken(bundle) => {
                            grid.spawn(bundle);
                        }
                    }
                }
            });
    });
}

enum CaseCard<P, B> {
    Playable(String, P),
    Broken(B),
}

fn card_node() -> Node {
    Node {
        width: px(380),
        flex_direction: FlexDirection::Column,
        padding: UiRect::all(px(16)),
        row_gap: px(8),
        border: UiRect::all(px(1)),
        border_radius: BorderRadius::all(px(RADIUS)),
        align_items: AlignItems::Stretch,
        ..default()
    }
}

fn card(report: &CaseReport, ui: &Ui, fonts: &UiFonts) -> CaseCard<impl Bundle, impl Bundle> {
    match &report.case {
        Some(case) => CaseCard::Playable(case.scenario.id.clone(), playable_card(case, ui, fonts)),
        None => CaseCard::Broken(broken_card(report, ui, fonts)),
    }
}

fn roles_of(case: &Case, ui: &Ui) -> String {
    let mut roles: Vec<_> = case.scenario.stages.iter().map(|s| s.role).collect();
    roles.dedup();
    roles
        .iter()
        .map(|r| ui.role(*r).to_owned())
        .collect::<Vec<_>>()
        .join(" → ")
}

fn playable_card(case: &Case, ui: &Ui, fonts: &UiFonts) -> impl Bundle {
    let s = &case.scenario;
    let tags: Vec<_> = s
        .tags
        .iter()
        .take(5)
        .map(|t| widget::badge(t.clone(), TEXT_MUTED, SURFACE_MUTED))
        .collect();
    let (difficulty_fg, difficulty_bg) = match s.difficulty as u8 {
        0 => (SUCCESS, SUCCESS_BG),
        1 => (WARNING, WARNING_BG),
        _ => (DANGER, DANGER_BG),
    };
    (
        widget::clickable(ButtonLook::Plain, card_node()),
        children![
            widget::heading(s.title.clone(), FONT_HEADING, &fonts.bold),
            (
                Node {
                    column_gap: px(8),
                    align_items: AlignItems::Center,
                    ..default()
                },
                children![
                    widget::badge(
                        ui.difficulty(s.difficulty).to_owned(),
                        difficulty_fg,
                        difficulty_bg
                    ),
                    widget::muted(fill(&ui.minutes, "n", s.minutes)),
                ],
            ),
            widget::muted(roles_of(case, ui)),
            widget::text(s.summary.clone(), FONT_SMALL, TEXT),
            (
                Node {
                    flex_wrap: FlexWrap::Wrap,
                    column_gap: px(6),
                    row_gap: px(6),
                    ..default()
                },
                Children::spawn(SpawnIter(tags.into_iter())),
            ),
        ],
    )
}

fn broken_card(report: &CaseReport, ui: &Ui, fonts: &UiFonts) -> impl Bundle {
    let name = report
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let errors: Vec<_> = report
        .errors()
        .take(3)
        .map(|d| {
            widget::text(
                match &d.cell {
                    Some(cell) => format!("{name} {cell} {} {}", d.code, d.message),
                    None => format!("{}:{}:{} {} {}", name, d.line, d.column, d.code, d.message),
                },
                FONT_SMALL,
                DANGER,
            )
        })
        .collect();
    (
        Name::new("Broken case"),
        card_node(),
        BackgroundColor(DANGER_BG),
        BorderColor::all(DANGER),
        children![
            widget::heading(name.clone(), FONT_HEADING, &fonts.bold),
            widget::badge(ui.library_broken.clone(), SURFACE, DANGER),
            (
                Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: px(4),
                    ..default()
                },
                Children::spawn(SpawnIter(errors.into_iter())),
            ),
        ],
    )
}
