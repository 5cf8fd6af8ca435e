//! Returns and exchanges: find the purchase line, answer, see the decision
//! with the rules that made it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Table, TableState, Wrap};

use super::table::{self, Column};
use super::theme;
use super::widgets::{self, button_text, pad, styled};
use crate::app::returns::{CONDITIONS, QUESTIONS, ReturnState, Tap};
use crate::app::{Action, App, HitMap};
use crate::domain::after_return::Drop;
use crate::domain::aftersale::{Condition, Decision};

pub struct FindLayout {
    /// The box around the input.
    pub top: Rect,
    pub input: Rect,
    pub note: Rect,
    pub table: Rect,
}

pub fn find_layout(body: Rect) -> FindLayout {
    let [top, note, table] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Min(3),
    ])
    .areas(body);
    FindLayout {
        top,
        input: Block::bordered().inner(top),
        note,
        table,
    }
}

pub struct CaseLayout {
    pub line: Rect,
    pub questions: Rect,
    pub decision: Rect,
    pub buttons: Rect,
}

pub fn case_layout(body: Rect) -> CaseLayout {
    let [line, main, buttons] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(5),
        Constraint::Length(1),
    ])
    .areas(body);
    let [questions, decision] =
        Layout::horizontal([Constraint::Length(48), Constraint::Min(30)]).areas(main);
    CaseLayout {
        line,
        questions,
        decision,
        buttons,
    }
}

fn offset(selected: usize, rows: u16) -> usize {
    selected.saturating_sub(rows.saturating_sub(1) as usize)
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, r: &ReturnState, hits: &mut HitMap) {
    // A training card: the customer speaks beside (or under) the desk.
    let body = match &r.practice {
        Some(p) => {
            let (main, pane) = super::practice::split(body);
            if let Some(pane) = pane {
                super::practice::pane(frame, pane, app, &p.playing);
            }
            main
        }
        None => body,
    };
    if r.finding() {
        draw_find(frame, body, app, r, hits);
    } else {
        draw_case(frame, body, app, r, hits);
    }
}

fn draw_find(frame: &mut Frame, body: Rect, app: &App, r: &ReturnState, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let l = find_layout(body);
    let top = l.top;
    frame.render_widget(
        Block::bordered()
            .title(format!(" {} ", loc.t("desk.find_purchase")))
            .border_style(theme::focus_border()),
        top,
    );
    widgets::input(frame, l.input, &r.query, app.overlay.is_none());
    let note = if r.query.value().trim().is_empty() {
        loc.t("desk.find_hint").to_string()
    } else if r.lines.is_empty() {
        loc.t("desk.find_none").to_string()
    } else {
        loc.f("desk.find_found", &[("n", &r.lines.len().to_string())])
    };
    frame.render_widget(Paragraph::new(note).style(theme::dim()), l.note);
    let laid = found_table(app, r, l.table.width.saturating_sub(2));
    let (header, rows, widths) = (laid.header, laid.rows, laid.widths);
    let n = r.lines.len();
    let table = Table::new(rows, widths)
        .header(header)
        .row_highlight_style(theme::selected())
        .block(Block::bordered().border_style(theme::border()));
    let inner_rows = Block::bordered().inner(l.table).height.saturating_sub(1);
    let first = offset(r.selected, inner_rows);
    let mut state = TableState::default()
        .with_selected((n > 0).then_some(r.selected))
        .with_offset(first);
    frame.render_stateful_widget(table, l.table, &mut state);
    let inner = Block::bordered().inner(l.table);
    for k in 0..inner_rows {
        let i = first + k as usize;
        if i >= n {
            break;
        }
        hits.add(
            Rect::new(inner.x, inner.y + 1 + k, inner.width, 1),
            Tap::Line(i),
        );
    }
}

/// The purchase lines found: the date, receipt, style and amount stay
/// whole; a narrow window cuts the item, then leaves it and the customer
/// out before it cuts them; a wide one shows the item whole.
fn found_table(app: &App, r: &ReturnState, room: u16) -> table::Laid {
    let loc = &app.env.locale;
    let columns = [
        Column::whole(loc.t("desk.col_date"), 1),
        Column::whole(loc.t("desk.col_receipt"), 0),
        Column::text(loc.t("desk.col_customer"), 3, 4),
        Column::whole(loc.t("desk.col_style"), 2),
        Column::text(loc.t("desk.col_item"), 4, 6),
        Column::money(loc.t("desk.col_paid"), 0),
        Column::text("", 5, 4),
    ];
    let rows = r
        .lines
        .iter()
        .map(|s| {
            let cells = vec![
                s.purchased_on.to_string(),
                s.receipt_no.clone(),
                s.customer.clone(),
                s.style_no.clone(),
                s.product.clone(),
                loc.money(s.price_fen),
                if s.settled {
                    loc.t("desk.settled").to_string()
                } else {
                    String::new()
                },
            ];
            let style = if s.settled {
                theme::dim()
            } else {
                Style::default()
            };
            (cells, style)
        })
        .collect();
    table::lay_out(&columns, rows, room, 1, theme::title())
}

/// The label and shown value of question `i`.
fn question(app: &App, r: &ReturnState, i: usize) -> (String, String) {
    let loc = &app.env.locale;
    let yes_no = |b: bool| {
        loc.t(if b { "common.yes" } else { "common.no" })
            .to_string()
    };
    match i {
        0 => (
            loc.t("desk.q_request").into(),
            loc.t(&format!("request.{}", r.request().as_str())).into(),
        ),
        1 => (
            loc.t("desk.q_problem").into(),
            loc.t(&format!("problem.{}", r.problem().as_str())).into(),
        ),
        f if f < 2 + CONDITIONS => {
            let c = Condition::ALL[f - 2];
            (
                loc.t(&format!("condition.{}", c.as_str())).into(),
                yes_no(r.conditions[f - 2]),
            )
        }
        f if f == 2 + CONDITIONS => (loc.t("desk.q_receipt").into(), yes_no(r.receipt)),
        _ => (loc.t("desk.q_repairable").into(), yes_no(r.repairable)),
    }
}

/// The buttons under the case and the action each does.
fn buttons(app: &App) -> Vec<(String, Action)> {
    let ctx = app.contexts();
    let button = |key: &str, a: Action| {
        let text = button_text(app.t(key), app.env.keymap.key_for(&ctx, a).as_deref());
        (text, a)
    };
    let mut v = vec![button("desk.confirm", Action::Save)];
    if app.is_manager() {
        v.push(button("desk.override", Action::Override));
    }
    v.push(button("form.cancel", Action::Back));
    v
}

fn draw_case(frame: &mut Frame, body: Rect, app: &App, r: &ReturnState, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let l = case_layout(body);
    if let Some(s) = &r.line {
        let head = vec![
            Line::from(vec![
                styled(format!(" {} ", s.receipt_no), theme::key()),
                Span::raw(format!(
                    " {} {} {}/{}",
                    s.style_no, s.product, s.size, s.colour
                )),
            ]),
            Line::from(styled(
                loc.f(
                    "desk.line_facts",
                    &[
                        ("date", &s.purchased_on.to_string()),
                        ("paid", &loc.money(s.price_fen)),
                        ("now", &loc.money(s.current_price_fen)),
                        ("category", loc.t(&format!("category.{}", s.category))),
                        ("customer", &s.customer),
                    ],
                ),
                theme::dim(),
            )),
        ];
        frame.render_widget(Paragraph::new(head), l.line);
    }
    let mut lines = Vec::new();
    for i in 0..QUESTIONS {
        let (label, value) = question(app, r, i);
        let focused = i == r.focus && app.overlay.is_none();
        let style = if focused {
            theme::input_focused()
        } else {
            theme::input()
        };
        lines.push(Line::from(vec![
            styled(
                pad(&label, 18),
                if focused {
                    theme::focus_border()
                } else {
                    theme::dim()
                },
            ),
            styled(format!("‹ {value} ›"), style),
        ]));
    }
    let inner = Block::bordered().inner(l.questions);
    // A short window scrolls the questions so the focused one shows.
    let first = if r.focus < QUESTIONS {
        offset(r.focus, inner.height)
    } else {
        0
    };
    frame.render_widget(
        Paragraph::new(lines).scroll((first as u16, 0)).block(
            Block::bordered()
                .title(format!(" {} ", loc.t("desk.questions")))
                .border_style(theme::border()),
        ),
        l.questions,
    );
    for k in 0..(QUESTIONS.saturating_sub(first) as u16).min(inner.height) {
        let row = Rect::new(inner.x, inner.y + k, inner.width, 1);
        hits.add(row, Tap::Question(first + k as usize));
    }
    let (title, decision) = match &r.practice {
        Some(p) => (
            loc.t("practice_desk.answer_title"),
            super::returns_practice::lines(app, r, p, l.decision, hits),
        ),
        None => (loc.t("desk.decision"), decision_lines(app, r)),
    };
    frame.render_widget(
        Paragraph::new(decision).wrap(Wrap { trim: true }).block(
            Block::bordered()
                .title(format!(" {title} "))
                .border_style(theme::focus_border()),
        ),
        l.decision,
    );
    let (texts, actions): (Vec<String>, Vec<Action>) = buttons(app).into_iter().unzip();
    widgets::buttons(frame, l.buttons, &texts, None);
    for (rect, a) in widgets::button_rects(l.buttons, &texts)
        .into_iter()
        .zip(actions)
    {
        hits.add(rect, a);
    }
}

/// The decision, its figures and reasons, and what a refund takes from
/// the customer's standing.
fn decision_lines(app: &App, r: &ReturnState) -> Vec<Line<'static>> {
    let loc = &app.env.locale;
    let mut d: Vec<Line> = Vec::new();
    match &r.ruling {
        Some(Ok(ru)) => {
            let style = if ru.decision == Decision::Refused {
                theme::error()
            } else {
                theme::good()
            };
            d.push(Line::from(styled(
                loc.t(&format!("decision.{}", ru.decision.as_str()))
                    .to_string(),
                style,
            )));
            let rules: Vec<String> = ru.rules().iter().map(|x| format!("{x:?}")).collect();
            d.push(Line::raw(loc.f(
                "desk.decision_facts",
                &[
                    ("amount", &loc.money(ru.amount_fen)),
                    ("percent", &ru.depreciation_percent.to_string()),
                    ("rules", &rules.join(", ")),
                    ("day", &ru.days_since_sale.to_string()),
                ],
            )));
            if ru.shop_pays_shipping {
                d.push(Line::raw(loc.t("desk.shop_pays_shipping").to_string()));
            }
            if ru.cosmetic_rule().is_some() {
                d.push(Line::from(styled(
                    loc.t("practices.cosmetic_path").to_string(),
                    theme::good(),
                )));
            }
            d.push(Line::raw(""));
            d.push(Line::raw(r.reason_text.clone()));
            if let Some(drop) = &r.drop {
                d.push(Line::raw(""));
                for text in drop_lines(app, drop) {
                    d.push(Line::from(styled(text, theme::warn())));
                }
            }
        }
        Some(Err(_)) => d.push(Line::from(styled(r.reason_text.clone(), theme::error()))),
        None => d.push(Line::from(styled(
            loc.t("desk.no_decision").to_string(),
            theme::dim(),
        ))),
    }
    d
}

/// What the return takes from the customer's standing, in words.
pub fn drop_lines(app: &App, d: &Drop) -> Vec<String> {
    let loc = &app.env.locale;
    let mut v = vec![loc.f(
        "records.drop_spend",
        &[("spend", &loc.money(d.spend_after_fen))],
    )];
    if let Some((from, to)) = &d.tier {
        v.push(loc.f(
            "records.drop_tier",
            &[
                ("from", loc.t(&format!("tier.{from}"))),
                ("to", loc.t(&format!("tier.{to}"))),
            ],
        ));
    }
    for m in &d.milestones {
        v.push(loc.f("records.drop_milestone", &[("amount", &loc.money(*m))]));
    }
    if d.leaves_club {
        v.push(loc.t("records.drop_club").to_string());
    }
    v
}
