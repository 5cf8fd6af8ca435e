//! One complaint: facts, the loop with the step reached, the time left,
//! every move, and the next move's fields with the buttons.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{after_limits_text, button, fields, left_text};
use crate::app::complaints::detail::{BUTTONS, DetailState};
use crate::app::complaints::now_utc;
use crate::app::{Action, App, HitMap};
use crate::domain::complaint::State;
use crate::domain::customer::mask_phone;
use crate::export::complaints::{local, name};
use crate::store::complaints::Complaint;
use crate::ui::theme;
use crate::ui::widgets::{self, styled};

struct DetailLayout {
    head: Rect,
    facts: Rect,
    moves: Rect,
    next: Rect,
    fields: Rect,
    buttons: Rect,
}

fn layout(body: Rect, d: &DetailState) -> DetailLayout {
    let n = d.fields.items.len() as u16;
    let conflict = d.conflict.is_some() as u16;
    let outcome = !d.complaint.resolution.is_empty() as u16;
    let [head, facts, moves, next, fields, buttons] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(5 + outcome),
        Constraint::Min(2),
        Constraint::Length(1 + conflict),
        Constraint::Length(n),
        Constraint::Length(1),
    ])
    .areas(body);
    DetailLayout {
        head,
        facts,
        moves,
        next,
        fields,
        buttons,
    }
}

/// The buttons, each with the action it does.
fn buttons(app: &App, d: &DetailState) -> Vec<(String, Action)> {
    let record = match d.next_state() {
        Some(_) if d.unsatisfied() => app.t("complaints.button.record_decision").to_string(),
        Some(s) => app.env.locale.f(
            "complaints.button.record",
            &[("state", app.t(&format!("complaints.state.{}", s.id())))],
        ),
        None => app.t("complaints.state.closed").to_string(),
    };
    let ctx = app.contexts();
    let mut v = vec![(
        widgets::button_text(
            &record,
            app.env.keymap.key_for(&ctx, Action::Save).as_deref(),
        ),
        Action::Save,
    )];
    let major = if d.complaint.major {
        "complaints.button.unmajor"
    } else {
        "complaints.button.major"
    };
    for (k, a) in [
        major,
        "complaints.button.suggestion",
        "complaints.button.survey",
    ]
    .iter()
    .zip(&BUTTONS[1..])
    {
        v.push((button(app, k, *a), *a));
    }
    v
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, d: &DetailState, hits: &mut HitMap) {
    let l = layout(body, d);
    draw_head(frame, l.head, app, &d.complaint);
    draw_facts(frame, l.facts, app, &d.complaint);
    draw_moves(frame, l.moves, app, d);
    draw_next(frame, l.next, app, d);
    fields::draw(frame, l.fields, app, &d.fields, true);
    fields::record_taps(l.fields, &d.fields, hits);
    let buttons = buttons(app, d);
    let texts: Vec<String> = buttons.iter().map(|(t, _)| t.clone()).collect();
    widgets::buttons(frame, l.buttons, &texts, None);
    for (r, (_, a)) in widgets::button_rects(l.buttons, &texts)
        .into_iter()
        .zip(buttons)
    {
        hits.add(r, a);
    }
}

/// Number, the time left, marks; then the loop with the step reached.
fn draw_head(frame: &mut Frame, area: Rect, app: &App, c: &Complaint) {
    let loc = &app.env.locale;
    // Head: number, the time left, marks; then the loop.
    let limits = app.env.policy.service.complaints.limits;
    let now = now_utc(app);
    let clock = match limits.running(&c.timing(), now) {
        Some(r) => {
            let what = loc.t(&format!("complaints.limit.{}", r.limit.id()));
            let style = if r.overdue() {
                theme::error()
            } else {
                theme::warn()
            };
            styled(format!("{what}: {}  ", left_text(app, &r)), style)
        }
        None => styled(format!("{}  ", after_limits_text(app, c)), theme::dim()),
    };
    let mut first = vec![styled(format!(" {} ", c.no), theme::title()), clock];
    if c.urgent() {
        first.push(styled(
            format!(" {} ", loc.t("complaints.urgency.urgent")),
            theme::banner(),
        ));
        first.push(Span::raw(" "));
    }
    if c.major {
        first.push(styled(
            format!(" {} ", loc.t("complaints.major")),
            theme::banner(),
        ));
    }
    let mut chain: Vec<Span> = vec![Span::raw(" ")];
    for (i, s) in State::ALL.iter().enumerate() {
        if i > 0 {
            chain.push(styled(" › ", theme::dim()));
        }
        // `state` is the last step recorded: it and those before it are done;
        // the step to record next is the one highlighted.
        let label = loc.t(&format!("complaints.state.{}", s.id())).to_string();
        let to_do = crate::domain::complaint::flow::next(c.state);
        let style = if Some(*s) == to_do {
            theme::selected()
        } else if *s <= c.state {
            theme::good()
        } else {
            theme::dim()
        };
        let mark = if *s <= c.state { "✓" } else { "" };
        chain.push(styled(format!("{label}{mark}"), style));
    }
    frame.render_widget(
        Paragraph::new(vec![Line::from(first), Line::from(chain)]),
        area,
    );
}

/// What happened, to whom, and where it went.
fn draw_facts(frame: &mut Frame, area: Rect, app: &App, c: &Complaint) {
    let loc = &app.env.locale;
    let route = crate::app::complaints::route_text(&app.env, &c.category)
        .unwrap_or_else(|| name(loc, "complaints.department", &c.department));
    // Facts.
    let dash = |s: &str| {
        if s.is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    let fact = |key: &str, value: String| {
        Line::from(vec![
            styled(format!(" {} ", loc.t(key)), theme::dim()),
            Span::raw(value),
        ])
    };
    let mut facts = vec![
        fact(
            "complaints.col.category",
            format!(
                "{} → {}",
                name(loc, "complaints.category", &c.category),
                route
            ),
        ),
        fact(
            "complaints.col.customer",
            format!(
                "{} {} · {} · {} · {}",
                dash(&c.customer_name),
                mask_phone(&c.customer_phone),
                name(loc, "complaints.channel", &c.channel),
                local(c.received_at),
                loc.f("complaints.taken_by", &[("name", &c.taken_by_name)])
            ),
        ),
        fact(
            "complaints.field.product",
            format!(
                "{}  {} {}",
                dash(&c.product),
                loc.t("complaints.field.batch"),
                dash(&c.batch_no)
            ),
        ),
        fact("complaints.field.words", format!("「{}」", c.words)),
    ];
    // After an unsatisfied revisit: the rounds of handling, the manager's decision.
    let warning = |text: String| Line::from(styled(format!(" {text}"), theme::warn()));
    if c.reopened > 0 {
        facts.push(warning(loc.f(
            "complaints.decision.reopened",
            &[("n", &c.reopened.to_string())],
        )));
    }
    if !c.close_reason.is_empty() {
        facts.push(warning(loc.f(
            "complaints.decision.closed_by",
            &[("who", &c.close_decided_by), ("reason", &c.close_reason)],
        )));
    }
    frame.render_widget(Paragraph::new(facts).wrap(Wrap { trim: false }), area);
}

/// Every move with who, when and its note.
fn draw_moves(frame: &mut Frame, area: Rect, app: &App, d: &DetailState) {
    let loc = &app.env.locale;
    // Moves.
    let moves: Vec<Line> = d
        .events
        .iter()
        .map(|e| {
            let what = if loc.has(&format!("complaints.state.{}", e.event)) {
                loc.t(&format!("complaints.state.{}", e.event)).to_string()
            } else {
                name(loc, "complaints.event", &e.event)
            };
            Line::from(vec![
                styled(format!(" {} ", local(e.at)), theme::dim()),
                styled(widgets::pad(&what, 9), theme::title()),
                Span::raw(format!(" {} ", widgets::pad(&e.staff, 6))),
                Span::raw(if e.event == "seen" {
                    e.note
                        .split(',')
                        .map(|r| name(loc, "complaints.escalation", r))
                        .collect::<Vec<_>>()
                        .join(", ")
                } else {
                    e.note.clone()
                }),
            ])
        })
        .collect();
    let max_scroll = (moves.len() as u16).saturating_sub(area.height);
    frame.render_widget(
        Paragraph::new(moves).scroll((d.scroll.min(max_scroll), 0)),
        area,
    );
}

/// The next move, and another's change that came first.
fn draw_next(frame: &mut Frame, area: Rect, app: &App, d: &DetailState) {
    let loc = &app.env.locale;
    // The next move.
    let mut next = vec![Line::from(match d.next_state() {
        Some(_) if d.unsatisfied() => styled(
            format!(" {} ", loc.t("complaints.next_unsatisfied")),
            theme::warn(),
        ),
        Some(s) => styled(
            format!(
                " {} ",
                loc.f(
                    "complaints.next_move",
                    &[("state", loc.t(&format!("complaints.state.{}", s.id())))]
                )
            ),
            theme::focus_border(),
        ),
        None => styled(
            format!(" {}", loc.t("complaints.closed_already")),
            theme::good(),
        ),
    })];
    if let Some(msg) = &d.conflict {
        next.push(Line::from(styled(msg.clone(), theme::error())));
    }
    frame.render_widget(Paragraph::new(next), area);
}
