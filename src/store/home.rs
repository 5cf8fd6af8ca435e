//! The home screen's repairs pane: a real query, its count and its top
//! rows (the callbacks pane reads `store::tasks`, the greetings pane
//! `store::greetings`).

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, params};

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
