//! The history screen: a trainee's runs over time (placeholder, being written).

use bevy::prelude::*;
use serde::Deserialize;

/// The history screen's interface text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryText {
    pub title: String,
}

pub(super) fn plugin(_app: &mut App) {}
