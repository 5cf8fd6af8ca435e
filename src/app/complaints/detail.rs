//! One complaint: what happened, where it went, the time left, every move
//! with who, when and a note; the next move of the loop recorded here.
//! A manager opening it has seen it: it leaves the banner.

use anyhow::{Result, anyhow};

use super::fields::{Fields, Fld};
use super::view;
use super::{View, error_text, now_utc, resolution_options, staff_id, with_unset, yes_no_options};
use crate::app::{Action, App};
use crate::domain::complaint::flow::{MoveFault, next};
use crate::domain::complaint::limits::Escalation;
use crate::domain::complaint::{Resolution, State};
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
    pub fn load(app: &App, id: i64) -> Result<DetailState> {
        let complaint =
            store::get(&app.env.conn, id)?.ok_or_else(|| anyhow!("complaint {id} not found"))?;
        let events = store::events(&app.env.conn, id)?;
        let mut s = DetailState {
            complaint,
            events,
            fields: Fields::default(),
            scroll: 0,
            conflict: None,
        };
        s.fields = move_fields(app, &s.complaint, "");
        s.fields.focus_on("note");
        s.scroll = s.events.len().saturating_sub(3) as u16;
        Ok(s)
    }

    /// Reads the complaint again; the note typed stays.
    pub fn reload(&mut self, app: &App) -> Result<()> {
        let note = self.fields.text("note").to_string();
        let fresh = DetailState::load(app, self.complaint.id)?;
        let state_changed = fresh.complaint.state != self.complaint.state
            || fresh.complaint.satisfied != self.complaint.satisfied;
        self.complaint = fresh.complaint;
        self.events = fresh.events;
        if state_changed {
            self.fields = move_fields(app, &self.complaint, &note);
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
}

pub fn unsatisfied(c: &Complaint) -> bool {
    c.state == State::Revisited && c.satisfied == Some(false)
}

/// After a "not satisfied" revisit: reopen handling (with a resolution) or
/// close by a manager's decision (the note is the reason).
fn unsatisfied_fields(app: &App, note: &str) -> Fields {
    let t = |k: &str| app.t(k).to_string();
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
            with_unset(resolution_options(app)),
        ),
        n,
    ])
}

/// The fields the next move asks for, the note last.
fn move_fields(app: &App, c: &Complaint, note: &str) -> Fields {
    if unsatisfied(c) {
        return unsatisfied_fields(app, note);
    }
    let state = c.state;
    let t = |k: &str| app.t(k).to_string();
    let mut items = Vec::new();
    match next(state) {
        Some(State::Handled) => items.push(Fld::choice(
            "resolution",
            t("complaints.field.resolution"),
            with_unset(resolution_options(app)),
        )),
        Some(State::Revisited) => items.push(Fld::choice(
            "satisfied",
            t("complaints.field.satisfied_now"),
            with_unset(yes_no_options(app)),
        )),
        _ => {}
    }
    let mut n = Fld::text("note", t("complaints.field.note"), note, NOTE_MAX);
    n.note = next(state).map(|s| {
        app.t(&format!("complaints.note_for.{}", s.id()))
            .to_string()
    });
    items.push(n);
    Fields::new(items)
}

/// Opens a complaint; a manager's opening marks its urgency and
/// escalations seen.
pub fn open(app: &mut App, id: i64) {
    let s = match DetailState::load(app, id) {
        Ok(s) => s,
        Err(e) => return app.fault(e),
    };
    if app.is_manager() {
        let c = &s.complaint;
        let limits = app.env.policy.service.complaints.limits;
        let now = now_utc(app);
        let urgent = c.urgent() && c.urgent_seen_at.is_none();
        let reasons: Vec<Escalation> = limits
            .escalations(&c.timing(), now)
            .into_iter()
            .filter(|e| !c.escalations_seen.contains(e))
            .collect();
        let me = staff_id(app);
        if (urgent || !reasons.is_empty())
            && let Err(e) = store::acknowledge(&mut app.env.conn, id, urgent, &reasons, me, now)
        {
            app.fault(e);
        }
    }
    super::open(app, View::Detail(Box::new(s)));
    super::refresh_alerts(app);
}

pub fn update(app: &mut App, action: Action) {
    let Some(d) = view!(app, Detail) else {
        return;
    };
    match action {
        Action::Save | Action::Pick { zone: 1, index: 0 } => ask_move(app),
        Action::MarkMajor | Action::Pick { zone: 1, index: 1 } => mark_major(app),
        Action::KeepSuggestion | Action::Pick { zone: 1, index: 2 } => keep_suggestion(app),
        Action::Survey | Action::Pick { zone: 1, index: 3 } => {
            let c = d.complaint.clone();
            super::survey::open_for_complaint(app, &c);
        }
        Action::PageUp => d.scroll = d.scroll.saturating_sub(5),
        Action::PageDown => d.scroll = d.scroll.saturating_add(5),
        Action::Refresh => super::reload_current(app),
        Action::Back => super::leave(app),
        a => {
            d.fields.handle(a);
        }
    }
}

fn conflict_text(app: &App, by: Option<String>, at: &str) -> String {
    let who = by.unwrap_or_else(|| app.t("form.someone").to_string());
    app.env.locale.f(
        "complaints.conflict",
        &[("who", &who), ("at", &crate::app::form::local_time(at))],
    )
}

/// Asks before the complaint moves to its next state, naming it.
fn ask_move(app: &mut App) {
    let Some(d) = view!(app, Detail) else {
        return;
    };
    let Some(mut to) = d.next_state() else {
        let msg = app.t("complaints.closed_already").to_string();
        return app.error(msg);
    };
    // After an unsatisfied revisit, reopening moves it back to handling.
    if d.unsatisfied() && d.fields.choice("after_revisit") == "reopen" {
        to = State::Handled;
    }
    let id = d.complaint.id;
    let no = d.complaint.no.clone();
    let state = app.t(&format!("complaints.state.{}", to.id())).to_string();
    let question = app
        .env
        .locale
        .f("trust.move_complaint", &[("no", &no), ("state", &state)]);
    crate::app::confirm::ask(app, crate::app::confirm::Move::Complaint { id }, question);
}

/// The confirmed move of complaint `id`, if it is still the one on screen.
pub fn move_confirmed(app: &mut App, id: i64) {
    if view!(app, Detail).is_some_and(|d| d.complaint.id == id) {
        record_move(app);
    }
}

fn record_move(app: &mut App) {
    let now = now_utc(app);
    let today = app.today();
    let staff = staff_id(app);
    let routing = app.env.policy.service.routing.clone();
    let revisit = app.env.policy.service.complaints.revisit;
    let Some(d) = view!(app, Detail) else {
        return;
    };
    d.fields.clear_errors();
    let Some(mut to) = d.next_state() else {
        let msg = app.t("complaints.closed_already").to_string();
        return app.error(msg);
    };
    let mut manager_decision = false;
    if d.unsatisfied() {
        match d.fields.choice("after_revisit") {
            "reopen" => to = State::Handled,
            "manager_close" => manager_decision = true,
            _ => {
                return super::refuse(
                    app,
                    vec![("after_revisit", error_text(&app.env.locale, "choose"))],
                );
            }
        }
    }
    let note = crate::domain::text::clean(d.fields.text("note"), NOTE_MAX);
    let resolution = Resolution::from_id(d.fields.choice("resolution"));
    let satisfied = match d.fields.choice("satisfied") {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    if to == State::Revisited && satisfied.is_none() {
        return super::refuse(
            app,
            vec![("satisfied", error_text(&app.env.locale, "choose"))],
        );
    }
    let (id, version) = (d.complaint.id, d.complaint.version);
    // Off the screen's thread: the complaint stays on screen ("saving…")
    // while another process holds the database.
    app.save_in_background(
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

/// After a move is written: the complaint read again with what was done,
/// or the form's fields marked with why not, if it is still on screen.
fn moved(app: &mut App, id: i64, to: State, result: Result<(), MoveError>) {
    let on_screen = view!(app, Detail).is_some_and(|d| d.complaint.id == id);
    match result {
        Ok(()) => {
            let state_name = app.t(&format!("complaints.state.{}", to.id())).to_string();
            let complaint = match view!(app, Detail) {
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
            if on_screen {
                super::reload_current(app);
                if let Some(d) = view!(app, Detail) {
                    d.scroll = d.events.len().saturating_sub(3) as u16;
                }
            }
            let msg = app.env.locale.f(
                "complaints.moved",
                &[("no", &complaint.no), ("state", &state_name)],
            );
            if to == State::Revisited && on_screen {
                // The end of a complaint: the customer's satisfaction, if they will say.
                super::survey::open_for_complaint(app, &complaint);
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
                super::refuse(app, vec![(key, text)]);
            } else {
                app.error(text.to_string());
            }
        }
        Err(MoveError::Conflict { by, at }) => {
            let msg = conflict_text(app, by, &at);
            if on_screen && let Some(d) = view!(app, Detail) {
                d.conflict = Some(msg.clone());
            }
            app.error(msg);
        }
        Err(MoveError::Db(e)) => app.fault(e),
    }
}

fn mark_major(app: &mut App) {
    let manager = app.is_manager();
    let now = now_utc(app);
    let staff = staff_id(app);
    let Some(d) = view!(app, Detail) else {
        return;
    };
    let c = &d.complaint;
    if c.major && !manager {
        let msg = app.t("complaints.major_managers_only").to_string();
        return app.error(msg);
    }
    let note = d.fields.text("note").to_string();
    let (id, version, major) = (c.id, c.version, !c.major);
    match store::set_major(&mut app.env.conn, id, version, major, &note, staff, now) {
        Ok(_) => {
            if let Some(d) = view!(app, Detail) {
                d.fields.set_text("note", "");
            }
            super::reload_current(app);
            let msg = app
                .t(if major {
                    "complaints.marked_major"
                } else {
                    "complaints.unmarked_major"
                })
                .to_string();
            app.info(msg);
        }
        Err(MoveError::Conflict { by, at }) => {
            let msg = conflict_text(app, by, &at);
            app.error(msg);
        }
        Err(MoveError::Fault(_)) => {}
        Err(MoveError::Db(e)) => app.fault(e),
    }
}

fn keep_suggestion(app: &mut App) {
    let now = now_utc(app);
    let today = app.today();
    let staff = staff_id(app);
    let Some(d) = view!(app, Detail) else {
        return;
    };
    let text = crate::domain::text::clean(d.fields.text("note"), NOTE_MAX);
    if text.is_empty() {
        return super::refuse(
            app,
            vec![("note", error_text(&app.env.locale, "suggestion_in_note"))],
        );
    }
    let id = d.complaint.id;
    match store::keep_suggestion(&mut app.env.conn, id, &text, staff, now, today) {
        Ok(_) => {
            if let Some(d) = view!(app, Detail) {
                d.fields.set_text("note", "");
            }
            super::reload_current(app);
            let msg = app.t("complaints.suggestion_kept").to_string();
            app.info(msg);
        }
        Err(e) => app.fault(e),
    }
}
