//! The command line: one file per subcommand, all over the same core as the app.

mod case;
mod contest;
mod export;
mod graph;
mod history;
mod leaderboard;
mod lint;
mod lrs;
mod new;
mod paths;
mod play;
mod render;
mod report;
pub mod review;
mod run;
mod validate;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;

use clap::{Parser, Subcommand, ValueEnum};

use crate::competition::{MAX_PERSON_NAME_CHARS, checked_name};
use crate::lang::{Lang, Words};
use crate::playthrough::RoleChoice;
use crate::scenario::model::Role;

#[derive(Debug, Parser)]
#[command(
    name = "liandong",
    version,
    about = "岗位联动演练 — 银行网点岗位联动培训模拟器"
)]
pub struct Cli {
    /// 不带子命令时打开桌面程序 (without a subcommand, open the desktop app)
    #[command(subcommand)]
    pub command: Option<Command>,
    /// 界面语言 (interface language)
    #[arg(long, value_enum, default_value_t = Lang::Zh, global = true)]
    pub lang: Lang,
    /// 案例文件夹 (case folder; default: scenarios/ here or beside the program)
    #[arg(long)]
    pub cases: Option<PathBuf>,
    /// 自动演练示范案例并截图后退出；latency：计时每次点击到画面更新 (play the showcase by
    /// itself, then quit; latency: time clicks to the frame that shows them)
    #[arg(long, value_enum)]
    pub autopilot: Option<Flight>,
    /// 自动演练时把每个界面截图存到这个文件夹 (save a PNG of every screen here)
    #[arg(long)]
    pub screenshots: Option<PathBuf>,
    /// 数据文件夹：成绩、学员和比赛存在这里 (data folder for results, trainees and contests)
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    /// 窗口大小 (window size in logical pixels)
    #[arg(long, value_parser = parse_size, default_value = "1280x720")]
    pub size: (u32, u32),
}

fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text.split_once('x').ok_or("写成“宽x高”，例如 1920x1080")?;
    let w: u32 = w.parse().map_err(|_| "宽度不是数字")?;
    let h: u32 = h.parse().map_err(|_| "高度不是数字")?;
    if !(320..=7680).contains(&w) || !(240..=4320).contains(&h) {
        return Err("窗口大小不合理".into());
    }
    Ok((w, h))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查案例文件 (validate case files; default: scenarios/)
    Validate {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// 自动演练一个案例并输出讲评 (play a case automatically and print the debrief)
    Run {
        file: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, value_enum, default_value_t = Pick::Best)]
        pick: Pick,
        #[arg(long, value_enum, default_value_t = RoleArg::All)]
        role: RoleArg,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// 把演练记录保存为 RON (save the transcript as RON)
        #[arg(long)]
        transcript: Option<PathBuf>,
        /// 学员姓名 (trainee name, for --save)
        #[arg(long)]
        trainee: Option<String>,
        /// 学员工号，可不填 (the trainee's staff number, optional)
        #[arg(long, requires = "trainee")]
        staff_no: Option<String>,
        /// 学员所在网点，可不填 (the trainee's branch, optional)
        #[arg(long, requires = "trainee")]
        branch: Option<String>,
        /// 把成绩存入数据库 (record the run in the database)
        #[arg(long, requires = "trainee")]
        save: bool,
    },
    /// 在终端里亲自演练 (play a case in the terminal, choices by number)
    Play {
        file: PathBuf,
        #[arg(long)]
        seed: Option<u64>,
        #[arg(long, value_enum, default_value_t = RoleArg::All)]
        role: RoleArg,
        /// 考试模式：讲评留到最后 (exam mode: feedback only at the end)
        #[arg(long)]
        exam: bool,
        /// 把演练记录保存为 RON (save the transcript as RON)
        #[arg(long)]
        transcript: Option<PathBuf>,
    },
    /// 重放保存的演练记录并输出讲评 (replay a saved transcript and print its debrief)
    Replay {
        file: PathBuf,
        transcript: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// 生成一个带注释的新案例模板 (write a commented template case)
    New {
        id: String,
        /// 写入的文件夹 (folder; default scenarios/ if it exists, else .)
        #[arg(long)]
        dir: Option<PathBuf>,
        /// 生成 Excel 工作簿模板（.xlsx）而不是 RON (write a workbook template instead)
        #[arg(long)]
        xlsx: bool,
    },
    /// 案例与 Excel 工作簿互转 (cases to and from spreadsheet workbooks)
    #[command(subcommand)]
    Case(CaseCommand),
    /// 以 Graphviz DOT 输出步骤图 (print the step graph as Graphviz DOT)
    Graph { file: PathBuf },
    /// 检查案例的教学问题 (teaching advice on valid cases; default: scenarios/)
    Lint {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// 列出案例的所有路径及得分分布 (every path, the best, the worst and the spread)
    Paths {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = RoleArg::All)]
        role: RoleArg,
        /// 路径超过这个数就改为抽样 (sample instead past this many paths)
        #[arg(long, default_value_t = 20_000)]
        limit: usize,
        /// 从这个步骤开始走 (start at this step id)
        #[arg(long)]
        from: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// 列出学员的历次成绩、错题集和建议的下一个案例 (a trainee's runs, missed rules, next case)
    History {
        name: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// 导出成绩：CSV 或 xAPI 语句 (export results as CSV or xAPI statements)
    Export {
        /// 每次演练一行的 CSV (one row per run)
        #[arg(long)]
        csv: Option<PathBuf>,
        /// xAPI 1.0.3 语句 JSON (xAPI statements)
        #[arg(long)]
        xapi: Option<PathBuf>,
        /// 比赛汇总 CSV，需要 --competition (per-competition summary)
        #[arg(long, requires = "competition")]
        summary: Option<PathBuf>,
        #[arg(long, conflicts_with = "competition")]
        trainee: Option<String>,
        #[arg(long)]
        competition: Option<String>,
    },
    /// 分组PK比赛 (group competitions)
    #[command(subcommand)]
    Contest(ContestCommand),
    /// 同步到学习记录库（xAPI LRS）(live sync to a learning record store)
    #[command(subcommand)]
    Lrs(LrsCommand),
    /// 总部汇总：从学习记录库读回各处的记录，给出跨网点排行榜和最常错过的规则
    /// (a head office's report from the learning record store: leaderboard, rules most missed)
    Report {
        /// 从学习记录库读取（见 liandong lrs set）(read the statements back from the LRS)
        #[arg(long, required = true)]
        from_lrs: bool,
        /// 只算这一天以来的演练，如 2026-11-01 (only runs since this day)
        #[arg(long)]
        since: Option<String>,
        /// 只看这个网点 (only this branch)
        #[arg(long)]
        branch: Option<String>,
        /// 只看这场比赛 (only this contest)
        #[arg(long)]
        competition: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// 转介积分排行榜：每位学员的积分、演练次数和各岗位的积分
    /// (the referral points leaderboard: each trainee's points, runs and points by role)
    Leaderboard {
        /// 只算这一天以来的演练，如 2026-11-01 (only runs since this day)
        #[arg(long)]
        since: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// 案例点评：每一步的示范答案、各组或各次的选择、最常见的错误和红线
    /// (the trainer's case review: each decision, the model answer, what everyone chose)
    #[command(group(clap::ArgGroup::new("which").required(true).args(["competition", "case"])))]
    Review {
        /// 点评一场比赛的每一轮 (review every round of a contest)
        #[arg(long)]
        competition: Option<String>,
        /// 点评一个案例的演练记录 (review the runs of a case, by its id)
        #[arg(long)]
        case: Option<String>,
        /// 只看这位学员的演练，需要 --case (only this trainee's runs)
        #[arg(long, requires = "case")]
        trainee: Option<String>,
        /// 只看这一天以来的演练，如 2026-11-01，需要 --case (only runs since this day)
        #[arg(long, requires = "case")]
        since: Option<String>,
        #[arg(long, value_enum, default_value_t = review::ReviewFormat::Text)]
        format: review::ReviewFormat,
        /// 写入文件而不是输出到终端 (write to this file instead of standard output)
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// 把案例写成 Excel 工作簿，培训师可在 Excel、WPS、LibreOffice 里阅读和修改
    /// (write a case as a workbook to read and edit in Excel, WPS or LibreOffice)
    Export {
        /// 案例文件（.ron）(the case file)
        file: PathBuf,
        /// 写入的工作簿 (the workbook to write)
        #[arg(long, value_name = "OUT.xlsx")]
        xlsx: PathBuf,
        /// 覆盖已经存在的工作簿 (replace a workbook that exists)
        #[arg(long)]
        force: bool,
    },
    /// 把工作簿转换回 RON 案例文件；不给 -o 时输出到终端
    /// (convert a workbook back to a RON case; to standard output without -o)
    Import {
        /// 工作簿（.xlsx）(the workbook)
        file: PathBuf,
        /// 写入的 RON 文件 (the RON file to write)
        #[arg(short, long, value_name = "OUT.ron")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ContestCommand {
    /// 从 RON 设置文件新建比赛 (create a contest from a RON setup file)
    New { setup: PathBuf },
    /// 列出比赛 (list contests)
    List,
    /// 显示计分板 (show the scoreboard)
    Show {
        name: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// 用自动作答把剩下的轮次演完，可中断、可续 (play the remaining turns automatically; resumable)
    Play {
        name: String,
        #[arg(long, value_enum, default_value_t = Pick::Best)]
        pick: Pick,
        /// 每轮之间停顿的毫秒数，便于投屏观看 (pause between turns, to follow on a projector)
        #[arg(long, default_value_t = 0)]
        delay_ms: u64,
        /// 最多演几轮 (play at most this many turns)
        #[arg(long)]
        turns: Option<usize>,
    },
    /// 观察员按评分表打分；不给 --item 时列出这一轮的评分表
    /// (an observer's checklist for a team's turn; without --item, print the checklist)
    Observe {
        name: String,
        /// 轮次，从 1 开始 (round number, from 1)
        #[arg(long)]
        round: usize,
        /// 小组序号（从 1 开始）或小组名称 (team number from 1, or the team's name)
        #[arg(long)]
        team: String,
        /// 观察员的名字 (the observer's name)
        #[arg(long)]
        observer: Option<String>,
        /// 评分项=分数（0、1、2），分数后可以接评语；评分项写标题或序号：
        /// --item "礼仪与仪容=2 起身相迎" --item 2=1 (item=mark, then an optional comment;
        /// the item by its title or number)
        #[arg(long = "item")]
        items: Vec<String>,
    },
    /// 观察员自由加减分（旧方式，评分表之前的比赛）(free observer points, the old way)
    Points {
        name: String,
        /// 小组序号，从 1 开始 (team number, from 1)
        #[arg(long)]
        team: usize,
        /// 轮次，从 1 开始 (round number, from 1)
        #[arg(long)]
        round: usize,
        #[arg(long, allow_hyphen_values = true)]
        points: i32,
        #[arg(long, default_value = "")]
        comment: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum LrsCommand {
    /// 设置学习记录库的地址和账号，密钥从文件读取 (set the LRS endpoint and credentials)
    Set {
        /// xAPI 地址，如 https://lrs.example.cn/xAPI (the xAPI endpoint)
        url: String,
        /// 用户名（key）(the key of HTTP basic authentication)
        #[arg(long)]
        key: String,
        /// 存放密钥（secret）的文件 (a file holding the secret)
        #[arg(long)]
        secret_file: PathBuf,
        /// 学员账号所属机构的主页，如 https://www.example-bank.cn (the organisation's home page
        /// for the trainees' xAPI accounts)
        #[arg(long)]
        home_page: Option<String>,
    },
    /// 已同步和待同步的条数，以及上次的错误 (sent and waiting counts, the last error)
    Status,
    /// 现在把待同步的记录发出去 (send what waits now)
    Sync,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// What `--autopilot` does: play the showcase with these answers, or time clicks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Flight {
    Best,
    Worst,
    Random,
    Latency,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Pick {
    Best,
    Worst,
    Random,
}

/// Roles as named on the command line; `teller` covers both counter kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    All,
    Teller,
    Lobby,
    Wealth,
    Corporate,
    BranchHead,
    BackOffice,
    Postal,
}

impl RoleArg {
    pub fn choice(self) -> RoleChoice {
        let roles = match self {
            RoleArg::All => return RoleChoice::All,
            RoleArg::Teller => vec![Role::Teller, Role::OpenCounterTeller],
            RoleArg::Lobby => vec![Role::LobbyManager],
            RoleArg::Wealth => vec![Role::WealthManager],
            RoleArg::Corporate => vec![Role::CorporateManager],
            RoleArg::BranchHead => vec![Role::BranchHead],
            RoleArg::BackOffice => vec![Role::BackOffice],
            RoleArg::Postal => vec![Role::PostalStaff],
        };
        RoleChoice::Only(roles)
    }
}

/// The longest staff number (工号) accepted, in characters.
pub const MAX_STAFF_NO_CHARS: usize = 32;
/// The longest branch name accepted, in characters.
pub const MAX_BRANCH_CHARS: usize = 40;

/// The words of the language chosen with `--lang` (Chinese until [`run`] sets it): the core's
/// enum names and the wording of its errors, from the same tables as the app's.
static WORDS: OnceLock<Words> = OnceLock::new();

/// The chosen language's words; see [`WORDS`].
pub(crate) fn words() -> &'static Words {
    WORDS.get_or_init(|| load_words(Lang::Zh))
}

/// The language chosen with `--lang` (Chinese until [`run`] sets it), for the terminal's own
/// sentences ([`tr!`]).
static LANG: OnceLock<Lang> = OnceLock::new();

/// The chosen language; see [`LANG`].
pub(crate) fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

fn load_words(lang: Lang) -> Words {
    // the tables are compiled in and the test suite loads both
    Words::load(lang).unwrap_or_else(|e| panic!("the {lang:?} text table is broken: {e}"))
}

/// Why standard output could not be written, once it could not (a full disk, a reader that went
/// away): nothing more is printed there, and the command ends with a failure.
static STDOUT_FAILED: OnceLock<String> = OnceLock::new();

/// Writes to standard output without ever panicking: a failure is kept for [`run`] to report,
/// and everything after it is dropped. Use through [`outln!`] and [`out!`].
pub(crate) fn write_out(text: std::fmt::Arguments) {
    let _ = Out.write_fmt(text);
}

/// Standard output as a writer that never fails: the first failure is kept for [`run`] to
/// report, and everything after it is dropped.
pub(crate) struct Out;

impl std::io::Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if STDOUT_FAILED.get().is_none()
            && let Err(e) = std::io::stdout().lock().write_all(buf)
        {
            let _ = STDOUT_FAILED.set(e.to_string());
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if STDOUT_FAILED.get().is_none()
            && let Err(e) = std::io::stdout().lock().flush()
        {
            let _ = STDOUT_FAILED.set(e.to_string());
        }
        Ok(())
    }
}

/// `println!` that neither panics on a full or closed standard output nor hides the failure.
macro_rules! outln {
    () => {
        $crate::cli::write_out(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cli::write_out(format_args!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use outln;

/// `print!` that neither panics on a full or closed standard output nor hides the failure.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::write_out(format_args!($($arg)*))
    };
}
pub(crate) use out;

/// The same text in the interface's two languages, Chinese first, chosen by `--lang`:
/// `tr!("第 {n} 步", "decision {n}")`. Both are format strings over the same names.
macro_rules! tr {
    ($zh:literal, $en:literal $(,)?) => {
        match $crate::cli::lang() {
            $crate::lang::Lang::Zh => format!($zh),
            $crate::lang::Lang::En => format!($en),
        }
    };
}
pub(crate) use tr;

/// Flushes standard output and turns a failure to write it into the exit code: a command whose
/// output was lost must not look successful to a script.
fn finish_output(code: ExitCode) -> ExitCode {
    let _ = Out.flush();
    match STDOUT_FAILED.get() {
        Some(why) => {
            eprintln!("无法输出结果：{why}（输出不完整）");
            if code == ExitCode::SUCCESS {
                ExitCode::FAILURE
            } else {
                code
            }
        }
        None => code,
    }
}

/// Runs a parsed command line; the exit code tells scripts whether it went well.
/// Runs a terminal command. Without a subcommand there is nothing to run here: the binary opens
/// the window instead (`main.rs`), and a build without the app says so.
pub fn run(cli: Cli) -> ExitCode {
    let _ = LANG.set(cli.lang);
    let _ = WORDS.set(load_words(cli.lang));
    let Some(command) = cli.command else {
        eprintln!("这个版本没有桌面程序（编译时未启用 app 功能）；请用子命令，见 --help。");
        return ExitCode::FAILURE;
    };
    let given = Given {
        data_dir: cli.data_dir,
        cases: cli.cases,
        lang: cli.lang,
    };
    let code = run_command(command, given);
    finish_output(code)
}

/// The global options a subcommand may use.
struct Given {
    data_dir: Option<PathBuf>,
    cases: Option<PathBuf>,
    lang: Lang,
}

fn run_command(command: Command, cli: Given) -> ExitCode {
    match command {
        Command::Validate { paths, format } => validate::run(paths, format),
        Command::Run {
            file,
            seed,
            pick,
            role,
            format,
            transcript,
            trainee,
            staff_no,
            branch,
            save,
        } => {
            let save_as = match (save, trainee) {
                (true, Some(name)) => {
                    let mut checked = Vec::new();
                    for (option, value, max) in [
                        ("--trainee", Some(name), MAX_PERSON_NAME_CHARS),
                        ("--staff-no", staff_no, MAX_STAFF_NO_CHARS),
                        ("--branch", branch, MAX_BRANCH_CHARS),
                    ] {
                        match value.as_deref().map(|v| checked_name(v, max)).transpose() {
                            Ok(value) => checked.push(value.map(str::to_owned)),
                            Err(e) => {
                                let why = words().errors.name(&e);
                                eprintln!("{}", tr!("{option}：{why}", "{option}: {why}"));
                                return ExitCode::from(2);
                            }
                        }
                    }
                    let [Some(name), staff_no, branch] =
                        <[_; 3]>::try_from(checked).expect("three values checked")
                    else {
                        unreachable!("the name is given")
                    };
                    let identity =
                        crate::store::Identity::new(staff_no.as_deref(), branch.as_deref());
                    match data_dir(cli.data_dir) {
                        Some(dir) => Some((dir, name, identity)),
                        None => return ExitCode::from(2),
                    }
                }
                _ => None,
            };
            run::run(
                &file,
                seed,
                pick,
                role,
                format,
                transcript.as_deref(),
                save_as,
            )
        }
        Command::Play {
            file,
            seed,
            role,
            exam,
            transcript,
        } => play::run(&file, seed, role, exam, transcript.as_deref()),
        Command::Replay {
            file,
            transcript,
            format,
        } => run::replay(&file, &transcript, format),
        Command::New { id, dir, xlsx } => new::run(&id, dir, xlsx),
        Command::Case(CaseCommand::Export { file, xlsx, force }) => {
            case::export(&file, &xlsx, force)
        }
        Command::Case(CaseCommand::Import { file, output }) => {
            case::import(&file, output.as_deref())
        }
        Command::Graph { file } => graph::run(&file),
        Command::Lint { paths, format } => lint::run(paths, format),
        Command::Paths {
            file,
            role,
            limit,
            from,
            format,
        } => paths::run(&file, role, limit, from.as_deref(), format),
        Command::History { name, format } => match data_dir(cli.data_dir) {
            Some(dir) => history::run(&dir, cli.cases, &name, format),
            None => ExitCode::from(2),
        },
        Command::Export {
            csv,
            xapi,
            summary,
            trainee,
            competition,
        } => match data_dir(cli.data_dir) {
            Some(dir) => export::export(
                &dir,
                csv.as_deref(),
                xapi.as_deref(),
                summary.as_deref(),
                trainee.as_deref(),
                competition.as_deref(),
            ),
            None => ExitCode::from(2),
        },
        Command::Contest(command) => match data_dir(cli.data_dir) {
            Some(dir) => contest::run(&dir, cli.cases, command),
            None => ExitCode::from(2),
        },
        Command::Report {
            from_lrs: _,
            since,
            branch,
            competition,
            format,
        } => {
            let Ok(since) = since_day(since.as_deref()) else {
                return ExitCode::from(2);
            };
            let filter = crate::lrs::report::ReportFilter {
                since,
                branch: branch.map(|b| b.trim().to_owned()),
                competition: competition.map(|c| c.trim().to_owned()),
            };
            match data_dir(cli.data_dir) {
                Some(dir) => report::run(&dir, cli.cases, &filter, format),
                None => ExitCode::from(2),
            }
        }
        Command::Lrs(command) => match data_dir(cli.data_dir) {
            Some(dir) => lrs::run(&dir, command),
            None => ExitCode::from(2),
        },
        Command::Leaderboard { since, format } => {
            let Ok(since) = since_day(since.as_deref()) else {
                return ExitCode::from(2);
            };
            match data_dir(cli.data_dir) {
                Some(dir) => leaderboard::run(&dir, cli.cases, cli.lang, since, format),
                None => ExitCode::from(2),
            }
        }
        Command::Review {
            competition,
            case,
            trainee,
            since,
            format,
            output,
        } => {
            let Ok(since) = since_day(since.as_deref()) else {
                return ExitCode::from(2);
            };
            let which = match (competition, case) {
                (Some(name), _) => crate::review::Which::Competition(name),
                (None, Some(id)) => crate::review::Which::Case { id, trainee, since },
                (None, None) => return ExitCode::from(2),
            };
            match data_dir(cli.data_dir) {
                Some(dir) => {
                    review::run(&dir, cli.cases, cli.lang, which, format, output.as_deref())
                }
                None => ExitCode::from(2),
            }
        }
    }
}

/// `--data-dir`, or the user's data folder.
fn data_dir(given: Option<PathBuf>) -> Option<PathBuf> {
    let dir = given.or_else(crate::scenario::bundled::user_data_dir);
    if dir.is_none() {
        eprintln!(
            "{}",
            tr!(
                "找不到数据文件夹：请用 --data-dir 指定",
                "No data folder found: name one with --data-dir"
            )
        );
    }
    dir
}

/// Opens the store, telling the user on stderr if a corrupt database was moved aside.
fn open_store(dir: &std::path::Path) -> Option<crate::store::Store> {
    match crate::store::Store::open(dir) {
        Ok((store, recovery)) => {
            if let Some(recovery) = recovery {
                eprintln!("{}", words().errors.recovery(&recovery));
            }
            Some(store)
        }
        Err(e) => {
            eprintln!("{}", words().errors.store(&e));
            None
        }
    }
}

/// Opens the store for a command that only reads it. A data folder or database that cannot
/// be written (a read-only share, a copied folder with the wrong owner) is still read, without
/// changing anything in it.
fn open_store_for_reading(dir: &std::path::Path) -> Option<crate::store::Store> {
    use crate::store::{Store, StoreError};
    match Store::open(dir) {
        Ok((store, recovery)) => {
            if let Some(recovery) = recovery {
                eprintln!("{}", words().errors.recovery(&recovery));
            }
            Some(store)
        }
        Err(unwritable @ StoreError::Unwritable { .. }) => match Store::open_read_only(dir) {
            Ok(store) => Some(store),
            Err(e) => {
                let errors = &words().errors;
                eprintln!(
                    "{}；只读打开也不行：{}",
                    errors.store(&unwritable),
                    errors.store(&e)
                );
                None
            }
        },
        Err(e) => {
            eprintln!("{}", words().errors.store(&e));
            None
        }
    }
}

/// The day given to `--since` (2026-11-01), from its midnight; an unreadable one is said on
/// standard error.
fn since_day(given: Option<&str>) -> Result<Option<chrono::DateTime<chrono::Utc>>, ()> {
    given.map(review::parse_since).transpose().map_err(|e| {
        eprintln!("--since：{e}");
    })
}

/// Every playable case in the case folder (`--cases`, or the default).
fn playable_cases(cases: Option<PathBuf>) -> Vec<std::sync::Arc<crate::scenario::Case>> {
    let dir = cases.unwrap_or_else(crate::scenario::bundled::default_cases_dir);
    crate::scenario::validate_paths(&[dir])
        .into_iter()
        .filter(|r| !r.has_errors())
        .filter_map(|r| r.case)
        .collect()
}

/// The case in `file` if it is playable; otherwise its diagnostics are printed.
fn load_playable(file: &std::path::Path) -> Option<std::sync::Arc<crate::scenario::Case>> {
    let report = crate::scenario::load_case(file);
    if report.has_errors() || report.case.is_none() {
        validate::print_text(std::slice::from_ref(&report));
        return None;
    }
    report.case
}
