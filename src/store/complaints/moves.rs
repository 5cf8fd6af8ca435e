//! Moving a complaint round the loop with a version check, and its marks:
//! major, seen by a manager, suggestion kept.

use anyhow::{Result, anyhow};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use crate::domain::complaint::flow::{self, Move, MoveFault};
use crate::domain::complaint::limits::Escalation;
use crate::domain::complaint::routing::Routing;
use crate::domain::complaint::{Resolution, State};
use crate::shop_data::complaint_rules::Revisit;

use super::counter::book_revisit;
use super::{Complaint, event, get, opinions, stamp};

/// A move asked for on screen.
#[derive(Debug, Clone)]
pub struct MoveRequest<'a> {
    pub id: i64,
    pub version: i64,
    pub to: State,
    pub note: &'a str,
    pub resolution: Option<Resolution>,
    /// At the revisit: is the customer satisfied now?
    pub satisfied: Option<bool>,
    /// Closing after a "not satisfied" revisit as a manager's decision; the
    /// note is its reason.
    pub manager_decision: bool,
    pub staff: i64,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
}

#[derive(Debug)]
pub enum MoveError {
    Fault(MoveFault),
    /// Someone else changed the complaint since it was opened.
    Conflict {
        by: Option<String>,
        at: String,
    },
    Db(anyhow::Error),
}

impl From<anyhow::Error> for MoveError {
    fn from(e: anyhow::Error) -> Self {
        MoveError::Db(e)
    }
}

impl From<rusqlite::Error> for MoveError {
    fn from(e: rusqlite::Error) -> Self {
        MoveError::Db(e.into())
    }
}

/// The row's version, its last change and who made it, read in the
/// transaction; a stale version is a conflict naming them.
fn check_version(conn: &Connection, id: i64, version: i64) -> Result<(), MoveError> {
    let (v, at, by): (i64, String, Option<String>) = conn
        .query_row(
            "SELECT c.version, c.updated_at, s.name FROM complaints c
             LEFT JOIN staff s ON s.id = c.updated_by WHERE c.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or_else(|| anyhow!("complaint {id} no longer exists"))?;
    if v != version {
        return Err(MoveError::Conflict { by, at });
    }
    Ok(())
}

/// Moves a complaint one step round the loop, with its note; returns the
/// new version. Feedback books the revisit; the revisit completes its task
/// and goes into the quality callback register.
pub fn advance(
    conn: &mut Connection,
    m: &MoveRequest,
    routing: &Routing,
    revisit: &Revisit,
) -> Result<i64, MoveError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let v = advance_in(&tx, m, routing, revisit)?;
    tx.commit()?;
    Ok(v)
}

/// [`advance`] inside the caller's IMMEDIATE transaction (the demo shop
/// writes a complaint's whole history in one).
pub fn advance_in(
    tx: &Connection,
    m: &MoveRequest,
    routing: &Routing,
    revisit: &Revisit,
) -> Result<i64, MoveError> {
    check_version(tx, m.id, m.version)?;
    let c = get(tx, m.id)?.ok_or_else(|| anyhow!("complaint {} no longer exists", m.id))?;
    let mv = Move {
        from: c.state,
        to: m.to,
        note: m.note,
        resolution: m.resolution,
        category: routing.category(&c.category),
        satisfied: (c.state == State::Revisited)
            .then_some(c.satisfied)
            .flatten(),
        manager_decision: m.manager_decision,
        by_manager: is_manager(tx, m.staff)?,
    };
    flow::check_move(&mv).map_err(MoveError::Fault)?;
    let reopening = flow::reopens(&mv);
    let decided = m.to == State::Closed && mv.satisfied == Some(false);
    let now = stamp(m.now);
    let note = m.note.trim();
    let (col, extra) = columns(m, c.state, reopening, decided, &now, note)?;
    let mut vals = vec![
        Value::Integer(m.id),
        Value::Text(m.to.id().into()),
        Value::Integer(m.staff),
    ];
    vals.extend(extra);
    vals.push(Value::Text(now.clone()));
    let n = vals.len();
    tx.execute(
        &format!(
            "UPDATE complaints SET state = ?2, updated_by = ?3, {col}, updated_at = ?{n},
                 version = version + 1 WHERE id = ?1"
        ),
        params_from_iter(vals),
    )?;
    // What happened, in the complaint's history and the audit log.
    let what = if reopening {
        "reopened"
    } else if decided {
        "closed_by_decision"
    } else {
        m.to.id()
    };
    event(tx, m.id, what, m.now, Some(m.staff), note)?;
    after_move(tx, m, &c, revisit, &now, note)?;
    crate::store::audit::record(tx, Some(m.staff), what, "complaint", Some(m.id), note)?;
    Ok(m.version + 1)
}

/// Whether the staff member making a move is a manager.
fn is_manager(tx: &Connection, staff: i64) -> Result<bool> {
    Ok(tx
        .query_row(
            "SELECT role = 'manager' FROM staff WHERE id = ?1",
            [staff],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false))
}

/// The columns a move to `m.to` sets besides the state (as `?4`, `?5` …)
/// and their values.
fn columns(
    m: &MoveRequest,
    from: State,
    reopening: bool,
    decided: bool,
    now: &str,
    note: &str,
) -> Result<(&'static str, Vec<Value>), MoveError> {
    Ok(match m.to {
        State::Handled if reopening => (
            "resolution = ?4, solution = ?5, reopened = reopened + 1",
            vec![
                Value::Text(m.resolution.map(|r| r.id()).unwrap_or_default().into()),
                Value::Text(note.into()),
            ],
        ),
        State::Closed if decided => (
            "closed_at = ?4, close_reason = ?5, close_decided_by = ?6",
            vec![
                Value::Text(now.into()),
                Value::Text(note.into()),
                Value::Integer(m.staff),
            ],
        ),
        State::Verified => (
            "first_response_at = COALESCE(first_response_at, ?4), restated = COALESCE(restated, ?5)",
            vec![Value::Text(now.into()), Value::Text(note.into())],
        ),
        State::Handled => (
            "resolution = ?4, solution = ?5",
            vec![
                Value::Text(m.resolution.map(|r| r.id()).unwrap_or_default().into()),
                Value::Text(note.into()),
            ],
        ),
        State::FedBack => (
            "resolved_at = COALESCE(resolved_at, ?4), follow_up = COALESCE(follow_up, ?5)",
            vec![Value::Text(now.into()), Value::Text(note.into())],
        ),
        State::Revisited => (
            "revisited_at = ?4, satisfied = ?5",
            vec![
                Value::Text(now.into()),
                m.satisfied
                    .map(|s| Value::Integer(s as i64))
                    .unwrap_or(Value::Null),
            ],
        ),
        State::Closed => ("closed_at = ?4", vec![Value::Text(now.into())]),
        State::Accepted => return Err(MoveError::Fault(MoveFault::NotNext { next: from })),
    })
}

/// What a move owes besides the complaint itself: feedback books the
/// revisit; the revisit completes its task and goes into the quality
/// callback register; closing closes the complaint's tasks.
fn after_move(
    tx: &Connection,
    m: &MoveRequest,
    c: &Complaint,
    revisit: &Revisit,
    now: &str,
    note: &str,
) -> Result<()> {
    match m.to {
        State::FedBack => {
            let due = m.today + Duration::days(revisit.after_days as i64);
            book_revisit(tx, m.id, c.customer_id, c.taken_by, due, &c.no, m.now)?;
        }
        State::Revisited => {
            // A revisit nobody booked (an old complaint) is booked and done at once.
            book_revisit(tx, m.id, c.customer_id, c.taken_by, m.today, &c.no, m.now)?;
            let outcome = match m.satisfied {
                Some(true) => "satisfied",
                Some(false) => "not_satisfied",
                None => "done",
            };
            tx.execute(
                "UPDATE tasks SET done_at = ?2, outcome = ?3, version = version + 1
                 WHERE kind = 'complaint_revisit' AND source = 'complaint' AND source_id = ?1
                   AND done_at IS NULL",
                params![m.id, now, outcome],
            )?;
            opinions::add(
                tx,
                &opinions::NewOpinion {
                    kind: opinions::OpinionKind::QualityCallback,
                    customer_id: c.customer_id,
                    channel: "phone",
                    complaint_id: Some(m.id),
                    product: &c.product,
                    text: note,
                    department: Some(&c.department),
                    worth_keeping: false,
                    satisfied: m.satisfied,
                    staff_id: Some(m.staff),
                    noted_on: m.today,
                    noted_at: m.now,
                },
            )?;
        }
        State::Closed => {
            // A closed complaint is owed nothing more.
            crate::store::tasks::close_for_source(
                tx,
                "complaint",
                m.id,
                None,
                crate::store::tasks::SETTLED_COMPLAINT_CLOSED,
            )?;
        }
        _ => {}
    }
    Ok(())
}

/// Marks a complaint major (it escalates to the manager at once), or takes
/// the mark off; with a note, version-checked.
pub fn set_major(
    conn: &mut Connection,
    id: i64,
    version: i64,
    major: bool,
    note: &str,
    staff: i64,
    now: DateTime<Utc>,
) -> Result<i64, MoveError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    check_version(&tx, id, version)?;
    set_major_in(&tx, id, major, note, staff, now)?;
    tx.commit()?;
    Ok(version + 1)
}

/// [`set_major`] in the caller's transaction, without the version check.
pub fn set_major_in(
    tx: &Connection,
    id: i64,
    major: bool,
    note: &str,
    staff: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "UPDATE complaints SET major = ?2, updated_by = ?3, updated_at = ?4, version = version + 1
         WHERE id = ?1",
        params![id, major, staff, stamp(now)],
    )?;
    event(
        tx,
        id,
        if major { "major" } else { "not_major" },
        now,
        Some(staff),
        note.trim(),
    )
}

/// A manager has seen the complaint: its urgency and its escalations so
/// far leave the banner. A new reason later brings it back.
pub fn acknowledge(
    conn: &mut Connection,
    id: i64,
    urgent: bool,
    reasons: &[Escalation],
    staff: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    crate::store::write(conn, |tx| {
        acknowledge_in(tx, id, urgent, reasons, staff, now)
    })
}

/// [`acknowledge`] in the caller's transaction.
pub fn acknowledge_in(
    tx: &Connection,
    id: i64,
    urgent: bool,
    reasons: &[Escalation],
    staff: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let seen: String = tx.query_row(
        "SELECT escalations_seen FROM complaints WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let mut all: Vec<Escalation> = seen.split(',').filter_map(Escalation::from_id).collect();
    all.extend_from_slice(reasons);
    all.sort();
    all.dedup();
    let joined: Vec<&str> = all.iter().map(|e| e.id()).collect();
    tx.execute(
        "UPDATE complaints SET escalations_seen = ?2,
             urgent_seen_at = CASE WHEN ?3 THEN COALESCE(urgent_seen_at, ?4) ELSE urgent_seen_at END,
             urgent_seen_by = CASE WHEN ?3 THEN COALESCE(urgent_seen_by, ?5) ELSE urgent_seen_by END
         WHERE id = ?1",
        params![id, joined.join(","), urgent, stamp(now), staff],
    )?;
    let mut what: Vec<&str> = reasons.iter().map(|e| e.id()).collect();
    if urgent {
        what.insert(0, "urgent");
    }
    event(tx, id, "seen", now, Some(staff), &what.join(","))
}

/// A suggestion worth keeping, from a complaint, for its department.
pub fn keep_suggestion(
    conn: &mut Connection,
    id: i64,
    text: &str,
    staff: i64,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<i64> {
    crate::store::write(conn, |tx| {
        let c = get(tx, id)?.ok_or_else(|| anyhow!("complaint {id} no longer exists"))?;
        let oid = opinions::add(
            tx,
            &opinions::NewOpinion {
                kind: opinions::OpinionKind::Suggestion,
                customer_id: c.customer_id,
                channel: &c.channel,
                complaint_id: Some(id),
                product: &c.product,
                text,
                department: Some(&c.department),
                worth_keeping: true,
                satisfied: None,
                staff_id: Some(staff),
                noted_on: today,
                noted_at: now,
            },
        )?;
        event(tx, id, "suggestion", now, Some(staff), text.trim())?;
        Ok(oid)
    })
}
