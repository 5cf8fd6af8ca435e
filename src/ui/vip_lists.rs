//! The VIP screen's gatherings (with the year's gauge), a gathering's
//! guests, and the campaigns.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Gauge, ListItem, Paragraph};

use super::theme;
use super::vip::{Areas, columns, list, split_rest};
use super::widgets::fit;
use crate::app::App;
use crate::app::vip::{PAGE, VipState};
use crate::domain::vip::{Pace, pace};

pub(super) fn draw_gatherings(frame: &mut Frame, a: &Areas, app: &App, v: &VipState) {
    let loc = &app.env.locale;
    let per_year = app.env.policy.vip.gatherings_per_year;
    let p = pace(v.held, v.planned, per_year, app.today());
    draw_pace(frame, a, app, v, p, per_year);
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
        draw_wishes(frame, r, app, v);
    }
}

/// The year's gauge of gatherings held, and whether the shop keeps pace.
fn draw_pace(frame: &mut Frame, a: &Areas, app: &App, v: &VipState, p: Pace, per_year: u32) {
    let loc = &app.env.locale;
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
}

/// What guests said they would like next time.
fn draw_wishes(frame: &mut Frame, r: Rect, app: &App, v: &VipState) {
    let loc = &app.env.locale;
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

pub(super) fn draw_guests(frame: &mut Frame, a: &Areas, app: &App, v: &VipState) {
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

pub(super) fn draw_campaigns(frame: &mut Frame, a: &Areas, app: &App, v: &VipState) {
    let loc = &app.env.locale;
    draw_campaign_head(frame, a, app, v);
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
        draw_campaign_list(frame, r, app, v);
    }
}

/// The campaign running (or none), and which of its customers are shown.
fn draw_campaign_head(frame: &mut Frame, a: &Areas, app: &App, v: &VipState) {
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
        let from = if v.target_counting {
            usize::from(!v.targets.is_empty()) * (v.t_page * PAGE + 1)
        } else {
            (v.t_page * PAGE + 1).min(v.target_count as usize)
        };
        let count = if v.target_counting {
            "…".to_string()
        } else {
            v.target_count.to_string()
        };
        let n = loc.f(
            "vip.target_count",
            &[
                ("n", &count),
                ("from", &from.to_string()),
                ("to", &(v.t_page * PAGE + v.targets.len()).to_string()),
            ],
        );
        frame.render_widget(
            Paragraph::new(fit(&n, a.b.width as usize)).style(theme::dim()),
            a.b,
        );
    }
}

/// The shop's campaigns, one a line.
fn draw_campaign_list(frame: &mut Frame, r: Rect, app: &App, v: &VipState) {
    let loc = &app.env.locale;
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
