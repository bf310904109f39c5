//! The binary: command-line parsing only; everything else lives in the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    #[cfg(feature = "app")]
    liandong::app::LAUNCHED.get_or_init(std::time::Instant::now);
    liandong::cli::run(liandong::cli::Cli::parse())
}
