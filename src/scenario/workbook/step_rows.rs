//! The 步骤 sheet and the sheets that hang off it (选项, 转介卡, 跟进表格, 交接动作, 顺序约束,
//! 分支) turned into the stages and steps of the case text: rows attach to a step by its
//! 步骤编号, in the order of their 序号.

use std::collections::HashMap;

use super::CellRef;
use super::labels;
use super::read::Book;
use super::ron_text::{Field, RonText, string, strings};
use super::sheets::{self, List};
use super::table::{
    Line, Problems, push_closed, push_condition, push_text, push_whole, push_yes, table,
};
use crate::scenario::diagnostic::Code;
use crate::scenario::model::StepKind;

/// The 步骤 sheet grouped into stages, and the other sheets' rows by the step they belong to.
pub(super) struct Steps {
    pub(super) stages: Vec<Stage>,
    kinds: HashMap<String, StepKind>,
    details: HashMap<(&'static str, String), Vec<Line>>,
}

pub(super) struct Stage {
    number: String,
    rows: Vec<(Line, StepKind)>,
}

impl Steps {
    pub(super) fn read(book: &Book, problems: &mut Problems) -> Steps {
        let mut stages: Vec<Stage> = Vec::new();
        let mut kinds = HashMap::new();
        for line in table(book, &sheets::STEPS) {
            let Some((id_cell, id)) = line.text("id") else {
                problems.at(
                    line.cell("id"),
                    Code::E002,
                    "这一行没有写步骤编号".to_owned(),
                    "每一步都要有编号（小写英文字母、数字和连字符），其他表按它找到这一步。",
                );
                continue;
            };
            let Some((_, kind)) = line.closed("kind", List::StepKind, problems) else {
                if !line.has("kind") {
                    problems.at(
                        line.cell("kind"),
                        Code::E002,
                        format!("步骤“{id}”没有写类型"),
                        &format!("“类型”一栏写：{}。", labels::accepted(List::StepKind)),
                    );
                }
                continue;
            };
            let kind = StepKind::ALL
                .into_iter()
                .find(|k| k.name() == kind)
                .unwrap_or(StepKind::Narration);
            if kinds.insert(id.clone(), kind).is_some() {
                problems.at(
                    id_cell,
                    Code::E005,
                    format!("步骤编号“{id}”重复了"),
                    "整个案例里每一步的编号都不能重复：改掉其中一个（别的表里引用它的地方也要改）。",
                );
                continue;
            }
            let number = line
                .text("stage")
                .map(|(_, n)| n)
                .or_else(|| stages.last().map(|s| s.number.clone()))
                .unwrap_or_else(|| "1".to_owned());
            match stages.iter_mut().find(|s| s.number == number) {
                Some(stage) => stage.rows.push((line, kind)),
                None => stages.push(Stage {
                    number,
                    rows: vec![(line, kind)],
                }),
            }
        }
        let mut steps = Steps {
            stages,
            kinds,
            details: HashMap::new(),
        };
        for sheet in [
            &sheets::OPTIONS,
            &sheets::CARD,
            &sheets::FORMS,
            &sheets::ACTIONS,
            &sheets::ORDER,
            &sheets::BRANCHES,
        ] {
            for line in table(book, sheet) {
                steps.add_detail(sheet.name, line, problems);
            }
        }
        steps
    }

    /// Files a row of a detail sheet under its step, if the step takes such rows.
    fn add_detail(&mut self, sheet: &'static str, line: Line, problems: &mut Problems) {
        let Some((cell, step)) = line.text("step") else {
            problems.at(
                line.cell("step"),
                Code::E002,
                "这一行没有写步骤编号".to_owned(),
                "写上它属于哪一步（“步骤”表里的编号）。",
            );
            return;
        };
        let Some(kind) = self.kinds.get(&step) else {
            problems.at(
                cell,
                Code::E004,
                format!("“步骤”表里没有编号为“{step}”的步骤"),
                "检查拼写，或者先在“步骤”表里加上这一步。",
            );
            return;
        };
        let takes = match sheet {
            "选项" => matches!(
                kind,
                StepKind::Script | StepKind::MorningMeeting | StepKind::ReferralCard
            ),
            "转介卡" => *kind == StepKind::ReferralCard,
            "跟进表格" => matches!(kind, StepKind::TrackingSheet | StepKind::ReferralRecord),
            "交接动作" | "顺序约束" => *kind == StepKind::Handoff,
            "分支" => *kind == StepKind::Branch,
            _ => false,
        };
        if !takes {
            problems.at(
                cell,
                Code::E002,
                format!(
                    "步骤“{step}”是{}步骤，“{sheet}”表里的行不属于它",
                    labels::step_kind_label(*kind)
                ),
                "选项属于话术、晨会和转介卡（去向）；转介卡表属于转介卡步骤；跟进表格属于追踪表和推荐记录表；交接动作和顺序约束属于交接步骤；分支表属于分支步骤。",
            );
            return;
        }
        self.details.entry((sheet, step)).or_default().push(line);
    }

    /// The rows of `sheet` for `step`, in the sheet's order.
    fn of(&self, sheet: &'static str, step: &str) -> Vec<&Line> {
        self.details
            .get(&(sheet, step.to_owned()))
            .map(|r| r.iter().collect())
            .unwrap_or_default()
    }
}

/// Rows in the order of their 序号 (conditions like 选了(step, 2) count by it), rows without one
/// after them in the sheet's order. Numbers run 1, 2, 3 … without gaps or repeats, so the number
/// a trainer reads is the number a condition counts.
fn ordered<'a>(rows: Vec<&'a Line>, problems: &mut Problems) -> Vec<&'a Line> {
    let mut numbered: Vec<(i64, &'a Line)> = Vec::new();
    let mut rest = Vec::new();
    for line in rows {
        match line.whole("order", problems) {
            Some((_, n)) => numbered.push((n, line)),
            None => rest.push(line),
        }
    }
    let count = numbered.len() as i64;
    let mut seen = std::collections::HashSet::new();
    for (n, line) in &numbered {
        let why = if !(1..=count).contains(n) {
            format!("这里有 {count} 项写了序号，序号只能是 1 到 {count}，这里写的是 {n}")
        } else if !seen.insert(*n) {
            format!("序号 {n} 重复了")
        } else {
            continue;
        };
        problems.at(
            line.cell("order"),
            Code::E016,
            why,
            "同一步（转介卡和跟进表格是同一栏）的序号从 1 起连续编号，不空号、不重复：分支条件“选了”“填了”按这个序号数第几项。",
        );
    }
    numbered.sort_by_key(|(n, _)| *n);
    numbered
        .into_iter()
        .map(|(_, line)| line)
        .chain(rest)
        .collect()
}

/// The columns of the 步骤 sheet each kind of step reads; a filled cell outside them is a
/// mistake worth saying (a 分值 on a narration), not something to drop silently.
fn reads(kind: StepKind) -> &'static [&'static str] {
    match kind {
        StepKind::Narration => &["text", "next"],
        StepKind::Identify => &["text", "points", "tier", "cues", "needs", "next"],
        StepKind::Script | StepKind::MorningMeeting => &["text", "points", "next"],
        StepKind::ReferralCard | StepKind::TrackingSheet | StepKind::ReferralRecord => {
            &["text", "points", "rule", "next"]
        }
        StepKind::Handoff => &["text", "points", "next"],
        StepKind::Branch => &["next"],
        StepKind::End => &["text", "outcome", "next"],
    }
}

/// A stage's role or title may be written on each of its rows, but then the same on all: a
/// second value is a mistake (a row in the wrong stage, or a stage number not changed).
fn same_in_every_row(stage: &Stage, key: &str, header: &str, problems: &mut Problems) {
    let mut written = stage.rows.iter().filter_map(|(l, _)| l.text(key));
    let Some((_, first)) = written.next() else {
        return;
    };
    if let Some((cell, other)) = written.find(|(_, t)| *t != first) {
        problems.at(
            cell,
            Code::E002,
            format!(
                "第 {} 环节的“{header}”前面写的是“{first}”，这里写的是“{other}”",
                stage.number
            ),
            "同一环节的行“环节”序号相同，岗位和标题也只能有一个：这一行如果属于另一个环节，改它的“环节”序号；否则把这一格改成和前面一样，或者清空。",
        );
    }
}

pub(super) fn write_stage(
    out: &mut RonText,
    stage: &Stage,
    steps: &Steps,
    problems: &mut Problems,
) {
    let first = &stage.rows[0].0;
    out.comment(2, first.text("stage_note").map(|(_, t)| t).as_deref());
    let mark = out.open(2, "(", &first.first);
    let role = stage.rows.iter().find(|(l, _)| l.has("role"));
    match role {
        Some((line, _)) => {
            if let Some((cell, name)) = line.closed("role", List::Role, problems) {
                out.field(
                    3,
                    &Field {
                        key: "role",
                        ron: name,
                        cell,
                    },
                );
            }
        }
        None => problems.at(
            first.cell("role"),
            Code::E002,
            format!("第 {} 环节没有写岗位", stage.number),
            "在这个环节第一行的“岗位”一栏选一个岗位。",
        ),
    }
    let title = stage.rows.iter().find_map(|(l, _)| l.text("stage_title"));
    if let Some((cell, title)) = title {
        out.field(
            3,
            &Field {
                key: "title",
                ron: string(&title),
                cell,
            },
        );
    } else {
        problems.at(
            first.cell("stage_title"),
            Code::E002,
            format!("第 {} 环节没有写标题", stage.number),
            "在这个环节第一行的“环节标题”一栏写一个标题。",
        );
    }
    same_in_every_row(stage, "role", "岗位", problems);
    same_in_every_row(stage, "stage_title", "环节标题", problems);
    let list = out.open(3, "steps: [", &first.first);
    for (line, kind) in &stage.rows {
        write_step(out, line, *kind, steps, problems);
    }
    out.close(3, "],", list);
    out.close(2, "),", mark);
}

fn write_step(
    out: &mut RonText,
    line: &Line,
    kind: StepKind,
    steps: &Steps,
    problems: &mut Problems,
) {
    for (key, (cell, _)) in &line.values {
        let step_column = matches!(
            *key,
            "stage" | "role" | "stage_title" | "id" | "kind" | "stage_note" | "note"
        );
        if !step_column && !reads(kind).contains(key) {
            problems.at(
                cell.clone(),
                Code::E002,
                format!("{}步骤不用写这一栏", labels::step_kind_label(kind)),
                "清空这个单元格；每种步骤用哪些栏见各栏标题上的批注。",
            );
        }
    }
    let id = line.text("id").map(|(_, t)| t).unwrap_or_default();
    out.comment(4, line.text("note").map(|(_, t)| t).as_deref());
    let mark = out.open(4, &format!("{}(", kind.name()), &line.first);
    let mut fields = Vec::new();
    push_text(&mut fields, line, "id", "id");
    let text_key = match kind {
        StepKind::Narration | StepKind::End => "text",
        _ => "prompt",
    };
    if kind == StepKind::End {
        push_closed(
            &mut fields,
            line,
            "outcome",
            "outcome",
            List::Outcome,
            problems,
        );
    }
    if kind != StepKind::Branch {
        push_text(&mut fields, line, "text", text_key);
    }
    push_whole(&mut fields, line, "points", "points", problems);
    if kind == StepKind::Identify {
        push_yes(&mut fields, line, "tier", "tier", problems);
        for key in ["cues", "needs"] {
            if let Some((cell, ids)) = line.names(key) {
                fields.push(Field {
                    key: if key == "cues" { "cues" } else { "needs" },
                    ron: strings(&ids),
                    cell,
                });
            }
        }
    }
    if matches!(
        kind,
        StepKind::ReferralCard | StepKind::TrackingSheet | StepKind::ReferralRecord
    ) {
        push_text(&mut fields, line, "rule", "rule");
    }
    if kind != StepKind::Branch {
        push_text(&mut fields, line, "next", "next");
    }
    for field in &fields {
        out.field(5, field);
    }
    match kind {
        StepKind::Script | StepKind::MorningMeeting => {
            write_options(out, "options", &steps.of("选项", &id), line, problems)
        }
        StepKind::ReferralCard => {
            write_columns(
                out,
                &steps.of("转介卡", &id),
                line,
                List::CardField,
                problems,
                card_entry,
            );
            write_options(out, "route", &steps.of("选项", &id), line, problems);
        }
        StepKind::TrackingSheet | StepKind::ReferralRecord => write_columns(
            out,
            &steps.of("跟进表格", &id),
            line,
            List::FormField,
            problems,
            form_entry,
        ),
        StepKind::Handoff => write_handoff(
            out,
            &steps.of("交接动作", &id),
            &steps.of("顺序约束", &id),
            line,
            problems,
        ),
        StepKind::Branch => {
            let list = out.open(5, "cases: [", &line.first);
            for case in steps.of("分支", &id) {
                out.comment(6, case.text("note").map(|(_, t)| t).as_deref());
                let mut fields = Vec::new();
                push_condition(&mut fields, case, "when", "when", problems);
                push_text(&mut fields, case, "next", "next");
                out.compact(6, &fields, &case.first);
            }
            out.close(5, "],", list);
            if let Some((cell, next)) = line.text("next") {
                out.field(
                    5,
                    &Field {
                        key: "otherwise",
                        ron: string(&next),
                        cell,
                    },
                );
            }
        }
        _ => {}
    }
    out.close(4, "),", mark);
}

fn write_options(
    out: &mut RonText,
    key: &str,
    rows: &[&Line],
    step: &Line,
    problems: &mut Problems,
) {
    let list = out.open(5, &format!("{key}: ["), &step.first);
    for line in ordered(rows.to_vec(), problems) {
        out.comment(6, line.text("note").map(|(_, t)| t).as_deref());
        let mut fields = Vec::new();
        push_text(&mut fields, line, "text", "text");
        push_closed(&mut fields, line, "grade", "grade", List::Grade, problems);
        push_whole(&mut fields, line, "points", "points", problems);
        push_text(&mut fields, line, "rule", "rule");
        push_text(&mut fields, line, "feedback", "feedback");
        push_text(&mut fields, line, "reaction", "reaction");
        push_text(&mut fields, line, "thought", "thought");
        push_whole(&mut fields, line, "trust", "trust", problems);
        push_whole(&mut fields, line, "patience", "patience", problems);
        push_text(&mut fields, line, "next", "next");
        out.compact(6, &fields, &line.first);
    }
    out.close(5, "],", list);
}

/// Rows grouped by their 栏目, in the order the columns first appear.
fn by_field<'a>(
    rows: &[&'a Line],
    list: List,
    problems: &mut Problems,
) -> Vec<(String, CellRef, Vec<&'a Line>)> {
    let mut groups: Vec<(String, CellRef, Vec<&'a Line>)> = Vec::new();
    for line in rows {
        let Some((cell, field)) = line.closed("field", list, problems) else {
            if !line.has("field") {
                problems.at(
                    line.cell("field"),
                    Code::E002,
                    "这一行没有写栏目".to_owned(),
                    &format!("“栏目”写：{}。", labels::accepted(list)),
                );
            }
            continue;
        };
        match groups.iter_mut().find(|(f, _, _)| *f == field) {
            Some(group) => group.2.push(line),
            None => groups.push((field, cell, vec![line])),
        }
    }
    groups
}

/// The columns of a referral card or a follow-up form: rows grouped by their 栏目, each
/// column's entries in the order of their 序号, each entry's fields as `entry` reads them.
fn write_columns(
    out: &mut RonText,
    rows: &[&Line],
    step: &Line,
    list: List,
    problems: &mut Problems,
    entry: impl Fn(&Line, &mut Problems) -> Vec<Field>,
) {
    let outer = out.open(5, "fields: [", &step.first);
    for (field, cell, choices) in by_field(rows, list, problems) {
        let group = out.open(6, "(", &cell);
        out.field(
            7,
            &Field {
                key: "field",
                ron: field,
                cell,
            },
        );
        let inner = out.open(7, "choices: [", &choices[0].first);
        for line in ordered(choices, problems) {
            out.comment(8, line.text("note").map(|(_, t)| t).as_deref());
            let fields = entry(line, problems);
            out.compact(8, &fields, &line.first);
        }
        out.close(7, "],", inner);
        out.close(6, "),", group);
    }
    out.close(5, "],", outer);
}

/// An entry of the referral card: right or wrong, and how the customer takes it.
fn card_entry(line: &Line, problems: &mut Problems) -> Vec<Field> {
    let mut fields = Vec::new();
    push_text(&mut fields, line, "text", "text");
    push_yes(&mut fields, line, "correct", "correct", problems);
    push_text(&mut fields, line, "rule", "rule");
    push_text(&mut fields, line, "feedback", "feedback");
    push_whole(&mut fields, line, "trust", "trust", problems);
    push_whole(&mut fields, line, "patience", "patience", problems);
    push_text(&mut fields, line, "thought", "thought");
    fields
}

/// An entry of a follow-up form: right always, or for some endings and conditions of the run.
fn form_entry(line: &Line, problems: &mut Problems) -> Vec<Field> {
    let mut fields = Vec::new();
    push_text(&mut fields, line, "text", "text");
    push_yes(&mut fields, line, "correct", "correct", problems);
    if let Some((cell, ron)) = line.closed_names("outcomes", List::Outcome, "结局", problems) {
        fields.push(Field {
            key: "outcomes",
            ron,
            cell,
        });
    }
    push_condition(&mut fields, line, "when", "when", problems);
    push_condition(&mut fields, line, "unless", "unless", problems);
    push_text(&mut fields, line, "rule", "rule");
    push_text(&mut fields, line, "feedback", "feedback");
    fields
}

fn write_handoff(
    out: &mut RonText,
    actions: &[&Line],
    order: &[&Line],
    step: &Line,
    problems: &mut Problems,
) {
    let list = out.open(5, "actions: [", &step.first);
    for line in actions {
        out.comment(6, line.text("note").map(|(_, t)| t).as_deref());
        let mut fields = Vec::new();
        push_text(&mut fields, line, "id", "id");
        push_text(&mut fields, line, "text", "text");
        push_closed(
            &mut fields,
            line,
            "kind",
            "kind",
            List::ActionKind,
            problems,
        );
        push_text(&mut fields, line, "rule", "rule");
        push_text(&mut fields, line, "feedback", "feedback");
        push_whole(&mut fields, line, "trust", "trust", problems);
        push_whole(&mut fields, line, "patience", "patience", problems);
        push_text(&mut fields, line, "thought", "thought");
        out.compact(6, &fields, &line.first);
    }
    out.close(5, "],", list);
    if order.is_empty() {
        return;
    }
    let list = out.open(5, "order: [", &order[0].first);
    for line in order {
        out.comment(6, line.text("note").map(|(_, t)| t).as_deref());
        let mut fields = Vec::new();
        push_text(&mut fields, line, "before", "before");
        push_text(&mut fields, line, "after", "after");
        push_text(&mut fields, line, "message", "message");
        push_text(&mut fields, line, "rule", "rule");
        out.compact(6, &fields, &line.first);
    }
    out.close(5, "],", list);
}
