//! The two customer search indexes (see `domain::search_keys`).

use anyhow::Result;
use rusqlite::{Connection, params};

use crate::domain::search_keys;

/// Puts (or puts again) a customer in both search indexes.
pub fn index_customer(
    conn: &Connection,
    id: i64,
    name: &str,
    pinyin: &str,
    initials: &str,
    phone_digits: &str,
) -> Result<()> {
    unindex_customer(conn, id)?;
    conn.prepare_cached("INSERT INTO customer_search(rowid, keys) VALUES (?1, ?2)")?
        .execute(params![
            id,
            search_keys::long_keys(name, pinyin, initials, phone_digits)
        ])?;
    conn.prepare_cached("INSERT INTO customer_short(rowid, tokens) VALUES (?1, ?2)")?
        .execute(params![id, search_keys::short_tokens(name, initials)])?;
    Ok(())
}

/// Takes a customer out of both indexes (an edit re-indexes; an erasure does not).
pub fn unindex_customer(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM customer_search WHERE rowid = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM customer_short WHERE rowid = ?1")?
        .execute([id])?;
    Ok(())
}
