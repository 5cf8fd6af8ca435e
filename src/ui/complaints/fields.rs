//! Drawing a complaint form's fields: label, value, and the check's
//! message (or a quiet note) beside it. A score field takes two rows: the
//! question, then five boxes to tap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::complaints::fields::{FieldTap, Fields, Fld, Value};
use crate::app::{App, HitMap};
use crate::ui::theme;
use crate::ui::widgets::{self, pad, styled, width};

pub const LABEL_W: u16 = 18;
/// Columns of one score box: " 3 ".
const SCORE_W: u16 = 4;

fn height(f: &Fields, i: usize) -> u16 {
    match f.items[i].value {
        Value::Score(_) => 2,
        _ => 1,
    }
}

/// The first field shown, so that the focused one is in view.
fn first(f: &Fields, rows: u16) -> usize {
    if f.items.is_empty() {
        return 0;
    }
    let mut start = 0;
    loop {
        let used: u16 = (start..=f.focus.min(f.items.len().saturating_sub(1)))
            .map(|i| height(f, i))
            .sum();
        if used <= rows || start >= f.focus {
            return start;
        }
        start += 1;
    }
}

/// Each shown field with its row (and the row of its value).
pub fn placed(f: &Fields, area: Rect) -> Vec<(usize, Rect)> {
    let mut out = Vec::new();
    let mut y = area.y;
    for i in first(f, area.height)..f.items.len() {
        let h = height(f, i);
        if y + h > area.bottom() {
            break;
        }
        out.push((i, Rect::new(area.x, y, area.width, h)));
        y += h;
    }
    out
}

/// The value takes about three fifths of what the label leaves; the
/// message beside it the rest.
fn value_width(area: Rect) -> u16 {
    let rest = area.width.saturating_sub(LABEL_W + 1);
    (rest * 3 / 5).clamp(12, 50).min(rest)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, f: &Fields, active: bool) {
    let vw = value_width(area);
    for (i, r) in placed(f, area) {
        let fld = &f.items[i];
        let focused = active && i == f.focus;
        let label_style = if focused {
            theme::focus_border()
        } else {
            theme::dim()
        };
        let (label_area, value_area) = areas(fld, r, vw);
        let label = match fld.value {
            Value::Score(_) => widgets::fit(&fld.label, label_area.width as usize),
            _ => pad(&fld.label, LABEL_W as usize - 1),
        };
        frame.render_widget(Paragraph::new(styled(label, label_style)), label_area);
        draw_value(frame, value_area, app, fld, focused);
        let note_x = value_area.right() + 1;
        let note_area = Rect::new(note_x, value_area.y, r.right().saturating_sub(note_x), 1);
        if let Some(e) = &fld.error {
            frame.render_widget(
                Paragraph::new(styled(
                    widgets::fit(&format!("← {e}"), note_area.width as usize),
                    theme::error(),
                )),
                note_area,
            );
        } else if let Some(n) = &fld.note {
            frame.render_widget(
                Paragraph::new(styled(
                    widgets::fit(n, note_area.width as usize),
                    theme::dim(),
                )),
                note_area,
            );
        }
    }
}

/// Where a field's label and value go in its place `r`: a score under its
/// label; a choice as wide as its longest option, leaving room for the
/// note; a text `vw` wide.
fn areas(fld: &Fld, r: Rect, vw: u16) -> (Rect, Rect) {
    match fld.value {
        Value::Score(_) => (
            Rect { height: 1, ..r },
            Rect::new(r.x + 2, r.y + 1, SCORE_W * 5, 1),
        ),
        // A choice is as wide as its longest option, leaving room for the note.
        Value::Choice { ref options, .. } => (
            Rect {
                width: LABEL_W.min(r.width),
                height: 1,
                ..r
            },
            Rect::new(
                r.x + LABEL_W + 1,
                r.y,
                options
                    .iter()
                    .map(|(_, l)| width(l) + 4)
                    .max()
                    .unwrap_or(8)
                    .max(8)
                    .min(vw),
                1,
            ),
        ),
        Value::Text(_) => (
            Rect {
                width: LABEL_W.min(r.width),
                height: 1,
                ..r
            },
            Rect::new(r.x + LABEL_W + 1, r.y, vw, 1),
        ),
    }
}

/// A field's value: a text (being edited, or from its start), a ‹choice›, or
/// a score of 1 to 5.
fn draw_value(frame: &mut Frame, value_area: Rect, app: &App, fld: &Fld, focused: bool) {
    let style = if focused {
        theme::input_focused()
    } else {
        theme::input()
    };
    match &fld.value {
        Value::Text(t) if focused => widgets::input(frame, value_area, t, app.overlay.is_none()),
        // Not being edited: shown from its start.
        Value::Text(t) => frame.render_widget(
            Paragraph::new(widgets::fit(&t.shown(), value_area.width as usize)).style(style),
            value_area,
        ),
        Value::Choice { options, at } => {
            let shown = options.get(*at).map(|(_, l)| l.as_str()).unwrap_or("");
            let text = widgets::fit(&format!("‹ {shown} ›"), value_area.width as usize);
            frame.render_widget(Paragraph::new(text).style(style), value_area);
        }
        Value::Score(s) => {
            let spans: Vec<Span> = (1..=5u8)
                .map(|v| {
                    let st = if *s == Some(v) {
                        theme::selected()
                    } else if focused {
                        theme::input_focused()
                    } else {
                        theme::input()
                    };
                    Span::styled(format!(" {v} "), st)
                })
                .flat_map(|sp| [sp, Span::raw(" ")])
                .collect();
            frame.render_widget(Paragraph::new(Line::from(spans)), value_area);
        }
    }
}

/// Records the fields drawn in `area`: a tap on a field focuses it (a
/// second tap changes a choice); a tap on a score box sets the score.
pub fn record_taps(area: Rect, f: &Fields, hits: &mut HitMap) {
    for (i, r) in placed(f, area) {
        hits.add(r, FieldTap::Field(i));
        if let Value::Score(_) = f.items[i].value {
            for v in 1..=5u8 {
                let x = r.x + 2 + (v as u16 - 1) * SCORE_W;
                let w = SCORE_W.min(r.right().saturating_sub(x));
                hits.add(Rect::new(x, r.y + 1, w, 1), FieldTap::Score(i, v));
            }
        }
    }
}
