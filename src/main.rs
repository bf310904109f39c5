//! The binary: command-line parsing only; everything else lives in the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    liandong::cli::run(liandong::cli::Cli::parse())
}
