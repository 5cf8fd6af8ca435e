//! Training for the whole counter: the practice list, the customer's pane
//! beside a screen where a card is played, and a played card's scorecard.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::table::{self, Column};
use super::theme;
use super::widgets::styled;
use crate::app::practice::{Entry, Mood, Playing, PracticeList, ResultView, Said, Tap};
use crate::app::{App, HitMap};
use crate::domain::training_skills::Skill;
use crate::i18n::Locale;

/// The skill's name on screen.
pub fn skill_name(loc: &Locale, skill: Skill) -> &str {
    loc.t(&format!("practice.skill_{}", skill.id()))
}

/// Where a screen playing a card draws itself, and where the customer's
/// pane goes: beside it when the terminal is wide enough for both (the
/// pane 40 columns), else under it (7 rows), so that the pane never covers
/// the list or form being filled. A terminal too small for both has no
/// pane; the screen keeps all its room.
pub fn split(area: Rect) -> (Rect, Option<Rect>) {
    const BESIDE: u16 = 40;
    const UNDER: u16 = 7;
    if area.width >= 120 {
        let [main, pane] =
            Layout::horizontal([Constraint::Min(80), Constraint::Length(BESIDE)]).areas(area);
        (main, Some(pane))
    } else if area.height >= 20 {
        let [main, pane] =
            Layout::vertical([Constraint::Min(13), Constraint::Length(UNDER)]).areas(area);
        (main, Some(pane))
    } else {
        (area, None)
    }
}

/// The customer's pane: who they are, then what they have said, the
/// latest at the bottom (older lines scroll off the top).
pub fn pane(frame: &mut Frame, area: Rect, app: &App, p: &Playing) {
    let loc = &app.env.locale;
    let block = Block::bordered()
        .border_style(theme::banner())
        .title(styled(
            format!(
                " {} · {} · {} ",
                loc.t("practice.pane_title"),
                skill_name(loc, p.skill),
                p.card_title
            ),
            theme::title(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = vec![Line::from(styled(p.persona.clone(), theme::dim()))];
    for s in &p.said {
        lines.push(match s {
            Said::Customer(mood, text) => {
                let style = match mood {
                    Mood::Even => Style::new(),
                    Mood::Calmer => theme::good(),
                    Mood::Angrier => theme::error(),
                };
                Line::from(vec![
                    styled(format!("{}: ", loc.t("practice.customer")), theme::title()),
                    Span::styled(text.clone(), style),
                ])
            }
            Said::Coach(text) => Line::from(styled(format!("› {text}"), theme::key())),
        });
    }
    // The newest words stay in sight: scroll by what does not fit (each
    // line taken as wrapping at the pane's width, a little over rather
    // than under when words wrap early).
    let room = inner.width.max(1);
    let total: u16 = (lines.iter())
        .map(|l| {
            let w: u16 = l
                .spans
                .iter()
                .map(|s| super::widgets::width(&s.content))
                .sum();
            w.div_ceil(room).max(1)
        })
        .sum();
    let scroll = total.saturating_sub(inner.height);
    let para = Paragraph::new(lines).wrap(Wrap { trim: true });
    frame.render_widget(para.scroll((scroll, 0)), inner);
}

/// The practice list: the four skills' cards under their headings.
pub fn draw_list(frame: &mut Frame, body: Rect, app: &App, s: &PracticeList, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let [head, area, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(2),
    ])
    .areas(body);
    frame.render_widget(
        Paragraph::new(styled(
            format!(" {}", loc.t("practice.title")),
            theme::title(),
        )),
        head,
    );
    let block = Block::bordered().border_style(theme::focus_border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let columns = [
        Column::text(loc.t("practice.col_card"), 0, 14).grow(),
        Column::whole(loc.t("practice.col_last"), 1),
        Column::text(loc.t("practice.col_customer"), 2, 12),
    ];
    let rows: Vec<Vec<String>> = (s.entries.iter())
        .filter_map(|e| match e {
            Entry::Card {
                title, who, last, ..
            } => Some(vec![title.clone(), last_text(loc, *last), who.clone()]),
            Entry::Heading(_) => None,
        })
        .collect();
    let widths = table::fit(&columns, &rows, inner.width.saturating_sub(2), 1);
    let visible = inner.height as usize;
    let first = s.selected.saturating_sub(visible.saturating_sub(1));
    let mut card = (s.entries.iter().take(first))
        .filter(|e| matches!(e, Entry::Card { .. }))
        .count();
    for (k, e) in s.entries.iter().enumerate().skip(first).take(visible) {
        let r = Rect::new(inner.x, inner.y + (k - first) as u16, inner.width, 1);
        let line = match e {
            Entry::Heading(skill) => {
                Line::from(styled(skill_name(loc, *skill).to_string(), theme::title()))
            }
            Entry::Card { .. } => {
                let text = table::line(&columns, &widths, &rows[card], 1);
                card += 1;
                hits.add(r, Tap::Row(k));
                let style = if k == s.selected {
                    theme::selected()
                } else {
                    Style::new()
                };
                Line::from(Span::styled(format!("  {text}"), style))
            }
        };
        frame.render_widget(Paragraph::new(line), r);
    }
    frame.render_widget(
        Paragraph::new(loc.t("practice.hint"))
            .style(theme::dim())
            .wrap(Wrap { trim: true }),
        foot,
    );
}

fn last_text(loc: &Locale, last: Option<(i64, Option<bool>)>) -> String {
    match last {
        None => "—".to_string(),
        Some((p, Some(true))) => format!("{p}% ✓"),
        Some((p, Some(false))) => format!("{p}% {}", loc.t("practice.not_yet_short")),
        Some((p, None)) => format!("{p}%"),
    }
}

/// A played card's scorecard.
pub fn draw_result(frame: &mut Frame, body: Rect, app: &App, v: &ResultView) {
    let loc = &app.env.locale;
    let p = &v.played;
    let verdict = if p.card.passed {
        loc.t("practice.passed")
    } else {
        loc.t("practice.not_passed")
    };
    let mark = app.training_cards.thresholds.percent(p.skill).to_string();
    let title = loc.f(
        "practice.score_title",
        &[
            ("trainee", &v.trainee),
            ("skill", skill_name(loc, p.skill)),
            ("card", &p.card_title),
            ("percent", &p.card.percent.to_string()),
        ],
    );
    let mut lines = vec![
        Line::from(styled(title, theme::title())),
        Line::from(styled(
            loc.f(
                "practice.verdict",
                &[
                    ("verdict", verdict),
                    ("mark", &mark),
                    ("secs", &p.seconds.to_string()),
                ],
            ),
            if p.card.passed {
                theme::good()
            } else {
                theme::warn()
            },
        )),
    ];
    if let Some(s) = &v.standing {
        lines.push(super::practice_progress::standing_line(loc, s));
    }
    lines.push(Line::default());
    for l in &p.lines {
        let (sign, style) = if l.right {
            ("✓", theme::good())
        } else {
            ("✗", theme::error())
        };
        lines.push(Line::from(vec![
            styled(format!("{sign} "), style),
            Span::raw(l.what.clone()),
        ]));
        lines.push(Line::from(styled(format!("    {}", l.why), theme::dim())));
    }
    lines.push(Line::default());
    lines.push(Line::from(vec![
        styled(format!("{}: ", loc.t("practice.customer")), theme::title()),
        Span::raw(p.ending.clone()),
    ]));
    lines.push(Line::from(styled(history_text(loc, v), theme::dim())));
    let block = Block::bordered().border_style(theme::focus_border());
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let [text, foot] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let first = v.scroll.shown(
        super::widgets::wrapped_height(&lines, text.width),
        text.height,
    );
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((first, 0)),
        text,
    );
    let more = if v.scroll.more_below() {
        format!("↓ {} · ", loc.t("progress.more"))
    } else {
        String::new()
    };
    frame.render_widget(
        Paragraph::new(styled(
            format!("{more}{}", loc.t("practice.result_hint")),
            theme::dim(),
        )),
        foot,
    );
}

fn history_text(loc: &Locale, v: &ResultView) -> String {
    match &v.history {
        Err(detail) => loc.f("training.not_kept", &[("detail", detail)]),
        Ok(rows) => {
            let list: Vec<String> = (rows.iter().rev().take(8))
                .map(|r| last_text(loc, Some(*r)))
                .collect();
            loc.f(
                "practice.history",
                &[
                    ("n", &rows.len().to_string()),
                    ("skill", skill_name(loc, v.played.skill)),
                    ("list", &list.join(", ")),
                ],
            )
        }
    }
}
