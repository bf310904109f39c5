//! Role choice: one role of the case, or all of them in turn.

use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use super::review::open_review;
use crate::app::i18n::{Ui, fill};
use crate::app::library::Library;
use crate::app::screen::{Screen, SelectedCase, screen_root};
use crate::app::session::{PlayMode, StartCase, fresh_seed};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::{centred_column, spawn_header};
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};
use crate::playthrough::RoleChoice;
use crate::review::Which;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::RoleChoice), spawn_role_choice);
}

fn spawn_role_choice(
    mut commands: Commands,
    selected: Res<SelectedCase>,
    library: Res<Library>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
    mode: Res<PlayMode>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(case) = library.selected(&selected) else {
        next.set(Screen::Library);
        return;
    };
    let mut roles: Vec<_> = case.scenario.stages.iter().map(|s| s.role).collect();
    roles.dedup();
    let mut seen = Vec::new();
    roles.retain(|r| {
        let fresh = !seen.contains(r);
        seen.push(*r);
        fresh
    });
    let id = case.scenario.id.clone();
    let root = commands
        .spawn(screen_root("Role screen", Screen::RoleChoice))
        .id();
    commands.entity(root).with_children(|parent| {
        // the trainee sees here, before playing, whether feedback comes at once or at the end
        let (mode, mode_hint) = match *mode {
            PlayMode::Practice => (&ui.mode_practice, &ui.menu_practice_hint),
            PlayMode::Exam => (&ui.mode_exam, &ui.menu_exam_hint),
        };
        spawn_header(
            parent,
            format!("{} · {mode}", case.scenario.title),
            &ui,
            &fonts,
            Screen::Library,
            |_| {},
        );
        parent
            .spawn(centred_column(px(GAP)))
            .with_children(|column| {
                column.spawn(widget::heading(
                    ui.role_title.clone(),
                    FONT_HEADING,
                    &fonts.bold,
                ));
                column.spawn(widget::body(fill(
                    &fill(&ui.role_mode, "mode", mode),
                    "hint",
                    mode_hint,
                )));
                column.spawn(widget::muted(ui.role_hint.clone()));
                let mut choices = vec![(ui.role_all.clone(), RoleChoice::All)];
                choices.extend(
                    roles
                        .into_iter()
                        .map(|role| (ui.role(role).to_owned(), RoleChoice::Only(vec![role]))),
                );
                for (i, (label, choice)) in choices.into_iter().enumerate() {
                    if i == 1 {
                        column.spawn((
                            widget::muted(ui.role_one_hint.clone()),
                            Node {
                                margin: UiRect::top(px(12)),
                                ..default()
                            },
                        ));
                    }
                    let look = if i == 0 {
                        ButtonLook::Primary
                    } else {
                        ButtonLook::Plain
                    };
                    let case_id = id.clone();
                    column.spawn(widget::menu_button(label, look)).observe(
                        move |_: On<Activate>, mut start: MessageWriter<StartCase>| {
                            start.write(StartCase {
                                case_id: case_id.clone(),
                                role: choice.clone(),
                                seed: fresh_seed(),
                                from: None,
                                decision_limit_ms: None,
                                contest: None,
                            });
                        },
                    );
                    if i == 0 {
                        column.spawn(widget::muted(ui.role_all_hint.clone()));
                    }
                }
                column.spawn(Node {
                    height: px(12),
                    ..default()
                });
                column
                    .spawn(widget::menu_button(
                        ui.case_map_open.clone(),
                        ButtonLook::Plain,
                    ))
                    .observe(|_: On<Activate>, mut next: ResMut<NextState<Screen>>| {
                        next.set(Screen::CaseMap)
                    });
                // the trainer's review of everyone's runs of this case
                let which = Which::Case {
                    id: id.clone(),
                    trainee: None,
                    since: None,
                };
                column
                    .spawn(widget::menu_button(
                        ui.review.open.clone(),
                        ButtonLook::Plain,
                    ))
                    .observe(
                        move |_: On<Activate>,
                              mut commands: Commands,
                              mut next: ResMut<NextState<Screen>>| {
                            open_review(&mut commands, &mut next, which.clone(), Screen::RoleChoice)
                        },
                    );
            });
    });
}
