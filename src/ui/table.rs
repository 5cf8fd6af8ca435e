//! One table for every list on screen.
//!
//! Each column says how much it matters (its priority: 0 is always shown,
//! higher numbers give way first), whether its values may be cut (a name, a
//! note) or must be shown whole (a phone, an amount, a date, a job number,
//! a size), the least width worth showing, and whether it takes the width
//! left over. [`fit`] decides the widths for the room there is: values
//! people act on are never cut — a column of them is left out before one
//! of its values loses a digit — and a wide terminal gives its extra
//! width to the text that needs it.

use ratatui::layout::Constraint;
use ratatui::style::Style;
use ratatui::text::Text;
use ratatui::widgets::{Cell, Row};

use super::widgets::{fit as cut, width};

/// Whether a column's values may be cut to fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Phones, money, dates, job numbers, sizes: shown whole or not at all.
    Whole,
    /// Names, items, notes: cut with "…" when there is no room.
    Cut,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub header: String,
    pub keep: Keep,
    /// 0: always shown; a larger number is left out first.
    pub priority: u8,
    /// The least width worth showing for a column that may be cut.
    pub min: u16,
    /// Widened to its whole text before the other columns.
    pub grow: bool,
    /// Right-aligned (amounts, counts).
    pub right: bool,
}

impl Column {
    /// A column whose values may be cut down to `min`.
    pub fn text(header: impl Into<String>, priority: u8, min: u16) -> Column {
        Column {
            header: header.into(),
            keep: Keep::Cut,
            priority,
            min,
            grow: false,
            right: false,
        }
    }

    /// A column of values shown whole (phone, date, job number, size).
    pub fn whole(header: impl Into<String>, priority: u8) -> Column {
        Column {
            header: header.into(),
            keep: Keep::Whole,
            priority,
            min: 1,
            grow: false,
            right: false,
        }
    }

    /// An amount: whole and right-aligned.
    pub fn money(header: impl Into<String>, priority: u8) -> Column {
        Column {
            right: true,
            ..Column::whole(header, priority)
        }
    }

    /// Widened to its whole text before the other columns.
    pub fn grow(mut self) -> Column {
        self.grow = true;
        self
    }

    pub fn right(mut self) -> Column {
        self.right = true;
        self
    }
}

/// The widths of the columns for `room` columns of screen with `gap`
/// between shown columns; `None` for a column left out.
pub fn fit(columns: &[Column], rows: &[Vec<String>], room: u16, gap: u16) -> Vec<Option<u16>> {
    let natural: Vec<u16> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cells = rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|s| width(s))
                .max()
                .unwrap_or(0);
            cells.max(width(&c.header)).max(1)
        })
        .collect();
    let cells_of = |i: usize| {
        rows.iter()
            .filter_map(|r| r.get(i))
            .map(|s| width(s))
            .max()
            .unwrap_or(0)
    };
    // What each column needs at the least: whole values whole (the header
    // may be cut to them), the rest their minimum.
    let need: Vec<u16> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| match c.keep {
            Keep::Whole => cells_of(i).max(width(&c.header).min(4)).max(1),
            Keep::Cut => natural[i].min(c.min.max(1)),
        })
        .collect();
    let mut shown: Vec<bool> = vec![true; columns.len()];
    let total = |shown: &[bool], w: &[u16]| -> u16 {
        let n = shown.iter().filter(|s| **s).count() as u16;
        let sum: u16 = w
            .iter()
            .zip(shown)
            .filter(|(_, s)| **s)
            .map(|(w, _)| *w)
            .sum();
        sum + gap * n.saturating_sub(1)
    };
    // Leave out the least important columns (the rightmost first among
    // equals) until the rest fit.
    while total(&shown, &need) > room {
        let drop = (0..columns.len())
            .filter(|i| shown[*i] && columns[*i].priority > 0)
            .max_by_key(|i| (columns[*i].priority, *i));
        match drop {
            Some(i) => shown[i] = false,
            None => break,
        }
    }
    loop {
        let widths = grow(columns, &natural, &need, &shown, room, gap);
        // A text cut while a less important text column is shown: that
        // column gives way, and the widths are worked out again.
        let cut_priority = (0..columns.len())
            .filter(|i| shown[*i] && widths[*i] < natural[*i])
            .map(|i| columns[i].priority)
            .min();
        let give_way = cut_priority.and_then(|p| {
            (0..columns.len())
                .filter(|i| shown[*i] && columns[*i].keep == Keep::Cut && columns[*i].priority > p)
                .max_by_key(|i| (columns[*i].priority, *i))
        });
        match give_way {
            Some(i) => shown[i] = false,
            None => {
                return widths
                    .into_iter()
                    .zip(shown)
                    .map(|(w, s)| s.then_some(w))
                    .collect();
            }
        }
    }
}

/// The shown columns' widths: each at what it needs, then grown to its
/// natural width — the text that asked for room first, then the most
/// important — while there is room. Room left over stays at the right:
/// wider columns would only space the values apart.
fn grow(
    columns: &[Column],
    natural: &[u16],
    need: &[u16],
    shown: &[bool],
    room: u16,
    gap: u16,
) -> Vec<u16> {
    let mut widths = need.to_vec();
    let n = shown.iter().filter(|s| **s).count() as u16;
    let used: u16 = widths
        .iter()
        .zip(shown)
        .filter(|(_, s)| **s)
        .map(|(w, _)| *w)
        .sum::<u16>()
        + gap * n.saturating_sub(1);
    let mut extra = room.saturating_sub(used);
    let mut order: Vec<usize> = (0..columns.len()).filter(|i| shown[*i]).collect();
    order.sort_by_key(|i| (!columns[*i].grow, columns[*i].priority, *i));
    for &i in &order {
        let more = natural[i].saturating_sub(widths[i]).min(extra);
        widths[i] += more;
        extra -= more;
    }
    widths
}
/// A value in a column `w` wide: cut with "…" only where the column allows.
pub fn cell_text(c: &Column, s: &str, w: u16) -> String {
    let s = if width(s) > w {
        cut(s, w as usize)
    } else {
        s.to_string()
    };
    if c.right {
        let pad = (w as usize).saturating_sub(width(&s) as usize);
        format!("{}{s}", " ".repeat(pad))
    } else {
        s
    }
}

/// One row as a line of text, the shown columns `gap` apart (for lists
/// drawn as lines rather than as a ratatui `Table`).
pub fn line(columns: &[Column], widths: &[Option<u16>], cells: &[String], gap: u16) -> String {
    let mut out = String::new();
    for (i, (c, w)) in columns.iter().zip(widths).enumerate() {
        let Some(w) = *w else { continue };
        if !out.is_empty() {
            out.push_str(&" ".repeat(gap as usize));
        }
        let text = cell_text(c, cells.get(i).map(String::as_str).unwrap_or(""), w);
        out.push_str(&super::widgets::pad(&text, w as usize));
    }
    out.trim_end().to_string()
}

/// A table laid out for `room` columns: its header row, body rows (each
/// with its style), and the column constraints, ready for ratatui's
/// `Table`. Which columns are shown is in `shown`.
pub struct Laid {
    pub header: Row<'static>,
    pub rows: Vec<Row<'static>>,
    pub widths: Vec<Constraint>,
    /// For each column, whether it is shown.
    pub shown: Vec<bool>,
}

/// Lays out `rows` (cells as text, and a style for the row) in `room`.
pub fn lay_out(
    columns: &[Column],
    rows: Vec<(Vec<String>, Style)>,
    room: u16,
    gap: u16,
    header_style: Style,
) -> Laid {
    let texts: Vec<Vec<String>> = rows.iter().map(|(r, _)| r.clone()).collect();
    let fitted = fit(columns, &texts, room, gap);
    let row_of = |cells: &[String]| -> Vec<Cell<'static>> {
        columns
            .iter()
            .zip(&fitted)
            .enumerate()
            .filter_map(|(i, (c, w))| {
                let w = (*w)?;
                let s = cells.get(i).map(String::as_str).unwrap_or("");
                Some(Cell::from(Text::raw(cell_text(c, s, w))))
            })
            .collect()
    };
    let headers: Vec<String> = columns.iter().map(|c| c.header.clone()).collect();
    Laid {
        header: Row::new(row_of(&headers)).style(header_style),
        rows: rows
            .into_iter()
            .map(|(cells, style)| Row::new(row_of(&cells)).style(style))
            .collect(),
        widths: fitted
            .iter()
            .filter_map(|w| w.map(Constraint::Length))
            .collect(),
        shown: fitted.iter().map(Option::is_some).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Vec<String>> {
        vec![
            vec![
                "R-2026-0012".into(),
                "王芳 (Wang Fang, the regular)".into(),
                "159****7760".into(),
                "¥8,999.00".into(),
                "Cashmere coat, left sleeve seam open".into(),
            ],
            vec![
                "R-2026-0013".into(),
                "张伟".into(),
                "138****0001".into(),
                "¥12.00".into(),
                "Scarf".into(),
            ],
        ]
    }

    fn columns() -> Vec<Column> {
        vec![
            Column::whole("No.", 0),
            Column::text("Customer", 1, 6),
            Column::whole("Phone", 2),
            Column::money("Fee", 3),
            Column::text("Item", 4, 8).grow(),
        ]
    }

    fn shown_text(room: u16) -> Vec<String> {
        let c = columns();
        let r = rows();
        let w = fit(&c, &r, room, 1);
        r.iter()
            .map(|row| {
                c.iter()
                    .zip(&w)
                    .enumerate()
                    .filter_map(|(i, (c, w))| w.map(|w| cell_text(c, &row[i], w)))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn whole_values_are_never_cut_at_any_width() {
        let c = columns();
        let r = rows();
        for room in 1..200 {
            let w = fit(&c, &r, room, 1);
            assert!(w[0].is_some(), "the job number is always shown");
            for row in &r {
                for (i, col) in c.iter().enumerate() {
                    if let (Keep::Whole, Some(wi)) = (col.keep, w[i])
                        && room >= 11
                    {
                        assert_eq!(cell_text(col, &row[i], wi).trim(), row[i], "{room}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_least_important_columns_give_way_first() {
        let c = columns();
        let w = fit(&c, &rows(), 40, 1);
        assert!(w[0].is_some() && w[1].is_some(), "{w:?}");
        assert_eq!(w[4], None, "the item gives way first: {w:?}");
        let total: u16 = w.iter().flatten().sum::<u16>() + 3;
        assert!(total <= 40, "{w:?}");
    }

    #[test]
    fn a_wide_screen_shows_everything_whole() {
        let c = columns();
        let w = fit(&c, &rows(), 160, 1);
        assert!(w.iter().all(Option::is_some));
        assert!(shown_text(160).iter().all(|l| !l.contains('…')));
        // Where a more important text would be cut, a less important
        // one gives way: the customer's whole name before the item.
        let w = fit(&c, &rows(), 76, 1);
        assert_eq!((w[1], w[4]), (Some(29), None), "{w:?}");
    }

    #[test]
    fn text_columns_are_cut_only_to_their_minimum() {
        let c = columns();
        let w = fit(&c, &rows(), 50, 1);
        if let Some(name) = w[1] {
            assert!(name >= 6, "{w:?}");
        }
    }
}
