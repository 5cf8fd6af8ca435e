//! The staff board: the month and its buttons, the contest's rule, a table
//! sortable by any column, a bar chart of the sorted column and, on a wide
//! screen, each associate's contacts by group beside it. A narrow
//! screen shows the half of the table (contacts, or files and visits) that
//! holds the sorted column.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph};

use super::theme;
use super::widgets::{self, button_text, fit, pad, styled, width};
use crate::app::HitMap;
use crate::app::board::{BoardState, Tap};
use crate::app::{Action, App};
use crate::domain::board::{BoardRow, Column, Half};

/// Columns of a name on the board.
const NAME_W: u16 = 12;

pub struct BoardLayout {
    pub buttons: Vec<Rect>,
    pub month: Rect,
    pub rule: Rect,
    pub table: Rect,
    /// Inside the table's border: the header row, then the rows.
    pub inner: Rect,
    pub chart: Rect,
    /// Contacts by group, on a wide screen.
    pub groups: Option<Rect>,
    /// The columns shown: index into `Column::ALL`, x and width.
    pub columns: Vec<(usize, u16, u16)>,
    /// The first row shown (the selection stays in view).
    pub offset: usize,
}

fn header(app: &App, c: Column) -> String {
    app.t(&format!("board.col.{}", c.id())).to_string()
}

fn column_width(app: &App, c: Column) -> u16 {
    match c {
        Column::Name => NAME_W,
        _ => (width(&header(app, c)) + 1).max(5),
    }
}

fn month_buttons(app: &App) -> Vec<String> {
    let ctx = app.contexts();
    let key = |a| app.env.keymap.key_for(&ctx, a);
    vec![
        button_text(app.t("board.prev"), key(Action::PrevMonth).as_deref()),
        button_text(app.t("board.next"), key(Action::NextMonth).as_deref()),
    ]
}

pub fn layout(app: &App, body: Rect, s: &BoardState) -> BoardLayout {
    let [top, rule, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(4),
    ])
    .areas(body);
    let wanted = s.rows.len() as u16 + 3;
    let room = rest.height.saturating_sub(6).max(4);
    let [table, below] =
        Layout::vertical([Constraint::Length(wanted.min(room)), Constraint::Min(0)]).areas(rest);
    let (chart, groups) = if below.width >= 120 && below.height >= 12 {
        let [l, r] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(below);
        let [l, _] = Layout::vertical([
            Constraint::Max(wanted.saturating_sub(1).max(3)),
            Constraint::Min(0),
        ])
        .areas(l);
        let [r, _] = Layout::vertical([Constraint::Max(16), Constraint::Min(0)]).areas(r);
        (l, Some(r))
    } else {
        let [c, _] = Layout::vertical([
            Constraint::Max(wanted.saturating_sub(1).max(3)),
            Constraint::Min(0),
        ])
        .areas(below);
        (c, None)
    };
    let inner = Block::bordered().inner(table);
    // All the columns when they fit; else the name and the sorted half.
    let all: Vec<usize> = (0..Column::ALL.len()).collect();
    let total: u16 = all
        .iter()
        .map(|i| column_width(app, Column::ALL[*i]) + 1)
        .sum();
    let half = s.sort_column().half();
    let shown: Vec<usize> = if total <= inner.width {
        all
    } else {
        all.into_iter()
            .filter(|i| {
                let c = Column::ALL[*i];
                c == Column::Name || c.half() == half
            })
            .collect()
    };
    let mut x = inner.x;
    let mut columns = Vec::new();
    for i in shown {
        let w = column_width(app, Column::ALL[i]);
        if x + w > inner.right() {
            break;
        }
        columns.push((i, x, w));
        x += w + 1;
    }
    let buttons = widgets::button_rects(top, &month_buttons(app));
    let after = buttons.last().map(|r| r.right() + 2).unwrap_or(top.x);
    let month = Rect::new(
        after.min(top.right()),
        top.y,
        top.right().saturating_sub(after),
        1,
    );
    let visible = inner.height.saturating_sub(1) as usize;
    BoardLayout {
        buttons,
        month,
        rule,
        table,
        inner,
        chart,
        groups,
        columns,
        offset: s.selected.saturating_sub(visible.saturating_sub(1)),
    }
}

/// The month as the shop says it: "November 2026", "2026年11月".
pub fn month_name(app: &App, s: &BoardState) -> String {
    let m = s.month;
    app.env.locale.f(
        "board.month",
        &[
            ("name", &m.format("%B").to_string()),
            ("year", &m.format("%Y").to_string()),
            ("month", &m.format("%-m").to_string()),
        ],
    )
}

fn cell(app: &App, c: Column, r: &BoardRow) -> String {
    match c {
        Column::Name => r.name.clone(),
        Column::Bonus if r.quality.bonus_vetoed => app.t("board.quality.bonus_vetoed").to_string(),
        Column::Bonus => app.t("board.quality.bonus_ok").to_string(),
        Column::Completeness | Column::Conversion | Column::AddOn => c
            .value(r)
            .map(|v| format!("{v}%"))
            .unwrap_or_else(|| "—".into()),
        _ => c
            .value(r)
            .map(|v| v.to_string())
            .unwrap_or_else(|| "—".into()),
    }
}

/// Right-aligned in `w` columns (numbers; wide characters counted).
fn right(s: &str, w: u16) -> String {
    let s = fit(s, w as usize);
    format!("{}{s}", " ".repeat((w.saturating_sub(width(&s))) as usize))
}

/// The column the chart shows: the sorted one, or the nearest with figures.
fn chart_column(c: Column) -> Column {
    match c {
        Column::Name => Column::Callbacks,
        Column::Rank => Column::Contest,
        c => c,
    }
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, s: &BoardState, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let l = layout(app, body, s);
    record_taps(&l, s, hits);
    widgets::buttons(frame, l.buttons[0], &month_buttons(app)[..1], None);
    if let Some(r) = l.buttons.get(1) {
        widgets::buttons(frame, *r, &month_buttons(app)[1..], None);
    }
    draw_top(frame, &l, app, s);
    let sorted = s.sort_column();
    let arrow = if s.reversed { "▲" } else { "▼" };
    let half = if l.columns.len() == Column::ALL.len() {
        loc.t("board.all_columns")
    } else {
        match sorted.half() {
            Half::Contacts => loc.t("board.contacts_half"),
            Half::FilesVisits => loc.t("board.files_half"),
            Half::Quality => loc.t("board.quality.half"),
        }
    };
    let returns = super::visits::returns_line(
        loc,
        &app.env.policy.figures,
        s.rows.iter().map(|r| r.returned).sum(),
        s.rows.iter().map(|r| r.refunded_fen).sum(),
    );
    frame.render_widget(
        Block::bordered()
            .title(format!(" {half} "))
            .title_bottom(styled(format!(" {returns} "), theme::dim()))
            .border_style(theme::focus_border()),
        l.table,
    );
    draw_headers(frame, &l, app, sorted, arrow);
    draw_rows(frame, &l, app, s);
    draw_chart(frame, l.chart, app, s);
    if let Some(g) = l.groups {
        draw_groups(frame, g, app, s);
    }
}

/// The month, whose board it is, and the rule of the figures.
fn draw_top(frame: &mut Frame, l: &BoardLayout, app: &App, s: &BoardState) {
    let loc = &app.env.locale;
    let title = if s.own_only {
        loc.t("board.title_own")
    } else {
        loc.t("board.title")
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            styled(month_name(app, s), theme::title()),
            Span::raw("  "),
            styled(title.to_string(), theme::dim()),
        ])),
        l.month,
    );
    let c = &app.env.policy.customers;
    let contest = app.env.policy.quality.contest_weights();
    let rule = loc.f(
        "board.rule",
        &[
            ("hard", &c.hard_weight_percent.to_string()),
            ("soft", &c.soft_weight_percent.to_string()),
            ("quantity", &contest.quantity.to_string()),
            ("quality", &contest.quality.to_string()),
        ],
    );
    frame.render_widget(Paragraph::new(styled(rule, theme::dim())), l.rule);
}

/// The columns' headers, the sorted one marked with its direction.
fn draw_headers(frame: &mut Frame, l: &BoardLayout, app: &App, sorted: Column, arrow: &str) {
    for (i, x, w) in &l.columns {
        let col = Column::ALL[*i];
        let mut h = header(app, col);
        let style = if col == sorted {
            h.push_str(arrow);
            theme::title()
        } else {
            theme::dim()
        };
        let text = if col == Column::Name {
            pad(&h, *w as usize)
        } else {
            right(&h, *w)
        };
        frame.render_widget(
            Paragraph::new(styled(text, style)),
            Rect::new(*x, l.inner.y, *w, 1),
        );
    }
}

/// One line per associate (or "nobody"), the picked one highlighted.
fn draw_rows(frame: &mut Frame, l: &BoardLayout, app: &App, s: &BoardState) {
    let loc = &app.env.locale;
    if s.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(styled(loc.t("board.nobody"), theme::dim())),
            Rect::new(l.inner.x, l.inner.y + 1, l.inner.width, 1),
        );
    }
    let visible = l.inner.height.saturating_sub(1) as usize;
    for (n, r) in s.rows.iter().enumerate().skip(l.offset).take(visible) {
        let y = l.inner.y + 1 + (n - l.offset) as u16;
        let line = Rect::new(l.inner.x, y, l.inner.width, 1);
        let style = if n == s.selected {
            theme::selected()
        } else {
            ratatui::style::Style::default()
        };
        let mut text = String::new();
        for (i, _, w) in &l.columns {
            let col = Column::ALL[*i];
            let v = cell(app, col, r);
            if col == Column::Name {
                text.push_str(&pad(&v, *w as usize));
            } else {
                text.push_str(&right(&v, *w));
            }
            text.push(' ');
        }
        frame.render_widget(Paragraph::new(text).style(style), line);
    }
}

/// Each associate's callbacks, greetings and thanks side by side.
fn draw_groups(frame: &mut Frame, area: Rect, app: &App, s: &BoardState) {
    let styles = [theme::warn(), theme::good(), theme::title()];
    let cols = [Column::Callbacks, Column::Greetings, Column::Thanks];
    let mut title = vec![Span::raw(" ")];
    for (c, st) in cols.iter().zip(styles) {
        title.push(styled(format!("█ {} ", header(app, *c)), st));
    }
    title.push(Span::raw(format!("· {} ", month_name(app, s))));
    let mut chart = BarChart::default()
        .block(
            Block::bordered()
                .title(Line::from(title))
                .border_style(theme::border()),
        )
        .bar_width(2)
        .bar_gap(0)
        .group_gap(2);
    for r in &s.rows {
        let bars: Vec<Bar> = cols
            .iter()
            .zip(styles)
            .map(|(c, st)| {
                Bar::default()
                    .value(c.value(r).unwrap_or(0).max(0) as u64)
                    .text_value(String::new())
                    .style(st)
            })
            .collect();
        chart = chart.data(
            BarGroup::default()
                .label(Line::from(fit(&r.name, 6)))
                .bars(&bars),
        );
    }
    frame.render_widget(chart, area);
}

fn draw_chart(frame: &mut Frame, area: Rect, app: &App, s: &BoardState) {
    if area.height < 3 {
        return;
    }
    let col = chart_column(s.sort_column());
    let bars: Vec<Bar> = s
        .rows
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let v = col.value(r);
            Bar::default()
                .label(Line::from(fit(&r.name, 8)))
                .value(v.unwrap_or(0).max(0) as u64)
                .text_value(cell(app, col, r))
                .style(if n == s.selected {
                    theme::good()
                } else {
                    theme::warn()
                })
        })
        .collect();
    let title = app.env.locale.f(
        "board.chart",
        &[
            ("column", &header(app, col)),
            ("month", &month_name(app, s)),
        ],
    );
    frame.render_widget(
        BarChart::default()
            .block(
                Block::bordered()
                    .title(format!(" {title} "))
                    .border_style(theme::border()),
            )
            .direction(Direction::Horizontal)
            .bar_width(1)
            .bar_gap(0)
            .data(BarGroup::default().bars(&bars)),
        area,
    );
}

/// What a tap lands on: a month button, a column header (sort), a row.
fn record_taps(l: &BoardLayout, s: &BoardState, hits: &mut HitMap) {
    for (i, r) in l.buttons.iter().enumerate() {
        hits.add(*r, Tap::Month(if i == 0 { -1 } else { 1 }));
    }
    for (i, x, w) in &l.columns {
        hits.add(Rect::new(*x, l.inner.y, *w, 1), Tap::Sort(*i));
    }
    let shown = s.rows.len().saturating_sub(l.offset);
    for n in 0..(l.inner.height.saturating_sub(1) as usize).min(shown) {
        let row = Rect::new(l.inner.x, l.inner.y + 1 + n as u16, l.inner.width, 1);
        hits.add(row, Tap::Row(l.offset + n));
    }
}
