//! liandong (岗位联动演练): a training simulator for cross-role referral in a bank branch.
//!
//! Data flows one way: case files → [`scenario`] → [`playthrough`] → [`scoring`] → CLI.
//! Nothing here draws a screen.

pub mod app;
pub mod cli;
pub mod playthrough;
pub mod scenario;
pub mod scoring;
