//! The `//` comments a case file carries above its items, found again by the item's place in
//! the file, so a workbook exported from a commented case keeps them in its 备注 columns.

use crate::scenario::locate::{SourceMap, ValuePath};

pub struct Comments<'a> {
    lines: Vec<&'a str>,
    map: Option<SourceMap>,
}

impl<'a> Comments<'a> {
    /// The comments of `source`; none for a case built in memory.
    pub fn new(source: Option<&'a str>) -> Comments<'a> {
        Comments {
            lines: source.map(|s| s.lines().collect()).unwrap_or_default(),
            map: source.map(SourceMap::build),
        }
    }

    /// The comment lines at the top of the file, before `Scenario(`.
    pub fn header(&self) -> Option<String> {
        let block: Vec<&str> = self
            .lines
            .iter()
            .take_while(|l| l.trim_start().starts_with("//") || l.trim().is_empty())
            .filter_map(|l| comment_text(l))
            .collect();
        joined(block)
    }

    /// The comment lines directly above the line where the value at `path` starts, and a
    /// comment at the end of that line (`difficulty: Easy, // 入门`).
    pub fn above(&self, path: &ValuePath) -> Option<String> {
        let map = self.map.as_ref()?;
        let line = map.exact(path)?.line;
        let mut block = Vec::new();
        for index in (0..line.saturating_sub(1)).rev() {
            match self.lines.get(index).and_then(|l| comment_text(l)) {
                Some(text) => block.push(text),
                None => break,
            }
        }
        block.reverse();
        if let Some(end) = self
            .lines
            .get(line.saturating_sub(1))
            .and_then(|l| trailing(l))
        {
            block.push(end);
        }
        joined(block)
    }
}

/// The comment after the code on a line, found outside string literals (a URL in a text is
/// no comment).
fn trailing(line: &str) -> Option<&str> {
    let bytes = line.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => {
                let code = line[..i].trim();
                // a line that is all comment belongs to the item below it, not this one
                return (!code.is_empty())
                    .then(|| comment_text(&line[i..]))
                    .flatten();
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn comment_text(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix("//")?;
    Some(rest.strip_prefix(' ').unwrap_or(rest).trim_end())
}

fn joined(block: Vec<&str>) -> Option<String> {
    let text = block.join("\n");
    (!text.trim().is_empty()).then_some(text)
}
