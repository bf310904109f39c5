//! `liandong run`: plays a case with automatic answers and prints the debrief.

use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, Duration, Utc};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use super::{Format, Pick, RoleArg, load_playable, render};
use crate::playthrough::{Playthrough, pick};
use crate::scoring::Debrief;

/// Simulated clock for automatic runs, so the same seed gives byte-identical output.
const SIMULATED_START: i64 = 1_767_600_000;
const SIMULATED_THINK_MS: u64 = 20_000;

/// Keeps the random answers apart from the variant's draws.
const RANDOM_PICK_SALT: u64 = 0x6c69_616e_646f_6e67;

pub fn run(file: &Path, seed: u64, pick_with: Pick, role: RoleArg, format: Format, save: Option<&Path>) -> ExitCode {
    let Some(case) = load_playable(file) else {
        return ExitCode::from(2);
    };
    let result = autoplay(&case, seed, pick_with, role);
    let playthrough = match result {
        Ok(p) => p,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let debrief = playthrough.debrief();
    if let Some(path) = save
        && let Err(e) = std::fs::write(path, playthrough.transcript().to_ron())
    {
        eprintln!("无法保存演练记录 {}:{e}", path.display());
        return ExitCode::from(2);
    }
    match format {
        Format::Json => print_json(&debrief),
        Format::Text => {
            for event in &playthrough.transcript().events {
                if let Some(line) = render::event_line(event) {
                    println!("{line}");
                }
            }
            println!("{}", render::debrief_text(&debrief));
        }
    }
    ExitCode::SUCCESS
}

/// Plays the whole case with the chosen strategy on a simulated clock.
pub fn autoplay<'c>(
    case: &'c crate::scenario::Case,
    seed: u64,
    pick_with: Pick,
    role: RoleArg,
) -> Result<Playthrough<'c>, String> {
    let start = DateTime::<Utc>::from_timestamp(SIMULATED_START, 0).unwrap_or_default();
    let mut playthrough = Playthrough::start(case, seed, role.choice(), start).map_err(|e| e.to_string())?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ RANDOM_PICK_SALT);
    let mut clock = start;
    while let Some(pending) = playthrough.pending() {
        let variant = playthrough.variant().clone();
        let answer = match pick_with {
            Pick::Best => pick::best(case, &variant, pending.at),
            Pick::Worst => pick::worst(case, &variant, pending.at),
            Pick::Random => pick::random(case, &variant, pending.at, &mut rng),
        };
        clock += Duration::milliseconds(SIMULATED_THINK_MS as i64);
        playthrough
            .answer(answer, clock, SIMULATED_THINK_MS)
            .map_err(|e| e.to_string())?;
    }
    Ok(playthrough)
}

fn print_json(debrief: &Debrief) {
    match serde_json::to_string_pretty(debrief) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("无法输出 JSON:{e}"),
    }
}
