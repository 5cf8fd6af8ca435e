//! The terminal: raw mode, the event loop, and leaving cleanly.
//!
//! The terminal is restored twice over: by a guard on drop and by the panic
//! hook `ratatui::init` chains. SIGHUP, SIGTERM, SIGINT and SIGQUIT become a
//! flag, so the draft is saved before the process exits. A dead terminal
//! (hang-up, EOF, EIO) ends the loop at once instead of spinning on it:
//! crossterm reads a terminal that has gone forever at full speed and never
//! returns (crossterm#793), so we wait for input ourselves and let crossterm
//! read only what is already there.

use anyhow::Result;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::Duration;

use crate::app::{Action, App};
use crate::ui;

mod lean;
pub use lean::LeanBackend;

/// The terminal the app draws on: crossterm's, sending only what changed.
type Screen = ratatui::Terminal<LeanBackend<std::io::Stdout>>;

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
            // The lean backend leaves the last frame's colours in force.
            ratatui::crossterm::style::SetAttribute(ratatui::crossterm::style::Attribute::Reset),
            DisableMouseCapture,
            DisableBracketedPaste
        );
        // Not `ratatui::restore`: on a hung-up terminal it reports the failure
        // with `eprintln!`, which panics inside this drop and aborts the process.
        let _ = ratatui::try_restore();
    }
}

/// The write end of the running loop's wake-up pipe; -1 with no loop.
static WAKE: AtomicI32 = AtomicI32::new(-1);

/// Wakes the event loop from another thread (a save or a draft landed), so
/// its result is on screen at once, not at the next tick. Nothing happens
/// when no loop runs (tests, commands).
pub fn wake() {
    let fd = WAKE.load(Ordering::Relaxed);
    if fd >= 0 {
        // SAFETY: one byte from a valid buffer; a full pipe (EAGAIN) is
        // fine, the loop is woken already.
        unsafe { libc::write(fd, [1u8].as_ptr().cast(), 1) };
    }
}

/// What the terminal has for us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Waiting {
    Input,
    Nothing,
    /// Another thread has something to show.
    Woken,
    Gone,
}

/// The descriptor crossterm reads keys from: standard input when it is a
/// terminal, else `/dev/tty` (kept open while the loop runs); and the read
/// end of the wake-up pipe other threads write to.
struct Tty {
    fd: i32,
    _dev_tty: Option<std::fs::File>,
    /// The wake-up pipe: read end, write end.
    wake: [i32; 2],
}

impl Tty {
    fn open() -> Result<Tty> {
        let mut wake = [-1; 2];
        // SAFETY: pipe2 fills two descriptors on success.
        if unsafe { libc::pipe2(wake.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC) } != 0 {
            return Err(std::io::Error::last_os_error().into());
        }
        WAKE.store(wake[1], Ordering::Relaxed);
        // SAFETY: isatty only looks at the descriptor.
        if unsafe { libc::isatty(0) } == 1 {
            return Ok(Tty {
                fd: 0,
                _dev_tty: None,
                wake,
            });
        }
        let f = std::fs::File::open("/dev/tty")?;
        Ok(Tty {
            fd: std::os::fd::AsRawFd::as_raw_fd(&f),
            _dev_tty: Some(f),
            wake,
        })
    }

    /// Waits up to `timeout` for input or a wake-up; a signal ends the wait
    /// early.
    fn wait(&self, timeout: Duration) -> Waiting {
        let mut fds = [self.fd, self.wake[0]].map(|fd| libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        });
        let ms = timeout.as_millis().min(i32::MAX as u128) as i32;
        // SAFETY: two valid pollfds.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), 2, ms) };
        if n < 0 {
            return match std::io::Error::last_os_error().kind() {
                std::io::ErrorKind::Interrupted => Waiting::Nothing,
                _ => Waiting::Gone,
            };
        }
        let r = fds[0].revents;
        if r & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            Waiting::Gone
        } else if r & libc::POLLIN != 0 {
            Waiting::Input
        } else if fds[1].revents & libc::POLLIN != 0 {
            let mut sink = [0u8; 64];
            // SAFETY: reads into a local buffer from our own non-blocking pipe.
            while unsafe { libc::read(self.wake[0], sink.as_mut_ptr().cast(), sink.len()) } > 0 {}
            Waiting::Woken
        } else {
            Waiting::Nothing
        }
    }

    fn hung_up(&self) -> bool {
        self.wait(Duration::ZERO) == Waiting::Gone
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        WAKE.store(-1, Ordering::Relaxed);
        for fd in self.wake {
            // SAFETY: our own descriptors, closed once.
            unsafe { libc::close(fd) };
        }
    }
}

/// Whether there is a terminal to draw on and read keys from: standard
/// output a terminal, and standard input one too or `/dev/tty` openable
/// (`ssh -T`, cron and pipes have none).
pub fn available() -> bool {
    // SAFETY: isatty only looks at the descriptor.
    let out = unsafe { libc::isatty(1) } == 1;
    out && (unsafe { libc::isatty(0) } == 1 || std::fs::File::open("/dev/tty").is_ok())
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
    watchdog(Arc::clone(&gone));
    // ratatui's set-up (raw mode, the alternate screen, the panic hook that
    // restores the terminal), drawn through the lean backend.
    drop(ratatui::init());
    let mut terminal = Screen::new(LeanBackend::new(std::io::stdout()))?;
    let _restore = Restore;
    let _ = execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(app, &mut terminal, &gone)
    }));
    // A terminal that went away without a signal arms the last guard too:
    // whatever blocks from here on, the process ends within two seconds.
    if !matches!(result, Ok(Ok(Ending::Quit))) {
        gone.store(true, Ordering::Relaxed);
    }
    // Whatever happened, the half-filled form goes to the database (or,
    // when another process holds it, to the drafts folder).
    app.save_before_exit();
    match result {
        Ok(r) => r,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// A last guard against a spinning read on a dead terminal (a hang-up
/// landing inside crossterm's own read): once a signal has been seen, the
/// loop has two seconds to save and leave, else the process ends here.
/// Drafts are also saved every few seconds while a form is being edited.
fn watchdog(gone: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        while !gone.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(200));
        }
        std::thread::sleep(Duration::from_secs(2));
        let _ = ratatui::try_restore();
        std::process::exit(0);
    });
}

fn event_loop(app: &mut App, terminal: &mut Screen, gone: &AtomicBool) -> Result<Ending> {
    let tty = Tty::open()?;
    let mut area = Rect::default();
    // crossterm may hold more parsed events than the one it handed over.
    let mut more = false;
    // Drawn only when something changed: an idle session sends nothing.
    app.redraw = true;
    loop {
        if gone.load(Ordering::Relaxed) || tty.hung_up() {
            return Ok(Ending::HungUp);
        }
        // A save finished off this thread is carried on at once, typing or not.
        app.poll_saves();
        app.poll_reads();
        // One frame for a burst of keys: the last one's.
        if app.redraw && !(more && app.input_queued) {
            app.redraw = false;
            if terminal
                .draw(|f| {
                    area = f.area();
                    ui::draw(f, app);
                })
                .is_err()
            {
                return Ok(Ending::HungUp);
            }
        }
        if let Some(text) = app.clipboard.take() {
            // Through the app's own output, after the frame, so the two never interleave.
            let out = terminal.backend_mut();
            if std::io::Write::write_all(out, osc52(&text).as_bytes())
                .and_then(|()| std::io::Write::flush(out))
                .is_err()
            {
                return Ok(Ending::HungUp);
            }
        }
        if app.quit {
            return Ok(Ending::Quit);
        }
        if !more {
            match tty.wait(Duration::from_millis(250)) {
                Waiting::Gone => return Ok(Ending::HungUp),
                Waiting::Woken => continue,
                Waiting::Nothing => {
                    app.update(Action::Tick);
                    continue;
                }
                Waiting::Input => {}
            }
        }
        // Only what is already waiting: crossterm itself never waits here.
        match event::poll(Duration::ZERO) {
            Err(_) => return Ok(Ending::HungUp),
            Ok(false) => {
                if !more {
                    // Input crossterm leaves unread until more comes: do not spin on it.
                    std::thread::sleep(Duration::from_millis(25));
                }
                more = false;
            }
            Ok(true) => match event::read() {
                Err(_) => return Ok(Ending::HungUp),
                Ok(ev) => {
                    // Waiting behind the previous event: both came in one burst,
                    // however long that one took to handle and draw.
                    app.input_queued = more;
                    more = true;
                    handle(app, area, ev);
                }
            },
        }
    }
}

fn handle(app: &mut App, area: Rect, ev: Event) {
    match ev {
        Event::Key(k) => app.on_key(k),
        Event::Paste(s) => app.on_paste(&s),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(a) = ui::hit(app, area, m.column, m.row) {
                    app.update(a);
                }
            }
            MouseEventKind::ScrollUp => app.update(Action::ScrollUp),
            MouseEventKind::ScrollDown => app.update(Action::ScrollDown),
            _ => {}
        },
        Event::Resize(..) => app.update(Action::Resize),
        _ => {}
    }
}

/// The OSC 52 sequence that puts `text` on the terminal's clipboard (the
/// tablet's, through the terminal app): `ESC ] 52 ; c ; <base64> BEL`.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

/// Standard base64 with padding (RFC 4648), as OSC 52 wants it.
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
        assert_eq!(base64("生日快乐".as_bytes()), "55Sf5pel5b+r5LmQ");
    }

    #[test]
    fn osc52_wraps_the_text() {
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
    }
}
