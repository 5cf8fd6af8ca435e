//! Open visits, the scenario cards, the per-associate figures and the
//! trainee's scorecard.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState, Wrap};

use super::theme;
use super::widgets::{self, fit, pad, styled};
use crate::app::visits::{PERIODS, ScorecardView, VisitsKind, VisitsState};
use crate::app::{Action, App};
use crate::domain::visit::StepStatus;

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
    let mut line = if rule.net_of_returns {
        loc.f("figures.net", &args)
    } else {
        loc.f("figures.gross", &args)
    };
    if rule.whole_return_unconverts {
        line.push(' ');
        line.push_str(loc.t("figures.unconverts"));
    }
    line
}

fn offset(selected: usize, rows: u16) -> usize {
    selected.saturating_sub(rows.saturating_sub(1) as usize)
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, s: &VisitsState) {
    let loc = &app.env.locale;
    let (head, list, foot) = list_area(body);
    let (title, note, header, rows, widths): (
        String,
        String,
        Vec<String>,
        Vec<Row>,
        Vec<Constraint>,
    ) = match &s.kind {
        VisitsKind::Scorecard(v) => return draw_scorecard(frame, body, app, v),
        VisitsKind::Progress(rows) => (
            loc.t("training.progress_title").to_string(),
            if rows.is_empty() {
                loc.t("training.no_progress").to_string()
            } else {
                loc.t("training.progress_hint").to_string()
            },
            vec![
                loc.t("training.col_trainee").into(),
                loc.t("training.col_when").into(),
                loc.t("training.col_card").into(),
                loc.t("training.col_score").into(),
                loc.t("training.col_steps").into(),
                loc.t("training.col_objections").into(),
            ],
            rows.iter()
                .map(|r| {
                    let card = app
                        .visit_data
                        .scenario(&loc.lang, &r.scenario)
                        .map(|c| c.title.clone())
                        .unwrap_or_else(|| r.scenario.clone());
                    Row::new([
                        r.trainee.clone(),
                        crate::app::form::local_time(&r.at),
                        card,
                        format!("{}%", r.percent),
                        format!("{}✓ {}↷ −{}", r.steps_done, r.skipped, r.missed),
                        format!("{}/{}", r.answered, r.objections),
                    ])
                })
                .collect(),
            vec![
                Constraint::Length(10),
                Constraint::Length(17),
                Constraint::Min(16),
                Constraint::Length(5),
                Constraint::Length(12),
                Constraint::Length(5),
            ],
        ),
        VisitsKind::Open(open) => (
            loc.t("visits.open_title").to_string(),
            if open.is_empty() {
                loc.t("visits.none_open").to_string()
            } else {
                loc.t("visits.open_hint").to_string()
            },
            vec![
                loc.t("visits.col_started").into(),
                loc.t("visits.col_customer").into(),
                loc.t("visits.col_step").into(),
                loc.t("visits.col_staff").into(),
                loc.t("visits.col_saved").into(),
            ],
            open.iter()
                .map(|r| {
                    let step = app
                        .flow()
                        .steps
                        .get((r.step - 1).clamp(0, 7) as usize)
                        .map(|s| format!("{} {}", r.step, s.short))
                        .unwrap_or_default();
                    Row::new([
                        r.started_on.clone(),
                        r.customer
                            .clone()
                            .unwrap_or_else(|| loc.t("visit.walk_in").to_string()),
                        step,
                        r.staff.clone(),
                        crate::app::form::local_time(&r.updated_at),
                    ])
                })
                .collect(),
            vec![
                Constraint::Length(11),
                Constraint::Length(14),
                Constraint::Length(12),
                Constraint::Length(10),
                Constraint::Min(16),
            ],
        ),
        VisitsKind::Scenarios => (
            loc.t("training.pick_title").to_string(),
            loc.t("training.pick_hint").to_string(),
            vec![
                loc.t("training.col_card").into(),
                loc.t("training.col_persona").into(),
            ],
            app.visit_data
                .scenarios(&loc.lang)
                .iter()
                .map(|c| Row::new([c.title.clone(), c.persona.clone()]))
                .collect(),
            vec![Constraint::Length(28), Constraint::Min(20)],
        ),
        VisitsKind::Stats { period, rows } => {
            let target = app.env.policy.visit.add_on_target_percent;
            let returns = returns_line(
                loc,
                &app.env.policy.figures,
                rows.iter().map(|f| f.returned).sum(),
                rows.iter().map(|f| f.refunded_fen).sum(),
            );
            (
                loc.f("stats.title", &[("days", &PERIODS[*period].to_string())]),
                format!(
                    "{returns}\n{}",
                    loc.f("stats.hint", &[("target", &target.to_string())])
                ),
                vec![
                    loc.t("stats.col_staff").into(),
                    loc.t("stats.col_visits").into(),
                    loc.t("stats.col_conversion").into(),
                    loc.t("stats.col_basket").into(),
                    loc.t("stats.col_add_on").into(),
                ],
                rows.iter()
                    .map(|f| {
                        let pct = |p: Option<u32>| p.map(|p| format!("{p}%")).unwrap_or("—".into());
                        let add_on = f.add_on_percent();
                        let row = Row::new([
                            f.name.clone(),
                            format!("{} / {}", f.bought, f.visits),
                            pct(f.conversion_percent()),
                            f.average_basket_fen()
                                .map(|b| loc.money(b))
                                .unwrap_or("—".into()),
                            format!(
                                "{} {}",
                                pct(add_on),
                                if add_on.is_some_and(|p| p >= target) {
                                    "✓"
                                } else {
                                    ""
                                }
                            ),
                        ]);
                        if add_on.is_some_and(|p| p >= target) {
                            row.style(theme::good())
                        } else {
                            row
                        }
                    })
                    .collect(),
                vec![
                    Constraint::Length(12),
                    Constraint::Length(9),
                    Constraint::Length(10),
                    Constraint::Length(13),
                    Constraint::Min(10),
                ],
            )
        }
    };
    frame.render_widget(
        Paragraph::new(styled(format!(" {title}"), theme::title())),
        head,
    );
    let n = rows.len();
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme::title()))
        .row_highlight_style(theme::selected())
        .block(Block::bordered().border_style(theme::focus_border()));
    let inner = Block::bordered().inner(list).height.saturating_sub(1);
    let mut state = TableState::default()
        .with_selected((n > 0).then_some(s.selected))
        .with_offset(offset(s.selected, inner));
    frame.render_stateful_widget(table, list, &mut state);
    frame.render_widget(
        Paragraph::new(note)
            .style(theme::dim())
            .wrap(Wrap { trim: true }),
        foot,
    );
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
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), body);
}

pub fn hit(body: Rect, s: &VisitsState, column: u16, row: u16) -> Option<Action> {
    if matches!(s.kind, VisitsKind::Scorecard(_)) {
        return Some(Action::Select);
    }
    let (_, list, _) = list_area(body);
    let inner = Block::bordered().inner(list);
    let first = inner.y + 1;
    if !widgets::contains(inner, column, row) || row < first {
        return None;
    }
    Some(Action::Pick {
        zone: 0,
        index: (offset(s.selected, inner.height.saturating_sub(1)) + (row - first) as usize) as u16,
    })
}
