//! The trainer's contest form: name, teams and members, the cases, how roles are assigned,
//! the shared customer seed, a time limit per decision and the podium size. The form is built
//! once on entering the screen; a click changes in place what it changes.

use bevy::prelude::*;
use bevy::text::EditableText;
use bevy::ui_widgets::Activate;

use super::active::ActiveContest;
use crate::app::i18n::{Ui, fill};
use crate::app::library::Library;
use crate::app::screen::{Screen, ScreenRoot, screen_root};
use crate::app::session::fresh_seed;
use crate::app::storage::Storage;
use crate::app::theme::field::{text_field, text_field_in};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::{self, spawn_header};
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook, SelectedMark, TICK};
use crate::competition::{
    CaseOrder, ContestSetup, MAX_CONTEST_NAME_CHARS, MAX_MEMBERS, MAX_TEAM_NAME_CHARS, MAX_TEAMS,
    MIN_TEAMS, RoleAssignment, TeamSetup,
};
use crate::competition::{DrillTimers, Scenes};

/// Time limits a trainer can pick, in seconds.
const LIMITS: [Option<u32>; 5] = [None, Some(30), Some(60), Some(90), Some(120)];
/// The preparation and performance times a trainer picks from, in minutes (the seeds' group
/// drill: a few minutes to prepare, a short performance).
const PREPARATION_MINUTES: [u32; 4] = [2, 3, 4, 6];
const PERFORMANCE_MINUTES: [u32; 4] = [1, 2, 3, 5];

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
    /// The same scene for every team, or each its own.
    pub scenes: Scenes,
    pub timers: DrillTimers,
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
            scenes: Scenes::Same,
            timers: DrillTimers::default(),
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
            scenes: self.scenes,
            timers: self.timers,
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

/// A chip of the form and the choice it stands for; its look follows the draft.
#[derive(Component, Debug, Clone, PartialEq)]
enum SetupChip {
    Case(String),
    Order(CaseOrder),
    Roles(RoleAssignment),
    Limit(Option<u32>),
    Scenes(Scenes),
    /// Preparation minutes.
    Preparation(u32),
    /// Performance minutes.
    Performance(u32),
}

impl SetupChip {
    fn selected(&self, draft: &SetupDraft) -> bool {
        match self {
            SetupChip::Case(id) => draft.cases.contains(id),
            SetupChip::Order(order) => draft.order == *order,
            SetupChip::Roles(roles) => draft.roles == *roles,
            SetupChip::Limit(limit) => draft.limit == *limit,
            SetupChip::Scenes(scenes) => draft.scenes == *scenes,
            SetupChip::Preparation(m) => draft.timers.preparation_secs == m * 60,
            SetupChip::Performance(m) => draft.timers.performance_secs == m * 60,
        }
    }

    /// Choosing a case toggles it; the other chips pick one of their row.
    fn choose(&self, draft: &mut SetupDraft) {
        match self {
            SetupChip::Case(id) => match draft.cases.iter().position(|c| c == id) {
                Some(p) => {
                    draft.cases.remove(p);
                }
                None => draft.cases.push(id.clone()),
            },
            SetupChip::Order(order) => draft.order = *order,
            SetupChip::Roles(roles) => draft.roles = *roles,
            SetupChip::Limit(limit) => draft.limit = *limit,
            SetupChip::Scenes(scenes) => draft.scenes = *scenes,
            SetupChip::Preparation(m) => draft.timers.preparation_secs = m * 60,
            SetupChip::Performance(m) => draft.timers.performance_secs = m * 60,
        }
    }

    fn look(&self, draft: &SetupDraft) -> ButtonLook {
        if self.selected(draft) {
            ButtonLook::Selected
        } else {
            ButtonLook::Plain
        }
    }
}

/// A heading that shows a number of the draft.
#[derive(Component, Debug, Clone, Copy)]
enum SetupLabel {
    Teams,
    Members,
    Seed,
    Podium,
}

impl SetupLabel {
    fn text(self, ui: &Ui, draft: &SetupDraft) -> String {
        let text = &ui.contest;
        match self {
            SetupLabel::Teams => fill(&text.teams_label, "n", draft.teams.len()),
            SetupLabel::Members => fill(&text.members_label, "n", draft.members),
            SetupLabel::Seed => fill(&text.seed_label, "seed", draft.seed),
            SetupLabel::Podium => fill(&text.podium_label, "n", draft.podium),
        }
    }
}

/// The column of team name and member fields, rebuilt when teams or members are added.
#[derive(Component)]
struct TeamRows;

/// Why the contest could not start, in the header; hidden while there is no error.
#[derive(Component)]
struct ErrorBadge;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        OnEnter(Screen::ContestSetup),
        (init_draft, spawn_setup).chain(),
    )
    .add_systems(
        Update,
        (
            copy_fields_into_draft,
            // a new language changes every word: build the form again
            respawn_setup.run_if(resource_changed::<Ui>),
            show_draft.run_if(resource_exists_and_changed::<SetupDraft>),
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
/// draft quietly, and the draft is shown again only when a button changes it.
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

/// A button changed the draft: the form follows in place (a chip's look, a number, the team
/// rows when teams or members were added or taken away, the error).
#[expect(
    clippy::too_many_arguments,
    reason = "each part of the form that can change"
)]
fn show_draft(
    mut commands: Commands,
    draft: Res<SetupDraft>,
    ui: Res<Ui>,
    mut chips: Query<(&SetupChip, &mut ButtonLook, Option<&mut SelectedMark>)>,
    mut labels: Query<(&SetupLabel, &mut Text)>,
    mut texts: Query<&mut Text, Without<SetupLabel>>,
    fields: Query<(&DraftField, &EditableText)>,
    rows: Query<Entity, With<TeamRows>>,
    mut badge: Query<(&mut Node, &Children), With<ErrorBadge>>,
    children: Query<&Children>,
) {
    for (which, mut look, mark) in &mut chips {
        look.set_if_neq(which.look(&draft));
        if let (SetupChip::Case(id), Some(mut mark)) = (which, mark) {
            mark.set_if_neq(case_mark(&draft, id));
        }
    }
    for (label, mut text) in &mut labels {
        let value = label.text(&ui, &draft);
        if text.0 != value {
            text.0 = value;
        }
    }
    // typing is copied into the draft as it happens, so the fields differ from the draft only
    // when a stepper changed the teams or members
    let mut shown = vec![(String::new(), String::new()); draft.teams.len()];
    let mut fields_seen = 0;
    for (which, text) in &fields {
        let slot = match *which {
            DraftField::Team(i) => shown.get_mut(i).map(|t| &mut t.0),
            DraftField::Members(i) => shown.get_mut(i).map(|t| &mut t.1),
            DraftField::Name => continue,
        };
        fields_seen += 1;
        if let Some(slot) = slot {
            *slot = text.value().to_string();
        }
    }
    if fields_seen != draft.teams.len() * 2 || shown != draft.teams {
        for rows in &rows {
            commands
                .entity(rows)
                .despawn_children()
                .with_children(|rows| spawn_team_rows(rows, &draft));
        }
    }
    for (mut node, badge_children) in &mut badge {
        let display = if draft.error.is_some() {
            Display::Flex
        } else {
            Display::None
        };
        if node.display != display {
            node.display = display;
        }
        // the badge's text is its child's child
        for pill in badge_children {
            if let Ok(inner) = children.get(*pill) {
                set_text(
                    &mut texts,
                    inner,
                    draft.error.as_deref().unwrap_or_default(),
                );
            }
        }
    }
}

/// Sets the text among `children` to `value` if it differs.
fn set_text(texts: &mut Query<&mut Text, Without<SetupLabel>>, children: &Children, value: &str) {
    for child in children {
        if let Ok(mut text) = texts.get_mut(*child)
            && text.0 != value
        {
            text.0 = value.to_owned();
        }
    }
}

/// What a chosen case's chip shows before its title: its place in the contest's order.
fn case_mark(draft: &SetupDraft, id: &str) -> SelectedMark {
    SelectedMark(
        draft
            .cases
            .iter()
            .position(|c| c == id)
            .map_or_else(|| TICK.to_owned(), |p| (p + 1).to_string()),
    )
}

fn respawn_setup(
    mut commands: Commands,
    roots: Query<(Entity, &ScreenRoot)>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
    draft: Res<SetupDraft>,
    library: Res<Library>,
) {
    for (root, _) in roots
        .iter()
        .filter(|(_, shown)| shown.0 == Screen::ContestSetup)
    {
        commands.entity(root).despawn();
    }
    spawn_form(&mut commands, &ui, &fonts, &draft, &library);
}

fn spawn_setup(
    mut commands: Commands,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
    draft: Res<SetupDraft>,
    library: Res<Library>,
) {
    spawn_form(&mut commands, &ui, &fonts, &draft, &library);
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
        .spawn(screen_root("Contest setup screen", Screen::ContestSetup))
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
                bar.spawn((
                    ErrorBadge,
                    Node {
                        display: if draft.error.is_some() {
                            Display::Flex
                        } else {
                            Display::None
                        },
                        ..default()
                    },
                    children![widget::badge(
                        draft.error.clone().unwrap_or_default(),
                        DANGER,
                        DANGER_BG,
                    )],
                ));
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
                body.spawn(layout::growing_column(1.1, px(0)))
                    .with_children(|left| {
                        spawn_teams(left, ui, fonts, draft);
                    });
                body.spawn(layout::growing_column(1.0, px(0)))
                    .with_children(|right| {
                        spawn_rules(right, ui, fonts, draft, library);
                    });
            });
    });
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

/// A heading showing a number of the draft, kept up to date by `show_draft`.
fn label(which: SetupLabel, ui: &Ui, fonts: &UiFonts, draft: &SetupDraft) -> impl Bundle {
    (
        which,
        widget::heading(which.text(ui, draft), FONT_BODY, &fonts.bold),
    )
}

fn spawn_teams(left: &mut ChildSpawnerCommands, ui: &Ui, fonts: &UiFonts, draft: &SetupDraft) {
    let text = &ui.contest;
    left.spawn(row()).with_children(|r| {
        r.spawn(label(SetupLabel::Teams, ui, fonts, draft));
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
        r.spawn(label(SetupLabel::Members, ui, fonts, draft));
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
    left.spawn((
        Name::new("Team rows"),
        TeamRows,
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(10),
            flex_shrink: 0.0,
            ..default()
        },
    ))
    .with_children(|rows| spawn_team_rows(rows, draft));
}

/// A name field and a members field per team.
fn spawn_team_rows(rows: &mut ChildSpawnerCommands, draft: &SetupDraft) {
    for (i, (name, members)) in draft.teams.iter().enumerate() {
        rows.spawn(Node {
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

/// A chip standing for `which`, selected as the draft says; choosing it changes the draft.
fn spawn_chip(
    parent: &mut ChildSpawnerCommands,
    label: String,
    which: SetupChip,
    draft: &SetupDraft,
) {
    let look = which.look(draft);
    let mut chip = parent.spawn((which.clone(), widget::chip(label, look)));
    if let SetupChip::Case(id) = &which {
        chip.insert(case_mark(draft, id));
    }
    chip.observe(move |_: On<Activate>, mut draft: ResMut<SetupDraft>| which.choose(&mut draft));
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
            spawn_chip(r, case.scenario.title.clone(), SetupChip::Case(id), draft);
        }
    });

    choice_row(
        right,
        fonts,
        &text.order_label,
        draft,
        [
            (
                ui.case_order(CaseOrder::InOrder).to_owned(),
                SetupChip::Order(CaseOrder::InOrder),
            ),
            (
                ui.case_order(CaseOrder::Drawn).to_owned(),
                SetupChip::Order(CaseOrder::Drawn),
            ),
        ],
    );
    choice_row(
        right,
        fonts,
        &text.roles_label,
        draft,
        [
            (
                ui.role_assignment(RoleAssignment::Fixed).to_owned(),
                SetupChip::Roles(RoleAssignment::Fixed),
            ),
            (
                ui.role_assignment(RoleAssignment::Rotating).to_owned(),
                SetupChip::Roles(RoleAssignment::Rotating),
            ),
        ],
    );

    right.spawn(row()).with_children(|r| {
        r.spawn((
            SetupLabel::Seed,
            widget::body(SetupLabel::Seed.text(ui, draft)),
        ));
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
            spawn_chip(r, label, SetupChip::Limit(limit), draft);
        }
    });

    choice_row(
        right,
        fonts,
        &text.scenes_label,
        draft,
        [
            (text.scenes_same.clone(), SetupChip::Scenes(Scenes::Same)),
            (
                text.scenes_per_team.clone(),
                SetupChip::Scenes(Scenes::PerTeam),
            ),
        ],
    );
    right.spawn(widget::heading(
        text.timers_label.clone(),
        FONT_BODY,
        &fonts.bold,
    ));
    for (heading, minutes, chip) in [
        (
            &text.preparation,
            PREPARATION_MINUTES,
            SetupChip::Preparation as fn(u32) -> SetupChip,
        ),
        (
            &text.performance,
            PERFORMANCE_MINUTES,
            SetupChip::Performance,
        ),
    ] {
        right.spawn(row()).with_children(|r| {
            r.spawn(widget::body(heading.clone()));
            for m in minutes {
                spawn_chip(r, fill(&text.minutes, "n", m), chip(m), draft);
            }
        });
    }

    right.spawn(row()).with_children(|r| {
        r.spawn(label(SetupLabel::Podium, ui, fonts, draft));
        stepper(
            r,
            |d, _| d.podium = d.podium.saturating_sub(1).max(1),
            |d, _| d.podium = (d.podium + 1).min(d.teams.len()),
        );
    });
}

/// A labelled row of mutually exclusive chips.
fn choice_row<const N: usize>(
    parent: &mut ChildSpawnerCommands,
    fonts: &UiFonts,
    label: &str,
    draft: &SetupDraft,
    choices: [(String, SetupChip); N],
) {
    parent.spawn(row()).with_children(|r| {
        r.spawn(widget::heading(label.to_owned(), FONT_BODY, &fonts.bold));
        for (label, which) in choices {
            spawn_chip(r, label, which, draft);
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
