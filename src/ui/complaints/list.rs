//! The open complaints: overdue first, with the time left on each.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState};

use super::{after_limits_text, button, left_text};
use crate::app::complaints::list::{BUTTONS, ListState};
use crate::app::{Action, App};
use crate::export::complaints::name;
use crate::ui::theme;
use crate::ui::widgets::{self, styled};

struct ListLayout {
    head: Rect,
    table: Rect,
    buttons: Rect,
}

fn layout(body: Rect) -> ListLayout {
    let [head, table, buttons] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(body);
    ListLayout {
        head,
        table,
        buttons,
    }
}

/// The rows area inside the table's border, below its header.
fn rows_area(table: Rect) -> Rect {
    let inner = Block::bordered().inner(table);
    Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    }
}

fn button_texts(app: &App) -> Vec<String> {
    let keys = [
        "complaints.button.new",
        "complaints.button.counter",
        "complaints.button.survey",
        "complaints.button.registers",
        "complaints.button.stats",
    ];
    let n = if app.is_manager() { 5 } else { 4 };
    keys.iter()
        .zip(BUTTONS)
        .take(n)
        .map(|(k, a)| button(app, k, a))
        .collect()
}

const WIDTHS: [u16; 7] = [12, 3, 11, 8, 13, 10, 8];

/// The first row shown, so that the selection stays in view.
fn offset(selected: usize, height: u16) -> usize {
    selected.saturating_sub(height.saturating_sub(1) as usize)
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, s: &ListState) {
    let loc = &app.env.locale;
    let l = layout(body);
    let overdue = s.overdue(app);
    let mut head = vec![styled(
        format!(
            " {} ",
            loc.f("complaints.list.title", &[("n", &s.rows.len().to_string())])
        ),
        theme::title(),
    )];
    if overdue > 0 {
        head.push(styled(
            loc.f("complaints.list.overdue", &[("n", &overdue.to_string())]),
            theme::error(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(head)), l.head);
    let limits = app.env.policy.service.complaints.limits;
    let rows: Vec<Row> = s
        .rows
        .iter()
        .map(|c| {
            let running = limits.running(&c.timing(), s.now);
            let left = match &running {
                Some(r) => left_text(app, r),
                None => after_limits_text(app, c),
            };
            let mut marks = String::new();
            if c.urgent() {
                marks.push_str(app.t("complaints.mark.urgent"));
            }
            if c.major {
                marks.push_str(app.t("complaints.mark.major"));
            }
            let style = match running {
                Some(r) if r.overdue() => theme::error(),
                _ if c.urgent() || c.major => theme::warn(),
                _ => ratatui::style::Style::default(),
            };
            Row::new(vec![
                left,
                marks,
                c.no.clone(),
                c.customer_name.clone(),
                name(loc, "complaints.category", &c.category),
                name(loc, "complaints.department", &c.department),
                name(loc, "complaints.state", c.state.id()),
            ])
            .style(style)
        })
        .collect();
    let header = Row::new(
        [
            "complaints.col.left",
            "complaints.col.mark",
            "complaints.col.no",
            "complaints.col.customer",
            "complaints.col.category",
            "complaints.col.department",
            "complaints.col.state",
        ]
        .map(|k| loc.t(k).to_string()),
    )
    .style(theme::dim());
    let block = Block::bordered().border_style(theme::focus_border());
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new({
                let ctx = app.contexts();
                let key = |a| app.env.keymap.key_for(&ctx, a).unwrap_or_default();
                loc.f(
                    "complaints.list.none",
                    &[
                        ("add", &key(Action::Add)),
                        ("counter", &key(Action::Counter)),
                    ],
                )
            })
            .style(theme::dim())
            .block(block),
            l.table,
        );
    } else {
        let table = Table::new(rows, WIDTHS.map(Constraint::Length))
            .header(header)
            .row_highlight_style(theme::selected())
            .block(block);
        let visible = rows_area(l.table).height;
        let mut state = TableState::default()
            .with_selected(Some(s.selected))
            .with_offset(offset(s.selected, visible));
        frame.render_stateful_widget(table, l.table, &mut state);
    }
    widgets::buttons(frame, l.buttons, &button_texts(app), None);
}

pub fn hit(app: &App, body: Rect, s: &ListState, column: u16, row: u16) -> Option<Action> {
    let l = layout(body);
    if row == l.buttons.y {
        return widgets::button_rects(l.buttons, &button_texts(app))
            .iter()
            .position(|r| widgets::contains(*r, column, row))
            .map(|i| Action::Pick {
                zone: 1,
                index: i as u16,
            });
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
