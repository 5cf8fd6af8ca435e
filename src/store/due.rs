//! What a day owes, for `aftercare due`: the customers' closest associates
//! and phones for the greetings list (the open tasks are `store::tasks::open`,
//! the one definition of "due" the home pane and callbacks screen share).

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension};

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
