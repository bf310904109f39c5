//! `liandong contest`: create a group competition from a setup file, list, show the
//! scoreboard, add observer points, and play the remaining turns automatically (a dry run of
//! a contest's cases, which resumes where it stopped if interrupted).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use super::render::{columns, padded};
use super::{
    ContestCommand, Format, Pick, lang, open_store, open_store_for_reading, out, outln,
    playable_cases, tr, words,
};
use crate::competition::{ContestSetup, ObserverPoints, Scoreboard, Turn};
use crate::lang::Lang;
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
            eprintln!(
                "{}",
                tr!(
                    "没有名为“{name}”的比赛（liandong contest list 可列出全部）",
                    "There is no contest named “{name}” (liandong contest list lists them all)"
                )
            );
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
            let (name, teams, rounds) = (&setup.name, setup.teams.len(), setup.cases.len());
            outln!(
                "{}",
                tr!(
                    "已建立比赛“{name}”：{teams} 个小组，{rounds} 轮",
                    "Contest “{name}” created: {teams} teams, {rounds} rounds"
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            let why = words().errors.store(&e);
            eprintln!(
                "{}",
                tr!("比赛没有建立：{why}", "The contest was not created: {why}")
            );
            ExitCode::from(1)
        }
    }
}

/// Reads a contest setup from a file the trainer named: a regular file of bounded size (never a
/// FIFO or `/dev/zero`), parsed as RON; the error names the file and, for RON, line and column.
fn read_setup(file: &Path) -> Result<ContestSetup, String> {
    let text = read_user_text(file, MAX_SETUP_BYTES).map_err(|e| {
        tr!(
            "无法读取比赛设置 {e}",
            "The contest setup cannot be read: {e}"
        )
    })?;
    parse_setup(&file.display().to_string(), &text)
}

/// Parses the text of a contest setup; the error names `name`, line and column.
fn parse_setup(name: &str, text: &str) -> Result<ContestSetup, String> {
    crate::scenario::load::ron_options()
        .from_str(text)
        .map_err(|e| {
            let (line, column, code) = (e.span.start.line, e.span.start.col, e.code);
            tr!(
                "{name}:{line}:{column}：比赛设置格式有误：{code}",
                "{name}:{line}:{column}: the contest setup is malformed: {code}"
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
        let (name, teams, rounds, turns) = (
            &info.setup.name,
            info.setup.teams.len(),
            info.setup.cases.len(),
            info.setup.turns().len(),
        );
        let line = tr!(
            "{name}  {teams} 组 × {rounds} 轮  已演 {played}/{turns}",
            "{name}  {teams} teams × {rounds} rounds  played {played}/{turns}"
        );
        let finished = match (info.finished, lang()) {
            (false, _) => "",
            (true, Lang::Zh) => "  已结束",
            (true, Lang::En) => "  finished",
        };
        outln!("{line}{finished}");
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
            Err(e) => eprintln!("JSON: {e}"),
        },
        Format::Text => out!("{}", scoreboard_text(&info.setup, &board)),
    }
    ExitCode::SUCCESS
}

/// The standings as a table for the terminal, with the ranking rule above it.
pub fn scoreboard_text(setup: &ContestSetup, board: &Scoreboard) -> String {
    let red_line = match (setup.red_line_penalty, lang()) {
        (crate::competition::RedLinePenalty::ZeroPoints, Lang::Zh) => {
            "触犯红线的一场不计案例得分".to_owned()
        }
        (crate::competition::RedLinePenalty::Deduct(n), Lang::Zh) => {
            format!("触犯红线的一场扣 {n} 分")
        }
        (crate::competition::RedLinePenalty::ZeroPoints, Lang::En) => {
            "a turn that crossed a red line scores no case points".to_owned()
        }
        (crate::competition::RedLinePenalty::Deduct(n), Lang::En) => {
            format!("a turn that crossed a red line loses {n} points")
        }
    };
    let (name, played, total) = (&setup.name, board.turns_played, board.turns_total);
    let mut out = tr!(
        "{name}  已演 {played}/{total} 轮次\n排名规则：总分高者先；同分比红线少；再比用时短；{red_line}。\n",
        "{name}  played {played}/{total} turns\nRanking: higher total first; on a tie fewer red lines; then less time; {red_line}.\n"
    );
    let header: Vec<String> = match lang() {
        Lang::Zh => [
            "名次",
            "小组",
            "案例得分",
            "观察员",
            "总分",
            "红线",
            "用时",
            "各岗位得分",
        ],
        Lang::En => [
            "Rank",
            "Team",
            "Case points",
            "Observers",
            "Total",
            "Red lines",
            "Time",
            "By role",
        ],
    }
    .map(str::to_owned)
    .to_vec();
    let rows: Vec<Vec<String>> = board
        .standings
        .iter()
        .map(|row| {
            let roles: Vec<String> = row
                .roles
                .iter()
                .filter_map(|r| {
                    r.percent()
                        .map(|p| format!("{} {p:.1}", words().names.role(r.role)))
                })
                .collect();
            vec![
                row.rank.to_string(),
                row.name.clone(),
                format!("{:.1}", row.case_points),
                format!("{:+}", row.observer_points),
                format!("{:.1}", row.total),
                row.red_lines.to_string(),
                format!("{:.1}s", row.time_ms as f64 / 1000.0),
                roles.join(match lang() {
                    Lang::Zh => "，",
                    Lang::En => ", ",
                }),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .chain([&header])
                .map(|row| columns(&row[i]))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in [&header].into_iter().chain(&rows) {
        let line: String = row
            .iter()
            .zip(&widths)
            .map(|(text, width)| format!("{}  ", padded(text, *width)))
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
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
            // the setup names its cases by the ids the trainer wrote there
            eprintln!(
                "{}",
                tr!(
                    "案例库里没有案例 {case_id}",
                    "The case folder has no case {case_id}"
                )
            );
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
                let why = words().errors.store(&e);
                eprintln!(
                    "{}",
                    tr!("这一轮没有保存：{why}", "This turn was not saved: {why}")
                );
                return ExitCode::from(1);
            }
        }
        done.insert(turn);
        let lineup = crate::export::csv::lineup_text(&lineup, lang());
        let (round, team, title, total) = (
            turn.round + 1,
            &team.name,
            &case.scenario.title,
            record.total,
        );
        outln!(
            "{}",
            tr!(
                "第 {round} 轮 · {team}（{lineup}）· {title}：得分 {total:.1}",
                "Round {round} · {team} ({lineup}) · {title}: {total:.1}"
            )
        );
        played_now += 1;
        std::thread::sleep(Duration::from_millis(delay_ms));
    }
    if turns.iter().all(|t| done.contains(t)) {
        if let Err(e) = store.finish_competition(info.id) {
            eprintln!("{}", words().errors.store(&e));
        }
        outln!("{}", tr!("比赛结束", "The contest is over"));
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
    let (teams, rounds) = (info.setup.teams.len(), info.setup.cases.len());
    if team == 0 || team > teams {
        eprintln!(
            "{}",
            tr!(
                "小组序号要在 1 到 {teams} 之间",
                "The team number must be from 1 to {teams}"
            )
        );
        return ExitCode::from(2);
    }
    if round == 0 || round > rounds {
        eprintln!(
            "{}",
            tr!(
                "轮次要在 1 到 {rounds} 之间",
                "The round must be from 1 to {rounds}"
            )
        );
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
            let (name, points) = (&info.setup.teams[team - 1].name, points.points);
            outln!(
                "{}",
                tr!(
                    "已为{name}记 {points:+} 分",
                    "{points:+} points recorded for {name}"
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", words().errors.store(&e));
            ExitCode::from(1)
        }
    }
}
