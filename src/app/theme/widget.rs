//! Small widget constructors (`fn … -> impl Bundle`) and the shared button look.

use bevy::input_focus::tab_navigation::TabIndex;
use bevy::input_focus::{InputFocus, InputFocusVisible};
use bevy::picking::hover::Hovered;
use bevy::prelude::*;
use bevy::reflect::Is;
use bevy::text::LineBreak;
use bevy::ui::Pressed;
use bevy::ui_widgets::Button;

use super::palette::*;

pub(super) fn plugin(app: &mut App) {
    app.add_observer(restyle_on::<Insert, Hovered>)
        .add_observer(restyle_on::<Add, Pressed>)
        .add_observer(restyle_on::<Remove, Pressed>)
        .add_systems(PostUpdate, (restyle_changed_looks, outline_focused_button));
}

/// The text of a button made by [`button`], [`chip`] or [`menu_button`]: its words alone.
#[derive(Component, Debug)]
pub struct ButtonLabel;

/// How a button looks when idle; hover and press derive from it. Changing it on a button
/// restyles that button in place (background, border, label colour and, on a chip, its mark).
#[derive(Component, Clone, Copy, PartialEq, Eq, Debug)]
pub enum ButtonLook {
    /// Filled accent: the main action of a screen.
    Primary,
    /// White with a border: choices and secondary actions.
    Plain,
    /// A choice the trainee has already selected: tinted, an accent border, and on a chip a
    /// mark before its label (a tick, or its [`SelectedMark`]).
    Selected,
}

impl ButtonLook {
    /// Background and label colour.
    fn colours(self, hovered: bool, pressed: bool) -> (Color, Color) {
        match (self, pressed, hovered) {
            (ButtonLook::Primary, true, _) => (ACCENT_PRESSED, HEADER_TEXT),
            (ButtonLook::Primary, _, true) => (ACCENT_HOVER, HEADER_TEXT),
            (ButtonLook::Primary, _, _) => (ACCENT, HEADER_TEXT),
            (ButtonLook::Selected, true, _) => (BUTTON_PRESSED, ACCENT_PRESSED),
            (ButtonLook::Selected, _, _) => (SELECTED, ACCENT_PRESSED),
            (ButtonLook::Plain, true, _) => (BUTTON_PRESSED, TEXT),
            (ButtonLook::Plain, _, true) => (BUTTON_HOVER, TEXT),
            (ButtonLook::Plain, _, _) => (BUTTON, TEXT),
        }
    }

    fn border(self) -> Color {
        match self {
            ButtonLook::Primary | ButtonLook::Selected => ACCENT,
            ButtonLook::Plain => BORDER,
        }
    }
}

/// What a selected chip shows before its label instead of the tick (e.g. its place in an
/// ordered sequence).
#[derive(Component, Clone, Debug, PartialEq, Eq)]
pub struct SelectedMark(pub String);

/// The mark before a chip's label: empty, or a tick once selected. It keeps its width either
/// way, so selecting a chip never moves its neighbours.
#[derive(Component, Debug)]
pub struct ButtonMark;

/// The mark of a selected chip.
pub const TICK: &str = "√";

/// Restyles the buttons whose look or mark changed, touching only what differs (a changed
/// text is shaped again; an unchanged one is not).
#[expect(clippy::type_complexity, reason = "one query of the restyled buttons")]
fn restyle_changed_looks(
    mut buttons: Query<
        (
            &ButtonLook,
            Option<&Hovered>,
            Has<Pressed>,
            Option<&SelectedMark>,
            &Children,
            &mut BackgroundColor,
            &mut BorderColor,
        ),
        Or<(Changed<ButtonLook>, Changed<SelectedMark>)>,
    >,
    mut labels: Query<&mut TextColor, (With<ButtonLabel>, Without<ButtonMark>)>,
    mut marks: Query<(&mut Text, &mut TextColor), (With<ButtonMark>, Without<ButtonLabel>)>,
) {
    for (look, hovered, pressed, mark, children, mut background, mut border) in &mut buttons {
        let hovered = hovered.is_some_and(Hovered::get);
        let (fill, foreground) = look.colours(hovered, pressed);
        background.set_if_neq(BackgroundColor(fill));
        border.set_if_neq(BorderColor::all(look.border()));
        for child in children {
            if let Ok(mut colour) = labels.get_mut(*child) {
                colour.set_if_neq(TextColor(foreground));
            }
            if let Ok((mut text, mut colour)) = marks.get_mut(*child) {
                let shown = match (look, mark) {
                    (ButtonLook::Selected, Some(mark)) => mark.0.as_str(),
                    (ButtonLook::Selected, None) => TICK,
                    _ => "",
                };
                if text.0 != shown {
                    text.0 = shown.to_owned();
                }
                colour.set_if_neq(TextColor(foreground));
            }
        }
    }
}

fn restyle_on<E: EntityEvent, C: Component>(
    event: On<E, C>,
    mut buttons: Query<(&ButtonLook, &Hovered, Has<Pressed>, &mut BackgroundColor)>,
) {
    if let Ok((look, hovered, pressed, mut background)) = buttons.get_mut(event.event_target()) {
        // `Remove` fires before the component goes, so it still shows up in the query
        let pressed = pressed && !(E::is::<Remove>() && C::is::<Pressed>());
        background.0 = look.colours(hovered.get(), pressed).0;
    }
}

/// Keyboard users see where they are: the focused button gets an amber outline.
fn outline_focused_button(
    focus: Res<InputFocus>,
    visible: Res<InputFocusVisible>,
    mut buttons: Query<(Entity, &mut Outline), With<ButtonLook>>,
) {
    for (entity, mut outline) in &mut buttons {
        let focused = visible.0 && focus.get() == Some(entity);
        let colour = if focused { FOCUS } else { Color::NONE };
        if outline.color != colour {
            outline.color = colour;
        }
    }
}

/// A text block in the body font that wraps Chinese text at the container's edge.
pub fn text(content: impl Into<String>, size: f32, colour: Color) -> impl Bundle {
    (
        Text::new(content),
        TextFont::from_font_size(size),
        TextColor(colour),
        TextLayout::linebreak(LineBreak::WordOrCharacter),
    )
}

pub fn body(content: impl Into<String>) -> impl Bundle {
    text(content, FONT_BODY, TEXT)
}

pub fn muted(content: impl Into<String>) -> impl Bundle {
    text(content, FONT_SMALL, TEXT_MUTED)
}

/// A heading in the bold face.
pub fn heading(content: impl Into<String>, size: f32, bold: &Handle<Font>) -> impl Bundle {
    (
        Text::new(content),
        TextFont {
            font: bold.into(),
            font_size: FontSize::Px(size),
            ..default()
        },
        TextColor(TEXT),
        TextLayout::linebreak(LineBreak::WordOrCharacter),
    )
}

/// A clickable button with a short label (an action: 返回, 确认, 换一位客户…); its behaviour
/// is an observer added by the caller. The label stays on one line and the button does not
/// shrink below it, so a label never breaks inside a word, whatever the interface scale.
pub fn button(label: impl Into<String>, look: ButtonLook) -> impl Bundle {
    let foreground = look.colours(false, false).1;
    (
        clickable(
            look,
            Node {
                padding: UiRect::axes(px(18), px(10)),
                flex_shrink: 0.0,
                justify_content: JustifyContent::FlexStart,
                align_items: AlignItems::Center,
                ..default()
            },
        ),
        children![(
            ButtonLabel,
            Text::new(label),
            TextFont::from_font_size(FONT_BODY),
            TextColor(foreground),
            TextLayout::linebreak(LineBreak::NoWrap),
            Pickable::IGNORE,
        )],
    )
}

/// A button whose label is a sentence (a line to say): it wraps at the container's edge.
pub fn choice_button(label: impl Into<String>, look: ButtonLook) -> impl Bundle {
    button_in(
        label,
        look,
        Node {
            padding: UiRect::axes(px(18), px(10)),
            justify_content: JustifyContent::FlexStart,
            align_items: AlignItems::Center,
            ..default()
        },
    )
}

/// A compact button for one of many choices (tiers, cues, card fields, actions), with room
/// for a mark before its label when it is selected.
pub fn chip(label: impl Into<String>, look: ButtonLook) -> impl Bundle {
    let foreground = look.colours(false, false).1;
    (
        clickable(
            look,
            Node {
                padding: UiRect::new(px(6), px(12), px(5), px(5)),
                align_items: AlignItems::Center,
                ..default()
            },
        ),
        children![
            (
                ButtonMark,
                Node {
                    width: px(FONT_SMALL + 3.0),
                    flex_shrink: 0.0,
                    ..default()
                },
                Text::new(if look == ButtonLook::Selected {
                    TICK
                } else {
                    ""
                }),
                TextFont::from_font_size(FONT_SMALL),
                TextColor(foreground),
                TextLayout::new(Justify::Center, LineBreak::NoWrap),
                Pickable::IGNORE,
            ),
            (
                ButtonLabel,
                Text::new(label),
                TextFont::from_font_size(FONT_SMALL),
                TextColor(foreground),
                TextLayout::linebreak(LineBreak::WordOrCharacter),
                Pickable::IGNORE,
            )
        ],
    )
}

/// A large centred button for a menu.
pub fn menu_button(label: impl Into<String>, look: ButtonLook) -> impl Bundle {
    button_in(
        label,
        look,
        Node {
            width: px(420),
            padding: UiRect::axes(px(24), px(14)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            ..default()
        },
    )
}

/// A button laid out by `node` (its border and corners are set here).
pub fn button_in(label: impl Into<String>, look: ButtonLook, node: Node) -> impl Bundle {
    let foreground = look.colours(false, false).1;
    (
        clickable(look, node),
        children![(
            ButtonLabel,
            Text::new(label),
            TextFont::from_font_size(FONT_BODY),
            TextColor(foreground),
            TextLayout::linebreak(LineBreak::WordOrCharacter),
            Pickable::IGNORE,
        )],
    )
}

/// Anything that acts as a button (a case card, say); the caller adds the children.
pub fn clickable(look: ButtonLook, node: Node) -> impl Bundle {
    let background = look.colours(false, false).0;
    (
        Name::new("Button"),
        Button,
        look,
        Hovered::default(),
        TabIndex(0),
        Node {
            border: UiRect::all(px(1)),
            border_radius: BorderRadius::all(px(RADIUS)),
            ..node
        },
        BackgroundColor(background),
        BorderColor::all(look.border()),
        Outline::new(px(3), px(2), Color::NONE),
    )
}

/// A white card with a border, laid out as a column.
pub fn panel() -> impl Bundle {
    panel_in(
        Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(16)),
            row_gap: px(8),
            ..default()
        },
        BORDER,
    )
}

/// A white card laid out by `node`, with a border of the given colour.
pub fn panel_in(node: Node, border: Color) -> impl Bundle {
    (
        Node {
            border: UiRect::all(px(1)),
            border_radius: BorderRadius::all(px(RADIUS)),
            ..node
        },
        BackgroundColor(SURFACE),
        BorderColor::all(border),
    )
}

/// A coloured pill with a short label (difficulty, grade, tag).
pub fn badge(label: impl Into<String>, foreground: Color, background: Color) -> impl Bundle {
    (
        Node {
            padding: UiRect::axes(px(8), px(2)),
            border_radius: BorderRadius::all(px(10)),
            ..default()
        },
        BackgroundColor(background),
        children![text(label, FONT_SMALL, foreground)],
    )
}

/// The dark blue bar at the top of a screen with its title.
pub fn header_bar(title: impl Into<String>, bold: &Handle<Font>) -> impl Bundle {
    (
        Node {
            width: percent(100),
            padding: UiRect::axes(px(24), px(14)),
            align_items: AlignItems::Center,
            column_gap: px(16),
            ..default()
        },
        BackgroundColor(HEADER),
        children![(
            Text::new(title),
            TextFont {
                font: bold.into(),
                font_size: FontSize::Px(FONT_HEADING),
                ..default()
            },
            TextColor(HEADER_TEXT),
        )],
    )
}

/// A horizontal bar filled to `share` (0–1), for scores and progress.
pub fn meter(share: f32, fill: Color, height: f32) -> impl Bundle {
    (
        Node {
            width: percent(100),
            height: px(height),
            border_radius: BorderRadius::all(px(height / 2.0)),
            overflow: Overflow::clip(),
            ..default()
        },
        BackgroundColor(BORDER),
        children![(
            Node {
                width: percent(100.0 * share.clamp(0.0, 1.0)),
                height: percent(100),
                ..default()
            },
            BackgroundColor(fill),
        )],
    )
}
