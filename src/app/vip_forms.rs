//! The small forms of the VIP screen: planning a gathering, a campaign, an
//! invitation list, and what a guest said. Each field keeps what was typed;
//! a bad value gets its message beside the field.

use chrono::NaiveDate;

use super::Action;
use super::input::TextField;

pub enum Value {
    Text(TextField),
    /// One of `ids` (labels from the locale files, `<prefix>.<id>`).
    Choice {
        prefix: &'static str,
        ids: Vec<String>,
        at: usize,
    },
}

pub struct Field {
    /// Locale key of the label.
    pub label: &'static str,
    pub value: Value,
    pub error: Option<String>,
}

impl Field {
    pub fn text(label: &'static str, value: &str, max: usize) -> Field {
        Field {
            label,
            value: Value::Text(TextField::new(value, max)),
            error: None,
        }
    }

    pub fn choice(label: &'static str, prefix: &'static str, ids: Vec<String>) -> Field {
        Field {
            label,
            value: Value::Choice { prefix, ids, at: 0 },
            error: None,
        }
    }
}

/// What the form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Plan,
    Campaign,
    /// The invitation list for a gathering.
    Invite(i64),
    /// What a guest said on their RSVP.
    Note {
        gathering: i64,
        customer: i64,
    },
}

pub struct Form {
    pub purpose: Purpose,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A line under the fields: the invitation preview, or why it was not saved.
    pub status: Option<String>,
    /// Something was typed: leaving asks first.
    pub dirty: bool,
    /// Esc was pressed once on a dirty form; a second Esc leaves.
    pub leaving: bool,
}

impl Form {
    pub fn new(purpose: Purpose, fields: Vec<Field>) -> Form {
        Form {
            purpose,
            fields,
            focus: 0,
            status: None,
            dirty: false,
            leaving: false,
        }
    }

    pub fn focused_is_text(&self) -> bool {
        matches!(
            self.fields.get(self.focus).map(|f| &f.value),
            Some(Value::Text(_))
        )
    }

    pub fn text(&self, i: usize) -> &str {
        match &self.fields[i].value {
            Value::Text(t) => t.value().trim(),
            Value::Choice { .. } => "",
        }
    }

    pub fn choice(&self, i: usize) -> &str {
        match &self.fields[i].value {
            Value::Choice { ids, at, .. } => ids.get(*at).map_or("", |s| s.as_str()),
            Value::Text(_) => "",
        }
    }

    /// A date field, or its message (a `YYYY-MM-DD` date is asked for).
    pub fn date(&mut self, i: usize, bad: &str) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(self.text(i), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.fields[i].error = Some(bad.to_string());
                None
            }
        }
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.error = None;
        }
    }

    /// Moves, types, cycles a choice; returns whether a choice changed.
    pub fn edit(&mut self, action: Action) -> bool {
        let n = self.fields.len();
        match action {
            Action::NextFocus | Action::Down => self.focus = (self.focus + 1) % n,
            Action::PrevFocus | Action::Up => self.focus = (self.focus + n - 1) % n,
            Action::Toggle => return self.cycle(false),
            Action::ToggleBack => return self.cycle(true),
            Action::Type(c) => {
                if let Value::Text(t) = &mut self.fields[self.focus].value {
                    t.type_char(c);
                    self.fields[self.focus].error = None;
                    self.dirty = true;
                }
            }
            a if a.is_text_edit() => {
                if let Value::Text(t) = &mut self.fields[self.focus].value {
                    self.dirty |= t.edit(a);
                }
            }
            _ => {}
        }
        false
    }

    /// A tap on field `i`: focuses it; on the focused choice, turns it.
    /// Returns whether a choice changed.
    pub fn tap_field(&mut self, i: usize) -> bool {
        if i >= self.fields.len() {
            return false;
        }
        if self.focus == i {
            return self.cycle(false);
        }
        self.focus = i;
        false
    }

    fn cycle(&mut self, back: bool) -> bool {
        if let Value::Choice { ids, at, .. } = &mut self.fields[self.focus].value {
            *at = crate::app::action::cycle(*at, ids.len(), back);
            return true;
        }
        false
    }

    pub fn paste(&mut self, s: &str) {
        if let Value::Text(t) = &mut self.fields[self.focus].value {
            self.dirty |= t.paste(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_goes_both_ways_and_wraps() {
        let ids = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        let mut f = Form::new(Purpose::Plan, vec![Field::choice("x", "p", ids)]);
        assert!(f.edit(Action::ToggleBack));
        assert_eq!(f.choice(0), "c");
        f.edit(Action::Toggle);
        assert_eq!(f.choice(0), "a");
        f.edit(Action::Toggle);
        f.edit(Action::ToggleBack);
        assert_eq!(f.choice(0), "a");
    }
}
