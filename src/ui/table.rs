//! One table for every list on screen.
//!
//! Each column says how much it matters (its priority: 0 is always shown,
//! higher numbers give way first), whether its values may be cut (a name, a
//! note) or must be shown whole (a phone, an amount, a date, a job number,
//! a size), the least width worth showing, and whether it takes the width
//! left over. [`fit`] decides the widths for the room there is: values
//! people act on are never cut — a column of them is left out before one
//! of its values loses a digit — and a wide terminal gives its extra
//! columns to the text that needs them.

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
    /// Takes a share of the width left over.
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

    /// Takes a share of the width left over.
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
    let mut widths = need.clone();
    let mut extra = room.saturating_sub(total(&shown, &widths));
    // Then each shown column grows to its natural width, the most
    // important first.
    let mut order: Vec<usize> = (0..columns.len()).filter(|i| shown[*i]).collect();
    order.sort_by_key(|i| (columns[*i].priority, *i));
    for &i in &order {
        let more = natural[i].saturating_sub(widths[i]).min(extra);
        widths[i] += more;
        extra -= more;
    }
    // What is left goes to the columns that take it.
    let growers: Vec<usize> = order.iter().copied().filter(|i| columns[*i].grow).collect();
    if !growers.is_empty() && extra > 0 {
        let share = extra / growers.len() as u16;
        let mut rest = extra % growers.len() as u16;
        for i in growers {
            widths[i] += share + u16::from(rest > 0);
            rest = rest.saturating_sub(1);
        }
    }
    widths
        .into_iter()
        .zip(shown)
        .map(|(w, s)| s.then_some(w))
        .collect()
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
    fn a_wide_screen_shows_everything_whole_and_gives_the_rest_to_the_text() {
        let c = columns();
        let w = fit(&c, &rows(), 160, 1);
        assert!(w.iter().all(Option::is_some));
        let sum: u16 = w.iter().flatten().sum::<u16>() + 4;
        assert_eq!(sum, 160, "the growing column takes what is left: {w:?}");
        assert!(shown_text(160).iter().all(|l| !l.contains('…')));
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
