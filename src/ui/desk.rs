//! The after-sale desk: the repair register and the care jobs; one job's
//! page with its moves and its goods receipt.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Table, TableState, Wrap};

use super::table::{self, Column};
use super::theme;
use super::widgets::{self, button_text, pad, styled};
use crate::app::desk::job::Tap as JobTap;
use crate::app::desk::{DeskState, JobState, Tab, Tap};
use crate::app::{App, HitMap};
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

pub fn draw(frame: &mut Frame, body: Rect, app: &App, d: &DeskState, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let l = layout(body);
    let texts = tab_texts(app, d);
    let focus = Tab::ALL.iter().position(|t| *t == d.tab);
    widgets::buttons(frame, l.tabs, &texts, focus);
    // Values people act on (job number, phone, promised day, fee) stay
    // whole; a narrow window leaves the item out before it cuts them.
    let room = l.table.width.saturating_sub(2);
    let laid = match d.tab {
        Tab::Repairs | Tab::Register => repair_table(app, d, room),
        Tab::Care => care_table(app, d, room),
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
    let first = offset(d.selected, inner_rows);
    let mut state = TableState::default()
        .with_selected((!empty).then_some(d.selected))
        .with_offset(first);
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
    record_taps(&l, &texts, first, d.rows(), hits);
}

/// The tabs, and each row shown below the table's header.
fn record_taps(l: &DeskLayout, tabs: &[String], first: usize, rows: usize, hits: &mut HitMap) {
    for (i, r) in widgets::button_rects(l.tabs, tabs).into_iter().enumerate() {
        hits.add(r, Tap::Tab(i));
    }
    let inner = Block::bordered().inner(l.table);
    for n in 0..inner.height.saturating_sub(1) {
        let row = first + n as usize;
        if row >= rows {
            break;
        }
        hits.add(
            Rect::new(inner.x, inner.y + 1 + n, inner.width, 1),
            Tap::Row(row),
        );
    }
}

/// The repairs or the register: job number, state, customer, phone, item,
/// promised day, fee.
fn repair_table(app: &App, d: &DeskState, room: u16) -> table::Laid {
    let loc = &app.env.locale;
    let today = app.today();
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

/// The care jobs: number, kind, customer, item, stage.
fn care_table(app: &App, d: &DeskState, room: u16) -> table::Laid {
    let loc = &app.env.locale;
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

pub fn draw_job(frame: &mut Frame, body: Rect, app: &App, j: &JobState, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let l = job_layout(body);
    frame.render_widget(
        Paragraph::new(job_lines(app, j))
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
        let texts = move_texts(app, j);
        widgets::buttons(frame, l.moves, &texts, focus);
        for (i, r) in widgets::button_rects(l.moves, &texts)
            .into_iter()
            .enumerate()
        {
            hits.add(r, JobTap::Move(i));
        }
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
        hits.add(l.invoice, JobTap::Invoice);
    }
    draw_receipt(frame, l.receipt, app, j);
}

/// The job's facts, its "1+5" and its history, as lines.
fn job_lines(app: &App, j: &JobState) -> Vec<Line<'static>> {
    let loc = &app.env.locale;
    let job = &j.job;
    let i = &job.intake;
    let mut lines: Vec<Line> = Vec::new();
    let overdue = repair::is_overdue(&job.state, Some(i.promised_on), app.today());
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
    // A word from the locale, or nothing for an empty code.
    let word = |prefix: &str, code: &str| {
        if code.is_empty() {
            String::new()
        } else {
            loc.t(&format!("{prefix}.{code}")).to_string()
        }
    };
    lines.push(fact(
        loc.t("receipt.customer"),
        format!("{}  {}", i.contact_name, mask_phone(&i.contact_phone)),
    ));
    lines.push(fact(
        loc.t("receipt.item"),
        format!("{} {}", i.style_no, i.item).trim().to_string(),
    ));
    lines.push(fact(
        loc.t("receipt.category"),
        word("category", &i.category),
    ));
    lines.push(fact(
        loc.t("receipt.bought"),
        i.purchased_on.map(|d| d.to_string()).unwrap_or_default(),
    ));
    lines.push(fact(
        loc.t("receipt.problem"),
        format!("{} {}", word("problem", &i.problem), i.symptoms),
    ));
    lines.push(fact(loc.t("receipt.received"), i.received_on.to_string()));
    lines.push(fact(loc.t("receipt.promised"), i.promised_on.to_string()));
    lines.push(fact(
        loc.t("receipt.decision"),
        format!("{} ({})", word("decision", &i.decision), i.rules),
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
            crate::app::form::local_time(&e.at),
            pad(loc.t(&format!("repair_state.{}", e.state)), 10),
            e.staff.as_deref().unwrap_or("")
        )));
    }
    lines
}

/// The goods receipt as it will print, 80 or 32 columns wide.
fn draw_receipt(frame: &mut Frame, area: Rect, app: &App, j: &JobState) {
    let loc = &app.env.locale;
    let width = if area.width >= 82 {
        j.receipt_width
    } else {
        32
    };
    let terms = crate::ui::receipt::sanbao_terms(loc, &app.env.policy.aftersale);
    let text = crate::ui::receipt::goods_receipt(&j.job, &app.shop_name, &terms, loc, width);
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
        area,
    );
}
