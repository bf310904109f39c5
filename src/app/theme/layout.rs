//! Pieces of layout that screens repeat: the header bar with its back button.

use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use super::fonts::UiFonts;
use super::widget::{self, ButtonLook};
use crate::app::i18n::Ui;
use crate::app::screen::Screen;

/// The header bar of a screen: its title, whatever `extra` adds, and a back button to `back`.
pub fn spawn_header(
    parent: &mut ChildSpawnerCommands,
    title: String,
    ui: &Ui,
    fonts: &UiFonts,
    back: Screen,
    extra: impl FnOnce(&mut ChildSpawnerCommands),
) {
    parent
        .spawn(widget::header_bar(title, &fonts.bold))
        .with_children(|bar| {
            extra(bar);
            bar.spawn(Node {
                flex_grow: 1.0,
                ..default()
            });
            bar.spawn(widget::button(ui.back.clone(), ButtonLook::Plain))
                .observe(
                    move |_: On<Activate>, mut next: ResMut<NextState<Screen>>| next.set(back),
                );
        });
}
