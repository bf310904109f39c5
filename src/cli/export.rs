//! `liandong export`: saved runs as CSV for a spreadsheet, as xAPI statements for a
//! learning-record store, and a competition's standings as CSV.

use std::path::Path;
use std::process::ExitCode;

use super::{lang, tr, words};
use crate::export::{csv, write_atomically, xapi};
use crate::store::{DB_FILE, RunFilter, Store, StoreError};

/// Why an export stopped: the message for stderr and the exit code for scripts.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Failure {
    /// 2 when the command line asked for something that is not there, 1 for I/O.
    code: u8,
    message: String,
}

impl Failure {
    fn user(message: String) -> Failure {
        Failure { code: 2, message }
    }

    fn io(message: String) -> Failure {
        Failure { code: 1, message }
    }
}

/// The files to write; `None` leaves that export out.
#[derive(Debug, Clone, Copy)]
struct Targets<'a> {
    csv: Option<&'a Path>,
    xapi: Option<&'a Path>,
    summary: Option<&'a Path>,
}

/// Writes each requested export and prints one line per file. Exit code 0 when all were
/// written, 2 when the command line named nothing to export or something not saved, 1 when
/// the database or a file could not be read or written.
pub fn export(
    data_dir: &Path,
    csv: Option<&Path>,
    xapi: Option<&Path>,
    summary: Option<&Path>,
    trainee: Option<&str>,
    competition: Option<&str>,
) -> ExitCode {
    let targets = Targets { csv, xapi, summary };
    match export_files(data_dir, targets, trainee, competition) {
        Ok(lines) => {
            for line in lines {
                super::outln!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("{}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

/// Does the work of [`export`] and returns the lines to print, so tests can check them.
fn export_files(
    data_dir: &Path,
    targets: Targets,
    trainee: Option<&str>,
    competition: Option<&str>,
) -> Result<Vec<String>, Failure> {
    if targets.csv.is_none() && targets.xapi.is_none() && targets.summary.is_none() {
        return Err(Failure::user(tr!(
            "没有指定导出什么：请至少给出 --csv、--xapi 或 --summary 之一",
            "Nothing to export: give at least one of --csv, --xapi or --summary"
        )));
    }
    if targets.summary.is_some() && competition.is_none() {
        return Err(Failure::user(tr!(
            "--summary 导出比赛汇总，需要用 --competition 指定比赛名称",
            "--summary exports a contest's standings: name the contest with --competition"
        )));
    }
    // opening would create an empty database: a mistyped --data-dir should say so instead
    if !data_dir.join(DB_FILE).exists() {
        let dir = data_dir.display();
        return Err(Failure::user(tr!(
            "数据文件夹 {dir} 里还没有任何记录（找不到 {DB_FILE}）",
            "The data folder {dir} holds no records yet ({DB_FILE} is not there)"
        )));
    }
    let store = match Store::open(data_dir) {
        Ok((store, recovery)) => {
            if let Some(recovery) = recovery {
                eprintln!("{}", words().errors.recovery(&recovery));
            }
            store
        }
        // exporting only reads: a folder or database that cannot be written is still read
        Err(unwritable @ StoreError::Unwritable { .. }) => Store::open_read_only(data_dir)
            .map_err(|e| {
                let errors = &words().errors;
                let (unwritable, e) = (errors.store(&unwritable), errors.store(&e));
                Failure::io(tr!(
                    "{unwritable}；只读打开也不行：{e}",
                    "{unwritable}; it cannot be opened read-only either: {e}"
                ))
            })?,
        Err(e) => return Err(Failure::io(words().errors.store(&e))),
    };
    let store_failure = |e: crate::store::StoreError| Failure::io(words().errors.store(&e));

    // names are saved trimmed (see `Store::sign_in`), so look them up trimmed
    let trainee = trainee.map(str::trim);
    let competition = competition.map(str::trim);
    let info = match competition {
        Some(name) => match store.competition(name).map_err(store_failure)? {
            Some(info) => Some(info),
            None => {
                return Err(Failure::user(tr!(
                    "没有名为“{name}”的比赛",
                    "There is no contest named “{name}”"
                )));
            }
        },
        None => None,
    };
    let mut runs = store
        .runs(&RunFilter {
            trainee: trainee.map(str::to_owned),
            competition: competition.map(str::to_owned),
        })
        .map_err(store_failure)?;
    if let Some(name) = trainee
        && runs.is_empty()
    {
        return Err(Failure::user(tr!(
            "学员“{name}”没有演练记录",
            "The trainee “{name}” has no runs"
        )));
    }

    let mut lines = Vec::new();
    let n = runs.len();
    if let Some(path) = targets.csv {
        write(path, &csv::runs_csv(&runs, lang()))?;
        let path = path.display();
        lines.push(tr!(
            "已导出 {n} 条记录到 {path}",
            "Exported {n} runs to {path}"
        ));
    }
    if let Some(path) = targets.xapi {
        let home_page = store.xapi_home_page().map_err(store_failure)?;
        store.fill_missed_rules(&mut runs).map_err(store_failure)?;
        let statements = xapi::statements_for(&runs, &home_page);
        let count = statements.as_array().map_or(0, Vec::len);
        write(path, &xapi::statements_json_for(&runs, &home_page))?;
        let path = path.display();
        lines.push(tr!(
            "已导出 {count} 条 xAPI 语句（{n} 条记录）到 {path}",
            "Exported {count} xAPI statements ({n} runs) to {path}"
        ));
    }
    if let (Some(path), Some(info)) = (targets.summary, &info) {
        let board = store.scoreboard(info).map_err(store_failure)?;
        write(path, &csv::scoreboard_csv(&info.setup.name, &board, lang()))?;
        let (name, teams, path) = (&info.setup.name, board.standings.len(), path.display());
        lines.push(tr!(
            "已导出比赛“{name}”的 {teams} 个小组成绩到 {path}",
            "Exported the standings of {teams} teams in “{name}” to {path}"
        ));
    }
    Ok(lines)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    write_atomically(path, bytes).map_err(|e| {
        let (path, e) = (path.display(), words().errors.io(&e));
        Failure::io(tr!("无法写入 {path}：{e}", "{path} cannot be written: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::competition::{CaseOrder, ContestSetup, RoleAssignment, TeamSetup, Turn};
    use crate::scenario::model::Role;
    use crate::scoring::DimensionScores;
    use crate::store::{CompetitionTurn, RunRecord};

    fn run(trainee: &str, competition: Option<CompetitionTurn>) -> RunRecord {
        let at = chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("a valid time");
        RunRecord {
            registration: uuid::Uuid::new_v4().to_string(),
            trainee: trainee.into(),
            case_id: "card".into(),
            case_title: "办卡".into(),
            case_hash: "ab".into(),
            seed: 1,
            role: "全部".into(),
            started_at: at,
            finished_at: at,
            time_ms: 1000,
            total: 80.0,
            dimensions: DimensionScores {
                identification: Some(80.0),
                script: None,
                handoff: None,
            },
            passed: true,
            pass_mark: 60,
            red_lines: Vec::new(),
            decisions: Vec::new(),
            transcript: String::new(),
            competition,
            referral: Vec::new(),
            identity: Default::default(),
        }
    }

    /// A data folder with two practice runs by 张三 and one turn of the contest "春季PK".
    fn data_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (mut store, _) = Store::open(dir.path()).expect("the store opens");
        store.save_run(&run("张三", None)).expect("saved");
        store.save_run(&run("张三", None)).expect("saved");
        let setup = ContestSetup {
            name: "春季PK".into(),
            teams: ["一组", "二组"]
                .iter()
                .map(|n| TeamSetup {
                    name: (*n).into(),
                    members: vec!["甲".into()],
                })
                .collect(),
            cases: vec!["card".into()],
            case_order: CaseOrder::InOrder,
            roles: RoleAssignment::Fixed,
            seed: 1,
            decision_limit_secs: None,
            podium: 3,
            red_line_penalty: Default::default(),
            scenes: Default::default(),
            timers: Default::default(),
        };
        let id = store.create_competition(&setup).expect("created");
        let turn = CompetitionTurn {
            competition: id,
            turn: Turn { round: 0, team: 0 },
            team_name: "一组".into(),
            lineup: vec![
                (Role::Teller, "甲".into()),
                (Role::LobbyManager, "乙".into()),
            ],
        };
        store.save_run(&run("一组", Some(turn))).expect("saved");
        dir
    }

    fn targets<'a>(
        csv: Option<&'a Path>,
        xapi: Option<&'a Path>,
        summary: Option<&'a Path>,
    ) -> Targets<'a> {
        Targets { csv, xapi, summary }
    }

    #[test]
    fn writes_every_requested_file_and_says_so() {
        let dir = data_dir();
        let out = tempfile::tempdir().expect("a temporary folder");
        let (runs, statements, summary) = (
            out.path().join("runs.csv"),
            out.path().join("runs.json"),
            out.path().join("summary.csv"),
        );
        let lines = export_files(
            dir.path(),
            targets(Some(&runs), Some(&statements), Some(&summary)),
            None,
            Some("春季PK"),
        )
        .expect("the export succeeds");
        assert_eq!(
            lines,
            [
                format!("已导出 1 条记录到 {}", runs.display()),
                format!(
                    "已导出 2 条 xAPI 语句（1 条记录）到 {}",
                    statements.display()
                ),
                format!("已导出比赛“春季PK”的 2 个小组成绩到 {}", summary.display()),
            ]
        );
        assert!(std::fs::read(&runs).expect("written").starts_with(csv::BOM));
        assert!(
            std::fs::read(&summary)
                .expect("written")
                .starts_with(csv::BOM)
        );
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&statements).expect("written"))
                .expect("valid JSON");
        assert_eq!(json.as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn a_trainee_filter_exports_only_their_runs() {
        let dir = data_dir();
        let out = tempfile::tempdir().expect("a temporary folder");
        let path = out.path().join("zhang.csv");
        let lines = export_files(
            dir.path(),
            targets(Some(&path), None, None),
            Some(" 张三 "),
            None,
        )
        .expect("the export succeeds");
        assert_eq!(lines, [format!("已导出 2 条记录到 {}", path.display())]);
    }

    #[test]
    fn user_mistakes_exit_2_and_name_the_problem() {
        let dir = data_dir();
        let out = tempfile::tempdir().expect("a temporary folder");
        let path = out.path().join("x.csv");
        let failure = |trainee, competition, targets| {
            export_files(dir.path(), targets, trainee, competition).expect_err("should fail")
        };

        let none = failure(None, None, targets(None, None, None));
        assert_eq!(none.code, 2);
        assert!(none.message.contains("--csv"));

        let summary_alone = failure(None, None, targets(None, None, Some(&path)));
        assert_eq!(summary_alone.code, 2);
        assert!(summary_alone.message.contains("--competition"));

        let unknown = failure(None, Some("秋季PK"), targets(Some(&path), None, None));
        assert_eq!(unknown, Failure::user("没有名为“秋季PK”的比赛".into()));

        let nobody = failure(Some("李四"), None, targets(Some(&path), None, None));
        assert_eq!(nobody, Failure::user("学员“李四”没有演练记录".into()));

        assert!(
            !path.exists(),
            "nothing is written when the command is wrong"
        );
    }

    #[test]
    fn a_folder_without_a_database_is_not_given_one() {
        let empty = tempfile::tempdir().expect("a temporary folder");
        let missing = empty.path().join("nowhere");
        let path = empty.path().join("x.csv");
        let failure = export_files(&missing, targets(Some(&path), None, None), None, None)
            .expect_err("there is nothing to export");
        assert_eq!(failure.code, 2);
        assert!(!missing.exists());
    }

    #[test]
    fn an_unwritable_target_is_an_io_error() {
        let dir = data_dir();
        let path = dir.path().join("no such folder").join("x.csv");
        let failure = export_files(dir.path(), targets(Some(&path), None, None), None, None)
            .expect_err("the folder does not exist");
        assert_eq!(failure.code, 1);
        assert!(failure.message.starts_with("无法写入"));
    }
}
