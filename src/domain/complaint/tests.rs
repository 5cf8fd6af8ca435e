//! Routing, time limits and escalation, the loop, the counter and the
//! figures, with a fixed clock.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use super::counter::{CounterField, CounterRecord, Step, check_step, first_unfinished};
use super::flow::{Move, MoveFault, check_move, next};
use super::limits::{Escalation, Limit, Limits, Timing};
use super::routing::{Route, Routing};
use super::stats::{ComplaintFacts, SurveyFacts, figures, median, satisfaction_by_month};
use super::{Compensation, Resolution, State, parse_yuan};

fn shipped() -> Routing {
    toml::from_str(include_str!("../../../data/routing.toml")).unwrap()
}

fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap()
}

const LIMITS: Limits = Limits {
    first_response_hours: 24,
    resolution_hours: 72,
};

fn timing(received: DateTime<Utc>) -> Timing {
    Timing {
        received_at: received,
        first_response_at: None,
        resolved_at: None,
        state: State::Accepted,
        major: false,
    }
}

#[test]
fn the_shipped_routing_follows_the_seed() {
    let r = shipped();
    r.check().unwrap();
    let route = |c: &str| r.route(c).unwrap();
    assert_eq!(
        route("quality"),
        Route {
            department: "qc".into(),
            then: vec!["manufacturer".into()]
        }
    );
    assert_eq!(route("packaging").department, "warehouse");
    for c in ["marketing", "attitude", "neglect"] {
        assert_eq!(route(c).department, "sales", "{c}");
        assert!(route(c).then.is_empty());
    }
    assert_eq!(route("adverse_reaction").department, "qc");
    assert!(r.route("nonsense").is_none());
}

#[test]
fn an_adverse_reaction_needs_product_and_batch_and_is_never_sent_away() {
    let r = shipped();
    let c = r.category("adverse_reaction").unwrap();
    assert!(c.needs_product && c.needs_batch && c.revisit_at_intake);
    for bad in [
        Resolution::ReferManufacturer,
        Resolution::Refused,
        Resolution::OtherProduct,
    ] {
        assert!(c.forbids(bad), "{bad:?}");
    }
    assert!(!c.forbids(Resolution::Care));
    assert!(
        !r.category("quality")
            .unwrap()
            .forbids(Resolution::ReferManufacturer)
    );
}

#[test]
fn routing_faults_name_the_entry_and_key() {
    let bad = |text: &str| {
        toml::from_str::<Routing>(text)
            .unwrap()
            .check()
            .unwrap_err()
    };
    let f = bad("[[department]]\nid = \"qc\"\n[[category]]\nid = \"q\"\ndepartment = \"QA\"\n");
    assert_eq!((f.table, f.index, f.key), ("category", 0, "department"));
    assert!(f.message.contains("\"QA\""), "{}", f.message);
    let f = bad(
        "[[department]]\nid = \"a\"\nthen = \"b\"\n[[department]]\nid = \"b\"\nthen = \"a\"\n\
         [[category]]\nid = \"q\"\ndepartment = \"a\"\n",
    );
    assert_eq!((f.table, f.index, f.key), ("department", 0, "then"));
    assert!(f.message.contains("circle"), "{}", f.message);
    let f = bad(
        "[[department]]\nid = \"a\"\n[[category]]\nid = \"q\"\ndepartment = \"a\"\n\
         forbidden = [\"shout\"]\n",
    );
    assert_eq!(f.key, "forbidden");
    let f = bad(
        "[[department]]\nid = \"a\"\n[[category]]\nid = \"q\"\ndepartment = \"a\"\n\
         [[category]]\nid = \"q\"\ndepartment = \"a\"\n",
    );
    assert_eq!((f.index, f.key), (1, "id"));
    let f =
        bad("[[department]]\nid = \"Sales Dept\"\n[[category]]\nid = \"q\"\ndepartment = \"a\"\n");
    assert_eq!((f.table, f.key), ("department", "id"));
}

#[test]
fn the_first_response_limit_runs_first_then_the_resolution() {
    let t = timing(at(23, 10, 0));
    let r = LIMITS.running(&t, at(23, 14, 0)).unwrap();
    assert_eq!(r.limit, Limit::FirstResponse);
    assert_eq!(r.left, Duration::hours(20));
    assert!(!r.overdue());
    let r = LIMITS.running(&t, at(24, 12, 0)).unwrap();
    assert!(r.overdue());
    assert_eq!(r.left, Duration::hours(-2));
    let responded = Timing {
        first_response_at: Some(at(23, 15, 0)),
        state: State::Verified,
        ..t
    };
    let r = LIMITS.running(&responded, at(24, 12, 0)).unwrap();
    assert_eq!(r.limit, Limit::Resolution);
    assert_eq!(r.due, at(26, 10, 0));
    let done = Timing {
        resolved_at: Some(at(25, 9, 0)),
        state: State::FedBack,
        ..responded
    };
    assert!(LIMITS.running(&done, at(28, 0, 0)).is_none());
}

#[test]
fn exactly_at_the_limit_is_not_yet_late() {
    let t = timing(at(23, 10, 0));
    assert!(LIMITS.escalations(&t, at(24, 10, 0)).is_empty());
    assert_eq!(
        LIMITS.escalations(&t, at(24, 10, 1)),
        vec![Escalation::FirstResponseLate]
    );
}

#[test]
fn escalation_past_either_limit_or_major() {
    let t = timing(at(20, 9, 0));
    // Four days on, never answered: both limits are past.
    assert_eq!(
        LIMITS.escalations(&t, at(24, 9, 30)),
        vec![Escalation::FirstResponseLate, Escalation::ResolutionLate]
    );
    // Answered in time, resolved late, now closed: the lateness stays on record.
    let late = Timing {
        first_response_at: Some(at(20, 12, 0)),
        resolved_at: Some(at(23, 10, 0)),
        state: State::Closed,
        ..t
    };
    assert_eq!(
        LIMITS.escalations(&late, at(30, 0, 0)),
        vec![Escalation::ResolutionLate]
    );
    // Fresh but major: the manager's at once.
    let major = Timing {
        major: true,
        ..timing(at(24, 9, 0))
    };
    assert_eq!(
        LIMITS.escalations(&major, at(24, 9, 5)),
        vec![Escalation::Major]
    );
    // A closed complaint answered in time has no escalation, however late it is now.
    let fine = Timing {
        first_response_at: Some(at(20, 10, 0)),
        resolved_at: Some(at(21, 10, 0)),
        state: State::Closed,
        ..t
    };
    assert!(LIMITS.escalations(&fine, at(30, 0, 0)).is_empty());
}

#[test]
fn the_open_list_puts_the_most_overdue_first() {
    let now = at(24, 12, 0);
    let overdue_long = timing(at(22, 8, 0));
    let overdue_short = timing(at(23, 11, 0));
    let soon = timing(at(24, 9, 0));
    let waiting_revisit = Timing {
        first_response_at: Some(at(21, 9, 0)),
        resolved_at: Some(at(21, 10, 0)),
        state: State::FedBack,
        ..timing(at(21, 8, 0))
    };
    let mut v = [&soon, &waiting_revisit, &overdue_short, &overdue_long];
    v.sort_by_key(|t| LIMITS.sort_key(t, now));
    assert_eq!(v, [&overdue_long, &overdue_short, &soon, &waiting_revisit]);
}

#[test]
fn the_loop_goes_one_step_at_a_time_and_closes_only_after_the_revisit() {
    let r = shipped();
    let mv = |from, to, note, res| {
        check_move(&Move {
            from,
            to,
            note,
            resolution: res,
            category: r.category("quality"),
            satisfied: None,
            manager_decision: false,
            by_manager: false,
        })
    };
    assert_eq!(
        mv(State::Accepted, State::Verified, "called back", None),
        Ok(())
    );
    assert_eq!(
        mv(State::Accepted, State::Handled, "x", None),
        Err(MoveFault::NotNext {
            next: State::Verified
        })
    );
    assert_eq!(
        mv(State::Verified, State::Verified, "x", None)
            .unwrap_err()
            .code(),
        "not_next"
    );
    assert_eq!(
        mv(State::Verified, State::Handled, "x", None),
        Err(MoveFault::ResolutionRequired)
    );
    assert_eq!(
        mv(
            State::Verified,
            State::Handled,
            "  ",
            Some(Resolution::Repair)
        ),
        Err(MoveFault::NoteRequired)
    );
    assert_eq!(
        mv(
            State::Verified,
            State::Handled,
            "sent to QC",
            Some(Resolution::Repair)
        ),
        Ok(())
    );
    for s in [
        State::Accepted,
        State::Verified,
        State::Handled,
        State::FedBack,
    ] {
        assert_eq!(
            mv(s, State::Closed, "done", None),
            Err(MoveFault::RevisitFirst),
            "{s:?}"
        );
    }
    assert_eq!(
        mv(State::FedBack, State::Revisited, "happy now", None),
        Ok(())
    );
    assert_eq!(mv(State::Revisited, State::Closed, "closed", None), Ok(()));
    assert_eq!(
        mv(State::Closed, State::Closed, "again", None),
        Err(MoveFault::Closed)
    );
    assert_eq!(next(State::Closed), None);
}

#[test]
fn an_adverse_reaction_cannot_be_handled_by_sending_the_customer_away() {
    let r = shipped();
    let m = Move {
        from: State::Verified,
        to: State::Handled,
        note: "see the manufacturer",
        resolution: Some(Resolution::ReferManufacturer),
        category: r.category("adverse_reaction"),
        satisfied: None,
        manager_decision: false,
        by_manager: false,
    };
    assert_eq!(
        check_move(&m),
        Err(MoveFault::Forbidden(Resolution::ReferManufacturer))
    );
    let ok = Move {
        resolution: Some(Resolution::Care),
        ..m
    };
    assert_eq!(check_move(&ok), Ok(()));
}

#[test]
fn each_counter_step_checks_what_it_records() {
    let r = shipped();
    let mut rec = CounterRecord::default();
    assert_eq!(
        check_step(Step::Listen, &rec),
        vec![
            (CounterField::Customer, "customer_required"),
            (CounterField::Words, "required")
        ]
    );
    rec.customer_known = true;
    rec.words = "口红用了两天嘴唇发痒起疹子";
    assert!(check_step(Step::Listen, &rec).is_empty());
    assert!(check_step(Step::Talk, &rec).is_empty());
    rec.category = r.category("adverse_reaction");
    rec.restated = "itching after two days";
    assert_eq!(
        check_step(Step::Restate, &rec),
        vec![
            (CounterField::Product, "product_required"),
            (CounterField::Batch, "batch_required")
        ]
    );
    rec.product = "LS-204 口红";
    rec.batch = "B2409";
    assert!(check_step(Step::Restate, &rec).is_empty());
    rec.resolution = Some(Resolution::ReferManufacturer);
    rec.solution = "call the maker";
    assert_eq!(
        check_step(Step::Resolve, &rec),
        vec![(CounterField::Resolution, "forbidden")]
    );
    rec.resolution = Some(Resolution::Refund);
    assert!(check_step(Step::Resolve, &rec).is_empty());
    rec.compensation = Some(Compensation::Gift);
    rec.compensation_value = "abc";
    assert_eq!(
        check_step(Step::Compensate, &rec),
        vec![(CounterField::CompensationValue, "amount")]
    );
    rec.compensation_value = "0";
    assert_eq!(check_step(Step::Compensate, &rec)[0].1, "amount_zero");
    rec.compensation_value = "38.5";
    assert!(check_step(Step::Compensate, &rec).is_empty());
    assert_eq!(rec.compensation_fen(), Some(3850));
    rec.satisfied = Some(false);
    assert_eq!(
        check_step(Step::Result, &rec),
        vec![
            (CounterField::FinalOffer, "final_offer_required"),
            (CounterField::FinalAccepted, "choose")
        ]
    );
    rec.final_offer = "refund and a free facial";
    rec.final_accepted = Some(true);
    assert!(check_step(Step::Result, &rec).is_empty());
    assert!(rec.resolved_here());
    assert_eq!(first_unfinished(&rec).map(|(s, _)| s), Some(Step::Feedback));
    rec.follow_up = "call on Friday";
    assert!(first_unfinished(&rec).is_none());
    assert_eq!(Step::Feedback.number(), 9);
}

#[test]
fn no_compensation_needs_no_amount() {
    let rec = CounterRecord {
        compensation: Some(Compensation::None),
        compensation_value: "",
        ..Default::default()
    };
    assert!(check_step(Step::Compensate, &rec).is_empty());
    assert_eq!(rec.compensation_fen(), Some(0));
}

#[test]
fn amounts_are_typed_in_yuan() {
    assert_eq!(parse_yuan("25"), Some(2500));
    assert_eq!(parse_yuan("25.5"), Some(2550));
    assert_eq!(parse_yuan("¥1,299.00"), Some(129900));
    assert_eq!(parse_yuan(".5"), Some(50));
    for bad in ["", "-3", "1.234", "abc", "1.2.3", "."] {
        assert_eq!(parse_yuan(bad), None, "{bad}");
    }
}

#[test]
fn figures_count_and_take_medians() {
    let row = |cat: &str, dep: &str, first_h: Option<i64>, res_h: Option<i64>, counter| {
        let r = at(1, 10, 0);
        ComplaintFacts {
            category: cat.into(),
            department: dep.into(),
            received_at: r,
            first_response_at: first_h.map(|h| r + Duration::hours(h)),
            resolved_at: res_h.map(|h| r + Duration::hours(h)),
            resolved_at_counter: counter,
        }
    };
    let rows = vec![
        row("quality", "qc", Some(0), Some(0), true),
        row("quality", "qc", Some(2), Some(30), false),
        row("attitude", "sales", Some(5), None, false),
        row("custom", "service", None, None, false),
    ];
    let f = figures(
        &rows,
        &["quality".into(), "attitude".into(), "packaging".into()],
        &["qc".into(), "sales".into()],
    );
    assert_eq!(f.total, 4);
    assert_eq!(
        f.by_category,
        vec![
            ("quality".into(), 2),
            ("attitude".into(), 1),
            ("packaging".into(), 0),
            ("custom".into(), 1)
        ]
    );
    assert_eq!(
        f.by_department,
        vec![("qc".into(), 2), ("sales".into(), 1), ("service".into(), 1)]
    );
    assert_eq!(f.median_first_response_min, Some(120));
    assert_eq!(f.median_resolution_min, Some(15 * 60));
    assert_eq!(f.counter_percent(), Some(25));
    assert_eq!(median(vec![]), None);
    assert_eq!(median(vec![5, 1, 3]), Some(3));
}

#[test]
fn satisfaction_by_month_includes_empty_months() {
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let s = [
        SurveyFacts {
            taken_on: d(9, 3),
            mean_x100: 400,
        },
        SurveyFacts {
            taken_on: d(9, 28),
            mean_x100: 450,
        },
        SurveyFacts {
            taken_on: d(11, 1),
            mean_x100: 300,
        },
    ];
    let m = satisfaction_by_month(&s, d(9, 15), d(11, 30));
    let got: Vec<(&str, usize, Option<i64>)> = m
        .iter()
        .map(|x| (x.month.as_str(), x.surveys, x.mean_x100))
        .collect();
    assert_eq!(
        got,
        vec![
            ("2026-09", 2, Some(425)),
            ("2026-10", 0, None),
            ("2026-11", 1, Some(300))
        ]
    );
}

#[test]
fn intake_needs_the_customer_the_words_and_what_the_category_asks() {
    use super::counter::CounterField as F;
    use super::flow::check_intake;
    let r = shipped();
    assert_eq!(
        check_intake(false, "", None, "", ""),
        vec![
            (F::Customer, "customer_required"),
            (F::Words, "required"),
            (F::Category, "choose")
        ]
    );
    assert!(check_intake(true, "seam open", r.category("quality"), "", "").is_empty());
    assert_eq!(
        check_intake(true, "rash", r.category("adverse_reaction"), "面霜", "").len(),
        1
    );
}
