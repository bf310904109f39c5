//! The command line as a trainer uses it: exit codes, JSON shapes, templates, terminal play.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const PINNED: &str = "tests/fixtures/scoring/pinned.ron";

fn liandong(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_liandong"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("liandong-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn run_prints_the_debrief_keys_as_json_and_repeats_itself_for_a_seed() {
    let args = [
        "run", PINNED, "--seed", "4", "--pick", "random", "--format", "json",
    ];
    let first = liandong(&args);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let second = liandong(&args);
    assert_eq!(first.stdout, second.stdout);
    let json: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    for key in [
        "scenario",
        "seed",
        "total",
        "passed",
        "dimensions",
        "red_lines",
        "decisions",
    ] {
        assert!(json.get(key).is_some(), "missing key {key}");
    }
    for key in ["identification", "script", "handoff"] {
        assert!(
            json["dimensions"].get(key).is_some(),
            "missing dimension {key}"
        );
    }
    assert_eq!(json["scenario"], "pinned");
}

#[test]
fn run_best_passes_and_worst_fails_with_red_lines() {
    let best = liandong(&["run", PINNED, "--pick", "best", "--format", "json"]);
    let best: serde_json::Value = serde_json::from_slice(&best.stdout).unwrap();
    assert_eq!(best["total"], 100.0);
    assert_eq!(best["passed"], true);
    let worst = liandong(&["run", PINNED, "--pick", "worst", "--format", "json"]);
    let worst: serde_json::Value = serde_json::from_slice(&worst.stdout).unwrap();
    assert_eq!(worst["passed"], false);
    assert!(!worst["red_lines"].as_array().unwrap().is_empty());
}

#[test]
fn run_for_a_role_the_case_lacks_says_so() {
    let out = liandong(&["run", PINNED, "--role", "corporate"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有"));
}

#[test]
fn validate_reports_a_broken_file_as_json_and_exits_with_failure() {
    let dir = scratch_dir("validate");
    let broken = dir.join("broken.ron");
    let text = std::fs::read_to_string(PINNED)
        .unwrap()
        .replace("next: \"", "next: \"missing-");
    let text = text.replacen(
        "Narration(id: \"start\",",
        "Narration(id: \"start\", next: \"nowhere\",",
        1,
    );
    std::fs::write(&broken, text).unwrap();
    let out = liandong(&["validate", broken.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &json.as_array().unwrap()[0];
    for key in ["file", "line", "column", "code", "severity", "message"] {
        assert!(first.get(key).is_some(), "missing key {key}");
    }
    assert!(json.as_array().unwrap().iter().any(|d| d["code"] == "E004"));
}

#[test]
fn validate_text_shows_the_location_and_a_hint() {
    let dir = scratch_dir("validate-text");
    let broken = dir.join("broken.ron");
    let text = std::fs::read_to_string(PINNED)
        .unwrap()
        .replacen("minutes: 5,", "minutes: 5", 1);
    std::fs::write(&broken, text).unwrap();
    let out = liandong(&["validate", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.ron:14:15"), "{stderr}");
    assert!(stderr.contains("E001"), "{stderr}");
    assert!(stderr.contains("逗号"), "{stderr}");
}

#[test]
fn a_new_template_validates_clean_and_plays_to_full_marks() {
    let dir = scratch_dir("new");
    let out = liandong(&["new", "my-first-case", "--dir", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = dir.join("my-first-case.ron");
    let validate = liandong(&["validate", file.to_str().unwrap()]);
    assert!(
        validate.status.success(),
        "{}",
        String::from_utf8_lossy(&validate.stderr)
    );
    assert!(String::from_utf8_lossy(&validate.stderr).contains("全部通过"));
    let again = liandong(&["new", "my-first-case", "--dir", dir.to_str().unwrap()]);
    assert!(
        !again.status.success(),
        "an existing case is never overwritten"
    );
}

#[test]
fn graph_prints_every_step_as_dot() {
    let out = liandong(&["graph", PINNED]);
    assert!(out.status.success());
    let dot = String::from_utf8(out.stdout).unwrap();
    assert!(dot.starts_with("digraph"));
    for id in ["start", "spot", "pitch", "card", "walk", "receive", "done"] {
        assert!(
            dot.contains(&format!("\"{id}\"")),
            "{id} missing from {dot}"
        );
    }
}

fn play_with(input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_liandong"))
        .args(["play", PINNED, "--seed", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn play_in_the_terminal_takes_numbers_and_ends_with_a_debrief() {
    // tier, cues, needs, line, five card fields, route, handoff, line; one bad entry re-asked
    let out = play_with("9\n3\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1 2\n1\n");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("请输入一个 1 到 5 之间的数字"), "{stdout}");
    assert!(stdout.contains("讲评"), "{stdout}");
    assert!(stdout.contains("现在由 大堂经理 接手"), "{stdout}");
}

#[test]
fn play_stops_cleanly_when_input_ends() {
    let out = play_with("3\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("输入结束"));
}

#[test]
fn a_saved_transcript_replays_to_the_same_debrief() {
    let dir = scratch_dir("replay");
    let saved = dir.join("run.ron");
    let run = liandong(&[
        "run",
        PINNED,
        "--seed",
        "9",
        "--pick",
        "random",
        "--role",
        "teller",
        "--format",
        "json",
        "--transcript",
        saved.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    let replay = liandong(&[
        "replay",
        PINNED,
        saved.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(
        replay.status.success(),
        "{}",
        String::from_utf8_lossy(&replay.stderr)
    );
    assert_eq!(run.stdout, replay.stdout);
}

#[test]
fn a_closed_output_pipe_ends_the_command_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_liandong"))
        .args(["run", PINNED, "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // the reader goes away before the first line is written, as with `| head -0`
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
