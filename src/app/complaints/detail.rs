//! One complaint: what happened, where it went, the time left, every move
//! with who, when and a note; the next move of the loop recorded here.
//! A manager opening it has seen it: it leaves the banner.
//!
//! Every write here (a move, the major mark, a suggestion kept, the
//! manager's "seen") runs off the screen's thread: the complaint stays on
//! screen, the status line saying "saving…" while the database is busy.

use anyhow::{Result, anyhow};

use super::fields::{FieldTap, Fields, Fld};
use super::{
    alerts_later, error_text, form_contexts, reread, resolution_options, utc_now, with_unset,
    yes_no_options,
};
use crate::app::confirm::Move;
use crate::app::{Action, App, Ctx, DialogKind, Effect, Env, HitMap, Overlay, View};
use crate::domain::complaint::flow::{MoveFault, next};
use crate::domain::complaint::limits::Escalation;
use crate::domain::complaint::{Resolution, State};
use crate::keymap::Context;
use crate::store::complaints::{self as store, Complaint, Event, MoveError, MoveRequest};

pub const NOTE_MAX: usize = 300;

pub struct DetailState {
    pub complaint: Complaint,
    pub events: Vec<Event>,
    /// The next move: its note, and what it needs (resolution, satisfied).
    pub fields: Fields,
    /// Lines scrolled in the moves list.
    pub scroll: u16,
    pub conflict: Option<String>,
}

/// The buttons of the complaint, in order.
pub const BUTTONS: [Action; 4] = [
    Action::Save,
    Action::MarkMajor,
    Action::KeepSuggestion,
    Action::Survey,
];

impl DetailState {
    pub fn load(env: &Env, id: i64) -> Result<DetailState> {
        let complaint =
            store::get(&env.conn, id)?.ok_or_else(|| anyhow!("complaint {id} not found"))?;
        let events = store::events(&env.conn, id)?;
        let mut s = DetailState {
            complaint,
            events,
            fields: Fields::default(),
            scroll: 0,
            conflict: None,
        };
        s.fields = move_fields(env, &s.complaint, "");
        s.fields.focus_on("note");
        s.scroll = s.events.len().saturating_sub(3) as u16;
        Ok(s)
    }

    /// Reads the complaint again; the note typed stays.
    fn read(&mut self, env: &Env) -> Result<()> {
        let note = self.fields.text("note").to_string();
        let fresh = DetailState::load(env, self.complaint.id)?;
        let state_changed = fresh.complaint.state != self.complaint.state
            || fresh.complaint.satisfied != self.complaint.satisfied;
        self.complaint = fresh.complaint;
        self.events = fresh.events;
        if state_changed {
            self.fields = move_fields(env, &self.complaint, &note);
            self.fields.focus_on("note");
        }
        self.conflict = None;
        Ok(())
    }

    pub fn next_state(&self) -> Option<State> {
        next(self.complaint.state)
    }

    /// Revisited, and the customer said they were not satisfied: the next
    /// move is handling again or a manager's decision to close.
    pub fn unsatisfied(&self) -> bool {
        unsatisfied(&self.complaint)
    }

    /// Opens a complaint; a manager's opening marks its urgency and
    /// escalations seen (written off the screen's thread).
    pub fn open(id: i64, cx: &mut Ctx) -> Effect {
        let s = match DetailState::load(cx.env, id) {
            Ok(s) => s,
            Err(e) => return Effect::Fault(e),
        };
        let c = &s.complaint;
        let now = utc_now(cx.env);
        let urgent = c.urgent() && c.urgent_seen_at.is_none();
        let limits = cx.env.policy.service.complaints.limits;
        let reasons: Vec<Escalation> = limits
            .escalations(&c.timing(), now)
            .into_iter()
            .filter(|e| !c.escalations_seen.contains(e))
            .collect();
        let me = cx.user_id().unwrap_or_default();
        if cx.is_manager() && (urgent || !reasons.is_empty()) {
            cx.save(
                move |conn| store::acknowledge(conn, id, urgent, &reasons, me, now),
                |app, r| {
                    if let Err(e) = r {
                        app.fault(e);
                    }
                    super::refresh_alerts(app);
                },
            );
        } else {
            alerts_later(cx);
        }
        Effect::Open(Box::new(s))
    }

    /// The confirmed move of complaint `id`, if it is still the one on screen.
    pub fn move_confirmed(&mut self, id: i64, cx: &mut Ctx) -> Effect {
        if self.complaint.id == id {
            self.record_move(cx);
        }
        Effect::None
    }
}

pub fn unsatisfied(c: &Complaint) -> bool {
    c.state == State::Revisited && c.satisfied == Some(false)
}

/// After a "not satisfied" revisit: reopen handling (with a resolution) or
/// close by a manager's decision (the note is the reason).
fn unsatisfied_fields(env: &Env, note: &str) -> Fields {
    let t = |k: &str| env.locale.t(k).to_string();
    let choices = vec![
        ("reopen".to_string(), t("complaints.after_revisit.reopen")),
        (
            "manager_close".to_string(),
            t("complaints.after_revisit.manager_close"),
        ),
    ];
    let mut n = Fld::text("note", t("complaints.field.note"), note, NOTE_MAX);
    n.note = Some(t("complaints.note_for.unsatisfied"));
    Fields::new(vec![
        Fld::choice(
            "after_revisit",
            t("complaints.field.after_revisit"),
            with_unset(choices),
        ),
        Fld::choice(
            "resolution",
            t("complaints.field.resolution"),
            with_unset(resolution_options(env)),
        ),
        n,
    ])
}

/// The fields the next move asks for, the note last.
fn move_fields(env: &Env, c: &Complaint, note: &str) -> Fields {
    if unsatisfied(c) {
        return unsatisfied_fields(env, note);
    }
    let state = c.state;
    let t = |k: &str| env.locale.t(k).to_string();
    let mut items = Vec::new();
    match next(state) {
        Some(State::Handled) => items.push(Fld::choice(
            "resolution",
            t("complaints.field.resolution"),
            with_unset(resolution_options(env)),
        )),
        Some(State::Revisited) => items.push(Fld::choice(
            "satisfied",
            t("complaints.field.satisfied_now"),
            with_unset(yes_no_options(env)),
        )),
        _ => {}
    }
    let mut n = Fld::text("note", t("complaints.field.note"), note, NOTE_MAX);
    n.note = next(state).map(|s| t(&format!("complaints.note_for.{}", s.id())));
    items.push(n);
    Fields::new(items)
}

fn conflict_text(env: &Env, by: Option<String>, at: &str) -> String {
    let who = by.unwrap_or_else(|| env.locale.t("form.someone").to_string());
    env.locale.f(
        "complaints.conflict",
        &[("who", &who), ("at", &crate::app::form::local_time(at))],
    )
}

impl View for DetailState {
    fn contexts(&self) -> Vec<Context> {
        form_contexts(self.fields.focused_is_text(), Some(Context::Complaint))
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
        crate::ui::complaints::detail::draw(frame, area, app, self, hits)
    }

    fn reload(&mut self, cx: &mut Ctx) -> Result<()> {
        self.read(cx.env)
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Effect {
        self.fields.paste(text);
        Effect::None
    }

    fn dirty(&self) -> bool {
        !self.fields.text("note").trim().is_empty()
    }

    fn tap(&mut self, target: &dyn std::any::Any, _cx: &mut Ctx) -> Effect {
        if let Some(t) = target.downcast_ref::<FieldTap>() {
            self.fields.tap(*t);
        }
        Effect::None
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        match action {
            Action::Save => self.ask_move(cx),
            Action::MarkMajor => self.mark_major(cx),
            Action::KeepSuggestion => self.keep_suggestion(cx),
            Action::Survey => {
                return super::survey::SurveyState::open_for_complaint(&self.complaint, cx);
            }
            Action::PageUp => self.scroll = self.scroll.saturating_sub(5),
            Action::PageDown => self.scroll = self.scroll.saturating_add(5),
            Action::Refresh => return reread(self, cx),
            Action::Back => return super::leave(self.dirty(), cx),
            a => {
                self.fields.handle(a);
            }
        }
        Effect::None
    }
}

impl DetailState {
    /// Asks before the complaint moves to its next state, naming it.
    fn ask_move(&mut self, cx: &mut Ctx) {
        let Some(mut to) = self.next_state() else {
            let msg = cx.t("complaints.closed_already").to_string();
            return cx.error(msg);
        };
        // After an unsatisfied revisit, reopening moves it back to handling.
        if self.unsatisfied() && self.fields.choice("after_revisit") == "reopen" {
            to = State::Handled;
        }
        let id = self.complaint.id;
        let state = cx.t(&format!("complaints.state.{}", to.id())).to_string();
        let question = cx.env.locale.f(
            "trust.move_complaint",
            &[("no", &self.complaint.no), ("state", &state)],
        );
        // Focus on Cancel: Enter alone never confirms.
        *cx.overlay = Some(Overlay::dialog(
            DialogKind::ConfirmMove {
                what: Move::Complaint { id },
                question,
            },
            1,
            None,
        ));
    }

    fn record_move(&mut self, cx: &mut Ctx) {
        let now = utc_now(cx.env);
        let today = cx.today();
        let staff = cx.user_id().unwrap_or_default();
        let routing = cx.env.policy.service.routing.clone();
        let revisit = cx.env.policy.service.complaints.revisit;
        self.fields.clear_errors();
        let Some(mut to) = self.next_state() else {
            let msg = cx.t("complaints.closed_already").to_string();
            return cx.error(msg);
        };
        let loc = &cx.env.locale;
        let mut manager_decision = false;
        if self.unsatisfied() {
            match self.fields.choice("after_revisit") {
                "reopen" => to = State::Handled,
                "manager_close" => manager_decision = true,
                _ => {
                    let msg = error_text(loc, "choose");
                    return super::refuse(&mut self.fields, vec![("after_revisit", msg)], cx);
                }
            }
        }
        let note = crate::domain::text::clean(self.fields.text("note"), NOTE_MAX);
        let resolution = Resolution::from_id(self.fields.choice("resolution"));
        let satisfied = match self.fields.choice("satisfied") {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        if to == State::Revisited && satisfied.is_none() {
            let msg = error_text(loc, "choose");
            return super::refuse(&mut self.fields, vec![("satisfied", msg)], cx);
        }
        let (id, version) = (self.complaint.id, self.complaint.version);
        cx.save(
            move |conn| {
                let req = MoveRequest {
                    id,
                    version,
                    to,
                    note: &note,
                    resolution,
                    satisfied,
                    manager_decision,
                    staff,
                    now,
                    today,
                };
                store::advance(conn, &req, &routing, &revisit).map(|_| ())
            },
            move |app, result| moved(app, id, to, result),
        );
    }

    fn mark_major(&mut self, cx: &mut Ctx) {
        let c = &self.complaint;
        if c.major && !cx.is_manager() {
            let msg = cx.t("complaints.major_managers_only").to_string();
            return cx.error(msg);
        }
        let now = utc_now(cx.env);
        let staff = cx.user_id().unwrap_or_default();
        let note = self.fields.text("note").to_string();
        let (id, version, major) = (c.id, c.version, !c.major);
        cx.save(
            move |conn| store::set_major(conn, id, version, major, &note, staff, now),
            move |app, r| {
                let key = if major {
                    "complaints.marked_major"
                } else {
                    "complaints.unmarked_major"
                };
                match r {
                    Ok(_) => written(app, id, key),
                    Err(MoveError::Conflict { by, at }) => {
                        let msg = conflict_text(&app.env, by, &at);
                        app.error(msg);
                    }
                    Err(MoveError::Fault(_)) => {}
                    Err(MoveError::Db(e)) => app.fault(e),
                }
            },
        );
    }

    fn keep_suggestion(&mut self, cx: &mut Ctx) {
        let text = crate::domain::text::clean(self.fields.text("note"), NOTE_MAX);
        if text.is_empty() {
            let msg = error_text(&cx.env.locale, "suggestion_in_note");
            return super::refuse(&mut self.fields, vec![("note", msg)], cx);
        }
        let now = utc_now(cx.env);
        let today = cx.today();
        let staff = cx.user_id().unwrap_or_default();
        let id = self.complaint.id;
        cx.save(
            move |conn| store::keep_suggestion(conn, id, &text, staff, now, today),
            move |app, r| match r {
                Ok(_) => written(app, id, "complaints.suggestion_kept"),
                Err(e) => app.fault(e),
            },
        );
    }
}

/// After the major mark or a suggestion kept: the note goes and the
/// complaint is read again, if it is still on screen; `key` says what was done.
fn written(app: &mut App, id: i64, key: &str) {
    app.on_view_as::<DetailState>(|d, cx| {
        if d.complaint.id != id {
            return Effect::None;
        }
        d.fields.set_text("note", "");
        reread(d, cx)
    });
    super::refresh_alerts(app);
    let msg = app.t(key).to_string();
    app.info(msg);
}

/// After a move is written: the complaint read again with what was done,
/// or the form's fields marked with why not, if it is still on screen.
fn moved(app: &mut App, id: i64, to: State, result: Result<(), MoveError>) {
    let on_screen = app
        .view::<DetailState>()
        .is_some_and(|d| d.complaint.id == id);
    match result {
        Ok(()) => {
            let state_name = app.t(&format!("complaints.state.{}", to.id())).to_string();
            let complaint = match app.view_mut::<DetailState>() {
                Some(d) if on_screen => {
                    d.fields.set_text("note", "");
                    d.fields.dirty = false;
                    d.complaint.clone()
                }
                _ => match store::get(&app.env.conn, id) {
                    Ok(Some(c)) => c,
                    Ok(None) => return,
                    Err(e) => return app.fault(e),
                },
            };
            let msg = app.env.locale.f(
                "complaints.moved",
                &[("no", &complaint.no), ("state", &state_name)],
            );
            if on_screen {
                app.on_view_as::<DetailState>(|d, cx| {
                    let r = reread(d, cx);
                    d.scroll = d.events.len().saturating_sub(3) as u16;
                    if to == State::Revisited {
                        // The end of a complaint: the customer's satisfaction, if they will say.
                        return Effect::Many(vec![
                            r,
                            super::survey::SurveyState::open_for_complaint(&complaint, cx),
                        ]);
                    }
                    r
                });
            }
            app.info(msg);
        }
        Err(MoveError::Fault(f)) => {
            let (key, code) = match f {
                MoveFault::NoteRequired => ("note", "note_required"),
                MoveFault::ResolutionRequired => ("resolution", "choose"),
                MoveFault::Forbidden(_) => ("resolution", "forbidden"),
                MoveFault::RevisitFirst => ("note", "revisit_first"),
                MoveFault::Closed => ("note", "closed"),
                MoveFault::NotNext { .. } => ("note", "not_next"),
                MoveFault::NotSatisfied => ("after_revisit", "not_satisfied"),
                MoveFault::ManagersOnly => ("after_revisit", "managers_only"),
            };
            let text = error_text(&app.env.locale, code);
            if on_screen {
                app.on_view_as::<DetailState>(|d, cx| {
                    super::refuse(&mut d.fields, vec![(key, text)], cx);
                    Effect::None
                });
            } else {
                app.error(text);
            }
        }
        Err(MoveError::Conflict { by, at }) => {
            let msg = conflict_text(&app.env, by, &at);
            if on_screen && let Some(d) = app.view_mut::<DetailState>() {
                d.conflict = Some(msg.clone());
            }
            app.error(msg);
        }
        Err(MoveError::Db(e)) => app.fault(e),
    }
}
