//! The workbook's layout, written once for the writer and the reader: its sheets, their
//! columns (Chinese header, a note for the header cell, width) and which closed list each
//! column draws from. A trainer reads the headers; the reader finds columns by header, so a
//! trainer may reorder columns or add their own.

/// A closed set of values a column takes, offered as a drop-down list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    Difficulty,
    Salutation,
    Tier,
    Role,
    Moment,
    NeedKind,
    YesNo,
    StepKind,
    Grade,
    CardField,
    FormField,
    ActionKind,
    Outcome,
    /// The rule ids of the catalogue (the sheet 规则目录).
    Rule,
    /// The step ids of this case (the sheet 步骤, growing as the trainer adds steps).
    Step,
    /// The handoff action ids of this case (the sheet 交接动作).
    Action,
}

/// One column of a table sheet.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The field it fills, as the reader knows it.
    pub key: &'static str,
    pub header: &'static str,
    /// Shown as the header cell's note: what to write here.
    pub note: &'static str,
    /// Width in Excel's character units (a Chinese character takes about two).
    pub width: f64,
    pub list: Option<List>,
}

const fn col(
    key: &'static str,
    header: &'static str,
    width: f64,
    list: Option<List>,
    note: &'static str,
) -> Column {
    Column {
        key,
        header,
        note,
        width,
        list,
    }
}

/// One sheet of rows, one row per item.
#[derive(Debug, Clone, Copy)]
pub struct TableSheet {
    pub name: &'static str,
    pub columns: &'static [Column],
}

impl TableSheet {
    pub fn column(&self, key: &str) -> Option<(usize, &'static Column)> {
        self.columns.iter().enumerate().find(|(_, c)| c.key == key)
    }
}

#[rustfmt::skip]
const NOTE: Column = col(
    "note",
    "备注",
    30.0,
    None,
    "写给其他培训师看的说明，学员看不到；转换成 RON 时成为这一项上方的注释。",
);

#[rustfmt::skip]
pub const CUES: TableSheet = TableSheet {
    name: "线索",
    columns: &[
        col("id", "编号", 18.0, None, "这条线索的编号：小写英文字母、数字和连字符，案例内不重复。步骤表的“展示的线索”按编号引用。"),
        col("text", "线索内容", 50.0, None, "员工看到或听到的情况，可用占位符，如 {balance}。"),
        col("moment", "出现时机", 12.0, Some(List::Moment), "什么时候能看到：进门时、询问时、等候时、柜台办理时。"),
        col("significant", "有价值", 8.0, Some(List::YesNo), "“是”：说明客户有价值或有需求，应当勾出；“否”：干扰项。"),
        col("why", "为什么", 50.0, None, "讲评时告诉学员这条线索为什么重要（或为什么不重要）。"),
        NOTE,
    ],
};

#[rustfmt::skip]
pub const NEEDS: TableSheet = TableSheet {
    name: "需求",
    columns: &[
        col("id", "编号", 18.0, None, "这条需求的编号，案例内不重复。步骤表的“展示的需求”按编号引用。"),
        col("text", "需求内容", 44.0, None, "客户可能的需求，一句话。"),
        col("kind", "类型", 12.0, Some(List::NeedKind), "金融需求或情感需求。"),
        col("real", "真实需求", 10.0, Some(List::YesNo), "“是”：客户真有这个需求；“否”：干扰项。"),
        col("why", "为什么", 50.0, None, "讲评时的说明。"),
        NOTE,
    ],
};

#[rustfmt::skip]
pub const STAFF: TableSheet = TableSheet {
    name: "当班同事",
    columns: &[
        col("id", "编号", 12.0, None, "同事的编号，文字里用 {staff.编号} 称呼，分支条件“同事忙碌”也用它。"),
        col("role", "岗位", 14.0, Some(List::Role), "这位同事的岗位。"),
        col("names", "姓名", 30.0, None, "姓名池，用顿号“、”隔开；每个种子抽一个。"),
        col("credentials", "资历与证书", 50.0, None, "从业年限、证书，引荐时用来“转移信任”。可不填。"),
        col("busy", "忙碌概率", 10.0, None, "0 到 1 之间：这位同事正在接待别人的概率。可不填（0）。"),
        NOTE,
    ],
};

#[rustfmt::skip]
pub const STEPS: TableSheet = TableSheet {
    name: "步骤",
    columns: &[
        col("stage", "环节", 6.0, None, "环节序号 1、2、3……：同一序号的行属于同一个环节，按表中顺序进行。"),
        col("role", "岗位", 12.0, Some(List::Role), "这个环节由哪个岗位演练（每个环节写一次即可）。"),
        col("stage_title", "环节标题", 20.0, None, "这个环节的标题（每个环节写一次即可）。"),
        col("id", "步骤编号", 18.0, None, "步骤的编号，整个案例内不重复；其他表按它找到这一步。"),
        col("kind", "类型", 12.0, Some(List::StepKind), "叙述、识别、话术、转介卡、交接、追踪表、推荐记录表、晨会、分支、结局。"),
        col("text", "文字或提示", 60.0, None, "叙述和结局写要讲的话；其他步骤写给学员的题目。"),
        col("points", "分值", 7.0, None, "这一步的分值，不填为 10。叙述、分支、结局不计分。"),
        col("tier", "问层级", 8.0, Some(List::YesNo), "识别步骤：是否要学员判断客户层级。"),
        col("cues", "展示的线索", 30.0, None, "识别步骤：给学员看的线索编号，用顿号隔开，有价值的和干扰项混在一起。"),
        col("needs", "展示的需求", 30.0, None, "识别步骤：给学员看的需求编号，用顿号隔开。"),
        col("rule", "规则", 18.0, Some(List::Rule), "转介卡、追踪表、推荐记录表：这一步教的规则（规则目录里的编号）。"),
        col("outcome", "结局", 14.0, Some(List::Outcome), "结局步骤：客户最后怎样离开。"),
        col("next", "下一步", 18.0, Some(List::Step), "做完这一步去哪个步骤；不填就按表中顺序走下一行。分支步骤写“以上条件都不成立时”去的步骤。"),
        col("stage_note", "环节备注", 24.0, None, "写在环节第一行：整个环节的说明，转换成 RON 时成为环节上方的注释。"),
        NOTE,
    ],
};

#[rustfmt::skip]
pub const OPTIONS: TableSheet = TableSheet {
    name: "选项",
    columns: &[
        col("step", "步骤编号", 18.0, Some(List::Step), "这个选项属于哪一步：话术、晨会的说法，或转介卡“交给谁”的去向。"),
        col("order", "序号", 6.0, None, "同一步里的第几个选项，分支条件“选了”按它数：从 1 起连续编号；不填的排在有序号的后面，按表中顺序。"),
        col("text", "选项文字", 60.0, None, "学员可选的一句话（或做法）。"),
        col("grade", "评级", 9.0, Some(List::Grade), "最佳、可接受、欠佳、错误、红线。每一步至少一个最佳。"),
        col("points", "得分", 7.0, None, "选它得几分；不填按评级折算。"),
        col("feedback", "反馈", 50.0, None, "讲评时告诉学员的道理。"),
        col("rule", "规则", 18.0, Some(List::Rule), "这个选项对应的规则；红线选项必须写。"),
        col("reaction", "客户反应", 44.0, None, "客户听到后说什么、做什么。"),
        col("thought", "内心独白", 36.0, None, "客户心里想的，讲评时展示。"),
        col("trust", "信任变化", 9.0, None, "这句话让客户的信任加减多少；不填按评级的默认值。"),
        col("patience", "耐心变化", 9.0, None, "这句话让客户的耐心加减多少；不填按评级的默认值。"),
        col("next", "下一步", 18.0, Some(List::Step), "选了这一项后去哪一步；不填按这一步的“下一步”。"),
        NOTE,
    ],
};

#[rustfmt::skip]
pub const CARD: TableSheet = TableSheet {
    name: "转介卡",
    columns: &[
        col("step", "步骤编号", 18.0, Some(List::Step), "哪一个转介卡步骤。"),
        col("field", "栏目", 14.0, Some(List::CardField), "客户姓名、联系方式、客户需求、推荐人、是否现场推荐。"),
        col("order", "序号", 6.0, None, "这一栏的第几种填法，分支条件“填了”按它数：从 1 起连续编号；不填的排在后面，按表中顺序。"),
        col("text", "填法", 50.0, None, "这一栏可能的一种写法。"),
        col("correct", "正确", 7.0, Some(List::YesNo), "这样填对不对；每一栏至少要有一种正确的填法。"),
        col("feedback", "反馈", 44.0, None, "讲评时的说明。"),
        col("rule", "规则", 18.0, Some(List::Rule), "填错时违反的规则。"),
        col("trust", "信任变化", 9.0, None, "可不填。"),
        col("patience", "耐心变化", 9.0, None, "可不填。"),
        col("thought", "内心独白", 36.0, None, "客户看到这样填时心里想的，可不填。"),
        NOTE,
    ],
};

#[rustfmt::skip]
pub const FORMS: TableSheet = TableSheet {
    name: "跟进表格",
    columns: &[
        col("step", "步骤编号", 18.0, Some(List::Step), "哪一个追踪表或推荐记录表步骤。"),
        col("field", "栏目", 14.0, Some(List::FormField), "这张表上的一栏。"),
        col("order", "序号", 6.0, None, "这一栏的第几种填法：从 1 起连续编号；不填的排在后面，按表中顺序。"),
        col("text", "填法", 44.0, None, "这一栏可能的一种写法。"),
        col("correct", "总是正确", 9.0, Some(List::YesNo), "“是”：无论结局如何这样填都对。"),
        col("outcomes", "这些结局时正确", 24.0, None, "客户以这些结局离开时这样填才对，用顿号隔开，如“当场办理、约定面谈”。"),
        col("when", "条件", 24.0, None, "还要满足的条件，写法同分支表，如“同事忙碌(wm)”。"),
        col("unless", "除非", 24.0, None, "这个条件成立时就不对。"),
        col("feedback", "反馈", 44.0, None, "讲评时的说明。"),
        col("rule", "规则", 18.0, Some(List::Rule), "填错时违反的规则（不填用这一步的规则）。"),
        NOTE,
    ],
};

#[rustfmt::skip]
pub const ACTIONS: TableSheet = TableSheet {
    name: "交接动作",
    columns: &[
        col("step", "步骤编号", 18.0, Some(List::Step), "哪一个交接步骤。"),
        col("id", "动作编号", 14.0, None, "动作的编号，这一步内不重复；顺序约束和分支条件“做了”按它引用。"),
        col("text", "动作内容", 50.0, None, "学员可选的一个动作。"),
        col("kind", "类型", 9.0, Some(List::ActionKind), "必做、干扰项、红线。"),
        col("rule", "规则", 18.0, Some(List::Rule), "对应的规则；红线动作必须写。"),
        col("feedback", "反馈", 44.0, None, "讲评时的说明。"),
        col("trust", "信任变化", 9.0, None, "多做了这个动作对信任的影响，可不填。"),
        col("patience", "耐心变化", 9.0, None, "对耐心的影响，可不填。"),
        col("thought", "内心独白", 36.0, None, "可不填。"),
        NOTE,
    ],
};

#[rustfmt::skip]
pub const ORDER: TableSheet = TableSheet {
    name: "顺序约束",
    columns: &[
        col("step", "步骤编号", 18.0, Some(List::Step), "哪一个交接步骤。"),
        col("before", "先做", 14.0, Some(List::Action), "必须先做的动作编号。"),
        col("after", "后做", 14.0, Some(List::Action), "必须后做的动作编号。"),
        col("message", "说明", 50.0, None, "顺序错了时告诉学员的话。"),
        col("rule", "规则", 18.0, Some(List::Rule), "对应的规则，可不填。"),
        NOTE,
    ],
};

#[rustfmt::skip]
pub const BRANCHES: TableSheet = TableSheet {
    name: "分支",
    columns: &[
        col("step", "步骤编号", 18.0, Some(List::Step), "哪一个分支步骤；同一步的条件按表中顺序判断，第一个成立的生效。"),
        col("when", "条件", 36.0, None, "如：同事忙碌(wm)、客户赶时间、信任低于(50)、信任至少(80)、耐心低于(20)、耐心至少(40)、越过红线、违反规则(no-guarantee)、选了(wm-close, 2)、填了(t-card, 是否现场推荐, 2)、做了(l-handoff, intro)。"),
        col("next", "转到", 18.0, Some(List::Step), "条件成立时去的步骤。"),
        NOTE,
    ],
};

#[rustfmt::skip]
pub const CHECKLIST: TableSheet = TableSheet {
    name: "观察评分表",
    columns: &[
        col("id", "编号", 14.0, None, "评分项的编号（成绩按它保存）；整张表不填时用规则目录里的评分表。"),
        col("title", "评分项", 20.0, None, "观察员看到的标题。"),
        col("about", "满分标准", 50.0, None, "怎样才得满分，一句话。"),
        col("title_en", "英文标题", 30.0, None, "英文界面的标题，可不填。"),
        col("about_en", "英文说明", 40.0, None, "英文界面的说明，可不填。"),
        NOTE,
    ],
};

/// The table sheets in the order they appear after the two sheets of fields.
pub const TABLES: [&TableSheet; 11] = [
    &CUES, &NEEDS, &STAFF, &STEPS, &OPTIONS, &CARD, &FORMS, &ACTIONS, &ORDER, &BRANCHES, &CHECKLIST,
];

/// What a row of a sheet of fields holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Text,
    /// A list in one cell, separated by 、.
    Names,
    Whole,
    Fraction,
    /// A range of amounts in the columns 下限 and 上限; the key (for 金额) in 内容.
    Range,
    Closed(List),
}

/// One row of a sheet of fields (项目 | 内容 …).
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub value: Value,
    /// May appear on several rows (one sentence each).
    pub repeats: bool,
    pub note: &'static str,
}

const fn field(key: &'static str, label: &'static str, value: Value, note: &'static str) -> Field {
    Field {
        key,
        label,
        value,
        repeats: false,
        note,
    }
}

const fn rows(key: &'static str, label: &'static str, value: Value, note: &'static str) -> Field {
    Field {
        key,
        label,
        value,
        repeats: true,
        note,
    }
}

/// A sheet of fields: 项目 | 内容 | 下限 | 上限 | 备注 | 说明.
#[derive(Debug, Clone, Copy)]
pub struct FieldSheet {
    pub name: &'static str,
    pub fields: &'static [Field],
}

impl FieldSheet {
    pub fn field(&self, label: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.label == label)
    }
}

/// The columns of a sheet of fields.
#[rustfmt::skip]
pub const FIELD_COLUMNS: [Column; 6] = [
    col("label", "项目", 16.0, None, "这一行写的是什么，不要改动。"),
    col("value", "内容", 60.0, None, "这一项的内容。"),
    col("min", "下限", 12.0, None, "金额范围的下限（元）：每个种子在下限和上限之间抽一个数。"),
    col("max", "上限", 12.0, None, "金额范围的上限（元）。"),
    col("note", "备注", 30.0, None, "写给其他培训师看的说明，学员看不到；转换成 RON 时成为注释。"),
    col("help", "说明", 50.0, None, "这一项的写法（只供参考，读入时忽略）。"),
];

#[rustfmt::skip]
pub const CASE_INFO: FieldSheet = FieldSheet {
    name: "案例信息",
    fields: &[
        field("header", "案例说明", Value::Text, "写给培训师的整体说明，学员看不到；转换成 RON 时成为文件开头的注释。可不填。"),
        field("id", "案例编号", Value::Text, "小写英文字母、数字和连字符，如 external-introduction；成绩按它记录，案例库里不能重复。"),
        field("title", "标题", Value::Text, "案例库里显示的标题。"),
        field("summary", "简介", Value::Text, "两三句话说清案例讲什么。"),
        field("difficulty", "难度", Value::Closed(List::Difficulty), "入门、进阶或挑战。"),
        field("minutes", "时长（分钟）", Value::Whole, "演完所有岗位大约要几分钟。"),
        field("tags", "标签", Value::Names, "用顿号隔开，如“柜面识别、转介卡”。"),
        field("author", "作者", Value::Text, "可不填。"),
        field("format", "格式版本", Value::Whole, "写 1。"),
        field("w_identification", "权重：识别", Value::Whole, "三个维度的权重（合计 100）和及格线；四行都不填时用规则目录的默认值。"),
        field("w_script", "权重：话术", Value::Whole, "话术选择的权重。"),
        field("w_handoff", "权重：交接", Value::Whole, "交接顺序的权重。"),
        field("pass_mark", "及格线", Value::Whole, "总分达到多少算通过。"),
    ],
};

#[rustfmt::skip]
pub const CUSTOMER: FieldSheet = FieldSheet {
    name: "客户与资产",
    fields: &[
        field("names", "姓名", Value::Names, "姓名池，用顿号隔开；每个种子抽一个。姓是第一个字（或欧阳这类复姓）。"),
        field("salutation", "称呼", Value::Closed(List::Salutation), "先生或女士。"),
        field("age", "年龄", Value::Whole, "客户的年龄。"),
        field("occupation", "职业", Value::Text, "客户的职业。"),
        rows("arrival", "到来时", Value::Text, "客户到来时员工看到和听到的，一行一句；可以有多行。"),
        field("card", "卡或账户", Value::Text, "刷卡后系统显示的卡或账户类型，如“普通借记卡”。"),
        field("balance", "卡内余额", Value::Range, "在“下限”“上限”两栏写余额范围（元）。"),
        rows("transactions", "交易记录", Value::Text, "系统里看到的交易情况，一行一条；可以有多行。"),
        field("tier", "真实层级", Value::Closed(List::Tier), "按金融资产判断的真实层级。"),
        field("assets", "金融资产", Value::Range, "计入层级的金融资产（本行和他行）范围；不填等于卡内余额。"),
        rows("amounts", "其他金额", Value::Range, "“内容”写名字（如 cash），文字里用 {amount.cash}；“下限”“上限”写范围。可以有多行。"),
        field("hurried", "赶时间的概率", Value::Fraction, "0 到 1：客户说自己赶时间的概率，分支条件“客户赶时间”。不填为 0。"),
        field("receivers", "适合的接收岗位", Value::Names, "用顿号隔开的岗位，如“理财经理”。"),
        field("trust", "初始信任", Value::Whole, "0 到 100；不填用规则目录的默认值。"),
        field("patience", "初始耐心", Value::Whole, "0 到 100；不填用规则目录的默认值。"),
        field("company_names", "公司名称", Value::Names, "对公客户的公司名称池，用顿号隔开；不是对公客户就不填以下各项。"),
        field("company_industry", "公司行业", Value::Text, "公司做什么，如“机械配件制造”。"),
        rows("company_accounts", "公司账户", Value::Text, "公司在哪里开户、结算，一行一条。"),
        field("company_turnover", "公司月均流水", Value::Range, "月均流水范围（元）。"),
        field("company_payroll", "代发工资人数", Value::Whole, "公司代发工资的人数。"),
        field("company_person", "客户在公司的身份", Value::Text, "如“公司会计”。"),
        field("company_tier_note", "公司价值说明", Value::Text, "一句话说明公司对银行的价值，可不填。"),
    ],
};

/// The first sheet: how to work in the workbook (never read back).
pub const HOW_TO_SHEET: &str = "使用说明";
/// The sheet listing the catalogue's rules: the drop-down source of every 规则 column.
pub const RULES_SHEET: &str = "规则目录";
