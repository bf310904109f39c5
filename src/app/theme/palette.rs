//! Named colours and sizes: a calm bank palette that stays readable on a projector.

use bevy::prelude::*;

pub const BACKGROUND: Color = Color::srgb(0.945, 0.953, 0.965);
pub const SURFACE: Color = Color::WHITE;
pub const SURFACE_MUTED: Color = Color::srgb(0.972, 0.976, 0.984);
pub const BORDER: Color = Color::srgb(0.851, 0.867, 0.894);
pub const HEADER: Color = Color::srgb(0.063, 0.235, 0.431);
pub const HEADER_TEXT: Color = Color::WHITE;
pub const TEXT: Color = Color::srgb(0.122, 0.149, 0.188);
pub const TEXT_MUTED: Color = Color::srgb(0.400, 0.443, 0.502);
pub const ACCENT: Color = Color::srgb(0.063, 0.404, 0.702);
pub const ACCENT_HOVER: Color = Color::srgb(0.086, 0.459, 0.780);
pub const ACCENT_PRESSED: Color = Color::srgb(0.039, 0.31, 0.56);
pub const BUTTON: Color = Color::WHITE;
pub const BUTTON_HOVER: Color = Color::srgb(0.918, 0.945, 0.976);
pub const BUTTON_PRESSED: Color = Color::srgb(0.851, 0.902, 0.957);
pub const SELECTED: Color = Color::srgb(0.855, 0.918, 0.984);
pub const SUCCESS: Color = Color::srgb(0.090, 0.541, 0.290);
pub const SUCCESS_BG: Color = Color::srgb(0.898, 0.965, 0.925);
pub const DANGER: Color = Color::srgb(0.753, 0.153, 0.176);
pub const DANGER_BG: Color = Color::srgb(0.992, 0.918, 0.918);
pub const WARNING: Color = Color::srgb(0.722, 0.459, 0.035);
pub const WARNING_BG: Color = Color::srgb(0.996, 0.961, 0.882);
pub const FOCUS: Color = Color::srgb(0.976, 0.659, 0.145);
pub const BANNER: Color = Color::srgb(0.722, 0.153, 0.161);

/// Font sizes in logical pixels (UiScale multiplies them for a projector).
pub const FONT_TITLE: f32 = 40.0;
pub const FONT_HEADING: f32 = 24.0;
pub const FONT_BODY: f32 = 18.0;
pub const FONT_SMALL: f32 = 15.0;

pub const GAP: f32 = 12.0;
pub const RADIUS: f32 = 8.0;
