//! What a day owes, for `aftercare due`: the staff's names (each list's
//! closest associate) and the open repair jobs' numbers and phones, each
//! read once for the whole list rather than once a row (the open tasks are
//! `store::tasks::open`, the one definition of "due" the home pane and
//! callbacks screen share).

use std::collections::HashMap;

use anyhow::Result;
use rusqlite::Connection;

/// Every member of staff's name by id.
pub fn staff_names(conn: &Connection) -> Result<HashMap<i64, String>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM staff")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Each repair job not yet collected: its number and the phone to call
/// (the job's contact phone, else the customer's), beside what the home
/// pane shows.
pub fn open_jobs(conn: &Connection) -> Result<HashMap<i64, (Option<String>, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT j.id, j.job_no, COALESCE(j.contact_phone, c.phone, '')
         FROM repair_jobs j LEFT JOIN customers c ON c.id = j.customer_id
         WHERE j.state NOT IN ('collected', 'returned_unrepaired')",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
