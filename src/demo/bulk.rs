//! Loading a million customers fast: the plain indexes are dropped while
//! the rows go in and built after (a sort each instead of scattered
//! inserts), and the two search indexes are built on a thread of their own
//! in a scratch file beside the shop, then copied in (SQLite writes one
//! file from one thread at a time; the search indexes are half the work).

use anyhow::{Context, Result, anyhow};
use rusqlite::{Connection, params};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use crate::domain::search_keys;

/// Tables whose plain indexes wait until their rows are in.
const BULK_TABLES: &[&str] = &["customers", "purchases", "purchase_lines", "contacts"];
/// The search indexes, virtual tables of the schema.
const SEARCH_TABLES: &[&str] = &["customer_search", "customer_short"];
/// Customers' keys sent to the index thread at a time.
const KEYS_BATCH: usize = 50_000;

/// Indexes kept while the rows go in: the store's sale reads a customer's
/// purchases and a purchase's lines to work the file's figures out.
const KEPT: &[&str] = &["purchases_customer", "purchase_lines_purchase"];

/// Drops the plain indexes of the bulk tables (but [`KEPT`]); returns the SQL that makes them again.
pub(super) fn drop_indexes(conn: &Connection) -> Result<Vec<String>> {
    let marks = BULK_TABLES
        .iter()
        .map(|_| "?")
        .collect::<Vec<_>>()
        .join(", ");
    let found: Vec<(String, String)> = conn
        .prepare(&format!(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks}) ORDER BY name"
        ))?
        .query_map(rusqlite::params_from_iter(BULK_TABLES), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<Vec<(String, String)>>>()?;
    let found: Vec<(String, String)> = found
        .into_iter()
        .filter(|(name, _)| !KEPT.contains(&name.as_str()))
        .collect();
    for (name, _) in &found {
        conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(found.into_iter().map(|(_, sql)| sql).collect())
}

/// The scratch file the search indexes are built in, beside the shop.
pub(super) fn scratch_path(shop: &Path) -> PathBuf {
    let mut p = shop.as_os_str().to_owned();
    p.push(".search-build");
    PathBuf::from(p)
}

/// One customer's entries in the two search indexes.
struct Keys {
    id: i64,
    long: String,
    short: String,
}

/// The search indexes being built on their own thread.
pub(super) struct SearchIndexes {
    scratch: PathBuf,
    batch: Vec<Keys>,
    send: Option<SyncSender<Vec<Keys>>>,
    worker: Option<JoinHandle<Result<()>>>,
    /// Set when the shop is given up: the thread stops without finishing.
    abandoned: Arc<AtomicBool>,
}

impl SearchIndexes {
    /// Creates the scratch file with the shop's own search tables and starts the thread.
    pub fn start(shop: &Connection, shop_path: &Path) -> Result<Self> {
        let scratch = scratch_path(shop_path);
        remove_file_if_there(&scratch)?;
        let conn = Connection::open(&scratch)
            .with_context(|| format!("cannot create {}", scratch.display()))?;
        conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
        for table in SEARCH_TABLES {
            let sql: String = shop.query_row(
                "SELECT sql FROM sqlite_master WHERE name = ?1",
                [table],
                |r| r.get(0),
            )?;
            conn.execute_batch(&sql)?;
            // Bigger in-memory batches and no merging on the way: one merge at the end.
            for (option, value) in [
                ("hashsize", 64 << 20),
                ("automerge", 0),
                ("crisismerge", 64),
            ] {
                set_option(&conn, table, option, value)?;
            }
        }
        let (send, receive) = sync_channel(2);
        let abandoned = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&abandoned);
        let worker = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || build(conn, receive, &stop))?;
        Ok(SearchIndexes {
            scratch,
            batch: Vec::with_capacity(KEYS_BATCH),
            send: Some(send),
            worker: Some(worker),
            abandoned,
        })
    }

    /// Adds a customer, with the keys `store::search::index_customer` would write.
    pub fn add(&mut self, id: i64, name: &str, initials: &str, phone_digits: &str) -> Result<()> {
        self.batch.push(Keys {
            id,
            long: search_keys::long_keys(name, phone_digits),
            short: search_keys::short_tokens(name, initials),
        });
        if self.batch.len() >= KEYS_BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(KEYS_BATCH));
        let sent = self.send.as_ref().map(|s| s.send(batch));
        if matches!(sent, Some(Err(_))) {
            // The thread stopped: its error says why.
            return Err(self
                .join()
                .err()
                .unwrap_or_else(|| anyhow!("the search index thread stopped")));
        }
        Ok(())
    }

    fn join(&mut self) -> Result<()> {
        self.send = None;
        match self.worker.take() {
            Some(w) => w
                .join()
                .map_err(|_| anyhow!("the search index thread panicked"))?,
            None => Ok(()),
        }
    }

    /// Waits for the indexes and copies them into the shop, whose connection
    /// must not have used its search tables (their state is cached per
    /// connection): close it after this.
    pub fn finish(mut self, shop: &Connection) -> Result<()> {
        self.flush()?;
        self.join()?;
        shop.execute(
            "ATTACH DATABASE ?1 AS search_build",
            [self.scratch.to_string_lossy()],
        )?;
        let copied = copy_tables(shop);
        shop.execute_batch("DETACH DATABASE search_build")?;
        copied?;
        remove_file_if_there(&self.scratch)
    }
}

impl Drop for SearchIndexes {
    fn drop(&mut self) {
        // On an error path: stop the thread and leave no scratch file behind.
        self.abandoned.store(true, Ordering::Relaxed);
        let _ = self.join();
        let _ = remove_file_if_there(&self.scratch);
    }
}

/// The thread: inserts the keys as they come, then merges each index into one segment.
fn build(conn: Connection, receive: Receiver<Vec<Keys>>, abandoned: &AtomicBool) -> Result<()> {
    for batch in receive {
        if abandoned.load(Ordering::Relaxed) {
            return Ok(());
        }
        conn.execute_batch("BEGIN")?;
        let mut long =
            conn.prepare_cached("INSERT INTO customer_search(rowid, keys) VALUES (?1, ?2)")?;
        let mut short =
            conn.prepare_cached("INSERT INTO customer_short(rowid, tokens) VALUES (?1, ?2)")?;
        for k in &batch {
            long.execute(params![k.id, k.long])?;
            short.execute(params![k.id, k.short])?;
        }
        conn.execute_batch("COMMIT")?;
    }
    if abandoned.load(Ordering::Relaxed) {
        return Ok(());
    }
    for table in SEARCH_TABLES {
        conn.execute(
            &format!("INSERT INTO {table}({table}) VALUES ('optimize')"),
            [],
        )?;
        // Back to SQLite's defaults before the settings travel with the tables.
        for (option, value) in [("hashsize", 1 << 20), ("automerge", 4), ("crisismerge", 16)] {
            set_option(&conn, table, option, value)?;
        }
    }
    Ok(())
}

fn set_option(conn: &Connection, table: &str, option: &str, value: i64) -> Result<()> {
    conn.execute(
        &format!("INSERT INTO {table}({table}, rank) VALUES (?1, ?2)"),
        params![option, value],
    )?;
    Ok(())
}

/// Replaces the shop's search tables' storage (their shadow tables: data,
/// segment index, sizes, settings) by the scratch file's.
fn copy_tables(shop: &Connection) -> Result<()> {
    let shadows: Vec<String> = shop
        .prepare(
            "SELECT name FROM search_build.sqlite_master
             WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if shadows.is_empty() {
        return Err(anyhow!("the search index scratch file holds no tables"));
    }
    shop.execute_batch("BEGIN IMMEDIATE")?;
    let copied = shadows.iter().try_for_each(|t| {
        shop.execute_batch(&format!(
            "DELETE FROM main.\"{t}\"; INSERT INTO main.\"{t}\" SELECT * FROM search_build.\"{t}\";"
        ))
    });
    match copied {
        Ok(()) => shop.execute_batch("COMMIT")?,
        Err(e) => {
            let _ = shop.execute_batch("ROLLBACK");
            return Err(e.into());
        }
    }
    Ok(())
}

fn remove_file_if_there(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}
