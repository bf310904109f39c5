//! The trainer's contest form: name, teams and members, the cases, how roles are assigned,
//! the shared customer seed, a time limit per decision and the podium size.

use bevy::prelude::*;
use bevy::text::EditableText;
use bevy::ui_widgets::Activate;

use super::active::ActiveContest;
use crate::app::i18n::{Ui, fill};
use crate::app::library::Library;
use crate::app::screen::Screen;
use crate::app::session::fresh_seed;
use crate::app::storage::Storage;
use crate::app::theme::field::{text_field, text_field_in};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::spawn_header;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};
use crate::competition::{
    CaseOrder, ContestSetup, MAX_CONTEST_NAME_CHARS, MAX_MEMBERS, MAX_TEAM_NAME_CHARS, MAX_TEAMS,
    MIN_TEAMS, RoleAssignment, TeamSetup,
};

/// Time limits a trainer can pick, in seconds.
const LIMITS: [Option<u32>; 5] = [None, Some(30), Some(60), Some(90), Some(120)];

/// The form as filled in so far; survives leaving the screen.
#[derive(Resource, Debug, Clone)]
pub struct SetupDraft {
    pub name: String,
    /// Team name and members ("张三、李四") per team.
    pub teams: Vec<(String, String)>,
    pub members: usize,
    pub cases: Vec<String>,
    pub order: CaseOrder,
    pub roles: RoleAssignment,
    pub seed: u64,
    pub limit: Option<u32>,
    pub podium: usize,
    pub error: Option<String>,
}

impl SetupDraft {
    fn new(ui: &Ui) -> SetupDraft {
        let date = chrono::Local::now().format("%m-%d %H:%M").to_string();
        let mut draft = SetupDraft {
            name: fill(&ui.contest.default_name, "date", date),
            teams: Vec::new(),
            members: 3,
            cases: Vec::new(),
            order: CaseOrder::InOrder,
            roles: RoleAssignment::Rotating,
            seed: fresh_seed(),
            limit: None,
            podium: 3,
            error: None,
        };
        draft.resize(ui, 4, 3);
        draft
    }

    /// A filled-in form for the autopilot's screenshots: named teams with members.
    pub fn demo(ui: &Ui, teams: &[(&str, &str)], cases: &[&str], seed: u64) -> SetupDraft {
        let mut draft = SetupDraft::new(ui);
        draft.seed = seed;
        draft.teams = teams
            .iter()
            .map(|(name, members)| ((*name).to_owned(), (*members).to_owned()))
            .collect();
        draft.members = split_members(teams[0].1).len();
        draft.cases = cases.iter().map(|c| (*c).to_owned()).collect();
        draft.limit = Some(60);
        draft
    }

    /// Sets the number of teams and members, keeping every name typed so far.
    fn resize(&mut self, ui: &Ui, teams: usize, members: usize) {
        let teams = teams.clamp(MIN_TEAMS, MAX_TEAMS);
        self.members = members.clamp(1, MAX_MEMBERS);
        while self.teams.len() < teams {
            let name = fill(&ui.contest.default_team, "n", self.teams.len() + 1);
            self.teams.push((name, String::new()));
        }
        self.teams.truncate(teams);
        for (team, list) in &mut self.teams {
            let mut names = split_members(list);
            names.truncate(self.members);
            while names.len() < self.members {
                let member = fill(&ui.contest.default_member, "team", &*team);
                names.push(fill(&member, "n", names.len() + 1));
            }
            *list = names.join("、");
        }
        self.podium = self.podium.clamp(1, teams);
    }

    fn to_setup(&self) -> ContestSetup {
        ContestSetup {
            name: self.name.trim().to_owned(),
            teams: self
                .teams
                .iter()
                .map(|(name, members)| TeamSetup {
                    name: name.trim().to_owned(),
                    members: split_members(members),
                })
                .collect(),
            cases: self.cases.clone(),
            case_order: self.order,
            roles: self.roles,
            seed: self.seed,
            decision_limit_secs: self.limit,
            podium: self.podium,
            red_line_penalty: crate::competition::RedLinePenalty::default(),
        }
    }
}

/// Members as typed: separated by 、 ， , ; or spaces.
fn split_members(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', '；', ';', ' ', '\u{3000}'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Which part of the draft a text field edits.
#[derive(Component, Debug, Clone, Copy)]
enum DraftField {
    Name,
    Team(usize),
    Members(usize),
}

#[derive(Component)]
struct SetupRoot;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        OnEnter(Screen::ContestSetup),
        (init_draft, spawn_setup).chain(),
    )
    .add_systems(
        Update,
        (
            copy_fields_into_draft,
            respawn_setup
                .run_if(resource_exists_and_changed::<SetupDraft>.or_eager(resource_changed::<Ui>)),
        )
            .chain()
            .run_if(in_state(Screen::ContestSetup).and_then(resource_exists::<SetupDraft>)),
    );
}

fn init_draft(draft: Option<Res<SetupDraft>>, ui: Res<Ui>, mut commands: Commands) {
    if draft.is_none() {
        commands.insert_resource(SetupDraft::new(&ui));
    }
}

/// Typing must not redraw the form (it would drop the cursor): fields are copied into the
/// draft quietly, and the draft redraws only when a button changes it.
fn copy_fields_into_draft(
    fields: Query<(&DraftField, &EditableText), Changed<EditableText>>,
    mut draft: ResMut<SetupDraft>,
) {
    for (which, text) in &fields {
        let value = text.value().to_string();
        let draft = draft.bypass_change_detection();
        match *which {
            DraftField::Name => draft.name = value,
            DraftField::Team(i) => {
                if let Some(team) = draft.teams.get_mut(i) {
                    team.0 = value;
                }
            }
            DraftField::Members(i) => {
                if let Some(team) = draft.teams.get_mut(i) {
                    team.1 = value;
                }
            }
        }
    }
}

fn respawn_setup(
    mut commands: Commands,
    roots: Query<Entity, With<SetupRoot>>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
    draft: Res<SetupDraft>,
    library: Res<Library>,
) {
    for root in &roots {
        commands.entity(root).despawn();
    }
    spawn_form(&mut commands, &ui, &fonts, &draft, &library);
}

fn spawn_setup(
    mut commands: Commands,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
    draft: Option<Res<SetupDraft>>,
    library: Res<Library>,
) {
    // on the first visit the draft is inserted by `init_draft` this frame: draw it then
    if let Some(draft) = draft {
        spawn_form(&mut commands, &ui, &fonts, &draft, &library);
    }
}

fn spawn_form(
    commands: &mut Commands,
    ui: &Ui,
    fonts: &UiFonts,
    draft: &SetupDraft,
    library: &Library,
) {
    let text = &ui.contest;
    let root = commands
        .spawn((
            Name::new("Contest setup screen"),
            SetupRoot,
            DespawnOnExit(Screen::ContestSetup),
            widget::screen_root(),
        ))
        .id();
    commands.entity(root).with_children(|parent| {
        // the start button sits in the header: always in view, however long the form
        spawn_header(
            parent,
            text.setup_title.clone(),
            ui,
            fonts,
            Screen::Title,
            |bar| {
                bar.spawn(widget::button(text.start.clone(), ButtonLook::Primary))
                    .observe(start_contest);
                if let Some(error) = &draft.error {
                    bar.spawn(widget::badge(error.clone(), DANGER, DANGER_BG));
                }
            },
        );
        parent
            .spawn(Node {
                flex_grow: 1.0,
                min_height: px(0),
                padding: UiRect::all(px(GAP * 1.5)),
                column_gap: px(GAP * 1.5),
                ..default()
            })
            .with_children(|body| {
                body.spawn(column(1.1)).with_children(|left| {
                    spawn_teams(left, ui, fonts, draft);
                });
                body.spawn(column(1.0)).with_children(|right| {
                    spawn_rules(right, ui, fonts, draft, library);
                });
            });
    });
}

/// A scrolling white column taking `grow` shares of the width.
fn column(grow: f32) -> impl Bundle {
    (
        widget::panel_in(
            Node {
                flex_grow: grow,
                flex_basis: px(0),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(16)),
                row_gap: px(10),
                overflow: Overflow::scroll_y(),
                ..default()
            },
            BORDER,
        ),
        ScrollPosition::default(),
    )
}

fn row() -> Node {
    Node {
        column_gap: px(8),
        row_gap: px(8),
        align_items: AlignItems::Center,
        flex_wrap: FlexWrap::Wrap,
        ..default()
    }
}

fn spawn_teams(left: &mut ChildSpawnerCommands, ui: &Ui, fonts: &UiFonts, draft: &SetupDraft) {
    let text = &ui.contest;
    left.spawn(row()).with_children(|r| {
        r.spawn(widget::heading(
            fill(&text.teams_label, "n", draft.teams.len()),
            FONT_BODY,
            &fonts.bold,
        ));
        stepper(
            r,
            |d, ui| {
                let members = d.members;
                d.resize(ui, d.teams.len().saturating_sub(1), members)
            },
            |d, ui| {
                let members = d.members;
                d.resize(ui, d.teams.len() + 1, members)
            },
        );
        r.spawn(widget::heading(
            fill(&text.members_label, "n", draft.members),
            FONT_BODY,
            &fonts.bold,
        ));
        stepper(
            r,
            |d, ui| {
                let teams = d.teams.len();
                d.resize(ui, teams, d.members.saturating_sub(1))
            },
            |d, ui| {
                let teams = d.teams.len();
                d.resize(ui, teams, d.members + 1)
            },
        );
    });
    left.spawn(widget::muted(text.team_columns.clone()));
    for (i, (name, members)) in draft.teams.iter().enumerate() {
        left.spawn(Node {
            column_gap: px(8),
            flex_shrink: 0.0,
            ..default()
        })
        .with_children(|r| {
            r.spawn((
                DraftField::Team(i),
                text_field(name, px(150), MAX_TEAM_NAME_CHARS),
            ));
            r.spawn((
                DraftField::Members(i),
                text_field_in(
                    members,
                    Node {
                        flex_grow: 1.0,
                        ..default()
                    },
                    120,
                ),
            ));
        });
    }
}

fn spawn_rules(
    right: &mut ChildSpawnerCommands,
    ui: &Ui,
    fonts: &UiFonts,
    draft: &SetupDraft,
    library: &Library,
) {
    let text = &ui.contest;
    right.spawn(widget::heading(
        text.name_label.clone(),
        FONT_BODY,
        &fonts.bold,
    ));
    right.spawn((
        DraftField::Name,
        text_field(&draft.name, percent(100), MAX_CONTEST_NAME_CHARS),
    ));

    right.spawn(widget::heading(
        text.cases_label.clone(),
        FONT_BODY,
        &fonts.bold,
    ));
    right.spawn(row()).with_children(|r| {
        for case in library.reports.iter().filter_map(|r| r.case.as_ref()) {
            let id = case.scenario.id.clone();
            let position = draft.cases.iter().position(|c| *c == id);
            let label = match position {
                Some(p) => format!("{}. {}", p + 1, case.scenario.title),
                None => case.scenario.title.clone(),
            };
            let look = if position.is_some() {
                ButtonLook::Selected
            } else {
                ButtonLook::Plain
            };
            r.spawn(widget::chip(label, look)).observe(
                move |_: On<Activate>, mut draft: ResMut<SetupDraft>| match draft
                    .cases
                    .iter()
                    .position(|c| *c == id)
                {
                    Some(p) => {
                        draft.cases.remove(p);
                    }
                    None => draft.cases.push(id.clone()),
                },
            );
        }
    });

    choice_row(
        right,
        ui,
        fonts,
        &text.order_label,
        [
            (
                ui.case_order(CaseOrder::InOrder).to_owned(),
                draft.order == CaseOrder::InOrder,
                |d: &mut SetupDraft| d.order = CaseOrder::InOrder,
            ),
            (
                ui.case_order(CaseOrder::Drawn).to_owned(),
                draft.order == CaseOrder::Drawn,
                |d: &mut SetupDraft| d.order = CaseOrder::Drawn,
            ),
        ],
    );
    choice_row(
        right,
        ui,
        fonts,
        &text.roles_label,
        [
            (
                ui.role_assignment(RoleAssignment::Fixed).to_owned(),
                draft.roles == RoleAssignment::Fixed,
                |d: &mut SetupDraft| d.roles = RoleAssignment::Fixed,
            ),
            (
                ui.role_assignment(RoleAssignment::Rotating).to_owned(),
                draft.roles == RoleAssignment::Rotating,
                |d: &mut SetupDraft| d.roles = RoleAssignment::Rotating,
            ),
        ],
    );

    right.spawn(row()).with_children(|r| {
        r.spawn(widget::body(fill(&text.seed_label, "seed", draft.seed)));
        r.spawn(widget::chip(text.reroll.clone(), ButtonLook::Plain))
            .observe(|_: On<Activate>, mut draft: ResMut<SetupDraft>| draft.seed = fresh_seed());
    });

    right.spawn(widget::heading(
        text.limit_label.clone(),
        FONT_BODY,
        &fonts.bold,
    ));
    right.spawn(row()).with_children(|r| {
        for limit in LIMITS {
            let label = match limit {
                None => text.no_limit.clone(),
                Some(n) => fill(&text.seconds, "n", n),
            };
            let look = if draft.limit == limit {
                ButtonLook::Selected
            } else {
                ButtonLook::Plain
            };
            r.spawn(widget::chip(label, look))
                .observe(move |_: On<Activate>, mut draft: ResMut<SetupDraft>| draft.limit = limit);
        }
    });

    right.spawn(row()).with_children(|r| {
        r.spawn(widget::heading(
            fill(&text.podium_label, "n", draft.podium),
            FONT_BODY,
            &fonts.bold,
        ));
        stepper(
            r,
            |d, _| d.podium = d.podium.saturating_sub(1).max(1),
            |d, _| d.podium = (d.podium + 1).min(d.teams.len()),
        );
    });
}

/// A chip's label, whether it is selected, and what choosing it does.
type Choice = (String, bool, fn(&mut SetupDraft));

/// A labelled row of mutually exclusive chips.
fn choice_row<const N: usize>(
    parent: &mut ChildSpawnerCommands,
    _ui: &Ui,
    fonts: &UiFonts,
    label: &str,
    choices: [Choice; N],
) {
    parent.spawn(row()).with_children(|r| {
        r.spawn(widget::heading(label.to_owned(), FONT_BODY, &fonts.bold));
        for (label, selected, apply) in choices {
            let look = if selected {
                ButtonLook::Selected
            } else {
                ButtonLook::Plain
            };
            r.spawn(widget::chip(label, look))
                .observe(move |_: On<Activate>, mut draft: ResMut<SetupDraft>| apply(&mut draft));
        }
    });
}

/// Minus and plus chips that change the draft.
fn stepper(
    parent: &mut ChildSpawnerCommands,
    less: fn(&mut SetupDraft, &Ui),
    more: fn(&mut SetupDraft, &Ui),
) {
    for (label, change) in [("－", less), ("＋", more)] {
        parent
            .spawn(widget::chip(label, ButtonLook::Plain))
            .observe(
                move |_: On<Activate>, mut draft: ResMut<SetupDraft>, ui: Res<Ui>| {
                    change(&mut draft, &ui)
                },
            );
    }
}

fn start_contest(
    _: On<Activate>,
    mut draft: ResMut<SetupDraft>,
    library: Res<Library>,
    storage: Res<Storage>,
    ui: Res<Ui>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) {
    let setup = draft.to_setup();
    if let Err(e) = setup.check(|id| library.case(id).is_some()) {
        draft.error = Some(ui.errors.setup(&e));
        return;
    }
    let created = storage.with(|store| store.create_competition(&setup));
    let id = match created {
        None => {
            draft.error = Some(ui.contest.no_db.clone());
            return;
        }
        Some(Err(e)) => {
            draft.error = Some(ui.errors.store(&e));
            return;
        }
        Some(Ok(id)) => id,
    };
    let info = crate::store::CompetitionInfo {
        id,
        setup,
        finished: false,
    };
    match ActiveContest::load(info, &storage) {
        Ok(contest) => {
            commands.insert_resource(contest);
            commands.remove_resource::<SetupDraft>();
            next.set(Screen::Scoreboard);
        }
        Err(e) => draft.error = Some(e.text(&ui)),
    }
}

#[cfg(test)]
mod tests {
    use super::split_members;

    #[test]
    fn members_split_on_chinese_and_ascii_separators() {
        assert_eq!(
            split_members("张三、李四，王五, 赵六  孙七"),
            ["张三", "李四", "王五", "赵六", "孙七"]
        );
    }
}
