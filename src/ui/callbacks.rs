//! The callbacks screen: tabs (tasks, contact log), filters, the list in
//! sections (overdue, today, coming); the reassign picker; the work form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{
    Block, Clear, List, ListItem, ListState, Paragraph, Row, Table, TableState,
};

use super::theme;
use super::widgets::{self, button_text, styled};
use crate::app::callbacks::work::WorkForm;
use crate::app::callbacks::{ListState as Callbacks, Tab, View};
use crate::app::{Action, App};
use crate::domain::customer::mask_phone;
use crate::domain::tasks::{Bucket, PURCHASE_CALLBACK, bucket};

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

fn key(app: &App, a: Action) -> Option<String> {
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

pub fn draw(frame: &mut Frame, body: Rect, app: &App, v: &View) {
    match v {
        View::List(s) => draw_list(frame, body, app, s),
        View::Work(w) => draw_work(frame, body, app, w),
    }
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

fn draw_list(frame: &mut Frame, body: Rect, app: &App, s: &Callbacks) {
    let loc = &app.env.locale;
    let today = app.today();
    let a = areas(body);
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
    let manager = app.is_manager();
    let (header, rows, widths): (Row, Vec<Row>, Vec<Constraint>) = match s.tab {
        Tab::Tasks => {
            let mut last = None;
            let rows = s
                .tasks
                .iter()
                .map(|t| {
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
                    let due = match &t.due_time {
                        Some(time) => format!("{} {time}", t.due_on.format("%m-%d")),
                        None => t.due_on.format("%m-%d").to_string(),
                    };
                    let mut cells = vec![
                        section,
                        due,
                        super::task_note::kind_text(app, &t.kind, &t.source),
                        format!("{} {}", t.customer, mask_phone(&t.phone)),
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
                    let row = Row::new(cells);
                    if b == Bucket::Overdue {
                        row.style(theme::warn())
                    } else {
                        row
                    }
                })
                .collect();
            let mut head = vec![
                "",
                loc.t("tasks.col_due"),
                loc.t("tasks.col_kind"),
                loc.t("tasks.col_customer"),
            ];
            let mut widths = vec![
                Constraint::Length(8),
                Constraint::Length(11),
                Constraint::Length(18),
                Constraint::Length(26),
            ];
            if manager {
                head.push(loc.t("tasks.col_staff"));
                widths.push(Constraint::Length(10));
            }
            head.push(loc.t("tasks.col_note"));
            widths.push(Constraint::Min(10));
            (Row::new(head), rows, widths)
        }
        Tab::Log => {
            // Each column as wide as its longest word on show, within bounds.
            let fit = |head: &str, words: Vec<String>, most: u16| -> Constraint {
                let w = words
                    .iter()
                    .map(|w| crate::ui::widgets::width(w))
                    .chain([crate::ui::widgets::width(head)])
                    .max()
                    .unwrap_or(8);
                Constraint::Length(w.min(most))
            };
            let kinds = fit(
                loc.t("tasks.col_kind"),
                s.log
                    .iter()
                    .map(|c| crate::app::callbacks::word(app, "kind", &c.kind))
                    .collect(),
                24,
            );
            let outcomes = fit(
                loc.t("tasks.col_outcome"),
                s.log
                    .iter()
                    .map(|c| crate::app::callbacks::word(app, "outcome", &c.outcome))
                    .collect(),
                16,
            );
            let names = fit(
                loc.t("tasks.col_customer"),
                s.log.iter().map(|c| c.customer.clone()).collect(),
                14,
            );
            (
                Row::new([
                    loc.t("tasks.col_at"),
                    loc.t("tasks.col_kind"),
                    loc.t("tasks.col_outcome"),
                    loc.t("tasks.col_customer"),
                    loc.t("tasks.col_note"),
                ]),
                s.log
                    .iter()
                    .map(|c| {
                        Row::new([
                            crate::app::callbacks::local_time(&c.at),
                            crate::app::callbacks::word(app, "kind", &c.kind),
                            crate::app::callbacks::word(app, "outcome", &c.outcome),
                            c.customer.clone(),
                            c.note.clone(),
                        ])
                    })
                    .collect(),
                vec![
                    Constraint::Length(16),
                    kinds,
                    outcomes,
                    names,
                    Constraint::Min(10),
                ],
            )
        }
    };
    if rows.is_empty() {
        let empty = match s.tab {
            Tab::Tasks => loc.t("tasks.none"),
            Tab::Log => loc.t("tasks.no_contacts"),
        };
        frame.render_widget(Paragraph::new(empty).style(theme::dim()), a.table);
    } else {
        let mut state = TableState::default()
            .with_selected(Some(s.selected))
            .with_offset(offset(s.selected, a.table.height.saturating_sub(1)));
        frame.render_stateful_widget(
            Table::new(rows, widths)
                .header(header.style(theme::dim()))
                .row_highlight_style(theme::selected()),
            a.table,
            &mut state,
        );
    }
    if let Some(p) = &s.picker {
        let area = picker_area(body, p.staff.len());
        frame.render_widget(Clear, area);
        let block = Block::bordered()
            .title(styled(
                format!(" {} ", loc.t("tasks.reassign_title")),
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
    }
}

fn picker_area(body: Rect, n: usize) -> Rect {
    widgets::centered(body, 30, (n as u16 + 2).min(body.height))
}

/// The kinds whose work form says how the contact is made (`tasks.how.<kind>`):
/// the top spender's flower visit, the periodic revisits, the thank-you letter.
const GUIDED: [&str; 4] = [
    "top_spender_visit",
    "season_revisit",
    "made_to_order_revisit",
    "thank_you_letter",
];

/// The rows of the work form: heading, fields, buttons.
fn work_areas(body: Rect, w: &WorkForm) -> (Rect, Rect, Rect) {
    // A miss-you message takes three more lines under the title; the how
    // of a guided kind two.
    let guided = if GUIDED.contains(&w.task.kind.as_str()) {
        2
    } else {
        0
    };
    let head = if w.message.is_some() { 6 } else { 3 } + guided;
    let [head, fields, _, buttons] = Layout::vertical([
        Constraint::Length(head),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(body);
    (head, fields, buttons)
}

fn work_buttons(app: &App, w: &WorkForm) -> Vec<String> {
    let loc = &app.env.locale;
    let mut v = vec![button_text(
        loc.t("tasks.save"),
        key(app, Action::Save).as_deref(),
    )];
    if w.task.kind == PURCHASE_CALLBACK {
        v.push(button_text(
            loc.t("tasks.survey"),
            key(app, Action::Survey).as_deref(),
        ));
    } else if w.message.is_some() {
        v.push(button_text(
            loc.t("tasks.copy_message"),
            key(app, Action::Send).as_deref(),
        ));
    }
    v.push(button_text(
        loc.t("tasks.cancel"),
        key(app, Action::Back).as_deref(),
    ));
    v
}

fn draw_work(frame: &mut Frame, body: Rect, app: &App, w: &WorkForm) {
    let loc = &app.env.locale;
    let t = &w.task;
    let (head, fields, buttons) = work_areas(body, w);
    let kind = super::task_note::kind_text(app, &t.kind, &t.source);
    let who = format!("{} {}", t.customer, mask_phone(&t.phone));
    let overdue = t.due_on < app.today();
    let due = loc.f(
        "tasks.work_due",
        &[
            ("due", &t.due_on.format("%Y-%m-%d").to_string()),
            ("staff", &t.staff),
            ("attempts", &t.attempts.to_string()),
        ],
    );
    let mut lines = vec![
        Line::from(styled(
            loc.f("tasks.work_title", &[("kind", &kind), ("customer", &who)]),
            theme::title(),
        )),
        Line::from(styled(
            due,
            if overdue { theme::warn() } else { theme::dim() },
        )),
    ];
    if GUIDED.contains(&t.kind.as_str()) {
        lines.push(Line::from(styled(
            loc.t(&format!("tasks.how.{}", t.kind)).to_string(),
            theme::key(),
        )));
    }
    let note = super::task_note::note_text(loc, &t.kind, &t.source, &t.note);
    if !note.is_empty() {
        lines.push(Line::from(styled(
            loc.f("tasks.work_note_was", &[("note", &note)]),
            theme::dim(),
        )));
    }
    if let Some(m) = &w.message {
        lines.push(Line::from(styled(
            loc.f("tasks.message", &[("text", m)]),
            theme::key(),
        )));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        head,
    );
    super::complaints::fields::draw(frame, fields, app, &w.fields, true);
    widgets::buttons(frame, buttons, &work_buttons(app, w), None);
}

pub fn hit(app: &App, body: Rect, v: &View, column: u16, row: u16) -> Option<Action> {
    match v {
        View::Work(w) => {
            let (_, fields, buttons) = work_areas(body, w);
            let texts = work_buttons(app, w);
            if let Some(i) = widgets::button_rects(buttons, &texts)
                .iter()
                .position(|r| widgets::contains(*r, column, row))
            {
                // Without the survey button, the second is cancel.
                let index = if texts.len() == 2 && i == 1 { 2 } else { i };
                return Some(Action::Pick {
                    zone: 1,
                    index: index as u16,
                });
            }
            super::complaints::fields::hit(fields, &w.fields, column, row)
        }
        View::List(s) => {
            if let Some(p) = &s.picker {
                let area = Block::bordered().inner(picker_area(body, p.staff.len()));
                return widgets::contains(area, column, row).then(|| Action::Pick {
                    zone: 9,
                    index: row - area.y,
                });
            }
            let a = areas(body);
            if let Some(i) = widgets::button_rects(a.tabs, &tab_texts(app, s))
                .iter()
                .position(|r| widgets::contains(*r, column, row))
            {
                return Some(Action::Pick {
                    zone: 0,
                    index: i as u16,
                });
            }
            let acts = filter_actions(s);
            if let Some(i) = widgets::button_rects(a.filters, &filter_texts(app, s))
                .iter()
                .position(|r| widgets::contains(*r, column, row))
            {
                return acts.get(i).copied();
            }
            // The table's first row is its header.
            if widgets::contains(a.table, column, row) && row > a.table.y {
                let index = offset(s.selected, a.table.height.saturating_sub(1))
                    + (row - a.table.y - 1) as usize;
                return Some(Action::Pick {
                    zone: 1,
                    index: index as u16,
                });
            }
            None
        }
    }
}

pub fn hint_actions(v: &View) -> Vec<Action> {
    match v {
        View::List(_) => vec![
            Action::Select,
            Action::NextTab,
            Action::FilterKind,
            Action::Back,
        ],
        View::Work(w) if w.message.is_some() => vec![
            Action::Save,
            Action::Send,
            Action::NextFocus,
            Action::Toggle,
            Action::Back,
        ],
        View::Work(_) => vec![
            Action::Save,
            Action::NextFocus,
            Action::Toggle,
            Action::Back,
        ],
    }
}
