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

/// One customer found by [`search`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub total_spend_fen: i64,
    pub last_purchase_on: Option<String>,
    pub birthday: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchResult {
    pub rows: Vec<Hit>,
    /// More than the limit matched.
    pub more: bool,
    /// One or two digits: too few to look for in phones.
    pub too_short: bool,
}

/// Finds customers by any part of the name or phone, or pinyin initials.
pub fn search(conn: &Connection, raw: &str, limit: usize) -> Result<SearchResult> {
    use crate::domain::search_keys::{Query, read_query};
    let (sql, arg) = match read_query(raw) {
        Query::Empty => return Ok(SearchResult::default()),
        Query::TooShort => {
            return Ok(SearchResult {
                too_short: true,
                ..SearchResult::default()
            });
        }
        Query::Substring(q) => (
            "SELECT rowid FROM customer_search WHERE customer_search MATCH ?1 LIMIT ?2",
            format!("\"{q}\""),
        ),
        Query::HanToken(q) => (
            "SELECT rowid FROM customer_short WHERE customer_short MATCH ?1 LIMIT ?2",
            format!("\"{q}\""),
        ),
        Query::Prefix(q) => (
            "SELECT rowid FROM customer_short WHERE customer_short MATCH ?1 LIMIT ?2",
            format!("{q}*"),
        ),
    };
    let ids: Vec<i64> = conn
        .prepare_cached(sql)?
        .query_map(params![arg, (limit + 1) as i64], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let more = ids.len() > limit;
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, COALESCE(phone, ''), total_spend_fen, last_purchase_on, birthday FROM customers WHERE id = ?1",
    )?;
    let mut rows = Vec::new();
    for id in ids.into_iter().take(limit) {
        rows.push(stmt.query_row([id], |r| {
            Ok(Hit {
                id: r.get(0)?,
                name: r.get(1)?,
                phone: r.get(2)?,
                total_spend_fen: r.get(3)?,
                last_purchase_on: r.get(4)?,
                birthday: r.get(5)?,
            })
        })?);
    }
    Ok(SearchResult {
        rows,
        more,
        too_short: false,
    })
}
