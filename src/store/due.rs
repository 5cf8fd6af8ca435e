//! What a day owes, for `aftercare due`: open tasks due by a date, and the
//! customers' closest associates and phones for the greetings list.

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// An open task due on or before the day asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDue {
    pub id: i64,
    pub kind: String,
    pub customer_id: Option<i64>,
    pub customer: String,
    pub phone: String,
    pub due_on: NaiveDate,
    pub staff_id: Option<i64>,
    pub associate: Option<String>,
    pub note: String,
}

/// Open tasks due on or before `day` (`tasks_open`), oldest first; `staff`
/// keeps one associate's. Erased customers' tasks are left out.
pub fn tasks_due(conn: &Connection, day: NaiveDate, staff: Option<i64>) -> Result<Vec<TaskDue>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.kind, t.customer_id, COALESCE(c.name, ''), COALESCE(c.phone, ''),
                t.due_on, t.staff_id, s.name, COALESCE(t.note, '')
         FROM tasks t INDEXED BY tasks_open
         LEFT JOIN customers c ON c.id = t.customer_id
         LEFT JOIN staff s ON s.id = t.staff_id
         WHERE t.done_at IS NULL AND t.due_on <= ?1
           AND (?2 IS NULL OR t.staff_id = ?2) AND c.erased_at IS NULL
         ORDER BY t.due_on, t.id",
    )?;
    let rows = stmt.query_map(params![day.to_string(), staff], |r| {
        let due: String = r.get(5)?;
        Ok(TaskDue {
            id: r.get(0)?,
            kind: r.get(1)?,
            customer_id: r.get(2)?,
            customer: r.get(3)?,
            phone: r.get(4)?,
            due_on: NaiveDate::parse_from_str(&due, "%Y-%m-%d").unwrap_or_default(),
            staff_id: r.get(6)?,
            associate: r.get(7)?,
            note: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A customer's phone and closest associate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactOf {
    pub phone: String,
    pub closest_staff_id: Option<i64>,
    pub closest: Option<String>,
}

pub fn contact_of(conn: &Connection, customer: i64) -> Result<Option<ContactOf>> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(c.phone, ''), c.closest_staff_id, s.name
             FROM customers c LEFT JOIN staff s ON s.id = c.closest_staff_id
             WHERE c.id = ?1",
        )?
        .query_row([customer], |r| {
            Ok(ContactOf {
                phone: r.get(0)?,
                closest_staff_id: r.get(1)?,
                closest: r.get(2)?,
            })
        })
        .optional()?)
}

/// A repair job's number and phone, beside what the home pane shows.
pub fn job_of(conn: &Connection, job: i64) -> Result<(Option<String>, String)> {
    Ok(conn
        .prepare_cached(
            "SELECT j.job_no, COALESCE(j.contact_phone, c.phone, '')
             FROM repair_jobs j LEFT JOIN customers c ON c.id = j.customer_id WHERE j.id = ?1",
        )?
        .query_row([job], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or_default())
}
