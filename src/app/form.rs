//! Creating and editing a customer file. Nothing typed is lost: a failed
//! check marks the field and keeps every value; a save over someone else's
//! newer save is refused and the edits stay on screen.

use serde::{Deserialize, Serialize};

use super::input::TextField;
use super::{
    Action, App, CUSTOMER_FORM, Ctx, DialogKind, DraftOf, Effect, HitMap, Overlay, Screen, View,
    cursor, file,
};
use crate::domain::customer::{self, Field, Kind, Values};
use crate::keymap::Context;
use crate::shop_data::policy::Policy;
use crate::store::customers::{self, Customer, SaveError};
use crate::store::drafts::{self, Draft};

pub struct FormField {
    pub field: Field,
    pub input: TextField,
}

pub struct FormState {
    pub customer_id: Option<i64>,
    /// The version the edit started from.
    pub version: i64,
    /// The values as read, to tell my changes from theirs on a conflict.
    pub original: Values,
    pub fields: Vec<FormField>,
    pub focus: usize,
    pub errors: Vec<(Field, &'static str)>,
    /// Someone else saved meanwhile: who and when.
    pub conflict: Option<String>,
    pub dirty: bool,
    pub hard_weight: u32,
    pub soft_weight: u32,
}

/// A form as kept in the drafts table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormDraft {
    pub customer_id: Option<i64>,
    pub version: i64,
    pub original: Values,
    pub values: Values,
    pub focus: usize,
}

impl FormState {
    fn with(
        values: &Values,
        customer_id: Option<i64>,
        version: i64,
        original: Values,
        policy: &Policy,
    ) -> FormState {
        let fields = Field::ALL
            .into_iter()
            .map(|f| FormField {
                field: f,
                input: TextField::new(values.get(f), f.max_chars()),
            })
            .collect();
        FormState {
            customer_id,
            version,
            original,
            fields,
            focus: 0,
            errors: Vec::new(),
            conflict: None,
            dirty: false,
            hard_weight: policy.customers.hard_weight_percent,
            soft_weight: policy.customers.soft_weight_percent,
        }
    }

    pub fn new_customer(policy: &Policy) -> FormState {
        let v = Values::new_customer();
        FormState::with(&v, None, 0, v.clone(), policy)
    }

    pub fn edit(c: &Customer, policy: &Policy) -> FormState {
        FormState::with(&c.values, Some(c.id), c.version, c.values.clone(), policy)
    }

    pub fn values(&self) -> Values {
        let mut v = Values::default();
        for f in &self.fields {
            v.set(f.field, f.input.value());
        }
        v
    }

    pub fn focused(&self) -> Field {
        self.fields[self.focus].field
    }

    pub fn focused_is_text(&self) -> bool {
        !matches!(self.focused().kind(), Kind::Choice(_) | Kind::Yes)
    }

    pub fn error_of(&self, f: Field) -> Option<&'static str> {
        self.errors.iter().find(|(g, _)| *g == f).map(|(_, c)| *c)
    }

    /// The completeness the file would have with the values on screen.
    pub fn completeness(&self, has_purchases: bool) -> u32 {
        customer::completeness(
            &self.values(),
            has_purchases,
            self.hard_weight,
            self.soft_weight,
        )
    }

    pub fn to_draft(&self) -> FormDraft {
        FormDraft {
            customer_id: self.customer_id,
            version: self.version,
            original: self.original.clone(),
            values: self.values(),
            focus: self.focus,
        }
    }

    pub fn paste(&mut self, s: &str) {
        if self.focused_is_text() && self.fields[self.focus].input.paste(s) {
            self.changed();
        }
    }

    fn changed(&mut self) {
        self.dirty = true;
        let f = self.focused();
        self.errors.retain(|(g, _)| *g != f);
    }

    /// Cycles a choice or flips a yes/no field.
    fn toggle(&mut self, backwards: bool) {
        let f = self.focused();
        let input = &mut self.fields[self.focus].input;
        let next = match f.kind() {
            Kind::Yes => if input.value() == "1" { "0" } else { "1" }.to_string(),
            Kind::Choice(options) => {
                let i = options
                    .iter()
                    .position(|o| *o == input.value())
                    .unwrap_or(0);
                options[super::action::cycle(i, options.len(), backwards)].to_string()
            }
            _ => return,
        };
        input.set(&next);
        self.changed();
    }
}

/// A line naming the draft for the "resume?" question.
pub fn draft_label(app: &App, draft: &Draft) -> String {
    let name = serde_json::from_str::<FormDraft>(&draft.payload)
        .map(|d| d.values.get(Field::Name).to_string())
        .unwrap_or_default();
    let name = if name.is_empty() {
        app.t("form.unnamed").to_string()
    } else {
        name
    };
    app.env.locale.f(
        "draft.offer",
        &[("name", &name), ("saved", &local_time(&draft.saved_at))],
    )
}

/// A stored UTC time as the shop's local date and time.
pub fn local_time(utc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(utc)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| utc.to_string())
}

/// Opens a kept draft as it was left.
pub fn resume(app: &mut App, draft: &Draft) {
    let d: FormDraft = match serde_json::from_str(&draft.payload) {
        Ok(d) => d,
        Err(e) => return app.fault(e.into()),
    };
    let mut form = FormState::with(
        &d.values,
        d.customer_id,
        d.version,
        d.original,
        &app.env.policy,
    );
    form.focus = d.focus.min(form.fields.len() - 1);
    form.dirty = true;
    app.apply(Effect::Open(Box::new(form)));
}

/// What a tap on the form lands on (its buttons are their actions).
pub enum Tap {
    /// A field's line: focuses it; again on a choice, changes it.
    Field(usize),
}

impl View for FormState {
    fn contexts(&self) -> Vec<Context> {
        if self.focused_is_text() {
            vec![Context::Text, Context::Form]
        } else {
            vec![Context::Form]
        }
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![Action::Save, Action::NextFocus, Action::Back]
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        hits: &mut HitMap,
    ) {
        crate::ui::form::draw(frame, area, app, self, hits)
    }

    fn tap(&mut self, target: &dyn std::any::Any, _cx: &mut Ctx) -> Effect {
        if let Some(Tap::Field(i)) = target.downcast_ref::<Tap>()
            && *i < self.fields.len()
        {
            let again = self.focus == *i;
            self.focus = *i;
            if again && !self.focused_is_text() {
                self.toggle(false);
            }
        }
        Effect::None
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Effect {
        FormState::paste(self, text);
        Effect::None
    }

    fn dirty(&self) -> bool {
        self.dirty
    }

    fn draft(&self) -> Option<DraftOf> {
        if !self.dirty {
            return None;
        }
        Some(DraftOf {
            kind: CUSTOMER_FORM,
            subject: self.customer_id.unwrap_or(0),
            payload: serde_json::to_string(&self.to_draft()).ok()?,
        })
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let n = self.fields.len();
        let text = self.focused_is_text();
        match action {
            a if cursor::move_focus(&mut self.focus, n, &a) => {}
            Action::PageDown => self.focus = (self.focus + 8).min(n - 1),
            Action::PageUp => self.focus = self.focus.saturating_sub(8),
            Action::First => self.focus = 0,
            Action::Last => self.focus = n - 1,
            Action::ScrollUp => self.focus = self.focus.saturating_sub(1),
            Action::ScrollDown => self.focus = (self.focus + 1).min(n - 1),
            Action::Save => self.save(cx),
            Action::Toggle => self.toggle(false),
            Action::ToggleBack => self.toggle(true),
            Action::Type(' ') if !text => self.toggle(false),
            Action::Type(c) if text && self.fields[self.focus].input.type_char(c) => {
                self.changed();
            }
            a if a.is_text_edit() && text && self.fields[self.focus].input.edit(a) => {
                self.changed();
            }
            Action::Refresh if self.conflict.is_some() => self.merge_theirs(cx),
            Action::Back if self.dirty => {
                *cx.overlay = Some(Overlay::dialog(
                    DialogKind::Discard { then: Action::Back },
                    1,
                    None,
                ));
            }
            Action::Back => return Effect::Back,
            _ => {}
        }
        Effect::None
    }
}

impl FormState {
    fn save(&self, cx: &mut Ctx) {
        let Some(staff) = cx.user_id() else {
            return;
        };
        let today = cx.today();
        let values = self.values();
        let editing = self.customer_id;
        let version = self.version;
        let sent = values.clone();
        // Off the screen's thread: the form stays editable meanwhile.
        cx.save(
            move |conn| {
                let id = match editing {
                    None => customers::create(conn, &sent, staff, today)?,
                    Some(id) => {
                        customers::update(conn, id, version, &sent, staff, today).map(|_| id)?
                    }
                };
                let saved = customers::get(conn, id).map_err(SaveError::Db)?;
                if let Err(e) = drafts::discard(conn, staff, CUSTOMER_FORM, editing.unwrap_or(0)) {
                    return Err(SaveError::Db(e));
                }
                Ok((id, saved.map(|c| c.version).unwrap_or(version)))
            },
            move |app, result| saved(app, editing, values, result),
        );
    }

    /// After a conflict: their saved values are loaded, and every field I
    /// changed keeps my value on top; the next save goes over their version.
    fn merge_theirs(&mut self, cx: &mut Ctx) {
        let Some(id) = self.customer_id else { return };
        let theirs = match customers::get(&cx.env.conn, id) {
            Ok(Some(c)) => c,
            Ok(None) => return,
            Err(e) => return cx.fault(e),
        };
        let mine = self.values();
        for ff in &mut self.fields {
            let my = mine.get(ff.field);
            if my == self.original.get(ff.field) {
                ff.input.set(theirs.values.get(ff.field));
            }
        }
        self.original = theirs.values.clone();
        self.version = theirs.version;
        self.conflict = None;
        let msg = cx.t("form.merged").to_string();
        cx.info(msg);
    }
}

/// The form on screen, if it is one (borrowed apart from the app's locale).
fn on_screen(screen: &mut Screen) -> Option<&mut FormState> {
    screen.downcast_mut::<FormState>()
}

/// What follows a save: the file it saved, or the fields to put right.
fn saved(
    app: &mut App,
    editing: Option<i64>,
    values: Values,
    result: Result<(i64, i64), SaveError>,
) {
    let loc = &app.env.locale;
    let Some(f) = on_screen(&mut app.screen) else {
        // The form was left while it saved: only a word on what happened.
        match result {
            Ok(_) => {
                let msg = loc.f("form.saved", &[("name", values.get(Field::Name))]);
                app.info(msg)
            }
            Err(SaveError::Db(e)) => app.fault(e),
            Err(_) => {
                let msg = loc.t("saving.not_saved").to_string();
                app.error(msg)
            }
        }
        return;
    };
    match result {
        Ok((id, version)) => {
            let msg = loc.f("form.saved", &[("name", values.get(Field::Name))]);
            if f.values() != values {
                // Typed while it saved: the form stays, on the saved file,
                // with the later changes still to save.
                f.customer_id = Some(id);
                f.version = version;
                f.original = values;
                f.errors.clear();
                let msg = format!("{msg} {}", loc.t("saving.later_changes"));
                return app.info(msg);
            }
            // The form gives way to the file it saved: the one underneath
            // when it was opened from there, else opened now.
            app.back();
            let under = app
                .view::<file::FileState>()
                .is_some_and(|fs| fs.customer.id == id);
            if editing.is_none() || !under {
                file::open(app, id);
            }
            app.info(msg);
        }
        Err(SaveError::Fields(errors)) => {
            f.errors = errors.iter().map(|e| (e.field, e.code)).collect();
            if let Some(first) = f
                .fields
                .iter()
                .position(|x| f.errors.iter().any(|(g, _)| *g == x.field))
            {
                f.focus = first;
            }
            let (field, code) = f.errors[0];
            let first = format!(
                "{}: {}",
                loc.t(&format!("field.{}", field.key())),
                loc.t(&format!("error.{code}"))
            );
            let msg = loc.f(
                "form.check_fields",
                &[("first", &first), ("n", &f.errors.len().to_string())],
            );
            app.error(msg);
        }
        Err(SaveError::Conflict { by, at }) => {
            let who = by.unwrap_or_else(|| loc.t("form.someone").to_string());
            let msg = loc.f("form.conflict", &[("who", &who), ("at", &local_time(&at))]);
            f.conflict = Some(msg.clone());
            app.error(msg);
        }
        Err(SaveError::Db(e)) => app.fault(e),
    }
}
