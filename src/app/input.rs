//! A one-line text field: tui-input driven by our own actions, so user key
//! maps decide the editing keys. Characters are cleaned as they are typed
//! or pasted, and the length is bounded.

use tui_input::{Input, InputRequest};

use super::action::Action;
use crate::domain::text;

#[derive(Debug, Clone, Default)]
pub struct TextField {
    pub input: Input,
    pub max_chars: usize,
    /// Shown as dots (PINs).
    pub secret: bool,
}

impl TextField {
    pub fn new(value: &str, max_chars: usize) -> TextField {
        TextField {
            input: Input::new(value.to_string()),
            max_chars,
            secret: false,
        }
    }

    pub fn secret(max_chars: usize) -> TextField {
        TextField {
            secret: true,
            ..TextField::new("", max_chars)
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    pub fn set(&mut self, value: &str) {
        self.input = Input::new(value.to_string());
    }

    pub fn clear(&mut self) {
        self.input.reset();
    }

    /// Types one character; returns whether the value changed.
    pub fn type_char(&mut self, c: char) -> bool {
        if !text::allowed_char(c) || self.input.value().chars().count() >= self.max_chars {
            return false;
        }
        let c = if c == '\t' { ' ' } else { c };
        self.input
            .handle(InputRequest::InsertChar(c))
            .is_some_and(|s| s.value)
    }

    /// Pastes text, cleaned of control and escape sequences.
    pub fn paste(&mut self, s: &str) -> bool {
        let mut changed = false;
        for c in text::clean(s, self.max_chars).chars() {
            changed |= self.type_char(c);
        }
        changed
    }

    /// Applies an editing action; returns whether the value changed.
    pub fn edit(&mut self, action: Action) -> bool {
        let req = match action {
            Action::CursorLeft => InputRequest::GoToPrevChar,
            Action::CursorRight => InputRequest::GoToNextChar,
            Action::CursorWordLeft => InputRequest::GoToPrevWord,
            Action::CursorWordRight => InputRequest::GoToNextWord,
            Action::CursorStart => InputRequest::GoToStart,
            Action::CursorEnd => InputRequest::GoToEnd,
            Action::DeleteBack => InputRequest::DeletePrevChar,
            Action::DeleteForward => InputRequest::DeleteNextChar,
            Action::DeleteWordBack => InputRequest::DeletePrevWord,
            Action::ClearField => InputRequest::DeleteLine,
            _ => return false,
        };
        self.input.handle(req).is_some_and(|s| s.value)
    }

    /// What to draw: the value, or dots for a secret.
    pub fn shown(&self) -> String {
        if self.secret {
            "•".repeat(self.input.value().chars().count())
        } else {
            self.input.value().to_string()
        }
    }

    /// The cursor's display column within the shown text (wide characters count two).
    pub fn cursor_column(&self) -> usize {
        if self.secret {
            self.input.cursor()
        } else {
            self.input.visual_cursor()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_cannot_be_typed_or_pasted() {
        let mut f = TextField::new("", 60);
        f.type_char('\u{1b}');
        f.type_char('\u{202E}');
        f.paste("王\u{1b}[2J芳\u{7}");
        assert_eq!(f.value(), "王芳");
    }

    #[test]
    fn length_is_bounded() {
        let mut f = TextField::new("", 3);
        for c in "张三丰李".chars() {
            f.type_char(c);
        }
        assert_eq!(f.value(), "张三丰");
    }

    #[test]
    fn the_cursor_counts_display_columns() {
        let mut f = TextField::new("", 10);
        f.paste("张三a");
        assert_eq!(f.cursor_column(), 5);
        f.edit(Action::CursorLeft);
        assert_eq!(f.cursor_column(), 4);
    }
}
