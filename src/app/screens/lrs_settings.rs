//! The settings screen's learning record store section: its address, key and secret (the
//! secret is never shown, not even as it was saved), 保存并同步, and the sync line.

use bevy::prelude::*;
use bevy::text::EditableText;
use bevy::ui_widgets::Activate;

use crate::app::i18n::Ui;
use crate::app::screen::Screen;
use crate::app::sync::{LrsSync, SyncLine};
use crate::app::theme::field::{field_value, text_field};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};
use crate::lrs::LrsConfig;

/// The section's fields.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum LrsField {
    Endpoint,
    Key,
    Secret,
}

/// The sync line and, after 保存, what became of the settings.
#[derive(Component)]
struct SyncText;

#[derive(Component)]
struct SaveNotice;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        show_sync_line.run_if(in_state(Screen::Settings).and_then(resource_changed::<SyncLine>)),
    );
}

pub(super) fn spawn_lrs_settings(
    column: &mut ChildSpawnerCommands,
    ui: &Ui,
    fonts: &UiFonts,
    sync: &LrsSync,
    line: &SyncLine,
) {
    column.spawn(widget::heading(
        ui.lrs_title.clone(),
        FONT_BODY,
        &fonts.bold,
    ));
    column.spawn((
        widget::muted(ui.lrs_hint.clone()),
        Node {
            max_width: px(720),
            ..default()
        },
    ));
    let saved = sync
        .data_dir()
        .and_then(|dir| LrsConfig::load(dir).ok().flatten());
    let (endpoint, key) = saved.as_ref().map_or((String::new(), String::new()), |c| {
        (c.endpoint.clone(), c.key.clone())
    });
    for (which, label, value, width, name) in [
        (
            LrsField::Endpoint,
            &ui.lrs_endpoint,
            endpoint,
            420,
            "LRS address",
        ),
        (LrsField::Key, &ui.lrs_key, key, 240, "LRS key"),
        (
            LrsField::Secret,
            &ui.lrs_secret,
            String::new(),
            240,
            "LRS secret",
        ),
    ] {
        column
            .spawn(Node {
                column_gap: px(8),
                align_items: AlignItems::Center,
                ..default()
            })
            .with_children(|row| {
                row.spawn((
                    Node {
                        width: px(72),
                        ..default()
                    },
                    children![widget::muted(label.clone())],
                ));
                row.spawn((which, text_field(&value, px(width), 512)))
                    .insert(Name::new(name));
            });
    }
    column
        .spawn(widget::button(ui.lrs_save.clone(), ButtonLook::Plain))
        .observe(save);
    column.spawn((SaveNotice, widget::text(String::new(), FONT_SMALL, DANGER)));
    column.spawn((
        SyncText,
        widget::text(line.text.clone(), FONT_SMALL, colour(line)),
    ));
}

fn colour(line: &SyncLine) -> Color {
    if line.failing { DANGER } else { TEXT_MUTED }
}

fn show_sync_line(
    line: Res<SyncLine>,
    mut texts: Query<(&mut Text, &mut TextColor), With<SyncText>>,
) {
    for (mut text, mut colour_now) in &mut texts {
        if text.0 != line.text {
            text.0 = line.text.clone();
        }
        colour_now.set_if_neq(TextColor(colour(&line)));
    }
}

/// Checks and saves the settings (owner-only file in the data folder), then syncs.
fn save(
    _: On<Activate>,
    fields: Query<(&LrsField, &EditableText)>,
    mut notices: Query<(&mut Text, &mut TextColor), With<SaveNotice>>,
    mut sync: ResMut<LrsSync>,
    ui: Res<Ui>,
) {
    let value = |which: LrsField| {
        fields
            .iter()
            .find(|(f, _)| **f == which)
            .map(|(_, text)| field_value(text))
            .unwrap_or_default()
    };
    let (notice, failed) = match sync.data_dir().cloned() {
        None => (ui.no_data_dir.clone(), true),
        Some(dir) => {
            let saved = LrsConfig::new(
                &value(LrsField::Endpoint),
                &value(LrsField::Key),
                &value(LrsField::Secret),
            )
            .and_then(|config| config.save(&dir));
            match saved {
                Ok(()) => {
                    sync.start();
                    (ui.lrs_saved.clone(), false)
                }
                Err(e) => (ui.errors.lrs_config(&e), true),
            }
        }
    };
    for (mut text, mut colour_now) in &mut notices {
        text.0 = notice.clone();
        colour_now.0 = if failed { DANGER } else { SUCCESS };
    }
}
