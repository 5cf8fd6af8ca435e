//! Half-filled forms, kept in the database when the screen locks, the
//! connection drops or the app stops, and offered back at the next sign-in.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub id: i64,
    pub kind: String,
    /// The record being edited; 0 for one not yet saved.
    pub subject_id: i64,
    pub payload: String,
    pub saved_at: String,
}

/// Keeps one draft per person, kind and record: a newer one replaces it.
pub fn save(
    conn: &mut Connection,
    staff_id: i64,
    kind: &str,
    subject_id: i64,
    payload: &str,
) -> Result<()> {
    super::write(conn, |tx| {
        tx.execute(
            "INSERT INTO drafts(staff_id, kind, subject_id, payload, saved_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(staff_id, kind, subject_id) DO UPDATE SET payload = excluded.payload, saved_at = excluded.saved_at",
            params![staff_id, kind, subject_id, payload, super::now_utc()],
        )?;
        Ok(())
    })
}

/// The person's newest draft, if any.
pub fn latest(conn: &Connection, staff_id: i64) -> Result<Option<Draft>> {
    Ok(conn
        .query_row(
            "SELECT id, kind, subject_id, payload, saved_at FROM drafts WHERE staff_id = ?1
             ORDER BY saved_at DESC, id DESC LIMIT 1",
            [staff_id],
            |r| {
                Ok(Draft {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    subject_id: r.get(2)?,
                    payload: r.get(3)?,
                    saved_at: r.get(4)?,
                })
            },
        )
        .optional()?)
}

pub fn discard(conn: &mut Connection, staff_id: i64, kind: &str, subject_id: i64) -> Result<()> {
    super::write(conn, |tx| {
        tx.execute(
            "DELETE FROM drafts WHERE staff_id = ?1 AND kind = ?2 AND subject_id = ?3",
            params![staff_id, kind, subject_id],
        )?;
        Ok(())
    })
}
