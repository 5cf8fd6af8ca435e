//! A small form for the complaint screens: labelled fields (text, a choice
//! to cycle, a 1–5 score), a message beside each, one focused. Nothing
//! typed is lost: a failed check only marks the field.

use serde::{Deserialize, Serialize};

use crate::app::input::TextField;
use crate::app::{Action, action, cursor};

#[derive(Debug, Clone)]
pub enum Value {
    Text(TextField),
    /// (id, label) options, the chosen one at `at`.
    Choice {
        options: Vec<(String, String)>,
        at: usize,
    },
    Score(Option<u8>),
}

#[derive(Debug, Clone)]
pub struct Fld {
    pub key: &'static str,
    pub label: String,
    pub value: Value,
    /// A check's message, shown beside the field in the error colour.
    pub error: Option<String>,
    /// A quiet note beside the field (who was found, where it goes).
    pub note: Option<String>,
}

impl Fld {
    pub fn text(key: &'static str, label: impl Into<String>, value: &str, max: usize) -> Fld {
        Fld {
            key,
            label: label.into(),
            value: Value::Text(TextField::new(value, max)),
            error: None,
            note: None,
        }
    }

    pub fn choice(
        key: &'static str,
        label: impl Into<String>,
        options: Vec<(String, String)>,
    ) -> Fld {
        Fld {
            key,
            label: label.into(),
            value: Value::Choice { options, at: 0 },
            error: None,
            note: None,
        }
    }

    pub fn score(key: &'static str, label: impl Into<String>) -> Fld {
        Fld {
            key,
            label: label.into(),
            value: Value::Score(None),
            error: None,
            note: None,
        }
    }

    pub fn is_text(&self) -> bool {
        matches!(self.value, Value::Text(_))
    }
}

/// What a tap on a form lands on: a field (focus it; again on a choice,
/// change it), or one box of a 1–5 score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldTap {
    Field(usize),
    Score(usize, u8),
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    /// The focus moved.
    Moved,
    /// The value of this field changed.
    Changed(&'static str),
    Ignored,
}

#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub items: Vec<Fld>,
    pub focus: usize,
    pub dirty: bool,
}

/// A form's values as kept in a draft.
pub type Saved = Vec<(String, String)>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedForm {
    pub values: Saved,
    pub focus: usize,
}

impl Fields {
    pub fn new(items: Vec<Fld>) -> Fields {
        Fields {
            items,
            focus: 0,
            dirty: false,
        }
    }

    fn find(&self, key: &str) -> Option<&Fld> {
        self.items.iter().find(|f| f.key == key)
    }

    fn find_mut(&mut self, key: &str) -> Option<&mut Fld> {
        self.items.iter_mut().find(|f| f.key == key)
    }

    pub fn focused(&self) -> Option<&Fld> {
        self.items.get(self.focus)
    }

    pub fn focused_key(&self) -> &'static str {
        self.focused().map(|f| f.key).unwrap_or("")
    }

    pub fn focused_is_text(&self) -> bool {
        self.focused().is_some_and(Fld::is_text)
    }

    pub fn focus_on(&mut self, key: &str) {
        if let Some(i) = self.items.iter().position(|f| f.key == key) {
            self.focus = i;
        }
    }

    pub fn text(&self, key: &str) -> &str {
        match self.find(key).map(|f| &f.value) {
            Some(Value::Text(t)) => t.value(),
            _ => "",
        }
    }

    /// The id of the chosen option ("" when the field is missing).
    pub fn choice(&self, key: &str) -> &str {
        match self.find(key).map(|f| &f.value) {
            Some(Value::Choice { options, at }) => {
                options.get(*at).map(|(id, _)| id.as_str()).unwrap_or("")
            }
            _ => "",
        }
    }

    pub fn score(&self, key: &str) -> Option<u8> {
        match self.find(key).map(|f| &f.value) {
            Some(Value::Score(s)) => *s,
            _ => None,
        }
    }

    pub fn set_text(&mut self, key: &str, v: &str) {
        if let Some(Fld {
            value: Value::Text(t),
            ..
        }) = self.find_mut(key)
        {
            t.set(v);
        }
    }

    /// Chooses the option with this id; an unknown id leaves the choice as it is.
    pub fn set_choice(&mut self, key: &str, id: &str) {
        if let Some(Fld {
            value: Value::Choice { options, at },
            ..
        }) = self.find_mut(key)
            && let Some(i) = options.iter().position(|(o, _)| o == id)
        {
            *at = i;
        }
    }

    /// New options; the same id stays chosen when it is still there.
    pub fn set_options(&mut self, key: &str, new: Vec<(String, String)>) {
        if let Some(Fld {
            value: Value::Choice { options, at },
            ..
        }) = self.find_mut(key)
        {
            let keep = options.get(*at).map(|(id, _)| id.clone());
            *at = keep
                .and_then(|k| new.iter().position(|(id, _)| *id == k))
                .unwrap_or(0);
            *options = new;
        }
    }

    pub fn set_score(&mut self, key: &str, v: Option<u8>) {
        if let Some(Fld {
            value: Value::Score(s),
            ..
        }) = self.find_mut(key)
        {
            *s = v;
        }
    }

    pub fn set_error(&mut self, key: &str, msg: impl Into<String>) {
        if let Some(f) = self.find_mut(key) {
            f.error = Some(msg.into());
        }
    }

    pub fn set_note(&mut self, key: &str, note: Option<String>) {
        if let Some(f) = self.find_mut(key) {
            f.note = note;
        }
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.items {
            f.error = None;
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|f| f.error.is_some())
    }

    /// Puts the focus on the first field with a message.
    pub fn focus_first_error(&mut self) {
        if let Some(i) = self.items.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
    }

    pub fn first_error(&self) -> Option<(&str, &str)> {
        self.items
            .iter()
            .find_map(|f| f.error.as_deref().map(|e| (f.label.as_str(), e)))
    }

    pub fn paste(&mut self, s: &str) -> Handled {
        let i = self.focus;
        let Some(f) = self.items.get_mut(i) else {
            return Handled::Ignored;
        };
        let Value::Text(t) = &mut f.value else {
            return Handled::Ignored;
        };
        if !t.paste(s) {
            return Handled::Ignored;
        }
        f.error = None;
        self.dirty = true;
        Handled::Changed(f.key)
    }

    fn cycle(&mut self, backwards: bool) -> Handled {
        let Some(f) = self.items.get_mut(self.focus) else {
            return Handled::Ignored;
        };
        match &mut f.value {
            Value::Choice { options, at } if !options.is_empty() => {
                *at = action::cycle(*at, options.len(), backwards);
            }
            Value::Score(s) if backwards => *s = Some(s.map_or(5, |v| (v + 3) % 5 + 1)),
            Value::Score(s) => *s = Some(s.map_or(1, |v| v % 5 + 1)),
            _ => return Handled::Ignored,
        }
        f.error = None;
        self.dirty = true;
        Handled::Changed(f.key)
    }

    /// A tap on a field or on one score box.
    pub fn tap(&mut self, t: FieldTap) -> Handled {
        match t {
            FieldTap::Field(i) if i < self.items.len() => {
                let again = self.focus == i;
                self.focus = i;
                if again && !self.focused_is_text() {
                    self.cycle(false)
                } else {
                    Handled::Moved
                }
            }
            FieldTap::Score(i, v) => match self.items.get_mut(i) {
                Some(f) if matches!(f.value, Value::Score(_)) && (1..=5).contains(&v) => {
                    f.value = Value::Score(Some(v));
                    f.error = None;
                    self.focus = i;
                    self.dirty = true;
                    Handled::Changed(f.key)
                }
                _ => Handled::Ignored,
            },
            FieldTap::Field(_) => Handled::Ignored,
        }
    }

    /// Moves the focus and edits values; the screen handles the rest.
    pub fn handle(&mut self, action: Action) -> Handled {
        let n = self.items.len();
        if n == 0 {
            return Handled::Ignored;
        }
        // The wheel moves like the arrows.
        let nav = match action {
            Action::ScrollDown => Action::Down,
            Action::ScrollUp => Action::Up,
            a => a,
        };
        if cursor::move_focus(&mut self.focus, n, &nav) {
            return Handled::Moved;
        }
        match action {
            Action::First => {
                self.focus = 0;
                Handled::Moved
            }
            Action::Last => {
                self.focus = n - 1;
                Handled::Moved
            }
            Action::Toggle if !self.focused_is_text() => self.cycle(false),
            Action::ToggleBack if !self.focused_is_text() => self.cycle(true),
            Action::Type(' ') if !self.focused_is_text() => self.cycle(false),
            Action::Type(c) => {
                let i = self.focus;
                let f = &mut self.items[i];
                let changed = match &mut f.value {
                    Value::Text(t) => t.type_char(c),
                    Value::Score(s) => match c.to_digit(10) {
                        Some(d @ 1..=5) => {
                            *s = Some(d as u8);
                            true
                        }
                        _ => false,
                    },
                    Value::Choice { .. } => false,
                };
                if changed {
                    f.error = None;
                    self.dirty = true;
                    Handled::Changed(f.key)
                } else {
                    Handled::Ignored
                }
            }
            a if a.is_text_edit() => {
                let i = self.focus;
                let f = &mut self.items[i];
                let Value::Text(t) = &mut f.value else {
                    return Handled::Ignored;
                };
                if !t.edit(a) {
                    return Handled::Ignored;
                }
                f.error = None;
                self.dirty = true;
                Handled::Changed(f.key)
            }
            _ => Handled::Ignored,
        }
    }

    /// The values as text, for a draft.
    pub fn save(&self) -> SavedForm {
        let values = self
            .items
            .iter()
            .map(|f| {
                let v = match &f.value {
                    Value::Text(t) => t.value().to_string(),
                    Value::Choice { options, at } => options
                        .get(*at)
                        .map(|(id, _)| id.clone())
                        .unwrap_or_default(),
                    Value::Score(s) => s.map(|v| v.to_string()).unwrap_or_default(),
                };
                (f.key.to_string(), v)
            })
            .collect();
        SavedForm {
            values,
            focus: self.focus,
        }
    }

    /// Puts a draft's values back into fields of the same keys.
    pub fn restore(&mut self, s: &SavedForm) {
        for (k, v) in &s.values {
            let score = v.parse::<u8>().ok().filter(|x| (1..=5).contains(x));
            match self.find(k).map(|f| &f.value) {
                Some(Value::Text(_)) => self.set_text(k, v),
                Some(Value::Choice { .. }) => self.set_choice(k, v),
                Some(Value::Score(_)) => self.set_score(k, score),
                None => {}
            }
        }
        self.focus = s.focus.min(self.items.len().saturating_sub(1));
        self.dirty = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Fields {
        Fields::new(vec![
            Fld::text("words", "Words", "", 20),
            Fld::choice(
                "kind",
                "Kind",
                vec![("a".into(), "A".into()), ("b".into(), "B".into())],
            ),
            Fld::score("q1", "Q1"),
        ])
    }

    #[test]
    fn typing_choosing_and_scoring() {
        let mut f = form();
        assert_eq!(f.handle(Action::Type('x')), Handled::Changed("words"));
        f.handle(Action::NextFocus);
        assert_eq!(f.handle(Action::Type('x')), Handled::Ignored);
        f.handle(Action::Toggle);
        assert_eq!(f.choice("kind"), "b");
        f.handle(Action::NextFocus);
        f.handle(Action::Type('4'));
        assert_eq!(f.score("q1"), Some(4));
        f.handle(Action::Type('9'));
        assert_eq!(f.score("q1"), Some(4));
        f.handle(Action::Toggle);
        assert_eq!(f.score("q1"), Some(5));
        f.handle(Action::Toggle);
        assert_eq!(f.score("q1"), Some(1));
        f.tap(FieldTap::Score(2, 3));
        assert_eq!(f.score("q1"), Some(3));
        f.tap(FieldTap::Field(1));
        assert_eq!(f.focus, 1);
        f.tap(FieldTap::Field(1));
        assert_eq!(f.choice("kind"), "a");
        assert!(f.dirty);
    }

    #[test]
    fn left_goes_back_and_wraps_round() {
        let mut f = form();
        f.handle(Action::NextFocus);
        assert_eq!(f.choice("kind"), "a");
        f.handle(Action::ToggleBack);
        assert_eq!(f.choice("kind"), "b");
        f.handle(Action::ToggleBack);
        assert_eq!(f.choice("kind"), "a");
        f.handle(Action::Toggle);
        f.handle(Action::ToggleBack);
        assert_eq!(f.choice("kind"), "a");
        f.handle(Action::NextFocus);
        f.handle(Action::ToggleBack);
        assert_eq!(f.score("q1"), Some(5));
        f.handle(Action::ToggleBack);
        assert_eq!(f.score("q1"), Some(4));
        f.handle(Action::Type('1'));
        f.handle(Action::ToggleBack);
        assert_eq!(f.score("q1"), Some(5));
        f.focus = 0;
        assert_eq!(f.handle(Action::ToggleBack), Handled::Ignored);
    }

    #[test]
    fn a_draft_brings_every_value_back() {
        let mut f = form();
        f.set_text("words", "拉链坏了");
        f.set_choice("kind", "b");
        f.set_score("q1", Some(2));
        f.focus = 2;
        let saved = f.save();
        let mut g = form();
        g.restore(&saved);
        assert_eq!(g.text("words"), "拉链坏了");
        assert_eq!(g.choice("kind"), "b");
        assert_eq!(g.score("q1"), Some(2));
        assert_eq!(g.focus, 2);
    }

    #[test]
    fn new_options_keep_the_choice_when_they_can() {
        let mut f = form();
        f.set_choice("kind", "b");
        f.set_options(
            "kind",
            vec![("c".into(), "C".into()), ("b".into(), "B".into())],
        );
        assert_eq!(f.choice("kind"), "b");
        f.set_options("kind", vec![("c".into(), "C".into())]);
        assert_eq!(f.choice("kind"), "c");
    }
}
