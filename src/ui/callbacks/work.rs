//! The form where one task is worked: who and what, how the contact is
//! made, the miss-you message, the fields and the buttons under them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::key;
use crate::app::callbacks::work::{Tap, WorkForm};
use crate::app::{Action, App, HitMap};
use crate::domain::customer::mask_phone;
use crate::domain::tasks::PURCHASE_CALLBACK;
use crate::ui::theme;
use crate::ui::widgets::{self, button_text, styled};

/// The kinds whose work form says how the contact is made (`tasks.how.<kind>`):
/// the top spender's flower visit, the periodic revisits, the thank-you letter.
const GUIDED: [&str; 4] = [
    "top_spender_visit",
    "season_revisit",
    "made_to_order_revisit",
    "thank_you_letter",
];

/// The rows of the work form: heading, fields, buttons.
fn work_areas(body: Rect, w: &WorkForm) -> (Rect, Rect, Rect) {
    // A miss-you message takes three more lines under the title; the how
    // of a guided kind two.
    let guided = if GUIDED.contains(&w.task.kind.as_str()) {
        2
    } else {
        0
    };
    let head = if w.message.is_some() { 6 } else { 3 } + guided;
    let [head, fields, _, buttons] = Layout::vertical([
        Constraint::Length(head),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(body);
    (head, fields, buttons)
}

fn work_buttons(app: &App, w: &WorkForm) -> Vec<String> {
    let loc = &app.env.locale;
    let mut v = vec![button_text(
        loc.t("tasks.save"),
        key(app, Action::Save).as_deref(),
    )];
    if w.practice.is_some() {
        v.push(button_text(
            loc.t("practice_phone.ask"),
            key(app, Action::NextStep).as_deref(),
        ));
    }
    v.push(button_text(
        loc.t("tasks.add_follow_up"),
        key(app, Action::Add).as_deref(),
    ));
    // A card's call is about its follow-ups: the survey stays on its key.
    if w.task.kind == PURCHASE_CALLBACK && w.practice.is_none() {
        v.push(button_text(
            loc.t("tasks.survey"),
            key(app, Action::Survey).as_deref(),
        ));
    } else if w.message.is_some() {
        v.push(button_text(
            loc.t("tasks.copy_message"),
            key(app, Action::Send).as_deref(),
        ));
    }
    v.push(button_text(
        loc.t("tasks.cancel"),
        key(app, Action::Back).as_deref(),
    ));
    v
}

pub fn draw_work(frame: &mut Frame, body: Rect, app: &App, w: &WorkForm, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let t = &w.task;
    let (head, fields, buttons) = work_areas(body, w);
    let kind = crate::ui::task_note::kind_text(app, &t.kind, &t.source);
    let who = format!("{} {}", t.customer, mask_phone(&t.phone));
    let overdue = t.due_on < app.today();
    let due = loc.f(
        "tasks.work_due",
        &[
            ("due", &t.due_on.format("%Y-%m-%d").to_string()),
            ("staff", &t.staff),
            ("attempts", &t.attempts.to_string()),
        ],
    );
    let mut lines = vec![
        Line::from(styled(
            loc.f("tasks.work_title", &[("kind", &kind), ("customer", &who)]),
            theme::title(),
        )),
        Line::from(styled(
            due,
            if overdue { theme::warn() } else { theme::dim() },
        )),
    ];
    if GUIDED.contains(&t.kind.as_str()) {
        lines.push(Line::from(styled(
            loc.t(&format!("tasks.how.{}", t.kind)).to_string(),
            theme::key(),
        )));
    }
    let note = crate::ui::task_note::note_text(loc, &t.kind, &t.source, &t.note);
    if !note.is_empty() {
        lines.push(Line::from(styled(
            loc.f("tasks.work_note_was", &[("note", &note)]),
            theme::dim(),
        )));
    }
    if let Some(m) = &w.message {
        lines.push(Line::from(styled(
            loc.f("tasks.message", &[("text", m)]),
            theme::key(),
        )));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        head,
    );
    crate::ui::complaints::fields::draw(frame, fields, app, &w.fields, true);
    for (i, r) in crate::ui::complaints::fields::placed(&w.fields, fields) {
        hits.add(r, Tap::Field(i));
    }
    let texts = work_buttons(app, w);
    widgets::buttons(frame, buttons, &texts, None);
    for (r, act) in widgets::button_rects(buttons, &texts)
        .into_iter()
        .zip(work_actions(w))
    {
        hits.add(r, act);
    }
}

/// What each button under the work form does, as from its key.
fn work_actions(w: &WorkForm) -> Vec<Action> {
    let mut v = vec![Action::Save];
    if w.practice.is_some() {
        v.push(Action::NextStep);
    }
    v.push(Action::Add);
    if w.task.kind == PURCHASE_CALLBACK && w.practice.is_none() {
        v.push(Action::Survey);
    } else if w.message.is_some() {
        v.push(Action::Send);
    }
    v.push(Action::Back);
    v
}
