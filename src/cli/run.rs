//! `liandong run`: plays a case with automatic answers and prints the debrief.

use std::path::Path;
use std::process::ExitCode;

use super::{Format, Pick, RoleArg, load_playable, out, outln, render, tr};
use crate::playthrough::pick::{Clock, RANDOM_PICK_SALT, Strategy, autoplay_on};
use crate::playthrough::{Playthrough, RoleChoice, Transcript};
use crate::scenario::limits::MAX_TRANSCRIPT_BYTES;
use crate::scenario::load::read_user_text;
use crate::scoring::Debrief;
use crate::store::RunRecord;

pub fn run(
    file: &Path,
    seed: u64,
    pick_with: Pick,
    role: RoleArg,
    format: Format,
    save: Option<&Path>,
    record_as: Option<(std::path::PathBuf, String, crate::store::Identity)>,
) -> ExitCode {
    let Some(case) = load_playable(file) else {
        return ExitCode::from(2);
    };
    let strategy = match pick_with {
        Pick::Best => Strategy::Best,
        Pick::Worst => Strategy::Worst,
        Pick::Random => Strategy::Random,
    };
    // a run that is stored carries the time it was played; printed-only runs keep the
    // simulated clock, so the same seed prints the same transcript
    let clock = if record_as.is_some() {
        Clock::Wall
    } else {
        Clock::Simulated
    };
    let result = autoplay_on(
        &case,
        seed,
        strategy,
        role.choice(),
        seed ^ RANDOM_PICK_SALT,
        clock,
    );
    let playthrough = match result {
        Ok(p) => p,
        Err(e) => {
            let words = super::words();
            eprintln!("{}", words.errors.play(&e, &words.names));
            return ExitCode::from(2);
        }
    };
    let debrief = playthrough.debrief();
    // saved before anything is printed: a full disk or a closed pipe on standard output must
    // not lose the run
    let mut code = ExitCode::SUCCESS;
    if let Some(path) = save
        && let Err(e) = std::fs::write(path, playthrough.transcript().to_ron())
    {
        let path = path.display();
        eprintln!(
            "{}",
            tr!(
                "无法保存演练记录 {path}：{e}",
                "The transcript could not be saved to {path}: {e}"
            )
        );
        code = ExitCode::from(2);
    }
    if let Some((data_dir, trainee, identity)) = record_as {
        // the case carries the hash of the text that was played, not of the file read again
        let record =
            RunRecord::from_playthrough(&playthrough, &trainee, None).with_identity(identity);
        match super::open_store(&data_dir) {
            None => code = ExitCode::from(1),
            Some(mut store) => match store.save_run(&record) {
                Ok(id) => eprintln!(
                    "{}",
                    tr!(
                        "已记入{trainee}的成绩（第 {id} 条记录）",
                        "Recorded for {trainee} (record {id})"
                    )
                ),
                Err(e) => {
                    let why = super::words().errors.store(&e);
                    eprintln!(
                        "{}",
                        tr!("成绩没有保存：{why}", "The result was not saved: {why}")
                    );
                    code = ExitCode::from(1);
                }
            },
        }
    }
    // a run that cannot be saved is still worth reading
    match format {
        Format::Json => print_json(&debrief),
        Format::Text => {
            out!(
                "{}",
                render::transcript_text(
                    &case,
                    &playthrough.transcript().events,
                    playthrough.scores()
                )
            );
            outln!("{}", render::debrief_text(&case, &debrief));
        }
    }
    code
}

/// Replays a saved transcript against the case and prints the same debrief again.
pub fn replay(file: &Path, transcript: &Path, format: Format) -> ExitCode {
    let Some(case) = load_playable(file) else {
        return ExitCode::from(2);
    };
    let text = match read_user_text(transcript, MAX_TRANSCRIPT_BYTES) {
        Ok(text) => text,
        Err(e) => {
            eprintln!(
                "{}",
                tr!("无法读取演练记录 {e}", "The transcript cannot be read: {e}")
            );
            return ExitCode::from(2);
        }
    };
    let saved = match Transcript::from_ron(&text) {
        Ok(saved) => saved,
        Err(e) => {
            let path = transcript.display();
            eprintln!(
                "{}",
                tr!(
                    "演练记录格式有误 {path}：{e}",
                    "The transcript {path} is malformed: {e}"
                )
            );
            return ExitCode::from(2);
        }
    };
    if saved.scenario != case.scenario.id {
        // the file names are what the trainer typed; the case is named by its title
        let (path, title) = (transcript.display(), &case.scenario.title);
        eprintln!(
            "{}",
            tr!(
                "{path} 不是案例“{title}”的演练记录",
                "{path} is not a transcript of the case “{title}”"
            )
        );
        return ExitCode::from(2);
    }
    let Some(role) = RoleChoice::from_label(&saved.role) else {
        let path = transcript.display();
        eprintln!(
            "{}",
            tr!(
                "{path} 里的岗位无法识别（记录可能来自更新的版本）",
                "The roles in {path} are not known (the transcript may come from a newer version)"
            )
        );
        return ExitCode::from(2);
    };
    match Playthrough::replay(std::sync::Arc::clone(&case), &saved, role) {
        Ok(playthrough) => {
            let debrief = playthrough.debrief();
            match format {
                Format::Json => print_json(&debrief),
                Format::Text => outln!("{}", render::debrief_text(&case, &debrief)),
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            let words = super::words();
            eprintln!("{}", words.errors.replay(&e, &words.names));
            ExitCode::from(2)
        }
    }
}

fn print_json(debrief: &Debrief) {
    match serde_json::to_string_pretty(debrief) {
        Ok(text) => outln!("{text}"),
        Err(e) => eprintln!("JSON: {e}"),
    }
}
