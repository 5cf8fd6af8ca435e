//! Time limits [S2 响应时限]: a first response within `first_response_hours`
//! of the complaint coming in, a resolution within `resolution_hours`; a
//! complaint past either limit, or marked major, escalates to the manager.

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use super::State;

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub first_response_hours: u32,
    pub resolution_hours: u32,
}

/// The times that count for the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub received_at: DateTime<Utc>,
    /// The first move after acceptance (核实: the shop came back to the customer).
    pub first_response_at: Option<DateTime<Utc>>,
    /// Feedback given (反馈: the customer was told the outcome).
    pub resolved_at: Option<DateTime<Utc>>,
    pub state: State,
    pub major: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    FirstResponse,
    Resolution,
}

impl Limit {
    pub fn id(self) -> &'static str {
        match self {
            Limit::FirstResponse => "first_response",
            Limit::Resolution => "resolution",
        }
    }
}

/// The limit running now and the time left on it (negative when overdue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Running {
    pub limit: Limit,
    pub due: DateTime<Utc>,
    pub left: Duration,
}

impl Running {
    pub fn overdue(&self) -> bool {
        self.left < Duration::zero()
    }
}

/// Why a complaint is the manager's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Escalation {
    Major,
    FirstResponseLate,
    ResolutionLate,
}

impl Escalation {
    pub const ALL: [Escalation; 3] = [
        Escalation::Major,
        Escalation::FirstResponseLate,
        Escalation::ResolutionLate,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Escalation::Major => "major",
            Escalation::FirstResponseLate => "first_response_late",
            Escalation::ResolutionLate => "resolution_late",
        }
    }

    pub fn from_id(s: &str) -> Option<Escalation> {
        Escalation::ALL.into_iter().find(|e| e.id() == s)
    }
}

impl Limits {
    pub fn first_response_due(&self, t: &Timing) -> DateTime<Utc> {
        t.received_at + Duration::hours(self.first_response_hours as i64)
    }

    pub fn resolution_due(&self, t: &Timing) -> DateTime<Utc> {
        t.received_at + Duration::hours(self.resolution_hours as i64)
    }

    /// The limit still running: the first response until there is one, then
    /// the resolution until feedback; none after that or once closed.
    pub fn running(&self, t: &Timing, now: DateTime<Utc>) -> Option<Running> {
        if !t.state.is_open() {
            return None;
        }
        let (limit, due) = if t.first_response_at.is_none() {
            (Limit::FirstResponse, self.first_response_due(t))
        } else if t.resolved_at.is_none() {
            (Limit::Resolution, self.resolution_due(t))
        } else {
            return None;
        };
        Some(Running {
            limit,
            due,
            left: due - now,
        })
    }

    /// Every reason the complaint is (or was) the manager's. A limit missed
    /// stays missed: a late answer is still late once given.
    pub fn escalations(&self, t: &Timing, now: DateTime<Utc>) -> Vec<Escalation> {
        let mut out = Vec::new();
        if t.major {
            out.push(Escalation::Major);
        }
        let open_or =
            |at: Option<DateTime<Utc>>| at.or(if t.state.is_open() { Some(now) } else { None });
        if open_or(t.first_response_at).is_some_and(|at| at > self.first_response_due(t)) {
            out.push(Escalation::FirstResponseLate);
        }
        if open_or(t.resolved_at).is_some_and(|at| at > self.resolution_due(t)) {
            out.push(Escalation::ResolutionLate);
        }
        out
    }

    /// The order of the open-complaints list: overdue first (most overdue
    /// at the top), then by time left, then those waiting only for their
    /// revisit, oldest first.
    pub fn sort_key(&self, t: &Timing, now: DateTime<Utc>) -> (u8, i64) {
        match self.running(t, now) {
            Some(r) if r.overdue() => (0, r.left.num_seconds()),
            Some(r) => (1, r.left.num_seconds()),
            None => (2, t.received_at.timestamp()),
        }
    }
}
