//! Settings: interface language, interface scale, fullscreen. Built on entering and when the
//! language changes (every word does); a new scale changes only its own heading.

use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use super::lrs_settings::spawn_lrs_settings;
use crate::app::controls::{ToggleFullscreen, set_scale};
use crate::app::i18n::{Language, Ui, fill};
use crate::app::screen::{Screen, ScreenRoot, screen_root};
use crate::app::sync::{LrsSync, SyncLine};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::spawn_header;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Settings), spawn_settings)
        .add_systems(
            Update,
            (
                respawn_settings.run_if(resource_changed::<Ui>),
                show_scale.run_if(resource_changed::<UiScale>),
            )
                .chain()
                .run_if(in_state(Screen::Settings)),
        );
}

/// The heading that names the interface scale.
#[derive(Component)]
struct ScaleLabel;

fn scale_heading(ui: &Ui, scale: &UiScale) -> String {
    fill(&ui.settings_scale, "n", (scale.0 * 100.0).round())
}

fn show_scale(ui: Res<Ui>, scale: Res<UiScale>, mut labels: Query<&mut Text, With<ScaleLabel>>) {
    let heading = scale_heading(&ui, &scale);
    for mut text in &mut labels {
        if text.0 != heading {
            text.0 = heading.clone();
        }
    }
}

fn respawn_settings(
    mut commands: Commands,
    roots: Query<(Entity, &ScreenRoot)>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
    scale: Res<UiScale>,
    sync: Res<LrsSync>,
    line: Res<SyncLine>,
) {
    for (root, _) in roots
        .iter()
        .filter(|(_, shown)| shown.0 == Screen::Settings)
    {
        commands.entity(root).despawn();
    }
    spawn_settings(commands, ui, fonts, scale, sync, line);
}

fn spawn_settings(
    mut commands: Commands,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
    scale: Res<UiScale>,
    sync: Res<LrsSync>,
    line: Res<SyncLine>,
) {
    let root = commands
        .spawn(screen_root("Settings screen", Screen::Settings))
        .id();
    commands.entity(root).with_children(|parent| {
        spawn_header(
            parent,
            ui.settings_title.clone(),
            &ui,
            &fonts,
            Screen::Title,
            |_| {},
        );
        parent
            .spawn((
                Node {
                    flex_direction: FlexDirection::Column,
                    align_items: AlignItems::FlexStart,
                    padding: UiRect::all(px(32)),
                    row_gap: px(16),
                    flex_grow: 1.0,
                    min_height: px(0),
                    overflow: Overflow::scroll_y(),
                    ..default()
                },
                ScrollPosition::default(),
            ))
            .with_children(|column| {
                column.spawn(widget::heading(
                    ui.settings_language.clone(),
                    FONT_BODY,
                    &fonts.bold,
                ));
                column
                    .spawn(widget::button(
                        format!("{} → {}", ui.language_name, ui.other_language),
                        ButtonLook::Plain,
                    ))
                    .observe(|_: On<Activate>, mut language: ResMut<Language>| {
                        language.0 = language.0.other()
                    });
                column.spawn((
                    ScaleLabel,
                    widget::heading(scale_heading(&ui, &scale), FONT_BODY, &fonts.bold),
                ));
                column
                    .spawn(Node {
                        column_gap: px(8),
                        ..default()
                    })
                    .with_children(|row| {
                        row.spawn(widget::button(ui.smaller.clone(), ButtonLook::Plain))
                            .observe(|_: On<Activate>, mut scale: ResMut<UiScale>| {
                                set_scale(&mut scale, -0.1)
                            });
                        row.spawn(widget::button(ui.larger.clone(), ButtonLook::Plain))
                            .observe(|_: On<Activate>, mut scale: ResMut<UiScale>| {
                                set_scale(&mut scale, 0.1)
                            });
                    });
                column
                    .spawn(widget::button(ui.fullscreen.clone(), ButtonLook::Plain))
                    .observe(
                        |_: On<Activate>, mut toggle: MessageWriter<ToggleFullscreen>| {
                            toggle.write(ToggleFullscreen);
                        },
                    );
                column.spawn(widget::muted(ui.footer_keys.clone()));
                spawn_lrs_settings(column, &ui, &fonts, &sync, &line);
            });
    });
}
