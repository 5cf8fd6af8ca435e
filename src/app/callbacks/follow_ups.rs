//! The follow-ups agreed on a call, as rows of the work form: what each is
//! about and the agreed day (DOMAIN §3: a question not answered on the call
//! gets an agreed time and a follow-up task). A row is added with the
//! `add` key and taken out with `remove`; in training, "about" is a choice
//! of the customer's open questions instead of text.

use chrono::NaiveDate;

use crate::app::Ctx;
use crate::app::complaints::fields::{Fields, Fld, SavedForm};
use crate::domain::tasks as rules;

/// The keys of the rows a call may hold (what it is about, the day), in order.
pub const SLOTS: [(&str, &str); 6] = [
    ("follow_up_1", "follow_up_1_on"),
    ("follow_up_2", "follow_up_2_on"),
    ("follow_up_3", "follow_up_3_on"),
    ("follow_up_4", "follow_up_4_on"),
    ("follow_up_5", "follow_up_5_on"),
    ("follow_up_6", "follow_up_6_on"),
];

/// The most follow-ups one call may hold.
pub const MAX: usize = SLOTS.len();

/// A follow-up row as typed: what it is about (text, or in training the
/// question's id) and its day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub about: String,
    pub on: NaiveDate,
}

/// The slots of the rows on the form, in order.
pub fn rows(f: &Fields) -> Vec<(&'static str, &'static str)> {
    SLOTS
        .into_iter()
        .filter(|(about, _)| f.items.iter().any(|i| i.key == *about))
        .collect()
}

/// Adds an empty row before the note and puts the focus on it. `questions`
/// (training) makes "about" a choice of them; returns false when the form
/// already holds [`MAX`] rows.
pub fn add(f: &mut Fields, cx: &Ctx, questions: Option<Vec<(String, String)>>) -> bool {
    let Some((about, on)) = SLOTS
        .into_iter()
        .find(|(about, _)| !f.items.iter().any(|i| i.key == *about))
    else {
        return false;
    };
    let n = SLOTS.iter().position(|(a, _)| *a == about).unwrap_or(0) + 1;
    let label = cx
        .env
        .locale
        .f("tasks.follow_up_about", &[("n", &n.to_string())]);
    let about_fld = match questions {
        Some(options) => Fld::choice(about, label, options),
        None => Fld::text(about, label, "", 200),
    };
    let on_fld = Fld::text(on, cx.t("tasks.follow_up_day_label"), "", 12);
    // The rows stay in slot order, before the note (where typing ends).
    let at = SLOTS
        .iter()
        .skip(n)
        .find_map(|(later, _)| f.items.iter().position(|i| i.key == *later))
        .or_else(|| f.items.iter().position(|i| i.key == "note"))
        .unwrap_or(f.items.len());
    f.items.insert(at, on_fld);
    f.items.insert(at, about_fld);
    f.set_note(on, Some(cx.t("tasks.day_hint").to_string()));
    f.focus = at;
    f.dirty = true;
    true
}

/// Takes out the row the focus is on; returns false when it is on none.
pub fn remove_focused(f: &mut Fields) -> bool {
    let key = f.focused_key();
    let Some((about, on)) = SLOTS.into_iter().find(|(a, o)| *a == key || *o == key) else {
        return false;
    };
    f.items.retain(|i| i.key != about && i.key != on);
    f.focus = f.focus.min(f.items.len().saturating_sub(1));
    f.dirty = true;
    true
}

/// New options for every "about" choice (training: the questions heard so far).
pub fn set_questions(f: &mut Fields, questions: &[(String, String)]) {
    for (about, _) in rows(f) {
        f.set_options(about, questions.to_vec());
    }
}

/// The rows a draft held, added back before its values are restored.
pub fn add_for_draft(f: &mut Fields, cx: &Ctx, saved: &SavedForm) {
    let held = |key: &str| saved.values.iter().any(|(k, _)| k == key);
    for (about, _) in SLOTS {
        if held(about) && !f.items.iter().any(|i| i.key == about) {
            add(f, cx, None);
        }
    }
}

/// The rows checked: a row with nothing in it is left out; a row without a
/// day, with a day past, or about nothing is marked next to its field.
/// Messages: [bad day, day past, about what, not reached].
pub fn checked(
    f: &mut Fields,
    today: NaiveDate,
    outcome: rules::Outcome,
    msgs: &[String; 4],
) -> Vec<Row> {
    let mut out = Vec::new();
    for (about_key, on_key) in rows(f) {
        let about = match f.text(about_key) {
            "" => f.choice(about_key).to_string(),
            t => t.trim().to_string(),
        };
        let typed = f.text(on_key).trim().to_string();
        if about.is_empty() && typed.is_empty() {
            continue;
        }
        if about.is_empty() {
            f.set_error(about_key, &msgs[2]);
        }
        if !rules::follow_ups_allowed(outcome) {
            f.set_error(about_key, &msgs[3]);
            continue;
        }
        match rules::parse_day(&typed, today) {
            None => f.set_error(on_key, &msgs[0]),
            Some(on) if rules::check_follow_up(on, today).is_err() => f.set_error(on_key, &msgs[1]),
            Some(on) if !about.is_empty() => out.push(Row { about, on }),
            Some(_) => {}
        }
    }
    out
}
