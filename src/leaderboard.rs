//! The referral points leaderboard (转介积分排行榜): every trainee's referral points over a
//! period, from their practice runs (the roles they played) and the contest turns they took
//! part in (the roles they acted), with the runs and the points per role.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::lang::Names;
use crate::playthrough::RoleChoice;
use crate::scenario::model::Role;
use crate::scoring::round1;
use crate::store::{GUEST, RunMode, RunSummary};

/// The leaderboard, best first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leaderboard {
    /// The start of the period (none: every run).
    pub since: Option<DateTime<Utc>>,
    pub rows: Vec<LeaderRow>,
    /// The points table's note (that the numbers are illustrative, for the bundled one).
    pub note: String,
}

/// One trainee's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeaderRow {
    /// Equal points share a rank (1, 1, 3).
    pub rank: usize,
    pub trainee: String,
    pub points: f64,
    /// Runs and contest turns in the period, with or without points.
    pub runs: usize,
    /// Points and runs per role acted, in the order of the roles.
    pub roles: Vec<RoleTally>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleTally {
    pub role: Role,
    pub role_label: String,
    pub points: f64,
    pub runs: usize,
}

/// Who earned which role's points in one run: the trainee for the roles they played; in a
/// contest turn each member for the roles they acted.
fn earners(run: &RunSummary) -> Vec<(String, Vec<Role>)> {
    if run.mode == RunMode::Competition {
        let mut members: Vec<(String, Vec<Role>)> = Vec::new();
        for (role, member) in &run.lineup {
            match members.iter_mut().find(|(name, _)| name == member) {
                Some((_, roles)) => roles.push(*role),
                None => members.push((member.clone(), vec![*role])),
            }
        }
        return members;
    }
    let played = RoleChoice::from_label(&run.role);
    let roles = run
        .referral
        .iter()
        .map(|(role, _)| *role)
        .filter(|role| played.as_ref().is_some_and(|p| p.plays(*role)))
        .collect();
    vec![(run.trainee.clone(), roles)]
}

/// The leaderboard of `runs` finished at or after `since`. Runs saved without a sign-in (the
/// guest's) belong to nobody and are left out.
pub fn leaderboard(
    runs: &[RunSummary],
    since: Option<DateTime<Utc>>,
    note: &str,
    names: &Names,
) -> Leaderboard {
    let mut rows: Vec<LeaderRow> = Vec::new();
    for run in runs
        .iter()
        .filter(|r| since.is_none_or(|t| r.finished_at >= t))
    {
        for (name, roles) in earners(run) {
            if run.mode == RunMode::Practice && name == GUEST {
                continue;
            }
            let row = match rows.iter().position(|r| r.trainee == name) {
                Some(i) => &mut rows[i],
                None => {
                    rows.push(LeaderRow {
                        rank: 0,
                        trainee: name,
                        points: 0.0,
                        runs: 0,
                        roles: Vec::new(),
                    });
                    rows.last_mut().expect("just pushed")
                }
            };
            row.runs += 1;
            for role in roles {
                let points: f64 = run
                    .referral
                    .iter()
                    .filter(|(r, _)| *r == role)
                    .map(|(_, p)| p)
                    .sum();
                row.points += points;
                match row.roles.iter_mut().find(|t| t.role == role) {
                    Some(tally) => {
                        tally.points += points;
                        tally.runs += 1;
                    }
                    None => row.roles.push(RoleTally {
                        role,
                        role_label: names.role(role).to_owned(),
                        points,
                        runs: 1,
                    }),
                }
            }
        }
    }
    for row in &mut rows {
        row.points = round1(row.points);
        row.roles.sort_by_key(|t| t.role);
        for tally in &mut row.roles {
            tally.points = round1(tally.points);
        }
    }
    // most points first; then fewer runs (the same points in fewer tries), then the name
    rows.sort_by(|a, b| {
        b.points
            .total_cmp(&a.points)
            .then(a.runs.cmp(&b.runs))
            .then(a.trainee.cmp(&b.trainee))
    });
    let mut rank = 0;
    let mut previous = None;
    for (i, row) in rows.iter_mut().enumerate() {
        if previous != Some(row.points) {
            rank = i + 1;
            previous = Some(row.points);
        }
        row.rank = rank;
    }
    Leaderboard {
        since,
        rows,
        note: note.to_owned(),
    }
}
