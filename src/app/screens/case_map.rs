//! The trainer's view of a case: its steps stage by stage, numbered and in their own words,
//! with where each one leads, and "play from this step" on every step.

use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use crate::app::i18n::{Ui, fill};
use crate::app::library::Library;
use crate::app::screen::{Screen, SelectedCase, screen_root};
use crate::app::session::{StartCase, fresh_seed};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::spawn_header;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};
use crate::playthrough::RoleChoice;
use crate::scenario::graph::Target;
use crate::scenario::model::{Condition, Grade, Step};
use crate::scenario::{Case, Variant};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::CaseMap), spawn_case_map);
}

/// How long a step's words may run on its card before "…".
const WORDS_SHOWN: usize = 36;

/// A step's own words (what the trainee is asked, or what is told), cut to `max` characters.
fn step_words(step: &Step, variant: &Variant, max: usize) -> String {
    let text = match step {
        Step::Narration(n) => &n.text,
        Step::End(e) => &e.text,
        Step::Identify(s) => &s.prompt,
        Step::Script(s) => &s.prompt,
        Step::ReferralCard(s) => &s.prompt,
        Step::Handoff(s) => &s.prompt,
        Step::TrackingSheet(s) | Step::ReferralRecord(s) => &s.prompt,
        Step::MorningMeeting(s) => &s.prompt,
        Step::Branch(_) => return String::new(),
    };
    let text = variant.render(text);
    if text.chars().count() > max {
        text.chars().take(max).chain(['…']).collect()
    } else {
        text
    }
}

/// Where the step at `at` leads, by the numbers the map gives its steps: "→ 第 5 步",
/// "1. 最佳 → 第 5 步", "信任低于 30 → 第 9 步".
fn edges(case: &Case, variant: &Variant, ui: &Ui, at: usize) -> Vec<String> {
    let graph = &case.graph;
    let scenario = &case.scenario;
    let name = |t: Option<Target>| match t {
        Some(Target::Step(n)) => fill(&ui.case_map_step, "n", n + 1),
        Some(Target::Finish) => "■".to_owned(),
        None => "?".to_owned(),
    };
    match graph.step(scenario, at) {
        Step::Script(s) | Step::MorningMeeting(s) => s
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let target = name(graph.resolve(at, o.next.as_ref().or(s.next.as_ref())));
                format!("{}. {} → {target}", i + 1, ui.grade(o.grade))
            })
            .collect(),
        Step::Branch(b) => {
            let mut lines: Vec<String> = b
                .cases
                .iter()
                .map(|c| {
                    let when = condition_label(case, variant, ui, &c.when);
                    format!("{when} → {}", name(graph.resolve(at, Some(&c.next))))
                })
                .collect();
            lines.push(format!(
                "{} → {}",
                ui.otherwise,
                name(graph.resolve(at, Some(&b.otherwise)))
            ));
            lines
        }
        Step::End(e) => e
            .outcome
            .map(|o| fill(&ui.reactions.ending, "outcome", ui.outcome(o)))
            .into_iter()
            .collect(),
        other => vec![format!(
            "→ {}",
            name(graph.resolve(at, other.explicit_next()))
        )],
    }
}

/// A branch condition in the trainer's words.
fn condition_label(case: &Case, variant: &Variant, ui: &Ui, when: &Condition) -> String {
    let words = &ui.reactions;
    match when {
        Condition::StaffBusy(id) => fill(
            &ui.when_busy,
            "staff",
            variant.staff_names.get(id).cloned().unwrap_or_default(),
        ),
        Condition::CustomerHurried => ui.when_hurried.clone(),
        Condition::TrustBelow(n) => fill(&words.when_trust_below, "n", n),
        Condition::TrustAtLeast(n) => fill(&words.when_trust_at_least, "n", n),
        Condition::PatienceBelow(n) => fill(&words.when_patience_below, "n", n),
        Condition::PatienceAtLeast(n) => fill(&words.when_patience_at_least, "n", n),
        Condition::RedLineCrossed => words.when_red_line.clone(),
        Condition::RuleBroken(rule) => fill(
            &words.when_rule_broken,
            "rule",
            case.catalogue
                .rule(rule)
                .map(|r| r.title.clone())
                .unwrap_or_default(),
        ),
        Condition::Chose(step, n) => {
            let step = case
                .graph
                .position(step)
                .map(|at| fill(&ui.case_map_step, "n", at + 1))
                .unwrap_or_default();
            fill(&fill(&words.when_chose, "step", step), "n", n)
        }
        Condition::Filled(_, field, n) => fill(
            &fill(&words.when_filled, "field", ui.card_field(*field)),
            "n",
            n,
        ),
        Condition::Did(step, action) => {
            let text = case
                .graph
                .position(step)
                .and_then(|at| match case.graph.step(&case.scenario, at) {
                    Step::Handoff(h) => h.actions.iter().find(|a| &a.id == action),
                    _ => None,
                })
                .map(|a| variant.render(&a.text))
                .unwrap_or_default();
            fill(&words.when_did, "action", text)
        }
    }
}

fn spawn_case_map(
    mut commands: Commands,
    selected: Res<SelectedCase>,
    library: Res<Library>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(case) = library.selected(&selected) else {
        next.set(Screen::Library);
        return;
    };
    let variant = case.variant(1);
    let title = format!("{} · {}", ui.case_map_title, case.scenario.title);
    let root = commands
        .spawn(screen_root("Case map", Screen::CaseMap))
        .id();
    commands.entity(root).with_children(|parent| {
        spawn_header(parent, title, &ui, &fonts, Screen::RoleChoice, |bar| {
            bar.spawn(widget::text(
                ui.case_map_hint.clone(),
                FONT_SMALL,
                HEADER_TEXT,
            ));
        });
        parent
            .spawn(Node {
                flex_grow: 1.0,
                min_height: px(0),
                padding: UiRect::all(px(12)),
                column_gap: px(10),
                ..default()
            })
            .with_children(|columns| {
                let mut at = 0;
                for stage in &case.scenario.stages {
                    let first = at;
                    at += stage.steps.len();
                    columns
                        .spawn((
                            widget::panel_in(
                                Node {
                                    flex_grow: 1.0,
                                    flex_basis: px(0),
                                    min_width: px(0),
                                    flex_direction: FlexDirection::Column,
                                    padding: UiRect::all(px(10)),
                                    row_gap: px(6),
                                    overflow: Overflow::scroll_y(),
                                    ..default()
                                },
                                BORDER,
                            ),
                            ScrollPosition::default(),
                        ))
                        .with_children(|column| {
                            column.spawn(widget::heading(
                                format!("{} · {}", ui.role(stage.role), stage.title),
                                FONT_BODY,
                                &fonts.bold,
                            ));
                            for index in first..at {
                                spawn_step(column, &case, &variant, &ui, index);
                            }
                        });
                }
            });
    });
}

fn spawn_step(
    column: &mut ChildSpawnerCommands,
    case: &std::sync::Arc<Case>,
    variant: &Variant,
    ui: &Ui,
    at: usize,
) {
    let step = case.graph.step(&case.scenario, at);
    let decision = step.is_decision();
    let look = if decision {
        ButtonLook::Plain
    } else {
        ButtonLook::Selected
    };
    let lines = edges(case, variant, ui, at);
    let red = matches!(step, Step::Script(s) | Step::MorningMeeting(s) if s.options.iter().any(|o| o.grade == Grade::RedLine));
    let id = step.id().clone();
    let case_id = case.scenario.id.clone();
    column
        .spawn(widget::clickable(
            look,
            Node {
                flex_direction: FlexDirection::Column,
                flex_shrink: 0.0,
                padding: UiRect::all(px(8)),
                row_gap: px(2),
                ..default()
            },
        ))
        .with_children(|card| {
            let kind = ui.step_kind(step.kind());
            let words = step_words(step, variant, WORDS_SHOWN);
            let head = if words.is_empty() {
                format!("{} · {kind}", at + 1)
            } else {
                format!("{} · {kind} · {words}", at + 1)
            };
            card.spawn((
                widget::text(head, FONT_SMALL, if red { DANGER } else { TEXT }),
                Pickable::IGNORE,
            ));
            for line in lines {
                card.spawn((widget::text(line, FONT_SMALL, TEXT_MUTED), Pickable::IGNORE));
            }
        })
        .observe(
            move |_: On<Activate>, mut start: MessageWriter<StartCase>| {
                start.write(StartCase {
                    case_id: case_id.clone(),
                    role: RoleChoice::All,
                    seed: fresh_seed(),
                    from: Some(id.clone()),
                    decision_limit_ms: None,
                    contest: None,
                });
            },
        );
}
