//! The app's integration tests in one test crate: the Bevy app run headless through its screens
//! (practice, exam, contests, history) and the interface text tables.
#![cfg(feature = "app")]

mod common;
mod contest;
mod flow;
mod forms_in_place;
mod history;
mod in_place;
mod interface_text;
mod names;
// the check behind "no internal names on screen", shared with the core's tests
#[path = "../shared/plain_words.rs"]
mod plain_words;
mod shown;
mod sign_in;
#[path = "../core/terminal.rs"]
mod terminal;
mod workbooks;
