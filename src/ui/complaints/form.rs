//! The plain forms: taking a complaint in, the survey, an opinion. A
//! title, the fields, and Save / Cancel buttons.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{button, fields};
use crate::app::complaints::fields::Fields;
use crate::app::complaints::intake::IntakeState;
use crate::app::complaints::opinion::OpinionState;
use crate::app::complaints::survey::SurveyState;
use crate::app::{Action, App, HitMap};
use crate::ui::theme;
use crate::ui::widgets::{self, styled};

struct FormLayout {
    head: Rect,
    fields: Rect,
    buttons: Rect,
}

fn layout(body: Rect, head_rows: u16) -> FormLayout {
    let [head, _, fields, buttons] = Layout::vertical([
        Constraint::Length(head_rows),
        Constraint::Length(1),
        Constraint::Min(2),
        Constraint::Length(1),
    ])
    .areas(body);
    FormLayout {
        head,
        fields,
        buttons,
    }
}

/// The buttons, each with the action it does.
const BUTTONS: [(&str, Action); 2] = [("form.save", Action::Save), ("form.cancel", Action::Back)];

fn draw_form(
    frame: &mut Frame,
    body: Rect,
    app: &App,
    head: Vec<Line>,
    f: &Fields,
    hits: &mut HitMap,
) {
    let l = layout(body, head.len() as u16);
    frame.render_widget(Paragraph::new(head), l.head);
    fields::draw(frame, l.fields, app, f, true);
    fields::record_taps(l.fields, f, hits);
    let texts: Vec<String> = BUTTONS.iter().map(|(k, a)| button(app, k, *a)).collect();
    widgets::buttons(frame, l.buttons, &texts, None);
    for (r, (_, a)) in widgets::button_rects(l.buttons, &texts)
        .into_iter()
        .zip(BUTTONS)
    {
        hits.add(r, a);
    }
}

pub fn draw_intake(frame: &mut Frame, body: Rect, app: &App, s: &IntakeState, hits: &mut HitMap) {
    let head = vec![Line::from(vec![
        styled(
            format!(" {} ", app.t("complaints.intake.title")),
            theme::title(),
        ),
        styled(
            format!("  {}", app.t("complaints.intake.note")),
            theme::dim(),
        ),
    ])];
    draw_form(frame, body, app, head, &s.fields, hits);
}

pub fn draw_survey(frame: &mut Frame, body: Rect, app: &App, s: &SurveyState, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let source = app.t(&format!("complaints.survey_source.{}", s.links.source));
    let mut about = vec![source.to_string()];
    if !s.links.customer_name.is_empty() {
        about.push(s.links.customer_name.clone());
    }
    if !s.links.complaint_no.is_empty() {
        about.push(s.links.complaint_no.clone());
    }
    let mean = s
        .mean_so_far()
        .map(|m| {
            loc.f(
                "complaints.survey.mean",
                &[("mean", &format!("{}.{:02}", m / 100, m % 100))],
            )
        })
        .unwrap_or_default();
    let head = vec![
        Line::from(vec![
            styled(
                format!(" {} ", app.t("complaints.survey.title")),
                theme::title(),
            ),
            styled(format!("  {}", about.join(" · ")), theme::dim()),
        ]),
        Line::from(vec![
            styled(format!(" {mean} "), theme::good()),
            styled(app.t("complaints.survey.scale").to_string(), theme::dim()),
        ]),
    ];
    draw_form(frame, body, app, head, &s.fields, hits);
}

pub fn draw_opinion(frame: &mut Frame, body: Rect, app: &App, s: &OpinionState, hits: &mut HitMap) {
    let head = vec![Line::from(vec![
        styled(
            format!(" {} ", app.t("complaints.opinion.title")),
            theme::title(),
        ),
        styled(
            format!("  {}", app.t("complaints.opinion.note")),
            theme::dim(),
        ),
    ])];
    draw_form(frame, body, app, head, &s.fields, hits);
}
