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
use crate::competition::{
    ContestSetup, ObserverPoints, ObserverSheet, RedLinePenalty, Scenes, Scoreboard, Turn,
};
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
        ContestCommand::Observe {
            name,
            round,
            team,
            observer,
            items,
        } => match find(&store, &name) {
            Some(info) => observe(
                &mut store,
                cases,
                &info,
                Observation {
                    round,
                    team: &team,
                    observer: observer.as_deref(),
                    items: &items,
                },
            ),
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
            let (name, teams, rounds) = (&setup.name, setup.teams.len(), setup.round_count());
            let drill = drill_line(&setup);
            outln!(
                "{}",
                tr!(
                    "已建立比赛“{name}”：{teams} 个小组，{rounds} 轮；{drill}",
                    "Contest “{name}” created: {teams} teams, {rounds} rounds; {drill}"
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
            info.setup.round_count(),
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

/// Minutes and seconds in words: 4 分钟, 3 分 30 秒; 4 min, 3 min 30 s.
fn duration_words(secs: u32) -> String {
    let (m, s) = (secs / 60, secs % 60);
    match (m, s, lang()) {
        (_, 0, Lang::Zh) => format!("{m} 分钟"),
        (0, _, Lang::Zh) => format!("{s} 秒"),
        (_, _, Lang::Zh) => format!("{m} 分 {s} 秒"),
        (_, 0, Lang::En) => format!("{m} min"),
        (0, _, Lang::En) => format!("{s} s"),
        (_, _, Lang::En) => format!("{m} min {s} s"),
    }
}

/// How the teams meet their scenes and how long they prepare and perform, in one line.
fn drill_line(setup: &ContestSetup) -> String {
    let scenes = match (setup.scenes, lang()) {
        (Scenes::Same, Lang::Zh) => "每轮各组演同一个场景",
        (Scenes::PerTeam, Lang::Zh) => "各组演各自的场景（案例按顺序分给各组）",
        (Scenes::Same, Lang::En) => "every team plays the same scene each round",
        (Scenes::PerTeam, Lang::En) => "each team plays its own scene (cases dealt in order)",
    };
    let prepare = duration_words(setup.timers.preparation_secs);
    let perform = duration_words(setup.timers.performance_secs);
    tr!(
        "{scenes}；准备 {prepare}，表演 {perform}",
        "{scenes}; {prepare} to prepare, {perform} to perform"
    )
}

/// The red lines of a scoreboard row, saying how many turns crossed one and what that cost.
fn red_line_cell(setup: &ContestSetup, row: &crate::competition::TeamStanding) -> String {
    let (count, turns) = (row.red_lines, row.red_line_turns);
    if turns == 0 {
        return count.to_string();
    }
    match (setup.red_line_penalty, lang()) {
        (RedLinePenalty::ZeroPoints, Lang::Zh) => format!("{count}（{turns} 轮不计案例得分）"),
        (RedLinePenalty::Deduct(n), Lang::Zh) => format!("{count}（{turns} 轮各扣 {n} 分）"),
        (RedLinePenalty::ZeroPoints, Lang::En) => {
            format!("{count} (turns with no case points: {turns})")
        }
        (RedLinePenalty::Deduct(n), Lang::En) => format!("{count} (turns −{n} each: {turns})"),
    }
}

/// The standings as a table for the terminal, with the ranking rule above it and the
/// observers' checklists and comments below.
pub fn scoreboard_text(setup: &ContestSetup, board: &Scoreboard) -> String {
    let red_line = match (setup.red_line_penalty, lang()) {
        (RedLinePenalty::ZeroPoints, Lang::Zh) => "触犯红线的一轮不计案例得分".to_owned(),
        (RedLinePenalty::Deduct(n), Lang::Zh) => format!("触犯红线的一轮扣 {n} 分"),
        (RedLinePenalty::ZeroPoints, Lang::En) => {
            "a turn that crossed a red line scores no case points".to_owned()
        }
        (RedLinePenalty::Deduct(n), Lang::En) => {
            format!("a turn that crossed a red line loses {n} points")
        }
    };
    let (name, played, total) = (&setup.name, board.turns_played, board.turns_total);
    let drill = drill_line(setup);
    let mut out = tr!(
        "{name}  已演 {played}/{total} 轮次\n{drill}\n排名规则：总分高者先；同分比红线少；再比用时短；{red_line}。\n",
        "{name}  played {played}/{total} turns\n{drill}\nRanking: higher total first; on a tie fewer red lines; then less time; {red_line}.\n"
    );
    // the free points of contests scored before the checklist, only where there are some
    let free = board
        .standings
        .iter()
        .any(|row| row.observer_points != 0 || !row.comments.is_empty());
    let mut header: Vec<&str> = match lang() {
        Lang::Zh => vec!["名次", "小组", "案例得分", "观察员评分"],
        Lang::En => vec!["Rank", "Team", "Case points", "Observers"],
    };
    if free {
        header.push(match lang() {
            Lang::Zh => "观察员加减分",
            Lang::En => "Observer ±",
        });
    }
    header.extend(match lang() {
        Lang::Zh => ["总分", "红线", "用时", "各岗位得分"],
        Lang::En => ["Total", "Red lines", "Time", "By role"],
    });
    let header: Vec<String> = header.into_iter().map(str::to_owned).collect();
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
            let mut cells = vec![
                row.rank.to_string(),
                row.name.clone(),
                format!("{:.1}", row.case_points),
                format!("{:.1}", row.checklist_points),
            ];
            if free {
                cells.push(format!("{:+}", row.observer_points));
            }
            cells.extend([
                format!("{:.1}", row.total),
                red_line_cell(setup, row),
                format!("{:.1}s", row.time_ms as f64 / 1000.0),
                roles.join(match lang() {
                    Lang::Zh => "，",
                    Lang::En => ", ",
                }),
            ]);
            cells
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
    out.push_str(&observations_text(board));
    out
}

/// The observers' checklists of every turn (each turn's mean, each observer's marks and
/// comments) and the free points with their comments, team by team in rank order.
fn observations_text(board: &Scoreboard) -> String {
    let mut out = String::new();
    for row in &board.standings {
        for turn in &row.observations {
            let (team, round, n, points) =
                (&row.name, turn.round + 1, turn.sheets.len(), turn.points);
            out.push_str(&tr!(
                "  {team} · 第 {round} 轮：观察员评分 {points:.1}（{n} 位观察员的平均）\n",
                "  {team} · round {round}: observers {points:.1} (the mean of {n})\n"
            ));
            for sheet in &turn.sheets {
                let text = crate::export::sheet_marks_text(sheet, lang());
                out.push_str(&format!("    {text}\n"));
            }
        }
        for c in &row.comments {
            let (team, round, points, comment) = (&row.name, c.round + 1, c.points, &c.comment);
            out.push_str(&match (comment.is_empty(), lang()) {
                (true, Lang::Zh) => format!("  {team} · 第 {round} 轮：观察员加减分 {points:+}\n"),
                (false, Lang::Zh) => {
                    format!("  {team} · 第 {round} 轮：观察员加减分 {points:+}，{comment}\n")
                }
                (true, Lang::En) => format!("  {team} · round {round}: observers {points:+}\n"),
                (false, Lang::En) => {
                    format!("  {team} · round {round}: observers {points:+}, {comment}\n")
                }
            });
        }
    }
    if out.is_empty() {
        return out;
    }
    tr!(
        "\n观察员评分与评语：\n{out}",
        "\nObservers' scores and comments:\n{out}"
    )
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
    let scenes = setup.scene_table();
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
        let case_id = &scenes[turn.round][turn.team];
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
    let (teams, rounds) = (info.setup.teams.len(), info.setup.round_count());
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

/// What `contest observe` was given.
struct Observation<'a> {
    round: usize,
    team: &'a str,
    observer: Option<&'a str>,
    items: &'a [String],
}

/// The team a trainer named: its number from 1 or its name.
fn team_index(setup: &ContestSetup, given: &str) -> Option<usize> {
    let given = given.trim();
    match given.parse::<usize>() {
        Ok(n) if (1..=setup.teams.len()).contains(&n) => Some(n - 1),
        _ => setup.teams.iter().position(|t| t.name == given),
    }
}

/// One `--item`: the item (its number from 1, or its title in either language, or its key),
/// `=`, the mark, then an optional comment after a space or a colon.
fn parse_item(
    checklist: &crate::scenario::catalogue::ObserverChecklist,
    given: &str,
) -> Result<(usize, u8, String), String> {
    let Some((item, rest)) = given.split_once(['=', '＝']) else {
        return Err(tr!(
            "“{given}”要写成“评分项=分数”，例如 礼仪与仪容=2",
            "“{given}” must read “item=mark”, e.g. 1=2"
        ));
    };
    let item = item.trim();
    let index = match item.parse::<usize>() {
        Ok(n) if (1..=checklist.items.len()).contains(&n) => Some(n - 1),
        _ => checklist
            .items
            .iter()
            .position(|i| i.title == item || i.title_en.eq_ignore_ascii_case(item) || i.id == item),
    };
    let Some(index) = index else {
        return Err(tr!(
            "评分表里没有“{item}”（不带 --item 运行可列出各项）",
            "The checklist has no item “{item}” (run without --item to list them)"
        ));
    };
    let rest = rest.trim_start();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let Ok(mark) = rest[..digits].parse::<u8>() else {
        return Err(tr!(
            "“{given}”的分数要写 0、1 或 2",
            "The mark in “{given}” must be 0, 1 or 2"
        ));
    };
    let comment = rest[digits..]
        .trim_start_matches([' ', ':', '：', ',', '，', '\u{3000}'])
        .trim()
        .to_owned();
    Ok((index, mark, comment))
}

/// The checklist of a turn: the case's own items, or those of `rules.ron`.
fn turn_checklist(
    cases: &[std::sync::Arc<crate::scenario::Case>],
    setup: &ContestSetup,
    turn: Turn,
) -> (
    crate::scenario::catalogue::ObserverChecklist,
    Option<String>,
) {
    let case_id = setup.case_of(turn);
    match cases
        .iter()
        .find(|c| Some(&c.scenario.id) == case_id.as_ref())
    {
        Some(case) => (case.checklist(), Some(case.scenario.title.clone())),
        None => {
            let catalogue = cases
                .first()
                .map(|c| c.catalogue.clone())
                .unwrap_or_else(crate::scenario::bundled_catalogue);
            (catalogue.checklist().into_owned(), None)
        }
    }
}

fn observe(
    store: &mut Store,
    cases: Option<PathBuf>,
    info: &CompetitionInfo,
    given: Observation,
) -> ExitCode {
    let setup = &info.setup;
    let rounds = setup.round_count();
    if given.round == 0 || given.round > rounds {
        eprintln!(
            "{}",
            tr!(
                "轮次要在 1 到 {rounds} 之间",
                "The round must be from 1 to {rounds}"
            )
        );
        return ExitCode::from(2);
    }
    let Some(team) = team_index(setup, given.team) else {
        let (teams, name) = (setup.teams.len(), given.team);
        eprintln!(
            "{}",
            tr!(
                "没有小组“{name}”：写小组名称，或 1 到 {teams} 的序号",
                "There is no team “{name}”: give its name or a number from 1 to {teams}"
            )
        );
        return ExitCode::from(2);
    };
    let turn = Turn {
        round: given.round - 1,
        team,
    };
    let cases = playable_cases(cases);
    let (checklist, title) = turn_checklist(&cases, setup, turn);
    let team_name = &setup.teams[team].name;
    if given.items.is_empty() {
        out!(
            "{}",
            checklist_text(&checklist, turn, team_name, title.as_deref())
        );
        return ExitCode::SUCCESS;
    }
    let Some(observer) = given.observer else {
        eprintln!(
            "{}",
            tr!(
                "请用 --observer 写上观察员的名字",
                "Name the observer with --observer"
            )
        );
        return ExitCode::from(2);
    };
    let mut marks = Vec::with_capacity(given.items.len());
    for item in given.items {
        match parse_item(&checklist, item) {
            Ok(mark) => marks.push(mark),
            Err(why) => {
                eprintln!("{why}");
                return ExitCode::from(2);
            }
        }
    }
    let sheet = match ObserverSheet::fill(&checklist, team, turn.round, observer, &marks) {
        Ok(sheet) => sheet,
        Err(e) => {
            let titles: Vec<&str> = checklist.items.iter().map(|i| i.title_in(lang())).collect();
            eprintln!("{}", words().errors.sheet(&e, &titles));
            return ExitCode::from(2);
        }
    };
    if let Err(e) = store.add_observer_sheet(info.id, &sheet) {
        eprintln!("{}", words().errors.store(&e));
        return ExitCode::from(1);
    }
    let sheets: Vec<ObserverSheet> = match store.observer_sheets(info.id) {
        Ok(all) => all
            .into_iter()
            .filter(|s| s.team == team && s.round == turn.round)
            .collect(),
        Err(e) => {
            eprintln!("{}", words().errors.store(&e));
            return ExitCode::from(1);
        }
    };
    let (observer, points, round) = (&sheet.observer, sheet.points, given.round);
    let (n, mean) = (sheets.len(), crate::competition::observer_mean(&sheets));
    outln!(
        "{}",
        tr!(
            "已记下{observer}对{team_name}第 {round} 轮的评分：{points:.1} 分；这一轮 {n} 位观察员，平均 {mean:.1} 分",
            "Recorded {observer}'s checklist for {team_name}, round {round}: {points:.1}; this turn has {n} observers, mean {mean:.1}"
        )
    );
    ExitCode::SUCCESS
}

/// The checklist of a turn for the observers: each item with what earns the full mark, and
/// what a mark is worth.
fn checklist_text(
    checklist: &crate::scenario::catalogue::ObserverChecklist,
    turn: Turn,
    team: &str,
    case: Option<&str>,
) -> String {
    let round = turn.round + 1;
    let (per, max) = (checklist.points_per_mark, checklist.max_points());
    let mut out = match case {
        Some(case) => tr!(
            "观察评分表：第 {round} 轮 · {team} · {case}\n",
            "Observer checklist: round {round} · {team} · {case}\n"
        ),
        None => tr!(
            "观察评分表：第 {round} 轮 · {team}\n",
            "Observer checklist: round {round} · {team}\n"
        ),
    };
    out.push_str(&tr!(
        "每项打 0、1 或 2 分（没做到、部分做到、做得好），可附一句评语；每分折合 {per} 分，一位观察员最多给 {max:.1} 分；几位观察员的平均分计入总分。\n",
        "Mark each item 0, 1 or 2 (not done, partly, done well), with a comment if you like; each mark is worth {per} points, at most {max:.1} from one observer; the observers' mean counts in the total.\n"
    ));
    for (i, item) in checklist.items.iter().enumerate() {
        let (n, title, about) = (i + 1, item.title_in(lang()), item.about_in(lang()));
        out.push_str(&match (about.is_empty(), lang()) {
            (true, _) => format!("  {n}. {title}\n"),
            (false, Lang::Zh) => format!("  {n}. {title}：{about}\n"),
            (false, Lang::En) => format!("  {n}. {title}: {about}\n"),
        });
    }
    let first = checklist
        .items
        .first()
        .map(|i| i.title_in(lang()).to_owned())
        .unwrap_or_default();
    out.push_str(&tr!(
        "记分：liandong contest observe 比赛名称 --round {round} --team {team} --observer 观察员 --item \"{first}=2 评语\" …\n",
        "To score: liandong contest observe CONTEST --round {round} --team {team} --observer NAME --item \"{first}=2 comment\" …\n"
    ));
    out
}
