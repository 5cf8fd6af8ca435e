//! Tasks: the contacts the shop owes a customer. Each is made once for its
//! source (a purchase, a repair job, a complaint …), however often asked.

pub mod revisits;

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, params};

/// Creates the task unless one of this kind already exists for the source
/// or the customer's file is erased (nobody to call); returns whether it was
/// created.
#[allow(clippy::too_many_arguments)]
pub fn create_once(
    conn: &Connection,
    kind: &str,
    customer_id: Option<i64>,
    staff_id: Option<i64>,
    due_on: NaiveDate,
    source: &str,
    source_id: i64,
    note: &str,
) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO tasks(kind, customer_id, staff_id, due_on, source, source_id, note, created_at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
             WHERE NOT EXISTS (SELECT 1 FROM customers WHERE id = ?2 AND erased_at IS NOT NULL)",
        )?
        .execute(params![kind, customer_id, staff_id, due_on.to_string(), source, source_id, note, super::now_utc()])?;
    Ok(n == 1)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: i64,
    pub kind: String,
    pub customer_id: Option<i64>,
    pub due_on: String,
    pub source: String,
    pub source_id: i64,
    pub done: bool,
}

/// The tasks made for one source, oldest first.
pub fn for_source(conn: &Connection, source: &str, source_id: i64) -> Result<Vec<Task>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, customer_id, due_on, source, source_id, done_at IS NOT NULL
         FROM tasks WHERE source = ?1 AND source_id = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![source, source_id], |r| {
        Ok(Task {
            id: r.get(0)?,
            kind: r.get(1)?,
            customer_id: r.get(2)?,
            due_on: r.get(3)?,
            source: r.get(4)?,
            source_id: r.get(5)?,
            done: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Why an open task was closed when its source was settled (`tasks.outcome`).
pub const SETTLED_RETURNED: &str = "purchase_returned";
pub const SETTLED_COLLECTED: &str = "goods_collected";
pub const SETTLED_RETURNED_UNREPAIRED: &str = "returned_unrepaired";
pub const SETTLED_COMPLAINT_CLOSED: &str = "complaint_closed";

/// Closes the open tasks of one source (of one kind, or all) with the reason
/// the source was settled; runs in the transaction that settles it.
/// Returns how many were closed.
pub fn close_for_source(
    conn: &Connection,
    source: &str,
    source_id: i64,
    kind: Option<&str>,
    reason: &str,
) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "UPDATE tasks SET done_at = ?4, outcome = ?5, version = version + 1
             WHERE source = ?1 AND source_id = ?2 AND (?3 IS NULL OR kind = ?3) AND done_at IS NULL",
        )?
        .execute(params![source, source_id, kind, super::now_utc(), reason])?)
}

/// An erased customer is owed nothing: their open tasks close, notes gone.
pub fn close_for_erased(conn: &Connection, customer_id: i64, now: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE tasks SET done_at = ?2, outcome = 'erased', note = NULL, answers = NULL, version = version + 1
         WHERE customer_id = ?1 AND done_at IS NULL",
    )?
    .execute(params![customer_id, now])?;
    Ok(())
}

mod follow_ups;
mod generate;
mod list;
mod work;

pub use follow_ups::{NewFollowUp, add_follow_ups};

pub use generate::{Summary, generate, miss_you_for, top_year};
pub use list::{
    ContactRow, Counts, Filter, LogOf, OpenTask, contact_count, contacts, counts, get, open,
};
pub use work::{WorkError, WorkInput, Worked, reassign, work, work_in};
