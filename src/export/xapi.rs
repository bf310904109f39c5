//! xAPI 1.0.3 statements for a learning-record store (LRS): one "completed" statement per
//! trainee per run, scored and timed, so a bank's learning platform can record the drills.
//!
//! Statement ids are derived from the run and the person (UUID v5), not drawn at random:
//! an LRS keeps statement ids unique, so sending the same export twice adds nothing.
//!
//! A person is an account at the bank's own home page (configurable: [`DEFAULT_HOME_PAGE`]
//! until set), named by their staff number (工号), or by their name when they have none. A
//! contest team is an account named by a short id made from the contest and team names
//! ([`team_id`]); Chinese names go in `name`, never inside an IRI (Learning Locker's IRI
//! check takes minutes over a long percent-encoded one).

use chrono::SecondsFormat;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::lang::{Lang, names};
use crate::scenario::model::Role;
use crate::store::{RunMode, RunSummary};

pub const VERSION: &str = "1.0.3";
pub const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
pub const ACTIVITY_SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";
/// Where our identifiers live. Not a real host: xAPI only needs IRIs we control and keep.
pub const BASE: &str = "https://liandong.local";
/// The home page of the accounts of trainees and teams until the bank sets its own
/// (`liandong lrs set … --home-page URL`).
pub const DEFAULT_HOME_PAGE: &str = "https://liandong.local";
/// The trainee's branch (网点), as typed.
pub const EXTENSION_BRANCH: &str = "https://liandong.local/xapi/branch";
/// The rules the run's decisions lost points against, once per miss, each as
/// `{"id": "https://liandong.local/rules/<rule id>"}`: what a head office's "rules most
/// missed" counts (and names by the rule's title in its own catalogue).
pub const EXTENSION_MISSED_RULES: &str = "https://liandong.local/xapi/missed-rules";
/// Where the IRIs of the catalogue's rules start.
pub const RULE_BASE: &str = "https://liandong.local/rules/";

/// The roles played, as a language map (`{"zh-CN": "大堂经理", "en-US": "Lobby manager"}`).
pub const EXTENSION_ROLE: &str = "https://liandong.local/xapi/role";
pub const EXTENSION_SEED: &str = "https://liandong.local/xapi/seed";
pub const EXTENSION_CASE_HASH: &str = "https://liandong.local/xapi/case-hash";
pub const EXTENSION_RED_LINES: &str = "https://liandong.local/xapi/red-lines";
pub const EXTENSION_COMPETITION: &str = "https://liandong.local/xapi/competition";
pub const EXTENSION_ROUND: &str = "https://liandong.local/xapi/round";
/// The referral points (转介积分) the actor earned in the run: a trainee's for the roles they
/// played, a contest member's for the roles they acted.
pub const EXTENSION_REFERRAL_POINTS: &str = "https://liandong.local/xapi/referral-points";
/// The roles this member acted in a competition turn (a member may act two), each a language
/// map like [`EXTENSION_ROLE`]'s.
pub const EXTENSION_ACTED_ROLES: &str = "https://liandong.local/xapi/acted-roles";

/// The namespace of statement ids: the UUID v5 of the URL "https://liandong.local/xapi" in
/// the standard URL namespace (a unit test checks this). Changing it would make every
/// statement already sent look new to an LRS.
pub const STATEMENT_NAMESPACE: Uuid = Uuid::from_u128(0x27c19d20_f797_5788_9ccb_daf1b2a413f7);

/// The statements for these runs, as a JSON array, in the order of the runs, with accounts
/// at [`DEFAULT_HOME_PAGE`].
pub fn statements(runs: &[RunSummary]) -> Value {
    statements_for(runs, DEFAULT_HOME_PAGE)
}

/// The statements for these runs, with accounts at `home_page`.
pub fn statements_for(runs: &[RunSummary], home_page: &str) -> Value {
    Value::Array(
        runs.iter()
            .flat_map(|run| run_statements(run, home_page))
            .collect(),
    )
}

/// [`statements`] pretty-printed, as written to a file.
pub fn statements_json(runs: &[RunSummary]) -> Vec<u8> {
    statements_json_for(runs, DEFAULT_HOME_PAGE)
}

/// [`statements_for`] pretty-printed, as written to a file.
pub fn statements_json_for(runs: &[RunSummary], home_page: &str) -> Vec<u8> {
    // a `Value` has only string keys, so serialising it cannot fail
    serde_json::to_vec_pretty(&statements_for(runs, home_page)).expect("a JSON value serialises")
}

/// A contest team's account name: "team-" and ten hex digits of the SHA-256 of the contest's
/// and the team's names. Short, ASCII and the same on every machine that runs the contest.
pub fn team_id(competition: &str, team: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{competition}\n{team}").as_bytes());
    let hex: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
    format!("team-{hex}")
}

/// An ISO 8601 duration as xAPI wants it: `PT1H2M3S`, `PT1M5.2S`, `PT0S`.
pub fn iso8601_duration(ms: u64) -> String {
    let hours = ms / 3_600_000;
    let minutes = ms / 60_000 % 60;
    let whole_seconds = ms / 1000 % 60;
    let millis = ms % 1000;
    let mut text = String::from("PT");
    if hours > 0 {
        text.push_str(&format!("{hours}H"));
    }
    if minutes > 0 {
        text.push_str(&format!("{minutes}M"));
    }
    // seconds are left out when zero, except that an empty "PT" is not a duration
    if whole_seconds > 0 || millis > 0 || text.len() == 2 {
        text.push_str(&whole_seconds.to_string());
        if millis > 0 {
            let fraction = format!("{millis:03}");
            text.push('.');
            text.push_str(fraction.trim_end_matches('0'));
        }
        text.push('S');
    }
    text
}

/// One statement for a practice run; one per member for a competition turn, since each
/// member's record in the LRS should show the drill, with the team alongside.
pub fn run_statements(run: &RunSummary, home_page: &str) -> Vec<Value> {
    let registration = registration_uuid(&run.registration);
    let mut extensions = serde_json::Map::new();
    // people read these in the LRS: the roles' names, not the simulator's spelling of them
    extensions.insert(
        EXTENSION_ROLE.into(),
        json!({
            "zh-CN": names(Lang::Zh).role_label(&run.role),
            "en-US": names(Lang::En).role_label(&run.role),
        }),
    );
    // a string: seeds use all 64 bits, and JavaScript-based LRSs round integers past 2^53
    extensions.insert(EXTENSION_SEED.into(), json!(run.seed.to_string()));
    extensions.insert(EXTENSION_CASE_HASH.into(), json!(run.case_hash));
    extensions.insert(EXTENSION_RED_LINES.into(), json!(run.red_line_count));
    if let Some(branch) = &run.identity.branch {
        extensions.insert(EXTENSION_BRANCH.into(), json!(branch));
    }
    let missed: Vec<Value> = run
        .missed_rules
        .iter()
        .map(|rule| json!({"id": format!("{RULE_BASE}{}", iri_segment(rule))}))
        .collect();
    extensions.insert(EXTENSION_MISSED_RULES.into(), Value::Array(missed));

    let competition = run.competition.as_deref().unwrap_or_default();
    if run.mode == RunMode::Competition {
        extensions.insert(EXTENSION_COMPETITION.into(), json!(competition));
        if let Some(turn) = run.turn {
            extensions.insert(EXTENSION_ROUND.into(), json!(turn.round + 1));
        }
    }
    let statement = |actor: Value, context_extras: Value, extensions: serde_json::Map<_, _>| {
        let mut context = json!({
            "registration": registration,
            "extensions": extensions,
        });
        if let (Value::Object(context), Value::Object(extras)) = (&mut context, context_extras) {
            context.extend(extras);
        }
        json!({
            "id": statement_id(&registration, actor_key(&actor)),
            "actor": actor,
            "verb": {
                "id": VERB_COMPLETED,
                "display": {"zh-CN": "完成", "en-US": "completed"},
            },
            "object": {
                "objectType": "Activity",
                "id": format!("{BASE}/cases/{}", iri_segment(&run.case_id)),
                "definition": {
                    "name": {"zh-CN": run.case_title},
                    "type": ACTIVITY_SIMULATION,
                },
            },
            "result": {
                "score": {
                    "scaled": scaled_score(run.total),
                    // xAPI rejects a raw score outside min..max; totals are 0–100 already
                    "raw": run.total.clamp(0.0, 100.0),
                    "min": 0,
                    "max": 100,
                },
                "success": run.passed,
                "completion": true,
                "duration": iso8601_duration(run.time_ms),
            },
            "context": context,
            "timestamp": run.finished_at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            "version": VERSION,
        })
    };

    if run.mode != RunMode::Competition {
        let account = run.identity.staff_no.as_deref().unwrap_or(&run.trainee);
        let actor = json!({
            "objectType": "Agent",
            "name": run.trainee,
            "account": {"homePage": home_page, "name": account},
        });
        let mut extensions = extensions;
        extensions.insert(
            EXTENSION_REFERRAL_POINTS.into(),
            json!(run.referral_earned()),
        );
        return vec![statement(actor, json!({}), extensions)];
    }
    let team_account = json!({"homePage": home_page, "name": team_id(competition, &run.trainee)});
    let members = distinct_members(&run.lineup);
    if members.is_empty() {
        // a turn saved without its lineup: the team itself is the one who completed it
        let actor = json!({
            "objectType": "Group",
            "name": run.trainee,
            "account": team_account,
        });
        let mut extensions = extensions;
        extensions.insert(
            EXTENSION_REFERRAL_POINTS.into(),
            json!(run.referral_earned()),
        );
        return vec![statement(actor, json!({}), extensions)];
    }
    let team = json!({
        "objectType": "Group",
        "name": run.trainee,
        "account": team_account,
        "member": members
            .iter()
            .map(|(member, _)| agent(home_page, member))
            .collect::<Vec<_>>(),
    });
    members
        .iter()
        .map(|(member, roles)| {
            let mut extensions = extensions.clone();
            let labels: Vec<&str> = roles.iter().map(|r| r.label()).collect();
            extensions.insert(EXTENSION_ACTED_ROLES.into(), json!(labels));
            let earned: f64 = run
                .referral
                .iter()
                .filter(|(role, _)| roles.contains(role))
                .map(|(_, points)| points)
                .sum();
            extensions.insert(
                EXTENSION_REFERRAL_POINTS.into(),
                json!(crate::scoring::round1(earned)),
            );
            let names: Vec<Value> = roles.iter().map(|r| role_names(*r)).collect();
            extensions.insert(EXTENSION_ACTED_ROLES.into(), json!(names));
            statement(agent(home_page, member), json!({"team": team}), extensions)
        })
        .collect()
}

/// A role's names as an xAPI language map.
fn role_names(role: Role) -> Value {
    json!({"zh-CN": names(Lang::Zh).role(role), "en-US": names(Lang::En).role(role)})
}

/// The total as a fraction of 100, within 0..=1 as xAPI requires. Rounded to four places:
/// totals have one decimal, and 1.1 / 100 would otherwise be written as 0.011000000000000001.
fn scaled_score(total: f64) -> f64 {
    ((total / 100.0).clamp(0.0, 1.0) * 10_000.0).round() / 10_000.0
}

/// Each member once, in lineup order, with every role they acted.
fn distinct_members(lineup: &[(Role, String)]) -> Vec<(&str, Vec<Role>)> {
    let mut members: Vec<(&str, Vec<Role>)> = Vec::new();
    for (role, member) in lineup {
        match members.iter_mut().find(|(name, _)| *name == member) {
            Some((_, roles)) => roles.push(*role),
            None => members.push((member, vec![*role])),
        }
    }
    members
}

/// An agent identified by an account: the simulator knows names, not e-mail addresses.
fn agent(home_page: &str, name: &str) -> Value {
    json!({
        "objectType": "Agent",
        "name": name,
        "account": {"homePage": home_page, "name": name},
    })
}

/// What tells actors apart within one run: their account name.
fn actor_key(actor: &Value) -> &str {
    actor["account"]["name"].as_str().unwrap_or_default()
}

/// The same run and person always give the same statement id. The registration is a UUID
/// and holds no "/", so the joined text cannot come from another pair.
fn statement_id(registration: &str, actor: &str) -> String {
    Uuid::new_v5(
        &STATEMENT_NAMESPACE,
        format!("{registration}/{actor}").as_bytes(),
    )
    .to_string()
}

/// The run's registration as xAPI requires it, a UUID. Runs always get one; a value that is
/// not (a hand-edited database) is mapped to a stable UUID rather than rejected by the LRS.
fn registration_uuid(registration: &str) -> String {
    match Uuid::parse_str(registration) {
        Ok(uuid) => uuid.hyphenated().to_string(),
        Err(_) => Uuid::new_v5(&STATEMENT_NAMESPACE, registration.as_bytes()).to_string(),
    }
}

/// Text made safe for one segment of an IRI path or one value of a query string: unreserved
/// ASCII (RFC 3986) is kept, everything else (spaces, slashes, Chinese) is percent-encoded as
/// UTF-8, which every LRS accepts.
pub(crate) fn iri_segment(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_name_only_the_units_used() {
        assert_eq!(iso8601_duration(0), "PT0S");
        assert_eq!(iso8601_duration(12_000), "PT12S");
        assert_eq!(iso8601_duration(65_200), "PT1M5.2S");
        assert_eq!(iso8601_duration(3_723_000), "PT1H2M3S");
        assert_eq!(iso8601_duration(3_600_000), "PT1H");
        assert_eq!(iso8601_duration(60_000), "PT1M");
        assert_eq!(iso8601_duration(7), "PT0.007S");
        assert_eq!(iso8601_duration(1_250), "PT1.25S");
        assert_eq!(iso8601_duration(90_000_000), "PT25H");
    }

    #[test]
    fn scaled_scores_are_short_and_in_range() {
        assert_eq!(scaled_score(1.1).to_string(), "0.011");
        assert_eq!(scaled_score(72.5), 0.725);
        assert_eq!(scaled_score(100.0), 1.0);
        assert_eq!(scaled_score(-3.0), 0.0);
        assert_eq!(scaled_score(104.0), 1.0);
    }

    #[test]
    fn the_namespace_is_the_documented_one() {
        assert_eq!(
            STATEMENT_NAMESPACE,
            Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://liandong.local/xapi")
        );
    }

    #[test]
    fn path_segments_are_percent_encoded() {
        assert_eq!(iri_segment("card-01_a.b~"), "card-01_a.b~");
        assert_eq!(iri_segment("春季 PK/1"), "%E6%98%A5%E5%AD%A3%20PK%2F1");
    }

    #[test]
    fn team_ids_are_short_ascii_and_stable() {
        let id = team_id("2026春季岗位联动PK赛", "第一组");
        assert_eq!(id.len(), 15);
        assert!(id.is_ascii());
        assert_eq!(id, team_id("2026春季岗位联动PK赛", "第一组"));
        assert_ne!(id, team_id("2026春季岗位联动PK赛", "第二组"));
        assert_ne!(id, team_id("2026秋季岗位联动PK赛", "第一组"));
    }

    #[test]
    fn a_member_with_two_roles_is_one_actor() {
        let lineup = [
            (Role::Teller, "甲".to_owned()),
            (Role::LobbyManager, "乙".to_owned()),
            (Role::WealthManager, "甲".to_owned()),
        ];
        assert_eq!(
            distinct_members(&lineup),
            [
                ("甲", vec![Role::Teller, Role::WealthManager]),
                ("乙", vec![Role::LobbyManager]),
            ]
        );
    }

    #[test]
    fn a_registration_that_is_not_a_uuid_still_gives_a_stable_one() {
        let uuid = registration_uuid("not-a-uuid");
        assert!(Uuid::parse_str(&uuid).is_ok());
        assert_eq!(uuid, registration_uuid("not-a-uuid"));
        let real = Uuid::new_v4().to_string();
        assert_eq!(registration_uuid(&real), real);
    }
}
