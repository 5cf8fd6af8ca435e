//! The staff list and its editor.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState};

use super::theme;
use super::widgets::{self, button_text, pad, styled};
use crate::app::staff::{FIELDS, StaffEditor, StaffState, Tap};
use crate::app::{Action, App, HitMap};
use crate::store::staff_admin::StaffRow;

const LABEL_W: u16 = 18;

pub struct StaffLayout {
    pub list: Rect,
    pub fields: [Rect; FIELDS],
    pub buttons: Rect,
}

pub fn layout(body: Rect) -> StaffLayout {
    let [list, editor] = Layout::vertical([Constraint::Min(5), Constraint::Length(9)]).areas(body);
    let inner = Block::bordered().inner(editor);
    let rows = Layout::vertical([Constraint::Length(1); 7]).split(inner);
    let field = |i: usize| Rect {
        x: rows[i].x + LABEL_W,
        width: rows[i].width.saturating_sub(LABEL_W).min(30),
        ..rows[i]
    };
    StaffLayout {
        list: Block::bordered().inner(list),
        fields: [field(0), field(1), field(2), field(3), field(4)],
        buttons: rows[6],
    }
}

fn labels() -> [&'static str; FIELDS] {
    [
        "staff.name",
        "staff.role",
        "staff.active",
        "staff.new_pin",
        "staff.pin_again",
    ]
}

fn buttons(app: &App) -> Vec<String> {
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

pub fn draw(frame: &mut Frame, body: Rect, app: &App, s: &StaffState, hits: &mut HitMap) {
    let loc = &app.env.locale;
    let [list_area, editor_area] =
        Layout::vertical([Constraint::Min(5), Constraint::Length(9)]).areas(body);
    let l = layout(body);
    let rows: Vec<Row> = s
        .rows
        .iter()
        .map(|r| {
            let state = status(app, s, r);
            let row = Row::new([
                pad(&r.name, 16),
                loc.t(&format!("role.{}", r.role.id())).to_string(),
                state,
            ]);
            if r.active {
                row
            } else {
                row.style(theme::dim())
            }
        })
        .collect();
    let title = if app.is_manager() {
        loc.t("staff.title")
    } else {
        loc.t("staff.my_pin")
    };
    let table = Table::new(
        rows,
        [
            Constraint::Length(16),
            Constraint::Length(18),
            Constraint::Min(8),
        ],
    )
    .row_highlight_style(if s.editor.is_none() {
        theme::selected()
    } else {
        theme::selected_dim()
    })
    .block(
        Block::bordered()
            .title(format!(" {title} "))
            .border_style(if s.editor.is_none() {
                theme::focus_border()
            } else {
                theme::border()
            }),
    );
    let mut state = TableState::default().with_selected(Some(s.selected));
    frame.render_stateful_widget(table, list_area, &mut state);
    record_taps(&l, body, app, s, hits);
    let Some(ed) = &s.editor else {
        frame.render_widget(
            Paragraph::new(loc.t("staff.hint"))
                .style(theme::dim())
                .wrap(ratatui::widgets::Wrap { trim: true })
                .block(Block::bordered().border_style(theme::border())),
            editor_area,
        );
        return;
    };
    draw_editor(frame, body, editor_area, app, ed);
}

/// A staff member's state on the list: inactive, locked out, trained on a
/// day, or not trained yet where the duty asks it.
fn status(app: &App, s: &StaffState, r: &StaffRow) -> String {
    let loc = &app.env.locale;
    if !r.active {
        loc.t("staff.inactive").to_string()
    } else if r
        .locked_until
        .as_deref()
        .is_some_and(|t| t > crate::store::now_utc().as_str())
    {
        loc.t("staff.locked").to_string()
    } else if let Some(on) = s.trained.get(&r.id) {
        loc.f("quality.trained_on", &[("on", on)])
    } else if app
        .env
        .policy
        .quality
        .duty
        .trained_before_complaints
        .iter()
        .any(|x| x == r.role.id())
    {
        loc.t("quality.not_trained_yet").to_string()
    } else {
        String::new()
    }
}

/// The editor of a staff member (new, or the one picked): its fields with
/// their labels and errors, and its buttons.
fn draw_editor(frame: &mut Frame, body: Rect, editor_area: Rect, app: &App, ed: &StaffEditor) {
    let loc = &app.env.locale;
    let l = layout(body);
    let title = if ed.id.is_none() {
        loc.t("staff.new")
    } else {
        loc.t("staff.edit")
    };
    frame.render_widget(
        Block::bordered()
            .title(format!(" {title} "))
            .border_style(theme::focus_border()),
        editor_area,
    );
    for (i, label) in labels().iter().enumerate() {
        let r = l.fields[i];
        let label_area = Rect {
            x: r.x - LABEL_W,
            width: LABEL_W,
            ..r
        };
        let disabled = ed.own_pin_only && i < 3;
        let style = if i == ed.focus {
            theme::focus_border()
        } else {
            theme::dim()
        };
        frame.render_widget(
            Paragraph::new(styled(pad(loc.t(label), LABEL_W as usize - 1), style)),
            label_area,
        );
        draw_value(frame, r, app, ed, i, disabled);
        if let Some(code) = ed.errors[i] {
            let note = Rect {
                x: r.right() + 1,
                width: body.right().saturating_sub(r.right() + 1),
                ..r
            };
            frame.render_widget(
                Paragraph::new(Span::styled(
                    format!("← {}", loc.t(&format!("error.{code}"))),
                    theme::error(),
                )),
                note,
            );
        }
    }
    widgets::buttons(frame, l.buttons, &buttons(app), None);
}

fn draw_value(frame: &mut Frame, r: Rect, app: &App, ed: &StaffEditor, i: usize, disabled: bool) {
    let loc = &app.env.locale;
    let focused = i == ed.focus && app.overlay.is_none();
    let style = if focused {
        theme::input_focused()
    } else {
        theme::input()
    };
    match i {
        0 if disabled => frame.render_widget(
            Paragraph::new(ed.name.value().to_string()).style(theme::dim()),
            r,
        ),
        0 => widgets::input(frame, r, &ed.name, focused),
        1 => {
            let role = loc.t(&format!("role.{}", ed.role.id()));
            let text = if disabled {
                role.to_string()
            } else {
                format!("‹ {role} ›")
            };
            frame.render_widget(
                Paragraph::new(text).style(if disabled { theme::dim() } else { style }),
                r,
            );
        }
        2 => {
            let v = loc.t(if ed.active { "common.yes" } else { "common.no" });
            let text = if disabled {
                v.to_string()
            } else {
                format!("‹ {v} ›")
            };
            frame.render_widget(
                Paragraph::new(text).style(if disabled { theme::dim() } else { style }),
                r,
            );
        }
        3 => widgets::input(frame, r, &ed.pin, focused),
        _ => widgets::input(frame, r, &ed.pin2, focused),
    }
    if i == 3 && ed.id.is_some() && ed.pin.value().is_empty() && !focused && !ed.own_pin_only {
        let hint = Rect {
            x: r.x,
            width: r.width,
            ..r
        };
        frame.render_widget(
            Paragraph::new(Line::from(styled(
                loc.t("staff.pin_unchanged").to_string(),
                theme::dim(),
            ))),
            hint,
        );
    }
}

/// The list's rows, or with the editor open its fields (from the label
/// rightwards), its save button and its cancel button (`Back`).
fn record_taps(l: &StaffLayout, body: Rect, app: &App, s: &StaffState, hits: &mut HitMap) {
    if s.editor.is_none() {
        for n in 0..l.list.height {
            let row = Rect::new(l.list.x, l.list.y + n, l.list.width, 1);
            hits.add(row, Tap::Row(n as usize));
        }
        return;
    }
    for (i, f) in l.fields.iter().enumerate() {
        let x = f.x.saturating_sub(LABEL_W);
        hits.add(
            Rect::new(x, f.y, body.right().saturating_sub(x), 1),
            Tap::Field(i),
        );
    }
    let rects = widgets::button_rects(l.buttons, &buttons(app));
    for (i, r) in rects.into_iter().enumerate() {
        match i {
            0 => hits.add(r, Tap::Save),
            _ => hits.add(r, Action::Back),
        }
    }
}
