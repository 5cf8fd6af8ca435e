//! Complaints in the database: taking them in (any channel, or at the
//! counter through the nine steps), moving them round the loop with a
//! version check, marks (major, seen by a manager, suggestion kept), and the
//! complaint handling register 客户投诉处理登记表.

pub mod opinions;
pub mod surveys;

mod counter;
mod moves;
mod queries;

pub use counter::{CounterOutcome, NewComplaint, create, create_at_counter};
pub use moves::{
    MoveError, MoveRequest, acknowledge, acknowledge_in, advance, advance_in, keep_suggestion,
    set_major, set_major_in,
};
pub use queries::{
    Caller, Event, Filter, LineChoice, caller_by_phone, events, facts, get, lines_of, open,
    register,
};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_revisit;

use anyhow::Result;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, Row, params};

use crate::domain::complaint::limits::{Escalation, Timing};
use crate::domain::complaint::{State, Urgency};

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
