//! The shop database: one SQLite file, many processes at once.
//!
//! Every write goes through [`write`], which begins the transaction IMMEDIATE:
//! a deferred transaction that reads and then writes fails at once with
//! SQLITE_BUSY when another process wrote in between, whatever the timeout.

pub mod audit;
pub mod backup;
pub mod board;
pub mod board_quality;
pub mod campaigns;
pub mod care;
pub mod changes;
pub mod check;
pub mod complaints;
pub mod contacts;
pub mod customers;
pub mod drafts;
pub mod due;
pub mod duty;
pub mod erasure;
pub mod feedback;
pub mod figures;
pub mod gatherings;
pub mod greetings;
pub mod home;
pub mod invariants;
pub mod kept;
pub mod migrate;
pub mod one_plus_five;
pub mod products;
pub mod purchases;
pub mod quick_check;
pub mod repairs;
pub mod returns;
pub mod rewards;
pub mod sales;
pub mod search;
pub mod service_checks;
pub mod sessions;
pub mod shop;
pub mod shop_contact;
pub mod staff;
pub mod staff_admin;
pub mod subject_access;
pub mod tasks;
pub mod till;
pub mod training;
pub mod vip;
pub mod visit_figures;
pub mod visits;

use anyhow::{Context, Result};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

/// How long a writer waits for another process's write lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(8);

/// Opens (creating if needed) the shop database at `path` and brings its
/// schema up to date. The file (and its folder) is shared with the staff
/// group: see [`crate::shop_files`].
pub fn open(path: &Path) -> Result<Connection> {
    crate::shop_files::prepare_db(path)
        .with_context(|| format!("cannot create the shop database {}", path.display()))?;
    refuse_newer(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open the shop database {}", path.display()))?;
    configure(&conn)?;
    // SQLite gives -wal and -shm the database's mode; this covers a database
    // made before files were shared.
    crate::shop_files::share_db(path)?;
    migrate::upgrade(&conn)?;
    changes::refresh_triggers(&conn)?;
    Ok(conn)
}

/// Another connection to a shop this process has already opened with
/// [`open`] (the saving, reading, drafts and heartbeat workers'): the
/// checks and upgrades `open` made once are not made again, only this
/// connection's own settings. Should another process have changed the
/// schema since (a newer aftercare), or the file not be there (yet),
/// `open` does it all after all.
pub fn open_again(path: &Path) -> Result<Connection> {
    let quick = || -> Result<Option<Connection>> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&conn)?;
        Ok((migrate::version(&conn)? == migrate::CURRENT).then_some(conn))
    };
    match quick() {
        Ok(Some(conn)) => Ok(conn),
        _ => open(path),
    }
}

/// Refuses a database written by a newer aftercare before anything is
/// changed: setting the journal mode writes the header, and even a read-only
/// SQLite connection leaves -wal and -shm files beside a WAL database. The
/// version is read from the file header itself, unless a WAL file (which may
/// hold a newer header) is there already; then a read-only connection reads it.
fn refuse_newer(path: &Path) -> Result<()> {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    // Open elsewhere (a WAL file is there): only through SQLite, because
    // closing a file of our own would drop this process's POSIX locks on
    // it, and with them the other connections' (data lost on the next
    // checkpoint).
    if std::fs::symlink_metadata(&wal).is_err() {
        if let Some(version) = read_header(path)? {
            migrate::check_not_newer(version)?;
        }
        return Ok(());
    }
    let ro = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open the shop database {}", path.display()))?;
    ro.busy_timeout(BUSY_TIMEOUT)?;
    let found = migrate::version(&ro)
        .with_context(|| format!("cannot read the shop database {}", path.display()))?;
    migrate::check_not_newer(found)
}

/// The schema version (`user_version`, bytes 60..64) from a database file's
/// header; `None` for a new, empty file. Anything else is not a shop database.
fn read_header(path: &Path) -> Result<Option<i64>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(100);
    std::fs::File::open(path)
        .and_then(|f| f.take(100).read_to_end(&mut head))
        .with_context(|| format!("cannot read the shop database {}", path.display()))?;
    if head.is_empty() {
        return Ok(None);
    }
    if head.len() < 100 || !head.starts_with(b"SQLite format 3\0") {
        anyhow::bail!(
            "{} is not a shop database (it is not an SQLite file); nothing was changed",
            path.display()
        );
    }
    let v = i32::from_be_bytes([head[60], head[61], head[62], head[63]]);
    Ok(Some(i64::from(v)))
}

/// An in-memory database with the full schema, for tests.
pub fn open_in_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    migrate::upgrade(&conn)?;
    Ok(conn)
}

/// Statements kept prepared per connection: a sale or an import row runs a
/// few dozen distinct ones, and rusqlite's default of 16 would prepare them
/// again on every row.
const STATEMENT_CACHE: usize = 256;

fn configure(conn: &Connection) -> Result<()> {
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        anyhow::bail!("the shop database could not be put in WAL mode (got {mode})");
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Deleted and overwritten bytes are zeroed: an erased customer's data
    // does not linger in free space.
    conn.pragma_update(None, "secure_delete", "ON")?;
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

/// This thread's fixed clock, for a worker thread to take on (see
/// [`fix_clock`]): a save made off the screen's thread stamps the same time.
pub fn fixed_clock() -> Option<chrono::NaiveDateTime> {
    FIXED_CLOCK.with(|c| c.get())
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
