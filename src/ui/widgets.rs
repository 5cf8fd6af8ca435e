//! Shared drawing pieces: text fields, buttons, boxes, and text widths.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::theme;
use crate::app::input::TextField;

/// Display width of text (Chinese characters count two columns).
pub fn width(s: &str) -> u16 {
    UnicodeWidthStr::width(s).min(u16::MAX as usize) as u16
}

/// Cuts text to at most `max` columns, marking the cut with '…'.
pub fn fit(s: &str, max: usize) -> String {
    if UnicodeWidthStr::width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// Pads text with spaces to `cols` columns (after fitting it).
pub fn pad(s: &str, cols: usize) -> String {
    let s = fit(s, cols);
    let w = UnicodeWidthStr::width(s.as_str());
    s + &" ".repeat(cols.saturating_sub(w))
}

/// Draws a one-line text field; the focused one gets the terminal cursor.
pub fn input(frame: &mut Frame, area: Rect, field: &TextField, focused: bool) {
    let style = if focused {
        theme::input_focused()
    } else {
        theme::input()
    };
    let w = area.width.max(1) as usize;
    let cursor = field.cursor_column();
    let scroll = cursor.saturating_sub(w.saturating_sub(1));
    let shown = field.shown();
    frame.render_widget(
        Paragraph::new(shown)
            .style(style)
            .scroll((0, scroll as u16)),
        area,
    );
    if focused {
        let x = area.x + (cursor - scroll) as u16;
        frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
    }
}

/// A button's text: `[ label  key ]`.
pub fn button_text(label: &str, key: Option<&str>) -> String {
    match key {
        Some(k) => format!("[ {label} {k} ]"),
        None => format!("[ {label} ]"),
    }
}

/// Lays buttons out left to right from `area`'s start; returns their rects.
pub fn button_rects(area: Rect, texts: &[String]) -> Vec<Rect> {
    let mut x = area.x;
    let mut out = Vec::new();
    for t in texts {
        let w = width(t).min(area.right().saturating_sub(x));
        out.push(Rect::new(x, area.y, w, 1));
        x = x.saturating_add(w + 2);
    }
    out
}

pub fn buttons(frame: &mut Frame, area: Rect, texts: &[String], focused: Option<usize>) {
    for (i, (r, t)) in button_rects(area, texts).into_iter().zip(texts).enumerate() {
        let style = if focused == Some(i) {
            theme::selected()
        } else {
            theme::key()
        };
        frame.render_widget(Paragraph::new(t.as_str()).style(style), r);
    }
}

/// A rectangle of `w`×`h` centred in `area` (clipped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub fn line_of<'a>(spans: Vec<Span<'a>>) -> Line<'a> {
    Line::from(spans)
}

pub fn styled(s: impl Into<String>, style: Style) -> Span<'static> {
    Span::styled(s.into(), style)
}

pub fn contains(r: Rect, column: u16, row: u16) -> bool {
    r.contains(Position::new(column, row))
}

/// How many rows `lines` take wrapped at `width` columns (each line taken
/// as wrapping at the width; a little over rather than under when words
/// wrap early).
pub fn wrapped_height(lines: &[ratatui::text::Line], width: u16) -> u16 {
    let room = width.max(1);
    (lines.iter())
        .map(|l| {
            let w: u16 = l.spans.iter().map(|s| self::width(&s.content)).sum();
            w.div_ceil(room).max(1)
        })
        .sum()
}
