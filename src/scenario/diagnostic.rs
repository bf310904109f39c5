//! Problems found in a case file, each with a stable code, a place and a fix.

use std::fmt;

use serde::Serialize;

/// Stable codes: a trainer can search the authoring guide for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Code {
    E001,
    E002,
    E003,
    E004,
    E005,
    E006,
    E007,
    E008,
    E009,
    E010,
    E011,
    E012,
    E013,
    E014,
    E015,
    E016,
    E017,
    E018,
    E019,
    E020,
    E021,
    E022,
    E023,
    E024,
    E025,
    E026,
    E027,
    E028,
    W001,
    W002,
    W004,
    W005,
    W006,
    W007,
    W008,
    W009,
}

impl Code {
    pub fn severity(self) -> Severity {
        if format!("{self:?}").starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// What the code means, in one line.
    pub fn title(self) -> &'static str {
        match self {
            Code::E001 => "RON 语法错误或看不见的字符（syntax error or invisible character）",
            Code::E002 => "结构不符合案例格式（wrong structure）",
            Code::E003 => "引用了不存在的规则（unknown rule id）",
            Code::E004 => "跳转到不存在的步骤（unknown step id）",
            Code::E005 => "id 重复（duplicate id）",
            Code::E006 => "步骤永远走不到（unreachable step）",
            Code::E007 => "路径走不到结尾（a path that never ends）",
            Code::E008 => "没有能拿满分的路径（no path reaching full marks）",
            Code::E009 => "红线选项没有规则（red-line option without a rule）",
            Code::E010 => "交接顺序约束成环（cyclic handoff constraints）",
            Code::E011 => "金额与客户层级不符（amount outside the declared tier）",
            Code::E012 => "三个维度的权重之和不是 100 (weights do not add up)",
            Code::E013 => "列表为空（empty list）",
            Code::E014 => "引用了不存在的线索、需求、同事或动作（unknown reference）",
            Code::E015 => "无法识别的占位符（unknown placeholder）",
            Code::E016 => "取值不合理（invalid value）",
            Code::E017 => "文件无法读取（unreadable file）",
            Code::E018 => "不支持的格式版本（unsupported format version）",
            Code::E019 => "规则目录 rules.ron 有误（rules catalogue problem）",
            Code::E020 => "超出大小限制（limit exceeded）",
            Code::E021 => "符号链接指向案例文件夹之外（symlink leads outside the case folder）",
            Code::E022 => "评级与规则的严重程度不一致（grade and rule severity disagree）",
            Code::E023 => "越过红线后还能走到成功结局（a red line can reach a success ending）",
            Code::E024 => "表格上没有这一栏（column not on this form）",
            Code::E025 => "交接之后的步骤放错了位置（follow-up step out of place）",
            Code::E026 => "表格由错误的岗位填写（form filled by the wrong role）",
            Code::E027 => {
                "某种结局下这一栏没有唯一的照实填法（no single true entry for an ending）"
            }
            Code::E028 => {
                "工作簿里有不能读入的内容：宏、外部链接或公式（macros, links or formulas in a workbook）"
            }
            Code::W001 => "选项缺少反馈（option without feedback）",
            Code::W002 => "案例没有红线陷阱（no red-line trap）",
            Code::W004 => "适合的接收岗位没有对应环节（receiver without a stage）",
            Code::W005 => "线索或需求缺少说明（cue or need without why）",
            Code::W007 => "结局没有写 outcome（ending without an outcome）",
            Code::W008 => "按最佳选项走到不了最好的结局（model path misses the best ending）",
            Code::W009 => "同一句话在两个案例里评级不同（the same line graded differently）",
            Code::W006 => "好选项用了违规营销用语（forbidden phrasing in a good line）",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// 1-based line and column (columns count characters, as ron does), plus the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

impl Location {
    /// Finds the line and column of a byte offset in `source`.
    pub fn at_offset(source: &str, offset: usize) -> Location {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let before = &source[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = source[line_start..offset].chars().count() + 1;
        Location {
            line,
            column,
            offset,
        }
    }

    /// Finds the byte offset of a 1-based line and character column in `source`.
    pub fn at_line_column(source: &str, line: usize, column: usize) -> Location {
        let mut offset = 0;
        for (index, text) in source.split_inclusive('\n').enumerate() {
            if index + 1 == line {
                let within: usize = text
                    .char_indices()
                    .nth(column.saturating_sub(1))
                    .map_or(text.len(), |(i, _)| i);
                offset += within;
                return Location {
                    line,
                    column,
                    offset,
                };
            }
            offset += text.len();
        }
        Location {
            line: line.max(1),
            column: column.max(1),
            offset: source.len(),
        }
    }
}

fn floor_char_boundary(s: &str, mut index: usize) -> usize {
    while index > 0 && !s.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// How to fix it.
    pub hint: String,
    #[serde(skip)]
    pub offset: usize,
    /// The cell it is in, for a case read from a workbook (line and column then count the
    /// sheet's row and column).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<Box<CellRef>>,
}

impl Diagnostic {
    pub fn new(
        file: &str,
        at: Location,
        code: Code,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.to_owned(),
            line: at.line,
            column: at.column,
            code,
            severity: code.severity(),
            message: message.into(),
            hint: hint.into(),
            offset: at.offset,
            cell: None,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        match &self.cell {
            Some(cell) => write!(
                f,
                "{} {cell}：{kind} {}: {}",
                self.file, self.code, self.message
            ),
            None => write!(
                f,
                "{}:{}:{}: {kind} {}: {}",
                self.file, self.line, self.column, self.code, self.message
            ),
        }
    }
}

/// One cell as the trainer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CellRef {
    pub sheet: String,
    /// 1-based, as the spreadsheet numbers rows.
    pub row: u32,
    /// 0-based; shown as a letter.
    pub column: u32,
}

impl CellRef {
    pub fn new(sheet: &str, row: u32, column: u32) -> CellRef {
        CellRef {
            sheet: sheet.to_owned(),
            row,
            column,
        }
    }

    /// The column's letters: A, B, … Z, AA, AB …
    pub fn column_letters(&self) -> String {
        column_letters(self.column)
    }
}

pub fn column_letters(column: u32) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "工作表“{}” 第 {} 行 {} 列",
            self.sheet,
            self.row,
            self.column_letters()
        )
    }
}
