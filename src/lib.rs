//! liandong (岗位联动演练): a training simulator for cross-role referral in a bank branch.
//!
//! Data flows one way: case files → [`scenario`] → [`playthrough`] → [`scoring`] → CLI and app.
//! The core knows no screen; `app` (feature `app`, on by default) is the Bevy layer over it.

#[cfg(feature = "app")]
pub mod app;
pub mod cli;
pub mod competition;
pub mod export;
pub mod lang;
pub mod leaderboard;
pub mod lrs;
pub mod playthrough;
pub mod progress;
pub mod review;
pub mod scenario;
pub mod scoring;
pub mod store;
