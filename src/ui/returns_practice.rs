//! The desk's decision box while a training card is played: the trainee's
//! decision and rule to choose (the engine's kept back), then, once
//! confirmed, theirs beside the policy's with its reasons.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Block;

use super::theme;
use super::widgets::{fit, styled};
use crate::app::returns::practice::DeskPractice;
use crate::app::returns::{QUESTIONS, ReturnState, Tap};
use crate::app::{App, HitMap};
use crate::domain::aftersale::{Decision, RuleId};

fn decision_name(app: &App, d: Option<Decision>) -> String {
    match d {
        Some(d) => app.t(&format!("decision.{}", d.as_str())).to_string(),
        None => app.t("practice_desk.choose").to_string(),
    }
}

fn rule_words(app: &App, r: Option<RuleId>) -> String {
    match r {
        Some(r) => format!(
            "{} · {}",
            r.as_str(),
            app.t(&format!("practice_desk.say_{}", r.as_str()))
        ),
        None => app.t("practice_desk.choose").to_string(),
    }
}

/// The lines of the box drawn in `area`; the two answers are tap targets.
pub fn lines(
    app: &App,
    r: &ReturnState,
    p: &DeskPractice,
    area: Rect,
    hits: &mut HitMap,
) -> Vec<Line<'static>> {
    if p.revealed {
        return revealed(app, r, p);
    }
    let inner = Block::bordered().inner(area);
    let room = inner.width.saturating_sub(4) as usize;
    let mut out = Vec::new();
    let rows = [
        ("practice_desk.q_decision", decision_name(app, p.decision())),
        (
            "practice_desk.q_rule",
            p.rule()
                .map(|r| {
                    format!(
                        "{} · {}",
                        r.as_str(),
                        app.t(&format!("practice_desk.short_{}", r.as_str()))
                    )
                })
                .unwrap_or_else(|| app.t("practice_desk.choose").to_string()),
        ),
    ];
    for (k, (label, value)) in rows.into_iter().enumerate() {
        let focused = r.focus == QUESTIONS + k && app.overlay.is_none();
        let (label_style, value_style) = if focused {
            (theme::focus_border(), theme::input_focused())
        } else {
            (theme::dim(), theme::input())
        };
        out.push(Line::from(styled(app.t(label).to_string(), label_style)));
        out.push(Line::from(styled(
            format!("‹ {} ›", fit(&value, room)),
            value_style,
        )));
        let y = inner.y + 2 * k as u16;
        if y + 1 < inner.y + inner.height {
            hits.add(
                Rect::new(inner.x, y, inner.width, 2),
                Tap::Question(QUESTIONS + k),
            );
        }
    }
    if let Some(rule) = p.rule() {
        out.push(Line::raw(rule_words(app, Some(rule))));
    }
    out.push(Line::from(styled(
        app.t("practice_desk.answer_hint").to_string(),
        theme::dim(),
    )));
    out
}

/// The trainee's answers beside the policy's, and why; what the desk
/// will carry out on the case as answered.
fn revealed(app: &App, r: &ReturnState, p: &DeskPractice) -> Vec<Line<'static>> {
    let mark = |right: bool| {
        if right {
            (theme::good(), "✓")
        } else {
            (theme::error(), "✗")
        }
    };
    let rule = p.expected_rule();
    let (ds, dm) = mark(p.decision() == Some(p.expected.decision));
    let (rs, rm) = mark(p.rule() == Some(rule));
    let f = |key: &str, v: String| app.env.locale.f(key, &[("value", &v)]);
    let short = |r: Option<RuleId>| match r {
        Some(r) => format!(
            "{} · {}",
            r.as_str(),
            app.t(&format!("practice_desk.short_{}", r.as_str()))
        ),
        None => app.t("practice_desk.choose").to_string(),
    };
    let desk = match &r.ruling {
        Some(Ok(ru)) => decision_name(app, Some(ru.decision)),
        _ => app.t("desk.no_decision").to_string(),
    };
    vec![
        Line::from(styled(
            format!(
                "{dm} {}",
                f(
                    "practice_desk.yours_decision",
                    decision_name(app, p.decision())
                )
            ),
            ds,
        )),
        Line::raw(f(
            "practice_desk.policy_decision",
            decision_name(app, Some(p.expected.decision)),
        )),
        Line::from(styled(
            // Its id only: the trainee has just read its words.
            format!(
                "{rm} {}",
                f(
                    "practice_desk.yours_rule",
                    p.rule()
                        .map_or_else(|| short(None), |r| r.as_str().to_string())
                )
            ),
            rs,
        )),
        Line::raw(f("practice_desk.policy_rule", short(Some(rule)))),
        Line::from(styled(f("practice_desk.desk_will", desk), theme::key())),
        Line::raw(""),
        Line::raw(f("practice_desk.what_to_say", p.card.explain.clone())),
        Line::from(styled(p.expected_reason.clone(), theme::dim())),
        Line::raw(""),
        Line::from(styled(
            app.t("practice_desk.carry_out_hint").to_string(),
            theme::key(),
        )),
    ]
}
