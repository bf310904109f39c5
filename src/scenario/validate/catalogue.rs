//! Checks of the shared catalogue `rules.ron`.

use super::Report;
use super::structure::{check_checklist, check_rubric, duplicates};
use crate::path;
use crate::scenario::catalogue::Catalogue;
use crate::scenario::diagnostic::{Code, Diagnostic};
use crate::scenario::model::Tier;

/// Every problem of a catalogue parsed from `file`.
pub fn check(catalogue: &Catalogue, file: &str, source: &str) -> Vec<Diagnostic> {
    let mut report = Report::new(file, source);
    duplicates(
        catalogue
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), path!["rules", i, "id"])),
        "规则",
        &mut report,
    );
    for (i, rule) in catalogue.rules.iter().enumerate() {
        if rule.title.trim().is_empty() || rule.explanation.trim().is_empty() {
            report.push(
                Code::E019,
                &path!["rules", i],
                format!("规则 “{}” 缺少标题或解释", rule.id),
                "title 一句话说规则，explanation 说清楚为什么。",
            );
        }
    }
    for tier in Tier::ALL {
        match catalogue.tiers.iter().filter(|b| b.tier == tier).count() {
            1 => {}
            n => report.push(
                Code::E019,
                &path!["tiers"],
                format!("客户层级 {tier:?} 定义了 {n} 次，应恰好一次"),
                "tiers 里每个层级写一行。",
            ),
        }
    }
    for (i, band) in catalogue.tiers.iter().enumerate() {
        if band.max.is_some_and(|max| max <= band.min) {
            report.push(
                Code::E019,
                &path!["tiers", i],
                format!("层级 {:?} 的上限不大于下限", band.tier),
                "max 要大于 min（max 不含）。",
            );
        }
    }
    let shares = catalogue.grades;
    for (key, share) in [
        ("best", shares.best),
        ("acceptable", shares.acceptable),
        ("weak", shares.weak),
        ("wrong", shares.wrong),
        ("adjacent_tier_credit", catalogue.adjacent_tier_credit),
    ] {
        if !(0.0..=1.0).contains(&share) {
            let at = if key == "adjacent_tier_credit" {
                path![key]
            } else {
                path!["grades", key]
            };
            report.push(
                Code::E019,
                &at,
                format!("{key} = {share} 不在 0 到 1 之间"),
                "比例写成 0 到 1 的小数。",
            );
        }
    }
    let ordered = [
        ("best", shares.best),
        ("acceptable", shares.acceptable),
        ("weak", shares.weak),
        ("wrong", shares.wrong),
    ];
    for pair in ordered.windows(2) {
        let ((higher, h), (lower, l)) = (pair[0], pair[1]);
        if l > h {
            report.push(
                Code::E019,
                &path!["grades", lower],
                format!("{lower} = {l} 比 {higher} = {h} 还高：差的回答会比好的回答得分多"),
                "按 best ≥ acceptable ≥ weak ≥ wrong 的顺序写比例。",
            );
        }
    }
    tier_ladder(catalogue, &mut report);
    customer_state(catalogue, &mut report);
    if shares.best < 1.0 {
        report.push(
            Code::E019,
            &path!["grades", "best"],
            "best 必须是 1.0，否则最佳选项也拿不到满分",
            "写 best: 1.0。",
        );
    }
    for (i, phrase) in catalogue.forbidden_phrases.iter().enumerate() {
        if catalogue.rule(&phrase.rule).is_none() {
            report.push(
                Code::E003,
                &path!["forbidden_phrases", i, "rule"],
                format!("违规用语引用的规则 “{}” 不在 rules 里", phrase.rule),
                "先在 rules 里定义这条规则。",
            );
        }
        if phrase.phrase.trim().is_empty() {
            report.push(
                Code::E019,
                &path!["forbidden_phrases", i],
                "违规用语是空的",
                "写出要禁止的说法。",
            );
        }
    }
    check_rubric(Some(&catalogue.rubric), &path!["rubric"], &mut report);
    referral_points(catalogue, &mut report);
    if let Some(list) = &catalogue.observer_checklist {
        check_checklist(&list.items, "observer_checklist", Code::E019, &mut report);
        if list.items.is_empty() || !(0.0..=100.0).contains(&list.points_per_mark) {
            report.push(
                Code::E019,
                &path!["observer_checklist"],
                "观察评分表没有评分项，或每分折合的观察员得分不在 0 到 100 之间",
                "items 至少写一项；points_per_mark 写一个 0 到 100 的数，例如 1.0。",
            );
        }
    }
    report.into_diagnostics()
}

/// The most points one entry of the referral table may give: a bigger number is a typo (an
/// extra zero), not a branch's scheme.
pub const MAX_REFERRAL_POINTS: u32 = 10_000;

/// The referral points table: every tier priced once, the split adding up to 100, the
/// outcomes paying in order and no more than in full, the rules it names defined.
fn referral_points(catalogue: &Catalogue, report: &mut Report) {
    let Some(table) = &catalogue.referral_points else {
        return;
    };
    let at = |key: &str| path!["referral_points", key];
    for (key, points) in [
        ("made", table.made),
        ("handover", table.handover),
        ("received", table.received),
    ] {
        if points > MAX_REFERRAL_POINTS {
            report.push(
                Code::E019,
                &at(key),
                format!("转介积分 {key} = {points} 超过 {MAX_REFERRAL_POINTS}"),
                "积分写成每推荐一位客户的分数，多半是多打了一个 0。",
            );
        }
    }
    for tier in Tier::ALL {
        let n = table.converted.iter().filter(|t| t.tier == tier).count();
        if n != 1 {
            report.push(
                Code::E019,
                &at("converted"),
                format!("转介积分 converted 里客户层级 {tier:?} 写了 {n} 次，应恰好一次"),
                "converted 里每个层级写一行：(tier: MidEnd, points: 8)。",
            );
        }
    }
    for (i, entry) in table.converted.iter().enumerate() {
        if entry.points > MAX_REFERRAL_POINTS {
            report.push(
                Code::E019,
                &path!["referral_points", "converted", i, "points"],
                format!(
                    "层级 {:?} 的达成积分 {} 超过 {MAX_REFERRAL_POINTS}",
                    entry.tier, entry.points
                ),
                "积分写成每推荐一位客户的分数，多半是多打了一个 0。",
            );
        }
    }
    let split = table.split;
    let sum = u64::from(split.referrer) + u64::from(split.handover) + u64::from(split.receiver);
    if sum != 100 {
        report.push(
            Code::E019,
            &at("split"),
            format!(
                "达成积分的分配 split 合计 {sum}（推荐人 {}，交接人 {}，接收人 {}），应为 100",
                split.referrer, split.handover, split.receiver
            ),
            "referrer、handover、receiver 是百分比，三者相加等于 100。",
        );
    }
    let shares = table.outcomes;
    for (key, share) in [
        ("converted", shares.converted),
        ("appointment", shares.appointment),
        ("contact_kept", shares.contact_kept),
    ] {
        if share > 100 {
            report.push(
                Code::E019,
                &path!["referral_points", "outcomes", key],
                format!("结局 {key} 按 {share}% 计，超过 100%"),
                "outcomes 是百分比：当场办理一般写 100，其余更少。",
            );
        }
    }
    let ordered = [
        ("converted", shares.converted),
        ("appointment", shares.appointment),
        ("contact_kept", shares.contact_kept),
    ];
    for pair in ordered.windows(2) {
        let ((better, b), (worse, w)) = (pair[0], pair[1]);
        if w > b {
            report.push(
                Code::E019,
                &path!["referral_points", "outcomes", worse],
                format!("结局 {worse} 按 {w}% 计，比 {better} 的 {b}% 还多"),
                "结局越好计分越多：按 converted ≥ appointment ≥ contact_kept 写。",
            );
        }
    }
    for (key, rule) in [
        ("card_rule", &table.card_rule),
        ("accompany_rule", &table.accompany_rule),
    ] {
        if catalogue.rule(rule).is_none() {
            report.push(
                Code::E003,
                &at(key),
                format!("转介积分的 {key} 引用的规则 “{rule}” 不在 rules 里"),
                "写 rules 里已有的规则 id，例如 card-internal 或 never-alone。",
            );
        }
    }
}

/// The tiers form one ladder from 0 up, each band starting where the next one below ends (no
/// gap, no overlap). 潜力客户 and 普通客户 share their band: age and education tell them apart.
fn tier_ladder(catalogue: &Catalogue, report: &mut Report) {
    let band = |tier: Tier| catalogue.tiers.iter().position(|b| b.tier == tier);
    let describe = |max: Option<u64>| max.map_or_else(|| "不设上限".to_owned(), |m| m.to_string());
    let mut above: Option<(Tier, u64)> = None;
    for tier in Tier::ALL {
        let Some(i) = band(tier) else { continue };
        let this = &catalogue.tiers[i];
        if tier == Tier::Ordinary
            && let Some(p) = band(Tier::Potential)
        {
            let potential = &catalogue.tiers[p];
            if (this.min, this.max) != (potential.min, potential.max) {
                report.push(
                    Code::E019,
                    &path!["tiers", i],
                    "普通客户和潜力客户的资产区间应当相同（二者按年龄和学历区分）",
                    "把 Ordinary 的 min、max 写成和 Potential 一样。",
                );
            }
            continue;
        }
        match above {
            None if this.max.is_some() => report.push(
                Code::E019,
                &path!["tiers", i, "max"],
                format!(
                    "最高层级 {tier:?} 不应有上限（现在是 {}）",
                    describe(this.max)
                ),
                "去掉最高层级的 max，资产再多也属于它。",
            ),
            Some((higher, min)) if this.max != Some(min) => report.push(
                Code::E019,
                &path!["tiers", i, "max"],
                format!(
                    "{tier:?} 的上限 {} 与 {higher:?} 的下限 {min} 对不上：区间之间{}",
                    describe(this.max),
                    if this.max.is_some_and(|m| m < min) {
                        "有空档，这段资产不属于任何层级"
                    } else {
                        "有重叠，同一笔资产属于两个层级"
                    }
                ),
                "每个层级的 max 写成上一层级的 min（max 不含）。",
            ),
            _ => {}
        }
        above = Some((tier, this.min));
    }
    if let Some((lowest, min)) = above
        && min != 0
    {
        report.push(
            Code::E019,
            &path!["tiers"],
            format!("最低层级 {lowest:?} 从 {min} 起，{min} 以下的资产不属于任何层级"),
            "最低层级写 min: 0。",
        );
    }
}

/// The customer's starting state is within 0–100 and the grades move them in order.
fn customer_state(catalogue: &Catalogue, report: &mut Report) {
    let state = &catalogue.customer_state;
    for (key, value) in [("trust", state.trust), ("patience", state.patience)] {
        if value > 100 {
            report.push(
                Code::E019,
                &path!["customer_state", key],
                format!("{key} = {value} 超过 100"),
                "信任和耐心在 0 到 100 之间。",
            );
        }
    }
    let g = &state.grades;
    let ladder = [
        ("best", g.best),
        ("acceptable", g.acceptable),
        ("weak", g.weak),
        ("wrong", g.wrong),
        ("red_line", g.red_line),
    ];
    for pair in ladder.windows(2) {
        let ((higher, h), (lower, l)) = (pair[0], pair[1]);
        if l.patience > h.patience {
            report.push(
                Code::E019,
                &path!["customer_state", "grades", lower, "patience"],
                format!(
                    "{lower} 让耐心变化 {}，比 {higher} 的 {} 还多",
                    l.patience, h.patience
                ),
                "越差的回答越耗耐心：按 best ≥ acceptable ≥ weak ≥ wrong ≥ red_line 写。",
            );
        }
        if l.trust > h.trust {
            report.push(
                Code::E019,
                &path!["customer_state", "grades", lower, "trust"],
                format!(
                    "{lower} 让信任变化 {}，比 {higher} 的 {} 还多",
                    l.trust, h.trust
                ),
                "越差的回答越伤信任：按 best ≥ acceptable ≥ weak ≥ wrong ≥ red_line 写。",
            );
        }
    }
}
