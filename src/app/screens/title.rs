//! The title screen: practise, exam, settings, quit.

use bevy::prelude::*;
use bevy::ui_widgets::{Activate, observe};

use super::Screen;
use crate::app::i18n::Ui;
use crate::app::session::PlayMode;
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Title), spawn_title)
        .add_systems(
            Update,
            respawn_title.run_if(in_state(Screen::Title).and_then(resource_changed::<Ui>)),
        );
}

#[derive(Component)]
struct TitleRoot;

fn respawn_title(
    mut commands: Commands,
    roots: Query<Entity, With<TitleRoot>>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
) {
    for root in &roots {
        commands.entity(root).despawn();
    }
    spawn_title(commands, ui, fonts);
}

fn spawn_title(mut commands: Commands, ui: Res<Ui>, fonts: Res<UiFonts>) {
    commands.spawn((
        Name::new("Title screen"),
        TitleRoot,
        DespawnOnExit(Screen::Title),
        widget::screen_root(),
        children![(
            Node {
                flex_grow: 1.0,
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                justify_content: JustifyContent::Center,
                row_gap: px(14),
                ..default()
            },
            children![
                widget::heading(ui.app_title.clone(), FONT_TITLE, &fonts.bold),
                (
                    widget::muted(ui.app_subtitle.clone()),
                    Node {
                        margin: UiRect::bottom(px(24)),
                        ..default()
                    }
                ),
                (
                    widget::menu_button(ui.menu_practice.clone(), ButtonLook::Primary),
                    observe(start_mode(PlayMode::Practice)),
                ),
                widget::muted(ui.menu_practice_hint.clone()),
                (
                    widget::menu_button(ui.menu_exam.clone(), ButtonLook::Plain),
                    observe(start_mode(PlayMode::Exam)),
                ),
                widget::muted(ui.menu_exam_hint.clone()),
                (
                    widget::menu_button(ui.menu_settings.clone(), ButtonLook::Plain),
                    observe(|_: On<Activate>, mut next: ResMut<NextState<Screen>>| {
                        next.set(Screen::Settings)
                    }),
                ),
                (
                    widget::menu_button(ui.menu_quit.clone(), ButtonLook::Plain),
                    observe(|_: On<Activate>, mut exit: MessageWriter<AppExit>| {
                        exit.write(AppExit::Success);
                    }),
                ),
                (
                    widget::muted(ui.footer_keys.clone()),
                    Node {
                        margin: UiRect::top(px(32)),
                        ..default()
                    }
                ),
            ],
        )],
    ));
}

fn start_mode(
    mode: PlayMode,
) -> impl Fn(On<Activate>, ResMut<PlayMode>, ResMut<NextState<Screen>>) {
    move |_, mut current, mut next| {
        *current = mode;
        next.set(Screen::Library);
    }
}
