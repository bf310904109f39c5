//! Reading case and catalogue files: size limits, UTF-8, RON parsing with located errors.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use super::diagnostic::{Code, Diagnostic, Location};
use super::limits::MAX_FILE_BYTES;

/// The catalogue's file name; it sits beside the cases it serves.
pub const CATALOGUE_FILE: &str = "rules.ron";

/// RON options for every file liandong reads: `Some(..)` may be left out, and a step variant
/// wraps its fields directly (`Script(id: ..)` rather than `Script((id: ..))`).
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME | Extensions::UNWRAP_VARIANT_NEWTYPES)
        .with_recursion_limit(64)
}

/// Reads a text file, refusing what is too large or not UTF-8.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let name = path.display().to_string();
    let start = Location {
        line: 1,
        column: 1,
        offset: 0,
    };
    let unreadable = |why: String| {
        Diagnostic::new(
            &name,
            start,
            Code::E017,
            format!("无法读取文件：{why}"),
            "检查文件是否存在、是否有读取权限。",
        )
    };
    let file = File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let metadata = file.metadata().map_err(|e| unreadable(e.to_string()))?;
    if !metadata.is_file() {
        return Err(unreadable("这不是一个普通文件".into()));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large(&name, metadata.len()));
    }
    let mut bytes = Vec::new();
    // the file may grow after the size check: never read more than the limit allows
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(&name, bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        Diagnostic::new(
            &name,
            Location::at_offset(&prefix, valid),
            Code::E017,
            format!("文件不是 UTF-8 文本：第 {} 个字节起无法解码", valid + 1),
            "用 UTF-8 编码另存这个文件（记事本：另存为 → 编码选 UTF-8）；如果是二进制文件，它不是案例。",
        )
    })
}

fn too_large(name: &str, bytes: u64) -> Diagnostic {
    Diagnostic::new(
        name,
        Location {
            line: 1,
            column: 1,
            offset: 0,
        },
        Code::E020,
        format!("文件有 {} 字节，超过上限 {} 字节", bytes, MAX_FILE_BYTES),
        "一个案例文件不应这么大：把它拆成几个案例，或检查是否误放了别的文件。",
    )
}

/// Parses RON text into `T`, turning ron's error into a located diagnostic with a hint.
pub fn parse_ron<T: DeserializeOwned>(name: &str, source: &str) -> Result<T, Diagnostic> {
    ron_options().from_str(source).map_err(|e| {
        let at = Location::at_line_column(source, e.span.start.line, e.span.start.col);
        let here = source[at.offset..].chars().next();
        let (code, message, mut hint) = explain(&e.code);
        let mut at = at;
        if let Some(c) = here.filter(|c| is_fullwidth_punctuation(*c)) {
            hint = format!("`{c}` 是中文标点：案例结构里的括号、逗号、冒号、引号要用英文半角；只有引号里面的文字可以用中文标点。");
        } else if e.code == ron::Error::ExpectedComma {
            if matches!(here, Some(')' | ']' | '}')) {
                hint = "这里多了一个右括号，或者上一项后面少了逗号：检查括号是否成对。".to_owned();
            } else {
                // ron stops at the next item; the comma is missing at the end of the previous one
                at = Location::at_offset(source, end_of_previous_item(&source[..at.offset]));
            }
        }
        Diagnostic::new(name, at, code, message, hint)
    })
}

/// Where the previous item ends: before trailing blanks and `//` comments.
fn end_of_previous_item(before: &str) -> usize {
    let mut end = before.trim_end().len();
    loop {
        let text = &before[..end];
        let line_start = text.rfind('\n').map_or(0, |i| i + 1);
        let line = &text[line_start..];
        match comment_start(line) {
            Some(comment) => end = before[..line_start + comment].trim_end().len(),
            None => return end,
        }
        if end == 0 {
            return 0;
        }
    }
}

/// Byte index of a `//` comment in one line, ignoring `//` inside a string.
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let (mut in_string, mut escaped) = (false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            return Some(i);
        }
    }
    None
}

/// Sorts ron's error into syntax (E001) or structure (E002), says it in Chinese (ron's own
/// words follow in brackets) and says how to fix it.
fn explain(error: &ron::Error) -> (Code, String, String) {
    use ron::Error as R;
    let said = |chinese: String| format!("{chinese}（{error}）");
    let syntax =
        |chinese: &str, hint: &str| (Code::E001, said(chinese.to_owned()), hint.to_owned());
    let structure = |chinese: String, hint: String| (Code::E002, said(chinese), hint);
    let outer_of =
        |outer: &Option<String>| outer.as_deref().map_or(String::new(), |o| format!("“{o}”"));
    match error {
        R::ExpectedComma => syntax("缺少逗号", "上一项后面缺少英文逗号 `,`。"),
        R::ExpectedString | R::ExpectedStringEnd => syntax(
            "这里应是一段文字",
            "文字要放在英文双引号里：\"……\"；中文引号 “” 不能作为字符串的边界。",
        ),
        R::ExpectedArray | R::ExpectedArrayEnd => {
            syntax("这里应是一个列表", "列表用方括号 [ ]，各项之间用逗号分隔。")
        }
        R::ExpectedStructLike | R::ExpectedStructLikeEnd | R::ExpectedNamedStructLike(_) => syntax(
            "这里应是一个结构",
            "结构用圆括号 ( )，形如 (字段: 值, 字段: 值)；检查括号是否成对。",
        ),
        R::ExpectedMapColon => syntax("缺少冒号", "字段名后面要有英文冒号 `:`。"),
        R::ExpectedMap | R::ExpectedMapEnd => syntax(
            "这里应是一个映射",
            "映射用花括号 { }，形如 {\"名称\": 值}。",
        ),
        R::ExpectedInteger | R::IntegerOutOfBounds | R::ExpectedFloat => syntax(
            "这里应是一个数字",
            "这里要一个数字（不带引号、不带单位、不用逗号分隔千位）。",
        ),
        R::ExpectedBoolean => syntax("这里应是 true 或 false", "这里要 true 或 false。"),
        R::UnclosedBlockComment | R::UnclosedLineComment => {
            syntax("注释没有结束", "注释没有结束：/* 要有配对的 */。")
        }
        R::Eof => syntax("文件提前结束", "文件提前结束了：通常是少了右括号 ) 或 ]。"),
        R::TrailingCharacters => syntax(
            "案例结束后还有内容",
            "案例结束后还有多余的内容：检查括号是否多了一个。",
        ),
        R::ExceededRecursionLimit => syntax(
            "嵌套层数太深",
            "嵌套层数太深（超过 64 层），案例不需要这么深的结构。",
        ),
        R::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => structure(
            format!("`{found}` 不是{}的可选值", outer_of(outer)),
            format!("可选：{}。", expected.join(", ")),
        ),
        R::NoSuchStructField {
            expected,
            found,
            outer,
        } => structure(
            format!("{}没有字段 `{found}`", outer_of(outer)),
            format!("检查拼写；可用字段：{}。", expected.join(", ")),
        ),
        R::MissingStructField { field, outer } => structure(
            format!("{}缺少必填字段 `{field}`", outer_of(outer)),
            format!("补上 `{field}`（参见 scenarios/README.md 或 `liandong new` 生成的模板）。"),
        ),
        R::DuplicateStructField { field, outer } => structure(
            format!("{}的字段 `{field}` 写了两次", outer_of(outer)),
            "删掉其中一个。".to_owned(),
        ),
        R::InvalidValueForType { .. } | R::ExpectedDifferentLength { .. } | R::Message(_) => {
            structure(
                "这个值的类型或形状不对".to_owned(),
                "对照 scenarios/README.md 里该字段的写法。".to_owned(),
            )
        }
        _ => syntax(
            "无法解析",
            "对照 scenarios/README.md 的示例检查这一处的写法。",
        ),
    }
}

fn is_fullwidth_punctuation(c: char) -> bool {
    "，：（）【】“”；".contains(c)
}
