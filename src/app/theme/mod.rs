//! Look and feel: palette, fonts, widgets and the button behaviour they share.

pub mod field;
pub mod fonts;
pub mod layout;
pub mod palette;
pub mod widget;

use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((fonts::plugin, widget::plugin, field::plugin));
}
