//! The binary: command-line parsing only; everything else lives in the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    #[cfg(feature = "app")]
    liandong::app::LAUNCHED.get_or_init(std::time::Instant::now);
    let cli = liandong::cli::Cli::parse();
    if cli.command.is_some() {
        quiet_broken_pipe();
    }
    liandong::cli::run(cli)
}

/// `liandong run … | head` should stop quietly when `head` has read enough, as other command-line
/// tools do, instead of panicking on the closed pipe. Only the terminal commands need this.
fn quiet_broken_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring the default action for SIGPIPE before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
