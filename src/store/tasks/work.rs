//! Working a task: an outcome, a note and the customer's answers, written
//! with the contact they make; a manager's reassignment. Both check the
//! task's `version`, so the second of two people gets "done by X at T".

use anyhow::Result;
use chrono::{NaiveDate, NaiveTime};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::domain::tasks::{self as rules, Answers, FOLLOW_UP, Outcome, PURCHASE_CALLBACK, Retry};

/// One outcome as recorded on the work form.
#[derive(Debug, Clone)]
pub struct WorkInput<'a> {
    pub task_id: i64,
    /// The version the form was opened on.
    pub version: i64,
    pub staff_id: i64,
    pub today: NaiveDate,
    /// UTC, as stored.
    pub now: &'a str,
    pub outcome: Outcome,
    pub call_back: Option<(NaiveDate, Option<NaiveTime>)>,
    pub note: &'a str,
    /// For a purchase callback.
    pub answers: Option<Answers>,
    pub retry: Retry,
}

#[derive(Debug)]
pub enum WorkError {
    /// The typed outcome breaks a rule (a day missing or past).
    Rule(rules::WorkError),
    /// Someone else worked or moved the task since it was opened.
    Conflict {
        by: String,
        at: String,
    },
    /// The task is not there.
    Gone,
    Db(anyhow::Error),
}

impl<E: Into<anyhow::Error>> From<E> for WorkError {
    fn from(e: E) -> Self {
        WorkError::Db(e.into())
    }
}

/// What became of the task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Worked {
    pub closed_as: Option<&'static str>,
    pub due_on: Option<NaiveDate>,
    /// The follow-up made, with its day.
    pub follow_up: Option<(i64, NaiveDate)>,
    pub contact_id: Option<i64>,
}

struct Current {
    kind: String,
    customer_id: Option<i64>,
    staff_id: Option<i64>,
    source: String,
    source_id: i64,
    attempts: u32,
    version: i64,
}

fn current(conn: &Connection, id: i64) -> Result<Option<Current>> {
    Ok(conn
        .prepare_cached(
            "SELECT kind, customer_id, staff_id, source, source_id, attempts, version FROM tasks WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Current {
                kind: r.get(0)?,
                customer_id: r.get(1)?,
                staff_id: r.get(2)?,
                source: r.get(3)?,
                source_id: r.get(4)?,
                attempts: r.get(5)?,
                version: r.get(6)?,
            })
        })
        .optional()?)
}

/// Who last worked or moved the task, and when, for the conflict message.
fn last_hand(conn: &Connection, id: i64) -> Result<WorkError> {
    let (by, at): (Option<String>, Option<String>) = conn.query_row(
        "SELECT COALESCE(w.name, r.name), COALESCE(t.worked_at, t.reassigned_at)
         FROM tasks t LEFT JOIN staff w ON w.id = t.worked_by LEFT JOIN staff r ON r.id = t.reassigned_by
         WHERE t.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(WorkError::Conflict {
        by: by.unwrap_or_default(),
        at: at.unwrap_or_default(),
    })
}

/// Records one outcome: the task closes, is rescheduled, or makes its
/// follow-up; the contact goes to the associate's log.
pub fn work(conn: &mut Connection, w: &WorkInput) -> Result<Worked, WorkError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let done = work_in(&tx, w)?;
    tx.commit()?;
    Ok(done)
}

/// [`work`] inside the caller's transaction (begun IMMEDIATE), so what the
/// answer form adds beside the contact is written with it.
pub fn work_in(tx: &Connection, w: &WorkInput) -> Result<Worked, WorkError> {
    let t = current(tx, w.task_id)?.ok_or(WorkError::Gone)?;
    if t.version != w.version {
        return Err(last_hand(tx, w.task_id)?);
    }
    let answers = w.answers.unwrap_or_default();
    let effect = rules::work(
        w.outcome,
        t.attempts,
        w.today,
        w.retry,
        w.call_back,
        &answers,
    )
    .map_err(WorkError::Rule)?;
    let note = w.note.trim();
    let answers_json = w.answers.map(|a| serde_json::to_string(&a)).transpose()?;
    tx.prepare_cached(
        "UPDATE tasks SET done_at = CASE WHEN ?2 IS NULL THEN NULL ELSE ?3 END, outcome = ?2,
             due_on = COALESCE(?4, due_on), due_time = ?5, attempts = ?6,
             answers = COALESCE(?7, answers), note = CASE WHEN ?8 = '' THEN note ELSE ?8 END,
             worked_by = ?9, worked_at = ?3, version = version + 1
         WHERE id = ?1",
    )?
    .execute(params![
        w.task_id,
        effect.closes_as,
        w.now,
        effect.due_on.map(|d| d.to_string()),
        effect.due_time.map(|t| t.format("%H:%M").to_string()),
        effect.attempts,
        answers_json,
        note,
        w.staff_id,
    ])?;
    let purchase_id = (t.source == "purchase").then_some(t.source_id);
    let mut contact_id = None;
    if let Some(customer) = t.customer_id {
        tx.prepare_cached(
            "INSERT INTO contacts(customer_id, staff_id, purchase_id, kind, outcome, note, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            customer,
            w.staff_id,
            purchase_id,
            rules::contact_kind(&t.kind),
            w.outcome.id(),
            note,
            w.now
        ])?;
        contact_id = Some(tx.last_insert_rowid());
    }
    if t.kind == PURCHASE_CALLBACK && w.outcome == Outcome::Reached && purchase_id.is_some() {
        tx.prepare_cached(
            "UPDATE purchases SET called_back_at = ?2 WHERE id = ?1 AND called_back_at IS NULL",
        )?
        .execute(params![purchase_id, w.now])?;
    }
    let mut follow_up = None;
    if let Some(day) = effect.follow_up_on {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO tasks(kind, customer_id, staff_id, due_on, source, source_id, note,
                                         follow_up_of, created_at)
             VALUES (?1, ?2, ?3, ?4, 'task', ?5, ?6, ?5, ?7)",
        )?
        .execute(params![
            FOLLOW_UP,
            t.customer_id,
            t.staff_id.unwrap_or(w.staff_id),
            day.to_string(),
            w.task_id,
            note,
            w.now
        ])?;
        let id: i64 = tx.query_row(
            "SELECT id FROM tasks WHERE kind = ?1 AND source = 'task' AND source_id = ?2 AND period = ''",
            params![FOLLOW_UP, w.task_id],
            |r| r.get(0),
        )?;
        follow_up = Some((id, day));
    }
    Ok(Worked {
        closed_as: effect.closes_as,
        due_on: effect.due_on,
        follow_up,
        contact_id,
    })
}

/// A manager gives an open task to another associate; the audit log keeps it.
pub fn reassign(
    conn: &mut Connection,
    task_id: i64,
    version: i64,
    to_staff: i64,
    by: i64,
    now: &str,
) -> Result<(), WorkError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    crate::store::staff::require(&tx, by, &[crate::domain::staff::Role::Manager])
        .map_err(WorkError::Db)?;
    let t = current(&tx, task_id)?.ok_or(WorkError::Gone)?;
    if t.version != version {
        return Err(last_hand(&tx, task_id)?);
    }
    tx.execute(
        "UPDATE tasks SET staff_id = ?2, reassigned_by = ?3, reassigned_at = ?4, version = version + 1
         WHERE id = ?1",
        params![task_id, to_staff, by, now],
    )?;
    crate::store::audit::record(
        &tx,
        Some(by),
        "reassign_task",
        "task",
        Some(task_id),
        &format!(
            "{} → {}",
            t.staff_id.map(|s| s.to_string()).unwrap_or_default(),
            to_staff
        ),
    )?;
    tx.commit()?;
    Ok(())
}
