//! Checks of the shared catalogue `rules.ron`.

use super::Report;
use super::structure::{check_rubric, duplicates};
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
    report.into_diagnostics()
}
