//! `liandong contest`: create a group competition from a setup file, list, show the
//! scoreboard, add observer points, and play the remaining turns automatically (a dry run of
//! a contest's cases, which resumes where it stopped if interrupted).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use super::{
    ContestCommand, Format, Pick, open_store, open_store_for_reading, out, outln, playable_cases,
    words,
};
use crate::competition::{ContestSetup, ObserverPoints, Scoreboard, Turn};
use crate::playthrough::RoleChoice;
use crate::playthrough::pick::{Clock, RANDOM_PICK_SALT, Strategy, autoplay_on};
use crate::scenario::limits::MAX_SETUP_BYTES;
use crate::scenario::load::read_user_text;
use crate::store::{CompetitionInfo, CompetitionTurn, RunRecord, Store, StoreError};

pub fn run(data_dir: &Path, cases: Option<PathBuf>, command: ContestCommand) -> ExitCode {
    // listing and showing only read: a folder that cannot be written is still read
    let reads_only = matches!(command, ContestCommand::List | ContestCommand::Show { .. });
    let opened = if reads_only {
        open_store_for_reading(data_dir)
    } else {
        open_store(data_dir)
    };
    let Some(mut store) = opened else {
        return ExitCode::from(1);
    };
    match command {
        ContestCommand::New { setup } => create(&mut store, cases, &setup),
        ContestCommand::List => list(&store),
        ContestCommand::Show { name, format } => match find(&store, &name) {
            Some(info) => show(&store, &info, format),
            None => ExitCode::from(2),
        },
        ContestCommand::Play {
            name,
            pick,
            delay_ms,
            turns,
        } => match find(&store, &name) {
            Some(info) => play(&mut store, cases, &info, pick, delay_ms, turns),
            None => ExitCode::from(2),
        },
        ContestCommand::Points {
            name,
            team,
            round,
            points,
            comment,
        } => match find(&store, &name) {
            Some(info) => add_points(&mut store, &info, team, round, points, comment),
            None => ExitCode::from(2),
        },
    }
}

fn find(store: &Store, name: &str) -> Option<CompetitionInfo> {
    match store.competition(name) {
        Ok(Some(info)) => Some(info),
        Ok(None) => {
            eprintln!("没有名为“{name}”的比赛（liandong contest list 可列出全部）");
            None
        }
        Err(e) => {
            eprintln!("{}", words().errors.store(&e));
            None
        }
    }
}

fn create(store: &mut Store, cases: Option<PathBuf>, file: &Path) -> ExitCode {
    let setup = match read_setup(file) {
        Ok(setup) => setup,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let cases = playable_cases(cases);
    if let Err(e) = setup.check(|id| cases.iter().any(|c| c.scenario.id == id)) {
        eprintln!("{}：{}", file.display(), words().errors.setup(&e));
        return ExitCode::from(2);
    }
    match store.create_competition(&setup) {
        Ok(_) => {
            outln!(
                "已建立比赛“{}”：{} 个小组，{} 轮",
                setup.name,
                setup.teams.len(),
                setup.cases.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("比赛没有建立：{}", words().errors.store(&e));
            ExitCode::from(1)
        }
    }
}

/// Reads a contest setup from a file the trainer named: a regular file of bounded size (never a
/// FIFO or `/dev/zero`), parsed as RON; the error names the file and, for RON, line and column.
fn read_setup(file: &Path) -> Result<ContestSetup, String> {
    let text =
        read_user_text(file, MAX_SETUP_BYTES).map_err(|e| format!("无法读取比赛设置 {e}"))?;
    parse_setup(&file.display().to_string(), &text)
}

/// Parses the text of a contest setup; the error names `name`, line and column.
fn parse_setup(name: &str, text: &str) -> Result<ContestSetup, String> {
    crate::scenario::load::ron_options()
        .from_str(text)
        .map_err(|e| {
            format!(
                "{name}:{}:{}：比赛设置格式有误：{}",
                e.span.start.line, e.span.start.col, e.code
            )
        })
}

fn list(store: &Store) -> ExitCode {
    let competitions = match store.competitions() {
        Ok(list) => list,
        Err(e) => {
            eprintln!("{}", words().errors.store(&e));
            return ExitCode::from(1);
        }
    };
    for info in competitions {
        let played = store.played_turns(info.id).map(|t| t.len()).unwrap_or(0);
        outln!(
            "{}  {} 组 × {} 轮  已演 {}/{}{}",
            info.setup.name,
            info.setup.teams.len(),
            info.setup.cases.len(),
            played,
            info.setup.turns().len(),
            if info.finished { "  已结束" } else { "" }
        );
    }
    ExitCode::SUCCESS
}

fn show(store: &Store, info: &CompetitionInfo, format: Format) -> ExitCode {
    let board = match store.scoreboard(info) {
        Ok(board) => board,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    match format {
        Format::Json => match serde_json::to_string_pretty(&board) {
            Ok(text) => outln!("{text}"),
            Err(e) => eprintln!("无法输出 JSON：{e}"),
        },
        Format::Text => out!("{}", scoreboard_text(&info.setup, &board)),
    }
    ExitCode::SUCCESS
}

pub fn scoreboard_text(setup: &ContestSetup, board: &Scoreboard) -> String {
    let red_line = match setup.red_line_penalty {
        crate::competition::RedLinePenalty::ZeroPoints => "触犯红线的一场不计案例得分".to_owned(),
        crate::competition::RedLinePenalty::Deduct(n) => format!("触犯红线的一场扣 {n} 分"),
    };
    let mut out = format!(
        "{}  已演 {}/{} 轮次\n排名规则：总分高者先；同分比红线少；再比用时短；{red_line}\n名次  小组          案例得分  观察员  总分    红线  用时\n",
        setup.name, board.turns_played, board.turns_total
    );
    for row in &board.standings {
        let roles: Vec<String> = row
            .roles
            .iter()
            .filter_map(|r| r.percent().map(|p| format!("{} {p:.1}", r.role.label())))
            .collect();
        out.push_str(&format!(
            "{:>4}  {:<12}  {:>8.1}  {:>+6}  {:>6.1}  {:>4}  {:>5.1}s  {}\n",
            row.rank,
            row.name,
            row.case_points,
            row.observer_points,
            row.total,
            row.red_lines,
            row.time_ms as f64 / 1000.0,
            roles.join("，")
        ));
    }
    out
}

fn play(
    store: &mut Store,
    cases: Option<PathBuf>,
    info: &CompetitionInfo,
    pick: Pick,
    delay_ms: u64,
    limit: Option<usize>,
) -> ExitCode {
    let setup = &info.setup;
    let cases = playable_cases(cases);
    let rounds = setup.rounds();
    let strategy = match pick {
        Pick::Best => Strategy::Best,
        Pick::Worst => Strategy::Worst,
        Pick::Random => Strategy::Random,
    };
    // The turns already saved are read once; each turn played here is added as it is saved.
    // (Reading them again before every turn, and searching that list for each turn, made a
    // 600-round contest quadratic: 98 s for 7,200 turns where 1,800 took 6 s.)
    let mut done: HashSet<Turn> = match store.played_turns(info.id) {
        Ok(played) => played.into_iter().collect(),
        Err(e) => {
            eprintln!("{}", words().errors.store(&e));
            return ExitCode::from(1);
        }
    };
    let turns = setup.turns();
    let mut played_now = 0;
    for turn in turns.iter().copied() {
        if done.contains(&turn) {
            continue;
        }
        if limit.is_some_and(|n| played_now >= n) {
            break;
        }
        let case_id = &rounds[turn.round];
        let Some(case) = cases.iter().find(|c| &c.scenario.id == case_id) else {
            eprintln!("案例库里没有案例 {case_id}");
            return ExitCode::from(2);
        };
        // a contest turn is stored: it carries the time it was played
        let played = autoplay_on(
            case,
            setup.seed,
            strategy,
            RoleChoice::All,
            setup.seed ^ RANDOM_PICK_SALT,
            Clock::Wall,
        );
        let playthrough = match played {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{}", words().errors.play(&e, &words().names));
                return ExitCode::from(2);
            }
        };
        let team = &setup.teams[turn.team];
        let lineup = setup.lineup(turn, case);
        let record = RunRecord::from_playthrough(
            &playthrough,
            &team.name,
            Some(CompetitionTurn {
                competition: info.id,
                turn,
                team_name: team.name.clone(),
                lineup: lineup.clone(),
            }),
        );
        match store.save_run(&record) {
            Ok(_) => {}
            // another window or command saved this turn meanwhile: theirs stands, play on
            Err(e @ StoreError::TurnPlayed { .. }) => {
                eprintln!("{}", words().errors.store(&e));
                done.insert(turn);
                continue;
            }
            Err(e) => {
                eprintln!("这一轮没有保存：{}", words().errors.store(&e));
                return ExitCode::from(1);
            }
        }
        done.insert(turn);
        let lineup: Vec<String> = lineup
            .iter()
            .map(|(role, member)| format!("{} {member}", role.label()))
            .collect();
        outln!(
            "第 {} 轮 {}（{}）：{} 得分 {:.1}",
            turn.round + 1,
            team.name,
            lineup.join("，"),
            case.scenario.title,
            record.total
        );
        played_now += 1;
        std::thread::sleep(Duration::from_millis(delay_ms));
    }
    if turns.iter().all(|t| done.contains(t)) {
        if let Err(e) = store.finish_competition(info.id) {
            eprintln!("{}", words().errors.store(&e));
        }
        outln!("比赛结束");
    }
    ExitCode::SUCCESS
}

fn add_points(
    store: &mut Store,
    info: &CompetitionInfo,
    team: usize,
    round: usize,
    points: i32,
    comment: String,
) -> ExitCode {
    if team == 0 || team > info.setup.teams.len() {
        eprintln!("小组序号要在 1 到 {} 之间", info.setup.teams.len());
        return ExitCode::from(2);
    }
    if round == 0 || round > info.setup.cases.len() {
        eprintln!("轮次要在 1 到 {} 之间", info.setup.cases.len());
        return ExitCode::from(2);
    }
    let comment = match crate::competition::checked_comment(&comment) {
        Ok(comment) => comment.to_owned(),
        Err(e) => {
            eprintln!("{}", words().errors.comment(&e));
            return ExitCode::from(2);
        }
    };
    let points = ObserverPoints {
        team: team - 1,
        round: round - 1,
        points,
        comment,
    };
    match store.add_observer_points(info.id, &points) {
        Ok(()) => {
            outln!(
                "已为 {} 记 {:+} 分",
                info.setup.teams[team - 1].name,
                points.points
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", words().errors.store(&e));
            ExitCode::from(1)
        }
    }
}
