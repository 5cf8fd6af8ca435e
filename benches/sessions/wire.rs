//! Bytes on the wire per key at 80×24: aftercare, `less` and `fzf` doing
//! the same things (a letter typed, a search keystroke, one row down).

use crate::pty::{self, Answer, Pty};
use crate::{BIN, env_for, quantile};
use anyhow::Result;
use std::path::Path;
use std::time::Duration;

const SIZE: (u16, u16) = (80, 24);
const WAIT: Duration = Duration::from_secs(30);
/// Nothing more for this long: the key's answer is complete.
const QUIET: Duration = Duration::from_millis(120);

/// Keys of one kind and what each cost.
struct Case {
    what: String,
    answers: Vec<(Answer, usize)>,
    target: Option<u64>,
}

impl Case {
    fn new(what: &str, target: Option<u64>) -> Case {
        Case {
            what: what.into(),
            answers: Vec::new(),
            target,
        }
    }

    /// Sends `key`, keeping what it cost and how many cells it changed.
    fn key(&mut self, t: &mut Pty, key: &[u8]) -> Result<(Answer, usize)> {
        let before = t.cells();
        let a = t.answer(key, QUIET)?;
        let changed = before
            .iter()
            .zip(t.cells())
            .filter(|(a, b)| **a != *b)
            .count();
        self.answers.push((a, changed));
        Ok((a, changed))
    }

    fn print(&self) {
        if self.answers.is_empty() {
            return println!("  {}: no keys", self.what);
        }
        let mut bytes: Vec<f64> = self.answers.iter().map(|(a, _)| a.bytes as f64).collect();
        bytes.sort_by(f64::total_cmp);
        let mut ms: Vec<f64> = self
            .answers
            .iter()
            .map(|(a, _)| a.latency.as_secs_f64() * 1000.0)
            .collect();
        ms.sort_by(f64::total_cmp);
        let cells: usize = self.answers.iter().map(|(_, c)| c).sum();
        let sent: u64 = self.answers.iter().map(|(a, _)| a.bytes).sum();
        let max = bytes[bytes.len() - 1];
        let verdict = match self.target {
            Some(t) if max <= t as f64 => format!(" (target ≤ {t} B: holds)"),
            Some(t) => format!(" (target ≤ {t} B: MISSED)"),
            None => String::new(),
        };
        println!(
            "  {}: {} keys, bytes p50 {:.0} / max {:.0}{verdict}; {:.1} bytes per changed cell; answer complete p50 {:.1} / p99 {:.1} ms",
            self.what,
            self.answers.len(),
            quantile(&bytes, 0.5),
            max,
            sent as f64 / cells.max(1) as f64,
            quantile(&ms, 0.5),
            quantile(&ms, 0.99),
        );
    }
}

pub fn run(db: &Path, dir: &Path) -> Result<()> {
    println!("bytes per key at 80×24 (answer: every byte until {QUIET:?} of quiet):");
    println!(" aftercare");
    for case in ours(db, dir)? {
        case.print();
    }
    let list = names(db, dir)?;
    println!(" less {}", version("less"));
    for case in less(&list, dir)? {
        case.print();
    }
    if fzf_there() {
        println!(" fzf {}", version("fzf"));
        for case in fzf(&list, dir)? {
            case.print();
        }
    }
    Ok(())
}

/// aftercare: a search typed key by key, Down through the search's list
/// (moving, then scrolling), and a letter typed into the new-customer form.
fn ours(db: &Path, dir: &Path) -> Result<Vec<Case>> {
    let mut t = Pty::spawn(
        BIN,
        &["--db", &db.display().to_string()],
        &env_for(dir),
        SIZE,
    )?;
    t.wait_for("PIN for", WAIT)?;
    t.send(b"0000\r")?;
    t.wait_for("[ New visit ]", WAIT)?;
    t.send(pty::F3)?;
    t.wait_for("Find a customer", WAIT)?;
    t.settle(QUIET)?;
    let mut search = Case::new("a search keystroke (names, pinyin, digits)", None);
    for q in ["wang", "zhang", "138"] {
        t.send(pty::CTRL_U)?;
        t.settle(QUIET)?;
        for c in q.bytes() {
            search.key(&mut t, &[c])?;
        }
    }
    t.send(pty::CTRL_U)?;
    t.send(b"li")?;
    t.wait_for(" found", WAIT)?;
    let (mut moved, mut scrolled) = downs_with(&mut t, pty::DOWN, 40)?;
    moved.target = Some(200);
    scrolled.target = Some(200);
    let mut typed = Case::new("a letter typed into a form's field", Some(32));
    t.send(b"\x1bOS")?; // F4, a new customer
    t.wait_for("New customer", WAIT)?;
    for c in "Margaret Thompson".bytes() {
        typed.key(&mut t, &[c])?;
    }
    Ok(vec![typed, search, moved, scrolled])
}

/// The shop's customers as a list file, one "name  phone" a line.
fn names(db: &Path, dir: &Path) -> Result<std::path::PathBuf> {
    let conn = rusqlite::Connection::open(db)?;
    let mut stmt = conn.prepare(
        "SELECT name, COALESCE(phone, '') FROM customers WHERE erased_at IS NULL ORDER BY id LIMIT 5000",
    )?;
    let mut text = String::new();
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (name, phone) = row?;
        text.push_str(&format!("{name}  {phone}\n"));
    }
    let path = dir.join("customers.txt");
    std::fs::write(&path, text)?;
    Ok(path)
}

fn tool_env(dir: &Path) -> Vec<(&'static str, String)> {
    let mut env = env_for(dir);
    env.push(("LESS", String::new()));
    env.push(("LESSCHARSET", "utf-8".into()));
    env.push(("FZF_DEFAULT_OPTS", String::new()));
    env
}

/// less: a letter typed at its search prompt, an incremental search, and
/// one line down (less always scrolls).
fn less(list: &Path, dir: &Path) -> Result<Vec<Case>> {
    let file = list.display().to_string();
    let mut t = Pty::spawn("less", &["--incsearch", &file], &tool_env(dir), SIZE)?;
    t.wait_for("customers.txt", WAIT)?;
    t.settle(QUIET)?;
    let (_, mut scrolled) = downs_with(&mut t, b"j", 30)?;
    scrolled.what = "one line down ('j', scrolling)".into();
    let mut search = Case::new("an incremental search keystroke ('/' then letters)", None);
    t.send(b"/")?;
    t.settle(QUIET)?;
    for c in "Zhang".bytes() {
        search.key(&mut t, &[c])?;
    }
    Ok(vec![search, scrolled])
}

/// fzf: the query typed key by key, and Down through its list (fzf's Down
/// moves toward the bottom of the screen, as its list is drawn upward).
fn fzf(list: &Path, dir: &Path) -> Result<Vec<Case>> {
    let cmd = format!("fzf --no-mouse < '{}'", list.display());
    let mut t = Pty::spawn("sh", &["-c", &cmd], &tool_env(dir), SIZE)?;
    t.wait("fzf's list", WAIT, |s| {
        s.contains("5000/5000") || s.contains("/5000")
    })?;
    t.settle(QUIET)?;
    let mut search = Case::new("a search keystroke", None);
    for c in "wang".bytes() {
        search.key(&mut t, &[c])?;
    }
    t.send(pty::CTRL_U)?;
    t.settle(QUIET)?;
    // Up moves away from the prompt in fzf's default layout: through the rows, then scrolling.
    let (moved, scrolled) = downs_with(&mut t, b"\x1b[A", 40)?;
    Ok(vec![search, moved, scrolled])
}

/// `n` presses of `key`, told apart by whether the list scrolled (more
/// than two rows changed).
fn downs_with(t: &mut Pty, key: &[u8], n: usize) -> Result<(Case, Case)> {
    let mut moved = Case::new("one row down", None);
    let mut scrolled = Case::new("one row down, the list scrolling", None);
    let cols = SIZE.0 as usize;
    for _ in 0..n {
        let before = t.cells();
        let a = t.answer(key, QUIET)?;
        let after = t.cells();
        let rows = (0..SIZE.1 as usize)
            .filter(|r| before[r * cols..(r + 1) * cols] != after[r * cols..(r + 1) * cols])
            .count();
        let cells = before.iter().zip(&after).filter(|(a, b)| a != b).count();
        if rows > 2 {
            scrolled.answers.push((a, cells));
        } else {
            moved.answers.push((a, cells));
        }
    }
    Ok((moved, scrolled))
}

fn version(tool: &str) -> String {
    std::process::Command::new(tool)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.lines().next().map(str::to_string))
        .unwrap_or_default()
}

/// Whether fzf is there; installs it with apt-get when missing and this
/// user may (root, or sudo without a password); says so when it cannot.
fn fzf_there() -> bool {
    let found = || {
        std::process::Command::new("fzf")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if found() {
        return true;
    }
    // SAFETY: geteuid only reads the process's user.
    let root = unsafe { libc::geteuid() } == 0;
    let mut cmd = if root {
        std::process::Command::new("apt-get")
    } else {
        let mut c = std::process::Command::new("sudo");
        c.args(["-n", "apt-get"]);
        c
    };
    let ok = cmd
        .args(["install", "-y", "fzf"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok && found() {
        return true;
    }
    println!(
        " fzf: not installed, and it could not be installed here (apt-get install -y fzf needs root or sudo): no fzf figures"
    );
    false
}
