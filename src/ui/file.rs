//! A customer's file: the full phone (audited), completeness, tier, every
//! field and the purchase history.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph};

use super::theme;
use super::widgets::{pad, styled};
use crate::app::App;
use crate::app::file::FileState;
use crate::domain::customer::{self, Field, Profile, tier_for};

pub fn draw(frame: &mut Frame, body: Rect, app: &App, f: &FileState) {
    let [head, gauge, rest] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(body);
    draw_head(frame, head, gauge, app, f);
    let mut lines: Vec<Line> = Vec::new();
    let c = &f.customer;
    let loc = &app.env.locale;
    if c.erased_at.is_some() {
        lines.push(Line::from(styled(
            loc.f(
                "file.erased_on",
                &[(
                    "at",
                    &crate::app::form::local_time(c.erased_at.as_deref().unwrap_or("")),
                )],
            ),
            theme::warn(),
        )));
    }
    care_lines(&mut lines, app, f);
    field_lines(&mut lines, app, f);
    purchase_lines(&mut lines, app, f);
    contact_lines(&mut lines, app, f);
    let max_scroll = (lines.len() as u16).saturating_sub(rest.height);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((f.scroll.min(max_scroll), 0))
            .block(Block::new()),
        rest,
    );
}

/// A blank line, then a section's title.
fn section(lines: &mut Vec<Line>, app: &App, key: &str) {
    lines.push(Line::raw(""));
    lines.push(Line::from(styled(app.t(key).to_string(), theme::title())));
}

/// The name, tier and club; the summary; the VIP lines; the completeness.
fn draw_head(frame: &mut Frame, head: Rect, gauge: Rect, app: &App, f: &FileState) {
    let loc = &app.env.locale;
    let c = &f.customer;
    let p = &app.env.policy.customers;
    let tier = tier_for(&p.tiers, c.total_spend_fen);
    let name = if c.erased_at.is_some() {
        loc.t("file.erased").to_string()
    } else {
        c.values.get(Field::Name).to_string()
    };
    let standing = f.standing.as_ref();
    let club = standing.is_some_and(|s| s.club_since.is_some());
    let mut title = vec![
        styled(format!(" {name} "), theme::title()),
        styled(
            format!(" {} ", loc.t(&format!("tier.{}", tier.id))),
            theme::key(),
        ),
    ];
    if club {
        title.push(Span::raw(" "));
        title.push(styled(loc.t("file.club_member").to_string(), theme::good()));
    }
    let sub = loc.f(
        "file.summary",
        &[
            ("spend", &loc.money(c.total_spend_fen)),
            ("n", &c.purchase_count.to_string()),
            ("last", c.last_purchase_on.as_deref().unwrap_or("—")),
            ("by", c.registered_by.as_deref().unwrap_or("—")),
        ],
    );
    let mut head_lines = vec![
        Line::from(title),
        Line::from(styled(format!(" {sub}"), theme::dim())),
    ];
    head_lines.extend(super::vip_file::lines(app, c.total_spend_fen, standing));
    frame.render_widget(Paragraph::new(head_lines), head);
    let score = customer::completeness(
        &c.values,
        c.purchase_count > 0,
        p.hard_weight_percent,
        p.soft_weight_percent,
    );
    frame.render_widget(
        Gauge::default()
            .gauge_style(theme::good())
            .percent(score as u16)
            .label(loc.f("file.completeness", &[("n", &score.to_string())])),
        gauge,
    );
}

/// The care entitlements and the repairs.
fn care_lines(lines: &mut Vec<Line>, app: &App, f: &FileState) {
    let loc = &app.env.locale;
    section(lines, app, "entitlement.title");
    if f.entitlements.is_empty() {
        lines.push(Line::from(styled(
            format!("  {}", loc.t("entitlement.none")),
            theme::dim(),
        )));
    }
    let today = app.today();
    for e in &f.entitlements {
        let kind = loc.t(&format!("care_kind.{}", e.kind));
        let text = match (&e.used_on, &e.valid_until) {
            (Some(on), _) => loc.f(
                "entitlement.used",
                &[("kind", kind), ("item", &e.item), ("on", on)],
            ),
            (None, Some(until)) => loc.f(
                "entitlement.left",
                &[("kind", kind), ("item", &e.item), ("until", until)],
            ),
            (None, None) => loc.f(
                "entitlement.left_no_limit",
                &[("kind", kind), ("item", &e.item)],
            ),
        };
        let style = if e.usable(today) {
            theme::good()
        } else {
            theme::dim()
        };
        lines.push(Line::from(styled(format!("  {text}"), style)));
    }
    if !f.jobs.is_empty() {
        section(lines, app, "entitlement.repairs");
        for j in &f.jobs {
            lines.push(Line::raw(format!(
                "  {}  {}  {}  {}",
                j.job_no,
                j.intake.received_on,
                pad(loc.t(&format!("repair_state.{}", j.state)), 10),
                j.intake.item
            )));
        }
    }
}

/// Every field, by profile.
fn field_lines(lines: &mut Vec<Line>, app: &App, f: &FileState) {
    let loc = &app.env.locale;
    let c = &f.customer;
    let label_w = 20;
    for (profile, key) in [
        (Profile::Hard, "file.hard"),
        (Profile::Soft, "file.soft"),
        (Profile::Consent, "file.consent"),
        (Profile::Relation, "file.relation"),
    ] {
        section(lines, app, key);
        for fld in Field::ALL.into_iter().filter(|x| x.profile() == profile) {
            let v = c.values.get(fld);
            let shown = match fld {
                Field::Gender if !v.is_empty() => loc.t(&format!("gender.{v}")).to_string(),
                Field::GreetingsOk | Field::PromotionsOk => loc
                    .t(if v == "1" { "common.yes" } else { "common.no" })
                    .to_string(),
                Field::ReferredBy => match &c.referred_by_name {
                    Some(n) => format!("{n} ({})", customer::mask_phone(v)),
                    None => String::new(),
                },
                _ => v.to_string(),
            };
            let style = if shown.is_empty() {
                theme::dim()
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::from(vec![
                styled(
                    format!("  {}", pad(loc.t(&format!("field.{}", fld.key())), label_w)),
                    theme::dim(),
                ),
                styled(
                    if shown.is_empty() {
                        "—".to_string()
                    } else {
                        shown
                    },
                    style,
                ),
            ]));
        }
    }
}

/// The purchases, each with how it was settled when it was returned.
fn purchase_lines(lines: &mut Vec<Line>, app: &App, f: &FileState) {
    let loc = &app.env.locale;
    section(lines, app, "file.purchases");
    if f.history.is_empty() {
        lines.push(Line::from(styled(
            format!("  {}", loc.t("file.no_purchases")),
            theme::dim(),
        )));
    }
    for h in &f.history {
        let text = format!(
            "  {}  {}  {} {}  {}/{}  {}",
            h.purchased_on,
            pad(&h.style_no, 12),
            pad(&h.product, 16),
            pad(loc.t(&format!("category.{}", h.category)), 6),
            h.size,
            h.colour,
            loc.money(h.price_fen)
        );
        match (&h.settled, &h.settled_on) {
            (Some(how), Some(on)) => lines.push(Line::from(vec![
                styled(text, theme::dim()),
                styled(
                    format!("  {}", loc.f(&format!("records.line_{how}"), &[("on", on)])),
                    theme::warn(),
                ),
            ])),
            _ => lines.push(Line::raw(text)),
        }
    }
}

/// The contacts, the VIP rewards given and the feedback passed on.
fn contact_lines(lines: &mut Vec<Line>, app: &App, f: &FileState) {
    if !f.contacts.is_empty() {
        section(lines, app, "tasks.file_log");
        for k in &f.contacts {
            lines.push(Line::raw(format!(
                "  {}  {}  {}  {}  {}",
                crate::app::callbacks::local_time(&k.at),
                pad(&crate::app::callbacks::word(app, "kind", &k.kind), 18),
                pad(&crate::app::callbacks::word(app, "outcome", &k.outcome), 12),
                pad(&k.staff, 10),
                k.note
            )));
        }
    }
    if !f.rewards.is_empty() {
        section(lines, app, "practices.rewards_title");
        for r in &f.rewards {
            lines.push(Line::raw(format!("  {}", reward_text(app, r))));
        }
    }
    if !f.feedback.is_empty() {
        section(lines, app, "practices.feedback_title");
        let loc = &app.env.locale;
        for k in &f.feedback {
            let route = match k.routed_to.as_str() {
                "" => loc.t("practices.route_none"),
                r => loc.t(&format!("practices.route.{r}")),
            };
            lines.push(Line::raw(format!(
                "  {}",
                loc.f(
                    "practices.feedback_line",
                    &[
                        ("at", &crate::app::callbacks::local_time(&k.at)),
                        ("route", route),
                        ("note", &k.note),
                    ],
                )
            )));
            if !k.suggestions.is_empty() {
                lines.push(Line::raw(format!(
                    "    {}",
                    loc.f("practices.suggestions_line", &[("s", &k.suggestions)])
                )));
            }
        }
    }
}

/// One VIP reward on the file: when, what, who gave it [S1].
fn reward_text(app: &App, r: &crate::store::rewards::RewardRow) -> String {
    let loc = &app.env.locale;
    let what = match r.kind.as_str() {
        "makeup" => loc.f(
            "practices.makeup_reward",
            &[("state", loc.t(&format!("practices.makeup.{}", r.gift)))],
        ),
        kind => {
            let reason = if kind == "festival_gift" {
                loc.t(&format!("practices.festival.{}", r.reason))
                    .to_string()
            } else {
                loc.f("practices.gift_for_style", &[("style", &r.reason)])
            };
            loc.f(
                "practices.gift_reward",
                &[
                    ("gift", loc.t(&format!("practices.gift.{}", r.gift))),
                    ("reason", &reason),
                ],
            )
        }
    };
    loc.f(
        "practices.reward_line",
        &[
            ("on", &r.given_on.to_string()),
            ("what", &what),
            ("who", &r.staff),
        ],
    )
}
