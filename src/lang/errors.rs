//! The core's errors in the words of one language: the `errors` part of `assets/i18n/*.ron`.
//! The core only says what went wrong (typed enums); the app and the terminal say it to the
//! person, in the language they chose.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Names, fill};
use crate::competition::{CommentError, NameError, SetupError, SheetError, TimerError};
use crate::export::{ExportError, NotAFile};
use crate::lrs::{ConfigError, SyncError};
use crate::playthrough::{PlayError, ReplayError, RoleChoice, StartError};
use crate::review::{LeftOut, ReviewError};
use crate::scoring::AnswerError;
use crate::store::{Corruption, DB_FILE, Damage, Recovery, StoreError};

/// One template per error; `{…}` is filled in. See `assets/i18n/zh.ron` for what each says.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorText {
    name_empty: String,
    name_too_long: String,
    name_control: String,
    name_invisible: String,
    comment_too_long: String,
    comment_hidden: String,
    setup_unnamed: String,
    setup_name: String,
    setup_team_count: String,
    setup_team_unnamed: String,
    setup_team_name: String,
    setup_duplicate_team: String,
    setup_member_count: String,
    setup_member_unnamed: String,
    setup_member_name: String,
    setup_no_cases: String,
    setup_too_many_rounds: String,
    setup_unknown_case: String,
    setup_no_podium: String,
    setup_no_performance: String,
    setup_timer_too_long: String,
    sheet_observer: String,
    sheet_mark: String,
    sheet_twice: String,
    sheet_missing: String,
    sheet_comment: String,
    answer_finished: String,
    answer_not_a_decision: String,
    answer_wrong_kind: String,
    answer_no_such_line: String,
    answer_cue_not_shown: String,
    answer_need_not_shown: String,
    answer_card_fields: String,
    answer_no_such_choice: String,
    answer_no_such_route: String,
    answer_no_such_action: String,
    answer_action_twice: String,
    start_role_not_in_case: String,
    start_unknown_step: String,
    replay_start: String,
    replay_answer: String,
    replay_step_mismatch: String,
    replay_mood_mismatch: String,
    store_unwritable: String,
    store_no_database: String,
    store_too_new: String,
    store_disk_full: String,
    store_sqlite: String,
    store_damaged: String,
    store_corrupt: String,
    store_turn_played: String,
    corrupt_encode: String,
    corrupt_contest_setup: String,
    corrupt_role: String,
    corrupt_run_without_trainee: String,
    damage_log_without_database: String,
    damage_foreign_log: String,
    recovery: String,
    recovery_salvage_failed: String,
    recovery_nothing: String,
    recovery_saved: String,
    recovery_saved_lost: String,
    recovery_foreign_log: String,
    export_write: String,
    sync_not_configured: String,
    sync_credentials: String,
    sync_unreachable: String,
    sync_not_found: String,
    sync_status: String,
    sync_bad_answer: String,
    sync_store: String,
    sync_kept: String,
    sync_with_kept: String,
    lrs_not_an_endpoint: String,
    lrs_empty_credential: String,
    lrs_file: String,
    review_no_case: String,
    review_no_runs: String,
    review_no_runs_of: String,
    review_no_contest: String,
    review_nothing_played: String,
    review_round_case_missing: String,
    review_unreadable_run: String,
    /// "这里已经有一个{what}，不是普通文件…", with `what` from `not_a_file_kinds`.
    not_a_file: String,
    not_a_file_kinds: BTreeMap<NotAFile, String>,
}

/// What to do about the learning record store's settings, in the words of where they are
/// set: the terminal's `liandong lrs set …` or the app's settings screen.
#[derive(Debug, Clone, Copy)]
pub struct SettingsHint<'a> {
    /// No store is set yet.
    pub set: &'a str,
    /// The key and secret must be given again.
    pub reset: &'a str,
    /// The address must be checked.
    pub check: &'a str,
}

/// "U+200B" for a character a person cannot see.
fn code(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

impl ErrorText {
    pub fn name(&self, e: &NameError) -> String {
        match e {
            NameError::Empty => self.name_empty.clone(),
            NameError::TooLong { start, chars, max } => fill(
                &fill(&fill(&self.name_too_long, "start", start), "chars", chars),
                "max",
                max,
            ),
            NameError::Control { name } => fill(&self.name_control, "name", name),
            NameError::Invisible { character } => {
                fill(&self.name_invisible, "code", code(*character))
            }
        }
    }

    pub fn comment(&self, e: &CommentError) -> String {
        match e {
            CommentError::TooLong { chars, max } => {
                fill(&fill(&self.comment_too_long, "chars", chars), "max", max)
            }
            CommentError::Hidden { character } => {
                fill(&self.comment_hidden, "code", code(*character))
            }
        }
    }

    pub fn setup(&self, e: &SetupError) -> String {
        use crate::competition::{MAX_MEMBERS, MAX_ROUNDS, MAX_TEAMS, MIN_TEAMS};
        match e {
            SetupError::Unnamed => self.setup_unnamed.clone(),
            SetupError::Name(error) => fill(&self.setup_name, "error", self.name(error)),
            SetupError::TeamCount { count } => fill(
                &fill(
                    &fill(&self.setup_team_count, "min", MIN_TEAMS),
                    "max",
                    MAX_TEAMS,
                ),
                "count",
                count,
            ),
            SetupError::TeamUnnamed { team } => fill(&self.setup_team_unnamed, "team", team),
            SetupError::TeamName { team, error } => fill(
                &fill(&self.setup_team_name, "team", team),
                "error",
                self.name(error),
            ),
            SetupError::DuplicateTeam { name } => fill(&self.setup_duplicate_team, "name", name),
            SetupError::MemberCount { team, count } => fill(
                &fill(
                    &fill(&self.setup_member_count, "team", team),
                    "max",
                    MAX_MEMBERS,
                ),
                "count",
                count,
            ),
            SetupError::MemberUnnamed { team } => fill(&self.setup_member_unnamed, "team", team),
            SetupError::MemberName { team, error } => fill(
                &fill(&self.setup_member_name, "team", team),
                "error",
                self.name(error),
            ),
            SetupError::NoCases => self.setup_no_cases.clone(),
            SetupError::TooManyRounds { count } => fill(
                &fill(&self.setup_too_many_rounds, "max", MAX_ROUNDS),
                "count",
                count,
            ),
            SetupError::UnknownCase { id } => fill(&self.setup_unknown_case, "id", id),
            SetupError::NoPodium => self.setup_no_podium.clone(),
            SetupError::Timers(TimerError::NoPerformance) => self.setup_no_performance.clone(),
            SetupError::Timers(TimerError::TooLong { max }) => {
                fill(&self.setup_timer_too_long, "max", max)
            }
        }
    }

    /// An observer's sheet that cannot be recorded; `titles` are the checklist's item titles
    /// in the reader's language.
    pub fn sheet(&self, e: &SheetError, titles: &[&str]) -> String {
        let title = |i: &usize| titles.get(*i).copied().unwrap_or_default();
        match e {
            SheetError::Observer(error) => fill(&self.sheet_observer, "error", self.name(error)),
            SheetError::Mark { item, mark } => {
                fill(&fill(&self.sheet_mark, "item", title(item)), "mark", mark)
            }
            SheetError::Twice { item } => fill(&self.sheet_twice, "item", title(item)),
            SheetError::Missing { items } => {
                let names: Vec<&str> = items.iter().map(title).collect();
                // Chinese titles are listed with 、, English ones with a comma
                let separator = if names.iter().all(|n| n.is_ascii()) {
                    ", "
                } else {
                    "、"
                };
                fill(&self.sheet_missing, "items", names.join(separator))
            }
            SheetError::Comment { item, error } => fill(
                &fill(&self.sheet_comment, "item", title(item)),
                "error",
                self.comment(error),
            ),
        }
    }

    pub fn answer(&self, e: &AnswerError, names: &Names) -> String {
        match e {
            AnswerError::Finished => self.answer_finished.clone(),
            AnswerError::NotADecision { step } => fill(&self.answer_not_a_decision, "step", step),
            AnswerError::WrongKind { step, kind } => fill(
                &fill(&self.answer_wrong_kind, "step", step),
                "kind",
                names.step_kind(*kind),
            ),
            AnswerError::NoSuchLine { step, line } => {
                fill(&fill(&self.answer_no_such_line, "step", step), "n", line)
            }
            AnswerError::CueNotShown { step, cue } => {
                fill(&fill(&self.answer_cue_not_shown, "step", step), "id", cue)
            }
            AnswerError::NeedNotShown { step, need } => {
                fill(&fill(&self.answer_need_not_shown, "step", step), "id", need)
            }
            AnswerError::CardFields {
                step,
                fields,
                given,
            } => fill(
                &fill(
                    &fill(&self.answer_card_fields, "step", step),
                    "fields",
                    fields,
                ),
                "given",
                given,
            ),
            AnswerError::NoSuchChoice {
                step,
                field,
                choice,
            } => fill(
                &fill(
                    &fill(&self.answer_no_such_choice, "step", step),
                    "field",
                    names.card_field(*field),
                ),
                "n",
                choice,
            ),
            AnswerError::NoSuchRoute { step, route } => {
                fill(&fill(&self.answer_no_such_route, "step", step), "n", route)
            }
            AnswerError::NoSuchAction { step, action } => fill(
                &fill(&self.answer_no_such_action, "step", step),
                "id",
                action,
            ),
            AnswerError::ActionTwice { step, action } => {
                fill(&fill(&self.answer_action_twice, "step", step), "id", action)
            }
        }
    }

    pub fn start(&self, e: &StartError, names: &Names) -> String {
        match e {
            StartError::RoleNotInCase(choice) => {
                let roles = match choice {
                    RoleChoice::All => names.list(
                        crate::scenario::model::Role::ALL
                            .iter()
                            .map(|r| names.role(*r)),
                    ),
                    RoleChoice::Only(roles) => names.list(roles.iter().map(|r| names.role(*r))),
                };
                fill(&self.start_role_not_in_case, "roles", roles)
            }
            StartError::UnknownStep(step) => fill(&self.start_unknown_step, "step", step),
        }
    }

    pub fn play(&self, e: &PlayError, names: &Names) -> String {
        match e {
            PlayError::Start(error) => self.start(error, names),
            PlayError::Answer(error) => self.answer(error, names),
        }
    }

    pub fn replay(&self, e: &ReplayError, names: &Names) -> String {
        match e {
            ReplayError::Start(error) => {
                fill(&self.replay_start, "error", self.start(error, names))
            }
            ReplayError::Answer(error) => {
                fill(&self.replay_answer, "error", self.answer(error, names))
            }
            ReplayError::StepMismatch { step } => fill(&self.replay_step_mismatch, "step", step),
            ReplayError::MoodMismatch { step } => fill(&self.replay_mood_mismatch, "step", step),
        }
    }

    pub fn store(&self, e: &StoreError) -> String {
        match e {
            StoreError::Unwritable { dir, source } => fill(
                &fill(&self.store_unwritable, "dir", dir.display()),
                "reason",
                source,
            ),
            StoreError::NoDatabase { dir } => fill(
                &fill(&self.store_no_database, "dir", dir.display()),
                "file",
                DB_FILE,
            ),
            StoreError::TooNew { found, known } => {
                fill(&fill(&self.store_too_new, "found", found), "known", known)
            }
            StoreError::DiskFull { source, os } => {
                let reason = match os {
                    Some(os) => format!("{source}: {os}"),
                    None => source.to_string(),
                };
                fill(&self.store_disk_full, "reason", reason)
            }
            StoreError::Sqlite(e) => fill(&self.store_sqlite, "reason", e),
            StoreError::Damaged(damage) => fill(&self.store_damaged, "reason", self.damage(damage)),
            StoreError::Corrupt(what) => fill(&self.store_corrupt, "reason", self.corruption(what)),
            StoreError::TurnPlayed { round, team } => fill(
                &fill(&self.store_turn_played, "round", round + 1),
                "team",
                team,
            ),
        }
    }

    fn corruption(&self, c: &Corruption) -> String {
        match c {
            Corruption::Encode(e) => fill(&self.corrupt_encode, "reason", e),
            Corruption::ContestSetup { id, source } => fill(
                &fill(&self.corrupt_contest_setup, "id", id),
                "reason",
                source,
            ),
            Corruption::Role { text, source } => {
                fill(&fill(&self.corrupt_role, "text", text), "reason", source)
            }
            Corruption::RunWithoutTrainee { id } => {
                fill(&self.corrupt_run_without_trainee, "id", id)
            }
        }
    }

    /// Why a database file could not be used; SQLite's own findings are quoted as they are.
    pub fn damage(&self, d: &Damage) -> String {
        match d {
            Damage::Unreadable(why) | Damage::CheckFailed(why) => why.clone(),
            Damage::LogWithoutDatabase => self.damage_log_without_database.clone(),
            Damage::ForeignLog => fill(&self.damage_foreign_log, "file", DB_FILE),
        }
    }

    /// What was done with a damaged database: where it went, what was saved from it.
    pub fn recovery(&self, r: &Recovery) -> String {
        let mut text = fill(
            &fill(&self.recovery, "reason", self.damage(&r.reason)),
            "path",
            r.moved_to.display(),
        );
        text.push_str(&match (&r.salvage_failed, r.saved, r.lost) {
            (Some(why), _, _) => fill(&self.recovery_salvage_failed, "reason", why),
            (None, 0, 0) => self.recovery_nothing.clone(),
            (None, saved, 0) => fill(&self.recovery_saved, "saved", saved),
            (None, saved, lost) => fill(
                &fill(&self.recovery_saved_lost, "saved", saved),
                "lost",
                lost,
            ),
        });
        if r.foreign_log {
            text.push_str(&fill(&self.recovery_foreign_log, "file", DB_FILE));
        }
        text
    }

    pub fn export(&self, e: &ExportError) -> String {
        match e {
            ExportError::Store(e) => self.store(e),
            ExportError::Write { path, source } => fill(
                &fill(&self.export_write, "path", path.display()),
                "reason",
                self.io(source),
            ),
        }
    }

    /// A file-system error: the system's words, or ours when an export refused to replace
    /// something that is not a regular file.
    pub fn review(&self, e: &ReviewError) -> String {
        match e {
            ReviewError::NoCase { id } => fill(&self.review_no_case, "id", id),
            ReviewError::NoRuns {
                case,
                trainee: None,
            } => fill(&self.review_no_runs, "case", case),
            ReviewError::NoRuns {
                case,
                trainee: Some(name),
            } => fill(&fill(&self.review_no_runs_of, "case", case), "name", name),
            ReviewError::NoContest { name } => fill(&self.review_no_contest, "name", name),
            ReviewError::NothingPlayed { name } => fill(&self.review_nothing_played, "name", name),
            ReviewError::Store(e) => self.store(e),
        }
    }

    pub fn left_out(&self, l: &LeftOut) -> String {
        match l {
            LeftOut::RoundCaseMissing { round, case_id } => fill(
                &fill(&self.review_round_case_missing, "round", round),
                "id",
                case_id,
            ),
            LeftOut::UnreadableRun { who } => fill(&self.review_unreadable_run, "who", who),
        }
    }

    /// Why a sync failed, saying that the `pending` statements waiting are not lost.
    pub fn sync(&self, e: &SyncError, pending: usize, how: SettingsHint) -> String {
        let reason = self.sync_reason(e, how);
        if matches!(e, SyncError::NotConfigured) {
            return reason;
        }
        fill(
            &fill(&self.sync_with_kept, "reason", reason),
            "kept",
            fill(&self.sync_kept, "pending", pending),
        )
    }

    /// What went wrong talking to the learning record store, alone (reading statements back
    /// loses nothing, so there is nothing kept to speak of).
    pub fn sync_reason(&self, e: &SyncError, how: SettingsHint) -> String {
        match e {
            SyncError::NotConfigured => fill(&self.sync_not_configured, "how", how.set),
            SyncError::Credentials { status } => fill(
                &fill(&self.sync_credentials, "status", status),
                "how",
                how.reset,
            ),
            SyncError::Unreachable { detail } => fill(&self.sync_unreachable, "detail", detail),
            SyncError::Status { status: 404, .. } => fill(&self.sync_not_found, "how", how.check),
            SyncError::Status { status, detail } => {
                fill(&fill(&self.sync_status, "status", status), "detail", detail)
            }
            SyncError::BadAnswer { detail } => fill(&self.sync_bad_answer, "detail", detail),
            SyncError::Store { detail } => fill(&self.sync_store, "detail", detail),
        }
    }

    /// Why the learning record store's settings cannot be used.
    pub fn lrs_config(&self, e: &ConfigError) -> String {
        match e {
            ConfigError::NotAnEndpoint(url) => fill(&self.lrs_not_an_endpoint, "url", url),
            ConfigError::EmptyCredential => self.lrs_empty_credential.clone(),
            ConfigError::File { path, detail } => fill(
                &fill(&self.lrs_file, "path", path.display()),
                "detail",
                detail,
            ),
        }
    }

    pub fn io(&self, e: &std::io::Error) -> String {
        match e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<NotAFile>())
        {
            Some(what) => fill(&self.not_a_file, "what", self.not_a_file_kind(*what)),
            None => e.to_string(),
        }
    }

    /// What a kind of file is called ("符号链接").
    pub fn not_a_file_kind(&self, kind: NotAFile) -> &str {
        self.not_a_file_kinds.get(&kind).map_or("?", String::as_str)
    }
}
