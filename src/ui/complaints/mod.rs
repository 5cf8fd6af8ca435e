//! Drawing the complaint screens, and answering taps on them with the same
//! layouts. The manager's banner of urgent and escalated complaints is
//! drawn here for every screen.

pub mod counter;
pub mod detail;
pub mod fields;
pub mod form;
pub mod list;
pub mod register;
pub mod stats;

use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::theme;
use super::widgets::{self, button_text};
use crate::app::complaints::View;
use crate::app::{Action, App};
use crate::domain::complaint::limits::Running;
use crate::store::complaints::Complaint;

pub fn draw(frame: &mut Frame, body: Rect, app: &App, v: &View) {
    match v {
        View::List(s) => list::draw(frame, body, app, s),
        View::Detail(d) => detail::draw(frame, body, app, d),
        View::Intake(s) => form::draw_intake(frame, body, app, s),
        View::Survey(s) => form::draw_survey(frame, body, app, s),
        View::Opinion(s) => form::draw_opinion(frame, body, app, s),
        View::Counter(s) => counter::draw(frame, body, app, s),
        View::Register(r) => register::draw(frame, body, app, r),
        View::Stats(s) => stats::draw(frame, body, app, s),
    }
}

pub fn hit(app: &App, body: Rect, v: &View, column: u16, row: u16) -> Option<Action> {
    match v {
        View::List(s) => list::hit(app, body, s, column, row),
        View::Detail(d) => detail::hit(app, body, d, column, row),
        View::Intake(s) => form::hit(app, body, &s.fields, 1, column, row),
        View::Survey(s) => form::hit(app, body, &s.fields, 2, column, row),
        View::Opinion(s) => form::hit(app, body, &s.fields, 1, column, row),
        View::Counter(s) => counter::hit(app, body, s, column, row),
        View::Register(r) => register::hit(app, body, r, column, row),
        View::Stats(s) => stats::hit(app, body, s, column, row),
    }
}

/// The actions worth a hint in the status bar.
pub fn hint_actions(v: &View) -> Vec<Action> {
    match v {
        View::List(_) => vec![Action::Select, Action::Add, Action::Counter, Action::Back],
        View::Detail(_) | View::Intake(_) | View::Survey(_) | View::Opinion(_) => {
            vec![Action::Save, Action::NextFocus, Action::Back]
        }
        View::Counter(_) => vec![Action::Save, Action::PageUp, Action::Back],
        View::Register(_) => vec![
            Action::NextTab,
            Action::Export,
            Action::Select,
            Action::Back,
        ],
        View::Stats(_) => vec![Action::NextTab, Action::NextFocus, Action::Back],
    }
}

/// A button's text with the key that does its action on this screen.
pub fn button(app: &App, label_key: &str, action: Action) -> String {
    let ctx = app.contexts();
    button_text(
        app.t(label_key),
        app.env.keymap.key_for(&ctx, action).as_deref(),
    )
}

/// "2d 3h", "5h 07m", "12m".
pub fn span_text(app: &App, d: Duration) -> String {
    let mins = d.num_minutes().abs();
    let (days, hours, m) = (mins / 1440, mins / 60 % 24, mins % 60);
    let loc = &app.env.locale;
    if days > 0 {
        loc.f(
            "complaints.span.days",
            &[("d", &days.to_string()), ("h", &hours.to_string())],
        )
    } else if hours > 0 {
        loc.f(
            "complaints.span.hours",
            &[("h", &hours.to_string()), ("m", &format!("{m:02}"))],
        )
    } else {
        loc.f("complaints.span.minutes", &[("m", &m.to_string())])
    }
}

/// The time left on the limit running, or how late it is.
pub fn left_text(app: &App, r: &Running) -> String {
    let t = span_text(app, r.left);
    if r.overdue() {
        app.env.locale.f("complaints.span.late", &[("t", &t)])
    } else {
        t
    }
}

/// What the list and the complaint show where no limit runs any more.
pub fn after_limits_text(app: &App, c: &Complaint) -> String {
    match c.revisit_due {
        Some(d) if c.revisited_at.is_none() => app.env.locale.f(
            "complaints.revisit_due",
            &[("date", &d.format("%m-%d").to_string())],
        ),
        _ => app
            .t(&format!("complaints.state.{}", c.state.id()))
            .to_string(),
    }
}

/// The manager's banner: urgent complaints first, then the count escalated.
pub fn alert_text(app: &App) -> String {
    let loc = &app.env.locale;
    let a = &app.alerts.items;
    let key = app
        .env
        .keymap
        .key_for(&[], Action::Complaints)
        .unwrap_or_default();
    let head = match a.iter().find(|x| x.urgent) {
        Some(u) => loc.f(
            "complaints.alert.urgent",
            &[("no", &u.no), ("name", &u.customer)],
        ),
        None => loc.f("complaints.alert.escalated", &[("n", &a.len().to_string())]),
    };
    let more = if a.iter().any(|x| x.urgent) && a.len() > 1 {
        loc.f(
            "complaints.alert.more",
            &[("n", &(a.len() - 1).to_string())],
        )
    } else {
        String::new()
    };
    loc.f(
        "complaints.alert.line",
        &[("head", &head), ("more", &more), ("key", &key)],
    )
}

pub fn draw_alert(frame: &mut Frame, area: Rect, app: &App) {
    let text = widgets::fit(&alert_text(app), area.width as usize);
    frame.render_widget(Paragraph::new(text).style(theme::banner()), area);
}
