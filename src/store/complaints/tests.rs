//! Complaints in a real (in-memory) database: intake, the loop with its
//! version check, the revisit, the counter, marks and the registers.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rusqlite::Connection;

use super::surveys::{self, NewSurvey};
use super::*;
use crate::domain::complaint::counter::Step;
use crate::domain::complaint::flow::MoveFault;
use crate::domain::complaint::{Channel, Compensation, Resolution};
use crate::domain::customer::{Field, Values};
use crate::domain::staff::Role;
use crate::domain::survey::SurveySource;
use crate::shop_data::complaint_rules::ServiceRules;
use crate::store::{self, customers, staff};

pub(super) fn at(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap()
}

pub(super) fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

pub(super) struct Shop {
    pub(super) conn: Connection,
    pub(super) rules: ServiceRules,
    pub(super) who: i64,
    pub(super) other: i64,
    pub(super) customer: i64,
}

pub(super) fn shop() -> Shop {
    let mut conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "Test").unwrap();
    let who = staff::add(&conn, "王芳", Role::Service, "x").unwrap();
    let other = staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
    let mut v = Values::new_customer();
    v.set(Field::Name, "张三");
    v.set(Field::Phone, "13812345678");
    let customer = customers::create(&mut conn, &v, who, day(1)).unwrap();
    Shop {
        conn,
        rules: ServiceRules::default(),
        who,
        other,
        customer,
    }
}

pub(super) fn take(s: &mut Shop, category: &str, channel: Channel, when: DateTime<Utc>) -> i64 {
    let cat = s.rules.routing.category(category).unwrap().clone();
    let route = s.rules.routing.route(category).unwrap();
    let revisit = s.rules.complaints.revisit;
    let customer = s.customer;
    let who = s.who;
    store::write(&mut s.conn, |tx| {
        create(
            tx,
            &NewComplaint {
                channel,
                customer_id: Some(customer),
                purchase_line_id: None,
                product: "面霜 50ml",
                batch_no: "B2411",
                category: &cat,
                route: &route,
                urgency: Urgency::Normal,
                major: false,
                words: "the seam opened after one wear",
                taken_by: who,
                received_at: when,
                received_on: when.date_naive(),
            },
            &revisit,
        )
    })
    .unwrap()
}

pub(super) fn mv<'a>(id: i64, version: i64, to: State, note: &'a str, d: u32) -> MoveRequest<'a> {
    MoveRequest {
        id,
        version,
        to,
        note,
        resolution: None,
        satisfied: None,
        manager_decision: false,
        staff: 1,
        now: at(d, 12),
        today: day(d),
    }
}

#[test]
fn a_hotline_complaint_is_routed_and_numbered() {
    let mut s = shop();
    let id = take(&mut s, "quality", Channel::Hotline, at(23, 10));
    let second = take(&mut s, "packaging", Channel::Letter, at(23, 11));
    let c = get(&s.conn, id).unwrap().unwrap();
    assert_eq!(c.no, "TS261123-01");
    assert_eq!(get(&s.conn, second).unwrap().unwrap().no, "TS261123-02");
    assert_eq!(c.department, "qc");
    assert_eq!(c.route_then, "manufacturer");
    assert_eq!(c.state, State::Accepted);
    assert_eq!(c.customer_name, "张三");
    assert_eq!(c.received_at, at(23, 10));
    assert_eq!(
        c.revisit_due, None,
        "a quality complaint books its revisit at feedback"
    );
    let ev = events(&s.conn, id).unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!(
        (ev[0].event.as_str(), ev[0].staff.as_str()),
        ("accepted", "王芳")
    );
}

#[test]
fn the_loop_is_recorded_and_closes_only_after_the_revisit() {
    let mut s = shop();
    let id = take(&mut s, "quality", Channel::Hotline, at(23, 10));
    let (r, rv) = (s.rules.routing.clone(), s.rules.complaints.revisit);
    let v = advance(
        &mut s.conn,
        &mv(id, 1, State::Verified, "called back", 23),
        &r,
        &rv,
    )
    .unwrap();
    let mut h = mv(id, v, State::Handled, "sent to QC for repair", 24);
    h.resolution = Some(Resolution::Repair);
    let v = advance(&mut s.conn, &h, &r, &rv).unwrap();
    let v = advance(
        &mut s.conn,
        &mv(id, v, State::FedBack, "told the customer", 25),
        &r,
        &rv,
    )
    .unwrap();
    let c = get(&s.conn, id).unwrap().unwrap();
    assert_eq!(c.first_response_at, Some(at(23, 12)));
    assert_eq!(c.resolved_at, Some(at(25, 12)));
    assert_eq!(c.resolution, "repair");
    assert_eq!(c.revisit_due, Some(day(28)));
    match advance(&mut s.conn, &mv(id, v, State::Closed, "done", 25), &r, &rv) {
        Err(MoveError::Fault(MoveFault::RevisitFirst)) => {}
        other => panic!("closed before the revisit: {other:?}"),
    }
    let mut rq = mv(id, v, State::Revisited, "wears it happily", 28);
    rq.satisfied = Some(true);
    let v = advance(&mut s.conn, &rq, &r, &rv).unwrap();
    let done: (Option<String>, Option<String>) = s
        .conn
        .query_row(
            "SELECT done_at, outcome FROM tasks WHERE kind = 'complaint_revisit' AND source_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(done, (Some(stamp(at(28, 12))), Some("satisfied".into())));
    let ops = opinions::register(&s.conn, &Filter::default()).unwrap();
    assert_eq!(ops.len(), 1);
    assert_eq!(
        (ops[0].kind.as_str(), ops[0].text.as_str()),
        ("quality_callback", "wears it happily")
    );
    advance(
        &mut s.conn,
        &mv(id, v, State::Closed, "closed", 28),
        &r,
        &rv,
    )
    .unwrap();
    let names: Vec<String> = events(&s.conn, id)
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(
        names,
        [
            "accepted",
            "verified",
            "handled",
            "fed_back",
            "revisited",
            "closed"
        ]
    );
    assert!(open(&s.conn).unwrap().is_empty());
}

#[test]
fn a_stale_move_names_who_changed_the_complaint() {
    let mut s = shop();
    let id = take(&mut s, "attitude", Channel::Visit, at(23, 10));
    let (r, rv) = (s.rules.routing.clone(), s.rules.complaints.revisit);
    let mut first = mv(id, 1, State::Verified, "spoke to the associate", 23);
    first.staff = s.other;
    advance(&mut s.conn, &first, &r, &rv).unwrap();
    match advance(
        &mut s.conn,
        &mv(id, 1, State::Verified, "me too", 23),
        &r,
        &rv,
    ) {
        Err(MoveError::Conflict { by, at: when }) => {
            assert_eq!(by.as_deref(), Some("李娜"));
            assert_eq!(when, stamp(at(23, 12)));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_adverse_reaction_books_its_revisit_when_taken_and_refuses_the_manufacturer() {
    let mut s = shop();
    let id = take(&mut s, "adverse_reaction", Channel::InStore, at(23, 10));
    let c = get(&s.conn, id).unwrap().unwrap();
    assert_eq!(c.revisit_due, Some(day(24)));
    assert_eq!(c.department, "qc");
    let (r, rv) = (s.rules.routing.clone(), s.rules.complaints.revisit);
    let v = advance(
        &mut s.conn,
        &mv(id, 1, State::Verified, "saw the rash", 23),
        &r,
        &rv,
    )
    .unwrap();
    let mut h = mv(id, v, State::Handled, "ask the maker", 23);
    h.resolution = Some(Resolution::ReferManufacturer);
    assert!(matches!(
        advance(&mut s.conn, &h, &r, &rv),
        Err(MoveError::Fault(MoveFault::Forbidden(_)))
    ));
    h.resolution = Some(Resolution::Care);
    advance(&mut s.conn, &h, &r, &rv).unwrap();
}

fn outcome(satisfied: bool, final_accepted: Option<bool>) -> CounterOutcome<'static> {
    CounterOutcome {
        restated: "seam open at the left shoulder",
        resolution: Resolution::Repair,
        solution: "free repair today",
        compensation: Compensation::Gift,
        compensation_fen: 3000,
        compensation_note: "scarf",
        satisfied,
        final_offer: if satisfied {
            ""
        } else {
            "exchange for a new one"
        },
        final_accepted,
        follow_up: "call on Friday",
        steps: Step::ALL
            .iter()
            .enumerate()
            .map(|(i, st)| (*st, at(23, 10) + Duration::minutes(i as i64 * 2)))
            .collect(),
    }
}

fn at_counter(s: &mut Shop, o: &CounterOutcome) -> i64 {
    let cat = s.rules.routing.category("quality").unwrap().clone();
    let route = s.rules.routing.route("quality").unwrap();
    let revisit = s.rules.complaints.revisit;
    let (customer, who) = (s.customer, s.who);
    store::write(&mut s.conn, |tx| {
        create_at_counter(
            tx,
            &NewComplaint {
                channel: Channel::InStore,
                customer_id: Some(customer),
                purchase_line_id: None,
                product: "",
                batch_no: "",
                category: &cat,
                route: &route,
                urgency: Urgency::Normal,
                major: false,
                words: "it came apart",
                taken_by: who,
                received_at: at(23, 10),
                received_on: day(23),
            },
            o,
            &revisit,
        )
    })
    .unwrap()
}

#[test]
fn settled_at_the_counter_it_is_fed_back_with_the_steps_times() {
    let mut s = shop();
    let id = at_counter(&mut s, &outcome(true, None));
    let c = get(&s.conn, id).unwrap().unwrap();
    assert_eq!(c.state, State::FedBack);
    assert!(c.at_counter && c.resolved_at_counter && !c.major);
    assert_eq!(c.compensation_fen, 3000);
    assert_eq!(c.first_response_at, Some(at(23, 10) + Duration::minutes(6)));
    assert_eq!(c.resolved_at, Some(at(23, 10) + Duration::minutes(14)));
    assert_eq!(c.revisit_due, Some(day(26)));
    let n: i64 = s
        .conn
        .query_row(
            "SELECT COUNT(*) FROM complaint_steps WHERE complaint_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 9);
}

#[test]
fn not_settled_even_with_the_final_offer_it_goes_to_the_manager() {
    let mut s = shop();
    let id = at_counter(&mut s, &outcome(false, Some(false)));
    let c = get(&s.conn, id).unwrap().unwrap();
    assert_eq!(c.state, State::Verified);
    assert!(c.major && !c.resolved_at_counter);
    assert_eq!(c.resolved_at, None);
    assert_eq!(c.final_offer, "exchange for a new one");
    let settled = at_counter(&mut s, &outcome(false, Some(true)));
    assert!(get(&s.conn, settled).unwrap().unwrap().resolved_at_counter);
}

#[test]
fn registers_filter_by_date_category_department_staff_and_state() {
    let mut s = shop();
    let a = take(&mut s, "quality", Channel::Hotline, at(20, 10));
    take(&mut s, "attitude", Channel::Visit, at(22, 10));
    take(&mut s, "packaging", Channel::Email, at(25, 10));
    let ids = |conn: &Connection, f: Filter| -> Vec<String> {
        register(conn, &f)
            .unwrap()
            .into_iter()
            .map(|c| c.category)
            .collect()
    };
    assert_eq!(
        ids(&s.conn, Filter::default()),
        ["packaging", "attitude", "quality"]
    );
    assert_eq!(
        ids(
            &s.conn,
            Filter {
                from: Some(day(21)),
                to: Some(day(24)),
                ..Filter::default()
            }
        ),
        ["attitude"]
    );
    assert_eq!(
        ids(
            &s.conn,
            Filter {
                department: Some("sales".into()),
                ..Filter::default()
            }
        ),
        ["attitude"]
    );
    assert_eq!(
        ids(
            &s.conn,
            Filter {
                staff_id: Some(s.other),
                ..Filter::default()
            }
        ),
        Vec::<String>::new()
    );
    let (r, rv) = (s.rules.routing.clone(), s.rules.complaints.revisit);
    advance(&mut s.conn, &mv(a, 1, State::Verified, "ok", 20), &r, &rv).unwrap();
    assert_eq!(
        ids(
            &s.conn,
            Filter {
                state: Some("verified".into()),
                ..Filter::default()
            }
        ),
        ["quality"]
    );
    let f = facts(&s.conn, day(1), day(30)).unwrap();
    assert_eq!(f.len(), 3);
}

#[test]
fn a_survey_keeps_every_answer_and_its_mean() {
    let mut s = shop();
    let id = take(&mut s, "quality", Channel::Hotline, at(20, 10));
    let customer = s.customer;
    let sid = store::write(&mut s.conn, |tx| {
        surveys::record(
            tx,
            &NewSurvey {
                customer_id: Some(customer),
                source: SurveySource::Complaint,
                complaint_id: Some(id),
                purchase_id: None,
                task_id: None,
                staff_id: Some(1),
                answers: vec![("service", 5), ("product", 3), ("speed", 4)],
                comment: "fast",
                taken_on: day(21),
                taken_at: at(21, 9),
            },
        )
    })
    .unwrap();
    let rows = surveys::register(&s.conn, &Filter::default()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, sid);
    assert_eq!(rows[0].mean_x100, 400);
    assert_eq!(rows[0].complaint_no, "TS261120-01");
    assert_eq!(rows[0].answers[1], ("product".to_string(), 3));
    let by_cat = surveys::register(
        &s.conn,
        &Filter {
            category: Some("attitude".into()),
            ..Filter::default()
        },
    )
    .unwrap();
    assert!(by_cat.is_empty());
    let bad = store::write(&mut s.conn, |tx| {
        surveys::record(
            tx,
            &NewSurvey {
                customer_id: None,
                source: SurveySource::Standalone,
                complaint_id: None,
                purchase_id: None,
                task_id: None,
                staff_id: None,
                answers: vec![("service", 6)],
                comment: "",
                taken_on: day(21),
                taken_at: at(21, 9),
            },
        )
    });
    assert!(bad.is_err());
}

#[test]
fn marks_seen_and_suggestions() {
    let mut s = shop();
    let id = take(&mut s, "marketing", Channel::Web, at(20, 10));
    let v = set_major(
        &mut s.conn,
        id,
        1,
        true,
        "press involved",
        s.other,
        at(20, 11),
    )
    .unwrap();
    assert_eq!(v, 2);
    assert!(get(&s.conn, id).unwrap().unwrap().major);
    acknowledge(
        &mut s.conn,
        id,
        false,
        &[Escalation::Major],
        s.other,
        at(20, 12),
    )
    .unwrap();
    let c = get(&s.conn, id).unwrap().unwrap();
    assert_eq!(c.escalations_seen, vec![Escalation::Major]);
    assert_eq!(
        c.version, 2,
        "seeing a complaint does not change its version"
    );
    keep_suggestion(
        &mut s.conn,
        id,
        "post the sale rules at the door",
        s.who,
        at(20, 13),
        day(20),
    )
    .unwrap();
    let kept = opinions::kept_by_department(&s.conn, day(1), day(30)).unwrap();
    assert_eq!(kept, vec![("sales".to_string(), 1)]);
    let kept_rows = opinions::register(
        &s.conn,
        &Filter {
            state: Some("kept".into()),
            ..Filter::default()
        },
    )
    .unwrap();
    assert_eq!(kept_rows[0].text, "post the sale rules at the door");
}

#[test]
fn the_caller_is_found_by_phone_digits() {
    let s = shop();
    let c = caller_by_phone(&s.conn, "138-1234-5678").unwrap().unwrap();
    assert_eq!(c.name, "张三");
    assert!(caller_by_phone(&s.conn, "139").unwrap().is_none());
}
