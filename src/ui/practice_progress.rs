//! The training progress screen: one row per trainee with each skill's
//! state and the ready mark; a trainee's detail with the scores over time
//! per skill (a sparkline, coloured passed or not) and what is still weak.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Table, TableState, Wrap};

use super::practice::skill_name;
use super::table::{self, Column};
use super::theme;
use super::widgets::{styled, width};
use crate::app::practice::progress::{self, ProgressView, Tap};
use crate::app::{App, HitMap};
use crate::domain::training_progress::{SkillProgress, TraineeProgress};
use crate::domain::training_skills::Skill;
use crate::i18n::Locale;

pub fn draw(frame: &mut Frame, body: Rect, app: &App, v: &ProgressView, hits: &mut HitMap) {
    match v.detail.and_then(|i| v.trainees.get(i)) {
        Some(t) => draw_detail(frame, body, app, v, t),
        None => draw_list(frame, body, app, v, hits),
    }
}

/// A skill's state in a few columns: last score, cards passed of those
/// needed, ✓ when it passes.
pub fn skill_cell(s: &SkillProgress) -> String {
    match s.last {
        None => "—".to_string(),
        Some(last) => format!(
            "{last}% {}/{}{}",
            s.cards_passed.len(),
            s.needed,
            if s.passes { " ✓" } else { "" }
        ),
    }
}

/// The rule a skill passes by and when a trainee is ready, in words.
pub fn rule_text(loc: &Locale, app: &App) -> String {
    let ready = &app.training_cards.ready;
    let key = if ready.latest_passed {
        "progress.rule_latest"
    } else {
        "progress.rule"
    };
    loc.f(key, &[("cards", &ready.cards_passed.to_string())])
}

fn draw_list(frame: &mut Frame, body: Rect, app: &App, v: &ProgressView, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let [head, area, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(3),
    ])
    .areas(body);
    frame.render_widget(
        Paragraph::new(styled(
            format!(" {}", loc.t("progress.title")),
            theme::title(),
        )),
        head,
    );
    let mut columns = vec![Column::text(loc.t("progress.col_trainee"), 0, 6).grow()];
    for skill in Skill::EVERY {
        columns.push(Column::whole(
            loc.t(&format!("progress.short_{}", skill.id())),
            0,
        ));
    }
    columns.push(Column::whole(loc.t("progress.col_ready"), 0));
    let rows: Vec<(Vec<String>, Style)> = (v.trainees.iter())
        .map(|t| {
            let mut cells = vec![t.trainee.clone()];
            cells.extend(t.skills.iter().map(skill_cell));
            cells.push(ready_cell(loc, t));
            let style = if t.ready { theme::good() } else { Style::new() };
            (cells, style)
        })
        .collect();
    let inner = Block::bordered().inner(area);
    let n = rows.len();
    let laid = table::lay_out(&columns, rows, inner.width, 1, theme::title());
    let table = Table::new(laid.rows, laid.widths)
        .header(laid.header)
        .row_highlight_style(theme::selected())
        .block(Block::bordered().border_style(theme::focus_border()));
    let visible = inner.height.saturating_sub(1);
    let first = v
        .selected
        .saturating_sub(visible.saturating_sub(1) as usize);
    let mut state = TableState::default()
        .with_selected((n > 0).then_some(v.selected))
        .with_offset(first);
    frame.render_stateful_widget(table, area, &mut state);
    for k in 0..visible.min(n.saturating_sub(first) as u16) {
        let r = Rect::new(inner.x, inner.y + 1 + k, inner.width, 1);
        hits.add(r, Tap::Row(first + k as usize));
    }
    let note = if n == 0 {
        loc.t("progress.none").to_string()
    } else {
        format!("{} {}", rule_text(loc, app), loc.t("progress.list_hint"))
    };
    frame.render_widget(
        Paragraph::new(note)
            .style(theme::dim())
            .wrap(Wrap { trim: true }),
        foot,
    );
}

/// Where a trainee stands in a skill after a card: cards passed of those
/// needed, and whether the skill passes.
pub fn standing_line(loc: &Locale, s: &SkillProgress) -> Line<'static> {
    let (state, style) = if s.passes {
        (format!("✓ {}", loc.t("progress.passes")), theme::good())
    } else {
        (loc.t("progress.not_yet").to_string(), theme::warn())
    };
    Line::from(styled(
        loc.f(
            "progress.standing",
            &[
                ("skill", skill_name(loc, s.skill)),
                ("passed", &s.cards_passed.len().to_string()),
                ("needed", &s.needed.to_string()),
                ("state", &state),
            ],
        ),
        style,
    ))
}

fn ready_cell(loc: &Locale, t: &TraineeProgress) -> String {
    if t.ready {
        format!("✓ {}", loc.t("progress.ready_short"))
    } else {
        loc.t("progress.not_ready_short").to_string()
    }
}

/// One trainee: the ready mark, then each skill with its scores over time
/// and what is still weak; scrolled when it does not fit.
fn draw_detail(frame: &mut Frame, body: Rect, app: &App, v: &ProgressView, t: &TraineeProgress) {
    let loc = &app.env.locale;
    let [area, foot] = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(body);
    let block = Block::bordered()
        .border_style(theme::focus_border())
        .title(styled(
            format!(" {} · {} ", loc.t("progress.title"), t.trainee),
            theme::title(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = vec![
        ready_line(loc, t),
        Line::from(styled(rule_text(loc, app), theme::dim())),
    ];
    for s in &t.skills {
        lines.push(Line::default());
        lines.extend(skill_lines(app, s, inner.width));
    }
    let total = super::widgets::wrapped_height(&lines, inner.width);
    let scroll = v.scroll.shown(total, inner.height);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
    let more = if v.scroll.more_below() {
        format!("↓ {} · ", loc.t("progress.more"))
    } else {
        String::new()
    };
    frame.render_widget(
        Paragraph::new(styled(
            format!(" {more}{}", loc.t("progress.detail_hint")),
            theme::dim(),
        )),
        foot,
    );
}

fn ready_line(loc: &Locale, t: &TraineeProgress) -> Line<'static> {
    if t.ready {
        return Line::from(styled(
            format!("✓ {}", loc.t("progress.ready")),
            theme::good(),
        ));
    }
    let left: Vec<&str> = (t.still_to_pass().into_iter())
        .map(|s| skill_name(loc, s))
        .collect();
    Line::from(styled(
        loc.f(
            "progress.not_ready",
            &[("skills", &left.join(loc.t("progress.list_sep")))],
        ),
        theme::warn(),
    ))
}

/// The bar for a score: ▁ at 0, █ at 100.
fn bar(percent: i64) -> char {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    BARS[((percent.clamp(0, 100) * 7 + 50) / 100) as usize]
}

fn skill_lines(app: &App, s: &SkillProgress, room: u16) -> Vec<Line<'static>> {
    let loc = &app.env.locale;
    let (state, style) = if s.passes {
        (format!("✓ {}", loc.t("progress.passes")), theme::good())
    } else {
        (loc.t("progress.not_yet").to_string(), theme::warn())
    };
    let mut out = vec![Line::from(vec![
        styled(format!("{} ", skill_name(loc, s.skill)), theme::title()),
        styled(state, style),
    ])];
    if s.attempts == 0 {
        out.push(Line::from(styled(
            format!("  {}", loc.t("progress.not_practised")),
            theme::dim(),
        )));
        return out;
    }
    out.push(Line::raw(format!(
        "  {}",
        loc.f(
            "progress.figures",
            &[
                ("attempts", &s.attempts.to_string()),
                ("passed", &s.cards_passed.len().to_string()),
                ("needed", &s.needed.to_string()),
                ("last", &s.last.unwrap_or(0).to_string()),
                ("best", &s.best.unwrap_or(0).to_string()),
            ],
        )
    )));
    out.push(history_line(loc, s, room));
    if s.weak.is_empty() {
        out.push(Line::from(styled(
            format!("  {}", loc.t("progress.nothing_weak")),
            theme::good(),
        )));
    }
    for w in &s.weak {
        let (what, why) = progress::describe(w, s.skill, loc, &app.visit_data);
        out.push(Line::from(vec![
            styled("  ✗ ".to_string(), theme::error()),
            Span::raw(what),
            styled(
                format!(
                    " · {}",
                    loc.f(
                        "progress.missed",
                        &[("n", &w.missed.to_string()), ("of", &w.of.to_string())]
                    )
                ),
                theme::warn(),
            ),
        ]));
        if !why.is_empty() {
            out.push(Line::from(styled(format!("    {why}"), theme::dim())));
        }
    }
    out
}

/// The scores over time: a bar per attempt (green passed, red not), the
/// latest on the right, then the latest scores in figures as room allows.
fn history_line(loc: &Locale, s: &SkillProgress, room: u16) -> Line<'static> {
    let fit = (room as usize).saturating_sub(4) / 2;
    let bars = s.history.len().min(fit.clamp(4, 40));
    let shown = &s.history[s.history.len() - bars..];
    let mut spans = vec![Span::raw("  ".to_string())];
    for p in shown {
        let style = if p.passed {
            theme::good()
        } else {
            theme::error()
        };
        spans.push(styled(bar(p.percent).to_string(), style));
    }
    let used = 2 + bars;
    let figures: Vec<String> = (s.history.iter().rev())
        .map(|p| format!("{}%", p.percent))
        .collect();
    let mut text = String::new();
    for f in figures {
        let more = format!("{}{f}", if text.is_empty() { "" } else { " ← " });
        if used + 2 + width(&text) as usize + width(&more) as usize + 10 > room as usize {
            break;
        }
        text.push_str(&more);
    }
    if !text.is_empty() {
        spans.push(styled(
            format!("  {} {text}", loc.t("progress.newest")),
            theme::dim(),
        ));
    }
    Line::from(spans)
}
