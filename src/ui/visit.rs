//! The visit on screen: the progress strip (1–8: done ✓, skipped ↷, current
//! ▶), the step's title and clock, what the training customer says, the
//! step's rows, the tips and phrases (care notes at step 8), the buttons.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::theme;
use super::widgets::{self, button_text, fit, styled, width};
use crate::app::visit::{Row, Tap, Text, VisitState};
use crate::app::{Action, App, HitMap};
use crate::domain::visit::{FAREWELL, ObjectionKind, STEPS, StepStatus};

pub struct VisitLayout {
    pub strip: Rect,
    pub title: Rect,
    pub says: Rect,
    pub rows: Rect,
    pub panel: Option<Rect>,
    pub buttons: Rect,
}

/// Tips and phrases when asked for (open by default in training); step 8's
/// care notes for what was bought whenever there are some, and the VIP tiers
/// to tell while a customer registers [S1].
fn panel_open(v: &VisitState) -> bool {
    v.tips_open
        || (v.visit.current == FAREWELL
            && (!v.visit.bought_categories().is_empty() || v.visit.customer.is_none()))
}

pub fn layout(app: &App, body: Rect, v: &VisitState) -> VisitLayout {
    let says_h = if v.visit.scenario.is_some() { 2 } else { 0 };
    let [strip, title, says, main, buttons] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(says_h),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(body);
    let (rows, panel) = if !panel_open(v) {
        (main, None)
    } else if main.width >= 110 {
        let [l, r] = Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
            .areas(main);
        (l, Some(r))
    } else {
        // The rows take what they need; the panel has the rest, a third at least.
        let need = v.rows(app.flow()).len() as u16;
        let ph = main
            .height
            .saturating_sub(need)
            .max(main.height / 3)
            .clamp(3.min(main.height), main.height.saturating_sub(3).max(3));
        let [t, b] = Layout::vertical([Constraint::Min(3), Constraint::Length(ph)]).areas(main);
        (t, Some(b))
    };
    VisitLayout {
        strip,
        title,
        says,
        rows,
        panel,
        buttons,
    }
}

/// The strip's segments: (rect, text) for each step.
pub fn strip_segments(app: &App, area: Rect, v: &VisitState) -> Vec<(Rect, String)> {
    let flow = app.flow();
    let mark = |i: usize| {
        if i == v.visit.current {
            "▶"
        } else {
            match v.visit.steps[i].status {
                StepStatus::Done => "✓",
                StepStatus::Skipped => "↷",
                StepStatus::Pending => "·",
            }
        }
    };
    let full: Vec<String> = (0..STEPS)
        .map(|i| format!("{}{} {}", i + 1, mark(i), flow.steps[i].short))
        .collect();
    let total: u16 = full.iter().map(|s| width(s) + 1).sum();
    let texts: Vec<String> = if total <= area.width {
        full
    } else {
        (0..STEPS)
            .map(|i| {
                if i == v.visit.current {
                    format!("{}{} {}", i + 1, mark(i), flow.steps[i].short)
                } else {
                    format!("{}{}", i + 1, mark(i))
                }
            })
            .collect()
    };
    let mut x = area.x;
    let mut out = Vec::new();
    for t in texts {
        let w = width(&t).min(area.right().saturating_sub(x));
        out.push((Rect::new(x, area.y, w, 1), t));
        x = x.saturating_add(w + 1);
    }
    out
}

fn clock(secs: u64) -> String {
    format!("{:02}:{:02}", secs / 60, secs % 60)
}

/// The buttons under the rows and what each does.
const BUTTONS: [(&str, Action); 5] = [
    ("visit.prev", Action::PrevStep),
    ("visit.next", Action::NextStep),
    ("visit.skip", Action::SkipStep),
    ("visit.tips", Action::ToggleTips),
    ("visit.finish", Action::FinishVisit),
];

fn buttons(app: &App) -> Vec<String> {
    let ctx = app.contexts();
    let key = |a| app.env.keymap.key_for(&ctx, a);
    BUTTONS
        .into_iter()
        .map(|(k, a)| button_text(app.t(k), key(a).as_deref()))
        .collect()
}

/// The first row shown, so that the focused one stays in view.
fn first_row(rows: &[Row], focus: Row, height: u16) -> usize {
    let at = rows.iter().position(|r| *r == focus).unwrap_or(0);
    let h = height.max(1) as usize;
    if at < h {
        0
    } else {
        (at + 2).saturating_sub(h).min(rows.len().saturating_sub(h))
    }
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, v: &VisitState, hits: &mut HitMap) {
    let l = layout(app, body, v);
    draw_strip(frame, &l, app, v, hits);
    draw_title(frame, &l, app, v);
    let rows = v.rows(app.flow());
    let start = first_row(&rows, v.focus, l.rows.height);
    for (k, r) in rows
        .iter()
        .skip(start)
        .take(l.rows.height as usize)
        .enumerate()
    {
        let area = Rect {
            y: l.rows.y + k as u16,
            height: 1,
            ..l.rows
        };
        hits.add(area, Tap::Row(*r));
        super::visit_rows::draw_row(frame, area, app, v, *r);
    }
    if let Some(p) = l.panel {
        draw_panel(frame, p, app, v);
    }
    let texts = buttons(app);
    for (r, (_, a)) in widgets::button_rects(l.buttons, &texts)
        .into_iter()
        .zip(BUTTONS)
    {
        hits.add(r, Tap::Button(a));
    }
    widgets::buttons(frame, l.buttons, &texts, None);
}

/// The progress strip: each step a tap target.
fn draw_strip(frame: &mut Frame, l: &VisitLayout, app: &App, v: &VisitState, hits: &mut HitMap) {
    let step = v.visit.current;
    for (i, (r, t)) in strip_segments(app, l.strip, v).into_iter().enumerate() {
        let style = if i == step {
            theme::selected()
        } else {
            match v.visit.steps[i].status {
                StepStatus::Done => theme::good(),
                StepStatus::Skipped => theme::warn(),
                StepStatus::Pending => theme::dim(),
            }
        };
        hits.add(r, Tap::Step(i));
        frame.render_widget(Paragraph::new(t).style(style), r);
    }
}

/// The step's title, who is served, the clocks; what the training customer says.
fn draw_title(frame: &mut Frame, l: &VisitLayout, app: &App, v: &VisitState) {
    let loc = &app.env.locale;
    let step = v.visit.current;
    let who = match &v.visit.customer {
        Some(c) => c.name.clone(),
        None => loc.t("visit.walk_in").to_string(),
    };
    let right = loc.f(
        "visit.clock",
        &[
            ("step", &clock(v.step_seconds())),
            ("total", &clock(v.total_seconds())),
        ],
    );
    let left = format!(" {} · {}", app.flow().steps[step].title, who);
    let gap =
        (l.title.width as usize).saturating_sub(width(&left) as usize + width(&right) as usize + 1);
    let title = if gap > 0 {
        format!("{left}{}{right}", " ".repeat(gap))
    } else {
        fit(&left, l.title.width as usize)
    };
    frame.render_widget(Paragraph::new(styled(title, theme::title())), l.title);
    if let Some(id) = &v.visit.scenario
        && let Some(s) = app.visit_data.scenario(&loc.lang, id)
    {
        let line = Line::from(vec![
            styled(
                format!(" {} ", loc.t("training.customer_says")),
                theme::key(),
            ),
            Span::raw(" "),
            Span::raw(s.says[step].clone()),
        ]);
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), l.says);
    }
}

fn draw_panel(frame: &mut Frame, area: Rect, app: &App, v: &VisitState) {
    let s = &app.flow().steps[v.visit.current];
    let mut lines: Vec<Line> = Vec::new();
    if v.visit.current == FAREWELL {
        lines.extend(farewell_lines(app, v));
    }
    if v.tips_open {
        lines.extend(tips_lines(app, v));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::bordered()
                .border_style(theme::border())
                .title(format!(" {} ", s.title)),
        ),
        area,
    );
}

/// Step 8: what an anonymous sale loses, the VIP tiers, care notes for
/// what was bought, the guarantee, the thanks.
fn farewell_lines<'a>(app: &'a App, v: &VisitState) -> Vec<Line<'a>> {
    let loc = &app.env.locale;
    let flow = app.flow();
    let mut lines: Vec<Line> = Vec::new();
    let anonymous = v.visit.customer.is_none()
        && v.text(Text::RegName).trim().is_empty()
        && v.text(Text::RegPhone).trim().is_empty();
    if anonymous && v.visit.basket().lines > 0 {
        lines.push(Line::from(styled(
            loc.t("visit.anonymous_sale").to_string(),
            theme::warn(),
        )));
    }
    // Registration tells the VIP tiers and benefits [S1].
    if v.visit.customer.is_none() {
        lines.push(Line::raw(crate::ui::vip_card::tiers_phrase(
            &app.env.policy,
            loc,
        )));
    }
    for cat in v.visit.bought_categories() {
        lines.push(Line::from(styled(
            loc.f(
                "visit.care_for",
                &[("material", loc.t(&format!("category.{cat}")))],
            ),
            theme::title(),
        )));
        for n in flow.care.get(&cat).into_iter().flatten() {
            lines.push(Line::raw(format!("· {n}")));
        }
    }
    // Step 8 (a): the 三包 guarantee told at checkout, from the shop's own terms.
    if v.visit.basket().lines > 0 {
        let a = &app.env.policy.aftersale;
        lines.push(Line::from(styled(
            loc.f(
                "practices.sanbao",
                &[
                    ("return_days", &a.return_days.to_string()),
                    ("exchange_days", &a.exchange_days.to_string()),
                    ("from_day", &a.free_repair_from_day.to_string()),
                ],
            ),
            theme::title(),
        )));
    }
    let thanks = if v.visit.basket().lines > 0 {
        &flow.thanks.bought
    } else {
        &flow.thanks.not_bought
    };
    lines.push(Line::from(vec![
        styled(format!("{} ", loc.t("visit.thanks")), theme::title()),
        Span::raw(thanks.clone()),
    ]));
    lines
}

/// The step's tips and phrases (the training persona at step 1, the
/// objection's help at step 5).
fn tips_lines<'a>(app: &'a App, v: &VisitState) -> Vec<Line<'a>> {
    let loc = &app.env.locale;
    let step = v.visit.current;
    let s = &app.flow().steps[step];
    let mut lines: Vec<Line> = Vec::new();
    if let Some(id) = &v.visit.scenario
        && let Some(sc) = app.visit_data.scenario(&loc.lang, id)
        && step == 0
    {
        lines.push(Line::from(vec![
            styled(format!("{} ", loc.t("training.persona")), theme::title()),
            Span::raw(sc.persona.clone()),
        ]));
    }
    if step == crate::domain::visit::OBJECTIONS {
        lines.push(Line::from(styled(
            loc.t(&format!("objection.help.{}", v.obj_kind.id()))
                .to_string(),
            theme::warn(),
        )));
    }
    lines.push(Line::from(styled(
        loc.t("visit.tips_title").to_string(),
        theme::title(),
    )));
    for t in &s.tips {
        lines.push(Line::raw(format!("· {t}")));
    }
    lines.push(Line::from(styled(
        loc.t("visit.phrases_title").to_string(),
        theme::title(),
    )));
    for p in &s.phrases {
        lines.push(Line::raw(format!("「{p}」")));
    }
    lines
}

/// Every objection kind's locale keys, for the data-file test.
pub fn objection_keys() -> Vec<String> {
    ObjectionKind::ALL
        .iter()
        .flat_map(|k| {
            [
                format!("objection.{}", k.id()),
                format!("objection.help.{}", k.id()),
            ]
        })
        .collect()
}

/// Every visit text field's locale key.
pub fn field_keys() -> Vec<String> {
    Text::ALL
        .iter()
        .map(|t| format!("visit.field.{}", t.key()))
        .collect()
}
