//! What the command line decided about the app: plain settings, read by the plugins at start.

use std::path::PathBuf;

use bevy::prelude::*;

use crate::playthrough::pick::Strategy;

/// The app's start-up settings.
#[derive(Resource, Debug, Clone)]
pub struct AppOptions {
    /// The folder of case files shown in the library (watched for changes).
    pub cases_dir: PathBuf,
    /// Where the results database lives; `None` plays without saving.
    pub data_dir: Option<PathBuf>,
    /// The window's size in logical pixels.
    pub window_size: (u32, u32),
    /// Plays the first showcase by itself and saves a screenshot of every screen.
    pub autopilot: Option<AutopilotRequest>,
}

/// `--autopilot`: which answers the autopilot gives, and where its screenshots go; or, with
/// `latency`, time clicks instead (`autopilot/latency.rs`).
#[derive(Debug, Clone)]
pub struct AutopilotRequest {
    pub strategy: Strategy,
    pub screenshots: Option<PathBuf>,
    pub latency: bool,
}
