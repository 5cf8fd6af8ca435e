//! Issue 13: a revisit answered "not satisfied" reopens handling or ends in
//! a manager's recorded decision; it is never closed plainly.

use super::tests::{at, day, mv, shop, take};
use super::*;
use crate::domain::complaint::flow::MoveFault;
use crate::domain::complaint::{Channel, Resolution};

/// A quality complaint walked round the loop to a revisit answered `satisfied`.
fn revisited(s: &mut super::tests::Shop, satisfied: bool) -> (i64, i64) {
    let id = take(s, "quality", Channel::Hotline, at(2, 10));
    let rules = s.rules.clone();
    let mut v = 1;
    for (to, d) in [
        (State::Verified, 2),
        (State::Handled, 3),
        (State::FedBack, 4),
        (State::Revisited, 10),
    ] {
        let mut m = mv(id, v, to, "done", d);
        m.resolution = Some(Resolution::Repair);
        m.satisfied = (to == State::Revisited).then_some(satisfied);
        v = advance(&mut s.conn, &m, &rules.routing, &rules.complaints.revisit).unwrap();
    }
    (id, v)
}

#[test]
fn not_satisfied_is_not_closed_plainly() {
    let mut s = shop();
    let rules = s.rules.clone();
    let (id, v) = revisited(&mut s, false);
    let close = mv(id, v, State::Closed, "closing", 11);
    match advance(
        &mut s.conn,
        &close,
        &rules.routing,
        &rules.complaints.revisit,
    ) {
        Err(MoveError::Fault(MoveFault::NotSatisfied)) => {}
        other => panic!("closed plainly: {other:?}"),
    }
    // A decision by someone who is not a manager is refused too.
    let mut decided = mv(
        id,
        v,
        State::Closed,
        "the customer wants a refund we cannot give",
        11,
    );
    decided.manager_decision = true;
    decided.staff = s.who;
    match advance(
        &mut s.conn,
        &decided,
        &rules.routing,
        &rules.complaints.revisit,
    ) {
        Err(MoveError::Fault(MoveFault::ManagersOnly)) => {}
        other => panic!("closed without a manager: {other:?}"),
    }
    assert_eq!(get(&s.conn, id).unwrap().unwrap().state, State::Revisited);
}

#[test]
fn a_manager_closes_with_a_reason_recorded_and_audited() {
    let mut s = shop();
    let rules = s.rules.clone();
    let (id, v) = revisited(&mut s, false);
    let reason = "offered repair and a gift twice; the customer wants a new coat";
    let mut decided = mv(id, v, State::Closed, reason, 11);
    decided.manager_decision = true;
    decided.staff = s.other;
    advance(
        &mut s.conn,
        &decided,
        &rules.routing,
        &rules.complaints.revisit,
    )
    .unwrap();
    let c = get(&s.conn, id).unwrap().unwrap();
    assert_eq!(c.state, State::Closed);
    assert_eq!(c.close_reason, reason);
    assert_eq!(c.close_decided_by, "李娜");
    let last = events(&s.conn, id).unwrap().pop().unwrap();
    assert_eq!(
        (last.event.as_str(), last.note.as_str()),
        ("closed_by_decision", reason)
    );
    let audited: i64 = s
        .conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'closed_by_decision' AND entity_id = ?1
               AND staff_id = ?2 AND detail = ?3",
            params![id, s.other, reason],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
}

#[test]
fn reopened_handling_books_a_new_revisit_and_then_closes() {
    let mut s = shop();
    let rules = s.rules.clone();
    let (id, v) = revisited(&mut s, false);
    let mut again = mv(id, v, State::Handled, "exchanged for a new one", 11);
    again.resolution = Some(Resolution::Exchange);
    let v = advance(
        &mut s.conn,
        &again,
        &rules.routing,
        &rules.complaints.revisit,
    )
    .unwrap();
    let c = get(&s.conn, id).unwrap().unwrap();
    assert_eq!((c.state, c.reopened), (State::Handled, 1));
    assert_eq!(c.resolution, "exchange");
    let v = advance(
        &mut s.conn,
        &mv(id, v, State::FedBack, "told", 12),
        &rules.routing,
        &rules.complaints.revisit,
    )
    .unwrap();
    let c = get(&s.conn, id).unwrap().unwrap();
    let due = day(12) + chrono::Duration::days(rules.complaints.revisit.after_days as i64);
    assert_eq!(c.revisit_due, Some(due), "the second round's revisit");
    let open: i64 = s
        .conn
        .query_row(
            "SELECT count(*) FROM tasks WHERE kind = 'complaint_revisit' AND source_id = ?1 AND done_at IS NULL",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(open, 1);
    let mut happy = mv(id, v, State::Revisited, "happy with the new one", 20);
    happy.satisfied = Some(true);
    let v = advance(
        &mut s.conn,
        &happy,
        &rules.routing,
        &rules.complaints.revisit,
    )
    .unwrap();
    advance(
        &mut s.conn,
        &mv(id, v, State::Closed, "closed", 20),
        &rules.routing,
        &rules.complaints.revisit,
    )
    .unwrap();
    assert_eq!(get(&s.conn, id).unwrap().unwrap().state, State::Closed);
    let events: Vec<String> = events(&s.conn, id)
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert!(events.contains(&"reopened".to_string()), "{events:?}");
}
