//! The contact log: one row per call, message or visit a customer was given
//! (DOMAIN §3), counted per associate on the staff board.

use anyhow::Result;
use rusqlite::{Connection, params};

/// A contact to log.
#[derive(Debug, Clone)]
pub struct NewContact<'a> {
    pub customer_id: i64,
    pub staff_id: Option<i64>,
    pub purchase_id: Option<i64>,
    /// A task or message kind (`purchase_callback`, `birthday_greeting` …).
    pub kind: &'a str,
    /// `reached`, `no_answer`, `sent` …
    pub outcome: &'a str,
    pub note: Option<&'a str>,
    /// UTC, RFC 3339.
    pub at: &'a str,
}

/// Logs a contact inside the caller's transaction; the statement is reused
/// (the demo shop logs hundreds of thousands through here). Returns its id.
pub fn log(conn: &Connection, c: &NewContact) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO contacts(customer_id, staff_id, purchase_id, kind, outcome, note, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        c.customer_id,
        c.staff_id,
        c.purchase_id,
        c.kind,
        c.outcome,
        c.note,
        c.at
    ])?;
    Ok(conn.last_insert_rowid())
}
