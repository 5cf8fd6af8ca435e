//! The after-sale desk: the repair register and the care jobs; one job's
//! page with its moves and its goods receipt.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Table, TableState, Wrap};

use super::table::{self, Column};
use super::theme;
use super::widgets::{self, button_text, pad, styled};
use crate::app::desk::{DeskState, JobState, Tab};
use crate::app::{Action, App};
use crate::domain::customer::mask_phone;
use crate::domain::repair;
use ratatui::style::Style;

pub struct DeskLayout {
    pub tabs: Rect,
    pub table: Rect,
}

pub fn layout(body: Rect) -> DeskLayout {
    let [tabs, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(body);
    DeskLayout { tabs, table }
}

fn tab_texts(app: &App, d: &DeskState) -> Vec<String> {
    let loc = &app.env.locale;
    vec![
        format!(" {} ({}) ", loc.t("desk.tab_repairs"), d.jobs.len()),
        format!(" {} ({}) ", loc.t("desk.tab_register"), d.all_jobs.len()),
        format!(" {} ({}) ", loc.t("desk.tab_care"), d.care.len()),
    ]
}

fn offset(selected: usize, rows: u16) -> usize {
    selected.saturating_sub(rows.saturating_sub(1) as usize)
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, d: &DeskState) {
    let loc = &app.env.locale;
    let today = app.today();
    let l = layout(body);
    let texts = tab_texts(app, d);
    let focus = Tab::ALL.iter().position(|t| *t == d.tab);
    widgets::buttons(frame, l.tabs, &texts, focus);
    // Values people act on (job number, phone, promised day, fee) stay
    // whole; a narrow window leaves the item out before it cuts them.
    let room = l.table.width.saturating_sub(2);
    let laid = match d.tab {
        Tab::Repairs | Tab::Register => {
            let columns = [
                Column::whole(loc.t("desk.col_no"), 0),
                Column::text(loc.t("desk.col_state"), 1, 8),
                Column::text(loc.t("desk.col_customer"), 2, 4),
                Column::whole(loc.t("desk.col_phone"), 3),
                Column::text(loc.t("desk.col_item"), 5, 6).grow(),
                Column::whole(loc.t("desk.col_promised"), 4),
                Column::money(loc.t("desk.col_fee"), 4),
            ];
            let jobs = if d.tab == Tab::Repairs {
                &d.jobs
            } else {
                &d.all_jobs
            };
            let rows = jobs
                .iter()
                .map(|j| {
                    let overdue = repair::is_overdue(&j.state, Some(j.intake.promised_on), today);
                    let mut state = loc.t(&format!("repair_state.{}", j.state)).to_string();
                    if overdue {
                        state = format!("{} {}", loc.t("home.overdue"), state);
                    }
                    let fee = if j.intake.fee_fen > 0 {
                        loc.money(j.intake.fee_fen)
                    } else {
                        loc.t("receipt.free").to_string()
                    };
                    let style = if overdue {
                        theme::error()
                    } else if j.state == "ready" {
                        theme::good()
                    } else {
                        Style::default()
                    };
                    let cells = vec![
                        j.job_no.clone(),
                        state,
                        j.intake.contact_name.clone(),
                        mask_phone(&j.intake.contact_phone),
                        j.intake.item.clone(),
                        j.intake.promised_on.format("%m-%d").to_string(),
                        fee,
                    ];
                    (cells, style)
                })
                .collect();
            table::lay_out(&columns, rows, room, 1, theme::title())
        }
        Tab::Care => {
            let columns = [
                Column::whole(loc.t("desk.col_no"), 0),
                Column::text(loc.t("desk.col_kind"), 2, 4),
                Column::text(loc.t("desk.col_customer"), 1, 4),
                Column::text(loc.t("desk.col_item"), 4, 6).grow(),
                Column::text(loc.t("desk.col_stage"), 3, 6),
            ];
            let rows = d
                .care
                .iter()
                .map(|c| {
                    let stages = app.env.policy.care_jobs.stages(&c.kind);
                    let at = stages
                        .iter()
                        .position(|s| *s == c.stage)
                        .map(|i| i + 1)
                        .unwrap_or(0);
                    let cells = vec![
                        c.job_no.clone(),
                        loc.t(&format!("care_kind.{}", c.kind)).to_string(),
                        c.customer.clone(),
                        c.item.clone(),
                        format!(
                            "{}/{} {}",
                            at,
                            stages.len(),
                            loc.t(&format!("care_stage.{}", c.stage))
                        ),
                    ];
                    (cells, Style::default())
                })
                .collect();
            table::lay_out(&columns, rows, room, 1, theme::title())
        }
    };
    let (header, rows, widths) = (laid.header, laid.rows, laid.widths);
    let empty = rows.is_empty();
    let title = format!(" {} ", loc.t("desk.title"));
    let table = Table::new(rows, widths)
        .header(header)
        .row_highlight_style(theme::selected())
        .block(
            Block::bordered()
                .title(title)
                .border_style(theme::focus_border()),
        );
    let inner_rows = Block::bordered().inner(l.table).height.saturating_sub(1);
    let mut state = TableState::default()
        .with_selected((!empty).then_some(d.selected))
        .with_offset(offset(d.selected, inner_rows));
    frame.render_stateful_widget(table, l.table, &mut state);
    if empty {
        let inner = Block::bordered().inner(l.table);
        let key = match d.tab {
            Tab::Repairs => "desk.no_jobs",
            Tab::Register => "desk.no_register",
            Tab::Care => "desk.no_care",
        };
        frame.render_widget(
            Paragraph::new(loc.t(key)).style(theme::dim()),
            Rect {
                y: inner.y + 1,
                height: 1,
                ..inner
            },
        );
    }
}

pub fn hit(app: &App, body: Rect, d: &DeskState, column: u16, row: u16) -> Option<Action> {
    let l = layout(body);
    if row == l.tabs.y {
        let rects = widgets::button_rects(l.tabs, &tab_texts(app, d));
        return rects
            .iter()
            .position(|r| widgets::contains(*r, column, row))
            .map(|i| Action::Pick {
                zone: 9,
                index: i as u16,
            });
    }
    let inner = Block::bordered().inner(l.table);
    if !widgets::contains(inner, column, row) || row <= inner.y {
        return None;
    }
    let index = offset(d.selected, inner.height.saturating_sub(1)) + (row - inner.y - 1) as usize;
    Some(Action::Pick {
        zone: 0,
        index: index as u16,
    })
}

pub struct JobLayout {
    pub facts: Rect,
    pub moves: Rect,
    pub invoice: Rect,
    pub receipt: Rect,
}

pub fn job_layout(body: Rect) -> JobLayout {
    let wide = body.width >= 110;
    let (left, receipt) = if wide {
        let [l, r] = Layout::horizontal([Constraint::Min(40), Constraint::Length(84)]).areas(body);
        (l, r)
    } else {
        let [l, r] = Layout::horizontal([Constraint::Min(40), Constraint::Length(36)]).areas(body);
        (l, r)
    };
    let [facts, moves, invoice] = Layout::vertical([
        Constraint::Min(5),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(left);
    JobLayout {
        facts,
        moves,
        invoice,
        receipt,
    }
}

fn move_texts(app: &App, j: &JobState) -> Vec<String> {
    j.moves
        .iter()
        .enumerate()
        .map(|(i, m)| {
            button_text(
                &format!("{} {}", i + 1, app.t(&format!("desk.to_{m}"))),
                None,
            )
        })
        .collect()
}

/// The job's "1+5" in a line: the "1", the extras against the target.
fn one_plus_five_line(app: &App, j: &JobState) -> String {
    let loc = &app.env.locale;
    match &j.one_plus_five {
        None => loc.t("quality.not_recorded").to_string(),
        Some(r) => {
            let first = if r.one_plus_five.first_time_right {
                loc.t("quality.first_yes")
            } else {
                loc.t("quality.first_no")
            };
            let per_job = app.env.policy.quality.one_plus_five.extras_per_job;
            format!(
                "{first} + {}/{per_job} · {}",
                r.one_plus_five.extras.len(),
                r.staff.as_deref().unwrap_or("")
            )
        }
    }
}

pub fn draw_job(frame: &mut Frame, body: Rect, app: &App, j: &JobState) {
    let loc = &app.env.locale;
    let today = app.today();
    let l = job_layout(body);
    let job = &j.job;
    let i = &job.intake;
    let mut lines: Vec<Line> = Vec::new();
    let overdue = repair::is_overdue(&job.state, Some(i.promised_on), today);
    let mut state = vec![
        styled(format!(" {} ", job.job_no), theme::key()),
        Span::raw(" "),
        styled(
            loc.t(&format!("repair_state.{}", job.state)).to_string(),
            theme::title(),
        ),
    ];
    if overdue {
        state.push(Span::raw(" "));
        state.push(styled(loc.t("home.overdue").to_string(), theme::error()));
    }
    lines.push(Line::from(state));
    let fact = |label: &str, value: String| {
        Line::from(vec![styled(pad(label, 14), theme::dim()), Span::raw(value)])
    };
    lines.push(fact(
        loc.t("receipt.customer"),
        format!("{}  {}", i.contact_name, mask_phone(&i.contact_phone)),
    ));
    lines.push(fact(
        loc.t("receipt.item"),
        format!("{} {}", i.style_no, i.item).trim().to_string(),
    ));
    let category = if i.category.is_empty() {
        String::new()
    } else {
        loc.t(&format!("category.{}", i.category)).to_string()
    };
    lines.push(fact(loc.t("receipt.category"), category));
    lines.push(fact(
        loc.t("receipt.bought"),
        i.purchased_on.map(|d| d.to_string()).unwrap_or_default(),
    ));
    let problem = if i.problem.is_empty() {
        String::new()
    } else {
        loc.t(&format!("problem.{}", i.problem)).to_string()
    };
    lines.push(fact(
        loc.t("receipt.problem"),
        format!("{problem} {}", i.symptoms),
    ));
    lines.push(fact(loc.t("receipt.received"), i.received_on.to_string()));
    lines.push(fact(loc.t("receipt.promised"), i.promised_on.to_string()));
    let decision = if i.decision.is_empty() {
        String::new()
    } else {
        loc.t(&format!("decision.{}", i.decision)).to_string()
    };
    lines.push(fact(
        loc.t("receipt.decision"),
        format!("{decision} ({})", i.rules),
    ));
    let fee = if i.fee_fen > 0 {
        loc.money(i.fee_fen)
    } else {
        loc.t("receipt.free").to_string()
    };
    lines.push(fact(loc.t("receipt.fee"), fee));
    lines.push(fact(
        loc.t("quality.one_plus_five"),
        one_plus_five_line(app, j),
    ));
    if !i.reason.is_empty() {
        lines.push(Line::from(styled(i.reason.clone(), theme::dim())));
    }
    lines.push(Line::from(styled(
        loc.t("desk.history").to_string(),
        theme::title(),
    )));
    for e in &j.events {
        lines.push(Line::raw(format!(
            "  {}  {}  {}",
            super::super::app::form::local_time(&e.at),
            pad(loc.t(&format!("repair_state.{}", e.state)), 10),
            e.staff.as_deref().unwrap_or("")
        )));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((j.scroll, 0))
            .block(Block::bordered().border_style(theme::border())),
        l.facts,
    );
    if j.moves.is_empty() {
        frame.render_widget(
            Paragraph::new(loc.t("desk.no_moves")).style(theme::dim()),
            l.moves,
        );
    } else {
        let focus = (j.focus < j.moves.len()).then_some(j.focus);
        widgets::buttons(frame, l.moves, &move_texts(app, j), focus);
    }
    if j.wants_invoice() {
        let label = pad(loc.t("desk.invoice"), 14);
        frame.render_widget(
            Paragraph::new(styled(label, theme::dim())),
            Rect {
                width: 14,
                ..l.invoice
            },
        );
        let field = Rect {
            x: l.invoice.x + 14,
            width: l.invoice.width.saturating_sub(14).min(24),
            ..l.invoice
        };
        widgets::input(
            frame,
            field,
            &j.invoice,
            j.focus_is_text() && app.overlay.is_none(),
        );
    }
    let width = if l.receipt.width >= 82 {
        j.receipt_width
    } else {
        32
    };
    let terms = crate::ui::receipt::sanbao_terms(loc, &app.env.policy.aftersale);
    let text = crate::ui::receipt::goods_receipt(job, &app.shop_name, &terms, loc, width);
    let title = match &j.receipt_files {
        Some(_) => format!(
            " {} · {} ",
            loc.t("desk.receipt"),
            loc.t("desk.receipt_saved")
        ),
        None => format!(" {} ", loc.t("desk.receipt")),
    };
    frame.render_widget(
        Paragraph::new(text).block(Block::bordered().title(title).border_style(theme::border())),
        l.receipt,
    );
}

pub fn hit_job(app: &App, body: Rect, j: &JobState, column: u16, row: u16) -> Option<Action> {
    let l = job_layout(body);
    if row == l.moves.y {
        let rects = widgets::button_rects(l.moves, &move_texts(app, j));
        return rects
            .iter()
            .position(|r| widgets::contains(*r, column, row))
            .map(|i| Action::Pick {
                zone: 0,
                index: i as u16,
            });
    }
    if row == l.invoice.y && j.wants_invoice() {
        return Some(Action::Pick { zone: 1, index: 0 });
    }
    None
}
