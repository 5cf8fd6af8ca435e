//! The one list cursor and the one focus ring. Every list moves its
//! selection with [`move_in_list`] and every form moves between its fields
//! with [`move_focus`], so ↑ ↓ PgUp PgDn Home End and Tab behave the same on
//! every screen.

use super::action::Action;

/// How far PgUp / PgDn move in a list.
pub const PAGE: usize = 10;

/// Moves a list's selection for a navigation action. Returns false (and
/// moves nothing) when the action is not a list move, so the screen can
/// handle it. An empty list keeps the selection at 0.
pub fn move_in_list(selected: &mut usize, len: usize, action: &Action) -> bool {
    let last = len.saturating_sub(1);
    let to = match action {
        Action::Up | Action::ScrollUp => selected.saturating_sub(1),
        Action::Down | Action::ScrollDown => (*selected + 1).min(last),
        Action::PageUp => selected.saturating_sub(PAGE),
        Action::PageDown => (*selected + PAGE).min(last),
        Action::First => 0,
        Action::Last => last,
        _ => return false,
    };
    *selected = to;
    true
}

/// Moves focus around a form's `n` fields: Tab or ↓ forward, Shift-Tab or ↑
/// back, wrapping at either end. Returns false when the action is not a
/// focus move.
pub fn move_focus(focus: &mut usize, n: usize, action: &Action) -> bool {
    if n == 0 {
        return false;
    }
    match action {
        Action::NextFocus | Action::Down => *focus = (*focus + 1) % n,
        Action::PrevFocus | Action::Up => *focus = (*focus + n - 1) % n,
        _ => return false,
    }
    true
}

/// A text taller than its box, moved a line at a time (↑↓ and the wheel),
/// a page at a time (PgUp PgDn) or to either end (Home End). The drawing
/// records how far it may go ([`Scroll::shown`]), as it records taps, so
/// that ↓ stops at the last line.
#[derive(Debug, Default)]
pub struct Scroll {
    pub first: u16,
    bottom: std::cell::Cell<u16>,
}

impl Scroll {
    /// Moves as `action` says; false when it is not a scroll.
    pub fn move_by(&mut self, action: &Action) -> bool {
        let page = PAGE as u16;
        self.first = match action {
            Action::Up | Action::ScrollUp => self.first.saturating_sub(1),
            Action::Down | Action::ScrollDown => self.first.saturating_add(1),
            Action::PageUp => self.first.saturating_sub(page),
            Action::PageDown => self.first.saturating_add(page),
            Action::First => 0,
            Action::Last => u16::MAX,
            _ => return false,
        };
        self.first = self.first.min(self.bottom.get());
        true
    }

    /// While drawing `total` lines in a box `height` high: the first line
    /// to show (remembering how far a scroll may go).
    pub fn shown(&self, total: u16, height: u16) -> u16 {
        let bottom = total.saturating_sub(height);
        self.bottom.set(bottom);
        self.first.min(bottom)
    }

    /// Whether lines are left below the box at the last drawing.
    pub fn more_below(&self) -> bool {
        self.first < self.bottom.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_stops_at_its_ends_and_pages_by_ten() {
        let mut s = 0;
        assert!(move_in_list(&mut s, 25, &Action::Up));
        assert_eq!(s, 0);
        move_in_list(&mut s, 25, &Action::PageDown);
        assert_eq!(s, 10);
        move_in_list(&mut s, 25, &Action::PageDown);
        move_in_list(&mut s, 25, &Action::PageDown);
        assert_eq!(s, 24);
        move_in_list(&mut s, 25, &Action::Down);
        assert_eq!(s, 24);
        move_in_list(&mut s, 25, &Action::First);
        assert_eq!(s, 0);
        move_in_list(&mut s, 25, &Action::Last);
        assert_eq!(s, 24);
        assert!(!move_in_list(&mut s, 25, &Action::Select));
        assert_eq!(s, 24);
    }

    #[test]
    fn an_empty_list_keeps_the_cursor_at_the_top() {
        let mut s = 0;
        for a in [Action::Down, Action::Last, Action::PageDown] {
            move_in_list(&mut s, 0, &a);
            assert_eq!(s, 0);
        }
    }

    #[test]
    fn focus_wraps_both_ways() {
        let mut f = 0;
        assert!(move_focus(&mut f, 3, &Action::PrevFocus));
        assert_eq!(f, 2);
        move_focus(&mut f, 3, &Action::Down);
        assert_eq!(f, 0);
        assert!(!move_focus(&mut f, 3, &Action::Toggle));
        assert!(!move_focus(&mut f, 0, &Action::Down));
    }
}
