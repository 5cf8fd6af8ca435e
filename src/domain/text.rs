//! Cleaning text where it enters: typed, pasted or imported.
//!
//! A stored name must never put an escape sequence on another person's
//! terminal, nor reverse the text around it.

/// Removes control characters (C0, DEL, C1), whole escape sequences and the
/// bidirectional override, embedding and isolate characters; collapses line
/// breaks into spaces; trims; and bounds the length in characters.
pub fn clean(input: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(input.len().min(max_chars * 4));
    let mut chars = input.chars().peekable();
    let mut count = 0;
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            skip_escape(&mut chars);
            continue;
        }
        let keep = match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if is_forbidden(c) => None,
            c => Some(c),
        };
        if let Some(k) = keep {
            if count == max_chars {
                break;
            }
            out.push(k);
            count += 1;
        }
    }
    out.trim().to_string()
}

/// Whether one typed character may enter a text field.
pub fn allowed_char(c: char) -> bool {
    !is_forbidden(c) && c != '\u{1b}' && !matches!(c, '\n' | '\r')
}

fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{202A}'..='\u{202E}'   // embeddings and overrides
            | '\u{2066}'..='\u{2069}' // isolates
            | '\u{200E}' | '\u{200F}' | '\u{061C}' // marks
            | '\u{FEFF}')
}

/// Skips the rest of an escape sequence whose ESC was just read: CSI
/// (`ESC [ … final`), OSC/DCS/APC/PM/SOS strings (up to BEL or ST), and
/// two-character escapes.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => {
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
            }
        }
        Some(']' | 'P' | '_' | '^' | 'X') => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_removed_whole() {
        assert_eq!(clean("Li\u{1b}[31mRed\u{1b}[0m", 60), "LiRed");
        assert_eq!(clean("a\u{1b}]52;c;ZXZpbA==\u{7}b", 60), "ab");
        assert_eq!(clean("a\u{1b}]0;title\u{1b}\\b", 60), "ab");
        assert_eq!(clean("x\u{1b}c", 60), "x");
    }

    #[test]
    fn controls_and_bidi_overrides_are_dropped() {
        assert_eq!(clean("张\u{202E}三\u{7}\u{0}", 60), "张三");
        assert_eq!(clean("a\u{2066}b\u{2069}c\u{9b}d", 60), "abcd");
        assert_eq!(clean("line\none", 60), "line one");
    }

    #[test]
    fn length_is_bounded_in_characters() {
        assert_eq!(clean("张三丰张三丰", 4), "张三丰张");
        assert_eq!(clean("  padded  ", 60), "padded");
    }

    #[test]
    fn plain_names_pass_unchanged() {
        for s in ["王芳", "Emily Chen", "O'Brien-Smith", "阿依古丽·买买提"] {
            assert_eq!(clean(s, 60), s);
        }
    }
}
