//! The home screen's callbacks and repairs panes: real queries, each a
//! count and its top rows (the greetings pane reads `store::greetings`).

use anyhow::Result;
use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, params};

/// A purchase a week old whose customer has not been called yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackRow {
    pub purchase_id: i64,
    pub customer_id: i64,
    pub name: String,
    pub phone: String,
    pub purchased_on: NaiveDate,
    pub total_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepairRow {
    pub id: i64,
    pub customer_id: Option<i64>,
    pub name: String,
    pub item: String,
    pub state: String,
    pub received_on: NaiveDate,
    pub promised_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pane<T> {
    pub count: i64,
    pub rows: Vec<T>,
}

impl<T> Default for Pane<T> {
    fn default() -> Self {
        Pane {
            count: 0,
            rows: Vec::new(),
        }
    }
}

fn date(s: String) -> NaiveDate {
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").unwrap_or_default()
}

/// Purchases made `after_days` or more ago and not yet called back, oldest
/// first. `staff` limits them to the associate who made the sale.
pub fn pending_callbacks(
    conn: &Connection,
    today: NaiveDate,
    after_days: u32,
    staff: Option<i64>,
    limit: usize,
) -> Result<Pane<CallbackRow>> {
    let due = (today - Duration::days(after_days as i64)).to_string();
    let count = conn.query_row(
        "SELECT COUNT(*) FROM purchases p JOIN customers c ON c.id = p.customer_id
         WHERE p.called_back_at IS NULL AND p.purchased_on <= ?1
           AND c.erased_at IS NULL AND (?2 IS NULL OR p.staff_id = ?2)",
        params![due, staff],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, c.id, c.name, COALESCE(c.phone, ''), p.purchased_on, p.total_fen
         FROM purchases p JOIN customers c ON c.id = p.customer_id
         WHERE p.called_back_at IS NULL AND p.purchased_on <= ?1
           AND c.erased_at IS NULL AND (?2 IS NULL OR p.staff_id = ?2)
         ORDER BY p.purchased_on, p.id LIMIT ?3",
    )?;
    let rows = stmt
        .query_map(params![due, staff, limit as i64], |r| {
            Ok(CallbackRow {
                purchase_id: r.get(0)?,
                customer_id: r.get(1)?,
                name: r.get(2)?,
                phone: r.get(3)?,
                purchased_on: date(r.get(4)?),
                total_fen: r.get(5)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Pane { count, rows })
}

/// Repair jobs not yet collected or returned: overdue first, then ready
/// for collection, then by promised date.
pub fn open_repairs(conn: &Connection, today: NaiveDate, limit: usize) -> Result<Pane<RepairRow>> {
    let count = conn.query_row(
        "SELECT COUNT(*) FROM repair_jobs WHERE state NOT IN ('collected', 'returned_unrepaired')",
        [],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT j.id, j.customer_id, COALESCE(c.name, ''), j.item, j.state, j.received_on, j.promised_on
         FROM repair_jobs j LEFT JOIN customers c ON c.id = j.customer_id
         WHERE j.state NOT IN ('collected', 'returned_unrepaired')
         ORDER BY (j.state IN ('received', 'at_centre', 'repairing') AND j.promised_on < ?1) DESC,
                  (j.state = 'ready') DESC, j.promised_on, j.id
         LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![today.to_string(), limit as i64], |r| {
            Ok(RepairRow {
                id: r.get(0)?,
                customer_id: r.get(1)?,
                name: r.get(2)?,
                item: r.get(3)?,
                state: r.get(4)?,
                received_on: date(r.get(5)?),
                promised_on: r.get::<_, Option<String>>(6)?.map(date),
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Pane { count, rows })
}
