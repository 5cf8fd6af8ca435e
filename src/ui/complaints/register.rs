//! The three registers: tabs, the filters in two rows, the table, and the
//! buttons (export, add an opinion, keep a suggestion).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState};

use super::button;
use crate::app::complaints::fields::{FieldTap, Fields, Value};
use crate::app::complaints::register::{BUTTONS, RegisterKind, RegisterState, Tap};
use crate::app::{Action, App, HitMap};
use crate::ui::theme;
use crate::ui::widgets::{self, styled, width};

/// The filters in rows: (field index, value width).
const FILTER_ROWS: [&[(usize, u16)]; 2] =
    [&[(0, 11), (1, 11), (4, 14)], &[(2, 16), (3, 14), (5, 12)]];

pub struct RegisterLayout {
    pub tabs: Rect,
    pub filters: [Rect; 2],
    pub table: Rect,
    pub buttons: Rect,
}

pub fn layout(body: Rect) -> RegisterLayout {
    let [tabs, f1, f2, table, buttons] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(body);
    RegisterLayout {
        tabs,
        filters: [f1, f2],
        table,
        buttons,
    }
}

/// Each filter's label and value rectangles.
pub fn filter_rects(
    rows: [Rect; 2],
    f: &Fields,
    grid: &[&[(usize, u16)]],
) -> Vec<(usize, Rect, Rect)> {
    let mut out = Vec::new();
    for (r, cells) in rows.iter().zip(grid) {
        let mut x = r.x + 1;
        for (i, vw) in cells.iter() {
            let Some(fld) = f.items.get(*i) else { continue };
            let lw = width(&fld.label) + 1;
            let label = Rect::new(x, r.y, lw.min(r.right().saturating_sub(x)), 1);
            x += lw;
            let value = Rect::new(x, r.y, (*vw).min(r.right().saturating_sub(x)), 1);
            x += vw + 2;
            out.push((*i, label, value));
        }
    }
    out
}

/// Draws filters as a grid; the focused one is marked when the table is not.
pub fn draw_filters(
    frame: &mut Frame,
    rows: [Rect; 2],
    app: &App,
    f: &Fields,
    grid: &[&[(usize, u16)]],
    active: bool,
) {
    for (i, label, value) in filter_rects(rows, f, grid) {
        let fld = &f.items[i];
        let focused = active && f.focus == i;
        let ls = if fld.error.is_some() {
            theme::error()
        } else if focused {
            theme::focus_border()
        } else {
            theme::dim()
        };
        frame.render_widget(Paragraph::new(styled(fld.label.clone(), ls)), label);
        let vs = if focused {
            theme::input_focused()
        } else {
            theme::input()
        };
        match &fld.value {
            Value::Text(t) if focused => widgets::input(frame, value, t, app.overlay.is_none()),
            Value::Text(t) => frame.render_widget(
                Paragraph::new(widgets::fit(&t.shown(), value.width as usize)).style(vs),
                value,
            ),
            Value::Choice { options, at } => {
                let shown = options.get(*at).map(|(_, l)| l.as_str()).unwrap_or("");
                frame.render_widget(
                    Paragraph::new(widgets::fit(&format!("‹{shown}›"), value.width as usize))
                        .style(vs),
                    value,
                );
            }
            Value::Score(_) => {}
        }
    }
}

/// The first filter error, to show on the tabs row.
pub fn filter_error(f: &Fields) -> Option<String> {
    f.first_error().map(|(l, e)| format!("← {l}: {e}"))
}

pub fn draw_tabs(
    frame: &mut Frame,
    area: Rect,
    titles: &[String],
    at: usize,
    note: Option<String>,
) {
    let mut spans = vec![Span::raw(" ")];
    for (i, t) in titles.iter().enumerate() {
        let style = if i == at {
            theme::selected()
        } else {
            theme::key()
        };
        spans.push(styled(format!(" {t} "), style));
        spans.push(Span::raw(" "));
    }
    if let Some(n) = note {
        spans.push(styled(n, theme::error()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Where each tab is drawn, for taps.
pub fn tab_rects(area: Rect, titles: &[String]) -> Vec<Rect> {
    let mut x = area.x + 1;
    let mut out = Vec::new();
    for t in titles {
        let w = width(t) + 2;
        out.push(Rect::new(
            x,
            area.y,
            w.min(area.right().saturating_sub(x)),
            1,
        ));
        x += w + 1;
    }
    out
}

/// Records the filters drawn: a tap focuses one (again: changes a choice).
pub fn record_filter_taps(
    rows: [Rect; 2],
    f: &Fields,
    grid: &[&[(usize, u16)]],
    hits: &mut HitMap,
) {
    for (i, label, value) in filter_rects(rows, f, grid) {
        hits.add(label, FieldTap::Field(i));
        hits.add(value, FieldTap::Field(i));
    }
}

fn tab_titles(app: &App) -> Vec<String> {
    RegisterKind::ALL
        .iter()
        .map(|k| {
            app.t(&format!("complaints.register.{}", k.id()))
                .to_string()
        })
        .collect()
}

/// The buttons shown in this register, with their actions.
fn buttons(app: &App, s: &RegisterState) -> Vec<(String, Action)> {
    let labels = [
        "complaints.button.export",
        "complaints.button.add_opinion",
        "complaints.button.keep",
    ];
    let n = if s.kind == RegisterKind::Opinions {
        3
    } else {
        1
    };
    labels
        .iter()
        .zip(BUTTONS)
        .take(n)
        .map(|(k, a)| (button(app, k, a), a))
        .collect()
}

fn rows_area(table: Rect) -> Rect {
    let inner = Block::bordered().inner(table);
    Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    }
}

fn offset(selected: usize, height: u16) -> usize {
    selected.saturating_sub(height.saturating_sub(1) as usize)
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, s: &RegisterState, hits: &mut HitMap) {
    let l = layout(body);
    let at = RegisterKind::ALL
        .iter()
        .position(|k| *k == s.kind)
        .unwrap_or(0);
    let titles = tab_titles(app);
    draw_tabs(frame, l.tabs, &titles, at, filter_error(&s.filters));
    for (i, r) in tab_rects(l.tabs, &titles).into_iter().enumerate() {
        hits.add(r, Tap::Tab(i));
    }
    draw_filters(
        frame,
        l.filters,
        app,
        &s.filters,
        &FILTER_ROWS,
        !s.table_focus,
    );
    record_filter_taps(l.filters, &s.filters, &FILTER_ROWS, hits);
    draw_table(frame, l.table, app, s, hits);
    let buttons = buttons(app, s);
    let texts: Vec<String> = buttons.iter().map(|(t, _)| t.clone()).collect();
    widgets::buttons(frame, l.buttons, &texts, None);
    for (r, (_, a)) in widgets::button_rects(l.buttons, &texts)
        .into_iter()
        .zip(buttons)
    {
        hits.add(r, a);
    }
}

/// The register's rows, the columns of its kind; on a wide screen every
/// column grows in proportion. A tap selects a row (again: opens it).
fn draw_table(frame: &mut Frame, area: Rect, app: &App, s: &RegisterState, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let cols = s.kind.shown();
    // On a wide screen every column grows in proportion.
    let wide = area.width >= 100;
    let widths: Vec<Constraint> = cols
        .iter()
        .map(|(_, w)| match (*w, wide) {
            (0, false) => Constraint::Min(8),
            (0, true) => Constraint::Fill(20),
            (w, true) => Constraint::Fill(w),
            (w, false) => Constraint::Length(w),
        })
        .collect();
    let header = Row::new(
        cols.iter()
            .map(|(c, _)| s.header_of(*c).to_string())
            .collect::<Vec<_>>(),
    )
    .style(theme::dim());
    let rows: Vec<Row> = s
        .table
        .rows
        .iter()
        .map(|r| {
            Row::new(
                cols.iter()
                    .map(|(c, _)| s.cell(r, *c).to_string())
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let title = loc.f(
        "complaints.register.count",
        &[("n", &s.table.rows.len().to_string())],
    );
    let block = Block::bordered()
        .title(format!(" {title} "))
        .border_style(if s.table_focus {
            theme::focus_border()
        } else {
            theme::border()
        });
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(loc.t("complaints.register.none"))
                .style(theme::dim())
                .block(block),
            area,
        );
    } else {
        let visible = rows_area(area).height;
        let mut state = TableState::default()
            .with_selected(Some(s.selected))
            .with_offset(offset(s.selected, visible));
        frame.render_stateful_widget(
            Table::new(rows, widths)
                .header(header)
                .row_highlight_style(if s.table_focus {
                    theme::selected()
                } else {
                    theme::selected_dim()
                })
                .block(block),
            area,
            &mut state,
        );
        let first = offset(s.selected, visible);
        let area = rows_area(area);
        for k in 0..area
            .height
            .min(s.table.rows.len().saturating_sub(first) as u16)
        {
            hits.add(
                Rect::new(area.x, area.y + k, area.width, 1),
                Tap::Row(first + k as usize),
            );
        }
    }
}
