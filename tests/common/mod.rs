//! End-to-end harness: the real binary in a pseudo-terminal, its screen
//! kept by a vt100 parser, and the shop database read with rusqlite.
//!
//! A reader thread drains the master side all the time, so the app never
//! blocks on a full terminal; tests wait for what they expect to see
//! (`wait_for`, `wait_until`) instead of sleeping.

// Each test binary uses a different part of the harness.
#![allow(dead_code)]

use portable_pty::{CommandBuilder, MasterPty, PtySize};
use rusqlite::{Connection, OpenFlags};
use std::fmt;
use std::fs::File;
use std::io::Write;
use std::num::NonZeroU16;
use std::os::fd::{AsRawFd, FromRawFd};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub use portable_pty::ExitStatus;

/// How long any wait may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// The fixed clock of every run.
pub const NOW: &str = "2026-11-23T10:00";
/// Every demo PIN.
pub const PIN: &str = "0000";

pub const BIN: &str = match option_env!("CARGO_BIN_EXE_aftercare") {
    Some(p) => p,
    // Examples (`examples/keystorm.rs`) are not told: the debug build's binary.
    None => concat!(env!("CARGO_MANIFEST_DIR"), "/target/debug/aftercare"),
};

/// A failed wait, with what the screen showed; prints as plain text.
pub struct Failure(pub String);

impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<E: std::error::Error> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

pub type TestResult = Result<(), Failure>;

/// Keys as a terminal sends them (xterm).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
    Ctrl(char),
    Char(char),
}

impl Key {
    pub fn bytes(self) -> Vec<u8> {
        let s: &str = match self {
            Key::Enter => "\r",
            Key::Esc => "\x1b",
            Key::Tab => "\t",
            Key::BackTab => "\x1b[Z",
            Key::Backspace => "\x7f",
            Key::Up => "\x1b[A",
            Key::Down => "\x1b[B",
            Key::Right => "\x1b[C",
            Key::Left => "\x1b[D",
            Key::Home => "\x1b[H",
            Key::End => "\x1b[F",
            Key::PageUp => "\x1b[5~",
            Key::PageDown => "\x1b[6~",
            Key::F(1) => "\x1bOP",
            Key::F(2) => "\x1bOQ",
            Key::F(3) => "\x1bOR",
            Key::F(4) => "\x1bOS",
            Key::F(5) => "\x1b[15~",
            Key::F(6) => "\x1b[17~",
            Key::F(7) => "\x1b[18~",
            Key::F(8) => "\x1b[19~",
            Key::F(9) => "\x1b[20~",
            Key::F(10) => "\x1b[21~",
            Key::F(11) => "\x1b[23~",
            Key::F(12) => "\x1b[24~",
            Key::F(n) => panic!("no F{n} key"),
            Key::Char(c) => return c.to_string().into_bytes(),
            Key::Ctrl(c) => {
                let c = c.to_ascii_lowercase();
                assert!(
                    c.is_ascii_lowercase(),
                    "Ctrl-{c} is not a control character"
                );
                return vec![c as u8 - b'a' + 1];
            }
        };
        s.as_bytes().to_vec()
    }
}

/// What the app asked of the terminal besides drawing: none of it should
/// ever come from text a user typed.
#[derive(Debug, Default, Clone)]
pub struct TermEvents {
    pub titles: Vec<String>,
    pub bells: usize,
    pub clipboard: usize,
}

struct Recorder(Arc<Mutex<TermEvents>>);

impl vt100::Callbacks for Recorder {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.0.lock().unwrap().bells += 1;
    }
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        let t = String::from_utf8_lossy(title).into_owned();
        self.0.lock().unwrap().titles.push(t);
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        let t = String::from_utf8_lossy(name).into_owned();
        self.0.lock().unwrap().titles.push(t);
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _: &[u8], _: &[u8]) {
        self.0.lock().unwrap().clipboard += 1;
    }
}

type Parser = vt100::Parser<Recorder>;

/// A duplicate of `fd` that is closed on exec, so no other child inherits it.
fn dup_cloexec(fd: i32) -> File {
    // SAFETY: fd is an open descriptor owned by the master; the new one is ours.
    let new = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    assert!(new >= 0, "cannot duplicate the pty master");
    // SAFETY: `new` was just returned by fcntl and nothing else owns it.
    unsafe { File::from_raw_fd(new) }
}

/// The app running in a pseudo-terminal.
pub struct Tui {
    parser: Arc<Mutex<Parser>>,
    /// Every byte the app wrote, for sequences the screen does not show (OSC 52).
    raw: Arc<Mutex<Vec<u8>>>,
    events: Arc<Mutex<TermEvents>>,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<File>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    stop: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    exit: Option<ExitStatus>,
    pub pid: u32,
    pub size: (u16, u16),
}

impl Tui {
    /// Starts the binary with `args`, a clean environment plus `env`, in `dir`.
    pub fn spawn(args: &[String], env: &[(String, String)], dir: &Path, size: (u16, u16)) -> Tui {
        Tui::spawn_program(BIN, args, env, dir, size)
    }

    /// Starts `program` (the binary, or a wrapper that runs it as another
    /// user) with `args`, a clean environment plus `env`, in `dir`.
    pub fn spawn_program(
        program: &str,
        args: &[String],
        env: &[(String, String)],
        dir: &Path,
        (cols, rows): (u16, u16),
    ) -> Tui {
        let pty = portable_pty::native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env_clear();
        for (k, v) in base_env(dir).iter().chain(env) {
            cmd.env(k, v);
        }
        cmd.cwd(dir);
        let child = pair.slave.spawn_command(cmd).expect("spawn the app");
        // Only the child keeps the slave open: its exit then ends our reads.
        drop(pair.slave);
        let master = pair.master;
        let fd = master.as_raw_fd().expect("the master's descriptor");
        // Our own copies: portable-pty's writer types "\n" and EOF into the
        // app when dropped, and its reader cannot be polled for a hang-up.
        let reader_file = dup_cloexec(fd);
        let writer = dup_cloexec(fd);
        let events = Arc::new(Mutex::new(TermEvents::default()));
        let parser = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
            0,
            Recorder(Arc::clone(&events)),
        )));
        let stop = Arc::new(AtomicBool::new(false));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let reader = {
            let parser = Arc::clone(&parser);
            let raw = Arc::clone(&raw);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || drain(reader_file, &parser, &raw, &stop))
        };
        let pid = child.process_id().expect("the child's pid");
        Tui {
            parser,
            raw,
            events,
            master: Some(master),
            writer: Some(writer),
            child,
            stop,
            reader: Some(reader),
            exit: None,
            pid,
            size: (cols, rows),
        }
    }

    /// Everything the app has written to the terminal so far, unparsed.
    pub fn raw_output(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// The screen as text, one line a row.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// The rows of the screen (wide characters appear once, take two columns).
    pub fn rows(&self) -> Vec<String> {
        let p = self.parser.lock().unwrap();
        let cols = p.screen().size().1;
        p.screen().rows(0, cols.get()).collect()
    }

    /// The row holding `text`, and the display column where it starts.
    pub fn find(&self, text: &str) -> Option<(u16, u16)> {
        self.rows().iter().enumerate().find_map(|(r, line)| {
            line.find(text)
                .map(|i| (r as u16, display_width(&line[..i]) as u16))
        })
    }

    /// The terminal cursor as (row, column), both from 0.
    pub fn cursor_position(&self) -> (u16, u16) {
        self.parser.lock().unwrap().screen().cursor_position()
    }

    /// One cell's foreground colour, background colour and character.
    pub fn cell(&self, row: u16, col: u16) -> (vt100::Color, vt100::Color, String) {
        let p = self.parser.lock().unwrap();
        let c = p.screen().cell(row, col).expect("a cell on screen");
        (c.fgcolor(), c.bgcolor(), c.contents().to_string())
    }

    pub fn term_events(&self) -> TermEvents {
        self.events.lock().unwrap().clone()
    }

    pub fn send(&mut self, text: &str) {
        self.write(text.as_bytes());
    }

    pub fn write(&mut self, bytes: &[u8]) {
        let w = self.writer.as_mut().expect("the terminal is still open");
        w.write_all(bytes).expect("write to the pty");
        w.flush().expect("flush the pty");
    }

    pub fn key(&mut self, key: Key) {
        self.write(&key.bytes());
        if key == Key::Esc {
            // A lone ESC is told from the start of a sequence only by the
            // pause after it: keep the next bytes out of the same read.
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    pub fn keys(&mut self, key: Key, times: usize) {
        let bytes: Vec<u8> = (0..times).flat_map(|_| key.bytes()).collect();
        self.write(&bytes);
    }

    /// Text as a terminal pastes it (bracketed paste).
    pub fn paste(&mut self, text: &str) {
        self.send(&format!("\x1b[200~{text}\x1b[201~"));
    }

    /// A left click at (column, row), both from 0, as SGR mouse press and release.
    pub fn click(&mut self, col: u16, row: u16) {
        let (x, y) = (col + 1, row + 1);
        self.send(&format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m"));
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for(&self, text: &str) -> Result<(), Failure> {
        self.wait_for_within(text, TIMEOUT)
    }

    /// PgDn to the visit's next step, titled `title`. A step left with
    /// nothing ticked asks once (data/practices.toml): then press again.
    pub fn next_step(&mut self, title: &str) -> Result<(), Failure> {
        self.key(Key::PageDown);
        self.wait_until(&format!("{title:?} or the question"), TIMEOUT * 2, |t| {
            let s = t.screen();
            s.contains(title) || s.contains("move on anyway")
        })?;
        if !self.screen().contains(title) {
            self.key(Key::PageDown);
        }
        self.wait_for(title)
    }

    /// Confirms a guarded move as a person does: the dialog naming it
    /// (`naming`, when given), Tab to Confirm, a pause past the dialog's
    /// guard against a stray Enter, then Enter.
    pub fn confirm_move(&mut self, naming: Option<&str>) -> Result<(), Failure> {
        self.wait_for("Confirm the move")?;
        if let Some(naming) = naming {
            self.wait_for(naming)?;
        }
        self.key(Key::Tab);
        self.wait_stable(Duration::from_millis(300))?;
        self.key(Key::Enter);
        self.wait_gone("Confirm the move")
    }

    /// At the complaint counter (F9, then F8) from the list, through the
    /// first five steps for the customer with this phone, to step 6
    /// "Resolve": a seam opened after one wash, a quality complaint.
    pub fn counter_to_resolve(&mut self, phone: &str, name: &str) -> Result<(), Failure> {
        self.key(Key::F(9));
        self.wait_for("Open complaints")?;
        self.key(Key::F(8));
        self.wait_for("▸ 1 Listen")?;
        // 1 Listen: who, and what happened in their words.
        self.send(phone);
        self.wait_for(name)?;
        self.keys(Key::Tab, 2);
        self.send("The seam opened after one wash");
        self.key(Key::F(10));
        self.wait_for("▸ 2 Talk")?;
        self.key(Key::F(10));
        self.wait_for("▸ 3 Apologise")?;
        self.key(Key::F(10));
        self.wait_for("▸ 4 Restate")?;
        // 4: the category (after the purchase), then the restatement.
        self.key(Key::Tab);
        self.send(" ");
        self.wait_for("Quality or function")?;
        self.keys(Key::Tab, 3);
        self.send("Seam open at the left shoulder");
        self.key(Key::F(10));
        self.wait_for("▸ 5 Explain")?;
        self.key(Key::F(10));
        self.wait_for("▸ 6 Resolve")
    }

    pub fn wait_for_within(&self, text: &str, timeout: Duration) -> Result<(), Failure> {
        self.wait_until(&format!("the screen to show {text:?}"), timeout, |t| {
            t.screen().contains(text)
        })
    }

    /// Waits until `text` is no longer on screen.
    pub fn wait_gone(&self, text: &str) -> Result<(), Failure> {
        self.wait_until(&format!("{text:?} to leave the screen"), TIMEOUT, |t| {
            !t.screen().contains(text)
        })
    }

    /// Waits until `ok` holds for the screen on two looks in a row, so a
    /// frame half drawn does not count.
    pub fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        ok: impl Fn(&Tui) -> bool,
    ) -> Result<(), Failure> {
        let start = Instant::now();
        let mut held = false;
        loop {
            if ok(self) {
                if held {
                    return Ok(());
                }
                held = true;
            } else {
                held = false;
            }
            if start.elapsed() > timeout {
                return Err(
                    self.failure(&format!("timed out after {timeout:?} waiting for {what}"))
                );
            }
            std::thread::sleep(Duration::from_millis(15));
        }
    }

    /// Waits until the screen has not changed for `quiet`.
    pub fn wait_stable(&self, quiet: Duration) -> Result<(), Failure> {
        let start = Instant::now();
        let mut last = (self.screen(), self.cursor_position());
        let mut since = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(15));
            let now = (self.screen(), self.cursor_position());
            if now != last {
                last = now;
                since = Instant::now();
            } else if since.elapsed() >= quiet {
                return Ok(());
            }
            if start.elapsed() > TIMEOUT {
                return Err(self.failure("timed out waiting for a stable screen"));
            }
        }
    }

    /// A failure message with the screen as it is.
    pub fn failure(&self, message: &str) -> Failure {
        Failure(format!(
            "{message}\n--- screen {}x{}, cursor {:?} ---\n{}\n---",
            self.size.0,
            self.size.1,
            self.cursor_position(),
            self.screen()
        ))
    }

    /// The exit status, once the process has ended within `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let start = Instant::now();
        loop {
            if let Some(s) = &self.exit {
                return Some(s.clone());
            }
            if let Ok(Some(s)) = self.child.try_wait() {
                self.exit = Some(s.clone());
                return Some(s);
            }
            if start.elapsed() > timeout {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// CPU time the process has used so far (user + system), in clock ticks.
    pub fn cpu_ticks(&self) -> u64 {
        cpu_ticks(self.pid).expect("the process's /proc/<pid>/stat")
    }

    /// Resizes the terminal, as a window or a tablet turned on its side does.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser.lock().unwrap().set_size(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
        );
        self.master
            .as_ref()
            .expect("the terminal is still open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
        self.size = (cols, rows);
    }

    /// Closes the terminal as a dropped SSH connection does: every copy of
    /// the master side goes, the child gets SIGHUP and reads fail.
    pub fn hang_up(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        self.writer = None;
        self.master = None;
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.exit.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            // SAFETY: signalling our own child by pid.
            unsafe {
                libc::kill(self.pid as i32, libc::SIGKILL);
            }
            let _ = self.child.wait();
        }
        self.hang_up();
    }
}

/// Feeds everything the app writes into the parser until the terminal
/// closes or the test hangs up.
fn drain(file: File, parser: &Mutex<Parser>, raw: &Mutex<Vec<u8>>, stop: &AtomicBool) {
    use std::io::Read;
    let mut file = file;
    let mut buf = [0u8; 8192];
    while !stop.load(Ordering::SeqCst) {
        let mut pfd = libc::pollfd {
            fd: file.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        let n = unsafe { libc::poll(&mut pfd, 1, 20) };
        if n < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return;
        }
        if n == 0 {
            continue;
        }
        match file.read(&mut buf) {
            Ok(0) | Err(_) => return, // EOF, or EIO once the child is gone
            Ok(k) => {
                raw.lock().unwrap().extend_from_slice(&buf[..k]);
                parser.lock().unwrap().process(&buf[..k]);
            }
        }
    }
}

pub fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which ends at the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line.
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}

pub fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// The environment of every run: nothing from the real user.
pub fn base_env(dir: &Path) -> Vec<(String, String)> {
    let d = dir.display().to_string();
    vec![
        ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
        ("HOME".into(), d.clone()),
        ("XDG_CONFIG_HOME".into(), format!("{d}/config")),
        ("XDG_DATA_HOME".into(), format!("{d}/data")),
        ("TERM".into(), "xterm-256color".into()),
        ("LANG".into(), "en_US.UTF-8".into()),
        ("AFTERCARE_NOW".into(), NOW.into()),
    ]
}

/// A member of staff, as the sign-in screen lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub id: i64,
    pub name: String,
}

/// A customer as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub phone_digits: String,
    pub version: i64,
}

/// A demo shop in its own temporary folder.
pub struct Shop {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Shop {
    /// `aftercare train --trainee Tina` on a 30-customer practice shop at
    /// `cols`×`rows`, Tina signed in (PIN 0000) and on home.
    pub fn train_as_tina(&self, cols: u16, rows: u16) -> Result<Tui, Failure> {
        let mut t = self
            .app()
            .size(cols, rows)
            .arg("train")
            .arg("--trainee")
            .arg("Tina")
            .arg("--customers")
            .arg("30")
            .start();
        t.wait_for("TRAINING")?;
        t.wait_for("PIN for")?;
        for _ in 0..8 {
            if t.screen().contains("PIN for Tina") {
                break;
            }
            t.key(Key::Down);
            t.wait_stable(Duration::from_millis(100))?;
        }
        t.send(PIN);
        t.key(Key::Enter);
        t.wait_for("│ Tina · ")?;
        Ok(t)
    }

    /// [`Shop::train_as_tina`], then `n`: the practice list.
    pub fn practice_list(&self, cols: u16, rows: u16) -> Result<Tui, Failure> {
        let mut t = self.train_as_tina(cols, rows)?;
        t.key(Key::Char('n'));
        t.wait_for("choose a scenario card")?;
        Ok(t)
    }

    /// The practice shop a running `aftercare train` plays on (read-only).
    pub fn sandbox(&self) -> Connection {
        let path = std::fs::read_dir(self.path())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                let n = p.file_name().unwrap().to_string_lossy().to_string();
                n.starts_with("training-sandbox") && n.ends_with(".db")
            })
            .expect("the practice shop's file");
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
    }

    /// Writes a small demo shop with the `demo --no-ui` command.
    pub fn demo(customers: u32) -> Shop {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let db = dir.path().join("shop.db");
        let shop = Shop { dir, db };
        let out = shop.run(&[
            "demo",
            "--customers",
            &customers.to_string(),
            "--seed",
            "11",
            "--no-ui",
        ]);
        assert!(
            out.status.success(),
            "demo --no-ui failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        shop
    }

    /// A folder with no shop database in it yet.
    pub fn empty() -> Shop {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let db = dir.path().join("shop.db");
        Shop { dir, db }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The binary with `args` and `--db` this shop, without a terminal.
    pub fn command(&self, args: &[&str]) -> Command {
        self.command_on(&self.db, args)
    }

    /// The binary with `args` on another database file, in this shop's folder.
    pub fn command_on(&self, db: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args).arg("--db").arg(db);
        cmd.env_clear();
        for (k, v) in base_env(self.path()) {
            cmd.env(k, v);
        }
        cmd.current_dir(self.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Runs the binary to its end (bounded by [`TIMEOUT`]).
    pub fn run(&self, args: &[&str]) -> Output {
        run_bounded(self.command(args))
    }

    /// The app on this shop, in a 100×30 terminal.
    pub fn app(&self) -> Launch<'_> {
        Launch {
            shop: self,
            args: vec![],
            env: vec![],
            size: (100, 30),
        }
    }

    /// Opens the database as the app does (WAL), for checks.
    pub fn conn(&self) -> Connection {
        let c = Connection::open_with_flags(&self.db, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .expect("open the shop database");
        c.busy_timeout(Duration::from_secs(5)).unwrap();
        c
    }

    /// Active staff in sign-in order.
    pub fn staff(&self) -> Vec<Staff> {
        let c = self.conn();
        let mut stmt = c
            .prepare(
                "SELECT id, name FROM staff WHERE active = 1
                 ORDER BY CASE role WHEN 'manager' THEN 0 WHEN 'service' THEN 1 ELSE 2 END, name",
            )
            .unwrap();
        stmt.query_map([], |r| {
            Ok(Staff {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    }

    pub fn customer(&self, id: i64) -> Customer {
        self.customers_where("id = ?1", rusqlite::params![id])
            .pop()
            .unwrap_or_else(|| panic!("no customer {id}"))
    }

    pub fn customers_where(&self, cond: &str, params: impl rusqlite::Params) -> Vec<Customer> {
        let c = self.conn();
        let sql = format!(
            "SELECT id, name, COALESCE(phone, ''), COALESCE(phone_digits, ''), version
             FROM customers WHERE {cond} ORDER BY id"
        );
        let mut stmt = c.prepare(&sql).unwrap();
        stmt.query_map(params, |r| {
            Ok(Customer {
                id: r.get(0)?,
                name: r.get(1)?,
                phone: r.get(2)?,
                phone_digits: r.get(3)?,
                version: r.get(4)?,
            })
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    }

    /// A customer whose last four phone digits appear in nobody else's
    /// phone, with a name short enough to show whole in the search list.
    pub fn findable_customer(&self) -> Customer {
        let all = self.customers_where("erased_at IS NULL", []);
        all.iter()
            .find(|c| {
                let n = c.phone_digits.len();
                n >= 7
                    && !c.name.is_empty()
                    && display_width(&c.name) <= 14
                    && all
                        .iter()
                        .all(|o| o.id == c.id || !o.phone_digits.contains(&c.phone_digits[n - 4..]))
            })
            .cloned()
            .expect("a customer with unique last four digits")
    }

    /// A mobile number on nobody's file, from `seed` on: as typed (with
    /// spaces) and as its digits.
    pub fn free_phone(&self, seed: u32) -> (String, String) {
        (seed..)
            .map(|n| format!("139{n:08}"))
            .find(|d| {
                self.count(
                    "SELECT count(*) FROM customers WHERE phone_digits = ?1",
                    [d],
                ) == 0
            })
            .map(|d| (format!("{} {} {}", &d[..3], &d[3..7], &d[7..]), d))
            .unwrap()
    }

    /// One text column of a customer.
    pub fn column(&self, id: i64, column: &str) -> Option<String> {
        self.conn()
            .query_row(
                &format!("SELECT {column} FROM customers WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .unwrap()
    }

    pub fn count(&self, sql: &str, params: impl rusqlite::Params) -> i64 {
        self.conn().query_row(sql, params, |r| r.get(0)).unwrap()
    }
}

/// Runs a command to its end, killing it after [`TIMEOUT`].
pub fn run_bounded(mut cmd: Command) -> Output {
    let mut child = cmd.spawn().expect("spawn the binary");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("collect output");
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let out = child.wait_with_output().expect("collect output");
            panic!(
                "{cmd:?} did not finish in {TIMEOUT:?}; stderr: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// How to start the app on a shop.
pub struct Launch<'a> {
    shop: &'a Shop,
    args: Vec<String>,
    env: Vec<(String, String)>,
    size: (u16, u16),
}

impl Launch<'_> {
    pub fn size(mut self, cols: u16, rows: u16) -> Self {
        self.size = (cols, rows);
        self
    }

    pub fn arg(mut self, a: &str) -> Self {
        self.args.push(a.into());
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    pub fn start(self) -> Tui {
        let mut args = vec!["--db".to_string(), self.shop.db.display().to_string()];
        args.extend(self.args);
        Tui::spawn(&args, &self.env, self.shop.path(), self.size)
    }
}

impl Tui {
    /// Signs in as the `index`-th name of the list (counted from the one
    /// preselected), with the demo PIN, and waits for the home screen.
    pub fn sign_in(&mut self, staff: &[Staff], index: usize) -> Result<(), Failure> {
        let who = &staff[index];
        self.wait_for("PIN for")?;
        self.keys(Key::Down, index);
        self.wait_for(&format!("PIN for {}", who.name))?;
        self.sign_in_here(who)
    }

    /// Types the PIN for whoever is selected, expecting `who` to be signed in.
    pub fn sign_in_here(&mut self, who: &Staff) -> Result<(), Failure> {
        self.send(PIN);
        self.key(Key::Enter);
        self.wait_for(&format!("│ {} · ", who.name))
    }

    /// From anywhere signed in: F3, type `query`, wait for the list.
    pub fn search(&mut self, query: &str) -> Result<(), Failure> {
        if !self.screen().contains("Find a customer") {
            self.key(Key::F(3));
            self.wait_for("Find a customer")?;
        }
        self.key(Key::Ctrl('u'));
        self.send(query);
        self.wait_until(&format!("results for {query:?}"), TIMEOUT, |t| {
            let s = t.screen();
            s.contains(&format!("│{query}")) && (s.contains(" found") || s.contains("Nobody"))
        })
    }

    /// From the search list: opens the customer file of the selected row.
    pub fn open_selected(&mut self, c: &Customer) -> Result<(), Failure> {
        self.key(Key::Enter);
        // The file shows the full phone; the list only a masked one.
        self.wait_for(&c.phone)
    }
}
