//! Pieces of layout that screens repeat: the header bar with its back button, the body and its
//! columns, table rows and cells.

use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use super::fonts::UiFonts;
use super::palette::BORDER;
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

/// The body under a screen's header: columns side by side filling the rest of the window.
pub fn body() -> Node {
    Node {
        flex_grow: 1.0,
        min_height: px(0),
        padding: UiRect::all(px(16)),
        column_gap: px(16),
        ..default()
    }
}

/// A column that fills the screen below the header and centres what it holds both ways (the
/// title, the role choice, the drill timer), `gap` between its children.
pub fn centred_column(gap: Val) -> Node {
    Node {
        flex_grow: 1.0,
        flex_direction: FlexDirection::Column,
        align_items: AlignItems::Center,
        justify_content: JustifyContent::Center,
        row_gap: gap,
        ..default()
    }
}

/// The wide column of a body: takes whatever width the other columns leave.
pub fn main_column() -> Node {
    Node {
        flex_grow: 1.0,
        flex_basis: px(0),
        min_width: px(0),
        flex_direction: FlexDirection::Column,
        row_gap: px(12),
        ..default()
    }
}

/// A side column of a body as a white card that scrolls on its own (with the mouse wheel) when
/// its content is taller than the window.
pub fn scrolling_column(width: Val, min_width: Val) -> impl Bundle {
    scrolling_card(Node {
        width,
        min_width,
        ..default()
    })
}

/// A column taking `grow` shares of the body's width (beside others that take theirs), as a
/// white card that scrolls on its own.
pub fn growing_column(grow: f32, min_width: Val) -> impl Bundle {
    scrolling_card(Node {
        flex_grow: grow,
        flex_basis: px(0),
        min_width,
        ..default()
    })
}

/// A white card sized by `size` (its width and growth), laid out as a column that scrolls.
fn scrolling_card(size: Node) -> impl Bundle {
    (
        widget::panel_in(
            Node {
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(16)),
                row_gap: px(10),
                overflow: Overflow::scroll_y(),
                ..size
            },
            BORDER,
        ),
        ScrollPosition::default(),
    )
}

/// A row of a table, ruled off from the next one.
pub fn table_row(rule: Color) -> impl Bundle {
    (
        Node {
            width: percent(100),
            padding: UiRect::axes(px(8), px(4)),
            border: UiRect::bottom(px(1)),
            align_items: AlignItems::Center,
            flex_shrink: 0.0,
            ..default()
        },
        BorderColor::all(rule),
    )
}

/// A table cell of a fixed width (it neither grows nor shrinks, so columns line up).
pub fn fixed_cell(width: Val, justify: JustifyContent) -> Node {
    Node {
        width,
        flex_shrink: 0.0,
        justify_content: justify,
        align_items: AlignItems::Center,
        ..default()
    }
}

/// The one table cell that takes the width the fixed cells leave (a name, a title).
pub fn filling_cell(min_width: Val) -> Node {
    Node {
        flex_grow: 1.0,
        flex_basis: px(0),
        min_width,
        align_items: AlignItems::Center,
        ..default()
    }
}
