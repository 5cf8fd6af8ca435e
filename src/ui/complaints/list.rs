//! The open complaints: overdue first, with the time left on each.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState};

use super::{after_limits_text, button, left_text};
use crate::app::complaints::list::{BUTTONS, ListState, Tap};
use crate::app::{Action, App, HitMap};
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

/// The buttons shown (the figures are the manager's), with their actions.
fn shown_buttons(app: &App) -> Vec<(String, Action)> {
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
        .map(|(k, a)| (button(app, k, a), a))
        .collect()
}

const WIDTHS: [u16; 7] = [13, 3, 11, 8, 12, 10, 8];

/// Fixed widths on 80 columns; on a wide screen the names share the rest.
fn widths(area: Rect) -> Vec<Constraint> {
    if area.width >= 100 {
        vec![
            Constraint::Length(13),
            Constraint::Length(3),
            Constraint::Length(11),
            Constraint::Fill(1),
            Constraint::Fill(2),
            Constraint::Fill(2),
            Constraint::Length(10),
        ]
    } else {
        WIDTHS.map(Constraint::Length).to_vec()
    }
}

/// The first row shown, so that the selection stays in view.
fn offset(selected: usize, height: u16) -> usize {
    selected.saturating_sub(height.saturating_sub(1) as usize)
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, s: &ListState, hits: &mut HitMap) {
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
    let rows = table_rows(app, s);
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
        let table = Table::new(rows, widths(l.table))
            .header(header)
            .row_highlight_style(theme::selected())
            .block(block);
        let visible = rows_area(l.table).height;
        let mut state = TableState::default()
            .with_selected(Some(s.selected))
            .with_offset(offset(s.selected, visible));
        frame.render_stateful_widget(table, l.table, &mut state);
        let area = rows_area(l.table);
        let first = offset(s.selected, area.height);
        for k in 0..area.height.min(s.rows.len().saturating_sub(first) as u16) {
            let row = Rect::new(area.x, area.y + k, area.width, 1);
            hits.add(row, Tap(first + k as usize));
        }
    }
    let buttons = shown_buttons(app);
    let texts: Vec<String> = buttons.iter().map(|(t, _)| t.clone()).collect();
    widgets::buttons(frame, l.buttons, &texts, None);
    for (r, (_, a)) in widgets::button_rects(l.buttons, &texts)
        .into_iter()
        .zip(buttons)
    {
        hits.add(r, a);
    }
}

/// One row a complaint: the time left (or what comes after), marks,
/// number, customer, category, department, state; late ones in red.
fn table_rows<'a>(app: &App, s: &ListState) -> Vec<Row<'a>> {
    let loc = &app.env.locale;
    let limits = app.env.policy.service.complaints.limits;
    let today = app.today();
    s.rows
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
            let revisit_late = c.revisited_at.is_none() && c.revisit_due.is_some_and(|d| d < today);
            let style = match running {
                Some(r) if r.overdue() => theme::error(),
                None if revisit_late => theme::warn(),
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
        .collect()
}
