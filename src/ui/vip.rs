//! The VIP screen: tabs, a row of buttons, two lines of figures, and the
//! list (or a form); the gold customers are drawn here, the other tabs in
//! `vip_lists`, forms in `vip_form`. Taps use the same layout as drawing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use super::table::{self, Column};
use super::theme;
use super::widgets::{self, fit, pad};
use crate::app::vip::{PAGE, TABS, Tap, VipState};
use crate::app::{Action, App, HitMap};
use crate::domain::customer::mask_phone;
use crate::domain::segments::Segment;

pub(super) struct Areas {
    pub tabs: Rect,
    pub buttons: Rect,
    pub a: Rect,
    pub b: Rect,
    pub rest: Rect,
}

pub(super) fn areas(body: Rect) -> Areas {
    let [tabs, buttons, a, b, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(body);
    Areas {
        tabs,
        buttons,
        a,
        b,
        rest,
    }
}

/// The list and, on a wide screen, the side list beside it.
pub(super) fn split_rest(rest: Rect) -> (Rect, Option<Rect>) {
    if rest.width >= 120 {
        let [l, r] = Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)])
            .areas(rest);
        (l, Some(r))
    } else {
        (rest, None)
    }
}

fn tab_texts(app: &App, v: &VipState) -> Vec<String> {
    let loc = &app.env.locale;
    let tabs = [
        loc.t("vip.tab_gold").to_string(),
        loc.f(
            "vip.tab_gatherings",
            &[
                ("n", &v.held.to_string()),
                ("of", &app.env.policy.vip.gatherings_per_year.to_string()),
            ],
        ),
        loc.t("vip.tab_campaigns").to_string(),
    ];
    tabs.iter().map(|t| format!(" {t} ")).collect()
}

/// The buttons of what is on screen, with their keys.
fn buttons(app: &App, v: &VipState) -> Vec<(String, Action)> {
    let ctx = app.contexts();
    let list: Vec<(&str, Action)> = if v.form.is_some() {
        vec![("vip.save", Action::Save), ("vip.cancel", Action::Back)]
    } else {
        match v.tab {
            0 => vec![
                ("vip.next_segment", Action::Toggle),
                ("vip.tier_filter", Action::Filter),
            ],
            1 if v.open.is_some() => vec![
                ("vip.invite", Action::Invite),
                ("vip.rsvp", Action::Toggle),
                ("vip.attended", Action::Attended),
                ("vip.wish", Action::Edit),
                ("vip.back_to_list", Action::Back),
            ],
            1 => vec![
                ("vip.plan", Action::Add),
                ("vip.guests", Action::Select),
                ("vip.call_off", Action::Remove),
            ],
            _ => vec![("vip.new_campaign", Action::Add)],
        }
    };
    list.into_iter()
        .map(|(k, a)| {
            (
                widgets::button_text(app.t(k), app.env.keymap.key_for(&ctx, a).as_deref()),
                a,
            )
        })
        .collect()
}

fn chip_texts(app: &App, v: &VipState) -> Vec<String> {
    let loc = &app.env.locale;
    // Counted off the screen's thread: "…" until the figures come.
    let n = |n: i64| {
        if v.counting {
            "…".to_string()
        } else {
            n.to_string()
        }
    };
    let all: i64 = v.counts.iter().map(|(_, n)| n).sum();
    std::iter::once(format!("{} {}", loc.t("vip.all"), n(all)))
        .chain(
            v.counts
                .iter()
                .map(|(s, c)| format!("{} {}", loc.t(&format!("segment.{}", s.id())), n(*c))),
        )
        .collect()
}

fn chip_selected(v: &VipState) -> usize {
    match v.segment {
        None => 0,
        Some(s) => Segment::ALL
            .iter()
            .position(|x| *x == s)
            .map_or(0, |i| i + 1),
    }
}

pub fn hint_actions(v: &VipState) -> Vec<Action> {
    if v.form.is_some() {
        return vec![
            Action::Save,
            Action::NextFocus,
            Action::Toggle,
            Action::Back,
        ];
    }
    match v.tab {
        0 => vec![
            Action::Select,
            Action::Toggle,
            Action::Filter,
            Action::NextTab,
            Action::Back,
        ],
        1 if v.open.is_some() => vec![
            Action::Invite,
            Action::Toggle,
            Action::Attended,
            Action::Edit,
            Action::Back,
        ],
        1 => vec![
            Action::Select,
            Action::Add,
            Action::Remove,
            Action::NextTab,
            Action::Back,
        ],
        _ => vec![Action::Select, Action::Add, Action::NextTab, Action::Back],
    }
}

pub(super) fn columns(total: usize, cols: &[(&str, usize)]) -> String {
    let mut s = String::new();
    for (text, w) in cols.iter().filter(|(_, w)| *w > 0) {
        s.push_str(&pad(text, *w));
        s.push(' ');
    }
    fit(s.trim_end(), total)
}

pub(super) fn offset(selected: usize, height: u16) -> usize {
    selected.saturating_sub(height.saturating_sub(1) as usize)
}

/// A list under a header line; returns nothing, the rows start one below `area.y`.
pub(super) fn list(
    frame: &mut Frame,
    area: Rect,
    header: String,
    rows: Vec<ListItem<'static>>,
    sel: usize,
    empty: &str,
) {
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(header).style(theme::dim()), head);
    if rows.is_empty() {
        frame.render_widget(Paragraph::new(empty.to_string()).style(theme::dim()), body);
        return;
    }
    let mut state = ListState::default()
        .with_selected(Some(sel))
        .with_offset(offset(sel, body.height));
    frame.render_stateful_widget(
        List::new(rows).highlight_style(theme::selected()),
        body,
        &mut state,
    );
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, v: &VipState, hits: &mut HitMap) {
    record_taps(app, body, v, hits);
    let a = areas(body);
    let tabs = tab_texts(app, v);
    widgets::buttons(frame, a.tabs, &tabs, Some(v.tab));
    let b: Vec<String> = buttons(app, v).into_iter().map(|(t, _)| t).collect();
    widgets::buttons(frame, a.buttons, &b, None);
    if let Some(f) = &v.form {
        return super::vip_form::draw(
            frame,
            Rect {
                height: a.rest.bottom() - a.a.y,
                ..a.a
            },
            app,
            f,
        );
    }
    match v.tab {
        0 => draw_gold(frame, &a, app, v),
        1 if v.open.is_some() => super::vip_lists::draw_guests(frame, &a, app, v),
        1 => super::vip_lists::draw_gatherings(frame, &a, app, v),
        _ => super::vip_lists::draw_campaigns(frame, &a, app, v),
    }
}

fn draw_gold(frame: &mut Frame, a: &Areas, app: &App, v: &VipState) {
    let loc = &app.env.locale;
    widgets::buttons(frame, a.a, &chip_texts(app, v), Some(chip_selected(v)));
    let line = gold_line(app, v);
    frame.render_widget(
        Paragraph::new(fit(&line, a.b.width as usize)).style(theme::dim()),
        a.b,
    );
    // The phone, the spend and the day last seen stay whole; on 80 columns
    // the associate and then the segment give way.
    let cols = [
        Column::text(loc.t("vip.col_name"), 0, 6).grow(),
        Column::whole(loc.t("vip.col_phone"), 1),
        Column::text(loc.t("vip.col_tier"), 3, 4),
        Column::text(loc.t("vip.col_segment"), 5, 6).grow(),
        Column::money(loc.t("vip.col_spend"), 2),
        Column::whole(loc.t("vip.col_count"), 4).right(),
        Column::whole(loc.t("vip.col_seen"), 3),
        Column::text(loc.t("vip.col_associate"), 6, 4),
    ];
    let cells: Vec<Vec<String>> = v
        .rows
        .iter()
        .map(|r| {
            let tier = r
                .tier
                .as_deref()
                .map(|t| loc.t(&format!("tier.{t}")).to_string())
                .unwrap_or_default();
            let name = if r.club {
                format!("{} ★", r.name)
            } else {
                r.name.clone()
            };
            vec![
                name,
                mask_phone(&r.phone),
                tier,
                loc.t(&format!("segment.{}", r.segment)).to_string(),
                loc.money(r.total_spend_fen),
                r.purchase_count.to_string(),
                r.last_seen.clone().unwrap_or_else(|| "—".into()),
                r.closest.clone().unwrap_or_else(|| "—".into()),
            ]
        })
        .collect();
    let widths = table::fit(&cols, &cells, a.rest.width, 2);
    let headers: Vec<String> = cols.iter().map(|c| c.header.clone()).collect();
    let header = table::line(&cols, &widths, &headers, 2);
    let rows = cells
        .iter()
        .map(|c| ListItem::new(table::line(&cols, &widths, c, 2)))
        .collect();
    list(
        frame,
        a.rest,
        header,
        rows,
        v.selected,
        loc.t("vip.no_customers"),
    );
}

/// Above the list: the tier shown, which rows of how many, and the
/// segment's hint.
fn gold_line(app: &App, v: &VipState) -> String {
    let loc = &app.env.locale;
    let total = v.filtered_count();
    let from = if v.counting {
        usize::from(!v.rows.is_empty()) * (v.page * PAGE + 1)
    } else {
        (v.page * PAGE + 1).min(total as usize)
    };
    let to = v.page * PAGE + v.rows.len();
    let tier = match &v.tier {
        Some(t) => loc.t(&format!("tier.{t}")).to_string(),
        None => loc.t("vip.all").to_string(),
    };
    let hint = v
        .segment
        .map(|s| loc.t(&format!("segment_hint.{}", s.id())).to_string())
        .unwrap_or_default();
    let line = loc.f(
        "vip.gold_line",
        &[
            ("tier", &tier),
            ("from", &from.to_string()),
            ("to", &to.to_string()),
            (
                "n",
                &if v.counting {
                    "…".into()
                } else {
                    total.to_string()
                },
            ),
        ],
    );
    format!("{line}  {hint}")
}

/// Records the tabs, the buttons, and the form's fields or the chips and
/// the list's rows (the list scrolls to keep the selection in view).
fn record_taps(app: &App, body: Rect, v: &VipState, hits: &mut HitMap) {
    let a = areas(body);
    for (i, r) in widgets::button_rects(a.tabs, &tab_texts(app, v))
        .into_iter()
        .enumerate()
    {
        hits.add(r, Tap::Tab(i.min(TABS - 1)));
    }
    let b = buttons(app, v);
    let texts: Vec<String> = b.iter().map(|(t, _)| t.clone()).collect();
    for (r, (_, action)) in widgets::button_rects(a.buttons, &texts).into_iter().zip(b) {
        hits.add(r, Tap::Button(action));
    }
    if let Some(f) = &v.form {
        let area = Rect {
            height: a.rest.bottom() - a.a.y,
            ..a.a
        };
        for (i, r) in super::vip_form::rows(area, f).into_iter().enumerate() {
            hits.add(r, Tap::Field(i));
        }
        return;
    }
    if v.tab == 0 {
        for (i, r) in widgets::button_rects(a.a, &chip_texts(app, v))
            .into_iter()
            .enumerate()
        {
            hits.add(r, Tap::Chip(i));
        }
    }
    let (left, _) = if v.tab == 0 || v.open.is_some() {
        (a.rest, None)
    } else {
        split_rest(a.rest)
    };
    let rows = Rect {
        y: left.y + 1,
        height: left.height.saturating_sub(1),
        ..left
    };
    let (sel, len) = match v.tab {
        0 => (v.selected, v.rows.len()),
        1 if v.open.is_some() => (v.guest, v.open.as_ref().map_or(0, |(_, l)| l.len())),
        1 => (v.g_selected, v.gatherings.len()),
        _ => (v.t_selected, v.targets.len()),
    };
    let skip = offset(sel, rows.height);
    for k in 0..rows.height {
        let i = skip + k as usize;
        if i < len {
            hits.add(Rect::new(rows.x, rows.y + k, rows.width, 1), Tap::Row(i));
        }
    }
}
