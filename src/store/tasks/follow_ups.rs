//! Follow-ups agreed on a call (DOMAIN §3: a question that cannot be
//! answered on the call gets an agreed time and a follow-up task): each a
//! `follow_up` task for the call's customer, owned by the associate who
//! made the call, due the agreed day, saying what it is about.

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::WorkError;
use crate::domain::tasks::{self as rules, FOLLOW_UP, Outcome};

/// One follow-up as agreed on the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFollowUp {
    /// What it is about, in the associate's words (or the customer's question).
    pub about: String,
    pub on: NaiveDate,
}

/// Makes the follow-ups of a call on task `task_id`, inside the caller's
/// transaction (the one that records the call). Returns each new task's id
/// and day, in the order given. Refused when the call did not reach the
/// customer or a day is past.
pub fn add_follow_ups(
    tx: &Connection,
    task_id: i64,
    outcome: Outcome,
    staff_id: i64,
    today: NaiveDate,
    now: &str,
    follow_ups: &[NewFollowUp],
) -> Result<Vec<(i64, NaiveDate)>, WorkError> {
    if follow_ups.is_empty() {
        return Ok(Vec::new());
    }
    rules::check_follow_ups_allowed(outcome).map_err(WorkError::Rule)?;
    for f in follow_ups {
        rules::check_follow_up(f.on, today).map_err(WorkError::Rule)?;
    }
    let (customer, attempts): (Option<i64>, i64) = tx
        .prepare_cached("SELECT customer_id, attempts FROM tasks WHERE id = ?1")?
        .query_row([task_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => WorkError::Gone,
            e => WorkError::Db(e.into()),
        })?;
    // One task may be worked more than once (call back, then reached): the
    // period keeps each call's follow-ups apart from the others'.
    let mut insert = tx.prepare_cached(
        "INSERT INTO tasks(kind, customer_id, staff_id, due_on, source, source_id, period, note,
                           follow_up_of, created_at)
         VALUES (?1, ?2, ?3, ?4, 'task', ?5, ?6, ?7, ?5, ?8)",
    )?;
    let mut made = Vec::with_capacity(follow_ups.len());
    for (i, f) in follow_ups.iter().enumerate() {
        insert.execute(params![
            FOLLOW_UP,
            customer,
            staff_id,
            f.on.to_string(),
            task_id,
            format!("call{attempts}.{}", i + 1),
            f.about.trim(),
            now
        ])?;
        made.push((tx.last_insert_rowid(), f.on));
    }
    Ok(made)
}
