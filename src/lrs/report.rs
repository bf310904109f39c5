//! A head office's view over the statements of every room in one learning record store: a
//! leaderboard across rooms and branches, and the rules most missed.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::export::xapi;

/// Which statements count.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    /// Runs finished at or after this.
    pub since: Option<DateTime<Utc>>,
    /// Only this branch's trainees (the branch as typed).
    pub branch: Option<String>,
    /// Only this contest's turns (its name).
    pub competition: Option<String>,
}

/// One person's line of the leaderboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    pub rank: usize,
    /// The name they go by.
    pub name: String,
    /// Their staff number, when they have one.
    pub staff_no: Option<String>,
    /// Their branch, as last given.
    pub branch: Option<String>,
    pub runs: usize,
    pub passed: usize,
    /// The mean of their totals (0–100), one decimal.
    pub average: f64,
    pub best: f64,
    pub red_lines: u64,
    pub referral_points: f64,
}

/// A rule and how often it was missed, across the runs counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissedRule {
    /// The rule's id in the case catalogue (the interface shows its title).
    pub rule: String,
    pub misses: usize,
    /// In how many runs.
    pub runs: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadOfficeReport {
    /// Statements counted (one per person per run).
    pub statements: usize,
    /// Runs counted (a contest turn is one run, however many members it had).
    pub runs: usize,
    /// Branches seen.
    pub branches: Vec<String>,
    /// Best average first; then more runs passed, fewer red lines.
    pub leaderboard: Vec<Standing>,
    /// Most missed first.
    pub missed: Vec<MissedRule>,
}

/// The report over `statements` (as an LRS returns them) that match `filter`. Statements that
/// are not liandong's "completed" ones are left out.
pub fn build(statements: &[Value], filter: &ReportFilter) -> HeadOfficeReport {
    #[derive(Default)]
    struct Person {
        name: String,
        staff_no: Option<String>,
        branch: Option<(DateTime<Utc>, String)>,
        totals: Vec<f64>,
        passed: usize,
        red_lines: u64,
        referral_points: f64,
    }
    let mut people: HashMap<(String, String), Person> = HashMap::new();
    let mut runs_seen: HashSet<String> = HashSet::new();
    let mut missed: HashMap<String, (usize, usize)> = HashMap::new();
    let mut branches: Vec<String> = Vec::new();
    let mut counted = 0;
    for statement in statements {
        if statement["verb"]["id"] != xapi::VERB_COMPLETED {
            continue;
        }
        let extensions = &statement["context"]["extensions"];
        let text = |key: &str| extensions[key].as_str().map(str::to_owned);
        let branch = text(xapi::EXTENSION_BRANCH);
        let competition = text(xapi::EXTENSION_COMPETITION);
        let at = statement["timestamp"]
            .as_str()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc));
        if filter
            .since
            .is_some_and(|since| at.is_none_or(|at| at < since))
            || filter
                .branch
                .as_ref()
                .is_some_and(|b| branch.as_deref() != Some(b.as_str()))
            || filter
                .competition
                .as_ref()
                .is_some_and(|c| competition.as_deref() != Some(c.as_str()))
        {
            continue;
        }
        let actor = &statement["actor"];
        let account = (
            actor["account"]["homePage"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            actor["account"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
        let name = actor["name"].as_str().unwrap_or(&account.1).to_owned();
        counted += 1;
        let person = people.entry(account.clone()).or_default();
        person.name = name.clone();
        if account.1 != name {
            person.staff_no = Some(account.1.clone());
        }
        if let Some(branch) = &branch {
            if !branches.contains(branch) {
                branches.push(branch.clone());
            }
            let at = at.unwrap_or_default();
            if person.branch.as_ref().is_none_or(|(when, _)| *when <= at) {
                person.branch = Some((at, branch.clone()));
            }
        }
        let result = &statement["result"];
        person
            .totals
            .push(result["score"]["raw"].as_f64().unwrap_or_default());
        person.passed += usize::from(result["success"].as_bool().unwrap_or(false));
        let red_lines = extensions[xapi::EXTENSION_RED_LINES].as_u64().unwrap_or(0);
        person.red_lines += red_lines;
        person.referral_points += extensions[xapi::EXTENSION_REFERRAL_POINTS]
            .as_f64()
            .unwrap_or(0.0);
        // a contest turn has a statement per member: its missed rules count once
        let registration = statement["context"]["registration"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if runs_seen.insert(registration) {
            let rules: Vec<&str> = extensions[xapi::EXTENSION_MISSED_RULES]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|r| r["id"].as_str()?.strip_prefix(xapi::RULE_BASE))
                        .collect()
                })
                .unwrap_or_default();
            let mut in_run = HashSet::new();
            for rule in rules {
                let entry = missed.entry(rule.to_owned()).or_default();
                entry.0 += 1;
                if in_run.insert(rule) {
                    entry.1 += 1;
                }
            }
        }
    }
    let one_decimal = |x: f64| (x * 10.0).round() / 10.0;
    let mut leaderboard: Vec<Standing> = people
        .into_values()
        .map(|p| Standing {
            rank: 0,
            runs: p.totals.len(),
            average: one_decimal(p.totals.iter().sum::<f64>() / p.totals.len().max(1) as f64),
            best: p.totals.iter().copied().fold(0.0, f64::max),
            name: p.name,
            staff_no: p.staff_no,
            branch: p.branch.map(|(_, b)| b),
            passed: p.passed,
            red_lines: p.red_lines,
            referral_points: one_decimal(p.referral_points),
        })
        .collect();
    leaderboard.sort_by(|a, b| {
        b.average
            .total_cmp(&a.average)
            .then(b.passed.cmp(&a.passed))
            .then(a.red_lines.cmp(&b.red_lines))
            .then(a.name.cmp(&b.name))
            .then(a.staff_no.cmp(&b.staff_no))
    });
    for (i, standing) in leaderboard.iter_mut().enumerate() {
        standing.rank = i + 1;
    }
    let mut missed: Vec<MissedRule> = missed
        .into_iter()
        .map(|(rule, (misses, runs))| MissedRule { rule, misses, runs })
        .collect();
    missed.sort_by(|a, b| b.misses.cmp(&a.misses).then(a.rule.cmp(&b.rule)));
    HeadOfficeReport {
        statements: counted,
        runs: runs_seen.len(),
        branches,
        leaderboard,
        missed,
    }
}
