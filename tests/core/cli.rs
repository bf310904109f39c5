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
    // the report is the result: on standard output, so `validate > 报告.txt` keeps it
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("broken.ron:14:15"), "{stdout}");
    assert!(stdout.contains("E001"), "{stdout}");
    assert!(stdout.contains("逗号"), "{stdout}");
    assert!(stdout.contains("1 个错误"), "{stdout}");
    // and with standard output in a file, the terminal still hears how it went
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 个错误"), "{stderr}");
    assert!(!stderr.contains("broken.ron:14:15"), "{stderr}");
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
    assert!(stdout.contains("现在由大堂经理接手"), "{stdout}");
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

/// Runs the binary with standard input closed and fails if it has not finished within
/// `seconds` (it is killed then): a read that never ends must fail the test, not hang it.
fn liandong_within(seconds: u64, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_liandong"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(seconds) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("liandong {args:?} still running after {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0, "mkfifo");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_by_every_command_that_reads_cases_or_setups() {
    let dir = scratch_dir("fifo");
    let fifo = dir.join("x.ron");
    mkfifo(&fifo);
    let fifo = fifo.to_str().unwrap();
    let data = dir.join("data");
    let data = data.to_str().unwrap();
    for args in [
        vec!["validate", dir.to_str().unwrap()],
        vec!["lint", dir.to_str().unwrap()],
        vec!["run", fifo],
        vec!["paths", fifo],
        vec!["replay", PINNED, fifo],
        vec!["contest", "new", fifo, "--data-dir", data],
    ] {
        let out = liandong_within(30, &args);
        assert!(!out.status.success(), "{args:?}");
        let said = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
        // lint only counts the files it cannot advise on
        let named = said.contains("命名管道") || args[0] == "lint" && said.contains("有错误");
        assert!(named, "{args:?}: {said}");
    }
}

#[cfg(unix)]
#[test]
fn endless_devices_are_refused_as_transcripts_and_contest_setups() {
    let dir = scratch_dir("devices");
    let data = dir.join("data");
    for device in ["/dev/zero", "/dev/urandom"] {
        for args in [
            vec!["replay", PINNED, device],
            vec![
                "contest",
                "new",
                device,
                "--data-dir",
                data.to_str().unwrap(),
            ],
        ] {
            let out = liandong_within(30, &args);
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains("设备"), "{args:?}: {stderr}");
        }
    }
}

#[test]
fn oversized_transcripts_and_setups_are_refused_before_they_are_read() {
    let dir = scratch_dir("oversized");
    let transcript = dir.join("huge-transcript.ron");
    std::fs::File::create(&transcript)
        .unwrap()
        .set_len(liandong::scenario::limits::MAX_TRANSCRIPT_BYTES + 1)
        .unwrap();
    let setup = dir.join("huge-setup.ron");
    std::fs::File::create(&setup)
        .unwrap()
        .set_len(liandong::scenario::limits::MAX_SETUP_BYTES + 1)
        .unwrap();
    let data = dir.join("data");
    for args in [
        vec!["replay", PINNED, transcript.to_str().unwrap()],
        vec![
            "contest",
            "new",
            setup.to_str().unwrap(),
            "--data-dir",
            data.to_str().unwrap(),
        ],
    ] {
        let out = liandong_within(30, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("超过上限"), "{args:?}: {stderr}");
    }
}

/// An unreadable subfolder fails `validate` instead of passing for "全部通过". Run as an
/// ordinary user: as root (in a container), through `setpriv` as nobody when it is there.
#[cfg(unix)]
#[test]
fn an_unreadable_subfolder_fails_validation() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch_dir("unreadable-subfolder");
    std::fs::create_dir_all(dir.join("locked")).unwrap();
    std::fs::copy(PINNED, dir.join("locked/case.ron")).unwrap();
    std::fs::set_permissions(dir.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let bin = env!("CARGO_BIN_EXE_liandong");
    // SAFETY: a plain query of the effective user.
    let mut command = if unsafe { libc::geteuid() } == 0 {
        if Command::new("setpriv").arg("--version").output().is_err() {
            eprintln!("skipped: running as root without setpriv");
            return;
        }
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
        c
    } else {
        Command::new(bin)
    };
    let out = command
        .args(["validate", dir.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    std::fs::set_permissions(dir.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("无法读取文件夹"), "{stdout}");
    assert!(!stdout.contains("全部通过"), "{stdout}");
}

#[test]
fn a_folder_named_like_a_case_file_fails_validation() {
    let dir = scratch_dir("folder-named-ron").join("x.ron");
    std::fs::create_dir_all(&dir).unwrap();
    let out = liandong(&["validate", dir.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("文件夹"), "{stdout}");
    // and a folder with no case in it does not pass for clean either
    let empty = scratch_dir("empty-folder");
    let out = liandong(&["validate", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有找到案例文件"));
}

/// The runs saved in `data`, through the library.
fn saved_runs(data: &std::path::Path) -> usize {
    let (store, _) = liandong::store::Store::open(data).unwrap();
    store
        .runs(&liandong::store::RunFilter::default())
        .unwrap()
        .len()
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_output_loses_no_run_and_panics_nowhere() {
    let dir = scratch_dir("full-stdout");
    let data = dir.join("data");
    let transcript = dir.join("run.ron");
    let run = |format: &str| {
        Command::new(env!("CARGO_BIN_EXE_liandong"))
            .args([
                "run",
                PINNED,
                "--format",
                format,
                "--trainee",
                "张三",
                "--save",
            ])
            .arg("--transcript")
            .arg(&transcript)
            .arg("--data-dir")
            .arg(&data)
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap()
    };
    for (format, saved) in [("text", 1), ("json", 2)] {
        let out = run(format);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(stderr.contains("已记入"), "{stderr}");
        assert!(stderr.contains("无法输出"), "{stderr}");
        assert_eq!(saved_runs(&data), saved);
        assert!(transcript.exists());
    }
    // every other command that prints says so instead of panicking
    for args in [
        vec!["validate", PINNED],
        vec!["validate", PINNED, "--format", "json"],
        vec!["lint", PINNED],
        vec!["paths", PINNED],
        vec!["graph", PINNED],
        vec!["replay", PINNED, transcript.to_str().unwrap()],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_liandong"))
            .args(&args)
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(stderr.contains("无法输出"), "{args:?}: {stderr}");
        assert_ne!(out.status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn a_reader_that_stops_early_loses_no_run() {
    let dir = scratch_dir("closed-stdout");
    let data = dir.join("data");
    let mut child = Command::new(env!("CARGO_BIN_EXE_liandong"))
        .args(["run", PINNED, "--trainee", "李四", "--save"])
        .arg("--data-dir")
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // as with `| head -c 10`: the reader goes away before the debrief is written
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(saved_runs(&data), 1, "{stderr}");
}

#[cfg(unix)]
#[test]
fn export_refuses_to_replace_a_symlink() {
    let dir = scratch_dir("export-link");
    let data = dir.join("data");
    let saved = liandong(&[
        "run",
        PINNED,
        "--trainee",
        "王五",
        "--save",
        "--data-dir",
        data.to_str().unwrap(),
    ]);
    assert!(
        saved.status.success(),
        "{}",
        String::from_utf8_lossy(&saved.stderr)
    );
    let kept = dir.join("kept.txt");
    std::fs::write(&kept, "earlier").unwrap();
    let link = dir.join("runs.csv");
    std::os::unix::fs::symlink(&kept, &link).unwrap();
    let out = liandong(&[
        "export",
        "--csv",
        link.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("符号链接"), "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("已导出"));
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "earlier");
}

/// The `file:line:column` of the headline and of the snippet's label, which must agree.
fn headline_and_label(stdout: &str, file: &str) -> (String, String) {
    let headline = stdout
        .lines()
        .find(|l| l.starts_with(file))
        .and_then(|l| l.split(": ").next())
        .expect("a headline")
        .to_owned();
    let label = stdout
        .split(&format!("[{file}:"))
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .map(|at| format!("{file}:{at}"))
        .expect("a snippet label");
    (headline, label)
}

#[test]
fn the_snippet_label_counts_columns_in_characters_like_the_headline() {
    let dir = scratch_dir("columns");
    let template = std::fs::read_to_string(PINNED).unwrap();
    // after Chinese text on the same line, and far into one very long line
    let long = "柜台前排着长队。".repeat(60);
    for (name, before) in [("short.ron", "柜台前，"), ("long.ron", long.as_str())] {
        let text = template.replacen(
            "Narration(id: \"start\", text: \"{customer.call}",
            &format!("Narration(id: \"start\", text: \"{before}{{customer.cal}}"),
            1,
        );
        assert_ne!(text, template);
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        let file = file.to_str().unwrap();
        let out = liandong(&["validate", file]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let (headline, label) = headline_and_label(&stdout, file);
        assert_eq!(headline, label, "{stdout}");
    }
}
