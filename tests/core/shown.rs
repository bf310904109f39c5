//! One order for what a step shows: for every bundled case and several seeds, `liandong play`
//! lists every choice of every decision in the order `playthrough::shown` gives, and a number
//! typed in the terminal means the choice shown at that position.

use std::path::PathBuf;

use liandong::playthrough::Event;
use liandong::scoring::Answer;

use crate::common::{bundled_case_files, load_valid};
use crate::terminal::{listed, plan, play_in_terminal, terminal_lists, typed};

const SEEDS: [u64; 4] = [1, 2, 7, 12_345];

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("liandong-shown-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_terminal_lists_every_choice_in_the_order_shown_gives_and_reads_numbers_by_it() {
    let dir = scratch("terminal");
    let mut decisions = 0;
    for file in bundled_case_files() {
        let case = load_valid(&file);
        for seed in SEEDS {
            // the model answer, and a random one that strays into other branches
            for answer_seed in [0, seed * 31 + 1] {
                let planned = plan(&case, seed, answer_seed);
                let input: String = planned
                    .shown
                    .iter()
                    .zip(&planned.answers)
                    .map(|(shown, answer)| typed(&case, shown, answer))
                    .collect();
                let save = dir.join("run.ron");
                let (stdout, transcript) = play_in_terminal(&file, seed, &input, &save);
                let printed = terminal_lists(&stdout, planned.shown.len());
                let expected: Vec<_> = planned.shown.iter().map(listed).collect();
                assert_eq!(
                    printed,
                    expected,
                    "{} seed {seed}: the terminal lists the choices as `shown` orders them",
                    file.display()
                );
                // each number typed chose the choice shown at that position
                let answered: Vec<&Answer> = transcript
                    .events
                    .iter()
                    .filter_map(|e| match e {
                        Event::Decision { answer, .. } => Some(answer),
                        _ => None,
                    })
                    .collect();
                let planned_answers: Vec<&Answer> = planned.answers.iter().collect();
                assert_eq!(answered, planned_answers, "{} seed {seed}", file.display());
                decisions += planned.shown.len();
            }
        }
    }
    assert!(decisions > 100, "only {decisions} decisions checked");
}
