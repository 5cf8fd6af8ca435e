//! crossterm's backend, sending less. A tablet on a thin SSH link pays for
//! every byte, so the frame's changed cells go out with only what the
//! terminal does not already have: no move when the cursor is already there,
//! no colour or attribute it already shows, no "reset everything" after each
//! frame, and the cursor shown or moved only when that changes. A typed
//! letter in a field is then the letter alone.
//!
//! It keeps what it last sent (colours, attributes, cursor place and
//! whether it is shown), so nothing else may write styles or move the
//! cursor between frames; the OSC 52 clipboard sequence does neither.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, IntoCrossterm, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::cursor::MoveTo;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::{
    Attribute, Print, SetAttribute, SetBackgroundColor, SetForegroundColor, SetUnderlineColor,
};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};

pub struct LeanBackend<W: Write> {
    inner: CrosstermBackend<W>,
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
    /// Where the terminal's cursor is; None when not known.
    at: Option<Position>,
    /// Whether the cursor is shown; None when not known.
    shown: Option<bool>,
}

impl<W: Write> LeanBackend<W> {
    pub fn new(writer: W) -> Self {
        LeanBackend {
            inner: CrosstermBackend::new(writer),
            fg: Color::Reset,
            bg: Color::Reset,
            underline: Color::Reset,
            modifier: Modifier::empty(),
            at: None,
            shown: None,
        }
    }

    /// Back to the terminal's own colours and attributes (before clearing:
    /// a cleared cell takes the colour in force).
    fn reset_style(&mut self) -> io::Result<()> {
        queue!(self.inner, SetAttribute(Attribute::Reset))?;
        self.fg = Color::Reset;
        self.bg = Color::Reset;
        self.underline = Color::Reset;
        self.modifier = Modifier::empty();
        Ok(())
    }

    fn style(&mut self, cell: &Cell) -> io::Result<()> {
        if !(self.modifier - cell.modifier).is_empty() {
            // An attribute goes: only a reset takes it away everywhere.
            self.reset_style()?;
        }
        let added = cell.modifier - self.modifier;
        for (m, a) in ATTRIBUTES {
            if added.contains(m) {
                queue!(self.inner, SetAttribute(a))?;
            }
        }
        self.modifier = cell.modifier;
        if cell.fg != self.fg {
            queue!(self.inner, SetForegroundColor(cell.fg.into_crossterm()))?;
            self.fg = cell.fg;
        }
        if cell.bg != self.bg {
            queue!(self.inner, SetBackgroundColor(cell.bg.into_crossterm()))?;
            self.bg = cell.bg;
        }
        if cell.underline_color != self.underline {
            queue!(
                self.inner,
                SetUnderlineColor(cell.underline_color.into_crossterm())
            )?;
            self.underline = cell.underline_color;
        }
        Ok(())
    }
}

/// How far printing `symbol` surely moves the cursor: one column for a
/// printable ASCII character, two for a CJK ideograph, kana, hangul or a
/// full-width form (every terminal agrees on those). Anything else (box
/// lines and other East Asian "ambiguous" characters, emoji) a terminal
/// may draw one or two columns wide: the next cell then says where it is.
fn advance(symbol: &str) -> Option<u16> {
    let mut chars = symbol.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    let wide = matches!(c as u32,
        0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD);
    if c == ' ' || c.is_ascii_graphic() {
        Some(1)
    } else if wide {
        Some(2)
    } else {
        None
    }
}

const ATTRIBUTES: [(Modifier, Attribute); 9] = [
    (Modifier::BOLD, Attribute::Bold),
    (Modifier::DIM, Attribute::Dim),
    (Modifier::ITALIC, Attribute::Italic),
    (Modifier::UNDERLINED, Attribute::Underlined),
    (Modifier::SLOW_BLINK, Attribute::SlowBlink),
    (Modifier::RAPID_BLINK, Attribute::RapidBlink),
    (Modifier::REVERSED, Attribute::Reverse),
    (Modifier::HIDDEN, Attribute::Hidden),
    (Modifier::CROSSED_OUT, Attribute::CrossedOut),
];

impl<W: Write> Write for LeanBackend<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        for (x, y, cell) in content {
            if self.at != Some(Position { x, y }) {
                queue!(self.inner, MoveTo(x, y))?;
            }
            self.style(cell)?;
            let symbol = cell.symbol();
            queue!(self.inner, Print(symbol))?;
            self.at = advance(symbol).map(|w| Position { x: x + w, y });
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.shown != Some(false) {
            self.inner.hide_cursor()?;
            self.shown = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.shown != Some(true) {
            self.inner.show_cursor()?;
            self.shown = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        if self.at != Some(p) {
            self.inner.set_cursor_position(p)?;
            self.at = Some(p);
        }
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.reset_style()?;
        self.at = None;
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.reset_style()?;
        self.at = None;
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::widgets::Paragraph;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// What the backend wrote, kept where the test can read it.
    #[derive(Clone, Default)]
    struct Wire(Rc<RefCell<Vec<u8>>>);

    impl Write for Wire {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Wire {
        fn since(&self, at: usize) -> String {
            String::from_utf8_lossy(&self.0.borrow()[at..]).into_owned()
        }
        fn len(&self) -> usize {
            self.0.borrow().len()
        }
    }

    fn terminal() -> (Terminal<LeanBackend<Wire>>, Wire) {
        let wire = Wire::default();
        let t = Terminal::new(LeanBackend::new(wire.clone())).unwrap();
        (t, wire)
    }

    fn frame(t: &mut Terminal<LeanBackend<Wire>>, wire: &Wire, text: &str, cursor: u16) -> String {
        let before = wire.len();
        t.draw(|f| {
            f.render_widget(Paragraph::new(text), f.area());
            f.set_cursor_position((cursor, 0));
        })
        .unwrap();
        wire.since(before)
    }

    #[test]
    fn a_typed_letter_is_the_letter_alone() {
        let (mut t, wire) = terminal();
        frame(&mut t, &wire, "Ann", 3);
        assert_eq!(frame(&mut t, &wire, "Anne", 4), "e");
        // Nothing changed: nothing sent.
        assert_eq!(frame(&mut t, &wire, "Anne", 4), "");
    }

    #[test]
    fn chinese_text_goes_out_without_a_move_between_its_characters() {
        let (mut t, wire) = terminal();
        let sent = frame(&mut t, &wire, "张三丰 Ann", 0);
        // The blank between them was blank already: one move, over it.
        assert!(sent.contains("张三丰\u{1b}[1;8HAnn"), "{sent:?}");
        // A box line may be drawn two columns wide: the cell after it is placed.
        let sent = frame(&mut t, &wire, "─a", 0);
        assert!(sent.contains("─\u{1b}[1;2Ha"), "{sent:?}");
    }

    #[test]
    fn a_style_is_sent_once_and_an_attribute_taken_away_by_a_reset() {
        use ratatui::style::Style;
        use ratatui::text::{Line, Span};
        let (mut t, wire) = terminal();
        t.draw(|f| {
            let line = Line::from(vec![
                Span::styled("ab", Style::new().bold().red()),
                Span::raw("c"),
            ]);
            f.render_widget(Paragraph::new(line), f.area());
        })
        .unwrap();
        let sent = wire.since(0);
        assert_eq!(sent.matches("\u{1b}[1m").count(), 1, "{sent:?}");
        assert!(sent.contains("ab"), "{sent:?}");
        // Bold goes for "c": a reset, then c in the terminal's own colours.
        let c = sent.find('c').unwrap();
        assert!(sent[..c].contains("\u{1b}[0m"), "{sent:?}");
    }
}
