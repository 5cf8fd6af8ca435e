//! Taking a repair in: the form, the engine's decision beside it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::theme;
use super::widgets::{self, button_text, pad, styled};
use crate::app::repair_form::{RFIELDS, RField, RepairForm, Tap, is_paid};
use crate::app::{Action, App, HitMap};
use crate::domain::aftersale::Decision;
use crate::store::repairs::Owner;

const LABEL_W: u16 = 16;

pub struct RepairLayout {
    pub fields: Rect,
    pub decision: Rect,
    pub buttons: Rect,
}

pub fn layout(body: Rect) -> RepairLayout {
    let [title, main, buttons] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(12),
        Constraint::Length(1),
    ])
    .areas(body);
    let _ = title;
    let (fields, decision) = if main.width >= 100 {
        let [f, d] = Layout::horizontal([Constraint::Length(62), Constraint::Min(30)]).areas(main);
        (f, d)
    } else {
        let [f, d] =
            Layout::vertical([Constraint::Length(RFIELDS.len() as u16), Constraint::Min(3)])
                .areas(main);
        (f, d)
    };
    RepairLayout {
        fields,
        decision,
        buttons,
    }
}

fn buttons(app: &App) -> Vec<String> {
    let ctx = app.contexts();
    vec![
        button_text(
            app.t("desk.take_in"),
            app.env.keymap.key_for(&ctx, Action::Save).as_deref(),
        ),
        button_text(
            app.t("form.cancel"),
            app.env.keymap.key_for(&ctx, Action::Back).as_deref(),
        ),
    ]
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, f: &RepairForm, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let l = layout(body);
    frame.render_widget(
        Paragraph::new(styled(
            format!(" {}", loc.t("desk.intake_title")),
            theme::title(),
        )),
        Rect { height: 1, ..body },
    );
    draw_fields(frame, l.fields, app, f, hits);
    frame.render_widget(
        Paragraph::new(decision_lines(app, f))
            .wrap(Wrap { trim: true })
            .block(
                Block::bordered()
                    .title(format!(" {} ", loc.t("desk.decision")))
                    .border_style(theme::border()),
            ),
        l.decision,
    );
    let texts = buttons(app);
    widgets::buttons(frame, l.buttons, &texts, None);
    for (i, r) in widgets::button_rects(l.buttons, &texts)
        .into_iter()
        .enumerate()
    {
        match i {
            0 => hits.add(r, Tap::Save),
            _ => hits.add(r, Action::Back),
        }
    }
}

/// Each field on its row: label, value (a ‹choice› or an input), its error.
fn draw_fields(frame: &mut Frame, area: Rect, app: &App, f: &RepairForm, hits: &mut HitMap) {
    let loc = &app.env.locale;
    for (i, field) in RFIELDS.iter().enumerate() {
        if i as u16 >= area.height {
            break;
        }
        let y = area.y + i as u16;
        let focused = i == f.focus && app.overlay.is_none();
        let label = loc.t(&format!("intake.{}", field.key()));
        frame.render_widget(
            Paragraph::new(styled(
                pad(label, LABEL_W as usize),
                if focused {
                    theme::focus_border()
                } else {
                    theme::dim()
                },
            )),
            Rect::new(area.x, y, LABEL_W, 1),
        );
        let value_w = area.width.saturating_sub(LABEL_W + 1).min(30);
        let value = Rect::new(area.x + LABEL_W + 1, y, value_w, 1);
        let style = if focused {
            theme::input_focused()
        } else {
            theme::input()
        };
        match field {
            RField::Category => frame.render_widget(
                Paragraph::new(format!(
                    "‹ {} ›",
                    loc.t(&format!("category.{}", f.category().as_str()))
                ))
                .style(style),
                value,
            ),
            RField::Problem => frame.render_widget(
                Paragraph::new(format!(
                    "‹ {} ›",
                    loc.t(&format!("problem.{}", f.problem().as_str()))
                ))
                .style(style),
                value,
            ),
            RField::Repairable => frame.render_widget(
                Paragraph::new(format!(
                    "‹ {} ›",
                    loc.t(if f.repairable {
                        "common.yes"
                    } else {
                        "common.no"
                    })
                ))
                .style(style),
                value,
            ),
            RField::Fee if !is_paid(f) => frame.render_widget(
                Paragraph::new(loc.t("receipt.free")).style(theme::dim()),
                value,
            ),
            _ => widgets::input(frame, value, &f.texts[i], focused),
        }
        let note_x = value.right() + 1;
        let note = Rect::new(note_x, y, area.right().saturating_sub(note_x), 1);
        if let Some(code) = f.error_of(*field) {
            let text = format!("← {}", loc.t(&format!("error.{code}")));
            frame.render_widget(
                Paragraph::new(Span::styled(
                    widgets::fit(&text, note.width as usize),
                    theme::error(),
                )),
                note,
            );
        }
        hits.add(Rect::new(area.x, y, area.width, 1), Tap::Field(i));
    }
}

/// Who the job is for (a form opened blank) and the engine's decision.
fn decision_lines(app: &App, f: &RepairForm) -> Vec<Line<'static>> {
    let loc = &app.env.locale;
    let mut d = Vec::new();
    if f.customer_id.is_none() {
        let (text, style) = match &f.owner {
            Some(Owner::ByPhone { name, .. }) => (
                loc.f("records.owner_phone", &[("name", name)]),
                theme::good(),
            ),
            Some(Owner::ByName { name, .. }) => (
                loc.f("records.owner_name", &[("name", name)]),
                theme::good(),
            ),
            Some(Owner::New) => (loc.t("records.owner_new").to_string(), theme::warn()),
            None => (loc.t("records.owner_needed").to_string(), theme::dim()),
        };
        d.push(Line::from(styled(text, style)));
        d.push(Line::raw(""));
    }
    match &f.ruling {
        Some(r) => {
            let paid_alteration = r.decision == Decision::Refused;
            let (text, style) = if paid_alteration {
                (loc.t("desk.paid_alteration").to_string(), theme::warn())
            } else {
                (
                    loc.t(&format!("decision.{}", r.decision.as_str()))
                        .to_string(),
                    theme::good(),
                )
            };
            d.push(Line::from(styled(text, style)));
            d.push(Line::raw(f.reason_text.clone()));
        }
        None => d.push(Line::from(styled(
            loc.t("desk.intake_needs_date").to_string(),
            theme::dim(),
        ))),
    }
    d
}
