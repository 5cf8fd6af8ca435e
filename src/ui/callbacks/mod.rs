//! The callbacks screen: tabs (tasks, contact log), filters, the list in
//! sections (a running campaign's group and the rest, each overdue, today,
//! coming); the reassign picker. The work form is drawn by [`work`].

mod work;

pub use work::draw_work;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{
    Block, Clear, List, ListItem, ListState, Paragraph, Row, Table, TableState,
};

use super::table::{self, Column};
use super::theme;
use super::widgets::{self, button_text, styled};
use crate::app::callbacks::{ListState as Callbacks, Tab, Tap};
use crate::app::{Action, App, HitMap};
use crate::domain::customer::mask_phone;
use crate::domain::tasks::{Bucket, bucket};

struct Areas {
    tabs: Rect,
    filters: Rect,
    table: Rect,
}

fn areas(body: Rect) -> Areas {
    let [tabs, filters, table] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
    ])
    .areas(body);
    Areas {
        tabs,
        filters,
        table,
    }
}

pub(super) fn key(app: &App, a: Action) -> Option<String> {
    app.env.keymap.key_for(&app.contexts(), a)
}

fn tab_texts(app: &App, s: &Callbacks) -> Vec<String> {
    let loc = &app.env.locale;
    vec![
        button_text(
            &format!("{} ({})", loc.t("tasks.tab_tasks"), s.counts.total()),
            None,
        ),
        button_text(
            &format!("{} ({})", loc.t("tasks.tab_log"), s.log_count),
            key(app, Action::NextTab).as_deref(),
        ),
    ]
}

fn filter_texts(app: &App, s: &Callbacks) -> Vec<String> {
    let loc = &app.env.locale;
    let kind = match s.kind() {
        Some(k) => crate::app::callbacks::word(app, "kind", k),
        None => loc.t("tasks.all_kinds").to_string(),
    };
    let mut v = Vec::new();
    if s.tab == Tab::Tasks {
        v.push(button_text(
            &loc.f("tasks.filter_kind", &[("kind", &kind)]),
            key(app, Action::FilterKind).as_deref(),
        ));
    }
    if !s.staff.is_empty() {
        let name = match s.staff_at.checked_sub(1) {
            Some(i) => s.staff[i].name.clone(),
            None if s.tab == Tab::Tasks => loc.t("tasks.all_staff").to_string(),
            None => app
                .user
                .as_ref()
                .map(|u| u.name.clone())
                .unwrap_or_default(),
        };
        v.push(button_text(
            &loc.f("tasks.filter_staff", &[("name", &name)]),
            key(app, Action::FilterStaff).as_deref(),
        ));
        if s.tab == Tab::Tasks {
            v.push(button_text(
                loc.t("tasks.reassign"),
                key(app, Action::Reassign).as_deref(),
            ));
        }
    }
    v
}

/// Which filter action each filter button stands for.
fn filter_actions(s: &Callbacks) -> Vec<Action> {
    let mut v = Vec::new();
    if s.tab == Tab::Tasks {
        v.push(Action::FilterKind);
    }
    if !s.staff.is_empty() {
        v.push(Action::FilterStaff);
        if s.tab == Tab::Tasks {
            v.push(Action::Reassign);
        }
    }
    v
}

fn offset(selected: usize, rows: u16) -> usize {
    selected.saturating_sub(rows.saturating_sub(1) as usize)
}

/// As many whole " · "-separated parts of `s` as fit in `room` columns: a
/// count is never cut mid-number.
fn whole_parts(s: &str, room: u16) -> String {
    let mut out = String::new();
    for part in s.split(" · ") {
        let next = if out.is_empty() {
            part.to_string()
        } else {
            format!("{out} · {part}")
        };
        if widgets::width(&next) > room {
            break;
        }
        out = next;
    }
    out
}

pub fn draw_list(frame: &mut Frame, body: Rect, app: &App, s: &Callbacks, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let a = areas(body);
    draw_buttons(frame, &a, app, s);
    let (header, rows, widths, lines) = match s.tab {
        Tab::Tasks => task_table(app, s, a.table.width),
        Tab::Log => log_table(app, s),
    };
    let shown = a.table.height.saturating_sub(1);
    let at = lines.iter().position(|l| *l == ListLine::Row(s.selected));
    let first = offset(at.unwrap_or(s.selected), shown);
    if rows.is_empty() {
        let empty = match s.tab {
            Tab::Tasks => loc.t("tasks.none"),
            Tab::Log => loc.t("tasks.no_contacts"),
        };
        frame.render_widget(Paragraph::new(empty).style(theme::dim()), a.table);
    } else {
        let mut state = TableState::default().with_selected(at).with_offset(first);
        frame.render_stateful_widget(
            Table::new(rows, widths)
                .header(header.style(theme::dim()))
                .row_highlight_style(theme::selected()),
            a.table,
            &mut state,
        );
    }
    // Each line on show below the header: a section's heading or a row.
    for (k, line) in lines.iter().skip(first).take(shown as usize).enumerate() {
        let area = Rect::new(a.table.x, a.table.y + 1 + k as u16, a.table.width, 1);
        match line {
            ListLine::Heading(text) => {
                frame.render_widget(Paragraph::new(styled(text.clone(), theme::title())), area)
            }
            ListLine::Row(i) if s.picker.is_none() => hits.add(area, Tap::Row(*i)),
            ListLine::Row(_) => {}
        }
    }
    match &s.picker {
        Some(p) => draw_picker(frame, body, app, p, hits),
        None => record_buttons(&a, app, s, hits),
    }
}

/// A line of the list: a section's heading, or the row of item `i`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ListLine {
    Heading(String),
    Row(usize),
}

/// The tabs, the filters and the counts beside them.
fn draw_buttons(frame: &mut Frame, a: &Areas, app: &App, s: &Callbacks) {
    let loc = &app.env.locale;
    let focus = Some(if s.tab == Tab::Tasks { 0 } else { 1 });
    widgets::buttons(frame, a.tabs, &tab_texts(app, s), focus);
    let filters = filter_texts(app, s);
    widgets::buttons(frame, a.filters, &filters, None);
    let used: u16 = widgets::button_rects(a.filters, &filters)
        .last()
        .map_or(a.filters.x, |r| r.right() + 1);
    let info = match s.tab {
        Tab::Tasks => loc.f(
            "tasks.counts",
            &[
                ("overdue", &s.counts.overdue.to_string()),
                ("today", &s.counts.today.to_string()),
                ("coming", &s.counts.coming.to_string()),
            ],
        ),
        Tab::Log => String::new(),
    };
    let info_area = Rect::new(used, a.filters.y, a.filters.right().saturating_sub(used), 1);
    frame.render_widget(
        Paragraph::new(styled(whole_parts(&info, info_area.width), theme::dim())),
        info_area,
    );
}

/// The tabs and the filter buttons as tap targets.
fn record_buttons(a: &Areas, app: &App, s: &Callbacks, hits: &mut HitMap) {
    for (i, r) in widgets::button_rects(a.tabs, &tab_texts(app, s))
        .into_iter()
        .enumerate()
    {
        hits.add(r, Tap::Tab(if i == 0 { Tab::Tasks } else { Tab::Log }));
    }
    let acts = filter_actions(s);
    for (r, act) in widgets::button_rects(a.filters, &filter_texts(app, s))
        .into_iter()
        .zip(acts)
    {
        hits.add(r, act);
    }
}

type TableParts = (
    Row<'static>,
    Vec<Row<'static>>,
    Vec<Constraint>,
    Vec<ListLine>,
);

/// The open tasks in sections. While a campaign runs, its group comes
/// first under the campaign's name and the rest under a heading of their
/// own; within each, overdue, today and coming are labelled where they start.
/// Laid out by `ui/table.rs`: the due day and the masked phone stay whole;
/// a narrow window drops the note and then who has the task before it cuts
/// either.
fn task_table(app: &App, s: &Callbacks, room: u16) -> TableParts {
    let loc = &app.env.locale;
    let today = app.today();
    let grouped = s.tasks.iter().any(|t| t.first);
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut last = None;
    let mut group = None;
    for (i, t) in s.tasks.iter().enumerate() {
        if grouped && group != Some(t.first) {
            group = Some(t.first);
            last = None;
            lines.push(ListLine::Heading(group_heading(app, s, t.first)));
            rows.push((Vec::new(), ratatui::style::Style::default()));
        }
        let b = bucket(t.due_on, today);
        let section = if last == Some(b) {
            String::new()
        } else {
            loc.t(match b {
                Bucket::Overdue => "tasks.overdue",
                Bucket::Today => "tasks.today",
                Bucket::Coming => "tasks.coming",
            })
            .to_string()
        };
        last = Some(b);
        let style = if b == Bucket::Overdue {
            theme::warn()
        } else {
            ratatui::style::Style::default()
        };
        rows.push((task_cells(app, s.manager, t, section), style));
        lines.push(ListLine::Row(i));
    }
    let mut columns = vec![
        Column::text("", 4, 4),
        Column::whole(loc.t("tasks.col_due"), 0),
        Column::text(loc.t("tasks.col_kind"), 2, 6),
        Column::text(loc.t("tasks.col_customer"), 1, 4).grow(),
        Column::whole(loc.t("tasks.col_phone"), 0),
    ];
    if s.manager {
        columns.push(Column::text(loc.t("tasks.col_staff"), 5, 4));
    }
    columns.push(Column::text(loc.t("tasks.col_note"), 6, 6).grow());
    let laid = table::lay_out(&columns, rows, room, 1, theme::dim());
    (laid.header, laid.rows, laid.widths, lines)
}

/// The heading of the campaign's group (`first`) or of the rest.
fn group_heading(app: &App, s: &Callbacks, first: bool) -> String {
    let loc = &app.env.locale;
    match (first, s.campaign) {
        (true, Some(kind)) => loc.f(
            "tasks.section_campaign",
            &[("campaign", loc.t(&format!("campaign.{}", kind.id())))],
        ),
        (true, None) => loc.t("tasks.section_first").to_string(),
        (false, _) => loc.t("tasks.section_rest").to_string(),
    }
}

/// One open task's cells: its section's label where one starts, due, kind,
/// customer, the masked phone, (for a manager) who has it, and the note.
fn task_cells(
    app: &App,
    manager: bool,
    t: &crate::store::tasks::OpenTask,
    section: String,
) -> Vec<String> {
    let loc = &app.env.locale;
    let due = match &t.due_time {
        Some(time) => format!("{} {time}", t.due_on.format("%m-%d")),
        None => t.due_on.format("%m-%d").to_string(),
    };
    let mut cells = vec![
        section,
        due,
        super::task_note::kind_text(app, &t.kind, &t.source),
        t.customer.clone(),
        mask_phone(&t.phone),
    ];
    if manager && t.staff.is_empty() {
        cells.push(loc.t("tasks.unassigned").to_string());
    } else if manager {
        cells.push(t.staff.clone());
    }
    let note = super::task_note::note_text(loc, &t.kind, &t.source, &t.note);
    let note = if t.attempts > 0 {
        format!(
            "{} {note}",
            loc.f("tasks.attempt", &[("n", &t.attempts.to_string())]),
        )
    } else {
        note
    };
    cells.push(note);
    cells
}

/// The contact log: each column as wide as its longest word on show, within bounds.
fn log_table(app: &App, s: &Callbacks) -> TableParts {
    let loc = &app.env.locale;
    let word = |table: &str, id: &str| crate::app::callbacks::word(app, table, id);
    let fit = |head: &str, words: Vec<String>, most: u16| -> Constraint {
        let w = words
            .iter()
            .map(|w| widgets::width(w))
            .chain([widgets::width(head)])
            .max()
            .unwrap_or(8);
        Constraint::Length(w.min(most))
    };
    let kinds = fit(
        loc.t("tasks.col_kind"),
        s.log.iter().map(|c| word("kind", &c.kind)).collect(),
        24,
    );
    let outcomes = fit(
        loc.t("tasks.col_outcome"),
        s.log.iter().map(|c| word("outcome", &c.outcome)).collect(),
        16,
    );
    let names = fit(
        loc.t("tasks.col_customer"),
        s.log.iter().map(|c| c.customer.clone()).collect(),
        14,
    );
    let header = Row::new(
        [
            "tasks.col_at",
            "tasks.col_kind",
            "tasks.col_outcome",
            "tasks.col_customer",
            "tasks.col_note",
        ]
        .map(|k| loc.t(k).to_string()),
    );
    let rows = s
        .log
        .iter()
        .map(|c| {
            Row::new([
                crate::app::callbacks::local_time(&c.at),
                word("kind", &c.kind),
                word("outcome", &c.outcome),
                c.customer.clone(),
                c.note.clone(),
            ])
        })
        .collect();
    let widths = vec![
        Constraint::Length(16),
        kinds,
        outcomes,
        names,
        Constraint::Min(10),
    ];
    (
        header,
        rows,
        widths,
        (0..s.log.len()).map(ListLine::Row).collect(),
    )
}

/// The reassign picker over the list: its associates are the only targets.
fn draw_picker(
    frame: &mut Frame,
    body: Rect,
    app: &App,
    p: &crate::app::callbacks::Picker,
    hits: &mut HitMap,
) {
    let area = picker_area(body, p.staff.len());
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .title(styled(
            format!(" {} ", app.t("tasks.reassign_title")),
            theme::title(),
        ))
        .border_style(theme::focus_border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let items: Vec<ListItem> = p
        .staff
        .iter()
        .map(|x| ListItem::new(x.name.clone()))
        .collect();
    let mut st = ListState::default().with_selected(Some(p.at));
    frame.render_stateful_widget(
        List::new(items).highlight_style(theme::selected()),
        inner,
        &mut st,
    );
    for i in 0..(inner.height as usize).min(p.staff.len()) {
        let row = Rect::new(inner.x, inner.y + i as u16, inner.width, 1);
        hits.add(row, Tap::Picked(i));
    }
}

fn picker_area(body: Rect, n: usize) -> Rect {
    widgets::centered(body, 30, (n as u16 + 2).min(body.height))
}
