//! The title screen: sign in, practise, exam, team contest (or resume one), settings, quit.

use std::sync::Arc;

use bevy::prelude::*;
use bevy::ui_widgets::{Activate, observe};

use bevy::text::EditableText;

use crate::app::contest::ActiveContest;
use crate::app::i18n::{Ui, fill};
use crate::app::screen::{Screen, ScreenRoot, screen_root};
use crate::app::session::PlayMode;
use crate::app::storage::{Storage, StorageProblem};
use crate::app::theme::field::{self, FieldSubmitted};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::centred_column;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};
use crate::competition::{MAX_PERSON_NAME_CHARS, checked_name};
use crate::store::Identity;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Title), spawn_title)
        .add_systems(
            Update,
            respawn_title.run_if(in_state(Screen::Title).and_then(resource_changed::<Ui>)),
        );
}

fn respawn_title(
    mut commands: Commands,
    roots: Query<(Entity, &ScreenRoot)>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
    storage: Res<Storage>,
) {
    for (root, _) in roots.iter().filter(|(_, r)| r.0 == Screen::Title) {
        commands.entity(root).despawn();
    }
    spawn_title(commands, ui, fonts, storage);
}

/// The title's data, read once when the screen is drawn.
struct TitleState<'a> {
    trainee: Option<&'a str>,
    identity: &'a Identity,
    problem: Option<String>,
    resume: Option<String>,
}

fn spawn_title(mut commands: Commands, ui: Res<Ui>, fonts: Res<UiFonts>, storage: Res<Storage>) {
    let resume = storage
        .with(|store| store.resumable().ok().flatten())
        .flatten()
        .map(|r| {
            let text = fill(&ui.resume_contest, "name", &r.info.setup.name);
            let text = fill(&text, "round", r.next.round + 1);
            fill(&text, "team", &r.info.setup.teams[r.next.team].name)
        });
    let state = TitleState {
        trainee: storage.trainee.as_deref(),
        identity: &storage.identity,
        problem: storage.problem_text(&ui),
        resume,
    };
    let root = commands
        .spawn(screen_root("Title screen", Screen::Title))
        .id();
    commands.entity(root).with_children(|parent| {
        parent
            .spawn(Node {
                padding: UiRect::all(px(16)),
                ..centred_column(px(10))
            })
            .with_children(|column| {
                column.spawn(widget::heading(
                    ui.app_title.clone(),
                    FONT_TITLE,
                    &fonts.bold,
                ));
                column.spawn((
                    widget::muted(ui.app_subtitle.clone()),
                    Node {
                        margin: UiRect::bottom(px(12)),
                        ..default()
                    },
                ));
                if let Some(problem) = &state.problem {
                    // the panel brings its own background: replace it, a bundle cannot hold two
                    column
                        .spawn((
                            widget::panel_in(
                                Node {
                                    max_width: px(880),
                                    padding: UiRect::axes(px(16), px(8)),
                                    ..default()
                                },
                                WARNING,
                            ),
                            children![widget::text(problem.clone(), FONT_SMALL, TEXT)],
                        ))
                        .insert(BackgroundColor(WARNING_BG));
                }
                if let Some(resume) = &state.resume {
                    column
                        .spawn(widget::button(resume.clone(), ButtonLook::Primary))
                        .observe(resume_contest);
                }
                column
                    .spawn(Node {
                        column_gap: px(32),
                        align_items: AlignItems::FlexStart,
                        ..default()
                    })
                    .with_children(|row| {
                        row.spawn(Node {
                            flex_direction: FlexDirection::Column,
                            align_items: AlignItems::Center,
                            row_gap: px(8),
                            ..default()
                        })
                        .with_children(|menu| spawn_menu(menu, &ui));
                        row.spawn(widget::panel())
                            .with_children(|panel| spawn_sign_in(panel, &ui, &fonts, &state));
                    });
                column.spawn((
                    widget::muted(ui.footer_keys.clone()),
                    Node {
                        margin: UiRect::top(px(20)),
                        ..default()
                    },
                ));
            });
    });
}

fn spawn_menu(menu: &mut ChildSpawnerCommands, ui: &Ui) {
    menu.spawn((
        widget::menu_button(ui.menu_practice.clone(), ButtonLook::Primary),
        observe(start_mode(PlayMode::Practice)),
    ));
    menu.spawn(widget::muted(ui.menu_practice_hint.clone()));
    menu.spawn((
        widget::menu_button(ui.menu_exam.clone(), ButtonLook::Plain),
        observe(start_mode(PlayMode::Exam)),
    ));
    menu.spawn(widget::muted(ui.menu_exam_hint.clone()));
    menu.spawn((
        widget::menu_button(ui.menu_contest.clone(), ButtonLook::Plain),
        observe(|_: On<Activate>, mut next: ResMut<NextState<Screen>>| {
            next.set(Screen::ContestSetup)
        }),
    ));
    menu.spawn(widget::muted(ui.menu_contest_hint.clone()));
    menu.spawn(Node {
        column_gap: px(8),
        ..default()
    })
    .with_children(|row| {
        row.spawn((
            widget::button(ui.menu_leaderboard.clone(), ButtonLook::Plain),
            observe(|_: On<Activate>, mut next: ResMut<NextState<Screen>>| {
                next.set(Screen::Leaderboard)
            }),
        ));
        row.spawn((
            widget::button(ui.menu_settings.clone(), ButtonLook::Plain),
            observe(|_: On<Activate>, mut next: ResMut<NextState<Screen>>| {
                next.set(Screen::Settings)
            }),
        ));
        row.spawn((
            widget::button(ui.menu_quit.clone(), ButtonLook::Plain),
            observe(|_: On<Activate>, mut exit: MessageWriter<AppExit>| {
                exit.write(AppExit::Success);
            }),
        ));
    });
}

/// The sign-in field, or who is signed in with their history.
fn spawn_sign_in(panel: &mut ChildSpawnerCommands, ui: &Ui, fonts: &UiFonts, state: &TitleState) {
    panel.spawn(widget::heading(ui.sign_in.clone(), FONT_BODY, &fonts.bold));
    match state.trainee {
        Some(name) => {
            panel.spawn(widget::body(fill(&ui.signed_in_as, "name", name)));
            let identity: Vec<String> = [
                state
                    .identity
                    .staff_no
                    .as_ref()
                    .map(|n| fill(&ui.signed_in_staff_no, "n", n)),
                state.identity.branch.clone(),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !identity.is_empty() {
                panel.spawn(widget::muted(identity.join(" · ")));
            }
            panel
                .spawn(widget::button(ui.open_history.clone(), ButtonLook::Primary))
                .observe(|_: On<Activate>, mut next: ResMut<NextState<Screen>>| {
                    next.set(Screen::History)
                });
            panel
                .spawn(widget::button(ui.sign_out.clone(), ButtonLook::Plain))
                .observe(
                    |_: On<Activate>, mut storage: ResMut<Storage>, mut redraw: ResMut<Ui>| {
                        if let Some(Err(e)) = storage.with(|store| store.remember_signed_in(None)) {
                            storage.problem = Some(StorageProblem::Failed(Arc::new(e)));
                        }
                        storage.trainee = None;
                        storage.identity = Identity::default();
                        redraw.set_changed();
                    },
                );
        }
        None => {
            panel.spawn(widget::muted(ui.sign_in_hint.clone()));
            panel
                .spawn(Node {
                    column_gap: px(8),
                    ..default()
                })
                .with_children(|row| {
                    row.spawn((
                        SignInField::Name,
                        field::text_field("", px(220), MAX_PERSON_NAME_CHARS),
                    ))
                    .insert(Name::new("Sign-in name"))
                    .observe(
                        |_: On<FieldSubmitted>, mut commands: Commands| {
                            commands.run_system_cached(sign_in);
                        },
                    );
                    row.spawn(widget::button(
                        ui.sign_in_button.clone(),
                        ButtonLook::Primary,
                    ))
                    .observe(|_: On<Activate>, mut commands: Commands| {
                        commands.run_system_cached(sign_in);
                    });
                });
            // optional: who the trainee is to the bank's learning record store
            panel
                .spawn(Node {
                    column_gap: px(8),
                    align_items: AlignItems::Center,
                    ..default()
                })
                .with_children(|row| {
                    for (which, label, width, name) in [
                        (
                            SignInField::StaffNo,
                            &ui.sign_in_staff_no,
                            120,
                            "Sign-in staff number",
                        ),
                        (
                            SignInField::Branch,
                            &ui.sign_in_branch,
                            160,
                            "Sign-in branch",
                        ),
                    ] {
                        row.spawn(widget::muted(label.clone()));
                        row.spawn((which, field::text_field("", px(width), MAX_IDENTITY_CHARS)))
                            .insert(Name::new(name))
                            .observe(|_: On<FieldSubmitted>, mut commands: Commands| {
                                commands.run_system_cached(sign_in);
                            });
                    }
                });
            panel.spawn(widget::muted(ui.guest_note.clone()));
        }
    }
}

/// The sign-in form's fields: the name, and the optional staff number (工号) and branch.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum SignInField {
    Name,
    StaffNo,
    Branch,
}

/// The longest staff number or branch name a field takes.
const MAX_IDENTITY_CHARS: usize = 32;

/// Signs the name in the form in (creating the trainee, keeping the staff number and branch
/// given) and redraws the title.
fn sign_in(
    fields: Query<(&SignInField, &EditableText)>,
    mut storage: ResMut<Storage>,
    mut redraw: ResMut<Ui>,
) {
    let value = |which: SignInField| {
        fields
            .iter()
            .find(|(f, _)| **f == which)
            .map(|(_, text)| field::field_value(text))
            .unwrap_or_default()
    };
    let name = match checked_name(&value(SignInField::Name), MAX_PERSON_NAME_CHARS) {
        Ok(name) => name.to_owned(),
        // an empty field signs nobody in; the field itself stops at the length limit
        Err(_) => return,
    };
    let given = Identity::new(
        Some(&value(SignInField::StaffNo)),
        Some(&value(SignInField::Branch)),
    );
    let remembered = storage.with(|store| {
        store.remember_signed_in_as(Some(&name), &given)?;
        store.trainee_identity(&name)
    });
    match remembered {
        Some(Ok(identity)) => storage.identity = identity,
        Some(Err(e)) => {
            storage.problem = Some(StorageProblem::Failed(Arc::new(e)));
            storage.identity = given;
        }
        None => storage.identity = given,
    }
    storage.trainee = Some(name);
    redraw.set_changed();
}

fn resume_contest(
    _: On<Activate>,
    storage: Res<Storage>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(resumable) = storage
        .with(|store| store.resumable().ok().flatten())
        .flatten()
    else {
        return;
    };
    match ActiveContest::load(resumable.info, &storage) {
        Ok(contest) => {
            commands.insert_resource(contest);
            next.set(Screen::Scoreboard);
        }
        Err(e) => warn!("{e}"),
    }
}

fn start_mode(
    mode: PlayMode,
) -> impl Fn(On<Activate>, ResMut<PlayMode>, ResMut<NextState<Screen>>) {
    move |_, mut current, mut next| {
        *current = mode;
        next.set(Screen::Library);
    }
}
