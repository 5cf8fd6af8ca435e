//! The audit log: who did what to which record, and when.

use anyhow::Result;
use rusqlite::{Connection, params};

/// Writes one audit row. `action` is a short verb (`view_phone`, `erase`, …).
pub fn record(
    conn: &Connection,
    staff_id: Option<i64>,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log(at, staff_id, action, entity, entity_id, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        super::now_utc(),
        staff_id,
        action,
        entity,
        entity_id,
        detail
    ])?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub at: String,
    pub staff: Option<String>,
    pub action: String,
    pub detail: String,
}

/// The audit rows of one record, newest first.
pub fn for_entity(conn: &Connection, entity: &str, id: i64, limit: usize) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.at, s.name, a.action, COALESCE(a.detail, '')
         FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id
         WHERE a.entity = ?1 AND a.entity_id = ?2 ORDER BY a.id DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![entity, id, limit as i64], |r| {
        Ok(Entry {
            at: r.get(0)?,
            staff: r.get(1)?,
            action: r.get(2)?,
            detail: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
