//! The VIP screen: tabs, a row of buttons, two lines of figures, and the
//! list (or a form). Taps use the same layout as drawing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Gauge, List, ListItem, ListState, Paragraph};

use super::theme;
use super::widgets::{self, fit, pad};
use crate::app::vip::{PAGE, TABS, VipState};
use crate::app::vip_forms::{Form, Value};
use crate::app::{Action, App};
use crate::domain::customer::mask_phone;
use crate::domain::segments::Segment;
use crate::domain::vip::{Pace, pace};

struct Areas {
    tabs: Rect,
    buttons: Rect,
    a: Rect,
    b: Rect,
    rest: Rect,
}

fn areas(body: Rect) -> Areas {
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
fn split_rest(rest: Rect) -> (Rect, Option<Rect>) {
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
            1 => vec![("vip.plan", Action::Add), ("vip.guests", Action::Select)],
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
    let all: i64 = v.counts.iter().map(|(_, n)| n).sum();
    std::iter::once(format!("{} {all}", loc.t("vip.all")))
        .chain(
            v.counts
                .iter()
                .map(|(s, n)| format!("{} {n}", loc.t(&format!("segment.{}", s.id())))),
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
        1 => vec![Action::Select, Action::Add, Action::NextTab, Action::Back],
        _ => vec![Action::Select, Action::Add, Action::NextTab, Action::Back],
    }
}

fn columns(total: usize, cols: &[(&str, usize)]) -> String {
    let mut s = String::new();
    for (text, w) in cols.iter().filter(|(_, w)| *w > 0) {
        s.push_str(&pad(text, *w));
        s.push(' ');
    }
    fit(s.trim_end(), total)
}

fn offset(selected: usize, height: u16) -> usize {
    selected.saturating_sub(height.saturating_sub(1) as usize)
}

/// A list under a header line; returns nothing, the rows start one below `area.y`.
fn list(
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

pub fn draw(frame: &mut Frame, body: Rect, app: &App, v: &VipState) {
    let a = areas(body);
    let tabs = tab_texts(app, v);
    widgets::buttons(frame, a.tabs, &tabs, Some(v.tab));
    let b: Vec<String> = buttons(app, v).into_iter().map(|(t, _)| t).collect();
    widgets::buttons(frame, a.buttons, &b, None);
    if let Some(f) = &v.form {
        return draw_form(
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
        1 if v.open.is_some() => draw_guests(frame, &a, app, v),
        1 => draw_gatherings(frame, &a, app, v),
        _ => draw_campaigns(frame, &a, app, v),
    }
}

fn draw_gold(frame: &mut Frame, a: &Areas, app: &App, v: &VipState) {
    let loc = &app.env.locale;
    widgets::buttons(frame, a.a, &chip_texts(app, v), Some(chip_selected(v)));
    let total = v.filtered_count();
    let from = (v.page * PAGE + 1).min(total as usize);
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
            ("n", &total.to_string()),
        ],
    );
    frame.render_widget(
        Paragraph::new(fit(&format!("{line}  {hint}"), a.b.width as usize)).style(theme::dim()),
        a.b,
    );
    let w = a.rest.width as usize;
    // On 80 columns the associate gives way; the phone stays for calling.
    let widths = if w >= 100 {
        [16, 12, 10, 18, 14, 5, 11, 10]
    } else {
        [12, 12, 8, 16, 12, 4, 10, 0]
    };
    let header = columns(
        w,
        &[
            (loc.t("vip.col_name"), widths[0]),
            (loc.t("vip.col_phone"), widths[1]),
            (loc.t("vip.col_tier"), widths[2]),
            (loc.t("vip.col_segment"), widths[3]),
            (loc.t("vip.col_spend"), widths[4]),
            (loc.t("vip.col_count"), widths[5]),
            (loc.t("vip.col_seen"), widths[6]),
            (loc.t("vip.col_associate"), widths[7]),
        ],
    );
    let rows = v
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
            ListItem::new(columns(
                w,
                &[
                    (&name, widths[0]),
                    (&mask_phone(&r.phone), widths[1]),
                    (&tier, widths[2]),
                    (loc.t(&format!("segment.{}", r.segment)), widths[3]),
                    (&loc.money(r.total_spend_fen), widths[4]),
                    (&r.purchase_count.to_string(), widths[5]),
                    (r.last_seen.as_deref().unwrap_or("—"), widths[6]),
                    (r.closest.as_deref().unwrap_or("—"), widths[7]),
                ],
            ))
        })
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

fn draw_gatherings(frame: &mut Frame, a: &Areas, app: &App, v: &VipState) {
    let loc = &app.env.locale;
    let per_year = app.env.policy.vip.gatherings_per_year;
    let p = pace(v.held, v.planned, per_year, app.today());
    let label = loc.f(
        "vip.year_count",
        &[
            ("n", &v.held.to_string()),
            ("of", &per_year.to_string()),
            ("planned", &v.planned.to_string()),
        ],
    );
    let style = match p {
        Pace::Done => theme::good(),
        Pace::OnTrack => theme::key(),
        Pace::Behind => theme::warn(),
    };
    frame.render_widget(
        Gauge::default()
            .gauge_style(style)
            .ratio((f64::from(v.held) / f64::from(per_year)).min(1.0))
            .label(label),
        a.a,
    );
    let (text, style) = match p {
        Pace::Done => (loc.t("vip.pace_done").to_string(), theme::good()),
        Pace::OnTrack => (loc.t("vip.pace_on_track").to_string(), theme::dim()),
        Pace::Behind => (
            loc.f(
                "vip.pace_behind",
                &[(
                    "n",
                    &(per_year.saturating_sub(v.held + v.planned)).to_string(),
                )],
            ),
            theme::warn(),
        ),
    };
    frame.render_widget(
        Paragraph::new(fit(&text, a.b.width as usize)).style(style),
        a.b,
    );
    let (left, right) = split_rest(a.rest);
    let today = app.today();
    let w = left.width as usize;
    let header = columns(
        w,
        &[
            (loc.t("vip.col_date"), 10),
            (loc.t("vip.col_theme"), 18),
            (loc.t("vip.col_place"), 12),
            (loc.t("vip.col_guests"), 34),
        ],
    );
    let rows = v
        .gatherings
        .iter()
        .map(|g| {
            let theme_name = loc.t(&format!("theme.{}", g.theme));
            let what = if g.title.is_empty() {
                theme_name.to_string()
            } else {
                format!("{theme_name} · {}", g.title)
            };
            let figures = loc.f(
                "vip.guest_figures",
                &[
                    ("invited", &g.invited.to_string()),
                    ("yes", &g.yes.to_string()),
                    ("came", &g.attended.to_string()),
                ],
            );
            let item = ListItem::new(columns(
                w,
                &[
                    (&g.held_on.to_string(), 10),
                    (&what, 18),
                    (&g.place, 12),
                    (&figures, 34),
                ],
            ));
            if g.held_on > today {
                item.style(theme::good())
            } else {
                item
            }
        })
        .collect();
    list(
        frame,
        left,
        header,
        rows,
        v.g_selected,
        loc.t("vip.no_gatherings"),
    );
    if let Some(r) = right {
        let mut lines = vec![Line::styled(
            loc.t("vip.wishes").to_string(),
            theme::title(),
        )];
        if v.wishes.is_empty() {
            lines.push(Line::styled(
                loc.t("vip.no_wishes").to_string(),
                theme::dim(),
            ));
        }
        for wsh in &v.wishes {
            let theme_name = loc.t(&format!("theme.{}", wsh.theme));
            lines.push(Line::raw(fit(
                &format!("{} ({theme_name}): {}", wsh.name, wsh.note),
                r.width as usize - 1,
            )));
        }
        frame.render_widget(
            Paragraph::new(lines),
            Rect {
                x: r.x + 1,
                width: r.width - 1,
                ..r
            },
        );
    }
}

fn draw_guests(frame: &mut Frame, a: &Areas, app: &App, v: &VipState) {
    let loc = &app.env.locale;
    let Some((g, guests)) = &v.open else { return };
    let title = format!(
        "{}  {}  {}  {}",
        g.held_on,
        loc.t(&format!("theme.{}", g.theme)),
        g.title,
        g.place
    );
    frame.render_widget(
        Paragraph::new(fit(&title, a.a.width as usize)).style(theme::title()),
        a.a,
    );
    let figures = loc.f(
        "vip.guest_line",
        &[
            ("invited", &g.invited.to_string()),
            ("yes", &g.yes.to_string()),
            ("no", &g.no.to_string()),
            ("came", &g.attended.to_string()),
        ],
    );
    frame.render_widget(
        Paragraph::new(fit(&figures, a.b.width as usize)).style(theme::dim()),
        a.b,
    );
    let w = a.rest.width as usize;
    let header = columns(
        w,
        &[
            (loc.t("vip.col_name"), 14),
            (loc.t("vip.col_tier"), 8),
            (loc.t("vip.col_associate"), 8),
            (loc.t("vip.col_rsvp"), 8),
            (loc.t("vip.col_came"), 6),
            (loc.t("vip.col_wish"), 30),
        ],
    );
    let rows = guests
        .iter()
        .map(|c| {
            let tier = c
                .tier
                .as_deref()
                .map(|t| loc.t(&format!("tier.{t}")).to_string())
                .unwrap_or_default();
            let came = if c.attended { "✓" } else { "" };
            ListItem::new(columns(
                w,
                &[
                    (&c.name, 14),
                    (&tier, 8),
                    (c.associate.as_deref().unwrap_or("—"), 8),
                    (loc.t(&format!("rsvp.{}", c.rsvp)), 8),
                    (came, 6),
                    (&c.note, 30),
                ],
            ))
        })
        .collect();
    list(frame, a.rest, header, rows, v.guest, loc.t("vip.no_guests"));
}

fn draw_campaigns(frame: &mut Frame, a: &Areas, app: &App, v: &VipState) {
    let loc = &app.env.locale;
    let line = match &v.active {
        Some(c) => loc.f(
            "vip.campaign_running",
            &[
                ("kind", loc.t(&format!("campaign.{}", c.kind.id()))),
                ("from", &c.starts_on.to_string()),
                ("to", &c.ends_on.to_string()),
            ],
        ),
        None => loc.t("vip.no_campaign").to_string(),
    };
    frame.render_widget(
        Paragraph::new(fit(&line, a.a.width as usize)).style(theme::title()),
        a.a,
    );
    if v.active.is_some() {
        let from = (v.t_page * PAGE + 1).min(v.target_count as usize);
        let n = loc.f(
            "vip.target_count",
            &[
                ("n", &v.target_count.to_string()),
                ("from", &from.to_string()),
                ("to", &(v.t_page * PAGE + v.targets.len()).to_string()),
            ],
        );
        frame.render_widget(
            Paragraph::new(fit(&n, a.b.width as usize)).style(theme::dim()),
            a.b,
        );
    }
    let (left, right) = split_rest(a.rest);
    let w = left.width as usize;
    let header = columns(
        w,
        &[
            (loc.t("vip.col_name"), 14),
            (loc.t("vip.col_spend"), 12),
            (loc.t("vip.col_count"), 5),
            (loc.t("vip.col_associate"), 10),
        ],
    );
    let rows = v
        .targets
        .iter()
        .map(|t| {
            ListItem::new(columns(
                w,
                &[
                    (&t.name, 14),
                    (&loc.money(t.total_spend_fen), 12),
                    (&t.purchase_count.to_string(), 5),
                    (t.closest.as_deref().unwrap_or("—"), 10),
                ],
            ))
        })
        .collect();
    list(
        frame,
        left,
        header,
        rows,
        v.t_selected,
        loc.t("vip.no_targets"),
    );
    if let Some(r) = right {
        let mut lines = vec![Line::styled(
            loc.t("vip.campaigns").to_string(),
            theme::title(),
        )];
        for c in &v.campaigns {
            lines.push(Line::raw(fit(
                &format!(
                    "{} – {}  {}",
                    c.starts_on,
                    c.ends_on,
                    loc.t(&format!("campaign.{}", c.kind.id()))
                ),
                r.width as usize - 1,
            )));
        }
        frame.render_widget(
            Paragraph::new(lines),
            Rect {
                x: r.x + 1,
                width: r.width - 1,
                ..r
            },
        );
    }
}

/// The form's rows: title, one per field, then the status line.
fn form_rows(area: Rect, f: &Form) -> Vec<Rect> {
    (0..f.fields.len())
        .map(|i| Rect::new(area.x, area.y + 1 + i as u16, area.width, 1))
        .filter(|r| r.y < area.bottom())
        .collect()
}

fn draw_form(frame: &mut Frame, area: Rect, app: &App, f: &Form) {
    let loc = &app.env.locale;
    let title = match f.purpose {
        crate::app::vip_forms::Purpose::Plan => loc.t("vip.plan"),
        crate::app::vip_forms::Purpose::Campaign => loc.t("vip.new_campaign"),
        crate::app::vip_forms::Purpose::Invite(_) => loc.t("vip.invite"),
        crate::app::vip_forms::Purpose::Note { .. } => loc.t("vip.wish"),
    };
    frame.render_widget(
        Paragraph::new(title.to_string()).style(theme::title()),
        Rect { height: 1, ..area },
    );
    let label_w = 16u16;
    for (i, r) in form_rows(area, f).into_iter().enumerate() {
        let field = &f.fields[i];
        let focused = f.focus == i;
        frame.render_widget(
            Paragraph::new(pad(loc.t(field.label), label_w as usize)).style(if focused {
                theme::key()
            } else {
                theme::dim()
            }),
            Rect {
                width: label_w,
                ..r
            },
        );
        let value_w = r.width.saturating_sub(label_w + 1).min(40);
        let vr = Rect {
            x: r.x + label_w + 1,
            width: value_w,
            ..r
        };
        match &field.value {
            Value::Text(t) => widgets::input(frame, vr, t, focused),
            Value::Choice { prefix, ids, at } => {
                let shown = ids
                    .get(*at)
                    .map(|id| loc.t(&format!("{prefix}.{id}")).to_string())
                    .unwrap_or_default();
                frame.render_widget(
                    Paragraph::new(format!("◀ {shown} ▶")).style(if focused {
                        theme::input_focused()
                    } else {
                        theme::input()
                    }),
                    vr,
                );
            }
        }
        if let Some(e) = &field.error {
            let x = vr.right() + 1;
            if x < r.right() {
                frame.render_widget(
                    Paragraph::new(fit(e, (r.right() - x) as usize)).style(theme::error()),
                    Rect::new(x, r.y, r.right() - x, 1),
                );
            }
        }
    }
    let status_y = area.y + 2 + f.fields.len() as u16;
    if let Some(s) = &f.status
        && status_y < area.bottom()
    {
        frame.render_widget(
            Paragraph::new(fit(s, area.width as usize)).style(theme::warn()),
            Rect::new(area.x, status_y, area.width, 1),
        );
    }
}

pub fn hit(app: &App, body: Rect, v: &VipState, column: u16, row: u16) -> Option<Action> {
    let a = areas(body);
    let at = |rects: Vec<Rect>| {
        rects
            .iter()
            .position(|r| widgets::contains(*r, column, row))
    };
    if widgets::contains(a.tabs, column, row) {
        let i = at(widgets::button_rects(a.tabs, &tab_texts(app, v)))?;
        return Some(Action::Pick {
            zone: 0,
            index: i.min(TABS - 1) as u16,
        });
    }
    if widgets::contains(a.buttons, column, row) {
        let b = buttons(app, v);
        let texts: Vec<String> = b.iter().map(|(t, _)| t.clone()).collect();
        return at(widgets::button_rects(a.buttons, &texts)).map(|i| b[i].1);
    }
    if let Some(f) = &v.form {
        let area = Rect {
            height: a.rest.bottom() - a.a.y,
            ..a.a
        };
        return at(form_rows(area, f)).map(|i| Action::Pick {
            zone: 3,
            index: i as u16,
        });
    }
    if v.tab == 0 && widgets::contains(a.a, column, row) {
        let i = at(widgets::button_rects(a.a, &chip_texts(app, v)))?;
        return Some(Action::Pick {
            zone: 1,
            index: i as u16,
        });
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
    if !widgets::contains(rows, column, row) {
        return None;
    }
    let sel = match v.tab {
        0 => v.selected,
        1 if v.open.is_some() => v.guest,
        1 => v.g_selected,
        _ => v.t_selected,
    };
    Some(Action::Pick {
        zone: 2,
        index: (offset(sel, rows.height) + (row - rows.y) as usize) as u16,
    })
}
