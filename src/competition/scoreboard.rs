//! The scoreboard: case points plus observer points per team (a turn that crossed a red line
//! scores 0 case points, or a fixed deduction if the setup says so), ranked by total, then fewer
//! red lines, then less time; with a per-role breakdown so a weak link is not hidden by an average.
//! Observer points are the mean of the observers' checklist totals per turn, plus the free
//! points of contests scored before the checklist (kept as they were entered).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::drill::{ObserverSheet, TurnObservation, observer_mean};
use super::{ContestSetup, Turn};
use crate::scenario::model::Role;

/// What a role earned in one turn (or summed over turns).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RoleScore {
    pub role: Role,
    pub earned: f64,
    pub max: f64,
}

impl RoleScore {
    /// 0–100, or `None` when the role had nothing to decide.
    pub fn percent(&self) -> Option<f64> {
        (self.max > 0.0).then(|| crate::scoring::round1(100.0 * self.earned / self.max))
    }
}

/// One finished turn as the scoreboard needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnResult {
    pub turn: Turn,
    /// The case total, 0–100.
    pub total: f64,
    pub red_lines: usize,
    /// Time spent deciding, summed over the decisions.
    pub time_ms: u64,
    pub passed: bool,
    pub roles: Vec<RoleScore>,
}

/// Points the room's observers add or take away after a performance, with their reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObserverPoints {
    pub team: usize,
    pub round: usize,
    pub points: i32,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamStanding {
    pub team: usize,
    pub name: String,
    /// 1 for the leader; teams tied on every rule share a rank.
    pub rank: usize,
    pub case_points: f64,
    /// Free points observers added or took away (contests scored before the checklist).
    pub observer_points: i32,
    /// The observers' checklist points: per turn the mean of its observers' totals, summed.
    #[serde(default)]
    pub checklist_points: f64,
    /// Case points + free observer points + checklist points.
    pub total: f64,
    pub red_lines: usize,
    /// The turns that crossed a red line (and so scored as the setup's penalty says).
    #[serde(default)]
    pub red_line_turns: usize,
    pub time_ms: u64,
    pub turns_played: usize,
    pub passed: usize,
    /// Score per role over every turn played, in the order roles first appear.
    pub roles: Vec<RoleScore>,
    pub comments: Vec<ObserverPoints>,
    /// The observers' checklists per turn, by round, with each turn's mean.
    #[serde(default)]
    pub observations: Vec<TurnObservation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scoreboard {
    pub standings: Vec<TeamStanding>,
    pub turns_played: usize,
    pub turns_total: usize,
}

impl Scoreboard {
    /// The scoreboard without checklists (see [`Scoreboard::build_with_sheets`]).
    pub fn build(
        setup: &ContestSetup,
        results: &[TurnResult],
        observers: &[ObserverPoints],
    ) -> Scoreboard {
        Scoreboard::build_with_sheets(setup, results, observers, &[])
    }

    /// The scoreboard of the turns played, the free observer points and the observers'
    /// checklists (a turn's checklist points are the mean of its observers' totals).
    pub fn build_with_sheets(
        setup: &ContestSetup,
        results: &[TurnResult],
        observers: &[ObserverPoints],
        sheets: &[ObserverSheet],
    ) -> Scoreboard {
        let mut standings: Vec<TeamStanding> = setup
            .teams
            .iter()
            .enumerate()
            .map(|(team, t)| TeamStanding {
                team,
                name: t.name.clone(),
                rank: 0,
                case_points: 0.0,
                observer_points: 0,
                checklist_points: 0.0,
                total: 0.0,
                red_lines: 0,
                red_line_turns: 0,
                time_ms: 0,
                turns_played: 0,
                passed: 0,
                roles: Vec::new(),
                comments: Vec::new(),
                observations: Vec::new(),
            })
            .collect();
        let mut role_sums: Vec<BTreeMap<Role, (usize, RoleScore)>> =
            vec![BTreeMap::new(); standings.len()];
        for result in results {
            let Some(row) = standings.get_mut(result.turn.team) else {
                continue;
            };
            // a red line fails the case: the turn scores as the setup says (0 by default)
            row.case_points += setup.red_line_penalty.apply(result.total, result.red_lines);
            row.red_lines += result.red_lines;
            row.red_line_turns += usize::from(result.red_lines > 0);
            row.time_ms += result.time_ms;
            row.turns_played += 1;
            row.passed += usize::from(result.passed);
            let sums = &mut role_sums[result.turn.team];
            for score in &result.roles {
                let first_seen = sums.len();
                let entry = sums.entry(score.role).or_insert((
                    first_seen,
                    RoleScore {
                        role: score.role,
                        earned: 0.0,
                        max: 0.0,
                    },
                ));
                entry.1.earned += score.earned;
                entry.1.max += score.max;
            }
        }
        for points in observers {
            if let Some(row) = standings.get_mut(points.team) {
                row.observer_points += points.points;
                row.comments.push(points.clone());
            }
        }
        for sheet in sheets {
            let Some(row) = standings.get_mut(sheet.team) else {
                continue;
            };
            match row.observations.iter_mut().find(|o| o.round == sheet.round) {
                Some(turn) => turn.sheets.push(sheet.clone()),
                None => row.observations.push(TurnObservation {
                    round: sheet.round,
                    sheets: vec![sheet.clone()],
                    points: 0.0,
                }),
            }
        }
        for (row, sums) in standings.iter_mut().zip(role_sums) {
            row.observations.sort_by_key(|o| o.round);
            for turn in &mut row.observations {
                turn.points = observer_mean(&turn.sheets);
            }
            row.checklist_points =
                crate::scoring::round1(row.observations.iter().fold(0.0, |sum, o| sum + o.points));
            row.case_points = crate::scoring::round1(row.case_points);
            row.total = crate::scoring::round1(
                row.case_points + f64::from(row.observer_points) + row.checklist_points,
            );
            let mut roles: Vec<(usize, RoleScore)> = sums.into_values().collect();
            roles.sort_by_key(|(order, _)| *order);
            row.roles = roles.into_iter().map(|(_, s)| s).collect();
        }
        standings.sort_by(|a, b| {
            b.total
                .total_cmp(&a.total)
                .then(a.red_lines.cmp(&b.red_lines))
                .then(a.time_ms.cmp(&b.time_ms))
                .then(a.team.cmp(&b.team))
        });
        for i in 0..standings.len() {
            standings[i].rank = if i > 0 && ties(&standings[i - 1], &standings[i]) {
                standings[i - 1].rank
            } else {
                i + 1
            };
        }
        Scoreboard {
            standings,
            turns_played: results.len(),
            turns_total: setup.turns().len(),
        }
    }

    /// The teams on the podium: ranks 1..=places (ties may put more teams on it).
    pub fn podium(&self, places: usize) -> Vec<&TeamStanding> {
        self.standings.iter().filter(|s| s.rank <= places).collect()
    }

    pub fn is_complete(&self) -> bool {
        self.turns_played >= self.turns_total
    }
}

fn ties(a: &TeamStanding, b: &TeamStanding) -> bool {
    a.total == b.total && a.red_lines == b.red_lines && a.time_ms == b.time_ms
}

#[cfg(test)]
mod tests {
    use super::super::{CaseOrder, RoleAssignment, TeamSetup};
    use super::*;

    fn setup() -> ContestSetup {
        ContestSetup {
            name: "PK".into(),
            teams: ["甲", "乙", "丙"]
                .iter()
                .map(|n| TeamSetup {
                    name: (*n).into(),
                    members: vec!["a".into()],
                })
                .collect(),
            cases: vec!["x".into()],
            case_order: CaseOrder::InOrder,
            roles: RoleAssignment::Fixed,
            seed: 1,
            decision_limit_secs: None,
            podium: 3,
            red_line_penalty: super::super::RedLinePenalty::default(),
            scenes: super::super::Scenes::Same,
            timers: super::super::DrillTimers::default(),
        }
    }

    fn result(team: usize, total: f64, red_lines: usize, time_ms: u64) -> TurnResult {
        TurnResult {
            turn: Turn { round: 0, team },
            total,
            red_lines,
            time_ms,
            passed: red_lines == 0,
            roles: vec![
                RoleScore {
                    role: Role::Teller,
                    earned: total / 10.0,
                    max: 10.0,
                },
                RoleScore {
                    role: Role::LobbyManager,
                    earned: 5.0,
                    max: 10.0,
                },
            ],
        }
    }

    #[test]
    fn ranks_by_total_then_red_lines_then_time() {
        let results = [
            result(0, 80.0, 1, 1000),
            result(1, 80.0, 0, 9000),
            result(2, 80.0, 0, 5000),
        ];
        let board = Scoreboard::build(&setup(), &results, &[]);
        let order: Vec<&str> = board.standings.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(order, ["丙", "乙", "甲"]);
        assert_eq!(board.standings[0].rank, 1);
        assert!(board.is_complete());
    }

    #[test]
    fn a_red_line_turn_scores_nothing_and_ranks_below_a_clean_one() {
        // 城东 91.4 with a red line, 高新区 81.7 without: the red line fails the case
        let results = [result(0, 91.4, 1, 1000), result(1, 81.7, 0, 1000)];
        let board = Scoreboard::build(&setup(), &results, &[]);
        assert_eq!(board.standings[0].name, "乙");
        assert_eq!(board.standings[0].case_points, 81.7);
        let red = board.standings.iter().find(|s| s.name == "甲").unwrap();
        assert_eq!((red.case_points, red.red_lines), (0.0, 1));
        // a setup may deduct a fixed number of points instead
        let mut deducting = setup();
        deducting.red_line_penalty = super::super::RedLinePenalty::Deduct(20);
        let board = Scoreboard::build(&deducting, &results, &[]);
        assert_eq!(board.standings[0].name, "乙");
        let red = board.standings.iter().find(|s| s.name == "甲").unwrap();
        assert_eq!(red.case_points, 71.4);
    }

    #[test]
    fn observer_points_count_in_the_total_but_stay_separate() {
        let results = [result(0, 70.0, 0, 1), result(1, 72.0, 0, 1)];
        let observers = [ObserverPoints {
            team: 0,
            round: 0,
            points: 5,
            comment: "礼仪到位".into(),
        }];
        let board = Scoreboard::build(&setup(), &results, &observers);
        let first = &board.standings[0];
        assert_eq!(first.name, "甲");
        assert_eq!(
            (first.case_points, first.observer_points, first.total),
            (70.0, 5, 75.0)
        );
        assert_eq!(first.roles[0].role, Role::Teller);
        assert_eq!(first.roles[0].percent(), Some(70.0));
    }

    #[test]
    fn full_ties_share_a_rank() {
        let results = [result(0, 60.0, 0, 10), result(1, 60.0, 0, 10)];
        let board = Scoreboard::build(&setup(), &results, &[]);
        assert_eq!(board.standings[0].rank, 1);
        assert_eq!(board.standings[1].rank, 1);
        assert_eq!(board.standings[2].rank, 3);
        assert_eq!(board.podium(1).len(), 2);
        assert!(!board.is_complete());
    }
}
