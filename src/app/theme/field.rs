//! A one-line text field over Bevy 0.19's `EditableText` (which brings the cursor, selection,
//! clipboard and IME for Chinese input); Enter in a field triggers [`FieldSubmitted`].

use bevy::input::ButtonState;
use bevy::input::keyboard::KeyboardInput;
use bevy::input_focus::tab_navigation::TabIndex;
use bevy::input_focus::{FocusedInput, InputFocus};
use bevy::prelude::*;
use bevy::text::EditableText;

use super::palette::*;

pub(super) fn plugin(app: &mut App) {
    app.add_observer(submit_on_enter)
        .add_systems(PostUpdate, outline_focused_field);
}

/// Enter was pressed in this field.
#[derive(EntityEvent, Debug, Clone, Copy)]
pub struct FieldSubmitted {
    pub entity: Entity,
}

/// Marks the fields this module styles.
#[derive(Component)]
pub struct TextField;

/// A bordered one-line field holding `initial`, at most `max_chars` characters.
pub fn text_field(initial: &str, width: Val, max_chars: usize) -> impl Bundle {
    text_field_in(initial, Node { width, ..default() }, max_chars)
}

/// A field laid out by `node` (its padding, border and corners are set here).
pub fn text_field_in(initial: &str, node: Node, max_chars: usize) -> impl Bundle {
    (
        Name::new("Text field"),
        TextField,
        Node {
            padding: UiRect::axes(px(10), px(8)),
            border: UiRect::all(px(1)),
            border_radius: BorderRadius::all(px(RADIUS)),
            ..node
        },
        EditableText {
            max_characters: Some(max_chars),
            ..EditableText::new(initial)
        },
        TextFont::from_font_size(FONT_BODY),
        TextColor(TEXT),
        BackgroundColor(SURFACE),
        BorderColor::all(BORDER),
        TabIndex(0),
    )
}

/// The text of a field, trimmed.
pub fn field_value(field: &EditableText) -> String {
    field.value().to_string().trim().to_owned()
}

fn submit_on_enter(
    input: On<FocusedInput<KeyboardInput>>,
    fields: Query<(), With<TextField>>,
    mut commands: Commands,
) {
    let key = &input.input;
    if key.state == ButtonState::Pressed
        && matches!(key.key_code, KeyCode::Enter | KeyCode::NumpadEnter)
        && fields.contains(input.focused_entity)
    {
        commands.trigger(FieldSubmitted {
            entity: input.focused_entity,
        });
    }
}

/// The focused field gets the accent border, so the trainee sees where typing goes.
fn outline_focused_field(
    focus: Res<InputFocus>,
    mut fields: Query<(Entity, &mut BorderColor), With<TextField>>,
) {
    for (entity, mut border) in &mut fields {
        let colour = if focus.get() == Some(entity) {
            ACCENT
        } else {
            BORDER
        };
        if border.top != colour {
            *border = BorderColor::all(colour);
        }
    }
}
