//! Reading case and catalogue files: size limits, UTF-8, RON parsing with located errors.

use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use super::diagnostic::{Code, Diagnostic, Location};
use super::escapes::{
    end_of_block_comment, end_of_raw_string, memchr, refused_escape, starts_raw_string,
};
use super::limits::{MAX_FILE_BYTES, MAX_NESTING};

/// The catalogue's file name; it sits beside the cases it serves.
pub const CATALOGUE_FILE: &str = "rules.ron";

/// RON options for every file liandong reads: `Some(..)` may be left out, and a step variant
/// wraps its fields directly (`Script(id: ..)` rather than `Script((id: ..))`).
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME | Extensions::UNWRAP_VARIANT_NEWTYPES)
        .with_recursion_limit(MAX_NESTING)
}

/// Reads a file found in `folder`, refusing a symlink that leads out of it without opening what
/// it points at: a case folder that came by e-mail must not make liandong read other files.
pub fn read_text_within(path: &Path, folder: &Path) -> Result<String, Diagnostic> {
    match target_outside(path, folder) {
        Some(target) => Err(symlink_outside(path, &target)),
        None => read_text(path),
    }
}

/// The folder whose files a file named on its own may lead to: the one it sits in.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Where `path` really leads when that is outside `folder`; `None` when it stays inside (or
/// cannot be judged, which leaves the error to the read itself).
fn target_outside(path: &Path, folder: &Path) -> Option<PathBuf> {
    let folder = folder.canonicalize().ok()?;
    let real = match path.canonicalize() {
        Ok(real) => real,
        // a dangling link is judged by where it says it goes
        Err(_) => {
            let link = std::fs::read_link(path).ok()?;
            let from = folder_of(path).canonicalize().ok()?;
            lexically_normal(&from.join(link))
        }
    };
    (!real.starts_with(&folder)).then_some(real)
}

/// `a/b/../c` as `a/c`, without asking the file system.
fn lexically_normal(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

fn symlink_outside(path: &Path, target: &Path) -> Diagnostic {
    Diagnostic::new(
        &path.display().to_string(),
        FIRST_CHARACTER,
        Code::E021,
        format!(
            "符号链接指向案例文件夹之外：{}（没有读取）",
            target.display()
        ),
        "liandong 不读取案例文件夹以外的文件：把真正的文件复制到文件夹里（不要用链接或快捷方式），或者直接检查它所在的文件夹。",
    )
}

pub(crate) const FIRST_CHARACTER: Location = Location {
    line: 1,
    column: 1,
    offset: 0,
};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why a file given by the user could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The system's reason: not found, no permission, …
    Io(std::io::Error),
    /// A folder, named pipe (FIFO), device or socket: never read, since reading one can wait
    /// for ever (a FIFO with no writer) or never end (`/dev/zero`).
    NotRegular(&'static str),
    /// Larger than the limit; the size is the file's, or at least the limit plus one byte.
    TooLarge { bytes: u64, limit: u64 },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotRegular(kind) => write!(f, "这是{kind}，不是普通文件（没有读取）"),
            ReadError::TooLarge { bytes, limit } => {
                write!(f, "文件有 {bytes} 字节，超过上限 {limit} 字节")
            }
        }
    }
}

/// What a file that is not a regular file is, in words.
fn kind_of(file_type: std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("一个文件夹");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("一个命名管道（FIFO）");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("一个设备");
        }
        if file_type.is_socket() {
            return Some("一个套接字");
        }
    }
    Some("一个特殊文件")
}

/// Opens a file for reading without waiting: a FIFO put in place of the file after its type
/// was checked must not block the open.
fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// Reads a regular file of at most `limit` bytes, from any path a user gives (a case, a
/// transcript, a contest setup). Its type is checked before it is opened, and again on the open
/// file, so a FIFO or a device is refused without being read; at most `limit + 1` bytes are
/// ever read, whatever the file claims its size is.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let before = std::fs::metadata(path).map_err(ReadError::Io)?;
    if let Some(kind) = kind_of(before.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    let file = open_without_waiting(path).map_err(ReadError::Io)?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    if let Some(kind) = kind_of(metadata.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge {
            bytes: metadata.len(),
            limit,
        });
    }
    let mut bytes = Vec::new();
    // the file may grow after the size check: never read more than the limit allows
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            bytes: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Reads a UTF-8 text file of at most `limit` bytes from a path a user gave, for the commands
/// that read other files than cases (transcripts, contest setups): the reason it cannot be read
/// comes back in words, starting with the file's name.
pub fn read_user_text(path: &Path, limit: u64) -> Result<String, String> {
    let bytes = read_bounded(path, limit).map_err(|e| format!("{}：{e}", path.display()))?;
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        format!(
            "{}：不是 UTF-8 文本（第 {} 个字节起无法解码）",
            path.display(),
            e.utf8_error().valid_up_to() + 1
        )
    })
}

/// Reads a file found in `folder` as bytes (a workbook), with the same limits and refusals as a
/// case file's text.
pub fn read_bytes_within(path: &Path, folder: &Path) -> Result<Vec<u8>, Diagnostic> {
    match target_outside(path, folder) {
        Some(target) => Err(symlink_outside(path, &target)),
        None => read_case_bytes(path),
    }
}

/// Reads a case file's bytes, refusing what is too large or not a regular file.
fn read_case_bytes(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let name = path.display().to_string();
    match read_bounded(path, MAX_FILE_BYTES) {
        Ok(bytes) => Ok(bytes),
        Err(ReadError::TooLarge { bytes, .. }) => Err(too_large(&name, bytes)),
        Err(ReadError::NotRegular(kind)) => Err(Diagnostic::new(
            &name,
            FIRST_CHARACTER,
            Code::E017,
            format!("无法读取文件：这是{kind}，不是普通文件（没有读取）"),
            "案例文件夹里只放普通的 .ron 或 .xlsx 文件：删掉它，或者给它换一个别的扩展名。",
        )),
        Err(ReadError::Io(e)) => Err(Diagnostic::new(
            &name,
            FIRST_CHARACTER,
            Code::E017,
            format!("无法读取文件：{e}"),
            "检查文件是否存在、是否有读取权限。",
        )),
    }
}

/// Reads a text file, refusing what is too large, not a regular file or not UTF-8. A UTF-8
/// byte order mark (which Windows Notepad may write) is dropped.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let name = path.display().to_string();
    let mut bytes = read_case_bytes(path)?;
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Diagnostic::new(
            &name,
            FIRST_CHARACTER,
            Code::E017,
            "文件是 UTF-16 编码（记事本里叫“Unicode”），不是 UTF-8",
            "用 UTF-8 编码另存这个文件（记事本：另存为 → 编码选 UTF-8）。",
        ));
    }
    let skipped = if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
        UTF8_BOM.len()
    } else {
        0
    };
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        Diagnostic::new(
            &name,
            Location::at_offset(&prefix, valid),
            Code::E017,
            format!(
                "文件不是 UTF-8 文本：第 {} 个字节起无法解码",
                skipped + valid + 1
            ),
            "用 UTF-8 编码另存这个文件（记事本：另存为 → 编码选 UTF-8）；如果是二进制文件，它不是案例。",
        )
    })
}

fn too_large(name: &str, bytes: u64) -> Diagnostic {
    Diagnostic::new(
        name,
        FIRST_CHARACTER,
        Code::E020,
        format!("文件有 {} 字节，超过上限 {} 字节", bytes, MAX_FILE_BYTES),
        "一个案例文件不应这么大：把它拆成几个案例，或检查是否误放了别的文件。",
    )
}

/// Parses RON text into `T`, turning ron's error into a located diagnostic with a hint.
pub fn parse_ron<T: DeserializeOwned>(name: &str, source: &str) -> Result<T, Diagnostic> {
    if is_blank(source) {
        return Err(Diagnostic::new(
            name,
            FIRST_CHARACTER,
            Code::E001,
            "文件是空的：只有空白或注释，没有内容",
            "案例从 `Scenario(` 开始：可以用 `liandong new` 生成一个模板再改。",
        ));
    }
    if let Some((offset, c)) = invisible_character(source) {
        return Err(Diagnostic::new(
            name,
            Location::at_offset(source, offset),
            Code::E001,
            format!("这里有一个看不见的控制字符 U+{:04X}", u32::from(c)),
            "删掉它：这类字符多半是从网页、聊天软件或终端里复制进来的，会让文字显示错乱、和实际内容不一致；要换行直接回车。整个文件都是乱码时，它不是案例文件。",
        ));
    }
    if let Some((offset, c)) = refused_escape(source, is_invisible) {
        return Err(Diagnostic::new(
            name,
            Location::at_offset(source, offset),
            Code::E001,
            format!("这个转义写出一个看不见的控制字符 U+{:04X}", u32::from(c)),
            "删掉这个转义：它和直接写进文件的控制字符一样，会让文字显示错乱，或在终端里执行命令；要换行写 `\\n`。",
        ));
    }
    ron_options().from_str(source).map_err(|e| {
        let at = Location::at_line_column(source, e.span.start.line, e.span.start.col);
        let here = source[at.offset..].chars().next();
        let (code, mut message, mut hint) = explain(&e.code);
        let mut at = at;
        let negative = source[..at.offset].ends_with('-') || here == Some('-');
        if let Some(open) = unclosed_string_before(source, at.offset, &e.code) {
            // ron stops after the quote that was meant to open the next text: the fault is the
            // text before it, which never closed
            at = Location::at_offset(source, open);
            // ron's own words ("expected comma") would point at the wrong fault
            message = "这段文字没有结束：缺少右引号 \"".to_owned();
            hint = "在这段文字的末尾补上英文双引号 \"：引号不成对时，后面的内容都被当成了文字，直到下一个引号。".to_owned();
        } else if e.code == ron::Error::IntegerOutOfBounds && negative {
            message = format!("这里不能是负数（{}）", e.code);
            hint = "金额、年龄、分值和用时都从 0 起：去掉负号。".to_owned();
        } else if let Some(c) = here.filter(|c| is_fullwidth_punctuation(*c)) {
            hint = format!("`{c}` 是中文标点：案例结构里的括号、逗号、冒号、引号要用英文半角；只有引号里面的文字可以用中文标点。");
        } else if e.code == ron::Error::ExpectedComma {
            if matches!(here, Some(')' | ']' | '}')) {
                hint = "这里多了一个右括号，或者上一项后面少了逗号：检查括号是否成对。".to_owned();
            } else {
                // ron stops at the next item; the comma is missing at the end of the previous one
                at = Location::at_offset(source, end_of_previous_item(&source[..at.offset]));
            }
        } else if e.code == ron::Error::UnclosedBlockComment
            && let Some(open) = unclosed_comment_start(source)
        {
            // ron reports where it gave up; the trainer needs the `/*` that never closes
            at = Location::at_offset(source, open);
        }
        Diagnostic::new(name, at, code, message, hint)
    })
}

/// Where the text that runs past its end opens, when ron's error at `error` comes from one: a
/// string that never closes before the end of the file, or one that spans lines and is
/// followed at once (on the line of its closing quote) by what ron stumbles on. The second is
/// a text that lacks its closing quote: the quote that was meant to open the next text closed
/// it, and the next text's words stand outside any quotes.
fn unclosed_string_before(source: &str, error: usize, code: &ron::Error) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut i = 0;
    let mut last: Option<(usize, usize)> = None;
    while i < bytes.len() && i <= error {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = memchr(bytes, i, b'\n'),
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = end_of_block_comment(bytes, i + 2),
            b'r' if starts_raw_string(bytes, i) => i = end_of_raw_string(bytes, i + 1),
            b'"' => {
                let open = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if i >= bytes.len() {
                    // it runs to the end of the file
                    return (open < error || *code == ron::Error::ExpectedStringEnd)
                        .then_some(open);
                }
                i += 1;
                if i <= error {
                    last = Some((open, i));
                }
            }
            _ => i += 1,
        }
    }
    let (open, end) = last?;
    let spans_lines = source[open..end].contains('\n');
    let right_after = !source.get(end..error)?.contains('\n');
    (spans_lines && right_after && *code != ron::Error::ExpectedStringEnd).then_some(open)
}

/// Where the outermost block comment that never ends opens, skipping strings and `//` comments.
fn unclosed_comment_start(source: &str) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let pair = &bytes[i..bytes.len().min(i + 2)];
        if pair == b"/*" {
            open.push(i);
            i += 2;
        } else if !open.is_empty() {
            i += if pair == b"*/" {
                open.pop();
                2
            } else {
                1
            };
        } else if pair == b"//" {
            i = source[i..].find('\n').map_or(bytes.len(), |end| i + end);
        } else if bytes[i] == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else {
            i += 1;
        }
    }
    open.first().copied()
}

/// Whether the text holds nothing but blanks and comments.
fn is_blank(source: &str) -> bool {
    let mut rest = source.trim_start();
    while !rest.is_empty() {
        if let Some(comment) = rest.strip_prefix("//") {
            rest = comment.find('\n').map_or("", |end| &comment[end..]);
        } else if let Some(comment) = rest.strip_prefix("/*") {
            // an unclosed comment is ron's to report
            let Some(end) = comment.find("*/") else {
                return false;
            };
            rest = &comment[end + 2..];
        } else {
            return false;
        }
        rest = rest.trim_start();
    }
    true
}

/// The first character no case needs and a hostile one can abuse: a control character other
/// than tab and line breaks (terminal escapes, NUL), or a bidi override that makes the text read
/// differently from how it looks.
fn invisible_character(source: &str) -> Option<(usize, char)> {
    source.char_indices().find(|&(_, c)| is_invisible(c))
}

pub(crate) fn is_invisible(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
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
        R::ExpectedStringEnd => syntax(
            "这段文字没有结束：缺少右引号 \"",
            "在这段文字的末尾补上英文双引号 \"。",
        ),
        R::ExpectedString => syntax(
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
        R::ExpectedInteger | R::ExpectedFloat => syntax(
            "这里应是一个数字",
            "这里要一个数字（不带引号、不带单位、不用逗号分隔千位）。",
        ),
        R::IntegerOutOfBounds => syntax("数字太大", "这个数超出了能写的范围：检查是否多写了几位。"),
        R::ExpectedBoolean => syntax("这里应是 true 或 false", "这里要 true 或 false。"),
        R::UnclosedBlockComment => syntax(
            "注释没有结束",
            "注释没有结束：这里的 /* 要有配对的 */，或者改用 // 注释。",
        ),
        R::UnclosedLineComment => syntax("注释没有结束", "在文件末尾补一个换行。"),
        R::Eof => syntax("文件提前结束", "文件提前结束了：通常是少了右括号 ) 或 ]。"),
        R::TrailingCharacters => syntax(
            "案例结束后还有内容",
            "案例结束后还有多余的内容：检查括号是否多了一个。",
        ),
        R::ExceededRecursionLimit => (
            Code::E001,
            said("嵌套层数太深".to_owned()),
            format!("嵌套层数太深（超过 {MAX_NESTING} 层），案例不需要这么深的结构。"),
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
