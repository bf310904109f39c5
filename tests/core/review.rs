//! The trainer's case review (案例点评), read the way a trainer reads it: a contest played from
//! the command line with different answers per team, then `liandong review` checked against
//! what each team's saved transcript says it chose.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use liandong::playthrough::{Event, Transcript};
use liandong::scenario::model::{Grade, Step};
use liandong::store::{RunFilter, Store};
use serde_json::Value;

const CONTEST: &str = "点评演练";

/// Four teams, one round of the overseas-worker showcase, the same customer for all.
const SETUP: &str = r#"(
    name: "点评演练",
    teams: [
        (name: "城东支行", members: ["张三", "李四", "王五"]),
        (name: "高新区支行", members: ["赵六", "钱七", "孙八"]),
        (name: "城西支行", members: ["周九", "吴十", "郑一"]),
        (name: "开发区支行", members: ["冯二", "陈三", "褚四"]),
    ],
    cases: ["overseas-worker"],
    case_order: InOrder,
    roles: Fixed,
    seed: 3,
)"#;

fn liandong(data: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_liandong"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .expect("liandong runs");
    assert!(
        out.status.success(),
        "liandong {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The contest, played turn by turn with the model answer, the worst answer, the worst again
/// and random answers: teams 2 and 3 agree, the others differ.
fn played_contest(data: &Path) {
    let setup = data.join("setup.ron");
    std::fs::create_dir_all(data).unwrap();
    std::fs::write(&setup, SETUP).unwrap();
    liandong(data, &["contest", "new", setup.to_str().unwrap()]);
    for pick in ["best", "worst", "worst", "random"] {
        liandong(
            data,
            &["contest", "play", CONTEST, "--turns", "1", "--pick", pick],
        );
    }
}

/// Each team's answers as its transcript records them: (team, step, answer in words).
fn transcripts(data: &Path) -> Vec<(String, Vec<(String, String)>)> {
    let (store, _) = Store::open(data).unwrap();
    let runs = store
        .runs(&RunFilter {
            trainee: None,
            competition: Some(CONTEST.into()),
        })
        .unwrap();
    assert_eq!(runs.len(), 4);
    runs.iter()
        .map(|summary| {
            let run = store.run(summary.id).unwrap().unwrap();
            let transcript = Transcript::from_ron(&run.transcript).unwrap();
            let steps: Vec<String> = transcript
                .events
                .iter()
                .filter_map(|e| match e {
                    Event::Decision { step, .. } => Some(step.to_string()),
                    _ => None,
                })
                .collect();
            assert_eq!(steps.len(), run.decisions.len());
            let answered = steps
                .into_iter()
                .zip(run.decisions.iter().map(|d| d.answer.clone()))
                .collect();
            (run.trainee.clone(), answered)
        })
        .collect()
}

fn review_json(data: &Path) -> Value {
    let out = liandong(
        data,
        &["review", "--competition", CONTEST, "--format", "json"],
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_review_counts_every_teams_choice_as_its_transcript_records_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    played_contest(&data);
    let teams = transcripts(&data);
    let review = review_json(&data);
    assert_eq!(review["competition"], CONTEST);
    let section = &review["sections"][0];
    assert_eq!(section["round"], 1);
    assert_eq!(
        strings(&section["runs"]),
        ["城东支行", "高新区支行", "城西支行", "开发区支行"]
    );
    let decisions = section["decisions"].as_array().unwrap();

    // every decision a team answered is there, and the team sits under the answer it gave
    for (team, answered) in &teams {
        for (step, words) in answered {
            let decision = decisions
                .iter()
                .find(|d| d["step"] == step.as_str())
                .unwrap_or_else(|| panic!("{step} is missing from the review"));
            let holding: Vec<&Value> = decision["choices"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| strings(&c["who"]).contains(team))
                .collect();
            assert_eq!(holding.len(), 1, "{team} at {step}");
            assert_eq!(holding[0]["answer"], words.as_str(), "{team} at {step}");
        }
    }
    // and the counts add up: per decision, the teams that answered plus those that did not
    for decision in decisions {
        let step = decision["step"].as_str().unwrap();
        let answering = teams
            .iter()
            .filter(|(_, a)| a.iter().any(|(s, _)| s == step))
            .count();
        let counted: u64 = decision["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                assert_eq!(
                    c["count"].as_u64().unwrap() as usize,
                    c["who"].as_array().unwrap().len()
                );
                c["count"].as_u64().unwrap()
            })
            .sum();
        assert_eq!(counted as usize, answering, "{step}");
        assert_eq!(
            answering + decision["not_reached"].as_array().unwrap().len(),
            4,
            "{step}"
        );
    }
    // the decisions come in the case's reading order
    let case = common::load_valid(Path::new("scenarios/overseas-worker.ron"));
    let positions: Vec<usize> = decisions
        .iter()
        .map(|d| {
            let id = d["step"].as_str().unwrap().into();
            case.graph.position(&id).unwrap()
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
}

#[test]
fn the_model_answer_is_the_best_line_and_red_lines_name_the_team() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    played_contest(&data);
    let review = review_json(&data);
    let decisions = review["sections"][0]["decisions"]
        .as_array()
        .unwrap()
        .clone();
    let case = common::load_valid(Path::new("scenarios/overseas-worker.ron"));
    let variant = case.variant(3);

    let mut scripts = 0;
    for decision in &decisions {
        let id = decision["step"].as_str().unwrap().into();
        let at = case.graph.position(&id).unwrap();
        // the team that played the model answer has full marks, under the model's words
        let best_team: Vec<&Value> = decision["choices"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| strings(&c["who"]).contains(&"城东支行".to_owned()))
            .collect();
        if let [choice] = best_team.as_slice() {
            assert_eq!(choice["full_marks"], true);
            assert_eq!(choice["answer"], decision["model"]["answer"]);
        }
        if let Step::Script(script) = case.graph.step(&case.scenario, at) {
            scripts += 1;
            let best = script
                .options
                .iter()
                .find(|o| o.grade == Grade::Best)
                .expect("a script step has a Best line");
            assert_eq!(
                decision["model"]["answer"],
                variant.render(&best.text).as_str(),
                "{id}"
            );
            let rule = best
                .rule
                .as_ref()
                .map(|r| case.catalogue.rule(r).unwrap().title.clone());
            assert_eq!(
                decision["model"]["rule_title"].as_str().map(str::to_owned),
                rule
            );
        }
    }
    assert!(scripts >= 4, "the showcase has several script steps");

    // every red line a team crossed (as saved with its run) is listed at its decision, by name
    let (store, _) = Store::open(&data).unwrap();
    let runs = store
        .runs(&RunFilter {
            trainee: None,
            competition: Some(CONTEST.into()),
        })
        .unwrap();
    let mut crossed = 0;
    for summary in &runs {
        let run = store.run(summary.id).unwrap().unwrap();
        for red in &run.red_lines {
            let decision = decisions
                .iter()
                .find(|d| d["step"] == red.step.as_str())
                .unwrap();
            let listed = decision["red_lines"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["title"] == red.title.as_str())
                .unwrap_or_else(|| panic!("{} at {} is not listed", red.title, red.step));
            assert!(strings(&listed["who"]).contains(&run.trainee));
            crossed += 1;
        }
    }
    assert!(crossed > 0, "the worst answers cross red lines");

    // the two teams that gave the worst answers agree: theirs is the most common wrong choice
    let mut flagged = 0;
    for decision in &decisions {
        let Some(i) = decision["most_common_wrong"].as_u64() else {
            continue;
        };
        let choice = &decision["choices"][i as usize];
        assert_eq!(choice["full_marks"], false);
        let who = strings(&choice["who"]);
        if who.contains(&"高新区支行".to_owned()) {
            assert!(who.contains(&"城西支行".to_owned()), "{who:?}");
            flagged += 1;
        }
    }
    assert!(flagged >= 5, "flagged {flagged}");
}

#[test]
fn the_text_says_each_step_in_its_own_words_and_the_csv_opens_in_excel() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    played_contest(&data);
    let text =
        String::from_utf8(liandong(&data, &["review", "--competition", CONTEST]).stdout).unwrap();
    let case = common::load_valid(Path::new("scenarios/overseas-worker.ron"));
    assert!(
        text.contains("案例点评：海外工作的王先生（第 1 轮）"),
        "{text}"
    );
    assert!(text.contains("示范答案："));
    assert!(text.contains("← 最常见的错误选择"));
    assert!(
        text.contains("触犯红线：客户没问，不报余额 —— 高新区支行、城西支行"),
        "{text}"
    );
    // the steps' own words, never their ids or enum names
    for stage in &case.scenario.stages {
        for step in &stage.steps {
            assert!(
                !text.contains(&format!(" {}\n", step.id())),
                "{}",
                step.id()
            );
        }
    }
    for name in ["Teller", "LobbyManager", "RedLine", "t-pitch"] {
        assert!(!text.contains(name), "{name} shows");
    }
    let english = String::from_utf8(
        liandong(&data, &["--lang", "en", "review", "--competition", CONTEST]).stdout,
    )
    .unwrap();
    assert!(english.contains("Case review: 海外工作的王先生 (round 1)"));
    assert!(english.contains("Model answer: "));
    assert!(english.contains("Lobby manager"));
    assert!(english.contains("the most common wrong choice"));

    let file = dir.path().join("点评.csv");
    liandong(
        &data,
        &[
            "review",
            "--competition",
            CONTEST,
            "--format",
            "csv",
            "--output",
            file.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[4], "岗位");
    assert_eq!(header[9], "选择");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().all(|r| !r[4].is_empty() && !r[4].is_ascii()));
    assert!(rows.iter().any(|r| &r[4] == "大堂经理"));
    assert!(rows.iter().any(|r| r[16].contains("客户没问，不报余额")));
}

#[test]
fn a_case_review_reads_trainees_runs_since_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();
    for (trainee, pick) in [("小王", "best"), ("小李", "worst"), ("小王", "worst")] {
        liandong(
            &data,
            &[
                "run",
                "scenarios/overseas-worker.ron",
                "--pick",
                pick,
                "--trainee",
                trainee,
                "--save",
                "--format",
                "json",
            ],
        );
    }
    let out = liandong(
        &data,
        &["review", "--case", "overseas-worker", "--format", "json"],
    );
    let review: Value = serde_json::from_slice(&out.stdout).unwrap();
    let runs = strings(&review["sections"][0]["runs"]);
    assert_eq!(runs.len(), 3);
    assert_eq!(
        runs.iter().filter(|r| r.starts_with("小王 ")).count(),
        2,
        "{runs:?}"
    );
    assert!(runs.contains(&"小李".to_owned()));

    let out = liandong(
        &data,
        &[
            "review",
            "--case",
            "overseas-worker",
            "--trainee",
            "小李",
            "--format",
            "json",
        ],
    );
    let review: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(strings(&review["sections"][0]["runs"]), ["小李"]);

    let tomorrow = (chrono::Local::now() + chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let none = Command::new(env!("CARGO_BIN_EXE_liandong"))
        .args([
            "--data-dir",
            data_arg,
            "review",
            "--case",
            "overseas-worker",
            "--since",
        ])
        .arg(&tomorrow)
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("还没有“海外工作的王先生”的演练记录"));
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    liandong(
        &data,
        &["review", "--case", "overseas-worker", "--since", &today],
    );
    let bad = Command::new(env!("CARGO_BIN_EXE_liandong"))
        .args([
            "--data-dir",
            data_arg,
            "review",
            "--case",
            "overseas-worker",
            "--since",
            "11/01",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
