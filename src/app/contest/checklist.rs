//! The observers' checklist for the turn just played, on the scoreboard's side panel: each item
//! of the case's checklist (or `rules.ron`'s) marked 0–2 with an optional comment, under the
//! observer's name. Several observers may score the same turn; the scoreboard counts the mean
//! of their totals. The marks being put together change in place, so a comment being typed
//! survives a click.

use bevy::prelude::*;
use bevy::text::EditableText;
use bevy::ui_widgets::Activate;

use super::active::ActiveContest;
use crate::app::i18n::{Language, Ui, fill};
use crate::app::library::Library;
use crate::app::screen::Screen;
use crate::app::storage::Storage;
use crate::app::theme::field::{FieldSubmitted, field_value, text_field_in};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};
use crate::competition::ObserverSheet;
use crate::competition::observer_mean;
use crate::scenario::catalogue::{MAX_MARK, ObserverChecklist};

/// The marks being put together for the last turn, and what the trainer must be told.
#[derive(Resource, Debug, Default)]
pub(super) struct SheetDraft {
    /// One mark per checklist item, `None` until chosen.
    marks: Vec<Option<u8>>,
    pub(super) notice: Option<String>,
}

/// A mark chip: this item, this mark.
#[derive(Component, Debug, Clone, Copy)]
struct MarkChip {
    item: usize,
    mark: u8,
}

#[derive(Component)]
struct ObserverField;

/// The comment field of an item.
#[derive(Component)]
struct ItemComment(usize);

/// The draft's running total.
#[derive(Component)]
struct SheetTotal;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SheetDraft>().add_systems(
        Update,
        restyle_marks.run_if(in_state(Screen::Scoreboard).and_then(resource_changed::<SheetDraft>)),
    );
}

/// The checklist of the last turn's case.
fn checklist_of(contest: &ActiveContest, library: &Library) -> Option<ObserverChecklist> {
    let last = contest.last_result.as_ref()?;
    let case = library.case(&contest.info.setup.case_of(last.turn)?)?;
    Some(case.checklist())
}

fn total_text(ui: &Ui, checklist: &ObserverChecklist, draft: &SheetDraft) -> String {
    let points = checklist.points(draft.marks.iter().map(|m| m.unwrap_or(0)));
    fill(
        &ui.contest.checklist_total,
        "points",
        format!("{points:.1}"),
    )
}

/// The checklist under the last turn: the sheets already given, the observer's name, a row of
/// 0–2 chips and a comment per item, and 记入.
pub(super) fn spawn_checklist(
    side: &mut ChildSpawnerCommands,
    contest: &ActiveContest,
    draft: &mut SheetDraft,
    library: &Library,
    ui: &Ui,
    language: &Language,
    fonts: &UiFonts,
) {
    let text = &ui.contest;
    let (Some(last), Some(checklist)) = (&contest.last_result, checklist_of(contest, library))
    else {
        return;
    };
    draft.marks.resize(checklist.items.len(), None);
    side.spawn(widget::heading(
        text.checklist_title.clone(),
        FONT_BODY,
        &fonts.bold,
    ));
    // the sheets this turn already has, and the mean that counts
    let given: Vec<&ObserverSheet> = contest
        .board
        .standings
        .iter()
        .filter(|s| s.team == last.turn.team)
        .flat_map(|s| &s.observations)
        .filter(|o| o.round == last.turn.round)
        .flat_map(|o| &o.sheets)
        .collect();
    if !given.is_empty() {
        let sheets: Vec<String> = given
            .iter()
            .map(|s| {
                fill(
                    &fill(&text.checklist_sheet, "observer", &s.observer),
                    "points",
                    format!("{:.1}", s.points),
                )
            })
            .collect();
        let owned: Vec<ObserverSheet> = given.iter().map(|s| (*s).clone()).collect();
        side.spawn(widget::text(
            fill(
                &fill(
                    &text.checklist_given,
                    "sheets",
                    sheets.join(&text.list_separator),
                ),
                "mean",
                format!("{:.1}", observer_mean(&owned)),
            ),
            FONT_SMALL,
            SUCCESS,
        ));
    }
    side.spawn(widget::muted(text.checklist_observer.clone()));
    side.spawn((
        ObserverField,
        text_field_in(
            "",
            Node {
                width: percent(100),
                ..default()
            },
            crate::competition::MAX_PERSON_NAME_CHARS,
        ),
    ))
    .insert(Name::new("Observer name field"));
    for (i, item) in checklist.items.iter().enumerate() {
        side.spawn(Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(4),
            flex_shrink: 0.0,
            ..default()
        })
        .with_children(|block| {
            block
                .spawn(Node {
                    column_gap: px(6),
                    align_items: AlignItems::Center,
                    ..default()
                })
                .with_children(|row| {
                    row.spawn((
                        Node {
                            flex_grow: 1.0,
                            min_width: px(0),
                            ..default()
                        },
                        children![widget::text(
                            item.title_in(language.0).to_owned(),
                            FONT_BODY,
                            TEXT
                        )],
                    ));
                    for mark in 0..=MAX_MARK {
                        row.spawn((
                            widget::chip(mark.to_string(), mark_look(draft, i, mark)),
                            MarkChip { item: i, mark },
                        ))
                        .observe(choose_mark);
                    }
                });
            let about = item.about_in(language.0);
            if !about.is_empty() {
                block.spawn(widget::muted(about.to_owned()));
            }
            block
                .spawn((
                    ItemComment(i),
                    // a comment says why an item fell short: its field shows under a mark
                    // below full
                    text_field_in(
                        "",
                        Node {
                            width: percent(100),
                            display: comment_display(draft, i),
                            ..default()
                        },
                        crate::competition::MAX_COMMENT_CHARS,
                    ),
                ))
                .insert(Name::new(format!("Checklist comment {}", i + 1)))
                .observe(|_: On<FieldSubmitted>, mut commands: Commands| {
                    commands.run_system_cached(record_sheet);
                });
        });
    }
    side.spawn((
        SheetTotal,
        widget::heading(total_text(ui, &checklist, draft), FONT_BODY, &fonts.bold),
    ));
    side.spawn(widget::muted(text.observer_hint.clone()));
    side.spawn(widget::button(
        text.record_points.clone(),
        ButtonLook::Plain,
    ))
    .observe(|_: On<Activate>, mut commands: Commands| {
        commands.run_system_cached(record_sheet);
    });
}

fn comment_display(draft: &SheetDraft, item: usize) -> Display {
    match draft.marks.get(item).copied().flatten() {
        Some(mark) if mark < MAX_MARK => Display::Flex,
        _ => Display::None,
    }
}

fn mark_look(draft: &SheetDraft, item: usize, mark: u8) -> ButtonLook {
    if draft.marks.get(item).copied().flatten() == Some(mark) {
        ButtonLook::Selected
    } else {
        ButtonLook::Plain
    }
}

fn choose_mark(event: On<Activate>, chips: Query<&MarkChip>, mut draft: ResMut<SheetDraft>) {
    if let Ok(chip) = chips.get(event.entity)
        && let Some(slot) = draft.marks.get_mut(chip.item)
    {
        *slot = Some(chip.mark);
    }
}

/// A mark chosen: the chips and the total follow, nothing else is touched.
fn restyle_marks(
    draft: Res<SheetDraft>,
    contest: Option<Res<ActiveContest>>,
    library: Res<Library>,
    ui: Res<Ui>,
    mut chips: Query<(&MarkChip, &mut ButtonLook)>,
    mut totals: Query<&mut Text, With<SheetTotal>>,
    mut comments: Query<(&ItemComment, &mut Node)>,
) {
    for (chip, mut look) in &mut chips {
        look.set_if_neq(mark_look(&draft, chip.item, chip.mark));
    }
    for (comment, mut node) in &mut comments {
        let display = comment_display(&draft, comment.0);
        if node.display != display {
            node.display = display;
        }
    }
    let Some(checklist) = contest.and_then(|c| checklist_of(&c, &library)) else {
        return;
    };
    let total = total_text(&ui, &checklist, &draft);
    for mut text in &mut totals {
        if text.0 != total {
            text.0 = total.clone();
        }
    }
}

/// Records the observer's sheet for the last turn (replacing the same observer's earlier sheet
/// for it) and refreshes the scoreboard.
#[expect(
    clippy::too_many_arguments,
    reason = "a sheet reads its fields, the case's checklist and the store"
)]
fn record_sheet(
    observer: Query<&EditableText, With<ObserverField>>,
    comments: Query<(&ItemComment, &EditableText)>,
    mut draft: ResMut<SheetDraft>,
    mut contest: ResMut<ActiveContest>,
    storage: Res<Storage>,
    library: Res<Library>,
    ui: Res<Ui>,
    language: Res<Language>,
) {
    let (Some(last), Some(checklist)) = (
        contest.last_result.clone(),
        checklist_of(&contest, &library),
    ) else {
        return;
    };
    let observer = observer.single().map(field_value).unwrap_or_default();
    let marks: Vec<(usize, u8, String)> = draft
        .marks
        .iter()
        .enumerate()
        .filter_map(|(i, mark)| {
            let comment = comments
                .iter()
                .find(|(c, _)| c.0 == i)
                .map(|(_, field)| field_value(field))
                .unwrap_or_default();
            mark.map(|m| (i, m, comment))
        })
        .collect();
    let sheet = match ObserverSheet::fill(
        &checklist,
        last.turn.team,
        last.turn.round,
        &observer,
        &marks,
    ) {
        Ok(sheet) => sheet,
        Err(e) => {
            let titles: Vec<&str> = checklist
                .items
                .iter()
                .map(|item| item.title_in(language.0))
                .collect();
            draft.notice = Some(ui.errors.sheet(&e, &titles));
            return;
        }
    };
    let id = contest.info.id;
    match storage.with(|store| store.add_observer_sheet(id, &sheet)) {
        Some(Ok(())) => {
            draft.marks = Vec::new();
            draft.notice = None;
            if let Err(e) = contest.refresh(&storage) {
                draft.notice = Some(e.text(&ui));
            }
        }
        Some(Err(e)) => draft.notice = Some(ui.errors.store(&e)),
        None => {
            draft.notice = Some(
                storage
                    .problem_text(&ui)
                    .unwrap_or_else(|| ui.contest.no_db.clone()),
            )
        }
    }
}
