//! Taking a complaint in: from any channel, or settled (or not) at the
//! counter through the nine steps.

use anyhow::Result;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{Connection, params};

use crate::domain::complaint::counter::Step;
use crate::domain::complaint::routing::{Category, Route};
use crate::domain::complaint::{Channel, Compensation, Resolution, State, Urgency};
use crate::shop_data::complaint_rules::Revisit;

use super::{event, stamp};

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

/// Books the revisit task once per round of handling (the round is the
/// task's period: '' for the first, then 1, 2 … after each reopening); a
/// second booking in a round keeps the first date. A customer whose file
/// was erased is not called: no revisit is booked for them.
pub(super) fn book_revisit(
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
    crate::store::audit::record(conn, Some(c.taken_by), "create", "complaint", Some(id), &no)?;
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
    write_outcome(conn, id, o, verified_at, result_at)?;
    Ok(id)
}

/// The counter's answers on the complaint's row: settled here (fed back)
/// or not (verified, marked major).
fn write_outcome(
    conn: &Connection,
    id: i64,
    o: &CounterOutcome,
    verified_at: DateTime<Utc>,
    result_at: DateTime<Utc>,
) -> Result<()> {
    let resolved = o.resolved_here();
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
    Ok(())
}
