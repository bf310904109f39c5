//! Shape checks: version, limits, empty lists, duplicate ids, values out of range, weights.

use std::collections::HashMap;
use std::hash::Hash;

use super::Report;
use crate::path;
use crate::scenario::catalogue::Catalogue;
use crate::scenario::diagnostic::Code;
use crate::scenario::limits::{
    MAX_CASE_RENDERED_CHARS, MAX_ID_CHARS, MAX_RENDERED_CHARS, MAX_STEPS, MAX_TEXT_CHARS,
};
use crate::scenario::locate::{ValuePath, duplicate_map_keys};
use crate::scenario::model::{
    ActionKind, AmountRange, CardField, FORMAT_VERSION, Grade, Rubric, Scenario, Step,
};
use crate::scenario::texts::for_each_text;
use crate::scenario::variant::{longest_rendering, longest_values};

pub(super) fn check(scenario: &Scenario, catalogue: &Catalogue, report: &mut Report) {
    if scenario.format != FORMAT_VERSION {
        report.push(
            Code::E018,
            &path!["format"],
            format!(
                "格式版本 {} 不受支持，本程序读取版本 {FORMAT_VERSION}",
                scenario.format
            ),
            format!("写 `format: {FORMAT_VERSION}`；若案例来自更新的版本，请升级 liandong。"),
        );
    }
    let id_well_formed = !scenario.id.is_empty()
        && scenario
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !too_long_id(&scenario.id, &path!["id"], report) && !id_well_formed {
        report.push(
            Code::E016,
            &path!["id"],
            format!("案例 id “{}” 只能用小写英文字母、数字和连字符", scenario.id),
            "例如 `id: \"overseas-worker\"`;id 也用作文件名和成绩记录的键。",
        );
    }
    let steps: usize = scenario.stages.iter().map(|s| s.steps.len()).sum();
    if steps > MAX_STEPS {
        report.push(
            Code::E020,
            &path!["stages"],
            format!("案例有 {steps} 个步骤，超过上限 {MAX_STEPS}"),
            "把它拆成几个案例。",
        );
    }
    let longest = longest_values(scenario);
    // every text at its longest, summed: what playing, printing and saving the case can cost
    let mut whole = 0usize;
    let mut largest: Option<(usize, ValuePath)> = None;
    let mut text_over = false;
    for_each_text(scenario, |at, text| {
        let chars = text.chars().count();
        let filled = if text.contains('{') {
            longest_rendering(text, &longest)
        } else {
            chars
        };
        whole = whole.saturating_add(filled);
        if largest.as_ref().is_none_or(|(most, _)| filled > *most) {
            largest = Some((filled, at.clone()));
        }
        if chars > MAX_TEXT_CHARS {
            text_over = true;
            report.push(
                Code::E020,
                &at,
                format!("这段文字有 {chars} 个字，超过上限 {MAX_TEXT_CHARS}"),
                "缩短它，或拆成几个叙述步骤。",
            );
            return;
        }
        // placeholders must not smuggle a text past the limit: every check of the filled-in
        // text (forbidden phrasing above all) would grow with it
        if filled > MAX_RENDERED_CHARS {
            text_over = true;
            report.push(
                Code::E020,
                &at,
                format!(
                    "这段文字填入占位符后最长可达 {filled} 个字，超过上限 {MAX_RENDERED_CHARS}"
                ),
                "少用长的占位符（例如同事的资历 {staff.同事id.credentials}），或缩短它们的内容。",
            );
        }
    });
    // a text over its own limit is reported as such: fixing it changes the sum
    if whole > MAX_CASE_RENDERED_CHARS
        && !text_over
        && let Some((most, at)) = largest
    {
        report.push(
            Code::E020,
            &at,
            format!(
                "整个案例的文字填入占位符后最长可达 {whole} 个字，超过上限 {MAX_CASE_RENDERED_CHARS}；最长的一段在这里（{most} 个字）"
            ),
            "案例太长：拆成几个案例；或者少用长的占位符（例如同事的资历 {staff.同事id.credentials}），或缩短它们的内容。",
        );
    }
    check_customer(scenario, report);
    tier_amounts(scenario, catalogue, report);
    check_rubric(scenario.rubric.as_ref(), &path!["rubric"], report);
    check_checklist(&scenario.checklist, "checklist", Code::E016, report);
    check_steps(scenario, report);
    duplicates(
        scenario.stages.iter().enumerate().flat_map(|(s, stage)| {
            stage
                .steps
                .iter()
                .enumerate()
                .map(move |(k, step)| (step.id().clone(), path!["stages", s, "steps", k, "id"]))
        }),
        "步骤",
        report,
    );
}

fn check_customer(scenario: &Scenario, report: &mut Report) {
    let customer = &scenario.customer;
    empty(
        customer.names.is_empty(),
        &path!["customer", "names"],
        "客户姓名池",
        report,
    );
    probability(customer.hurried, &path!["customer", "hurried"], report);
    for (key, value) in [("trust", customer.trust), ("patience", customer.patience)] {
        if let Some(value) = value.filter(|v| *v > 100) {
            report.push(
                Code::E016,
                &path!["customer", key],
                format!("{key}: {value} 超过 100"),
                "信任和耐心在 0 到 100 之间。",
            );
        }
    }
    range(
        customer.system.balance,
        &path!["customer", "system", "balance"],
        report,
    );
    if let Some(assets) = customer.assets {
        range(assets, &path!["customer", "assets"], report);
    }
    for (key, amount) in &customer.amounts {
        range(*amount, &path!["customer", "amounts", key.as_str()], report);
    }
    if !customer.amounts.is_empty() {
        // serde keeps the last of two equal keys without a word: read the text again
        for (key, first, again) in duplicate_map_keys(report.source(), "amounts") {
            let line = report.text_index().locate(first).line;
            report.push_at_offset(
                Code::E005,
                again,
                format!("金额名称 “{key}” 写了两次（第 {line} 行已经有一个）：只有后写的算数"),
                "每个金额名称只写一次：删掉一个，或者给其中一个改名（并改掉文字里的 {amount.名称}）。",
            );
        }
    }
    empty_names(&customer.names, &path!["customer", "names"], report);
    if let Some(company) = &customer.company {
        let at = path!["customer", "company"];
        empty(
            company.names.is_empty(),
            &at.at("names"),
            "企业名称池",
            report,
        );
        for (i, name) in company.names.iter().enumerate() {
            if name.trim().is_empty() {
                report.push(
                    Code::E016,
                    &at.at("names").at(i),
                    "企业名称池里有一个空的名称",
                    "写一个企业名称（例如 \"宏达机械配件有限公司\"），或者删掉这一项：抽到它时，文字里的 {company} 会变成空白。",
                );
            }
        }
        range(company.turnover, &at.at("turnover"), report);
    }
    empty(
        scenario.stages.is_empty(),
        &path!["stages"],
        "环节列表 stages",
        report,
    );
    for (i, member) in scenario.staff.iter().enumerate() {
        let at = path!["staff", i];
        empty(
            member.names.is_empty(),
            &at.at("names"),
            "同事姓名池",
            report,
        );
        empty_names(&member.names, &at.at("names"), report);
        probability(member.busy, &at.at("busy"), report);
    }
    duplicates(
        customer
            .cues
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), path!["customer", "cues", i, "id"])),
        "线索",
        report,
    );
    duplicates(
        customer
            .needs
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), path!["customer", "needs", i, "id"])),
        "需求",
        report,
    );
    duplicates(
        scenario
            .staff
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), path!["staff", i, "id"])),
        "同事",
        report,
    );
}

/// The longest title of a checklist item: a row of the observers' sheet.
const MAX_CHECKLIST_TITLE_CHARS: usize = 20;
/// The longest description of a checklist item: one sentence.
const MAX_CHECKLIST_ABOUT_CHARS: usize = 120;

/// The observers' checklist items under `key` (a case's `checklist`, or the catalogue's
/// `observer_checklist.items`): ids once each, a title each, texts of one line and bounded.
pub(super) fn check_checklist(
    items: &[crate::scenario::catalogue::ChecklistItem],
    key: &str,
    empty_code: Code,
    report: &mut Report,
) {
    let base = |i: usize| {
        let mut at = if key == "checklist" {
            path!["checklist"]
        } else {
            path!["observer_checklist", "items"]
        };
        at.0.push(crate::scenario::locate::Seg::from(i));
        at
    };
    if items.len() > crate::scenario::catalogue::MAX_CHECKLIST_ITEMS {
        let max = crate::scenario::catalogue::MAX_CHECKLIST_ITEMS;
        report.push(
            Code::E020,
            &base(max),
            format!("观察评分表有 {} 项，超过上限 {max}", items.len()),
            "观察员要在一两分钟里打完分：只留最要紧的几项。",
        );
    }
    duplicates(
        items.iter().enumerate().map(|(i, item)| {
            let mut at = base(i);
            at.0.push(crate::scenario::locate::Seg::from("id"));
            (item.id.clone(), at)
        }),
        "评分项",
        report,
    );
    for (i, item) in items.iter().enumerate() {
        let texts = [
            (&item.title, MAX_CHECKLIST_TITLE_CHARS),
            (&item.title_en, MAX_CHECKLIST_TITLE_CHARS * 2),
            (&item.about, MAX_CHECKLIST_ABOUT_CHARS),
            (&item.about_en, MAX_CHECKLIST_ABOUT_CHARS * 2),
        ];
        if item.title.trim().is_empty() {
            report.push(
                empty_code,
                &base(i),
                format!("评分项 “{}” 没有标题", item.id),
                "title 写观察员看得懂的几个字，例如“双手递接”。",
            );
        } else if texts
            .iter()
            .any(|(text, max)| text.chars().count() > *max || text.chars().any(char::is_control))
        {
            report.push(
                Code::E020,
                &base(i),
                format!("评分项 “{}” 的文字太长或含有换行", item.title),
                format!(
                    "标题最多 {MAX_CHECKLIST_TITLE_CHARS} 个字，说明最多 {MAX_CHECKLIST_ABOUT_CHARS} 个字，都写成一行。"
                ),
            );
        }
    }
}

pub(super) fn check_rubric(rubric: Option<&Rubric>, at: &ValuePath, report: &mut Report) {
    let Some(rubric) = rubric else { return };
    // summed wide: a weight of 4294967295 must not wrap round to 100
    let sum =
        u64::from(rubric.identification) + u64::from(rubric.script) + u64::from(rubric.handoff);
    if sum != 100 {
        report.push(
            Code::E012,
            at,
            format!(
                "识别 {} + 话术 {} + 交接 {} = {sum}，应为 100",
                rubric.identification, rubric.script, rubric.handoff
            ),
            "调整三个权重，使它们相加等于 100。",
        );
    }
    if rubric.pass_mark > 100 {
        report.push(
            Code::E016,
            &at.at("pass_mark"),
            format!("及格线 {} 超过 100 分", rubric.pass_mark),
            "及格线在 0 到 100 之间，常用 70 或 80。",
        );
    }
}

fn check_steps(scenario: &Scenario, report: &mut Report) {
    for (s, stage) in scenario.stages.iter().enumerate() {
        let stage_at = path!["stages", s];
        empty(
            stage.steps.is_empty(),
            &stage_at.at("steps"),
            "步骤列表 steps",
            report,
        );
        for (k, step) in stage.steps.iter().enumerate() {
            let at = stage_at.at("steps").at(k);
            if step.is_decision() && step.points() == 0 {
                report.push(
                    Code::E016,
                    &at.at("points"),
                    "计分步骤的分值不能是 0",
                    "去掉 points（默认 10 分）或写一个正数。",
                );
            }
            match step {
                Step::Identify(s) => {
                    if !s.tier && s.cues.is_empty() && s.needs.is_empty() {
                        report.push(
                            Code::E013,
                            &at,
                            format!("识别步骤 {} 什么也没问", s.id),
                            "至少写 `tier: true`，或列出 cues / needs。",
                        );
                    }
                }
                Step::Script(s) | Step::MorningMeeting(s) => {
                    option_list(s.options.len(), s.points, &at.at("options"), report);
                    for (i, option) in s.options.iter().enumerate() {
                        option_points(
                            option.points,
                            option.grade,
                            s.points,
                            &at.at("options").at(i),
                            report,
                        );
                    }
                }
                Step::ReferralCard(c) => {
                    empty(
                        c.fields.is_empty(),
                        &at.at("fields"),
                        "转介卡栏目 fields",
                        report,
                    );
                    empty(
                        c.route.is_empty(),
                        &at.at("route"),
                        "卡片去向 route",
                        report,
                    );
                    for (f, field) in c.fields.iter().enumerate() {
                        empty(
                            field.choices.is_empty(),
                            &at.at("fields").at(f).at("choices"),
                            "栏目的候选项 choices",
                            report,
                        );
                    }
                    for (i, option) in c.route.iter().enumerate() {
                        if option.next.is_some() {
                            report.push(
                                Code::E016,
                                &at.at("route").at(i).at("next"),
                                "卡片去向不能单独跳转",
                                "把 next 写在 ReferralCard 步骤上；要按客户反应分支，请在后面加一个 Script 步骤。",
                            );
                        }
                        option_points(
                            option.points,
                            option.grade,
                            c.points,
                            &at.at("route").at(i),
                            report,
                        );
                    }
                    card_fields(c.fields.iter().map(|f| f.field), &at.at("fields"), report);
                }
                Step::Handoff(h) => {
                    empty(
                        h.actions.is_empty(),
                        &at.at("actions"),
                        "动作池 actions",
                        report,
                    );
                    duplicates(
                        h.actions
                            .iter()
                            .enumerate()
                            .map(|(i, a)| (a.id.clone(), at.at("actions").at(i).at("id"))),
                        "动作",
                        report,
                    );
                    for (i, constraint) in h.order.iter().enumerate() {
                        for (end, id) in
                            [("before", &constraint.before), ("after", &constraint.after)]
                        {
                            let kind = h.actions.iter().find(|a| &a.id == id).map(|a| a.kind);
                            if kind.is_some_and(|k| k != ActionKind::Required) {
                                report.push(
                                    Code::E016,
                                    &at.at("order").at(i).at(end),
                                    format!("顺序约束引用了非必做动作 {id}"),
                                    "顺序约束只能连接 kind: Required 的动作；干扰项和红线动作不该出现在标准流程里。",
                                );
                            }
                        }
                    }
                }
                Step::TrackingSheet(f) | Step::ReferralRecord(f) => {
                    empty(
                        f.fields.is_empty(),
                        &at.at("fields"),
                        "表格栏目 fields",
                        report,
                    );
                    for (k, field) in f.fields.iter().enumerate() {
                        empty(
                            field.choices.is_empty(),
                            &at.at("fields").at(k).at("choices"),
                            "栏目的候选项 choices",
                            report,
                        );
                    }
                }
                Step::Branch(b) => {
                    empty(
                        b.cases.is_empty(),
                        &at.at("cases"),
                        "分支条件 cases",
                        report,
                    );
                }
                Step::Narration(_) | Step::End(_) => {}
            }
        }
    }
}

fn option_list(count: usize, _points: u32, at: &ValuePath, report: &mut Report) {
    if count == 0 {
        empty(true, at, "话术选项 options", report);
    } else if !(2..=5).contains(&count) {
        report.push(
            Code::E016,
            at,
            format!("话术选择有 {count} 个选项，应为 2 到 5 个"),
            "只有一个选项就谈不上选择；超过五个学员难以比较。",
        );
    }
}

fn option_points(
    points: Option<u32>,
    grade: Grade,
    step_points: u32,
    at: &ValuePath,
    report: &mut Report,
) {
    let Some(points) = points else { return };
    if points > step_points {
        report.push(
            Code::E016,
            &at.at("points"),
            format!("选项得分 {points} 超过本步分值 {step_points}"),
            "选项得分不能超过步骤的 points。",
        );
    }
    if grade == Grade::RedLine && points > 0 {
        report.push(
            Code::E016,
            &at.at("points"),
            "红线选项不能得分",
            "删掉 points：红线选项一律 0 分并判定不通过。",
        );
    }
}

fn card_fields(fields: impl Iterator<Item = CardField>, at: &ValuePath, report: &mut Report) {
    let fields: Vec<CardField> = fields.collect();
    if fields.is_empty() {
        return;
    }
    for wanted in [
        CardField::Name,
        CardField::Contact,
        CardField::Need,
        CardField::Referrer,
        CardField::OnSite,
    ] {
        match fields.iter().filter(|f| **f == wanted).count() {
            0 => report.push(
                Code::E016,
                at,
                format!("转介卡缺少“{}”栏", wanted.label()),
                "转介卡是“四个填写，一个挑选”：Name、Contact、Need、Referrer 四栏加 OnSite 一选。",
            ),
            1 => {}
            _ => report.push(
                Code::E016,
                at,
                format!("转介卡的“{}”栏出现了不止一次", wanted.label()),
                "每一栏只写一次。",
            ),
        }
    }
}

/// A name that is empty or only blanks: the customer or colleague would be called "" in every
/// text that names them.
fn empty_names(names: &[String], at: &ValuePath, report: &mut Report) {
    for (i, name) in names.iter().enumerate() {
        if name.trim().is_empty() {
            report.push(
                Code::E016,
                &at.at(i),
                "姓名池里有一个空的名字",
                "写一个真实的姓名（例如 \"王建国\"），或者删掉这一项：抽到它时，文字里的 {customer} 等会变成空白。",
            );
        } else if let Some(c) = name
            .chars()
            .find(|c| crate::scenario::texts::is_invisible(*c))
        {
            report.push(
                Code::E016,
                &at.at(i),
                format!("名字里有看不见的字符 U+{:04X}", u32::from(c)),
                "删掉零宽字符、方向控制符和分行符：看起来一样的两个名字会被当成不同的人。",
            );
        }
    }
}

pub(super) fn empty(is_empty: bool, at: &ValuePath, what: &str, report: &mut Report) {
    if is_empty {
        report.push(
            Code::E013,
            at,
            format!("{what}是空的"),
            "至少写一项；不需要的可选字段可以整个删掉。",
        );
    }
}

fn probability(p: f64, at: &ValuePath, report: &mut Report) {
    if !(0.0..=1.0).contains(&p) {
        report.push(
            Code::E016,
            at,
            format!("概率 {p} 不在 0 到 1 之间"),
            "0 表示从不，1 表示总是，0.4 表示四成。",
        );
    }
}

fn range(range: AmountRange, at: &ValuePath, report: &mut Report) {
    if range.min > range.max {
        report.push(
            Code::E016,
            at,
            format!("金额范围下限 {} 大于上限 {}", range.min, range.max),
            "写成（min：较小值，max：较大值）。",
        );
    }
}

pub(super) fn duplicates<Id: Eq + Hash + Clone + std::fmt::Display>(
    items: impl Iterator<Item = (Id, ValuePath)>,
    what: &str,
    report: &mut Report,
) {
    let mut seen: HashMap<Id, ValuePath> = HashMap::new();
    for (id, at) in items {
        if too_long_id(&id.to_string(), &at, report) {
            continue;
        }
        match seen.get(&id) {
            // the second copy names the first, so both can be found
            Some(first) => {
                let line = report.location(first).line;
                report.push(
                    Code::E005,
                    &at,
                    format!("{what} id “{id}” 重复：第 {line} 行已经有一个"),
                    "每个 id 在同类里只能出现一次：给其中一个改一个新名字（并改掉引用它的地方）。",
                );
            }
            None => {
                seen.insert(id, at);
            }
        }
    }
}

/// Reports an id over the length limit (E020), quoting only its beginning.
fn too_long_id(id: &str, at: &ValuePath, report: &mut Report) -> bool {
    let chars = id.chars().count();
    if chars <= MAX_ID_CHARS {
        return false;
    }
    let start: String = id.chars().take(16).collect();
    report.push(
        Code::E020,
        at,
        format!("id “{start}…”有 {chars} 个字符，超过上限 {MAX_ID_CHARS}"),
        "id 是一个简短的名字（例如 `ask-needs`），每次练习的成绩里都会记下它：缩短它，并改掉引用它的地方。",
    );
    true
}

/// The amounts that decide the tier (assets, or the balance when no assets are given) must lie
/// inside the tier's band, for every seed.
fn tier_amounts(scenario: &Scenario, catalogue: &Catalogue, report: &mut Report) {
    let customer = &scenario.customer;
    let Some(band) = catalogue.band(customer.tier) else {
        return;
    };
    let (range, at) = match customer.assets {
        Some(assets) => (assets, path!["customer", "assets"]),
        None => (
            customer.system.balance,
            path!["customer", "system", "balance"],
        ),
    };
    let below = range.min < band.min;
    let above = band.max.is_some_and(|max| range.max >= max);
    if below || above {
        let ceiling = band
            .max
            .map_or("无上限".to_owned(), |m| format!("{m} 元以下"));
        report.push(
            Code::E011,
            &at,
            format!(
                "金额 {}–{} 元不全在“{}”的范围内（{} 元起，{ceiling}）",
                range.min,
                range.max,
                customer.tier.label(),
                band.min
            ),
            "收窄金额范围，或改成与金额相符的 tier；他行资产请写进 customer.assets。",
        );
    }
    if let Some(assets) = customer.assets
        && customer.system.balance.min > assets.max
    {
        report.push(
            Code::E011,
            &path!["customer", "system", "balance"],
            "本行卡内余额比客户的全部金融资产还多",
            "assets 是客户在各家银行的金融资产总和，应不小于本行余额。",
        );
    }
}
