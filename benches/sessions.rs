//! Many people on one shop, over a thin link (issue 14).
//!
//! `cargo bench --bench sessions` drives the release `aftercare` in
//! pseudo-terminals against a copy of a demo shop (100 000 customers by
//! default, written into `target/bench-shops/` as `cargo bench --bench shop`
//! does, or reused). Three parts, each chosen with `AFTERCARE_BENCH_PARTS`
//! (default `startup,wire,sessions`):
//!
//! - `startup`: 20 starts to the sign-in screen drawn, median and max;
//! - `wire`: bytes and latency per key (a letter typed into a field, a
//!   search keystroke at 80×24, moving one row in a list, also where it
//!   scrolls), against `less` and `fzf` doing the same (fzf is installed
//!   with apt-get when missing and it can be; said when not);
//! - `sessions`: N sessions at once (`AFTERCARE_BENCH_SESSIONS`, default
//!   `1,20,50,100`), each signing in, then several times (`AFTERCARE_BENCH_SAVES`,
//!   default 5) finding a customer, changing a field, F10, and home again,
//!   staggered; reports sign-in and save latency p50/p99, any busy or locked
//!   message seen, the sessions' CPU seconds and their total Pss.
//!
//! `AFTERCARE_BENCH_SIZES=1000000` measures another shop size.

#[path = "sessions/many.rs"]
mod many;
#[path = "sessions/pty.rs"]
mod pty;
#[path = "sessions/wire.rs"]
mod wire;

use aftercare::demo::{DemoSpec, write_demo};
use aftercare::store;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The app under test: the bench profile's (release) build.
pub const BIN: &str = env!("CARGO_BIN_EXE_aftercare");
/// The fixed clock of every session: the demo's campaign day.
pub const NOW: &str = "2026-11-23T10:00";
const SEED: u64 = 2024;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date")
}

fn main() -> Result<()> {
    let sizes: Vec<u64> = list("AFTERCARE_BENCH_SIZES", "100000")?;
    let parts =
        std::env::var("AFTERCARE_BENCH_PARTS").unwrap_or_else(|_| "startup,wire,sessions".into());
    let counts: Vec<u64> = list("AFTERCARE_BENCH_SESSIONS", "1,20,50,100")?;
    let saves = list("AFTERCARE_BENCH_SAVES", "5")?[0] as usize;
    println!("{}", machine());
    for size in sizes {
        let shop = demo_shop(size)?;
        let work = tempfile::tempdir()?;
        if parts.contains("startup") {
            startup(&shop, work.path())?;
        }
        if parts.contains("wire") {
            let db = copy_of(&shop, work.path(), "wire")?;
            wire::run(&db, work.path())?;
        }
        if parts.contains("sessions") {
            for &n in &counts {
                let db = copy_of(&shop, work.path(), &format!("sessions-{n}"))?;
                let r = many::run(&db, work.path(), n as usize, saves)?;
                println!("{size} customers, {}", r.line());
                std::fs::remove_file(&db).ok();
            }
        }
    }
    Ok(())
}

fn list(var: &str, default: &str) -> Result<Vec<u64>> {
    std::env::var(var)
        .unwrap_or_else(|_| default.into())
        .split(',')
        .map(|s| {
            s.trim()
                .replace('_', "")
                .parse()
                .with_context(|| format!("{var}: a list of numbers"))
        })
        .collect()
}

/// The environment of every run: nothing from the user's own.
pub fn env_for(dir: &Path) -> Vec<(&'static str, String)> {
    let d = dir.display().to_string();
    vec![
        ("PATH", std::env::var("PATH").unwrap_or_default()),
        ("HOME", d.clone()),
        ("XDG_CONFIG_HOME", format!("{d}/config")),
        ("XDG_DATA_HOME", format!("{d}/data")),
        ("TERM", "xterm-256color".into()),
        ("LANG", "en_US.UTF-8".into()),
        ("AFTERCARE_NOW", NOW.into()),
    ]
}

/// 20 starts to the sign-in screen drawn.
fn startup(shop: &Path, dir: &Path) -> Result<()> {
    let db = copy_of(shop, dir, "startup")?;
    let mut took = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let mut p = pty::Pty::spawn(
            BIN,
            &["--db", &db.display().to_string()],
            &env_for(dir),
            (100, 30),
        )?;
        p.wait_for("PIN for", Duration::from_secs(20))?;
        took.push(started.elapsed().as_secs_f64() * 1000.0);
        p.kill();
    }
    took.sort_by(f64::total_cmp);
    println!(
        "start-up to the sign-in screen drawn, 20 starts: median {:.1} ms, max {:.1} ms (target 100 ms)",
        took[took.len() / 2],
        took[took.len() - 1]
    );
    Ok(())
}

/// The demo shop of `size` customers, shared with the shop bench.
fn demo_shop(size: u64) -> Result<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("bench-shops");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("demo-{size}-seed{SEED}-{}.db", today()));
    let complete = path.exists()
        && store::open(&path)
            .and_then(|c| {
                Ok(c.query_row(
                    "SELECT (SELECT COUNT(*) FROM customers) * (SELECT COUNT(*) FROM shop)",
                    [],
                    |r| r.get::<_, i64>(0),
                )?)
            })
            .is_ok_and(|n| n as u64 == size);
    if !complete {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        eprintln!("writing a demo shop of {size} customers …");
        write_demo(
            &path,
            &DemoSpec {
                customers: size,
                seed: SEED,
                today: today(),
            },
        )?;
    }
    Ok(path)
}

/// A copy of the shop to work on (the demo shop itself stays as written).
fn copy_of(shop: &Path, dir: &Path, name: &str) -> Result<PathBuf> {
    let to = dir.join(format!("{name}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", to.display()));
    }
    let from = rusqlite::Connection::open(shop)?;
    from.execute("VACUUM INTO ?1", [to.display().to_string()])?;
    Ok(to)
}

/// Quantile `q` (0..=1) of sorted values.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i]
}

pub fn machine() -> String {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
            })
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!(
        "aftercare sessions benchmark, {} UTC, {cores} cores, {cpu}, load average {}",
        chrono::Utc::now().format("%Y-%m-%d %H:%M"),
        load()
    )
}

pub fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}
