//! Drawing the complaint screens; each records its tap targets while it
//! draws. The manager's banner of urgent and escalated complaints is drawn
//! here for every screen.

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
use crate::app::{Action, App};
use crate::domain::complaint::limits::Running;
use crate::store::complaints::Complaint;

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
