//! Keys that work everywhere: Esc goes back, F11 toggles fullscreen, Ctrl +/- scales the whole
//! interface for a projector; the mouse wheel scrolls whatever list is under the pointer.

use bevy::input::mouse::{MouseScrollUnit, MouseWheel};
use bevy::input_focus::tab_navigation::TabNavigationPlugin;
use bevy::picking::hover::HoverMap;
use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};

use super::session::Session;
use crate::app::screen::Screen;

/// Asks the primary window to switch between windowed and fullscreen.
#[derive(Message, Debug, Clone, Copy)]
pub struct ToggleFullscreen;

const MIN_SCALE: f32 = 0.6;
const MAX_SCALE: f32 = 2.5;
const LINE_HEIGHT: f32 = 24.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<UiScale>()
        .add_message::<ToggleFullscreen>()
        .add_systems(
            Update,
            (
                go_back_on_escape,
                scale_on_ctrl_plus_minus,
                toggle_fullscreen_on_f11,
            ),
        )
        .add_systems(
            Update,
            apply_fullscreen.run_if(on_message::<ToggleFullscreen>),
        )
        .add_systems(
            Update,
            send_scroll_events.run_if(resource_exists::<HoverMap>),
        )
        .add_observer(scroll_under_pointer);
    if !app.is_plugin_added::<TabNavigationPlugin>() {
        app.add_plugins(TabNavigationPlugin);
    }
}

/// Changes the interface scale by `step`, within sensible bounds.
pub fn set_scale(scale: &mut UiScale, step: f32) {
    scale.0 = ((scale.0 + step) * 10.0).round() / 10.0;
    scale.0 = scale.0.clamp(MIN_SCALE, MAX_SCALE);
}

fn go_back_on_escape(
    keys: Res<ButtonInput<KeyCode>>,
    screen: Res<State<Screen>>,
    session: Option<Res<Session>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let contest_turn = session.is_some_and(|s| s.contest_on_stage());
    if keys.just_pressed(KeyCode::Escape)
        && let Some(back) = screen.get().back_during(contest_turn)
    {
        next.set(back);
    }
}

fn scale_on_ctrl_plus_minus(keys: Res<ButtonInput<KeyCode>>, mut scale: ResMut<UiScale>) {
    if !keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight]) {
        return;
    }
    if keys.any_just_pressed([KeyCode::Equal, KeyCode::NumpadAdd]) {
        set_scale(&mut scale, 0.1);
    }
    if keys.any_just_pressed([KeyCode::Minus, KeyCode::NumpadSubtract]) {
        set_scale(&mut scale, -0.1);
    }
    if keys.any_just_pressed([KeyCode::Digit0, KeyCode::Numpad0]) {
        scale.0 = 1.0;
    }
}

fn toggle_fullscreen_on_f11(
    keys: Res<ButtonInput<KeyCode>>,
    mut toggle: MessageWriter<ToggleFullscreen>,
) {
    if keys.just_pressed(KeyCode::F11) {
        toggle.write(ToggleFullscreen);
    }
}

fn apply_fullscreen(
    mut requests: MessageReader<ToggleFullscreen>,
    mut windows: Query<&mut Window, With<PrimaryWindow>>,
) {
    let flips = requests.read().count();
    if flips.is_multiple_of(2) {
        return;
    }
    for mut window in &mut windows {
        window.mode = match window.mode {
            WindowMode::Windowed => WindowMode::BorderlessFullscreen(MonitorSelection::Current),
            _ => WindowMode::Windowed,
        };
    }
}

/// Wheel movement for the UI node under the pointer; it bubbles up to the first scrollable one.
#[derive(EntityEvent, Debug)]
#[entity_event(propagate, auto_propagate)]
struct Scroll {
    entity: Entity,
    delta: f32,
}

fn send_scroll_events(
    mut wheel: MessageReader<MouseWheel>,
    hover_map: Res<HoverMap>,
    mut commands: Commands,
) {
    for event in wheel.read() {
        let mut delta = -event.y;
        if event.unit == MouseScrollUnit::Line {
            delta *= LINE_HEIGHT;
        }
        for pointer in hover_map.values() {
            for entity in pointer.keys().copied() {
                commands.trigger(Scroll { entity, delta });
            }
        }
    }
}

fn scroll_under_pointer(
    mut scroll: On<Scroll>,
    mut nodes: Query<(&mut ScrollPosition, &Node, &ComputedNode)>,
) {
    let Ok((mut position, node, computed)) = nodes.get_mut(scroll.entity) else {
        return;
    };
    if node.overflow.y != OverflowAxis::Scroll || scroll.delta == 0.0 {
        return;
    }
    let max = ((computed.content_size() - computed.size()) * computed.inverse_scale_factor())
        .y
        .max(0.0);
    let at_end = if scroll.delta > 0.0 {
        position.y >= max
    } else {
        position.y <= 0.0
    };
    if !at_end {
        position.y = (position.y + scroll.delta).clamp(0.0, max);
        scroll.propagate(false);
    }
}
