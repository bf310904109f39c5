//! Maps a value's path in the case (`stages[1].steps[3].options[0].rule`) to where it is
//! written in the RON source, so semantic errors point at a line and column.
//!
//! serde forgets positions once a value is deserialized; this small structural scan of the same
//! text keeps them. It runs only on text ron already accepted, so it can be lenient.

use std::collections::HashMap;
use std::fmt;

use super::diagnostic::Location;
use super::escapes::{end_of_block_comment, end_of_raw_string, memchr, starts_raw_string};

/// One step of a path: a struct field or map key, or a list or tuple index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

impl From<&str> for Seg {
    fn from(key: &str) -> Self {
        Seg::Key(key.to_owned())
    }
}

impl From<usize> for Seg {
    fn from(index: usize) -> Self {
        Seg::Index(index)
    }
}

/// Where a value sits in the case's structure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ValuePath(pub Vec<Seg>);

impl ValuePath {
    pub fn root() -> Self {
        ValuePath(Vec::new())
    }

    /// A copy of this path extended by one segment.
    pub fn at(&self, seg: impl Into<Seg>) -> Self {
        let mut segs = self.0.clone();
        segs.push(seg.into());
        ValuePath(segs)
    }
}

impl fmt::Display for ValuePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Builds a path from segments: `path!["stages", 1, "steps", 3]`.
#[macro_export]
macro_rules! path {
    ($($seg:expr),* $(,)?) => {
        $crate::scenario::locate::ValuePath(vec![$($crate::scenario::locate::Seg::from($seg)),*])
    };
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open(char),
    Close(char),
    Colon,
    Comma,
    Ident(String),
    Str(String),
    Other,
}

/// Positions of every value of one source text.
pub struct SourceMap {
    positions: HashMap<ValuePath, Location>,
}

impl SourceMap {
    pub fn build(source: &str) -> SourceMap {
        let tokens = tokenize(source);
        let mut walker = Walker {
            tokens: &tokens,
            next: 0,
            positions: HashMap::new(),
        };
        walker.value(ValuePath::root(), 0);
        SourceMap {
            positions: walker.positions,
        }
    }

    /// The position of `path`, or of its nearest ancestor that was found.
    /// Where the value at exactly this path is written, if the file writes it.
    pub fn exact(&self, path: &ValuePath) -> Option<Location> {
        self.positions.get(path).copied()
    }

    pub fn locate(&self, path: &ValuePath) -> Location {
        let mut segs = path.0.clone();
        loop {
            if let Some(at) = self.positions.get(&ValuePath(segs.clone())) {
                return *at;
            }
            if segs.pop().is_none() {
                return Location {
                    line: 1,
                    column: 1,
                    offset: 0,
                };
            }
        }
    }
}

/// Line and column of any byte offset without rescanning the text: a file on one long line with
/// thousands of problems would otherwise cost the square of its length to locate.
pub(crate) struct TextIndex<'s> {
    source: &'s str,
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
    /// Characters before each block of `BLOCK` bytes.
    chars_before_block: Vec<usize>,
}

const BLOCK: usize = 256;

impl<'s> TextIndex<'s> {
    pub(crate) fn new(source: &'s str) -> Self {
        let bytes = source.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut chars_before_block = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut count = 0;
        for block in bytes.chunks(BLOCK) {
            chars_before_block.push(count);
            count += starts_of_chars(block);
        }
        chars_before_block.push(count);
        TextIndex {
            source,
            line_starts,
            chars_before_block,
        }
    }

    /// Characters before the byte offset `at` (a character boundary).
    fn chars_before(&self, at: usize) -> usize {
        let block = at / BLOCK;
        self.chars_before_block[block] + starts_of_chars(&self.source.as_bytes()[block * BLOCK..at])
    }

    /// Characters from `from` to `to` (both character boundaries, `from <= to`).
    pub(crate) fn chars_between(&self, from: usize, to: usize) -> usize {
        self.chars_before(to) - self.chars_before(from)
    }

    /// The same as [`Location::at_offset`], in time independent of the offset.
    pub(crate) fn locate(&self, offset: usize) -> Location {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line - 1];
        Location {
            line,
            column: self.chars_between(line_start, offset) + 1,
            offset,
        }
    }
}

/// How many characters start in these UTF-8 bytes.
fn starts_of_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

fn tokenize(source: &str) -> Vec<(Token, Location)> {
    let mut tokens = Vec::new();
    let mut chars = source.char_indices().peekable();
    let mut line = 1;
    let mut line_start = 0;
    let index = TextIndex::new(source);
    let column_of = |offset: usize, line_start: usize| index.chars_between(line_start, offset) + 1;
    while let Some((offset, c)) = chars.next() {
        let at = Location {
            line,
            column: column_of(offset, line_start),
            offset,
        };
        match c {
            '\n' => {
                line += 1;
                line_start = offset + 1;
            }
            c if c.is_whitespace() => {}
            '/' if matches!(chars.peek(), Some((_, '/'))) => {
                while let Some((_, c)) = chars.peek() {
                    if *c == '\n' {
                        break;
                    }
                    chars.next();
                }
            }
            '/' if matches!(chars.peek(), Some((_, '*'))) => {
                chars.next();
                let mut depth = 1;
                let mut previous = ' ';
                while depth > 0 {
                    let Some((o, c)) = chars.next() else { break };
                    if c == '\n' {
                        line += 1;
                        line_start = o + 1;
                    }
                    if previous == '/' && c == '*' {
                        depth += 1;
                        previous = ' ';
                    } else if previous == '*' && c == '/' {
                        depth -= 1;
                        previous = ' ';
                    } else {
                        previous = c;
                    }
                }
            }
            '(' | '[' | '{' => tokens.push((Token::Open(c), at)),
            ')' | ']' | '}' => tokens.push((Token::Close(c), at)),
            ':' => tokens.push((Token::Colon, at)),
            ',' => tokens.push((Token::Comma, at)),
            '"' => {
                let mut text = String::new();
                while let Some((o, c)) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some((_, escaped)) = chars.next() {
                                text.push(escaped);
                            }
                        }
                        '\n' => {
                            line += 1;
                            line_start = o + 1;
                            text.push(c);
                        }
                        _ => text.push(c),
                    }
                }
                tokens.push((Token::Str(text), at));
            }
            'r' if matches!(chars.peek(), Some((_, '"' | '#'))) => {
                let mut hashes = 0;
                while let Some((_, '#')) = chars.peek() {
                    hashes += 1;
                    chars.next();
                }
                chars.next(); // opening quote
                let mut text = String::new();
                let mut closing = 0;
                let mut in_close = false;
                for (o, c) in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                        line_start = o + 1;
                    }
                    if in_close && c == '#' {
                        closing += 1;
                        if closing == hashes {
                            break;
                        }
                        continue;
                    }
                    if in_close {
                        text.push('"');
                        text.extend(std::iter::repeat_n('#', closing));
                        in_close = false;
                    }
                    if c == '"' {
                        if hashes == 0 {
                            break;
                        }
                        in_close = true;
                        closing = 0;
                    } else {
                        text.push(c);
                    }
                }
                tokens.push((Token::Str(text), at));
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut ident = String::from(c);
                while let Some((_, c)) = chars.peek() {
                    if c.is_alphanumeric() || *c == '_' {
                        ident.push(*c);
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push((Token::Ident(ident), at));
            }
            '\'' => {
                // a char literal such as 'a' or '\''
                let mut escaped = false;
                for (_, c) in chars.by_ref() {
                    if c == '\'' && !escaped {
                        break;
                    }
                    escaped = c == '\\' && !escaped;
                }
                tokens.push((Token::Other, at));
            }
            _ => {
                // numbers and other literals: consume to the next delimiter
                while let Some((_, c)) = chars.peek() {
                    if c.is_whitespace() || "()[]{}:,\"".contains(*c) {
                        break;
                    }
                    chars.next();
                }
                tokens.push((Token::Other, at));
            }
        }
    }
    tokens
}

/// A key written twice in the map of the field `field` (`amounts: {"a": …, "a": …}`): serde
/// keeps the last and says nothing, so the text is read again. Each is the key and the byte
/// offsets of its opening quote, first and again. One pass over the bytes, skipping comments
/// and strings, without allocating for anything but the map's keys.
pub(crate) fn duplicate_map_keys(source: &str, field: &str) -> Vec<(String, usize, usize)> {
    let bytes = source.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = memchr(bytes, i, b'\n'),
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = end_of_block_comment(bytes, i + 2),
            b'r' if starts_raw_string(bytes, i) => i = end_of_raw_string(bytes, i + 1),
            b'"' | b'\'' => i = end_of_quoted(bytes, i),
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                if &bytes[start..i] != field.as_bytes() {
                    continue;
                }
                let colon = skip_blanks(bytes, i);
                if bytes.get(colon) != Some(&b':') {
                    continue;
                }
                let open = skip_blanks(bytes, colon + 1);
                if bytes.get(open) == Some(&b'{') {
                    i = map_keys(bytes, open + 1, &mut found);
                }
            }
            _ => i += 1,
        }
    }
    found
}

/// Past the string or character literal whose quote is at `at`.
fn end_of_quoted(bytes: &[u8], at: usize) -> usize {
    let quote = bytes[at];
    let mut i = at + 1;
    while i < bytes.len() && bytes[i] != quote {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    (i + 1).min(bytes.len())
}

/// Past blanks and comments.
fn skip_blanks(bytes: &[u8], mut i: usize) -> usize {
    loop {
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(b), _) if b.is_ascii_whitespace() => i += 1,
            (Some(b'/'), Some(b'/')) => i = memchr(bytes, i, b'\n'),
            (Some(b'/'), Some(b'*')) => i = end_of_block_comment(bytes, i + 2),
            _ => return i,
        }
    }
}

/// The keys of the map whose `{` is just before `from`, noting those seen before; returns
/// where the map ends.
fn map_keys(bytes: &[u8], from: usize, found: &mut Vec<(String, usize, usize)>) -> usize {
    let mut seen: HashMap<&[u8], usize> = HashMap::new();
    let mut depth = 1usize;
    let mut i = from;
    while i < bytes.len() && depth > 0 {
        match bytes[i] {
            b'/' if matches!(bytes.get(i + 1), Some(b'/' | b'*')) => i = skip_blanks(bytes, i),
            b'r' if starts_raw_string(bytes, i) => i = end_of_raw_string(bytes, i + 1),
            b'"' | b'\'' => {
                let end = end_of_quoted(bytes, i);
                if depth == 1
                    && bytes[i] == b'"'
                    && bytes.get(skip_blanks(bytes, end)) == Some(&b':')
                {
                    let key = &bytes[i + 1..end.saturating_sub(1).max(i + 1)];
                    match seen.get(key) {
                        Some(&first) => {
                            found.push((String::from_utf8_lossy(key).into_owned(), first, i))
                        }
                        None => {
                            seen.insert(key, i);
                        }
                    }
                }
                i = end;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth -= 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    i
}

/// Recursion here is bounded by ron's own limit: the walker only sees text ron parsed.
const MAX_DEPTH: usize = 256;

struct Walker<'t> {
    tokens: &'t [(Token, Location)],
    next: usize,
    positions: HashMap<ValuePath, Location>,
}

impl Walker<'_> {
    fn peek(&self, ahead: usize) -> Option<&Token> {
        self.tokens.get(self.next + ahead).map(|(t, _)| t)
    }

    fn value(&mut self, path: ValuePath, depth: usize) {
        let Some((token, at)) = self.tokens.get(self.next).cloned() else {
            return;
        };
        if depth > MAX_DEPTH {
            self.next = self.tokens.len();
            return;
        }
        self.positions.entry(path.clone()).or_insert(at);
        self.next += 1;
        match token {
            Token::Ident(name) if self.peek(0) == Some(&Token::Open('(')) => {
                self.next += 1;
                if name == "Some" {
                    // implicit_some makes `Some(x)` and `x` the same value
                    self.value(path.clone(), depth + 1);
                    self.skip_to_close(depth);
                } else {
                    self.contents(&path, ')', depth);
                }
            }
            Token::Open('(') => self.contents(&path, ')', depth),
            Token::Open('[') => self.contents(&path, ']', depth),
            Token::Open('{') => self.map(&path, depth),
            _ => {}
        }
    }

    /// Struct fields (`key: value`) or positional items, up to `close`.
    fn contents(&mut self, path: &ValuePath, close: char, depth: usize) {
        let mut index = 0;
        loop {
            match self.peek(0) {
                None => return,
                Some(Token::Close(_)) => {
                    self.next += 1;
                    return;
                }
                Some(Token::Comma) => {
                    self.next += 1;
                }
                Some(Token::Ident(key)) if close == ')' && self.peek(1) == Some(&Token::Colon) => {
                    let key = key.clone();
                    self.next += 2;
                    self.value(path.at(key.as_str()), depth + 1);
                }
                Some(_) => {
                    self.value(path.at(index), depth + 1);
                    index += 1;
                }
            }
        }
    }

    fn map(&mut self, path: &ValuePath, depth: usize) {
        loop {
            match self.peek(0) {
                None => return,
                Some(Token::Close(_)) => {
                    self.next += 1;
                    return;
                }
                Some(Token::Comma) => self.next += 1,
                Some(Token::Str(key)) if self.peek(1) == Some(&Token::Colon) => {
                    let key = key.clone();
                    self.next += 2;
                    self.value(path.at(key.as_str()), depth + 1);
                }
                Some(_) => {
                    // a non-string key: skip key, colon and value
                    self.value(path.at("?"), depth + 1);
                }
            }
        }
    }

    fn skip_to_close(&mut self, depth: usize) {
        let mut level = 0usize;
        while let Some(token) = self.peek(0).cloned() {
            self.next += 1;
            match token {
                Token::Open(_) => level += 1,
                Token::Close(_) if level == 0 => return,
                Token::Close(_) => level -= 1,
                _ => {}
            }
            if depth > MAX_DEPTH {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_fields_and_list_items_are_located() {
        let source = "Scenario(\n  id: \"a\",\n  stages: [\n    (role: Teller, steps: [Script(id: \"s\", next: Some(\"t\"))]),\n  ],\n)";
        let map = SourceMap::build(source);
        assert_eq!(map.locate(&path!["id"]).line, 2);
        let step = map.locate(&path!["stages", 0, "steps", 0]);
        assert_eq!((step.line, step.column), (4, 28));
        let next = map.locate(&path!["stages", 0, "steps", 0, "next"]);
        assert_eq!((next.line, next.column), (4, 50));
    }

    #[test]
    fn an_unknown_path_falls_back_to_its_nearest_ancestor() {
        let source = "(\n a: [1, 2],\n)";
        let map = SourceMap::build(source);
        assert_eq!(map.locate(&path!["a", 7, "x"]).line, 2);
    }

    #[test]
    fn the_text_index_agrees_with_locating_by_scanning() {
        let source = "第一行\n(t: \"岗位联动\",\r\n u: 1)\n\n".repeat(40);
        let index = TextIndex::new(&source);
        for offset in 0..=source.len() + 3 {
            assert_eq!(
                index.locate(offset),
                Location::at_offset(&source, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn a_key_written_twice_in_a_map_is_found_with_both_places() {
        let source = r#"(amounts: { "a": (min: 1, max: 2), /* "a": */ "b": (x: "a"), "a": 3 },
            other: { "b": 1 }, text: "amounts: { \"b\": 1, \"b\": 2 }")"#;
        let found = duplicate_map_keys(source, "amounts");
        let first = source.find("\"a\"").unwrap();
        let again = source.rfind("\"a\": 3").unwrap();
        assert_eq!(found, [("a".to_owned(), first, again)]);
        assert!(duplicate_map_keys("(amounts: {})", "amounts").is_empty());
    }

    #[test]
    fn chinese_text_counts_columns_in_characters() {
        let source = "(t: \"岗位联动\", u: 1)";
        let map = SourceMap::build(source);
        assert_eq!(map.locate(&path!["u"]).column, 16);
    }
}
