//! The binary: parses the command line and chooses the terminal (a subcommand) or the window
//! (none). The command line knows nothing of the app, and the app nothing of the command line.

use std::process::ExitCode;

use clap::Parser;
use liandong::cli::Cli;

fn main() -> ExitCode {
    #[cfg(feature = "app")]
    liandong::app::LAUNCHED.get_or_init(std::time::Instant::now);
    let cli = Cli::parse();
    if cli.command.is_some() {
        quiet_broken_pipe();
        return liandong::cli::run(cli);
    }
    open_window(cli)
}

#[cfg(not(feature = "app"))]
fn open_window(cli: Cli) -> ExitCode {
    liandong::cli::run(cli)
}

/// The desktop app, with what the command line said about it.
#[cfg(feature = "app")]
fn open_window(cli: Cli) -> ExitCode {
    use liandong::app::{self, AppOptions, AutopilotRequest};
    use liandong::cli::Flight;
    use liandong::playthrough::pick::Strategy;

    if let Some(dir) = &cli.screenshots
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("无法创建截图文件夹 {}：{e}", dir.display());
        return ExitCode::FAILURE;
    }
    let options = AppOptions {
        cases_dir: cli.cases.unwrap_or_else(app::default_cases_dir),
        data_dir: cli
            .data_dir
            .or_else(liandong::scenario::bundled::user_data_dir),
        window_size: cli.size,
        autopilot: cli.autopilot.map(|flight| AutopilotRequest {
            strategy: match flight {
                Flight::Worst => Strategy::Worst,
                Flight::Best | Flight::Random | Flight::Latency => Strategy::Best,
            },
            screenshots: cli.screenshots,
            latency: flight == Flight::Latency,
        }),
    };
    match app::run(options, cli.lang) {
        bevy::app::AppExit::Success => ExitCode::SUCCESS,
        bevy::app::AppExit::Error(code) => ExitCode::from(code.get()),
    }
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
