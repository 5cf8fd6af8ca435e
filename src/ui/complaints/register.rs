//! The three registers: tabs, the filters in two rows, the table, and the
//! buttons (export, add an opinion, keep a suggestion).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState};

use super::button;
use crate::app::complaints::fields::{Fields, Value};
use crate::app::complaints::register::{BUTTONS, RegisterKind, RegisterState};
use crate::app::{Action, App};
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

/// The tab under a column, for taps.
pub fn tab_at(area: Rect, titles: &[String], column: u16) -> Option<u16> {
    let mut x = area.x + 1;
    for (i, t) in titles.iter().enumerate() {
        let w = width(t) + 2;
        if column >= x && column < x + w {
            return Some(i as u16);
        }
        x += w + 1;
    }
    None
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

fn button_texts(app: &App, s: &RegisterState) -> Vec<String> {
    let mut v = vec![button(app, "complaints.button.export", BUTTONS[0])];
    if s.kind == RegisterKind::Opinions {
        v.push(button(app, "complaints.button.add_opinion", BUTTONS[1]));
        v.push(button(app, "complaints.button.keep", BUTTONS[2]));
    }
    v
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

pub fn draw(frame: &mut Frame, body: Rect, app: &App, s: &RegisterState) {
    let loc = &app.env.locale;
    let l = layout(body);
    let at = RegisterKind::ALL
        .iter()
        .position(|k| *k == s.kind)
        .unwrap_or(0);
    draw_tabs(
        frame,
        l.tabs,
        &tab_titles(app),
        at,
        filter_error(&s.filters),
    );
    draw_filters(
        frame,
        l.filters,
        app,
        &s.filters,
        &FILTER_ROWS,
        !s.table_focus,
    );
    let cols = s.kind.shown();
    let widths: Vec<Constraint> = cols
        .iter()
        .map(|(_, w)| {
            if *w == 0 {
                Constraint::Min(8)
            } else {
                Constraint::Length(*w)
            }
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
            l.table,
        );
    } else {
        let visible = rows_area(l.table).height;
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
            l.table,
            &mut state,
        );
    }
    widgets::buttons(frame, l.buttons, &button_texts(app, s), None);
}

pub fn hit(app: &App, body: Rect, s: &RegisterState, column: u16, row: u16) -> Option<Action> {
    let l = layout(body);
    if row == l.tabs.y {
        return tab_at(l.tabs, &tab_titles(app), column)
            .map(|i| Action::Pick { zone: 2, index: i });
    }
    if row == l.buttons.y {
        return widgets::button_rects(l.buttons, &button_texts(app, s))
            .iter()
            .position(|r| widgets::contains(*r, column, row))
            .map(|i| Action::Pick {
                zone: 1,
                index: i as u16,
            });
    }
    for (i, label, value) in filter_rects(l.filters, &s.filters, &FILTER_ROWS) {
        if widgets::contains(label, column, row) || widgets::contains(value, column, row) {
            return Some(Action::Pick {
                zone: 4,
                index: i as u16,
            });
        }
    }
    let area = rows_area(l.table);
    if widgets::contains(area, column, row) {
        let i = offset(s.selected, area.height) + (row - area.y) as usize;
        return Some(Action::Pick {
            zone: 0,
            index: i as u16,
        });
    }
    None
}
