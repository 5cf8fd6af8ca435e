//! The customer form: one row a field, its check's message beside it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph, Wrap};

use super::theme;
use super::widgets::{self, button_text, pad, styled};
use crate::app::form::{FormField, FormState, Tap};
use crate::app::{Action, App, HitMap};
use crate::domain::customer::{Field, Kind, Profile};
use crate::i18n::Locale;

const LABEL_W: u16 = 20;

/// A row of the form: a section heading or a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormRow {
    Heading(Profile),
    Field(usize),
    /// A field's message too long to sit beside it, on its own line below.
    Note(usize),
}

/// The columns of a field's value, and where its message starts.
fn value_width(rows_width: u16) -> u16 {
    // Room is kept beside the value for the check's message.
    rows_width.saturating_sub(LABEL_W + 1 + 30).clamp(16, 44)
}

/// A field's message, if the check refused its value.
fn message(loc: &crate::i18n::Locale, f: &FormState, i: usize) -> Option<String> {
    let ff = &f.fields[i];
    f.error_of(ff.field)
        .map(|code| format!("← {}", loc.t(&format!("error.{code}"))))
}

/// The form's lines for a rows area `width` wide: headings, fields, and a
/// line of its own under a field whose message does not fit beside it (a
/// message naming what is expected is never cut).
pub fn rows(f: &FormState, loc: &crate::i18n::Locale, width: u16) -> Vec<FormRow> {
    let beside = width.saturating_sub(LABEL_W + 1 + value_width(width) + 1);
    let mut out = Vec::new();
    let mut last = None;
    for (i, ff) in f.fields.iter().enumerate() {
        let p = ff.field.profile();
        if last != Some(p) {
            out.push(FormRow::Heading(p));
            last = Some(p);
        }
        out.push(FormRow::Field(i));
        if message(loc, f, i).is_some_and(|m| widgets::width(&m) > beside) {
            out.push(FormRow::Note(i));
        }
    }
    out
}

pub struct FormLayout {
    pub head: Rect,
    pub conflict: Rect,
    pub rows: Rect,
    pub buttons: Rect,
}

pub fn layout(body: Rect, f: &FormState) -> FormLayout {
    let [head, conflict, rows, buttons] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(if f.conflict.is_some() { 2 } else { 0 }),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(body);
    FormLayout {
        head,
        conflict,
        rows,
        buttons,
    }
}

/// The first row shown: the focused field stays in view, with its heading if it can.
fn first_row(all: &[FormRow], focus: usize, height: u16) -> usize {
    let at = all
        .iter()
        .position(|r| *r == FormRow::Field(focus))
        .unwrap_or(0);
    let h = height.max(1) as usize;
    if at < h {
        0
    } else {
        at + 1 - h + (at + 1 < all.len()) as usize
    }
    .min(all.len().saturating_sub(h))
}

fn button_texts(app: &App) -> Vec<String> {
    let ctx = app.contexts();
    vec![
        button_text(
            app.t("form.save"),
            app.env.keymap.key_for(&ctx, Action::Save).as_deref(),
        ),
        button_text(
            app.t("form.cancel"),
            app.env.keymap.key_for(&ctx, Action::Back).as_deref(),
        ),
    ]
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, f: &FormState, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let l = layout(body, f);
    draw_head(frame, l.head, app, f);
    if let Some(c) = &f.conflict {
        frame.render_widget(
            Paragraph::new(c.as_str())
                .style(theme::error())
                .wrap(Wrap { trim: true }),
            l.conflict,
        );
    }
    let all = rows(f, loc, l.rows.width);
    let start = first_row(&all, f.focus, l.rows.height);
    for (k, r) in all
        .iter()
        .skip(start)
        .take(l.rows.height as usize)
        .enumerate()
    {
        let line_area = Rect {
            y: l.rows.y + k as u16,
            height: 1,
            ..l.rows
        };
        match *r {
            FormRow::Heading(p) => {
                let key = match p {
                    Profile::Hard => "file.hard",
                    Profile::Soft => "file.soft",
                    Profile::Consent => "file.consent",
                    Profile::Relation => "file.relation",
                };
                frame.render_widget(
                    Paragraph::new(styled(loc.t(key).to_string(), theme::title())),
                    line_area,
                );
            }
            FormRow::Note(i) => {
                let x = line_area.x + LABEL_W + 1;
                let area = Rect {
                    x,
                    width: line_area.right().saturating_sub(x),
                    ..line_area
                };
                let text = message(loc, f, i).unwrap_or_default();
                frame.render_widget(
                    Paragraph::new(Span::styled(
                        widgets::fit(&text, area.width as usize),
                        theme::error(),
                    )),
                    area,
                );
            }
            FormRow::Field(i) => {
                let below = all.get(start + k + 1) == Some(&FormRow::Note(i));
                draw_field(frame, line_area, app, f, i, below);
                hits.add(line_area, Tap::Field(i));
            }
        }
    }
    let texts = button_texts(app);
    widgets::buttons(frame, l.buttons, &texts, None);
    // Save, then cancel: each the action of its key.
    for (i, r) in widgets::button_rects(l.buttons, &texts).iter().enumerate() {
        hits.add(*r, if i == 0 { Action::Save } else { Action::Back });
    }
}

/// The title and the completeness the values on screen would give.
fn draw_head(frame: &mut Frame, head: Rect, app: &App, f: &FormState) {
    let loc = &app.env.locale;
    let title = match f.customer_id {
        None => loc.t("form.new_title").to_string(),
        Some(_) => loc.f("form.edit_title", &[("name", f.original.get(Field::Name))]),
    };
    let [t, g] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(head);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            styled(format!(" {title} "), theme::title()),
            styled(format!("  {}", loc.t("form.required_note")), theme::dim()),
        ])),
        t,
    );
    let score = f.completeness(false);
    frame.render_widget(
        Gauge::default()
            .gauge_style(theme::good())
            .percent(score as u16)
            .label(loc.f("file.completeness", &[("n", &score.to_string())])),
        g,
    );
}

/// One field's line: its label, its value, and its message or hint beside
/// it (unless the message has a line of its own below).
fn draw_field(
    frame: &mut Frame,
    line_area: Rect,
    app: &App,
    f: &FormState,
    i: usize,
    note_below: bool,
) {
    let loc = &app.env.locale;
    let ff = &f.fields[i];
    let focused = i == f.focus;
    let mut label = loc.t(&format!("field.{}", ff.field.key())).to_string();
    if ff.field.required() {
        label.push('*');
    }
    let label_style = if focused {
        theme::focus_border()
    } else {
        theme::dim()
    };
    frame.render_widget(
        Paragraph::new(styled(pad(&label, LABEL_W as usize), label_style)),
        Rect {
            width: LABEL_W,
            ..line_area
        },
    );
    let value_area = Rect {
        x: line_area.x + LABEL_W + 1,
        width: value_width(line_area.width),
        ..line_area
    };
    match ff.field.kind() {
        Kind::Choice(_) | Kind::Yes => {
            let shown = choice_text(loc, ff);
            let style = if focused {
                theme::input_focused()
            } else {
                theme::input()
            };
            frame.render_widget(
                Paragraph::new(format!("‹ {shown} ›")).style(style),
                value_area,
            );
        }
        _ => widgets::input(
            frame,
            value_area,
            &ff.input,
            focused && app.overlay.is_none(),
        ),
    }
    let note_x = value_area.right() + 1;
    let note_area = Rect {
        x: note_x,
        width: line_area.right().saturating_sub(note_x),
        ..line_area
    };
    let msg = message(loc, f, i);
    if let (Some(text), false) = (&msg, note_below) {
        frame.render_widget(
            Paragraph::new(Span::styled(text.clone(), theme::error())),
            note_area,
        );
    } else if msg.is_none() && focused {
        let hint_key = format!("hint.{}", ff.field.key());
        if loc.has(&hint_key) {
            frame.render_widget(
                Paragraph::new(Span::styled(loc.t(&hint_key).to_string(), theme::dim())),
                note_area,
            );
        }
    }
}

/// What a ‹choice› field shows: yes or no, or the gender chosen (or unset).
fn choice_text(loc: &Locale, ff: &FormField) -> String {
    let v = ff.input.value();
    match ff.field.kind() {
        Kind::Yes => loc
            .t(if v == "1" { "common.yes" } else { "common.no" })
            .to_string(),
        _ if v.is_empty() => loc.t("gender.unset").to_string(),
        _ => loc.t(&format!("gender.{v}")).to_string(),
    }
}
