//! Service quality screens: a job's "1+5" checklist, the finished services
//! a manager may check, and one check against the shop's standard.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::theme;
use super::widgets::{self, fit, pad, styled};
use crate::app::quality::{CheckForm, ChecksList, OnePlusFiveForm, Tap};
use crate::app::{App, HitMap};
use crate::domain::quality::JobKind;

/// The title, the explanation, and the list under them.
struct Areas {
    head: Rect,
    list: Rect,
    foot: Rect,
}

fn areas(body: Rect) -> Areas {
    let [head, list, foot] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(3),
    ])
    .areas(body);
    Areas { head, list, foot }
}

fn mark(on: bool) -> &'static str {
    if on { "[x]" } else { "[ ]" }
}

fn offset(selected: usize, rows: u16) -> usize {
    selected.saturating_sub(rows.saturating_sub(1) as usize)
}

/// Records rows `skip..n` of a list drawn inside `inner`.
fn record_rows(hits: &mut HitMap, inner: Rect, skip: usize, n: usize) {
    for k in 0..inner.height {
        let i = skip + k as usize;
        if i < n {
            hits.add(Rect::new(inner.x, inner.y + k, inner.width, 1), Tap(i));
        }
    }
}

pub fn draw_one_plus_five(
    frame: &mut Frame,
    body: Rect,
    app: &App,
    f: &OnePlusFiveForm,
    hits: &mut HitMap,
) {
    one_plus_five(frame, body, app, f);
    let inner = Block::bordered().inner(areas(body).list);
    record_rows(hits, inner, offset(f.focus, inner.height), f.rows());
}

pub fn draw_checks(frame: &mut Frame, body: Rect, app: &App, l: &ChecksList, hits: &mut HitMap) {
    checks(frame, body, app, l);
    let a = areas(body);
    let r = Rect::new(
        a.list.x,
        a.list.y,
        a.list.width,
        a.list.height + a.foot.height,
    );
    let inner = Block::bordered().inner(r);
    record_rows(
        hits,
        inner,
        offset(l.selected, inner.height),
        l.services.len(),
    );
}

pub fn draw_check(frame: &mut Frame, body: Rect, app: &App, c: &CheckForm, hits: &mut HitMap) {
    check(frame, body, app, c);
    let a = check_areas(body, c.items.len());
    let n = c.items.len() + 1;
    record_rows(hits, Block::bordered().inner(a.items), 0, n);
    hits.add(a.reason, Tap(c.items.len()));
}

fn head(frame: &mut Frame, area: Rect, title: String, explain: &str) {
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(styled(title, theme::title())),
            Line::from(styled(explain.to_string(), theme::dim())),
        ])
        .wrap(Wrap { trim: true }),
        area,
    );
}

fn one_plus_five(frame: &mut Frame, body: Rect, app: &App, f: &OnePlusFiveForm) {
    let loc = &app.env.locale;
    let a = areas(body);
    let key = match f.kind {
        JobKind::Repair => "quality.title_repair",
        JobKind::Care => "quality.title_care",
    };
    head(
        frame,
        a.head,
        loc.f(key, &[("no", &f.job_no)]),
        loc.t("quality.explain"),
    );
    let rules = &app.env.policy.quality.one_plus_five;
    let extras_title = loc.f(
        "quality.extras",
        &[
            ("count", &f.count().to_string()),
            ("per_job", &rules.extras_per_job.to_string()),
        ],
    );
    let block = Block::bordered()
        .title(format!(" {extras_title} "))
        .border_style(theme::focus_border());
    let inner = block.inner(a.list);
    frame.render_widget(block, a.list);
    let mut rows: Vec<(bool, String)> = vec![(
        f.first_time_right,
        loc.t("quality.first_time_right").to_string(),
    )];
    for (e, t) in rules.extras.iter().zip(&f.ticked) {
        rows.push((*t, loc.t(&format!("quality.extra.{e}")).to_string()));
    }
    let skip = offset(f.focus, inner.height);
    for (n, (on, label)) in rows
        .iter()
        .enumerate()
        .skip(skip)
        .take(inner.height as usize)
    {
        let y = inner.y + (n - skip) as u16;
        let style = if n == f.focus {
            theme::selected()
        } else {
            ratatui::style::Style::default()
        };
        let prefix = if n == 0 { "1 " } else { "5 " };
        let text = fit(
            &format!("{prefix}{} {label}", mark(*on)),
            inner.width as usize,
        );
        frame.render_widget(
            Paragraph::new(text).style(style),
            Rect::new(inner.x, y, inner.width, 1),
        );
    }
    let foot = match &f.recorded {
        Some(r) => loc.f(
            "quality.recorded_by",
            &[
                ("who", r.staff.as_deref().unwrap_or("")),
                ("on", &r.recorded_on),
            ],
        ),
        None => loc.t("quality.not_recorded").to_string(),
    };
    frame.render_widget(Paragraph::new(styled(foot, theme::dim())), a.foot);
}

fn verdict(app: &App, passed: Option<bool>) -> Span<'static> {
    match passed {
        Some(true) => styled(app.t("quality.passed").to_string(), theme::good()),
        Some(false) => styled(app.t("quality.failed").to_string(), theme::error()),
        None => styled(app.t("quality.unchecked").to_string(), theme::dim()),
    }
}

fn checks(frame: &mut Frame, body: Rect, app: &App, l: &ChecksList) {
    let loc = &app.env.locale;
    let a = areas(body);
    head(
        frame,
        a.head,
        loc.t("quality.checks_title").to_string(),
        loc.t("quality.checks_explain"),
    );
    let block = Block::bordered().border_style(theme::focus_border());
    let inner = block.inner(Rect::new(
        a.list.x,
        a.list.y,
        a.list.width,
        a.list.height + a.foot.height,
    ));
    frame.render_widget(
        block,
        Rect::new(
            a.list.x,
            a.list.y,
            a.list.width,
            a.list.height + a.foot.height,
        ),
    );
    if l.services.is_empty() {
        let days = app
            .env
            .policy
            .quality
            .service_checks
            .look_back_days
            .to_string();
        frame.render_widget(
            Paragraph::new(styled(
                loc.f("quality.checks_none", &[("days", &days)]),
                theme::dim(),
            )),
            inner,
        );
        return;
    }
    let skip = offset(l.selected, inner.height);
    for (n, s) in l
        .services
        .iter()
        .enumerate()
        .skip(skip)
        .take(inner.height as usize)
    {
        let y = inner.y + (n - skip) as u16;
        let style = if n == l.selected {
            theme::selected()
        } else {
            ratatui::style::Style::default()
        };
        let kind = loc.t(&format!("quality.kind.{}", s.kind.id()));
        let text = format!(
            "{} {} {} {} {} ",
            s.on,
            pad(kind, 8),
            pad(&fit(&s.number, 14), 14),
            pad(&fit(&s.customer, 10), 10),
            pad(&fit(s.staff.as_deref().unwrap_or(""), 10), 10),
        );
        let w = widgets::width(&text);
        let row = Rect::new(inner.x, y, inner.width, 1);
        frame.render_widget(
            Paragraph::new(" ".repeat(inner.width as usize)).style(style),
            row,
        );
        frame.render_widget(Paragraph::new(text).style(style), row);
        if w < inner.width {
            frame.render_widget(
                Paragraph::new(verdict(app, s.passed)),
                Rect::new(inner.x + w, y, inner.width - w, 1),
            );
        }
    }
}

/// Where the check form's items and reason go.
struct CheckAreas {
    head: Rect,
    items: Rect,
    reason_label: Rect,
    reason: Rect,
}

fn check_areas(body: Rect, items: usize) -> CheckAreas {
    let [head, items, reason_label, reason, _] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(items as u16 + 2),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(body);
    CheckAreas {
        head,
        items,
        reason_label,
        reason,
    }
}

fn check(frame: &mut Frame, body: Rect, app: &App, c: &CheckForm) {
    let loc = &app.env.locale;
    let a = check_areas(body, c.items.len());
    let s = &c.service;
    let kind = loc.t(&format!("quality.kind.{}", s.kind.id()));
    let who = loc.f(
        "quality.check_who",
        &[
            ("customer", &s.customer),
            ("who", s.staff.as_deref().unwrap_or("")),
            ("on", &s.on),
        ],
    );
    head(
        frame,
        a.head,
        loc.f(
            "quality.check_title",
            &[("kind", kind), ("number", &s.number)],
        ),
        &who,
    );
    let block = Block::bordered()
        .title(format!(" {} ", loc.t("quality.check_items")))
        .border_style(if c.focus_is_text() {
            theme::border()
        } else {
            theme::focus_border()
        });
    let inner = block.inner(a.items);
    frame.render_widget(block, a.items);
    for (n, (item, met)) in c.items.iter().zip(&c.met).enumerate() {
        if n as u16 >= inner.height {
            break;
        }
        let style = if n == c.focus {
            theme::selected()
        } else {
            ratatui::style::Style::default()
        };
        let state = if *met {
            styled(loc.t("quality.met").to_string(), theme::good())
        } else {
            styled(loc.t("quality.not_met").to_string(), theme::error())
        };
        let label = format!("{} {} ", mark(*met), loc.t(&format!("quality.item.{item}")));
        frame.render_widget(
            Paragraph::new(Line::from(vec![Span::styled(label, style), state])),
            Rect::new(inner.x, inner.y + n as u16, inner.width, 1),
        );
    }
    let label_style = if c.error.is_some() {
        theme::error()
    } else {
        theme::dim()
    };
    let label = match c.error {
        Some(code) => loc.t(&format!("quality.{code}")).to_string(),
        None => loc.t("quality.check_reason").to_string(),
    };
    frame.render_widget(Paragraph::new(styled(label, label_style)), a.reason_label);
    widgets::input(frame, a.reason, &c.reason, c.focus_is_text());
}
