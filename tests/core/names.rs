//! No internal names in what the command line prints: every output a trainee or trainer reads
//! (`run`, `play` answered at the keyboard, `replay`, `paths`, `graph`'s labels, `validate`,
//! `lint`, `history`, `contest`, `review`, `leaderboard`, `export`'s messages, its CSV cells and
//! its xAPI text), for every
//! bundled case, in Chinese and in English, holds no id of a bundled case, no enum variant name
//! and no half-width comma or colon beside Chinese (see `tests/shared/plain_words.rs`).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use chrono::Utc;
use liandong::lang::Lang;
use liandong::playthrough::{Playthrough, RoleChoice, pick};
use liandong::scenario::Case;
use liandong::scenario::model::{Role, Step};
use liandong::scoring::Answer;
use serde_json::Value;

use crate::common::{bundled_case_files, load_valid};
use crate::plain_words::{InternalNames, report};

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

fn lang_arg(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

/// What a command printed, standard output then standard error (both are read by people).
fn liandong(lang: Lang, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_liandong"))
        .args(args)
        .args(["--lang", lang_arg(lang)])
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "liandong {args:?} failed:\n{text}");
    text
}

/// The cases' names for the role each `--role` value plays.
fn role_arg(role: Role) -> &'static str {
    match role {
        Role::Teller | Role::OpenCounterTeller => "teller",
        Role::LobbyManager => "lobby",
        Role::WealthManager => "wealth",
        Role::CorporateManager => "corporate",
        Role::BranchHead => "branch-head",
        Role::BackOffice => "back-office",
        Role::PostalStaff => "postal",
    }
}

/// The options a prompt offers, as the terminal lists them ("  3. 起身微笑：…"), by number.
fn listed_options(since_last_prompt: &str) -> Vec<(usize, String)> {
    since_last_prompt
        .lines()
        .filter_map(|line| {
            let (number, text) = line.trim_start().split_once(". ")?;
            Some((number.parse().ok()?, text.to_owned()))
        })
        .collect()
}

/// Whether the terminal's output ends with a prompt waiting for input: an unfinished last line
/// at the margin that asks ("请输入 1–4：", "Enter 1–4: "), not a long line still being written.
fn is_prompt(text: &str) -> bool {
    let last = text.rsplit('\n').next().unwrap_or_default();
    !last.is_empty()
        && !last.starts_with(char::is_whitespace)
        && (last.ends_with('：') || last.ends_with(": "))
}

/// The texts the answer picks at each prompt of its step, prompt by prompt, in the order the
/// terminal asks.
fn wanted_texts(
    case: &Case,
    playthrough: &Playthrough,
    at: usize,
    answer: &Answer,
    lang: Lang,
) -> Vec<Vec<String>> {
    let variant = playthrough.variant();
    let customer = &case.scenario.customer;
    match (case.graph.step(&case.scenario, at), answer) {
        (Step::Identify(s), Answer::Identify { tier, cues, needs }) => {
            let mut prompts = Vec::new();
            if s.tier {
                prompts.push(vec![
                    liandong::lang::names(lang)
                        .tier(tier.expect("a tier"))
                        .to_owned(),
                ]);
            }
            if !s.cues.is_empty() {
                prompts.push(
                    cues.iter()
                        .map(|id| {
                            let cue = customer.cues.iter().find(|c| &c.id == id).expect("a cue");
                            variant.render(&cue.text)
                        })
                        .collect(),
                );
            }
            if !s.needs.is_empty() {
                prompts.push(
                    needs
                        .iter()
                        .map(|id| {
                            let need = customer.needs.iter().find(|n| &n.id == id).expect("a need");
                            variant.render(&need.text)
                        })
                        .collect(),
                );
            }
            prompts
        }
        (Step::Script(s) | Step::MorningMeeting(s), Answer::Line(i)) => {
            vec![vec![variant.render(&s.options[*i].text)]]
        }
        (Step::TrackingSheet(f) | Step::ReferralRecord(f), Answer::Form(row)) => f
            .fields
            .iter()
            .zip(row)
            .map(|(field, choice)| vec![variant.render(&field.choices[*choice].text)])
            .collect(),
        (Step::ReferralCard(c), Answer::Card { fields, route }) => c
            .fields
            .iter()
            .zip(fields)
            .map(|(field, choice)| vec![variant.render(&field.choices[*choice].text)])
            .chain([vec![variant.render(&c.route[*route].text)]])
            .collect(),
        (Step::Handoff(h), Answer::Handoff(ids)) => vec![
            ids.iter()
                .map(|id| {
                    let action = h.actions.iter().find(|a| &a.id == id).expect("an action");
                    variant.render(&action.text)
                })
                .collect(),
        ],
        (step, answer) => panic!("{answer:?} does not answer {}", step.kind_name()),
    }
}

/// Plays a case with `liandong play` as a trainee at the keyboard would: reads each list the
/// terminal shows, types the numbers of the answers `choose` gives, and returns all it printed.
/// The numbers are found by the options' words, so this holds whatever order the terminal shows.
fn play_at_the_keyboard(file: &Path, lang: Lang, choose: fn(&Case, usize) -> Answer) -> String {
    let case = load_valid(file);
    let mut engine = Playthrough::start(Arc::clone(&case), 1, RoleChoice::All, Utc::now())
        .expect("the case starts");
    let mut child = Command::new(env!("CARGO_BIN_EXE_liandong"))
        .args(["play", &file.display().to_string(), "--seed", "1"])
        .args(["--lang", lang_arg(lang)])
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = child.stdout.take().expect("stdout");
    let (chunks, received) = mpsc::channel::<Vec<u8>>();
    let reader = std::thread::spawn(move || {
        let mut buffer = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buffer) {
            if n == 0 || chunks.send(buffer[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut printed = Vec::new();
    let mut since_prompt = 0;
    while let Some(pending) = engine.pending() {
        let answer = choose(&case, pending.at);
        for wanted in wanted_texts(&case, &engine, pending.at, &answer, lang) {
            // a prompt is the one output that does not end a line, and the program then waits
            loop {
                if std::str::from_utf8(&printed).is_ok_and(is_prompt) {
                    match received.recv_timeout(Duration::from_millis(5)) {
                        Ok(more) => {
                            printed.extend(more);
                            continue;
                        }
                        Err(_) => break,
                    }
                }
                let text = String::from_utf8_lossy(&printed).into_owned();
                let chunk = received
                    .recv_timeout(Duration::from_secs(30))
                    .unwrap_or_else(|_| panic!("no prompt for {wanted:?} after:\n{text}"));
                printed.extend(chunk);
            }
            let text = String::from_utf8_lossy(&printed[since_prompt..]).into_owned();
            let listed = listed_options(&text);
            let numbers: Vec<String> = wanted
                .iter()
                .map(|want| {
                    listed
                        .iter()
                        .find(|(_, shown)| shown == want)
                        .unwrap_or_else(|| panic!("“{want}” is not among {listed:?}"))
                        .0
                        .to_string()
                })
                .collect();
            writeln!(stdin, "{}", numbers.join(" ")).expect("the answer is typed");
            // the typed line is not echoed: end the prompt here so the next one is told apart
            printed.push(b'\n');
            since_prompt = printed.len();
        }
        engine
            .answer(answer, Utc::now(), 0)
            .expect("the engine takes the same answer");
    }
    drop(stdin);
    while let Ok(chunk) = received.recv_timeout(Duration::from_secs(30)) {
        printed.extend(chunk);
    }
    reader.join().expect("the reader ends");
    let mut errors = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut errors)
        .expect("stderr reads");
    let status = child.wait().expect("play ends");
    let text = String::from_utf8_lossy(&printed).into_owned() + &errors;
    assert!(status.success(), "play failed:\n{text}");
    text
}

/// The labels of a DOT graph: what Graphviz draws (node names are for the tool).
fn dot_labels(dot: &str) -> Vec<String> {
    dot.split("label=\"")
        .skip(1)
        .filter_map(|rest| {
            // a label ends at the first quote not escaped
            let mut end = None;
            let mut escaped = false;
            for (i, c) in rest.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = Some(i);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            end.map(|end| rest[..end].to_owned())
        })
        .collect()
}

/// Every cell of a CSV export but the columns kept for scripts to join on (the record, case,
/// case-file hash and registration ids), headed by their column names.
fn csv_cells(bytes: &[u8]) -> Vec<(String, String)> {
    const FOR_SCRIPTS: [&str; 4] = [
        "记录编号 (id)",
        "案例编号 (case_id)",
        "案例文件哈希 (case_hash)",
        "登记编号 (registration)",
    ];
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a BOM");
    let mut reader = ::csv::Reader::from_reader(body);
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    // a header is "客户识别 (identification)": the name in brackets is the one scripts read
    let mut cells: Vec<(String, String)> = header
        .iter()
        .map(|h| {
            let shown = h.split_once(" (").map_or(h.as_str(), |(shown, _)| shown);
            ("CSV header".to_owned(), shown.to_owned())
        })
        .collect();
    for row in reader.records() {
        let row = row.expect("a row");
        for (column, value) in header.iter().zip(row.iter()) {
            if !FOR_SCRIPTS.contains(&column.as_str()) {
                cells.push((format!("CSV column {column}"), value.to_owned()));
            }
        }
    }
    cells
}

/// The text of xAPI statements a person reads in an LRS: every string but IRIs, ids and
/// machine values (registration, timestamp, version, duration, hashes), with the language a
/// language map gives it.
fn xapi_texts(value: &Value, key: &str, lang: Lang, out: &mut Vec<(String, String, Lang)>) {
    const MACHINE: [&str; 8] = [
        "id",
        "homePage",
        "registration",
        "objectType",
        "type",
        "timestamp",
        "version",
        "duration",
    ];
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let lang = match k.as_str() {
                    "en-US" => Lang::En,
                    "zh-CN" => Lang::Zh,
                    _ => lang,
                };
                if !MACHINE.contains(&k.as_str()) && !k.ends_with("/case-hash") {
                    xapi_texts(v, k, lang, out);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                xapi_texts(item, key, lang, out);
            }
        }
        Value::String(text) => out.push((format!("xAPI {key}"), text.clone(), lang)),
        _ => {}
    }
}

#[test]
fn the_check_finds_the_names_the_issue_saw() {
    let names = InternalNames::of_bundled_cases();
    for (shown, lang) in [
        ("（步骤 t-pitch）", Lang::Zh),
        ("  ✘ 触犯红线：balance-unasked", Lang::Zh),
        ("讲评（种子 1，角色 LobbyManager）", Lang::Zh),
        ("讲评（种子 1，角色 all）", Lang::Zh),
        ("WealthManager,张三", Lang::Zh),
        ("Rule: balance-unasked", Lang::En),
        ("[LobbyManager · Script]", Lang::En),
        ("王先生,45 岁", Lang::Zh),
        ("客户姓名:", Lang::Zh),
        ("现在由 大堂经理 接手", Lang::Zh),
        ("Trust 48，patience 60", Lang::En),
        ("— Lobby manager takes over：厅堂引领 —", Lang::En),
        ("客户:王先生", Lang::En),
        ("Some(Appointment)", Lang::En),
    ] {
        assert!(
            !names.problems(shown, lang).is_empty(),
            "“{shown}” passed the check"
        );
    }
    for (shown, lang) in [
        ("王先生，45 岁，退休教师", Lang::Zh),
        ("现在由大堂经理接手：厅堂引领与交接", Lang::Zh),
        ("Customer: 王先生, age 45", Lang::En),
        ("Trust 48 (-12), patience 60 (-10)", Lang::En),
        ("[Teller · Script] 您好", Lang::En),
        ("无法保存演练记录 a.ron：Permission denied", Lang::Zh),
    ] {
        assert_eq!(names.problems(shown, lang), Vec::<String>::new(), "{shown}");
    }
}

/// A temporary folder, removed when the test ends.
fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("a scratch folder")
}

fn fail_on(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} internal names or punctuation problems on screen:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn what_the_terminal_prints_about_a_case_names_nothing_internal() {
    let names = InternalNames::of_bundled_cases();
    let mut problems = Vec::new();
    let scratch_dir = scratch();
    let dir = scratch_dir.path();
    for file in bundled_case_files() {
        let case = load_valid(&file);
        let path = file.display().to_string();
        let last_role = case.scenario.stages.last().expect("a stage").role;
        for lang in LANGS {
            let transcript = dir.join("run.ron");
            let transcript = transcript.to_str().expect("a UTF-8 path");
            let mut texts = vec![
                (
                    "run --pick best",
                    liandong(lang, &["run", &path, "--pick", "best"]),
                ),
                (
                    "run --pick worst",
                    liandong(
                        lang,
                        &["run", &path, "--pick", "worst", "--transcript", transcript],
                    ),
                ),
                ("replay", liandong(lang, &["replay", &path, transcript])),
                (
                    "run --role",
                    liandong(
                        lang,
                        &[
                            "run",
                            &path,
                            "--pick",
                            "worst",
                            "--role",
                            role_arg(last_role),
                        ],
                    ),
                ),
                ("paths", liandong(lang, &["paths", &path, "--limit", "300"])),
                (
                    "play (best answers)",
                    play_at_the_keyboard(&file, lang, pick::best),
                ),
                (
                    "play (worst answers)",
                    play_at_the_keyboard(&file, lang, pick::worst),
                ),
            ];
            let graph = liandong(lang, &["graph", &path]);
            texts.extend(dot_labels(&graph).into_iter().map(|l| ("graph label", l)));
            let texts: Vec<(String, String)> = texts
                .into_iter()
                .map(|(command, text)| {
                    (
                        format!("{path} `{command}` --lang {}", lang_arg(lang)),
                        text,
                    )
                })
                .collect();
            problems.extend(report(&names, &texts, lang));
        }
    }
    fail_on(problems);
}

#[test]
fn what_the_terminal_prints_about_the_case_folder_names_nothing_internal() {
    let names = InternalNames::of_bundled_cases();
    let mut problems = Vec::new();
    for lang in LANGS {
        let texts = vec![
            (
                "validate".to_owned(),
                liandong(lang, &["validate", "scenarios"]),
            ),
            ("lint".to_owned(), liandong(lang, &["lint", "scenarios"])),
        ];
        problems.extend(report(&names, &texts, lang));
    }
    fail_on(problems);
}

#[test]
fn history_contests_and_exports_name_nothing_internal() {
    let names = InternalNames::of_bundled_cases();
    let mut problems = Vec::new();
    let cases: Vec<PathBuf> = bundled_case_files();
    for lang in LANGS {
        let data_dir = scratch();
        let data = data_dir.path();
        let data_arg = data.to_str().expect("a UTF-8 path");
        let mut texts: Vec<(String, String)> = Vec::new();
        let mut say = |what: &str, text: String| {
            texts.push((format!("`{what}` --lang {}", lang_arg(lang)), text))
        };
        // a trainee's practice: every case, good and bad, one role alone too
        for (n, file) in cases.iter().enumerate() {
            let path = file.display().to_string();
            let pick = if n % 2 == 0 { "worst" } else { "best" };
            say(
                "run --save",
                liandong(
                    lang,
                    &[
                        "run",
                        &path,
                        "--pick",
                        pick,
                        "--save",
                        "--trainee",
                        "王小明",
                        "--data-dir",
                        data_arg,
                    ],
                ),
            );
        }
        let first = cases[0].display().to_string();
        liandong(
            lang,
            &[
                "run",
                &first,
                "--role",
                "lobby",
                "--save",
                "--trainee",
                "王小明",
                "--data-dir",
                data_arg,
            ],
        );
        say(
            "history",
            liandong(lang, &["history", "王小明", "--data-dir", data_arg]),
        );

        // a contest of two bundled cases, played badly, with an observer's points
        let ids: Vec<String> = cases
            .iter()
            .take(2)
            .map(|f| load_valid(f).scenario.id.clone())
            .collect();
        let setup = data.join("setup.ron");
        std::fs::write(
            &setup,
            format!(
                r#"(name: "春季PK", teams: [(name: "城东", members: ["甲", "乙", "丙"]), (name: "高新区", members: ["丁", "戊", "己"])], cases: ["{}", "{}"], case_order: InOrder, roles: Rotating, seed: 7, timers: (preparation_secs: 210, performance_secs: 90))"#,
                ids[0], ids[1]
            ),
        )
        .expect("the setup is written");
        let setup = setup.to_str().expect("a UTF-8 path");
        say(
            "contest new",
            liandong(lang, &["contest", "new", setup, "--data-dir", data_arg]),
        );
        say(
            "contest play",
            liandong(
                lang,
                &[
                    "contest",
                    "play",
                    "春季PK",
                    "--pick",
                    "worst",
                    "--turns",
                    "3",
                    "--data-dir",
                    data_arg,
                ],
            ),
        );
        say(
            "contest points",
            liandong(
                lang,
                &[
                    "contest",
                    "points",
                    "春季PK",
                    "--team",
                    "1",
                    "--round",
                    "1",
                    "--points",
                    "5",
                    "--comment",
                    "礼仪到位",
                    "--data-dir",
                    data_arg,
                ],
            ),
        );
        say(
            "contest observe (the checklist)",
            liandong(
                lang,
                &[
                    "contest",
                    "observe",
                    "春季PK",
                    "--round",
                    "1",
                    "--team",
                    "2",
                    "--data-dir",
                    data_arg,
                ],
            ),
        );
        for (observer, first) in [("观察员甲", "1=2 起身相迎，微笑自然"), ("观察员乙", "1=1")]
        {
            say(
                "contest observe",
                liandong(
                    lang,
                    &[
                        "contest",
                        "observe",
                        "春季PK",
                        "--round",
                        "1",
                        "--team",
                        "高新区",
                        "--observer",
                        observer,
                        "--item",
                        first,
                        "--item",
                        "2=1",
                        "--item",
                        "3=2",
                        "--item",
                        "4=0：没有双手递卡",
                        "--item",
                        "5=2",
                        "--data-dir",
                        data_arg,
                    ],
                ),
            );
        }
        say(
            "contest show",
            liandong(lang, &["contest", "show", "春季PK", "--data-dir", data_arg]),
        );
        say(
            "contest play (rest)",
            liandong(lang, &["contest", "play", "春季PK", "--data-dir", data_arg]),
        );
        say(
            "contest list",
            liandong(lang, &["contest", "list", "--data-dir", data_arg]),
        );
        say(
            "history of a member",
            liandong(lang, &["history", "丁", "--data-dir", data_arg]),
        );
        say(
            "review --competition",
            liandong(
                lang,
                &["review", "--competition", "春季PK", "--data-dir", data_arg],
            ),
        );
        say(
            "review --case",
            liandong(lang, &["review", "--case", &ids[0], "--data-dir", data_arg]),
        );
        say(
            "leaderboard",
            liandong(lang, &["leaderboard", "--data-dir", data_arg]),
        );

        // the exports: their messages, every CSV cell a person reads, the xAPI text
        let out = |name: &str| data.join(name).to_str().expect("a UTF-8 path").to_owned();
        let (runs, statements, summary) = (out("runs.csv"), out("runs.json"), out("summary.csv"));
        say(
            "export --competition",
            liandong(
                lang,
                &[
                    "export",
                    "--csv",
                    &runs,
                    "--xapi",
                    &statements,
                    "--summary",
                    &summary,
                    "--competition",
                    "春季PK",
                    "--data-dir",
                    data_arg,
                ],
            ),
        );
        let (mine, my_statements) = (out("mine.csv"), out("mine.json"));
        say(
            "export --trainee",
            liandong(
                lang,
                &[
                    "export",
                    "--csv",
                    &mine,
                    "--xapi",
                    &my_statements,
                    "--trainee",
                    "王小明",
                    "--data-dir",
                    data_arg,
                ],
            ),
        );
        let review = out("review.csv");
        liandong(
            lang,
            &[
                "review",
                "--competition",
                "春季PK",
                "--format",
                "csv",
                "--output",
                &review,
                "--data-dir",
                data_arg,
            ],
        );
        for file in [&runs, &summary, &mine, &review] {
            for (column, cell) in csv_cells(&std::fs::read(file).expect("the CSV is written")) {
                texts.push((format!("{file} {column}"), cell));
            }
        }
        problems.extend(report(&names, &texts, lang));
        for file in [&statements, &my_statements] {
            let json: Value =
                serde_json::from_slice(&std::fs::read(file).expect("written")).expect("JSON");
            let mut found = Vec::new();
            xapi_texts(&json, "", Lang::Zh, &mut found);
            for (what, text, text_lang) in found {
                problems.extend(report(
                    &names,
                    &[(format!("{file} {what}"), text)],
                    text_lang,
                ));
            }
        }
    }
    fail_on(problems);
}
