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

/// Every draft of one kind, of one person or everyone's: (staff, draft).
pub fn of_kind(conn: &Connection, kind: &str, staff: Option<i64>) -> Result<Vec<(i64, Draft)>> {
    let mut st = conn.prepare(
        "SELECT staff_id, id, kind, subject_id, payload, saved_at FROM drafts
         WHERE kind = ?1 AND (?2 IS NULL OR staff_id = ?2) ORDER BY id",
    )?;
    let rows = st.query_map(params![kind, staff], |r| {
        Ok((
            r.get(0)?,
            Draft {
                id: r.get(1)?,
                kind: r.get(2)?,
                subject_id: r.get(3)?,
                payload: r.get(4)?,
                saved_at: r.get(5)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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
