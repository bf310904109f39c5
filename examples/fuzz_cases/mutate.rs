//! Mutations for the case fuzzer: byte level (bits, bytes, invalid UTF-8, splices, repeats)
//! and RON-aware (lines, numbers, strings, step ids and `next` targets, brackets, fields,
//! enum variants, whole steps). Shared by `examples/fuzz_cases` and `tests/core/fuzz_regressions.rs`.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// Inputs are cut to this size after each mutation...
pub const MAX_INPUT: usize = 1 << 20;
/// ...except the rare oversized ones, which test the file size limit.
pub const MAX_HUGE: usize = 9 << 20;

const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "2",
    "5",
    "6",
    "8",
    "9",
    "64",
    "100",
    "101",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "99999999999999999999999999",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "-inf",
    "-0.0",
    "0.5",
    "1.0000001",
    "0x7fffffff",
    "1_000",
];

const STRINGS: &[&str] = &[
    "",
    " ",
    "{",
    "}",
    "{}",
    "{{}}",
    "{customer",
    "{unknown.key}",
    "{amount.}",
    "{staff.}",
    "{staff..surname}",
    "{amount.bill}{balance}{assets}{customer.call}{customer.surname}{staff.wm.credentials}",
    "\\u{0}",
    "\\u{d800}",
    "\\u{10ffff}",
    "\\",
    "\\\"",
    "\\n\\t\\r",
    "a\nb",
    "🙂🏦",
    "\u{202e}abc",
    "，：（）“”；",
    "保本零风险，收益最高",
    "不保本不保本不保本",
    "nowhere",
];

const VARIANTS: &[&[&str]] = &[
    &["Best", "Acceptable", "Weak", "Wrong", "RedLine"],
    &[
        "Teller",
        "OpenCounterTeller",
        "LobbyManager",
        "WealthManager",
        "CorporateManager",
        "BranchHead",
        "BackOffice",
        "PostalStaff",
    ],
    &[
        "PrivateBanking",
        "HighEnd",
        "MidEnd",
        "Potential",
        "Ordinary",
    ],
    &[
        "Narration",
        "Identify",
        "Script",
        "ReferralCard",
        "Handoff",
        "Branch",
        "End",
    ],
    &["Required", "Distractor", "RedLine"],
    &["Easy", "Medium", "Hard"],
    &["Mr", "Ms"],
    &["Entering", "Asking", "Waiting", "Counter"],
    &["Financial", "Emotional"],
    &["Name", "Contact", "Need", "Referrer", "OnSite"],
    &["true", "false"],
    &["CustomerHurried", "StaffBusy"],
    &["Some", "None"],
    &["RedLine", "Guideline"],
];

const STEP_KINDS: &[&str] = &[
    "Narration(",
    "Identify(",
    "Script(",
    "ReferralCard(",
    "Handoff(",
    "Branch(",
    "End(",
];

const SNIPPETS: &[&str] = &[
    ")", "(", "]", "[", "}", "{", ",", ":", "\"", "Some(", "//", "/*", "*/", "r#\"", "'", "，",
    "：", "“", "\u{feff}", "\0", "\r\n",
];

/// How often (1 in N) a repeat may grow an input past `MAX_INPUT`.
const HUGE_ONE_IN: usize = 400;

pub struct Mutator {
    pub rng: ChaCha8Rng,
}

impl Mutator {
    pub fn new(seed: u64) -> Self {
        Mutator {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.rng.random_range(0..n.max(1))
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A corpus input with 1–8 mutations (mostly few); also returns the mutations' names.
    pub fn mutate(&mut self, corpus: &[Vec<u8>]) -> (Vec<u8>, Vec<&'static str>) {
        let input = self.pick(corpus).clone();
        self.mutate_input(input, corpus)
    }

    /// `data` with 1–8 mutations; splices take their second input from `corpus`.
    pub fn mutate_input(
        &mut self,
        mut data: Vec<u8>,
        corpus: &[Vec<u8>],
    ) -> (Vec<u8>, Vec<&'static str>) {
        let most = self.below(8) + 1;
        let count = 1 + self.below(most);
        let mut applied = Vec::with_capacity(count);
        for _ in 0..count {
            applied.push(self.apply(&mut data, corpus));
        }
        (data, applied)
    }

    /// Applies one random mutation.
    pub fn apply(&mut self, data: &mut Vec<u8>, corpus: &[Vec<u8>]) -> &'static str {
        let name = match self.below(27) {
            0 => self.flip_bit(data),
            1 => self.insert_bytes(data),
            2 => self.delete_range(data),
            3 => self.replace_byte(data),
            4 => self.invalid_utf8(data),
            5 => self.truncate(data),
            6 => self.splice(data, corpus),
            7 => self.repeat_chunk(data),
            8 => self.insert_snippet(data),
            9 => self.line_op(data),
            10 => self.join_lines(data),
            11 | 12 => self.number(data),
            13 | 14 => self.string(data),
            15 | 16 => self.retarget(data),
            17 => self.reid(data),
            18 => self.add_next(data),
            19 => self.wrap(data),
            20 | 21 => self.field_op(data),
            22 | 23 => self.variant(data),
            24 | 25 => self.step_op(data),
            _ => self.string_repeat(data),
        };
        let cap = if data.len() > MAX_INPUT && self.chance(HUGE_ONE_IN) {
            MAX_HUGE
        } else {
            MAX_INPUT
        };
        data.truncate(cap);
        name
    }

    // ── byte level ──

    fn flip_bit(&mut self, data: &mut [u8]) -> &'static str {
        if !data.is_empty() {
            let i = self.below(data.len());
            data[i] ^= 1 << self.below(8);
        }
        "flip_bit"
    }

    fn insert_bytes(&mut self, data: &mut Vec<u8>) -> &'static str {
        let at = self.below(data.len() + 1);
        let n = 1 + self.below(16);
        let bytes: Vec<u8> = (0..n).map(|_| self.rng.random()).collect();
        data.splice(at..at, bytes);
        "insert_bytes"
    }

    fn delete_range(&mut self, data: &mut Vec<u8>) -> &'static str {
        if !data.is_empty() {
            let at = self.below(data.len());
            let longest = if self.chance(4) { 4096 } else { 32 };
            let n = 1 + self.below(longest);
            data.drain(at..(at + n).min(data.len()));
        }
        "delete_range"
    }

    fn replace_byte(&mut self, data: &mut [u8]) -> &'static str {
        if !data.is_empty() {
            let i = self.below(data.len());
            data[i] = *self.pick(b"\0\n\r\t \"'\\(){}[],:/*#-+.0179aeErSz\x7f\xff");
        }
        "replace_byte"
    }

    fn invalid_utf8(&mut self, data: &mut Vec<u8>) -> &'static str {
        let bad: &[&[u8]] = &[
            b"\xff",
            b"\xc0\x80",
            b"\x80",
            b"\xe4\xb8",
            b"\xed\xa0\x80",
            b"\xf4\x90\x80\x80",
        ];
        let at = self.below(data.len() + 1);
        let bytes = self.pick(bad).to_vec();
        data.splice(at..at, bytes);
        "invalid_utf8"
    }

    fn truncate(&mut self, data: &mut Vec<u8>) -> &'static str {
        let at = self.below(data.len() + 1);
        data.truncate(at);
        "truncate"
    }

    fn splice(&mut self, data: &mut Vec<u8>, corpus: &[Vec<u8>]) -> &'static str {
        let other = self.pick(corpus);
        let cut = self.below(data.len() + 1);
        let from = self.below(other.len() + 1);
        data.truncate(cut);
        data.extend_from_slice(&other[from..]);
        "splice"
    }

    fn repeat_chunk(&mut self, data: &mut Vec<u8>) -> &'static str {
        if data.is_empty() {
            return "repeat_chunk";
        }
        let at = self.below(data.len());
        let len = (1 + self.below(256)).min(data.len() - at);
        let times = match self.below(4) {
            0 => 2 + self.below(8),
            1 => 10 + self.below(100),
            2 => 100 + self.below(1000),
            _ => 1000 + self.below(20_000),
        };
        let times = times.min(MAX_HUGE / len);
        let chunk = data[at..at + len].to_vec();
        let repeated: Vec<u8> = chunk.iter().copied().cycle().take(len * times).collect();
        data.splice(at..at, repeated);
        "repeat_chunk"
    }

    fn insert_snippet(&mut self, data: &mut Vec<u8>) -> &'static str {
        let at = self.below(data.len() + 1);
        let snippet = self.pick(SNIPPETS).as_bytes().to_vec();
        data.splice(at..at, snippet);
        "insert_snippet"
    }

    // ── RON-aware ──

    fn line_op(&mut self, data: &mut Vec<u8>) -> &'static str {
        let lines = lines(data);
        if lines.is_empty() {
            return "line_op";
        }
        let (a0, a1) = *self.pick(&lines);
        match self.below(3) {
            0 => {
                data.drain(a0..a1);
                "delete_line"
            }
            1 => {
                let line = data[a0..a1].to_vec();
                let times = if self.chance(8) {
                    1 + self.below(500)
                } else {
                    1
                };
                let times = times.min(MAX_INPUT / line.len().max(1)).max(1);
                let copies: Vec<u8> = line
                    .iter()
                    .copied()
                    .cycle()
                    .take(line.len() * times)
                    .collect();
                data.splice(a0..a0, copies);
                "duplicate_line"
            }
            _ => {
                let (b0, b1) = *self.pick(&lines);
                let ((x0, x1), (y0, y1)) = if a0 <= b0 {
                    ((a0, a1), (b0, b1))
                } else {
                    ((b0, b1), (a0, a1))
                };
                if x1 <= y0 {
                    let mut out = data[..x0].to_vec();
                    out.extend_from_slice(&data[y0..y1]);
                    out.extend_from_slice(&data[x1..y0]);
                    out.extend_from_slice(&data[x0..x1]);
                    out.extend_from_slice(&data[y1..]);
                    *data = out;
                }
                "swap_lines"
            }
        }
    }

    /// Puts a run of lines (or all of them) on one line, dropping their `//` comments.
    fn join_lines(&mut self, data: &mut Vec<u8>) -> &'static str {
        let lines = lines(data);
        if lines.is_empty() {
            return "join_lines";
        }
        let (first, last) = if self.chance(2) {
            (0, lines.len() - 1)
        } else {
            let a = self.below(lines.len());
            (a, (a + self.below(64)).min(lines.len() - 1))
        };
        let (start, end) = (lines[first].0, lines[last].1);
        let mut joined = Vec::with_capacity(end - start);
        for &(a, b) in &lines[first..=last] {
            let line = &data[a..b];
            let code = comment_start(line).unwrap_or(line.len());
            joined.extend(
                line[..code]
                    .iter()
                    .map(|&c| if c == b'\n' || c == b'\r' { b' ' } else { c }),
            );
            joined.push(b' ');
        }
        data.splice(start..end, joined);
        "join_lines"
    }

    fn number(&mut self, data: &mut Vec<u8>) -> &'static str {
        let numbers = scan(data).numbers;
        if !numbers.is_empty() {
            let (a, b) = *self.pick(&numbers);
            let with = self.pick(NUMBERS).as_bytes().to_vec();
            data.splice(a..b, with);
        }
        "number"
    }

    fn string(&mut self, data: &mut Vec<u8>) -> &'static str {
        let strings = scan(data).strings;
        if strings.is_empty() {
            return "string";
        }
        let (a, b) = *self.pick(&strings);
        let content = match self.below(6) {
            0 => "长".repeat(if self.chance(2) { 4001 } else { 5000 }),
            1 => "{customer}".repeat(1 + self.below(2000)),
            2 => "{x}".repeat(1 + self.below(5000)),
            3 => {
                // another literal of the file: cross-wires ids
                let (c, d) = *self.pick(&strings);
                String::from_utf8_lossy(&data[c + 1..d.saturating_sub(1).max(c + 1)]).into_owned()
            }
            _ => (*self.pick(STRINGS)).to_owned(),
        };
        data.splice(a..b, format!("\"{content}\"").into_bytes());
        "string"
    }

    /// A string's own text repeated many times.
    fn string_repeat(&mut self, data: &mut Vec<u8>) -> &'static str {
        let strings = scan(data).strings;
        if strings.is_empty() {
            return "string_repeat";
        }
        let (a, b) = *self.pick(&strings);
        if b >= a + 2 {
            let inner = data[a + 1..b - 1].to_vec();
            let most = if self.chance(4) { 20_000 } else { 50 };
            let times = 2 + self.below(most);
            let times = times.min(MAX_INPUT / inner.len().max(1));
            let repeated: Vec<u8> = inner
                .iter()
                .copied()
                .cycle()
                .take(inner.len() * times)
                .collect();
            data.splice(a + 1..b - 1, repeated);
        }
        "string_repeat"
    }

    /// Points a `next:`/`otherwise:` at another step, at its own step, or nowhere.
    fn retarget(&mut self, data: &mut Vec<u8>) -> &'static str {
        let s = scan(data);
        if s.targets.is_empty() || s.ids.is_empty() {
            return "retarget";
        }
        let (a, b) = *self.pick(&s.targets);
        let id = match self.below(4) {
            0 => own_id(&s, a).unwrap_or_else(|| self.pick(&s.ids).clone()),
            1 => b"nowhere".to_vec(),
            _ => self.pick(&s.ids).clone(),
        };
        let text = String::from_utf8_lossy(&id).into_owned();
        data.splice(a..b, format!("\"{text}\"").into_bytes());
        "retarget"
    }

    /// Renames a step (or other) id to another existing id, or a fresh one.
    fn reid(&mut self, data: &mut Vec<u8>) -> &'static str {
        let s = scan(data);
        if s.id_literals.is_empty() {
            return "reid";
        }
        let (a, b) = *self.pick(&s.id_literals);
        let id = if self.chance(2) {
            let id: &Vec<u8> = self.pick(&s.ids);
            String::from_utf8_lossy(id).into_owned()
        } else {
            format!("fresh-{}", self.below(1000))
        };
        data.splice(a..b, format!("\"{id}\"").into_bytes());
        "reid"
    }

    /// Gives an option a `next:` (often backwards: a loop).
    fn add_next(&mut self, data: &mut Vec<u8>) -> &'static str {
        let s = scan(data);
        if s.ids.is_empty() || s.option_starts.is_empty() {
            return "add_next";
        }
        let at = *self.pick(&s.option_starts);
        let id = match own_id(&s, at) {
            Some(own) if self.chance(2) => own,
            _ => self.pick(&s.ids).clone(),
        };
        let mut field = b"next: \"".to_vec();
        field.extend_from_slice(&id);
        field.extend_from_slice(b"\", ");
        data.splice(at..at, field);
        "add_next"
    }

    fn wrap(&mut self, data: &mut Vec<u8>) -> &'static str {
        let s = scan(data);
        if s.fields.is_empty() {
            return "wrap";
        }
        let (_, value) = *self.pick(&s.fields);
        let end = value_end(data, value);
        let depth = *self.pick(&[1, 2, 3, 10, 63, 64, 65, 200, 5000]);
        let (open, close) = *self.pick(&[("[", "]"), ("(", ")"), ("Some(", ")"), ("{", "}")]);
        let tail = close.repeat(depth).into_bytes();
        data.splice(end..end, tail);
        data.splice(value..value, open.repeat(depth).into_bytes());
        "wrap"
    }

    fn field_op(&mut self, data: &mut Vec<u8>) -> &'static str {
        let s = scan(data);
        if s.fields.is_empty() {
            return "field_op";
        }
        let (name, value) = *self.pick(&s.fields);
        let mut end = value_end(data, value);
        if data.get(end) == Some(&b',') {
            end += 1;
        }
        if self.chance(2) {
            data.drain(name..end);
            "drop_field"
        } else {
            let mut copy = data[name..end].to_vec();
            if copy.last() != Some(&b',') {
                copy.push(b',');
            }
            data.splice(end..end, copy);
            "duplicate_field"
        }
    }

    fn variant(&mut self, data: &mut Vec<u8>) -> &'static str {
        let s = scan(data);
        let known: Vec<(usize, usize, usize)> = s
            .idents
            .iter()
            .filter_map(|&(a, b)| {
                VARIANTS
                    .iter()
                    .position(|g| g.iter().any(|v| v.as_bytes() == &data[a..b]))
                    .map(|g| (a, b, g))
            })
            .collect();
        if known.is_empty() {
            return "variant";
        }
        let (a, b, group) = *self.pick(&known);
        let with = if self.chance(5) {
            let g = self.pick(VARIANTS);
            *self.pick(g)
        } else {
            *self.pick(VARIANTS[group])
        };
        data.splice(a..b, with.bytes());
        "variant"
    }

    /// Deletes, duplicates (once or many times) or moves a whole step.
    fn step_op(&mut self, data: &mut Vec<u8>) -> &'static str {
        let steps = scan(data).steps;
        if steps.is_empty() {
            return "step_op";
        }
        let (a, b) = *self.pick(&steps);
        let mut block = data[a..b].to_vec();
        block.extend_from_slice(b",\n");
        match self.below(3) {
            0 => {
                let end = if data.get(b) == Some(&b',') { b + 1 } else { b };
                data.drain(a..end);
                "drop_step"
            }
            1 => {
                let times = if self.chance(6) {
                    10 + self.below(3000)
                } else {
                    1
                };
                let times = times.min(MAX_INPUT / block.len().max(1)).max(1);
                let copies: Vec<u8> = block
                    .iter()
                    .copied()
                    .cycle()
                    .take(block.len() * times)
                    .collect();
                data.splice(a..a, copies);
                "duplicate_step"
            }
            _ => {
                let (c, _) = *self.pick(&steps);
                if c < a {
                    data.drain(a..b.min(data.len()));
                    data.splice(c..c, block);
                }
                "move_step"
            }
        }
    }
}

/// Byte ranges of the lines, each with its newline.
fn lines(data: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in data.iter().enumerate() {
        if b == b'\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < data.len() {
        out.push((start, data.len()));
    }
    out
}

/// What one lenient pass over the text found (byte ranges).
#[derive(Default)]
struct Scan {
    /// String literals with their quotes.
    strings: Vec<(usize, usize)>,
    numbers: Vec<(usize, usize)>,
    idents: Vec<(usize, usize)>,
    /// `name:` fields: where the name starts and where the value starts.
    fields: Vec<(usize, usize)>,
    /// Values of `id:` fields: their literal ranges and their texts, in file order.
    id_literals: Vec<(usize, usize)>,
    ids: Vec<Vec<u8>>,
    id_at: Vec<usize>,
    /// Literals after `next:` or `otherwise:`.
    targets: Vec<(usize, usize)>,
    /// Just after the `(` of an option `(text: …)`.
    option_starts: Vec<usize>,
    /// Whole steps `Script( … )`.
    steps: Vec<(usize, usize)>,
}

fn scan(data: &[u8]) -> Scan {
    let mut s = Scan::default();
    let mut i = 0;
    let mut last_field: Option<(usize, usize, usize)> = None; // (name start, name end, value start)
    // open brackets; a step's `(` carries where the step starts (one pass, however many steps)
    let mut open: Vec<Option<usize>> = Vec::new();
    while i < data.len() {
        let c = data[i];
        if c == b'/' && data.get(i + 1) == Some(&b'/') {
            while i < data.len() && data[i] != b'\n' {
                i += 1;
            }
        } else if c == b'"' {
            let end = string_end(data, i);
            s.strings.push((i, end));
            if let Some((n0, n1, v)) = last_field
                && v == i
            {
                let name = &data[n0..n1];
                if name == b"id" {
                    s.id_literals.push((i, end));
                    s.ids
                        .push(data[i + 1..end.saturating_sub(1).max(i + 1)].to_vec());
                    s.id_at.push(i);
                } else if name == b"next" || name == b"otherwise" {
                    s.targets.push((i, end));
                }
            }
            i = end;
        } else if c.is_ascii_digit()
            || (c == b'-' && data.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let start = i;
            i += 1;
            while i < data.len() && (data[i].is_ascii_alphanumeric() || b"._".contains(&data[i])) {
                i += 1;
            }
            s.numbers.push((start, i));
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < data.len() && (data[i].is_ascii_alphanumeric() || data[i] == b'_') {
                i += 1;
            }
            s.idents.push((start, i));
            let after = skip_blank(data, i);
            if data.get(after) == Some(&b':') && data.get(after + 1) != Some(&b':') {
                let value = skip_blank(data, after + 1);
                // `next: Some("x")` counts as the literal
                let literal = if data[value..].starts_with(b"Some(") {
                    value + 5
                } else {
                    value
                };
                s.fields.push((start, value));
                last_field = Some((start, i, literal));
                if &data[start..i] == b"text" {
                    let before = data[..start].iter().rposition(|b| !b.is_ascii_whitespace());
                    if let Some(open) = before.filter(|&p| data[p] == b'(') {
                        s.option_starts.push(open + 1);
                    }
                }
            } else if data.get(i) == Some(&b'(')
                && STEP_KINDS
                    .iter()
                    .any(|k| data[start..].starts_with(k.as_bytes()))
            {
                open.push(Some(start));
                i += 1;
            }
        } else {
            match c {
                b'(' | b'[' | b'{' => open.push(None),
                b')' | b']' | b'}' => {
                    if let Some(Some(step)) = open.pop() {
                        s.steps.push((step, i + 1));
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
    // steps never closed run to the end
    s.steps
        .extend(open.into_iter().flatten().map(|step| (step, data.len())));
    s
}

/// Where a `//` comment starts in one line, outside strings.
fn comment_start(line: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < line.len() {
        match line[i] {
            b'"' => i = string_end(line, i),
            b'/' if line.get(i + 1) == Some(&b'/') => return Some(i),
            _ => i += 1,
        }
    }
    None
}

fn skip_blank(data: &[u8], mut i: usize) -> usize {
    while i < data.len() && (data[i] == b' ' || data[i] == b'\t') {
        i += 1;
    }
    i
}

/// Just past the closing quote of the literal that opens at `start` (or the end of input).
fn string_end(data: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < data.len() {
        match data[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    data.len()
}

/// Where the value starting at `start` ends: a comma or a closing bracket at its own depth.
fn value_end(data: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < data.len() {
        match data[i] {
            b'"' => {
                i = string_end(data, i);
                continue;
            }
            b'/' if data.get(i + 1) == Some(&b'/') => {
                // a trailing comment ends a value written on one line
                if depth == 0 {
                    let mut end = i;
                    while end > start && data[end - 1].is_ascii_whitespace() {
                        end -= 1;
                    }
                    return end;
                }
                while i < data.len() && data[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => return i,
            b')' | b']' | b'}' => depth -= 1,
            b',' if depth == 0 => return i,
            _ => {}
        }
        i += 1;
    }
    data.len()
}

/// The nearest `id:` before `at`: the step a `next:` or option belongs to, in practice.
fn own_id(s: &Scan, at: usize) -> Option<Vec<u8>> {
    let k = s.id_at.partition_point(|&p| p < at);
    k.checked_sub(1).map(|k| s.ids[k].clone())
}
