//! Escapes inside RON strings that write a character the raw-text check would refuse:
//! `"\u{1b}[2J"` or `"\u{202e}"` reach the screen and the terminal exactly as the raw
//! characters would, so they are refused the same way.

/// The first escape, inside a string or character literal, that stands for a character
/// `refused` says no; its byte offset (at the backslash) and the character.
pub fn refused_escape(source: &str, refused: impl Fn(char) -> bool) -> Option<(usize, char)> {
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = memchr(bytes, i, b'\n');
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = end_of_block_comment(bytes, i + 2),
            b'r' if starts_raw_string(bytes, i) => i = end_of_raw_string(bytes, i + 1),
            quote @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    if bytes[i] != b'\\' {
                        i += 1;
                        continue;
                    }
                    let (c, after) = escape(bytes, i + 1);
                    if let Some(c) = c.filter(|c| refused(*c)) {
                        return Some((i, c));
                    }
                    i = after;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

pub(super) fn memchr(bytes: &[u8], from: usize, wanted: u8) -> usize {
    bytes[from..]
        .iter()
        .position(|b| *b == wanted)
        .map_or(bytes.len(), |p| from + p)
}

/// RON block comments nest.
pub(super) fn end_of_block_comment(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 1;
    while i < bytes.len() && depth > 0 {
        match (bytes[i], bytes.get(i + 1)) {
            (b'/', Some(b'*')) => (depth, i) = (depth + 1, i + 2),
            (b'*', Some(b'/')) => (depth, i) = (depth - 1, i + 2),
            _ => i += 1,
        }
    }
    i
}

/// `r"…"` or `r#"…"#`, and not the end of an identifier such as `Teller`.
pub(super) fn starts_raw_string(bytes: &[u8], at: usize) -> bool {
    let after_identifier =
        at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
    let hashes = bytes[at + 1..].iter().take_while(|b| **b == b'#').count();
    !after_identifier && bytes.get(at + 1 + hashes) == Some(&b'"')
}

/// Raw strings have no escapes: skip to the quote followed by as many hashes.
pub(super) fn end_of_raw_string(bytes: &[u8], mut i: usize) -> usize {
    let hashes = bytes[i..].iter().take_while(|b| **b == b'#').count();
    i += hashes + 1;
    while i < bytes.len() {
        if bytes[i] == b'"'
            && bytes[i + 1..]
                .iter()
                .take(hashes)
                .filter(|b| **b == b'#')
                .count()
                == hashes
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    i
}

/// The character the escape after a backslash at `at - 1` stands for (when it is one ron
/// accepts), and where the text goes on.
fn escape(bytes: &[u8], at: usize) -> (Option<char>, usize) {
    match bytes.get(at) {
        Some(b'0') => (Some('\0'), at + 1),
        Some(b'u') => unicode(bytes, at + 1),
        Some(b'x') => utf8_bytes(bytes, at + 1),
        Some(_) => (None, at + 1),
        None => (None, at),
    }
}

/// `\u{1b}`: up to six hex digits in braces.
fn unicode(bytes: &[u8], at: usize) -> (Option<char>, usize) {
    if bytes.get(at) != Some(&b'{') {
        return (None, at);
    }
    let digits = bytes[at + 1..]
        .iter()
        .take(6)
        .take_while(|b| b.is_ascii_hexdigit())
        .count();
    let hex = std::str::from_utf8(&bytes[at + 1..at + 1 + digits]).unwrap_or_default();
    let c = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
    (c, at + 1 + digits)
}

/// `\x1b`, or a character written as its UTF-8 bytes `\xe2\x80\xae`.
fn utf8_bytes(bytes: &[u8], mut at: usize) -> (Option<char>, usize) {
    let mut utf8 = Vec::with_capacity(4);
    loop {
        let Some(byte) = bytes
            .get(at..at + 2)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok())
        else {
            return (None, at);
        };
        utf8.push(byte);
        at += 2;
        if let Ok(text) = std::str::from_utf8(&utf8) {
            return (text.chars().next(), at);
        }
        if utf8.len() == 4 || !bytes[at..].starts_with(b"\\x") {
            return (None, at);
        }
        at += 2;
    }
}

#[cfg(test)]
mod tests {
    use super::refused_escape;

    fn control(c: char) -> bool {
        c.is_control() && !matches!(c, '\t' | '\n' | '\r') || c == '\u{202e}'
    }

    #[test]
    fn escapes_of_refused_characters_are_found_at_their_backslash() {
        let source = r#"(a: "ok\n\t\"", b: "清屏\u{1b}[2J")"#;
        let at = source.find(r"\u{1b}").unwrap();
        assert_eq!(refused_escape(source, control), Some((at, '\u{1b}')));
        assert_eq!(refused_escape(r#""\x1b""#, control), Some((1, '\u{1b}')));
        assert_eq!(
            refused_escape(r#""a\xe2\x80\xae""#, control),
            Some((2, '\u{202e}'))
        );
        assert_eq!(refused_escape(r#""\0""#, control), Some((1, '\0')));
        assert_eq!(refused_escape(r"'\u{7}'", control), Some((1, '\u{7}')));
    }

    #[test]
    fn comments_raw_strings_and_harmless_escapes_pass() {
        let source = concat!(
            "// \\u{1b} in a comment\n",
            "/* nested /* \\x07 */ still \\0 */\n",
            r####"(a: r#"raw \u{1b} "# , b: "line\nbreak\ttab\\u{1b}", Teller: "\u{4e2d}")"####,
        );
        assert_eq!(refused_escape(source, control), None);
    }
}
