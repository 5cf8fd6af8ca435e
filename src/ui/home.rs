//! The home screen: three panes, each with its count and its top rows.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph};

use super::table::{self, Column};
use super::theme;
use super::widgets::{self, pad};
use crate::app::home::{HomeState, PANES, Tap};
use crate::app::{Action, App, HitMap};
use crate::domain::customer::mask_phone;

/// The three panes' rectangles: on a wide screen the callbacks across the
/// top (whole rows, phones and dates never cut) with greetings and repairs
/// side by side under them; stacked on 80×24.
pub fn pane_areas(body: Rect) -> [Rect; PANES] {
    if body.width >= 100 {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
        let [l, r] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(bottom);
        [top, l, r]
    } else {
        Layout::vertical([Constraint::Ratio(1, 3); 3]).areas(body)
    }
}

/// The visits strip on the first row of the body, and the panes under it.
pub fn split(body: Rect) -> (Rect, Rect) {
    let [strip, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(body);
    (strip, rest)
}

/// The strip's buttons, with their keys when they all fit in `room`
/// columns, else without (the help overlay still lists the keys). The
/// catalogue's button (managers) comes only where it fits beside the others
/// as they would be shown without it; `p` reaches it everywhere.
fn visit_buttons(app: &App, h: &HomeState, room: u16) -> Vec<(String, Action)> {
    let fits = |b: &[(String, Action)]| {
        b.iter()
            .map(|(t, _)| widgets::width(t) as usize + 2)
            .sum::<usize>()
            .saturating_sub(2)
            <= room as usize
    };
    let plain = fits(&strip_buttons(app, h, false, true));
    if app.is_manager() {
        let with = strip_buttons(app, h, true, plain);
        if fits(&with) {
            return with;
        }
    }
    strip_buttons(app, h, false, plain)
}

fn strip_buttons(
    app: &App,
    h: &HomeState,
    catalogue: bool,
    with_keys: bool,
) -> Vec<(String, Action)> {
    let ctx = app.contexts();
    let loc = &app.env.locale;
    let figures = if app.is_manager() {
        loc.t("home.figures_all")
    } else {
        loc.t("home.figures")
    };
    let mut buttons = vec![
        (loc.t("home.new_visit").to_string(), Action::NewVisit),
        (
            loc.f("home.open_visits", &[("n", &h.open_visits.to_string())]),
            Action::OpenVisits,
        ),
        (figures.to_string(), Action::VisitStats),
        (loc.t("home.vip").to_string(), Action::Vip),
        (loc.t("home.board").to_string(), Action::Board),
    ];
    if catalogue {
        buttons.push((loc.t("home.catalogue").to_string(), Action::Catalogue));
    }
    buttons
        .into_iter()
        .map(|(label, a)| {
            let key = app.env.keymap.key_for(&ctx, a).filter(|_| with_keys);
            (widgets::button_text(&label, key.as_deref()), a)
        })
        .collect()
}

/// The list area inside a pane (inside the border).
fn inner(r: Rect) -> Rect {
    Block::bordered().inner(r)
}

/// The first row shown, so that the selection stays in view.
fn offset(selected: usize, height: u16) -> usize {
    selected.saturating_sub(height.saturating_sub(1) as usize)
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, h: &HomeState, hits: &mut HitMap) {
    let (strip, body) = split(body);
    let buttons = visit_buttons(app, h, strip.width);
    let texts: Vec<String> = buttons.iter().map(|(t, _)| t.clone()).collect();
    widgets::buttons(frame, strip, &texts, None);
    // A strip button is the action it does (see `ui::hit`).
    for (r, (_, a)) in widgets::button_rects(strip, &texts)
        .into_iter()
        .zip(&buttons)
    {
        hits.add(r, *a);
    }
    let areas = pane_areas(body);
    record_taps(&areas, h, hits);
    let loc = &app.env.locale;
    let today = app.today();
    let titles = [
        if h.own_only {
            loc.t("home.callbacks_mine")
        } else {
            loc.t("home.callbacks")
        },
        loc.t("home.greetings"),
        loc.t("home.repairs"),
    ];
    let counts = [
        h.callbacks.count,
        h.greetings.iter().map(|g| g.pane.count).sum(),
        h.repairs.count,
    ];
    // The greetings pane's title counts each occasion.
    let by_occasion: String = h
        .greetings
        .iter()
        .map(|g| format!("· {} {} ", g.name, g.pane.count))
        .collect();
    for i in 0..PANES {
        let focused = h.focus == i;
        let title = Line::from(vec![
            Span::styled(format!(" {} ", titles[i]), theme::title()),
            Span::styled(
                format!("({}) ", counts[i]),
                if counts[i] > 0 {
                    theme::warn()
                } else {
                    theme::dim()
                },
            ),
            Span::styled(
                if i == 1 {
                    by_occasion.clone()
                } else {
                    String::new()
                },
                theme::dim(),
            ),
        ]);
        let block = Block::bordered().title(title).border_style(if focused {
            theme::focus_border()
        } else {
            theme::border()
        });
        let area = inner(areas[i]);
        frame.render_widget(block, areas[i]);
        let items: Vec<ListItem> = match i {
            0 => {
                let mut cols = vec![
                    Column::whole("", 0),
                    Column::text("", 2, 8),
                    Column::text("", 1, 6),
                ];
                // A manager sees whose task it is.
                if !h.own_only {
                    cols.push(Column::text("", 3, 6));
                }
                cols.push(Column::whole("", 1));
                let rows = h
                    .callbacks
                    .rows
                    .iter()
                    .map(|r| {
                        let when = if r.due_on == today {
                            loc.t("home.today").to_string()
                        } else {
                            r.due_on.format("%m-%d").to_string()
                        };
                        let kind = super::task_note::kind_text(app, &r.kind, &r.source);
                        let mut cells = vec![when, kind, r.customer.clone()];
                        if !h.own_only {
                            cells.push(r.staff.clone());
                        }
                        cells.push(mask_phone(&r.phone));
                        let style = if r.due_on < today {
                            theme::warn()
                        } else {
                            Style::default()
                        };
                        (cells, style)
                    })
                    .collect();
                table_items(&cols, rows, area.width)
            }
            1 => {
                let cols = [
                    Column::whole("", 0),
                    Column::text("", 1, 6),
                    Column::text("", 2, 6),
                    Column::text("", 3, 8).grow(),
                ];
                let rows = h
                    .greeting_rows()
                    .into_iter()
                    .map(|(g, r)| {
                        let when = match r.in_days {
                            0 => loc.t("home.today").to_string(),
                            1 => loc.t("home.tomorrow").to_string(),
                            n => loc.f("home.in_days", &[("n", &n.to_string())]),
                        };
                        let vip = (g.kind == crate::domain::occasions::Kind::Birthday)
                            .then(|| super::greetings::vip(app, r.total_spend_fen))
                            .flatten();
                        let style = if vip.is_some() {
                            theme::good()
                        } else {
                            Style::default()
                        };
                        (
                            vec![
                                when,
                                r.name.clone(),
                                g.name.clone(),
                                vip.unwrap_or_default(),
                            ],
                            style,
                        )
                    })
                    .collect();
                table_items(&cols, rows, area.width)
            }
            _ => {
                let cols = [
                    Column::text("", 1, 6),
                    Column::text("", 3, 6),
                    Column::text("", 1, 6),
                    Column::whole("", 0),
                    Column::text("", 2, 8).grow(),
                ];
                let rows = h
                    .repairs
                    .rows
                    .iter()
                    .map(|r| {
                        let overdue =
                            crate::domain::repair::is_overdue(&r.state, r.promised_on, today);
                        let state = loc.t(&format!("repair_state.{}", r.state)).to_string();
                        let days = (today - r.received_on).num_days();
                        let mark = if overdue {
                            loc.t("home.overdue").to_string()
                        } else if r.state == "ready" {
                            loc.t("home.ready").to_string()
                        } else {
                            String::new()
                        };
                        let style = if overdue {
                            theme::error()
                        } else if r.state == "ready" {
                            theme::good()
                        } else {
                            Style::default()
                        };
                        let open = loc.f("home.days_open", &[("n", &days.to_string())]);
                        (
                            vec![mark, state, r.name.clone(), r.item.clone(), open],
                            style,
                        )
                    })
                    .collect();
                table_items(&cols, rows, area.width)
            }
        };
        if items.is_empty() {
            let empty = [
                loc.t("home.no_callbacks"),
                loc.t("home.no_greetings"),
                loc.t("home.no_repairs"),
            ][i];
            frame.render_widget(Paragraph::new(empty).style(theme::dim()), area);
            continue;
        }
        let mut state = ListState::default()
            .with_selected(focused.then_some(h.selected[i]))
            .with_offset(offset(h.selected[i], area.height));
        frame.render_stateful_widget(
            List::new(items).highlight_style(theme::selected()),
            area,
            &mut state,
        );
    }
}

/// A pane's rows laid out by the shared table (`ui::table`): the values
/// people act on (dates, phones, days open) are shown whole or their
/// column is left out; names and notes take the width left over.
fn table_items(
    cols: &[Column],
    rows: Vec<(Vec<String>, Style)>,
    room: u16,
) -> Vec<ListItem<'static>> {
    const GAP: u16 = 2;
    let texts: Vec<Vec<String>> = rows.iter().map(|(r, _)| r.clone()).collect();
    let widths = table::fit(cols, &texts, room, GAP);
    rows.into_iter()
        .map(|(cells, style)| {
            let line: Vec<String> = cols
                .iter()
                .zip(&widths)
                .zip(&cells)
                .filter_map(|((c, w), s)| w.map(|w| pad(&table::cell_text(c, s, w), w as usize)))
                .collect();
            let line = line.join(&" ".repeat(GAP as usize));
            ListItem::new(widgets::fit(line.trim_end(), room as usize)).style(style)
        })
        .collect()
}

/// Each pane's rows and border, and the callbacks pane's title (which
/// opens the callbacks screen).
fn record_taps(areas: &[Rect; PANES], h: &HomeState, hits: &mut HitMap) {
    for (pane, outer) in areas.iter().enumerate() {
        hits.add(*outer, Tap::Pane(pane));
        let area = inner(*outer);
        let first = offset(h.selected[pane], area.height);
        for n in 0..area.height {
            let row = Rect::new(area.x, area.y + n, area.width, 1);
            hits.add(row, Tap::Row(pane, first + n as usize));
        }
    }
    hits.add(
        Rect::new(areas[0].x, areas[0].y, areas[0].width, 1),
        Action::Callbacks,
    );
}
