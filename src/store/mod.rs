//! The shop database: one SQLite file, many processes at once.
//!
//! Every write goes through [`write`], which begins the transaction IMMEDIATE:
//! a deferred transaction that reads and then writes fails at once with
//! SQLITE_BUSY when another process wrote in between, whatever the timeout.

pub mod audit;
pub mod board;
pub mod campaigns;
pub mod care;
pub mod check;
pub mod complaints;
pub mod customers;
pub mod drafts;
pub mod due;
pub mod gatherings;
pub mod greetings;
pub mod home;
pub mod migrate;
pub mod products;
pub mod purchases;
pub mod repairs;
pub mod returns;
pub mod sales;
pub mod search;
pub mod shop;
pub mod staff;
pub mod staff_admin;
pub mod tasks;
pub mod training;
pub mod vip;
pub mod visits;

use anyhow::{Context, Result};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

/// How long a writer waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(8);

/// Opens (creating if needed) the shop database at `path` and brings its
/// schema up to date. The file is created readable by owner and group only.
pub fn open(path: &Path) -> Result<Connection> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    }
    create_private(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open the shop database {}", path.display()))?;
    configure(&conn)?;
    migrate::upgrade(&conn)?;
    Ok(conn)
}

/// An in-memory database with the full schema, for tests.
pub fn open_in_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrate::upgrade(&conn)?;
    Ok(conn)
}

/// SQLite gives the WAL and shared-memory files the mode of the database
/// file, so creating the database 0660 keeps all three private.
fn create_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    if path.exists() {
        return Ok(());
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o660)
        .open(path)
        .with_context(|| format!("cannot create the shop database {}", path.display()))?;
    Ok(())
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        anyhow::bail!("the shop database could not be put in WAL mode (got {mode})");
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "cache_size", -8000)?;
    Ok(())
}

/// Runs `f` inside a transaction begun IMMEDIATE and commits it.
pub fn write<T>(conn: &mut Connection, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let out = f(&tx)?;
    tx.commit()?;
    Ok(out)
}

thread_local! {
    /// The app's fixed clock (tests, `AFTERCARE_NOW`), for this thread's stamps.
    static FIXED_CLOCK: std::cell::Cell<Option<chrono::NaiveDateTime>> =
        const { std::cell::Cell::new(None) };
}

/// Stamps written from this thread follow the app's fixed local clock, so a
/// fixed-clock run writes the times it shows; `None` goes back to the system's.
pub fn fix_clock(local: Option<chrono::NaiveDateTime>) {
    FIXED_CLOCK.with(|c| c.set(local));
}

/// The current time in UTC, as stored.
pub fn now_utc() -> String {
    FIXED_CLOCK
        .with(|c| c.get())
        .and_then(|t| t.and_local_timezone(chrono::Local).earliest())
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_else(chrono::Utc::now)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
