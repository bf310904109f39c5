//! The people of the autopilot's demonstration: data a trainer would type (names of trainees,
//! teams and members, an observer's comments), not interface text, so they are the same in
//! both interface languages, as a real branch's names would be. The only Chinese literals of
//! the app outside the text tables (see `tests/app/interface_text.rs`).

/// Who is signed in during the autopilot's run.
pub(super) const TRAINEE: &str = "李明";

/// The four teams of the demonstration contest, with their members in order: enough for a
/// podium and a team that crosses a red line, few enough that CI's run of the debug build
/// plays them in well under a minute.
pub(super) const TEAMS: [(&str, &str); 4] = [
    ("营业部一组", "王芳、李强、张敏"),
    ("城东支行", "赵丽、黄伟、周婷"),
    ("开发区支行", "马超、朱琳、胡军"),
    ("高新区支行", "郭敏、何平、高翔"),
];

/// What the room's observers judged on the checklist: (team index, observer, the mark given
/// on every item, a comment on the first item).
pub(super) const OBSERVER_SHEETS: [(usize, &str, u8, &str); 3] = [
    (1, "观察员甲", 2, "交接时起身引导，介绍到位"),
    (1, "观察员乙", 1, "称呼客户时没有用姓氏"),
    (2, "观察员甲", 0, "转介时未向客户说明理财经理的专长"),
];
