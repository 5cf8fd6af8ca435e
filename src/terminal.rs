//! The terminal: raw mode, the event loop, and leaving cleanly.
//!
//! The terminal is restored twice over: by a guard on drop and by the panic
//! hook `ratatui::init` chains. SIGHUP, SIGTERM, SIGINT and SIGQUIT become a
//! flag, so the draft is saved before the process exits. A dead terminal
//! (hang-up, EOF, EIO) ends the loop at once instead of spinning on it.

use anyhow::Result;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::app::{Action, App};
use crate::ui;

/// How the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The user quit.
    Quit,
    /// A signal, or the terminal went away.
    HungUp,
}

struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = execute!(
            std::io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste
        );
        ratatui::restore();
    }
}

/// Whether the terminal on standard input has hung up.
fn hung_up() -> bool {
    let mut fds = [libc::pollfd {
        fd: 0,
        events: 0,
        revents: 0,
    }];
    // SAFETY: one valid pollfd, a zero timeout.
    let n = unsafe { libc::poll(fds.as_mut_ptr(), 1, 0) };
    n > 0 && fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

/// Runs the app until the user quits or the terminal goes away; the draft
/// is saved in both cases.
pub fn run(app: &mut App) -> Result<Ending> {
    let gone = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGQUIT,
    ] {
        signal_hook::flag::register(sig, Arc::clone(&gone))?;
    }
    let mut terminal = ratatui::init();
    let _restore = Restore;
    let _ = execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(app, &mut terminal, &gone)
    }));
    // Whatever happened, the half-filled form goes to the database.
    let _ = app.save_draft();
    match result {
        Ok(r) => r,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

fn event_loop(
    app: &mut App,
    terminal: &mut ratatui::DefaultTerminal,
    gone: &AtomicBool,
) -> Result<Ending> {
    let mut area = Rect::default();
    loop {
        if gone.load(Ordering::Relaxed) || hung_up() {
            return Ok(Ending::HungUp);
        }
        if terminal
            .draw(|f| {
                area = f.area();
                ui::draw(f, app);
            })
            .is_err()
        {
            return Ok(Ending::HungUp);
        }
        if app.quit {
            return Ok(Ending::Quit);
        }
        match event::poll(Duration::from_millis(250)) {
            Err(_) => return Ok(Ending::HungUp),
            Ok(false) => app.update(Action::Tick),
            Ok(true) => match event::read() {
                Err(_) => return Ok(Ending::HungUp),
                Ok(Event::Key(k)) => app.on_key(k),
                Ok(Event::Paste(s)) => app.on_paste(&s),
                Ok(Event::Mouse(m)) => match m.kind {
                    MouseEventKind::Down(MouseButton::Left) => {
                        if let Some(a) = ui::hit(app, area, m.column, m.row) {
                            app.update(a);
                        }
                    }
                    MouseEventKind::ScrollUp => app.update(Action::ScrollUp),
                    MouseEventKind::ScrollDown => app.update(Action::ScrollDown),
                    _ => {}
                },
                Ok(Event::Resize(..)) => app.update(Action::Resize),
                Ok(_) => {}
            },
        }
    }
}
