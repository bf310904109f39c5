//! Conditions as a trainer writes them in a cell — 同事忙碌(wm)、信任低于(50)、选了(wm-close, 2) —
//! and as case files spell them (`StaffBusy("wm")`, `TrustBelow(50)`, `Chose("wm-close", 2)`).

use super::labels;
use super::sheets::List;
use crate::scenario::model::{CardField, Condition};

/// `(RON name, what a trainer writes, the arguments it takes)`.
const FORMS: &[(&str, &str, &[Arg])] = &[
    ("StaffBusy", "同事忙碌", &[Arg::Id]),
    ("CustomerHurried", "客户赶时间", &[]),
    ("TrustBelow", "信任低于", &[Arg::Number]),
    ("TrustAtLeast", "信任至少", &[Arg::Number]),
    ("PatienceBelow", "耐心低于", &[Arg::Number]),
    ("PatienceAtLeast", "耐心至少", &[Arg::Number]),
    ("RedLineCrossed", "越过红线", &[]),
    ("RuleBroken", "违反规则", &[Arg::Id]),
    ("Chose", "选了", &[Arg::Id, Arg::Number]),
    ("Filled", "填了", &[Arg::Id, Arg::Field, Arg::Number]),
    ("Did", "做了", &[Arg::Id, Arg::Id]),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Arg {
    Id,
    Number,
    Field,
}

/// The written form of a condition, for the workbook.
pub fn text_of(condition: &Condition) -> String {
    let field = |f: &CardField| f.label().to_owned();
    match condition {
        Condition::StaffBusy(s) => format!("同事忙碌({s})"),
        Condition::CustomerHurried => "客户赶时间".to_owned(),
        Condition::TrustBelow(n) => format!("信任低于({n})"),
        Condition::TrustAtLeast(n) => format!("信任至少({n})"),
        Condition::PatienceBelow(n) => format!("耐心低于({n})"),
        Condition::PatienceAtLeast(n) => format!("耐心至少({n})"),
        Condition::RedLineCrossed => "越过红线".to_owned(),
        Condition::RuleBroken(r) => format!("违反规则({r})"),
        Condition::Chose(step, n) => format!("选了({step}, {n})"),
        Condition::Filled(step, f, n) => format!("填了({step}, {}, {n})", field(f)),
        Condition::Did(step, action) => format!("做了({step}, {action})"),
    }
}

/// The RON of a written condition, or what is wrong with it.
pub fn ron_of(written: &str) -> Result<String, String> {
    let text: String = written
        .trim()
        .chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '，' | '、' => ',',
            '“' | '”' | '"' | '\'' | '‘' | '’' => ' ',
            c => c,
        })
        .collect();
    let (name, args) = match text.split_once('(') {
        Some((name, rest)) => {
            let Some(inside) = rest.trim_end().strip_suffix(')') else {
                return Err("括号没有配对".to_owned());
            };
            let args: Vec<String> = inside
                .split(',')
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty())
                .collect();
            (name.trim().to_owned(), args)
        }
        None => (text.trim().to_owned(), Vec::new()),
    };
    let Some((ron_name, zh, wanted)) = FORMS
        .iter()
        .find(|(ron, zh, _)| *zh == name || ron.eq_ignore_ascii_case(&name))
    else {
        return Err(format!("不认识“{name}”这种条件"));
    };
    if args.len() != wanted.len() {
        return Err(format!(
            "“{zh}”要写 {} 个参数，这里有 {} 个",
            wanted.len(),
            args.len()
        ));
    }
    let mut parts = Vec::new();
    for (arg, kind) in args.iter().zip(wanted.iter()) {
        parts.push(match kind {
            Arg::Id => format!("\"{}\"", arg.replace(['\\', '"'], "")),
            Arg::Number => match arg.parse::<u32>() {
                Ok(n) => n.to_string(),
                Err(_) => return Err(format!("“{arg}”应当是不小于 0 的整数")),
            },
            Arg::Field => match labels::name_of(List::FormField, arg)
                .or_else(|| labels::name_of(List::CardField, arg))
            {
                Some(field) => field,
                None => return Err(format!("“{arg}”不是转介卡或表格上的栏目")),
            },
        });
    }
    Ok(if parts.is_empty() {
        (*ron_name).to_owned()
    } else {
        format!("{ron_name}({})", parts.join(", "))
    })
}

/// How conditions are written, for a problem's hint.
pub const HOW: &str = "条件的写法：同事忙碌(同事编号)、客户赶时间、信任低于(50)、信任至少(80)、耐心低于(20)、耐心至少(40)、越过红线、违反规则(规则编号)、选了(步骤编号, 第几个选项)、填了(步骤编号, 栏目, 第几种填法)、做了(步骤编号, 动作编号)。";
