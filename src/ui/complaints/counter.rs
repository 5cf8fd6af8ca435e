//! The nine steps at the counter: the checklist on the left, the step in
//! view on the right with its tip, the example phrases and its fields.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::fields;
use crate::app::complaints::counter::{CounterState, Tap};
use crate::app::{Action, App, HitMap};
use crate::domain::complaint::counter::Step;
use crate::ui::theme;
use crate::ui::widgets::{self, styled, width};

const STEPS_W: u16 = 22;

struct CounterLayout {
    head: Rect,
    steps: Rect,
    text: Rect,
    fields: Rect,
    buttons: Rect,
}

/// The lines of the step's title, tip and phrases as wrapped, and a blank.
fn text_height(app: &App, s: &CounterState, w: u16) -> u16 {
    let w = w.max(1) as usize;
    let rows = |t: &str| (width(t) as usize).div_ceil(w).max(1) as u16;
    let step = s.current();
    let loc = &app.env.locale;
    let phrases: u16 = app
        .env
        .policy
        .service
        .complaints
        .phrases(step, &loc.lang)
        .iter()
        .map(|p| rows(&format!("« {p} »")))
        .sum();
    1 + rows(loc.t(&format!("complaints.step.{}.tip", step.id()))) + phrases + 1
}

fn layout(app: &App, body: Rect, s: &CounterState) -> CounterLayout {
    let [head, main, buttons] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
    ])
    .areas(body);
    let [steps, right] =
        Layout::horizontal([Constraint::Length(STEPS_W), Constraint::Min(20)]).areas(main);
    let right = Rect {
        x: right.x + 1,
        width: right.width.saturating_sub(1),
        ..right
    };
    // The fields come first: on a short screen (the customer's pane under
    // the counter at 80x24) the tip and phrases give way, the title stays.
    let fields_rows: u16 = s.fields().items.len() as u16;
    let text_rows = text_height(app, s, right.width)
        .min(right.height.saturating_sub(fields_rows))
        .max(1);
    let [text, fields] =
        Layout::vertical([Constraint::Length(text_rows), Constraint::Min(1)]).areas(right);
    CounterLayout {
        head,
        steps,
        text,
        fields,
        buttons,
    }
}

/// The buttons with the action each does: back a step, tick it and go on, cancel.
fn buttons(app: &App, s: &CounterState) -> Vec<(String, Action)> {
    let ctx = app.contexts();
    let key = |a| app.env.keymap.key_for(&ctx, a);
    let next = if s.step == 8 {
        app.t("complaints.counter.finish")
    } else {
        app.t("complaints.counter.next")
    };
    [
        (app.t("complaints.counter.prev"), Action::PageUp),
        (next, Action::Save),
        (app.t("form.cancel"), Action::Back),
    ]
    .into_iter()
    .map(|(label, a)| (widgets::button_text(label, key(a).as_deref()), a))
    .collect()
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, s: &CounterState, hits: &mut HitMap) {
    // A training card: the customer speaks beside (or under) the counter.
    let body = match &s.practice {
        Some(p) => {
            let (main, pane) = crate::ui::practice::split(area);
            if let Some(pane) = pane {
                crate::ui::practice::pane(frame, pane, app, &p.playing);
            }
            main
        }
        None => area,
    };
    let loc = &app.env.locale;
    let l = layout(app, body, s);
    let step = s.current();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            styled(
                format!(" {} ", loc.t("complaints.counter.title")),
                theme::title(),
            ),
            styled(
                loc.f(
                    "complaints.counter.progress",
                    &[
                        ("n", &step.number().to_string()),
                        (
                            "done",
                            &s.ticked.iter().filter(|t| t.is_some()).count().to_string(),
                        ),
                    ],
                ),
                theme::dim(),
            ),
        ])),
        l.head,
    );
    draw_steps(frame, l.steps, app, s, hits);
    let mut text = vec![
        Line::from(styled(
            format!(
                "{} {}",
                step.number(),
                loc.t(&format!("complaints.step.{}.title", step.id()))
            ),
            theme::focus_border(),
        )),
        Line::from(Span::raw(
            loc.t(&format!("complaints.step.{}.tip", step.id()))
                .to_string(),
        )),
    ];
    for p in app.env.policy.service.complaints.phrases(step, &loc.lang) {
        text.push(Line::from(styled(format!("« {p} »"), theme::warn())));
    }
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), l.text);
    fields::draw(frame, l.fields, app, s.fields(), true);
    fields::record_taps(l.fields, s.fields(), hits);
    let buttons = buttons(app, s);
    let texts: Vec<String> = buttons.iter().map(|(t, _)| t.clone()).collect();
    widgets::buttons(frame, l.buttons, &texts, None);
    for (r, (_, a)) in widgets::button_rects(l.buttons, &texts)
        .into_iter()
        .zip(buttons)
    {
        hits.add(r, a);
    }
}

/// The checklist of the nine steps; a tap on a step reached goes to it.
fn draw_steps(frame: &mut Frame, area: Rect, app: &App, s: &CounterState, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let reachable = s.reachable();
    let items: Vec<Line> = Step::ALL
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let mark = if s.ticked[i].is_some() {
                "✓"
            } else if i == s.step {
                "▸"
            } else {
                " "
            };
            let text = format!(
                "{mark} {} {}",
                i + 1,
                loc.t(&format!("complaints.step.{}.title", st.id()))
            );
            let style = if i == s.step {
                theme::selected()
            } else if s.ticked[i].is_some() {
                theme::good()
            } else if i <= reachable {
                ratatui::style::Style::default()
            } else {
                theme::dim()
            };
            Line::from(styled(text, style))
        })
        .collect();
    frame.render_widget(
        Paragraph::new(items).block(
            Block::bordered()
                .title(format!(" {} ", loc.t("complaints.counter.steps")))
                .border_style(theme::border()),
        ),
        area,
    );
    let inner = Block::bordered().inner(area);
    for i in 0..inner.height.min(9) {
        hits.add(
            Rect::new(inner.x, inner.y + i, inner.width, 1),
            Tap(i as usize),
        );
    }
}
