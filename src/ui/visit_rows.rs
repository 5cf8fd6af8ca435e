//! One row of a visit step: a checklist item, a field, a choice, a picked
//! product or customer, an objection, a buying signal, the checkout total.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::table::{self, Column};
use super::theme;
use super::widgets::{self, button_text, fit, pad, styled};
use crate::app::visit::{Choice, Heading, Row, Text, VisitState, greeting_options};
use crate::app::{Action, App};
use crate::domain::customer::mask_phone;
use crate::domain::visit::{FAREWELL, FITTING};

const LABEL_W: usize = 14;

fn mark(on: bool) -> &'static str {
    if on { "[x] " } else { "[ ] " }
}

pub fn draw_row(frame: &mut Frame, area: Rect, app: &App, v: &VisitState, r: Row) {
    let focused = v.focus == r && app.overlay.is_none();
    let w = area.width as usize;
    let line_style = if focused {
        theme::selected()
    } else {
        ratatui::style::Style::new()
    };
    let text = match r {
        Row::Heading(h) => {
            let text = heading_text(app, v, h);
            frame.render_widget(Paragraph::new(styled(fit(&text, w), theme::title())), area);
            return;
        }
        Row::Text(t) => return draw_field(frame, area, app, v, t, focused),
        Row::Choice(c) => {
            let (text, problem) = choice_text(app, v, c);
            let style = if problem && !focused {
                theme::error()
            } else {
                line_style
            };
            frame.render_widget(Paragraph::new(fit(&text, w)).style(style), area);
            return;
        }
        Row::Total => {
            let text = total_text(app, v);
            frame.render_widget(Paragraph::new(styled(fit(&text, w), theme::title())), area);
            return;
        }
        Row::Item(i) => item_line(app, v, i as usize, area.width),
        Row::ProductHit(i) => product_line(app, v, i as usize, area.width),
        r => row_text(app, v, r, area.width),
    };
    if let Some(text) = text {
        frame.render_widget(Paragraph::new(fit(&text, w)).style(line_style), area);
    }
}

/// A heading; over the lines, the keys that work on a line.
fn heading_text(app: &App, v: &VisitState, h: Heading) -> String {
    let loc = &app.env.locale;
    let key = match h {
        Heading::Checklist => "visit.h_checklist",
        Heading::Customer => "visit.h_customer",
        Heading::Items => "visit.h_items",
        Heading::Objections => "visit.h_objections",
        Heading::Signals => "visit.h_signals",
        Heading::Checkout => "visit.h_checkout",
        Heading::Register => "visit.h_register",
        Heading::Rewards => "practices.h_rewards",
    };
    let mut text = loc.t(key).to_string();
    if matches!(h, Heading::Items | Heading::Checkout) && !v.visit.items.is_empty() {
        // The keys that work on a line, from the key map in force.
        let ctx = [crate::keymap::Context::Visit];
        for a in [Action::CycleSize, Action::CycleColour, Action::Remove] {
            if let Some(k) = app.env.keymap.key_for(&ctx, a) {
                let name = a.name().unwrap_or_default();
                text.push_str(&format!(" · {k} {}", loc.t(&format!("action.{name}"))));
            }
        }
    }
    text
}

/// A text field: its label, the value, and its error or hint beside it.
fn draw_field(frame: &mut Frame, area: Rect, app: &App, v: &VisitState, t: Text, focused: bool) {
    let loc = &app.env.locale;
    let label = loc.t(&format!("visit.field.{}", t.key()));
    let label_style = if focused {
        theme::focus_border()
    } else {
        theme::dim()
    };
    frame.render_widget(
        Paragraph::new(styled(pad(label, LABEL_W), label_style)),
        Rect {
            width: (LABEL_W as u16).min(area.width),
            ..area
        },
    );
    let value_w = (area.width.saturating_sub(LABEL_W as u16 + 1)).min(40);
    let value = Rect {
        x: area.x + LABEL_W as u16 + 1,
        width: value_w,
        ..area
    };
    if let Some(f) = v.field(t) {
        widgets::input(frame, value, f, focused);
    }
    let note = Rect {
        x: value.right() + 1,
        width: area.right().saturating_sub(value.right() + 1),
        ..area
    };
    let hint = format!("visit.hint.{}", t.key());
    let (text, style) = match v.reg_errors.iter().find(|(x, _)| *x == t) {
        Some((_, code)) => (
            format!("← {}", loc.t(&format!("error.{code}"))),
            theme::error(),
        ),
        None if focused && loc.has(&hint) => (loc.t(&hint).to_string(), theme::dim()),
        None => return,
    };
    frame.render_widget(
        Paragraph::new(styled(fit(&text, note.width as usize), style)),
        note,
    );
}

/// A choice as `label ‹ value ›`; and whether it carries the visit's problem.
fn choice_text(app: &App, v: &VisitState, c: Choice) -> (String, bool) {
    let loc = &app.env.locale;
    let (label, value) = match c {
        Choice::Greeting => (
            "visit.greeting",
            if v.visit.greeting.is_empty() {
                greeting_options(app, &v.visit).remove(0)
            } else {
                v.visit.greeting.clone()
            },
        ),
        Choice::ObjKind => (
            "visit.obj_kind",
            loc.t(&format!("objection.{}", v.obj_kind.id())).to_string(),
        ),
        Choice::Closing => (
            "visit.closing",
            match v.visit.closing {
                Some(c) => loc.t(&format!("closing.{}", c.id())).to_string(),
                None => loc.t("visit.unset").to_string(),
            },
        ),
        Choice::Outcome => (
            "visit.outcome",
            match v.visit.outcome {
                Some(o) => loc.t(&format!("outcome.{}", o.id())).to_string(),
                None => loc.t("visit.unset").to_string(),
            },
        ),
        Choice::AskMore => (
            "visit.ask_more",
            loc.t(if v.ask_more {
                "common.yes"
            } else {
                "common.no"
            })
            .to_string(),
        ),
    };
    let mut text = format!("{}‹ {value} ›", pad(loc.t(label), LABEL_W + 1));
    let problem = if c == Choice::Outcome {
        v.problem
    } else {
        None
    };
    if let Some(p) = problem {
        text.push_str(&format!("  ← {}", loc.t(&format!("visit.problem.{p}"))));
    }
    (text, problem.is_some())
}

/// The columns of the visit's lines: the style number, the size and the
/// price are never cut; the name takes the width there is.
fn line_columns() -> [Column; 6] {
    [
        Column::whole("", 0),
        Column::text("", 1, 6).grow(),
        Column::whole("", 0),
        Column::text("", 2, 4),
        Column::money("", 0),
        Column::text("", 3, 4),
    ]
}

fn line_cells(app: &App, it: &crate::domain::visit::Item) -> Vec<String> {
    let loc = &app.env.locale;
    let mut tags = Vec::new();
    if it.tried {
        tags.push(loc.t("visit.tag_tried"));
    }
    if it.add_on() {
        tags.push(loc.t("visit.tag_add_on"));
    }
    vec![
        it.style_no.clone(),
        it.name.clone(),
        it.size.clone(),
        it.colour.clone(),
        loc.money(it.price_fen),
        tags.join(" "),
    ]
}

/// A line picked for the visit, laid out with all the others.
fn item_line(app: &App, v: &VisitState, i: usize, room: u16) -> Option<String> {
    let it = v.visit.items.get(i)?;
    let flag = match v.visit.current {
        FITTING => mark(it.tried),
        FAREWELL => mark(it.bought),
        _ => "",
    };
    let columns = line_columns();
    let all: Vec<Vec<String>> = v.visit.items.iter().map(|x| line_cells(app, x)).collect();
    let room = room.saturating_sub(widgets::width(flag));
    let widths = table::fit(&columns, &all, room, 1);
    Some(format!(
        "{flag}{}",
        table::line(&columns, &widths, &all[i], 1)
    ))
}

/// A product the picker found, laid out with the others found.
fn product_line(app: &App, v: &VisitState, i: usize, room: u16) -> Option<String> {
    let loc = &app.env.locale;
    v.product_hits.get(i)?;
    let columns = [
        Column::whole("", 0),
        Column::text("", 1, 6).grow(),
        Column::money("", 0),
        Column::text("", 2, 4),
    ];
    let all: Vec<Vec<String>> = v
        .product_hits
        .iter()
        .map(|p| {
            vec![
                p.style_no.clone(),
                p.name.clone(),
                loc.money(p.current_price_fen),
                loc.t(&format!("category.{}", p.category)).to_string(),
            ]
        })
        .collect();
    let widths = table::fit(&columns, &all, room.saturating_sub(4), 2);
    Some(format!(
        "  + {}",
        table::line(&columns, &widths, &all[i], 2)
    ))
}

/// A customer the search found, laid out with the others found: the
/// masked phone and the spend never cut.
fn customer_line(app: &App, v: &VisitState, i: usize, room: u16) -> Option<String> {
    let loc = &app.env.locale;
    v.customer_hits.get(i)?;
    let columns = [
        Column::text("", 0, 6),
        Column::whole("", 0),
        Column::money("", 1),
        Column::text("", 2, 4).grow(),
    ];
    let all: Vec<Vec<String>> = v
        .customer_hits
        .iter()
        .map(|h| {
            vec![
                h.name.clone(),
                mask_phone(&h.phone),
                loc.money(h.total_spend_fen),
                loc.t("visit.link_hint").to_string(),
            ]
        })
        .collect();
    let widths = table::fit(&columns, &all, room.saturating_sub(4), 2);
    Some(format!(
        "  → {}",
        table::line(&columns, &widths, &all[i], 2)
    ))
}

/// The text of any other row, as one line.
fn row_text(app: &App, v: &VisitState, r: Row, room: u16) -> Option<String> {
    let loc = &app.env.locale;
    let flow = app.flow();
    let step = v.visit.current;
    match r {
        Row::Check(i) => {
            let c = flow.steps[step].checklist.get(i as usize)?;
            Some(format!(
                "{}{}",
                mark(v.visit.is_checked(step, &c.id)),
                c.text
            ))
        }
        Row::Linked => {
            let c = v.visit.customer.as_ref()?;
            let seen = c
                .last_seen
                .map(|d| loc.f("visit.last_seen", &[("date", &d.to_string())]))
                .unwrap_or_else(|| loc.t("visit.first_time").to_string());
            Some(format!(
                "{}{}  {}  {}",
                pad(loc.t("visit.linked_to"), LABEL_W + 1),
                c.name,
                seen,
                loc.t("visit.unlink_hint")
            ))
        }
        Row::CustomerHit(i) => customer_line(app, v, i as usize, room),
        Row::Suggestion(i) => {
            let a = flow.answers(v.obj_kind).get(i as usize)?;
            Some(format!("  ✎ {a}"))
        }
        Row::AddObjection => {
            let key = app
                .env
                .keymap
                .key_for(&app.contexts(), Action::Add)
                .unwrap_or_default();
            Some(button_text(loc.t("visit.record_objection"), Some(&key)))
        }
        Row::Objection(i) => {
            let o = v.visit.objections.get(i as usize)?;
            let answer = if o.answer.is_empty() {
                loc.t("visit.no_answer").to_string()
            } else {
                o.answer.clone()
            };
            Some(format!(
                "{}：{} → {}",
                loc.t(&format!("objection.{}", o.kind.id())),
                o.words,
                answer
            ))
        }
        Row::Signal(i) => {
            let s = flow.signals.get(i as usize)?;
            Some(format!(
                "{}{}",
                mark(v.visit.signals.contains(&s.id)),
                s.text
            ))
        }
        Row::Offer(i) => v.offers.get(i as usize).map(|o| offer_text(app, v, o)),
        _ => None,
    }
}

/// The checkout's total: lines, total, add-on share, the receipt to be.
fn total_text(app: &App, v: &VisitState) -> String {
    let loc = &app.env.locale;
    let b = v.visit.basket();
    let share = crate::domain::visit::add_on_uplift_percent(b.total_fen, b.add_on_fen)
        .map(|p| format!("+{p}%"))
        .unwrap_or_else(|| "—".into());
    let receipt = crate::domain::visit::receipt_no(app.today(), v.id);
    let birthday = v.visit.customer.as_ref().map_or(0, |c| c.birthday_percent);
    let mut text = String::new();
    if birthday > 0 && b.total_fen > 0 {
        // S1: on the birthday, more off the price asked; shown first so it is never cut.
        let paid: i64 = v
            .visit
            .items
            .iter()
            .filter(|i| i.bought)
            .map(|i| crate::domain::till::discounted_fen(i.price_fen, birthday))
            .sum();
        text = loc.f(
            "practices.birthday_total",
            &[
                ("percent", &birthday.to_string()),
                ("paid", &loc.money(paid)),
            ],
        );
    }
    text += &loc.f(
        "visit.total",
        &[
            ("n", &b.lines.to_string()),
            ("total", &loc.money(b.total_fen)),
            ("add_on", &loc.money(b.add_on_fen)),
            ("share", &share),
            ("receipt", &receipt),
        ],
    );
    text
}

/// A VIP reward on offer at checkout, with its answer so far [S1].
fn offer_text(app: &App, v: &VisitState, o: &crate::domain::practices::Offer) -> String {
    use crate::domain::practices::{GiftFor, Offer};
    let loc = &app.env.locale;
    match o {
        Offer::Makeup => {
            let state = v.visit.makeup.map_or("none", |m| m.id());
            let state = loc.t(&format!("practices.makeup.{state}"));
            format!(
                "{}{}",
                mark(v.visit.makeup.is_some()),
                loc.f("practices.makeup_row", &[("state", state)])
            )
        }
        Offer::Gift(g) => {
            let given = v.is_given(g);
            let reason = match &g.given_for {
                GiftFor::Style(s) => loc.f("practices.gift_for_style", &[("style", s)]),
                GiftFor::Festival(f) => loc.t(&format!("practices.festival.{f}")).to_string(),
            };
            let state = loc.t(if given {
                "practices.given"
            } else {
                "practices.not_given"
            });
            format!(
                "{}{}",
                mark(given),
                loc.f(
                    "practices.gift_row",
                    &[
                        ("gift", loc.t(&format!("practices.gift.{}", g.gift))),
                        ("reason", &reason),
                        ("state", state),
                    ],
                )
            )
        }
    }
}
