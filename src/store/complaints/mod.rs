//! Complaints in the database: taking them in (any channel, or at the
//! counter through the nine steps), moving them round the loop with a
//! version check, marks (major, seen by a manager, suggestion kept), and the
//! complaint handling register 客户投诉处理登记表.

pub mod opinions;
pub mod surveys;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_revisit;

use anyhow::{Result, anyhow};
use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

use crate::domain::complaint::counter::Step;
use crate::domain::complaint::flow::{self, Move, MoveFault};
use crate::domain::complaint::limits::{Escalation, Timing};
use crate::domain::complaint::routing::{Category, Route, Routing};
use crate::domain::complaint::stats::ComplaintFacts;
use crate::domain::complaint::{Channel, Compensation, Resolution, State, Urgency};
use crate::shop_data::complaint_rules::Revisit;

/// The task kind of a complaint's revisit 回访, with source `complaint`.
pub const REVISIT_TASK: &str = "complaint_revisit";

pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn parse_stamp(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A complaint as taken in.
#[derive(Debug, Clone)]
pub struct NewComplaint<'a> {
    pub channel: Channel,
    pub customer_id: Option<i64>,
    pub purchase_line_id: Option<i64>,
    pub product: &'a str,
    pub batch_no: &'a str,
    pub category: &'a Category,
    pub route: &'a Route,
    pub urgency: Urgency,
    pub major: bool,
    pub words: &'a str,
    pub taken_by: i64,
    pub received_at: DateTime<Utc>,
    pub received_on: NaiveDate,
}

/// What the nine steps at the counter recorded, with the time each was ticked.
#[derive(Debug, Clone)]
pub struct CounterOutcome<'a> {
    pub restated: &'a str,
    pub resolution: Resolution,
    pub solution: &'a str,
    pub compensation: Compensation,
    pub compensation_fen: i64,
    pub compensation_note: &'a str,
    pub satisfied: bool,
    pub final_offer: &'a str,
    pub final_accepted: Option<bool>,
    pub follow_up: &'a str,
    /// (step, ticked at), steps 1 to 9.
    pub steps: Vec<(Step, DateTime<Utc>)>,
}

impl CounterOutcome<'_> {
    pub fn resolved_here(&self) -> bool {
        self.satisfied || self.final_accepted == Some(true)
    }

    fn at(&self, s: Step, or: DateTime<Utc>) -> DateTime<Utc> {
        self.steps
            .iter()
            .find(|(x, _)| *x == s)
            .map(|(_, t)| *t)
            .unwrap_or(or)
    }
}

/// A complaint as read, with the names it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    pub id: i64,
    pub no: String,
    pub channel: String,
    pub customer_id: Option<i64>,
    pub customer_name: String,
    pub customer_phone: String,
    pub purchase_line_id: Option<i64>,
    pub product: String,
    pub batch_no: String,
    pub category: String,
    pub department: String,
    pub route_then: String,
    pub urgency: String,
    pub major: bool,
    pub words: String,
    pub restated: String,
    pub state: State,
    pub at_counter: bool,
    pub resolved_at_counter: bool,
    pub resolution: String,
    pub solution: String,
    pub compensation: String,
    pub compensation_fen: i64,
    pub compensation_note: String,
    pub satisfied: Option<bool>,
    pub final_offer: String,
    pub final_accepted: Option<bool>,
    pub follow_up: String,
    pub taken_by: Option<i64>,
    pub taken_by_name: String,
    pub received_at: DateTime<Utc>,
    pub received_on: NaiveDate,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub revisited_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub urgent_seen_at: Option<DateTime<Utc>>,
    pub escalations_seen: Vec<Escalation>,
    pub updated_at: String,
    pub updated_by_name: Option<String>,
    pub version: i64,
    pub revisit_due: Option<NaiveDate>,
    /// How often handling was reopened after a "not satisfied" revisit.
    pub reopened: i64,
    /// A manager's reason for closing against a "not satisfied" revisit.
    pub close_reason: String,
    pub close_decided_by: String,
}

impl Complaint {
    pub fn timing(&self) -> Timing {
        Timing {
            received_at: self.received_at,
            first_response_at: self.first_response_at,
            resolved_at: self.resolved_at,
            state: self.state,
            major: self.major,
        }
    }

    pub fn urgent(&self) -> bool {
        self.urgency == Urgency::Urgent.id()
    }
}

const SELECT: &str = "SELECT c.id, c.complaint_no, c.channel, c.customer_id, COALESCE(cu.name, ''),
        COALESCE(cu.phone, ''), c.purchase_line_id, COALESCE(c.product, ''), COALESCE(c.batch_no, ''),
        c.category, c.department, c.route_then, c.urgency, c.major, c.words, COALESCE(c.restated, ''),
        c.state, c.at_counter, c.resolved_at_counter, COALESCE(c.resolution, ''),
        COALESCE(c.solution, ''), COALESCE(c.compensation, 'none'), c.compensation_fen,
        COALESCE(c.compensation_note, ''), c.satisfied, COALESCE(c.final_offer, ''), c.final_accepted,
        COALESCE(c.follow_up, ''), c.taken_by, COALESCE(tb.name, ''), c.received_at, c.received_on,
        c.first_response_at, c.resolved_at, c.revisited_at, c.closed_at, c.urgent_seen_at,
        c.escalations_seen, c.updated_at, ub.name, c.version, t.due_on,
        c.reopened, COALESCE(c.close_reason, ''), COALESCE(db.name, '')
     FROM complaints c
     LEFT JOIN customers cu ON cu.id = c.customer_id
     LEFT JOIN staff tb ON tb.id = c.taken_by
     LEFT JOIN staff ub ON ub.id = c.updated_by
     LEFT JOIN staff db ON db.id = c.close_decided_by
     LEFT JOIN tasks t ON t.kind = 'complaint_revisit' AND t.source = 'complaint' AND t.source_id = c.id
          AND t.period = CASE c.reopened WHEN 0 THEN '' ELSE CAST(c.reopened AS TEXT) END";

fn from_row(r: &Row) -> rusqlite::Result<Complaint> {
    let ts = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
        Ok(r.get::<_, Option<String>>(i)?
            .as_deref()
            .and_then(parse_stamp))
    };
    let state: String = r.get(16)?;
    let seen: String = r.get(37)?;
    Ok(Complaint {
        id: r.get(0)?,
        no: r.get(1)?,
        channel: r.get(2)?,
        customer_id: r.get(3)?,
        customer_name: r.get(4)?,
        customer_phone: r.get(5)?,
        purchase_line_id: r.get(6)?,
        product: r.get(7)?,
        batch_no: r.get(8)?,
        category: r.get(9)?,
        department: r.get(10)?,
        route_then: r.get(11)?,
        urgency: r.get(12)?,
        major: r.get(13)?,
        words: r.get(14)?,
        restated: r.get(15)?,
        state: State::from_id(&state).unwrap_or(State::Accepted),
        at_counter: r.get(17)?,
        resolved_at_counter: r.get(18)?,
        resolution: r.get(19)?,
        solution: r.get(20)?,
        compensation: r.get(21)?,
        compensation_fen: r.get(22)?,
        compensation_note: r.get(23)?,
        satisfied: r.get(24)?,
        final_offer: r.get(25)?,
        final_accepted: r.get(26)?,
        follow_up: r.get(27)?,
        taken_by: r.get(28)?,
        taken_by_name: r.get(29)?,
        received_at: ts(30)?.unwrap_or_default(),
        received_on: date(&r.get::<_, String>(31)?).unwrap_or_default(),
        first_response_at: ts(32)?,
        resolved_at: ts(33)?,
        revisited_at: ts(34)?,
        closed_at: ts(35)?,
        urgent_seen_at: ts(36)?,
        escalations_seen: seen.split(',').filter_map(Escalation::from_id).collect(),
        updated_at: r.get(38)?,
        updated_by_name: r.get(39)?,
        version: r.get(40)?,
        revisit_due: r.get::<_, Option<String>>(41)?.as_deref().and_then(date),
        reopened: r.get(42)?,
        close_reason: r.get(43)?,
        close_decided_by: r.get(44)?,
    })
}

/// The next complaint number of a day: `TS261123-01`.
fn next_no(conn: &Connection, on: NaiveDate) -> Result<String> {
    let prefix = format!("TS{}-", on.format("%y%m%d"));
    let n: i64 = conn.query_row(
        "SELECT COUNT(*) FROM complaints WHERE complaint_no LIKE ?1 || '%'",
        [&prefix],
        |r| r.get(0),
    )?;
    Ok(format!("{prefix}{:02}", n + 1))
}

fn event(
    conn: &Connection,
    id: i64,
    what: &str,
    at: DateTime<Utc>,
    staff: Option<i64>,
    note: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO complaint_events(complaint_id, event, at, staff_id, note) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, what, stamp(at), staff, note])?;
    Ok(())
}

/// Books the revisit task once per round of handling (the round is the
/// task's period: '' for the first, then 1, 2 … after each reopening); a
/// second booking in a round keeps the first date. A customer whose file
/// was erased is not called: no revisit is booked for them.
fn book_revisit(
    conn: &Connection,
    id: i64,
    customer: Option<i64>,
    staff: Option<i64>,
    due: NaiveDate,
    note: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO tasks(kind, customer_id, staff_id, due_on, source, source_id, note, created_at, period)
         SELECT 'complaint_revisit', ?1, ?2, ?3, 'complaint', ?4, ?5, ?6,
                (SELECT CASE reopened WHEN 0 THEN '' ELSE CAST(reopened AS TEXT) END
                 FROM complaints WHERE id = ?4)
         WHERE NOT EXISTS (SELECT 1 FROM customers WHERE id = ?1 AND erased_at IS NOT NULL)
         ON CONFLICT(kind, source, source_id, period) DO NOTHING",
    )?
    .execute(params![customer, staff, due.to_string(), id, note, stamp(now)])?;
    Ok(())
}

/// Takes a complaint in, routed, in the caller's IMMEDIATE transaction.
/// A category that asks for it gets its revisit booked at once.
pub fn create(conn: &Connection, c: &NewComplaint, revisit: &Revisit) -> Result<i64> {
    let no = next_no(conn, c.received_on)?;
    let now = stamp(c.received_at);
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    conn.prepare_cached(
        "INSERT INTO complaints(complaint_no, channel, customer_id, purchase_line_id, product, batch_no,
             category, department, route_then, urgency, major, words, state, taken_by,
             received_at, received_on, created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'accepted', ?13, ?14, ?15, ?14, ?14, ?13)",
    )?
    .execute(params![
        no,
        c.channel.id(),
        c.customer_id,
        c.purchase_line_id,
        opt(c.product),
        opt(c.batch_no),
        c.category.id,
        c.route.department,
        c.route.then.join(","),
        c.urgency.id(),
        c.major,
        c.words.trim(),
        c.taken_by,
        now,
        c.received_on.to_string(),
    ])?;
    let id = conn.last_insert_rowid();
    event(
        conn,
        id,
        State::Accepted.id(),
        c.received_at,
        Some(c.taken_by),
        c.words.trim(),
    )?;
    if c.major {
        event(conn, id, "major", c.received_at, Some(c.taken_by), "")?;
    }
    if c.category.revisit_at_intake {
        let due = c.received_on + Duration::days(revisit.at_intake_after_days as i64);
        book_revisit(
            conn,
            id,
            c.customer_id,
            Some(c.taken_by),
            due,
            &no,
            c.received_at,
        )?;
    }
    super::audit::record(conn, Some(c.taken_by), "create", "complaint", Some(id), &no)?;
    Ok(id)
}

/// A complaint settled (or not) at the counter through the nine steps:
/// the moves the steps made are written with the times they were ticked.
/// Settled: fed back, the revisit booked. Not settled even with the final
/// offer: verified, marked major, so it goes to the manager.
pub fn create_at_counter(
    conn: &Connection,
    c: &NewComplaint,
    o: &CounterOutcome,
    revisit: &Revisit,
) -> Result<i64> {
    let id = create(conn, c, revisit)?;
    let staff = Some(c.taken_by);
    let t0 = c.received_at;
    for (s, at) in &o.steps {
        conn.prepare_cached(
            "INSERT INTO complaint_steps(complaint_id, step, done_at, staff_id) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id, s.number() as i64, stamp(*at), staff])?;
    }
    let verified_at = o.at(Step::Restate, t0);
    event(
        conn,
        id,
        State::Verified.id(),
        verified_at,
        staff,
        o.restated.trim(),
    )?;
    let resolved = o.resolved_here();
    let result_at = o.at(Step::Result, t0);
    let feedback_note = if o.satisfied {
        o.solution.trim().to_string()
    } else {
        o.final_offer.trim().to_string()
    };
    if resolved {
        event(
            conn,
            id,
            State::Handled.id(),
            o.at(Step::Resolve, t0),
            staff,
            o.solution.trim(),
        )?;
        event(
            conn,
            id,
            State::FedBack.id(),
            result_at,
            staff,
            &feedback_note,
        )?;
        let due = c.received_on + Duration::days(revisit.after_days as i64);
        book_revisit(
            conn,
            id,
            c.customer_id,
            staff,
            due,
            o.follow_up.trim(),
            result_at,
        )?;
    } else {
        event(conn, id, "major", result_at, staff, o.final_offer.trim())?;
    }
    conn.prepare_cached(
        "UPDATE complaints SET at_counter = 1, resolved_at_counter = ?2, restated = ?3, resolution = ?4,
             solution = ?5, compensation = ?6, compensation_fen = ?7, compensation_note = ?8,
             satisfied = ?9, final_offer = ?10, final_accepted = ?11, follow_up = ?12,
             state = ?13, first_response_at = ?14, resolved_at = ?15, major = (major OR NOT ?2)
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        resolved,
        o.restated.trim(),
        o.resolution.id(),
        o.solution.trim(),
        o.compensation.id(),
        o.compensation_fen,
        o.compensation_note.trim(),
        resolved,
        (!o.final_offer.trim().is_empty()).then(|| o.final_offer.trim()),
        o.final_accepted,
        o.follow_up.trim(),
        if resolved {
            State::FedBack.id()
        } else {
            State::Verified.id()
        },
        stamp(verified_at),
        resolved.then(|| stamp(result_at)),
    ])?;
    Ok(id)
}

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
    let by_manager: bool = tx
        .query_row(
            "SELECT role = 'manager' FROM staff WHERE id = ?1",
            [m.staff],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false);
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
        by_manager,
    };
    flow::check_move(&mv).map_err(MoveError::Fault)?;
    let reopening = flow::reopens(&mv);
    let decided = m.to == State::Closed && mv.satisfied == Some(false);
    let now = stamp(m.now);
    let note = m.note.trim();
    let (col, extra): (&str, Vec<Value>) = match m.to {
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
                Value::Text(now.clone()),
                Value::Text(note.into()),
                Value::Integer(m.staff),
            ],
        ),
        State::Verified => (
            "first_response_at = COALESCE(first_response_at, ?4), restated = COALESCE(restated, ?5)",
            vec![Value::Text(now.clone()), Value::Text(note.into())],
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
            vec![Value::Text(now.clone()), Value::Text(note.into())],
        ),
        State::Revisited => (
            "revisited_at = ?4, satisfied = ?5",
            vec![
                Value::Text(now.clone()),
                m.satisfied
                    .map(|s| Value::Integer(s as i64))
                    .unwrap_or(Value::Null),
            ],
        ),
        State::Closed => ("closed_at = ?4", vec![Value::Text(now.clone())]),
        State::Accepted => return Err(MoveError::Fault(MoveFault::NotNext { next: c.state })),
    };
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
            super::tasks::close_for_source(
                tx,
                "complaint",
                m.id,
                None,
                super::tasks::SETTLED_COMPLAINT_CLOSED,
            )?;
        }
        _ => {}
    }
    super::audit::record(tx, Some(m.staff), what, "complaint", Some(m.id), note)?;
    Ok(m.version + 1)
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
    super::write(conn, |tx| {
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
    super::write(conn, |tx| {
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

pub fn get(conn: &Connection, id: i64) -> Result<Option<Complaint>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE c.id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

/// Every complaint not yet closed (the app sorts them by time left).
pub fn open(conn: &Connection) -> Result<Vec<Complaint>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE c.state <> 'closed' ORDER BY c.received_at"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub event: String,
    pub at: DateTime<Utc>,
    pub staff: String,
    pub note: String,
}

/// A complaint's moves and marks, oldest first.
pub fn events(conn: &Connection, id: i64) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.event, e.at, COALESCE(s.name, ''), COALESCE(e.note, '')
         FROM complaint_events e LEFT JOIN staff s ON s.id = e.staff_id
         WHERE e.complaint_id = ?1 ORDER BY e.at, e.id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Event {
            event: r.get(0)?,
            at: parse_stamp(&r.get::<_, String>(1)?).unwrap_or_default(),
            staff: r.get(2)?,
            note: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The filters of the three registers; each register uses those it has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub category: Option<String>,
    pub department: Option<String>,
    pub staff_id: Option<i64>,
    /// Complaints: the state; surveys: the source; opinions: the kind, or
    /// `kept` for suggestions worth keeping.
    pub state: Option<String>,
    pub limit: Option<usize>,
}

/// The complaint handling register: complaints received in the range
/// that pass the filters, newest first.
pub fn register(conn: &Connection, f: &Filter) -> Result<Vec<Complaint>> {
    let mut wh = vec!["1 = 1".to_string()];
    let mut vals: Vec<Value> = Vec::new();
    let mut add = |cond: &str, v: Value| {
        vals.push(v);
        wh.push(cond.replace('?', &format!("?{}", vals.len())));
    };
    if let Some(d) = f.from {
        add("c.received_on >= ?", Value::Text(d.to_string()));
    }
    if let Some(d) = f.to {
        add("c.received_on <= ?", Value::Text(d.to_string()));
    }
    if let Some(x) = &f.category {
        add("c.category = ?", Value::Text(x.clone()));
    }
    if let Some(x) = &f.department {
        add("c.department = ?", Value::Text(x.clone()));
    }
    if let Some(x) = f.staff_id {
        add("c.taken_by = ?", Value::Integer(x));
    }
    if let Some(x) = &f.state {
        add("c.state = ?", Value::Text(x.clone()));
    }
    let limit = f.limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default();
    let sql = format!(
        "{SELECT} WHERE {} ORDER BY c.received_at DESC, c.id DESC{limit}",
        wh.join(" AND ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(vals), from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The complaints received in the range, as the figures need them.
pub fn facts(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<ComplaintFacts>> {
    let rows = register(
        conn,
        &Filter {
            from: Some(from),
            to: Some(to),
            ..Filter::default()
        },
    )?;
    Ok(rows
        .into_iter()
        .map(|c| ComplaintFacts {
            category: c.category,
            department: c.department,
            received_at: c.received_at,
            first_response_at: c.first_response_at,
            resolved_at: c.resolved_at,
            resolved_at_counter: c.resolved_at_counter,
        })
        .collect())
}

/// A customer found by phone for a complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub id: i64,
    pub name: String,
    pub phone: String,
}

/// The customer whose phone has these digits (not erased), if exactly one.
pub fn caller_by_phone(conn: &Connection, phone: &str) -> Result<Option<Caller>> {
    let digits = crate::domain::customer::phone_digits(phone);
    if digits.len() < 5 {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, COALESCE(phone, '') FROM customers
         WHERE phone_digits = ?1 AND erased_at IS NULL ORDER BY id LIMIT 2",
    )?;
    let found: Vec<Caller> = stmt
        .query_map([digits], |r| {
            Ok(Caller {
                id: r.get(0)?,
                name: r.get(1)?,
                phone: r.get(2)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(if found.len() == 1 {
        found.into_iter().next()
    } else {
        None
    })
}

/// A purchase line a complaint may be about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineChoice {
    pub id: i64,
    pub purchased_on: String,
    pub style_no: String,
    pub name: String,
    pub category: String,
}

impl LineChoice {
    /// The product as written on the complaint.
    pub fn product(&self) -> String {
        format!("{} {}", self.style_no, self.name)
    }
}

/// The customer's purchase lines, newest first.
pub fn lines_of(conn: &Connection, customer_id: i64, limit: usize) -> Result<Vec<LineChoice>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, p.purchased_on, pr.style_no, pr.name, pr.category
         FROM purchases p JOIN purchase_lines l ON l.purchase_id = p.id
         JOIN products pr ON pr.id = l.product_id
         WHERE p.customer_id = ?1 ORDER BY p.purchased_on DESC, l.id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![customer_id, limit as i64], |r| {
        Ok(LineChoice {
            id: r.get(0)?,
            purchased_on: r.get(1)?,
            style_no: r.get(2)?,
            name: r.get(3)?,
            category: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
