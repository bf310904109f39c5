//! Group competitions (分组PK): the setup a trainer makes, the order of turns, who acts which
//! role, and the scoreboard. Pure: the store keeps the turns, the app and CLI play them.

mod scoreboard;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

pub use scoreboard::{ObserverPoints, RoleScore, Scoreboard, TeamStanding, TurnResult};

use crate::scenario::Case;
use crate::scenario::model::Role;

pub const MIN_TEAMS: usize = 2;
pub const MAX_TEAMS: usize = 12;
pub const MAX_MEMBERS: usize = 8;

/// Which case each round plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseOrder {
    /// In the order the trainer listed them.
    InOrder,
    /// Drawn by lot from the trainer's list, with the contest seed (the same draw on resume).
    Drawn,
}

/// How members are matched to roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoleAssignment {
    /// Member 1 always takes the first role of a case, member 2 the second, and so on.
    Fixed,
    /// Each round the roles move one member on, so everyone plays every position.
    Rotating,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSetup {
    pub name: String,
    pub members: Vec<String>,
}

/// Everything a trainer decides before a contest starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContestSetup {
    pub name: String,
    pub teams: Vec<TeamSetup>,
    /// Case ids, one per round.
    pub cases: Vec<String>,
    pub case_order: CaseOrder,
    pub roles: RoleAssignment,
    /// One seed for every team, so every team meets the same customer.
    pub seed: u64,
    /// Seconds allowed per decision; a late answer scores nothing.
    #[serde(default)]
    pub decision_limit_secs: Option<u32>,
    /// How many teams stand on the podium.
    #[serde(default = "default_podium")]
    pub podium: usize,
}

fn default_podium() -> usize {
    3
}

/// What is wrong with a setup, in words for the trainer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupError(pub String);

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SetupError {}

/// One team's performance of one round's case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Turn {
    pub round: usize,
    pub team: usize,
}

impl ContestSetup {
    /// Checks the limits a trainer can break; `known_case` says whether a case id exists.
    pub fn check(&self, known_case: impl Fn(&str) -> bool) -> Result<(), SetupError> {
        let fail = |m: String| Err(SetupError(m));
        if self.name.trim().is_empty() {
            return fail("比赛需要一个名称".into());
        }
        if !(MIN_TEAMS..=MAX_TEAMS).contains(&self.teams.len()) {
            return fail(format!(
                "需要 {MIN_TEAMS} 到 {MAX_TEAMS} 个小组，现在是 {} 个",
                self.teams.len()
            ));
        }
        for (i, team) in self.teams.iter().enumerate() {
            if team.name.trim().is_empty() {
                return fail(format!("第 {} 组没有名称", i + 1));
            }
            if self.teams[..i].iter().any(|t| t.name == team.name) {
                return fail(format!("小组名称“{}”重复了", team.name));
            }
            if team.members.is_empty() || team.members.len() > MAX_MEMBERS {
                return fail(format!(
                    "“{}”需要 1 到 {MAX_MEMBERS} 名组员，现在是 {} 名",
                    team.name,
                    team.members.len()
                ));
            }
            if team.members.iter().any(|m| m.trim().is_empty()) {
                return fail(format!("“{}”有组员没有名字", team.name));
            }
        }
        if self.cases.is_empty() {
            return fail("至少选一个案例".into());
        }
        if let Some(missing) = self.cases.iter().find(|c| !known_case(c)) {
            return fail(format!("案例库里没有案例 {missing}"));
        }
        if self.podium == 0 {
            return fail("领奖台至少要有 1 个名次".into());
        }
        Ok(())
    }

    /// The case id of each round: the trainer's order, or drawn with the contest seed.
    pub fn rounds(&self) -> Vec<String> {
        let mut cases = self.cases.clone();
        if self.case_order == CaseOrder::Drawn {
            let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(self.seed);
            cases.shuffle(&mut rng);
        }
        cases
    }

    /// Every turn in playing order: round by round, each team in turn.
    pub fn turns(&self) -> Vec<Turn> {
        (0..self.cases.len())
            .flat_map(|round| (0..self.teams.len()).map(move |team| Turn { round, team }))
            .collect()
    }

    /// The first turn not yet played, or `None` when the contest is over.
    pub fn next_turn(&self, played: &[Turn]) -> Option<Turn> {
        self.turns().into_iter().find(|t| !played.contains(t))
    }

    /// The member who acts `role` for `team` in `round` of a case whose roles, in stage
    /// order, are `case_roles`.
    pub fn member_for(&self, team: usize, round: usize, case_roles: &[Role], role: Role) -> &str {
        let members = &self.teams[team].members;
        let position = case_roles.iter().position(|r| *r == role).unwrap_or(0);
        let shift = match self.roles {
            RoleAssignment::Fixed => 0,
            RoleAssignment::Rotating => round,
        };
        &members[(position + shift) % members.len()]
    }

    /// Who acts which role in this turn, in stage order.
    pub fn lineup(&self, turn: Turn, case: &Case) -> Vec<(Role, String)> {
        let roles = case_roles(case);
        roles
            .iter()
            .map(|role| {
                (
                    *role,
                    self.member_for(turn.team, turn.round, &roles, *role)
                        .to_owned(),
                )
            })
            .collect()
    }
}

/// The roles a case names, each once, in stage order.
pub fn case_roles(case: &Case) -> Vec<Role> {
    let mut roles = Vec::new();
    for stage in &case.scenario.stages {
        if !roles.contains(&stage.role) {
            roles.push(stage.role);
        }
    }
    roles
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(teams: usize, members: usize) -> ContestSetup {
        ContestSetup {
            name: "春季PK".into(),
            teams: (1..=teams)
                .map(|t| TeamSetup {
                    name: format!("第{t}组"),
                    members: (1..=members).map(|m| format!("{t}-{m}")).collect(),
                })
                .collect(),
            cases: vec!["a".into(), "b".into(), "c".into()],
            case_order: CaseOrder::InOrder,
            roles: RoleAssignment::Rotating,
            seed: 7,
            decision_limit_secs: None,
            podium: 3,
        }
    }

    #[test]
    fn limits_are_checked() {
        assert!(setup(2, 1).check(|_| true).is_ok());
        assert!(setup(1, 1).check(|_| true).is_err());
        assert!(setup(13, 1).check(|_| true).is_err());
        assert!(setup(3, 0).check(|_| true).is_err());
        assert!(setup(3, 2).check(|c| c != "b").is_err());
    }

    #[test]
    fn next_turn_resumes_where_play_stopped() {
        let s = setup(3, 2);
        let turns = s.turns();
        assert_eq!(turns.len(), 9);
        assert_eq!(s.next_turn(&turns[..4]), Some(Turn { round: 1, team: 1 }));
        assert_eq!(s.next_turn(&turns), None);
    }

    #[test]
    fn drawn_order_is_a_stable_permutation() {
        let mut s = setup(2, 1);
        s.case_order = CaseOrder::Drawn;
        let mut drawn = s.rounds();
        assert_eq!(drawn, s.rounds());
        drawn.sort();
        assert_eq!(drawn, s.cases);
    }

    #[test]
    fn rotating_roles_move_one_member_on_each_round() {
        let s = setup(2, 3);
        let roles = [Role::Teller, Role::LobbyManager, Role::WealthManager];
        assert_eq!(s.member_for(0, 0, &roles, Role::Teller), "1-1");
        assert_eq!(s.member_for(0, 1, &roles, Role::Teller), "1-2");
        assert_eq!(s.member_for(0, 1, &roles, Role::WealthManager), "1-1");
        let mut fixed = s.clone();
        fixed.roles = RoleAssignment::Fixed;
        assert_eq!(fixed.member_for(1, 2, &roles, Role::LobbyManager), "2-2");
    }
}
