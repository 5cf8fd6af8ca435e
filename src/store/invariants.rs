//! The shop's invariants: what must hold of the records at every moment,
//! whatever path wrote them (screens, imports, the task engine, the demo).
//! Each is one SQL query over the whole database that names the rows that
//! break it; `aftercare check` runs them all, and the property test runs
//! them after every event.
//!
//! 1. `customer_figures` — a customer's spend is what they paid for their
//!    purchases less what was refunded for returned lines; their purchase
//!    count counts the purchases with a line kept ([`super::figures`]).
//! 2. `customer_tier` — the tier is the one the spend reaches under the
//!    thresholds the rows were worked out with (`vip_state`).
//! 3. `club_by_spend` — whoever was let into the club by spend still has the
//!    spend; whoever has it is in the club (by spend or by fee).
//! 4. `milestone_live` — a milestone thanks not yet made is owed only while
//!    the spend still reaches its threshold.
//! 5. `line_settlement` — a purchase line is returned or exchanged at most
//!    once, and its mark (returned / exchanged, the day, the log entry)
//!    agrees with the returns log.
//! 6. `job_has_customer` — every repair job and care job belongs to a
//!    customer.
//! 7. `task_live_reason` — every open task has a live reason: no ready call
//!    for goods already collected or returned, no task for a closed
//!    complaint or an erased customer, no callback for a purchase wholly
//!    returned.
//! 8. `repair_dates` — a repair job is promised on or after the day it was
//!    received.
//! 9. `care_entitlement` — an entitlement belongs to the customer who bought
//!    its line, and is used at most once, by one care job of that customer
//!    and kind, received the day it was used; an entitlement not used is
//!    not kept for a line that was returned (the return withdraws it).

use anyhow::Result;
use rusqlite::Connection;

use super::figures::{COUNT_SQL, SPEND_SQL};
use super::vip::Standards;

/// One invariant: its name, the rule in a line, and the query naming the
/// rows that break it (table, row id, what is wrong).
#[derive(Debug, Clone)]
pub struct Invariant {
    pub id: &'static str,
    pub rule: &'static str,
    pub sql: String,
}

/// A row that breaks an invariant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    pub invariant: &'static str,
    pub table: String,
    pub row: i64,
    pub detail: String,
}

impl std::fmt::Display for Breach {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "invariant {}: {} row {}: {}",
            self.invariant, self.table, self.row, self.detail
        )
    }
}

/// Every invariant; the tier's query is written from the thresholds in
/// `vip_state` (none before the tiers were first worked out).
pub fn all(conn: &Connection) -> Result<Vec<Invariant>> {
    let standards = super::vip::standards(conn)?;
    let mut v = vec![Invariant {
        id: "customer_figures",
        rule: "spend and purchase count equal the purchases less the returns",
        sql: format!(
            "SELECT 'customers', c.id, printf('spend %d, purchases less returns say %d; purchase count %d, say %d',
                    c.total_spend_fen, {SPEND_SQL}, c.purchase_count, {COUNT_SQL})
             FROM customers c
             WHERE c.total_spend_fen <> {SPEND_SQL} OR c.purchase_count <> {COUNT_SQL}"
        ),
    }];
    if let Some(s) = &standards {
        v.push(tier(s));
        v.push(club(s));
    }
    v.extend([
        Invariant {
            id: "milestone_live",
            rule: "an open milestone thanks is owed only while the spend reaches it",
            sql: "SELECT 'tasks', t.id, printf('open %s for customer %d, whose spend is %d', t.source, c.id, c.total_spend_fen)
                  FROM tasks t JOIN customers c ON c.id = t.customer_id
                  WHERE t.kind = 'milestone_thanks' AND t.done_at IS NULL
                    AND CAST(substr(t.source, 11) AS INTEGER) > c.total_spend_fen"
                .into(),
        },
        Invariant {
            id: "line_settlement",
            rule: "a line is returned or exchanged at most once, as the returns log says",
            sql: "SELECT 'purchase_lines', l.id, printf('marked %s on %s (entry %s); the log has %d settling entries',
                          COALESCE(l.settled, 'not settled'), COALESCE(l.settled_on, '-'),
                          COALESCE(l.return_id, '-'), n.n)
                  FROM purchase_lines l
                  JOIN (SELECT purchase_line_id AS line, COUNT(*) AS n FROM returns
                        WHERE decision IN ('return', 'charged_return', 'exchange', 'charged_exchange')
                        GROUP BY purchase_line_id) n ON n.line = l.id
                  LEFT JOIN returns r ON r.id = l.return_id
                  WHERE n.n > 1 OR r.id IS NULL OR r.purchase_line_id <> l.id OR r.decided_on IS NOT l.settled_on
                     OR l.settled IS NOT (CASE WHEN r.decision IN ('return', 'charged_return') THEN 'returned'
                                               ELSE 'exchanged' END)
                  UNION ALL
                  SELECT 'purchase_lines', l.id, printf('marked %s with no settling entry in the returns log', l.settled)
                  FROM purchase_lines l
                  WHERE l.settled IS NOT NULL AND NOT EXISTS (
                      SELECT 1 FROM returns r WHERE r.purchase_line_id = l.id
                        AND r.decision IN ('return', 'charged_return', 'exchange', 'charged_exchange'))"
                .into(),
        },
        Invariant {
            id: "job_has_customer",
            rule: "every repair job and care job belongs to a customer",
            sql: "SELECT 'repair_jobs', j.id, printf('job %s (%s) has no customer', COALESCE(j.job_no, j.id), j.state)
                  FROM repair_jobs j WHERE j.customer_id IS NULL

                  UNION ALL
                  SELECT 'care_jobs', j.id, printf('care job %s has no customer', COALESCE(j.job_no, j.id))
                  FROM care_jobs j LEFT JOIN customers c ON c.id = j.customer_id WHERE c.id IS NULL"
                .into(),
        },
        Invariant {
            id: "task_live_reason",
            rule: "every open task has a live reason",
            sql: "SELECT 'tasks', t.id, printf('open %s for repair job %s, which is %s', t.kind, COALESCE(j.job_no, j.id), j.state)
                  FROM tasks t JOIN repair_jobs j ON t.source = 'repair_job' AND j.id = t.source_id
                  WHERE t.done_at IS NULL AND t.kind = 'repair_ready_call'
                    AND j.state IN ('collected', 'returned_unrepaired')
                  UNION ALL
                  SELECT 'tasks', t.id, printf('open %s for complaint %s, which is closed', t.kind, c.complaint_no)
                  FROM tasks t JOIN complaints c ON t.source = 'complaint' AND c.id = t.source_id
                  WHERE t.done_at IS NULL AND c.state = 'closed'
                  UNION ALL
                  SELECT 'tasks', t.id, printf('open %s for customer %d, whose file is erased', t.kind, c.id)
                  FROM tasks t JOIN customers c ON c.id = t.customer_id
                  WHERE t.done_at IS NULL AND c.erased_at IS NOT NULL
                  UNION ALL
                  SELECT 'tasks', t.id, printf('open %s for purchase %s, wholly returned', t.kind, p.receipt_no)
                  FROM tasks t JOIN purchases p ON t.source = 'purchase' AND p.id = t.source_id
                  WHERE t.done_at IS NULL AND t.kind = 'purchase_callback'
                    AND NOT EXISTS (SELECT 1 FROM purchase_lines l WHERE l.purchase_id = p.id
                                    AND l.settled IS NOT 'returned')
                    AND EXISTS (SELECT 1 FROM purchase_lines l WHERE l.purchase_id = p.id)
                  UNION ALL
                  SELECT 'tasks', t.id, printf('open %s with nobody to call', t.kind)
                  FROM tasks t WHERE t.done_at IS NULL AND t.customer_id IS NULL"
                .into(),
        },
        Invariant {
            id: "repair_dates",
            rule: "a repair is promised on or after the day it was received",
            sql: "SELECT 'repair_jobs', j.id, printf('job %s received %s, promised %s', COALESCE(j.job_no, j.id), j.received_on, j.promised_on)
                  FROM repair_jobs j WHERE j.promised_on < j.received_on"
                .into(),
        },
        Invariant {
            id: "care_entitlement",
            rule: "an entitlement is the buyer's, used once by one care job of theirs, withdrawn with a return",
            sql: "SELECT 'entitlements', e.id, printf('%s of customer %d for a line bought by customer %s', e.kind, e.customer_id, COALESCE(p.customer_id, 'nobody'))
                  FROM entitlements e JOIN purchase_lines l ON l.id = e.purchase_line_id
                  JOIN purchases p ON p.id = l.purchase_id
                  WHERE p.customer_id IS NOT e.customer_id
                  UNION ALL
                  SELECT 'care_jobs', j.id, printf('care job %s (%s, customer %d) uses %s of customer %s, used on %s',
                          COALESCE(j.job_no, j.id), j.kind, j.customer_id, COALESCE(e.kind, 'no entitlement'),
                          COALESCE(e.customer_id, '-'), COALESCE(e.used_on, 'no day'))
                  FROM care_jobs j LEFT JOIN entitlements e ON e.id = j.entitlement_id
                  WHERE j.entitlement_id IS NOT NULL AND (e.id IS NULL OR e.customer_id <> j.customer_id
                        OR e.kind <> j.kind OR e.used_on IS NOT j.received_on)
                  UNION ALL
                  SELECT 'entitlements', e.id, printf('%s marked used on %s with no care job', e.kind, e.used_on)
                  FROM entitlements e
                  WHERE e.used_on IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM care_jobs j WHERE j.entitlement_id = e.id)
                  UNION ALL
                  SELECT 'entitlements', e.id, printf('%s not used, kept for a line returned on %s', e.kind, l.settled_on)
                  FROM entitlements e JOIN purchase_lines l ON l.id = e.purchase_line_id
                  WHERE e.used_on IS NULL AND l.settled = 'returned'"
                .into(),
        },
    ]);
    Ok(v)
}

/// `customer_tier`, written from the thresholds in force.
fn tier(s: &Standards) -> Invariant {
    let mut case = String::from("CASE");
    for t in s.tiers.iter().rev() {
        case.push_str(&format!(
            " WHEN c.total_spend_fen >= {} THEN '{}'",
            t.min_spend_fen,
            t.id.replace('\'', "''")
        ));
    }
    // The first tier starts at zero; a spend below it (never) keeps the first.
    let first = s.tiers.first().map(|t| t.id.as_str()).unwrap_or("");
    case.push_str(&format!(" ELSE '{}' END", first.replace('\'', "''")));
    Invariant {
        id: "customer_tier",
        rule: "the tier is the one the spend reaches",
        sql: format!(
            "SELECT 'customers', c.id, printf('tier %s, spend %d reaches %s', COALESCE(c.tier, 'none'), c.total_spend_fen, {case})
             FROM customers c WHERE c.tier IS NOT ({case})"
        ),
    }
}

/// `club_by_spend`, written from the club threshold in force.
fn club(s: &Standards) -> Invariant {
    let min = s.club_min_spend_fen;
    Invariant {
        id: "club_by_spend",
        rule: "a member by spend has the spend; whoever has it is a member",
        sql: format!(
            "SELECT 'customers', c.id, printf('in the club by spend with spend %d, below %d', c.total_spend_fen, {min})
             FROM customers c WHERE c.club_via = 'spend' AND c.total_spend_fen < {min}
             UNION ALL
             SELECT 'customers', c.id, printf('spend %d reaches the club (%d) but not a member', c.total_spend_fen, {min})
             FROM customers c WHERE c.club_since IS NULL AND c.total_spend_fen >= {min} AND c.erased_at IS NULL"
        ),
    }
}

/// Runs every invariant; the rows that break them, invariant by invariant.
pub fn breaches(conn: &Connection) -> Result<Vec<Breach>> {
    let mut out = Vec::new();
    for inv in all(conn)? {
        let mut stmt = conn.prepare(&inv.sql)?;
        let rows = stmt.query_map([], |r| {
            Ok(Breach {
                invariant: inv.id,
                table: r.get(0)?,
                row: r.get(1)?,
                detail: r.get(2)?,
            })
        })?;
        for b in rows {
            out.push(b?);
        }
    }
    Ok(out)
}
