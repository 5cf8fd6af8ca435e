//! VIP gatherings (DOMAIN §3): planned, their invitation lists, RSVPs and
//! attendance, and the year's count against the rule.
//!
//! An invitation is a contact `gathering_invite` / `sent` by the customer's
//! closest associate; attendance is another, `gathering_invite` / `attended`.

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGathering {
    pub theme: String,
    pub title: String,
    pub held_on: NaiveDate,
    pub place: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gathering {
    pub id: i64,
    pub theme: String,
    pub title: String,
    pub held_on: NaiveDate,
    pub place: String,
    pub note: String,
    pub invited: i64,
    pub yes: i64,
    pub no: i64,
    pub attended: i64,
}

pub fn plan(conn: &mut Connection, g: &NewGathering, staff_id: i64) -> Result<i64> {
    super::write(conn, |tx| {
        tx.execute(
            "INSERT INTO gatherings(theme, title, held_on, place, note, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                g.theme,
                g.title,
                g.held_on.to_string(),
                g.place,
                g.note,
                staff_id,
                super::now_utc()
            ],
        )?;
        let id = tx.last_insert_rowid();
        super::audit::record(tx, Some(staff_id), "plan", "gathering", Some(id), &g.theme)?;
        Ok(id)
    })
}

const COLUMNS: &str = "g.id, g.theme, g.title, g.held_on, g.place, g.note,
    (SELECT COUNT(*) FROM gathering_guests x WHERE x.gathering_id = g.id),
    (SELECT COUNT(*) FROM gathering_guests x WHERE x.gathering_id = g.id AND x.rsvp = 'yes'),
    (SELECT COUNT(*) FROM gathering_guests x WHERE x.gathering_id = g.id AND x.rsvp = 'no'),
    (SELECT COUNT(*) FROM gathering_guests x WHERE x.gathering_id = g.id AND x.attended = 1)";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Gathering> {
    let on: String = r.get(3)?;
    Ok(Gathering {
        id: r.get(0)?,
        theme: r.get(1)?,
        title: r.get(2)?,
        held_on: on.parse().unwrap_or_default(),
        place: r.get(4)?,
        note: r.get(5)?,
        invited: r.get(6)?,
        yes: r.get(7)?,
        no: r.get(8)?,
        attended: r.get(9)?,
    })
}

/// The gatherings of the year of `today` and any planned later, by date.
pub fn of_year(conn: &Connection, today: NaiveDate, limit: usize) -> Result<Vec<Gathering>> {
    let from = format!("{}-01-01", today.year());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM gatherings g
         WHERE g.held_on >= ?1 AND g.cancelled = 0 ORDER BY g.held_on, g.id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![from, limit as i64], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<Gathering>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM gatherings g WHERE g.id = ?1"
    ))?
    .query_row([id], row)
    .optional()
    .map_err(Into::into)
}

/// The year's count: gatherings held (on or before today) and still planned
/// (after today) in the calendar year of `today`.
pub fn year_count(conn: &Connection, today: NaiveDate) -> Result<(u32, u32)> {
    let from = format!("{}-01-01", today.year());
    let to = format!("{}-12-31", today.year());
    conn.prepare_cached(
        "SELECT COALESCE(SUM(held_on <= ?3), 0), COALESCE(SUM(held_on > ?3), 0) FROM gatherings
         WHERE held_on BETWEEN ?1 AND ?2 AND cancelled = 0",
    )?
    .query_row(params![from, to, today.to_string()], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .map_err(Into::into)
}

/// Invites the customers (id, closest associate); returns how many were new.
/// Each invitation is written to the contact log by the closest associate
/// (else by whoever sends them).
pub fn invite(
    conn: &mut Connection,
    gathering_id: i64,
    guests: &[(i64, Option<i64>)],
    staff_id: i64,
) -> Result<usize> {
    super::write(conn, |tx| {
        let theme: String = tx.query_row(
            "SELECT CASE WHEN title <> '' THEN title ELSE theme END || ' · ' || held_on
             FROM gatherings WHERE id = ?1",
            [gathering_id],
            |r| r.get(0),
        )?;
        let now = super::now_utc();
        let mut n = 0;
        for (customer, closest) in guests {
            let by = closest.unwrap_or(staff_id);
            let added = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO gathering_guests(gathering_id, customer_id, staff_id, invited_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?4)",
                )?
                .execute(params![gathering_id, customer, by, now])?;
            if added == 1 {
                contact(tx, *customer, by, "sent", &theme, &now)?;
                n += 1;
            }
        }
        super::audit::record(
            tx,
            Some(staff_id),
            "invite",
            "gathering",
            Some(gathering_id),
            &n.to_string(),
        )?;
        Ok(n)
    })
}

fn contact(
    conn: &Connection,
    customer: i64,
    staff: i64,
    outcome: &str,
    note: &str,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO contacts(customer_id, staff_id, kind, outcome, note, at)
         VALUES (?1, ?2, 'gathering_invite', ?3, ?4, ?5)",
    )?
    .execute(params![customer, staff, outcome, note, at])?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guest {
    pub customer_id: i64,
    pub name: String,
    pub tier: Option<String>,
    pub associate: Option<String>,
    pub rsvp: String,
    pub attended: bool,
    pub note: String,
}

/// The invitation list, biggest spenders first.
pub fn guests(conn: &Connection, gathering_id: i64, limit: usize) -> Result<Vec<Guest>> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.customer_id, c.name, c.tier, s.name, g.rsvp, g.attended, g.note
         FROM gathering_guests g JOIN customers c ON c.id = g.customer_id
         LEFT JOIN staff s ON s.id = g.staff_id
         WHERE g.gathering_id = ?1 ORDER BY c.total_spend_fen DESC, c.id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![gathering_id, limit as i64], |r| {
        Ok(Guest {
            customer_id: r.get(0)?,
            name: r.get(1)?,
            tier: r.get(2)?,
            associate: r.get(3)?,
            rsvp: r.get(4)?,
            attended: r.get(5)?,
            note: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records the answer (`pending`, `yes`, `no`) and what the customer said.
pub fn rsvp(
    conn: &mut Connection,
    gathering_id: i64,
    customer_id: i64,
    answer: &str,
    note: &str,
) -> Result<()> {
    anyhow::ensure!(
        matches!(answer, "pending" | "yes" | "no"),
        "unknown answer {answer}"
    );
    super::write(conn, |tx| {
        tx.execute(
            "UPDATE gathering_guests SET rsvp = ?3, note = ?4, updated_at = ?5
             WHERE gathering_id = ?1 AND customer_id = ?2",
            params![gathering_id, customer_id, answer, note, super::now_utc()],
        )?;
        Ok(())
    })
}

/// Marks the guest as come (a contact `attended` by their associate) or not.
pub fn set_attended(
    conn: &mut Connection,
    gathering_id: i64,
    customer_id: i64,
    attended: bool,
    staff_id: i64,
) -> Result<()> {
    super::write(conn, |tx| {
        let (by, was, theme): (Option<i64>, bool, String) = tx.query_row(
            "SELECT g.staff_id, g.attended,
                    CASE WHEN x.title <> '' THEN x.title ELSE x.theme END || ' · ' || x.held_on
             FROM gathering_guests g
             JOIN gatherings x ON x.id = g.gathering_id
             WHERE g.gathering_id = ?1 AND g.customer_id = ?2",
            params![gathering_id, customer_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        if was == attended {
            return Ok(());
        }
        let now = super::now_utc();
        tx.execute(
            "UPDATE gathering_guests SET attended = ?3, updated_at = ?4,
                 rsvp = CASE WHEN ?3 = 1 THEN 'yes' ELSE rsvp END
             WHERE gathering_id = ?1 AND customer_id = ?2",
            params![gathering_id, customer_id, attended, now],
        )?;
        let by = by.unwrap_or(staff_id);
        if attended {
            contact(tx, customer_id, by, "attended", &theme, &now)?;
        } else {
            tx.execute(
                "DELETE FROM contacts WHERE id = (SELECT MAX(id) FROM contacts
                 WHERE customer_id = ?1 AND kind = 'gathering_invite' AND outcome = 'attended')",
                [customer_id],
            )?;
        }
        Ok(())
    })
}

/// What a customer said on an RSVP: which activities they would like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wish {
    pub name: String,
    /// The theme of the gathering they were answering.
    pub theme: String,
    pub note: String,
}

/// What customers said on their RSVPs, newest first.
pub fn wishes(conn: &Connection, limit: usize) -> Result<Vec<Wish>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.name, x.theme, g.note FROM gathering_guests g
         JOIN customers c ON c.id = g.customer_id JOIN gatherings x ON x.id = g.gathering_id
         WHERE g.note <> '' ORDER BY g.updated_at DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok(Wish {
            name: r.get(0)?,
            theme: r.get(1)?,
            note: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Calls a gathering off (it no longer counts for the year); audited.
pub fn cancel(conn: &mut Connection, id: i64, staff_id: i64) -> Result<bool> {
    super::write(conn, |tx| {
        super::staff::require(tx, staff_id, &[crate::domain::staff::Role::Manager])?;
        let n = tx.execute(
            "UPDATE gatherings SET cancelled = 1, version = version + 1 WHERE id = ?1 AND cancelled = 0",
            [id],
        )?;
        if n == 1 {
            super::audit::record(tx, Some(staff_id), "cancel", "gathering", Some(id), "")?;
        }
        Ok(n == 1)
    })
}
