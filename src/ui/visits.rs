//! Open visits, the scenario cards, the per-associate figures and the
//! trainee's scorecard.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Table, TableState, Wrap};

use super::table::{self, Column};
use super::theme;
use super::widgets::{fit, pad, styled};
use crate::app::visits::{PERIODS, ScorecardView, Tap, VisitsKind, VisitsState};
use crate::app::{Action, App, HitMap};
use crate::domain::scorecard::Scorecard;
use crate::domain::visit::{AssociateFigures, StepStatus};
use crate::shop_data::visit_flow::Scenario;

fn list_area(body: Rect) -> (Rect, Rect, Rect) {
    let [head, list, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(3),
    ])
    .areas(body);
    (head, list, foot)
}

/// The line naming how returns are counted (`[figures]`), with the
/// period's returned sales and refunds: shown on the figures and the board.
pub fn returns_line(
    loc: &crate::i18n::Locale,
    rule: &crate::domain::visit::ReturnsRule,
    returned: i64,
    refunded_fen: i64,
) -> String {
    let args = [
        ("n", returned.to_string()),
        ("refunded", loc.money(refunded_fen)),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut line = if returned == 0 {
        loc.t(if rule.net_of_returns {
            "figures.net_none"
        } else {
            "figures.gross_none"
        })
        .to_string()
    } else if rule.net_of_returns {
        loc.f("figures.net", &args)
    } else {
        loc.f("figures.gross", &args)
    };
    if rule.whole_return_unconverts {
        // Chinese sentences follow each other without a space.
        if !loc.is_zh() {
            line.push(' ');
        }
        line.push_str(loc.t("figures.unconverts"));
    }
    line
}

fn offset(selected: usize, rows: u16) -> usize {
    selected.saturating_sub(rows.saturating_sub(1) as usize)
}

/// A list as drawn: its title, the note under it, the columns and rows.
struct List {
    title: String,
    note: String,
    columns: Vec<Column>,
    rows: Vec<(Vec<String>, Style)>,
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, s: &VisitsState, hits: &mut HitMap) {
    let list = match &s.kind {
        VisitsKind::Scorecard(v) => {
            // A tap anywhere goes home, as Enter does.
            hits.add(body, Action::Select);
            return draw_scorecard(frame, body, app, v);
        }
        VisitsKind::Open(open) => open_list(app, open),
        VisitsKind::Stats { period, rows } => stats(app, *period, rows),
    };
    let (head, area, foot) = list_area(body);
    frame.render_widget(
        Paragraph::new(styled(format!(" {}", list.title), theme::title())),
        head,
    );
    let inner = Block::bordered().inner(area);
    let n = list.rows.len();
    let laid = table::lay_out(&list.columns, list.rows, inner.width, 1, theme::title());
    let table = Table::new(laid.rows, laid.widths)
        .header(laid.header)
        .row_highlight_style(theme::selected())
        .block(Block::bordered().border_style(theme::focus_border()));
    let visible = inner.height.saturating_sub(1);
    let first = offset(s.selected, visible);
    let mut state = TableState::default()
        .with_selected((n > 0).then_some(s.selected))
        .with_offset(first);
    frame.render_stateful_widget(table, area, &mut state);
    for k in 0..visible.min(n.saturating_sub(first) as u16) {
        let r = Rect::new(inner.x, inner.y + 1 + k, inner.width, 1);
        hits.add(r, Tap::Row(first + k as usize));
    }
    frame.render_widget(
        Paragraph::new(list.note)
            .style(theme::dim())
            .wrap(Wrap { trim: true }),
        foot,
    );
}

/// The open visits, to resume one.
fn open_list(app: &App, open: &[crate::store::visits::OpenRow]) -> List {
    let loc = &app.env.locale;
    List {
        title: loc.t("visits.open_title").to_string(),
        note: if open.is_empty() {
            loc.t("visits.none_open").to_string()
        } else {
            loc.t("visits.open_hint").to_string()
        },
        columns: vec![
            Column::whole(loc.t("visits.col_started"), 0),
            Column::text(loc.t("visits.col_customer"), 0, 8).grow(),
            Column::text(loc.t("visits.col_step"), 1, 6),
            Column::text(loc.t("visits.col_staff"), 2, 6),
            Column::whole(loc.t("visits.col_saved"), 3),
        ],
        rows: open
            .iter()
            .map(|r| {
                let step = app
                    .flow()
                    .steps
                    .get((r.step - 1).clamp(0, 7) as usize)
                    .map(|s| format!("{} {}", r.step, s.short))
                    .unwrap_or_default();
                let cells = vec![
                    r.started_on.clone(),
                    r.customer
                        .clone()
                        .unwrap_or_else(|| loc.t("visit.walk_in").to_string()),
                    step,
                    r.staff.clone(),
                    crate::app::form::local_time(&r.updated_at),
                ];
                (cells, Style::new())
            })
            .collect(),
    }
}

/// Visits, conversion, basket and add-on share per associate.
fn stats(app: &App, period: usize, rows: &[AssociateFigures]) -> List {
    let loc = &app.env.locale;
    let target = app.env.policy.visit.add_on_target_percent;
    let returns = returns_line(
        loc,
        &app.env.policy.figures,
        rows.iter().map(|f| f.returned).sum(),
        rows.iter().map(|f| f.refunded_fen).sum(),
    );
    let pct = |p: Option<u32>| p.map(|p| format!("{p}%")).unwrap_or("—".into());
    List {
        title: loc.f("stats.title", &[("days", &PERIODS[period].to_string())]),
        note: format!(
            "{returns}\n{}",
            loc.f("stats.hint", &[("target", &target.to_string())])
        ),
        columns: vec![
            Column::text(loc.t("stats.col_staff"), 0, 6).grow(),
            Column::whole(loc.t("stats.col_visits"), 1),
            Column::whole(loc.t("stats.col_conversion"), 0).right(),
            Column::money(loc.t("stats.col_basket"), 0),
            Column::whole(loc.t("stats.col_add_on"), 0),
        ],
        rows: rows
            .iter()
            .map(|f| {
                let add_on = f.add_on_percent();
                let met = add_on.is_some_and(|p| p >= target);
                let cells = vec![
                    f.name.clone(),
                    format!("{} / {}", f.bought, f.visits),
                    pct(f.conversion_percent()),
                    f.average_basket_fen()
                        .map(|b| loc.money(b))
                        .unwrap_or("—".into()),
                    format!("{} {}", pct(add_on), if met { "✓" } else { "" }),
                ];
                (cells, if met { theme::good() } else { Style::new() })
            })
            .collect(),
    }
}

fn draw_scorecard(frame: &mut Frame, body: Rect, app: &App, v: &ScorecardView) {
    let loc = &app.env.locale;
    let flow = app.flow();
    let c = &v.card;
    let scenario = app.visit_data.scenario(&loc.lang, &c.scenario);
    let mut lines: Vec<Line> = vec![
        Line::from(styled(
            loc.f(
                "training.score_title",
                &[
                    ("trainee", &v.trainee),
                    (
                        "card",
                        scenario.map(|s| s.title.as_str()).unwrap_or(&c.scenario),
                    ),
                    ("percent", &v.percent.to_string()),
                ],
            ),
            theme::title(),
        )),
        Line::raw(loc.f(
            "training.score_summary",
            &[
                ("done", &c.done().to_string()),
                ("skipped", &c.skipped().to_string()),
                ("missed", &c.missed().to_string()),
                ("answered", &c.answered().to_string()),
                ("raised", &c.objections.len().to_string()),
            ],
        )),
    ];
    // Where the trainee stands in the skill, before the details that may
    // run off a small screen.
    if let Some(s) = &v.standing {
        lines.push(super::practice_progress::standing_line(loc, s));
    }
    for (i, s) in c.steps.iter().enumerate() {
        let status = match s.status {
            StepStatus::Done => loc.t("training.done"),
            StepStatus::Skipped => loc.t("training.skipped"),
            StepStatus::Pending => loc.t("training.pending"),
        };
        let missed: Vec<&str> = s
            .missed
            .iter()
            .filter_map(|id| flow.steps[i].checklist.iter().find(|x| &x.id == id))
            .map(|x| x.text.as_str())
            .collect();
        let style = if s.status == StepStatus::Done && missed.is_empty() {
            theme::good()
        } else {
            theme::warn()
        };
        let mut text = format!(
            "{} {} {:02}:{:02} {}",
            i + 1,
            pad(&flow.steps[i].short, 8),
            s.seconds / 60,
            s.seconds % 60,
            pad(status, 8)
        );
        if !missed.is_empty() {
            text.push_str(&format!(
                " {} {}",
                loc.t("training.missed"),
                missed.join("；")
            ));
        }
        lines.push(Line::from(styled(fit(&text, body.width as usize), style)));
    }
    lines.extend(objection_lines(app, c, scenario));
    if let Some(s) = scenario {
        lines.push(Line::from(styled(
            loc.t("training.good_title").to_string(),
            theme::title(),
        )));
        lines.push(Line::raw(s.good.join("；")));
    }
    match &v.not_kept {
        Some(e) => lines.push(Line::from(styled(
            loc.f("training.not_kept", &[("detail", e)]),
            theme::error(),
        ))),
        None => {
            let hist: Vec<String> = v
                .history
                .iter()
                .rev()
                .take(6)
                .map(|(at, _, p)| format!("{at} {p}%"))
                .collect();
            lines.push(Line::raw(loc.f(
                "training.history",
                &[
                    ("n", &v.history.len().to_string()),
                    ("list", &hist.join(" · ")),
                ],
            )));
        }
    }
    let first = v.scroll.shown(
        super::widgets::wrapped_height(&lines, body.width),
        body.height,
    );
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .scroll((first, 0)),
        body,
    );
    if v.scroll.more_below() && body.height > 0 {
        let last = Rect::new(body.x, body.y + body.height - 1, body.width, 1);
        let more = format!("↓ {} (↑↓)", loc.t("progress.more"));
        frame.render_widget(
            Paragraph::new(styled(more, theme::key())).alignment(ratatui::layout::Alignment::Right),
            last,
        );
    }
}

/// Each objection the card raised: how it was answered, and a good answer.
fn objection_lines<'a>(app: &'a App, c: &Scorecard, scenario: Option<&Scenario>) -> Vec<Line<'a>> {
    let loc = &app.env.locale;
    let mut lines = Vec::new();
    for (i, o) in c.objections.iter().enumerate() {
        let words = scenario
            .and_then(|s| s.objections.get(i))
            .map(|x| x.words.as_str())
            .unwrap_or("");
        let verdict = if o.answered {
            loc.t("training.answered")
        } else {
            loc.t("training.not_answered")
        };
        lines.push(Line::from(vec![
            styled(
                format!("{} ", loc.t(&format!("objection.{}", o.kind.id()))),
                theme::title(),
            ),
            Span::raw(format!("{words} — ")),
            styled(
                verdict.to_string(),
                if o.answered {
                    theme::good()
                } else {
                    theme::error()
                },
            ),
        ]));
        if !o.answer.is_empty() {
            lines.push(Line::raw(format!("   ↳ {}", o.answer)));
        }
        if let Some(good) = scenario.and_then(|s| s.objections.get(i)) {
            lines.push(Line::raw(format!("   ✎ {}", good.good_answer)));
        }
    }
    lines
}
