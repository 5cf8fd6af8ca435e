//! The task engine on a real database: generation made once (twice in a
//! row, two threads on one file), tasks given to the closest associate,
//! reassigned, worked with answers and follow-ups, and version conflicts.

use aftercare::domain::staff::Role;
use aftercare::domain::tasks::{self as rules, Answers, CareQuestion, Outcome, Retry};
use aftercare::shop_data::files::Files;
use aftercare::shop_data::policy::Policy;
use aftercare::store::{self, staff, tasks};
use chrono::NaiveDate;
use rusqlite::{Connection, params};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn policy() -> Policy {
    Policy::load(&Files::built_in()).unwrap()
}

const RETRY: Retry = Retry {
    after_days: 2,
    max_attempts: 3,
};

/// A customer last seen on `seen`, closest to `closest`.
fn customer(conn: &Connection, name: &str, seen: Option<NaiveDate>, closest: i64) -> i64 {
    conn.execute(
        "INSERT INTO customers(name, phone, last_purchase_on, closest_staff_id, created_at, updated_at)
         VALUES (?1, '13800000000', ?2, ?3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        params![name, seen.map(|s| s.to_string()), closest],
    )
    .unwrap();
    conn.last_insert_rowid()
}

fn purchase(conn: &Connection, customer: i64, seller: i64, on: NaiveDate, fen: i64) -> i64 {
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM purchases", [], |r| r.get(0))
        .unwrap();
    conn.execute(
        "INSERT INTO purchases(receipt_no, customer_id, staff_id, purchased_on, total_fen, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, '2026-01-01T00:00:00Z')",
        params![format!("T{n}"), customer, seller, on.to_string(), fen],
    )
    .unwrap();
    conn.last_insert_rowid()
}

struct Shop {
    conn: Connection,
    anna: i64,
    bo: i64,
    boss: i64,
}

fn shop(conn: Connection) -> Shop {
    let anna = staff::add(&conn, "Anna", Role::Associate, "x").unwrap();
    let bo = staff::add(&conn, "Bo", Role::Associate, "x").unwrap();
    let boss = staff::add(&conn, "Boss", Role::Manager, "x").unwrap();
    Shop {
        conn,
        anna,
        bo,
        boss,
    }
}

fn count(conn: &Connection, kind: &str) -> i64 {
    conn.query_row("SELECT COUNT(*) FROM tasks WHERE kind = ?1", [kind], |r| {
        r.get(0)
    })
    .unwrap()
}

fn filter(today: NaiveDate, staff: Option<i64>) -> tasks::Filter<'static> {
    tasks::Filter {
        staff,
        kind: None,
        today,
        coming_days: 7,
        first: None,
    }
}

#[test]
fn generation_makes_each_contact_once_for_the_closest_associate() {
    let mut s = shop(store::open_in_memory().unwrap());
    let p = policy();
    let today = d(2026, 12, 31);
    let lily = customer(&s.conn, "Lily", Some(d(2026, 12, 28)), s.anna);
    let bought = purchase(&s.conn, lily, s.bo, d(2026, 12, 28), 50000);
    // Crossed 90 days unseen within the first look-back (7 days).
    let away = customer(&s.conn, "Away", Some(d(2026, 9, 30)), s.bo);
    // Away far longer: not a flood of old absences on the first run.
    customer(&s.conn, "Long gone", Some(d(2025, 1, 1)), s.bo);
    let quiet = customer(&s.conn, "Quiet", Some(d(2026, 9, 30)), s.bo);
    s.conn
        .execute(
            "UPDATE customers SET greetings_ok = 0 WHERE id = ?1",
            [quiet],
        )
        .unwrap();
    let first = tasks::generate(&mut s.conn, today, &p).unwrap();
    assert_eq!((first.callbacks, first.miss_you), (1, 1));
    // The year's top spender list was due on 12-20: Lily is the only buyer.
    assert_eq!(first.top_spenders, 1);
    let again = tasks::generate(&mut s.conn, today, &p).unwrap();
    assert_eq!(again.made(), 0);
    let t = tasks::for_source(&s.conn, "purchase", bought).unwrap();
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].due_on, "2027-01-04");
    let owner: i64 = s
        .conn
        .query_row("SELECT staff_id FROM tasks WHERE id = ?1", [t[0].id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(owner, s.anna, "the closest associate, not the seller");
    let miss = tasks::for_source(&s.conn, "customer", away).unwrap();
    assert_eq!(miss.len(), 1);
    assert_eq!(miss[0].kind, "miss_you");

    // Away comes back, then stays away again: a second absence, a second task.
    s.conn
        .execute(
            "UPDATE customers SET last_visit_on = '2027-01-10' WHERE id = ?1",
            [away],
        )
        .unwrap();
    let later = tasks::generate(&mut s.conn, d(2027, 4, 10), &p).unwrap();
    // Lily (last seen 2026-12-28) crossed the threshold too.
    assert_eq!(later.miss_you, 2);
    assert_eq!(
        tasks::for_source(&s.conn, "customer", away)
            .unwrap()
            .iter()
            .filter(|t| t.kind == "miss_you")
            .count(),
        2
    );
    assert_eq!(count(&s.conn, "miss_you"), 3);
    // Next year's list is made on its own day only.
    assert_eq!(
        tasks::generate(&mut s.conn, d(2027, 12, 19), &p)
            .unwrap()
            .top_spenders,
        0
    );
    let _ = s.boss;
}

#[test]
fn purchases_already_called_back_and_erased_customers_get_no_task() {
    let mut s = shop(store::open_in_memory().unwrap());
    let a = customer(&s.conn, "A", None, s.anna);
    let b = customer(&s.conn, "B", None, s.anna);
    let pa = purchase(&s.conn, a, s.anna, d(2028, 2, 25), 100);
    purchase(&s.conn, b, s.anna, d(2028, 2, 25), 100);
    s.conn
        .execute(
            "UPDATE purchases SET called_back_at = '2028-02-27T00:00:00Z' WHERE id = ?1",
            [pa],
        )
        .unwrap();
    s.conn
        .execute(
            "UPDATE customers SET erased_at = '2028-02-26T00:00:00Z' WHERE id = ?1",
            [b],
        )
        .unwrap();
    let sum = tasks::generate(&mut s.conn, d(2028, 2, 28), &policy()).unwrap();
    assert_eq!(sum.callbacks, 0);
}

#[test]
fn two_generators_on_one_file_at_once_make_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let s = shop(store::open(&path).unwrap());
    for i in 0..200 {
        let c = customer(
            &s.conn,
            &format!("C{i}"),
            Some(d(2026, 9, 1 + i % 28)),
            s.anna,
        );
        purchase(&s.conn, c, s.bo, d(2026, 12, 8 + i % 20), 1000 + i as i64);
    }
    drop(s);
    let today = d(2026, 12, 28);
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let p = path.clone();
            std::thread::spawn(move || {
                let mut conn = store::open(&p).unwrap();
                tasks::generate(&mut conn, today, &policy()).unwrap()
            })
        })
        .collect();
    let sums: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(sums.iter().map(|s| s.callbacks).sum::<usize>(), 200);
    let conn = store::open(&path).unwrap();
    assert_eq!(count(&conn, "purchase_callback"), 200);
    assert_eq!(
        count(&conn, "miss_you"),
        sums.iter().map(|s| s.miss_you as i64).sum::<i64>()
    );
    assert_eq!(
        count(&conn, "top_spender_visit"),
        policy().top_spenders.count as i64
    );
}

#[test]
fn working_a_callback_records_answers_a_follow_up_and_the_contact() {
    let mut s = shop(store::open_in_memory().unwrap());
    let p = policy();
    let c = customer(&s.conn, "Lily", None, s.anna);
    let bought = purchase(&s.conn, c, s.anna, d(2027, 12, 24), 88000);
    let today = d(2027, 12, 31);
    tasks::generate(&mut s.conn, today, &p).unwrap();
    let open = tasks::open(&s.conn, &filter(today, Some(s.anna)), 50).unwrap();
    let t = open.iter().find(|t| t.kind == "purchase_callback").unwrap();
    assert_eq!(t.due_on, today);
    let (id, version) = (t.id, t.version);
    let answers = Answers {
        likes_it: Some(true),
        comfortable: Some(true),
        care: CareQuestion::Open(d(2028, 1, 3)),
    };
    let w = tasks::WorkInput {
        task_id: id,
        version,
        staff_id: s.anna,
        today,
        now: "2027-12-31T02:00:00Z",
        outcome: Outcome::Reached,
        call_back: None,
        note: "asks how to wash the silk",
        answers: Some(answers),
        retry: RETRY,
    };
    let done = tasks::work(&mut s.conn, &w).unwrap();
    assert_eq!(done.closed_as, Some("reached"));
    let (fid, fday) = done.follow_up.unwrap();
    assert_eq!(fday, d(2028, 1, 3));
    let f = tasks::get(&s.conn, fid).unwrap().unwrap();
    assert_eq!((f.kind.as_str(), f.staff_id), ("follow_up", Some(s.anna)));
    let called: Option<String> = s
        .conn
        .query_row(
            "SELECT called_back_at FROM purchases WHERE id = ?1",
            [bought],
            |r| r.get(0),
        )
        .unwrap();
    assert!(called.is_some());
    let log = tasks::contacts(&s.conn, tasks::LogOf::Staff(s.anna), 10).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].kind.as_str(), log[0].outcome.as_str()),
        ("purchase_callback", "reached")
    );
    let stored: String = s
        .conn
        .query_row("SELECT answers FROM tasks WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(stored.contains("2028-01-03"), "{stored}");

    // The same form sent again (another tablet): refused, naming who did it.
    match tasks::work(&mut s.conn, &w) {
        Err(tasks::WorkError::Conflict { by, at }) => {
            assert_eq!((by.as_str(), at.as_str()), ("Anna", "2027-12-31T02:00:00Z"));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        tasks::contact_count(&s.conn, tasks::LogOf::Customer(c)).unwrap(),
        1
    );
}

#[test]
fn no_answer_reschedules_then_closes_and_a_manager_reassigns() {
    let mut s = shop(store::open_in_memory().unwrap());
    let c = customer(&s.conn, "Mei", None, s.anna);
    purchase(&s.conn, c, s.anna, d(2028, 2, 21), 100);
    let today = d(2028, 2, 28);
    tasks::generate(&mut s.conn, today, &policy()).unwrap();
    let t = tasks::open(&s.conn, &filter(today, None), 10).unwrap()[0].clone();
    tasks::reassign(
        &mut s.conn,
        t.id,
        t.version,
        s.bo,
        s.boss,
        "2028-02-28T01:00:00Z",
    )
    .unwrap();
    let audit: i64 = s
        .conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'reassign_task' AND entity_id = ?1",
            [t.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audit, 1);
    assert!(
        tasks::open(&s.conn, &filter(today, Some(s.anna)), 10)
            .unwrap()
            .is_empty()
    );
    // Anna's stale form is refused: the manager moved it.
    let mut w = tasks::WorkInput {
        task_id: t.id,
        version: t.version,
        staff_id: s.anna,
        today,
        now: "2028-02-28T02:00:00Z",
        outcome: Outcome::NoAnswer,
        call_back: None,
        note: "",
        answers: None,
        retry: RETRY,
    };
    assert!(matches!(
        tasks::work(&mut s.conn, &w),
        Err(tasks::WorkError::Conflict { ref by, .. }) if by == "Boss"
    ));
    let mut day = today;
    for expect in [Some(d(2028, 3, 1)), Some(d(2028, 3, 3)), None] {
        let t = tasks::get(&s.conn, t.id).unwrap().unwrap();
        w.version = t.version;
        w.staff_id = s.bo;
        w.today = day;
        let done = tasks::work(&mut s.conn, &w).unwrap();
        assert_eq!(done.due_on, expect);
        day = expect.unwrap_or(day);
    }
    let t = tasks::get(&s.conn, t.id).unwrap().unwrap();
    assert_eq!(t.attempts, 3);
    assert_eq!(
        tasks::contact_count(&s.conn, tasks::LogOf::Staff(s.bo)).unwrap(),
        3
    );
    assert!(
        tasks::open(&s.conn, &filter(day, None), 10)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_list_puts_overdue_then_today_then_coming_and_a_campaign_first() {
    let mut s = shop(store::open_in_memory().unwrap());
    let today = d(2027, 1, 1);
    let mut ids = Vec::new();
    for (name, on) in [
        ("Coming", d(2026, 12, 27)),
        ("Today", d(2026, 12, 25)),
        ("Overdue", d(2026, 12, 20)),
        ("Later", d(2027, 1, 2)),
    ] {
        let c = customer(&s.conn, name, None, s.anna);
        purchase(&s.conn, c, s.anna, on, 100);
        ids.push(c);
    }
    tasks::generate(&mut s.conn, today, &policy()).unwrap();
    let names = |f: &tasks::Filter| -> Vec<String> {
        tasks::open(&s.conn, f, 10)
            .unwrap()
            .into_iter()
            .filter(|t| t.kind == "purchase_callback")
            .map(|t| t.customer)
            .collect()
    };
    let f = filter(today, Some(s.anna));
    assert_eq!(
        names(&f),
        ["Overdue", "Today", "Coming"],
        "Later is past the window"
    );
    let c = tasks::counts(&s.conn, &f).unwrap();
    assert_eq!((c.overdue, c.today), (1, 1));
    let first = tasks::Filter {
        first: Some("c.name = 'Coming'".into()),
        ..f
    };
    assert_eq!(names(&first), ["Coming", "Overdue", "Today"]);
    let kind = tasks::Filter {
        kind: Some("miss_you"),
        ..f
    };
    assert!(tasks::open(&s.conn, &kind, 10).unwrap().is_empty());
}

#[test]
fn the_open_list_and_the_miss_you_search_use_indexes() {
    let conn = store::open_in_memory().unwrap();
    let plan = |sql: &str| -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.join("\n")
    };
    let miss = plan(
        "SELECT id FROM customers WHERE erased_at IS NULL AND greetings_ok = 1
         AND max(COALESCE(last_visit_on, ''), COALESCE(last_purchase_on, '')) > '2026-01-01'
         AND max(COALESCE(last_visit_on, ''), COALESCE(last_purchase_on, '')) <= '2026-02-01'",
    );
    assert!(miss.contains("customers_seen"), "{miss}");
    let own = plan(
        "SELECT t.id FROM tasks t WHERE t.done_at IS NULL AND t.due_on <= '2027-01-01' AND t.staff_id = 3",
    );
    assert!(own.contains("tasks_open_staff"), "{own}");
}

#[test]
fn on_a_demo_shop_the_next_days_runs_are_cheap_and_make_each_thing_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let today = d(2026, 11, 23);
    aftercare::demo::write_demo(
        &path,
        &aftercare::demo::DemoSpec {
            customers: 20_000,
            seed: 3,
            today,
        },
    )
    .unwrap();
    let mut conn = store::open(&path).unwrap();
    let p = policy();
    // The demo ran the generator already: the same day makes nothing.
    let started = std::time::Instant::now();
    assert_eq!(tasks::generate(&mut conn, today, &p).unwrap().made(), 0);
    let same_day = started.elapsed();
    assert!(same_day.as_millis() < 500, "{same_day:?}");
    // A week of daily runs: each day's newly absent customers, once.
    let before = count(&conn, "miss_you");
    let mut made = 0;
    for n in 1..=7 {
        let day = today + chrono::Duration::days(n);
        made += tasks::generate(&mut conn, day, &p).unwrap().miss_you as i64;
        assert_eq!(tasks::generate(&mut conn, day, &p).unwrap().made(), 0);
    }
    assert_eq!(count(&conn, "miss_you"), before + made);
    let doubled: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM (SELECT customer_id, period FROM tasks WHERE kind = 'miss_you'
             GROUP BY customer_id, period HAVING COUNT(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(doubled, 0);
}

#[test]
fn a_callback_made_for_the_seller_goes_to_the_closest_associate() {
    let mut s = shop(store::open_in_memory().unwrap());
    let c = customer(&s.conn, "Lily", None, s.anna);
    let p = purchase(&s.conn, c, s.bo, d(2027, 2, 22), 100);
    // As a visit makes it: for the seller.
    tasks::create_once(
        &s.conn,
        "purchase_callback",
        Some(c),
        Some(s.bo),
        d(2027, 3, 1),
        "purchase",
        p,
        "",
    )
    .unwrap();
    let sum = tasks::generate(&mut s.conn, d(2027, 2, 22), &policy()).unwrap();
    assert_eq!(sum.callbacks, 0, "the visit's task is kept");
    let t = tasks::open(&s.conn, &filter(d(2027, 2, 28), Some(s.anna)), 10).unwrap();
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].due_on, d(2027, 3, 1));
}

#[test]
fn erasing_a_customer_closes_their_open_tasks() {
    let mut s = shop(store::open_in_memory().unwrap());
    let c = customer(&s.conn, "Gone", None, s.anna);
    purchase(&s.conn, c, s.anna, d(2026, 11, 16), 100);
    let today = d(2026, 11, 23);
    tasks::generate(&mut s.conn, today, &policy()).unwrap();
    let f = filter(today, Some(s.anna));
    assert_eq!(tasks::counts(&s.conn, &f).unwrap().today, 1);
    aftercare::store::customers::erase(&mut s.conn, c, s.boss, "asked to be forgotten").unwrap();
    assert_eq!(tasks::counts(&s.conn, &f).unwrap().total(), 0);
    assert!(tasks::open(&s.conn, &f, 10).unwrap().is_empty());
    // And nothing is made for them again.
    assert_eq!(
        tasks::generate(&mut s.conn, today, &policy())
            .unwrap()
            .made(),
        0
    );
}

#[test]
fn an_old_sale_without_a_callback_gets_none_so_long_after() {
    let mut s = shop(store::open_in_memory().unwrap());
    let c = customer(&s.conn, "Old", None, s.anna);
    // Callback day 8 January; on 23 January it is 15 days gone (policy: 14).
    purchase(&s.conn, c, s.bo, d(2027, 1, 1), 5000);
    let fresh = customer(&s.conn, "Fresh", None, s.anna);
    purchase(&s.conn, fresh, s.bo, d(2027, 1, 2), 5000);
    let sum = tasks::generate(&mut s.conn, d(2027, 1, 23), &policy()).unwrap();
    assert_eq!(sum.callbacks, 1);
    assert_eq!(count(&s.conn, "purchase_callback"), 1);
}

#[test]
fn a_call_makes_a_follow_up_per_open_question_owned_by_the_caller() {
    let mut s = shop(store::open_in_memory().unwrap());
    let p = policy();
    let c = customer(&s.conn, "Mei", None, s.anna);
    purchase(&s.conn, c, s.anna, d(2028, 2, 21), 50000);
    let today = d(2028, 2, 28);
    tasks::generate(&mut s.conn, today, &p).unwrap();
    let t = tasks::open(&s.conn, &filter(today, Some(s.anna)), 10)
        .unwrap()
        .into_iter()
        .find(|t| t.kind == "purchase_callback")
        .unwrap();
    let fu = |about: &str, on| tasks::NewFollowUp {
        about: about.into(),
        on,
    };
    // Bo calls (the task is Anna's): call back tomorrow, one question open.
    let mut w = tasks::WorkInput {
        task_id: t.id,
        version: t.version,
        staff_id: s.bo,
        today,
        now: "2028-02-28T02:00:00Z",
        outcome: Outcome::CallBack,
        call_back: Some((d(2028, 2, 29), None)),
        note: "",
        answers: None,
        retry: RETRY,
    };
    let write = |conn: &mut Connection, w: &tasks::WorkInput, f: &[tasks::NewFollowUp]| {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        tasks::work_in(&tx, w).unwrap();
        let made = tasks::add_follow_ups(&tx, w.task_id, w.outcome, w.staff_id, w.today, w.now, f);
        tx.commit().unwrap();
        made
    };
    let made = write(&mut s.conn, &w, &[fu("size M in stock?", d(2028, 2, 29))]).unwrap();
    assert_eq!(made.len(), 1);
    // The next day: reached, two more questions open.
    w.version = tasks::get(&s.conn, t.id).unwrap().unwrap().version;
    w.today = d(2028, 2, 29);
    w.outcome = Outcome::Reached;
    w.call_back = None;
    let made = write(
        &mut s.conn,
        &w,
        &[
            fu("machine wash?", d(2028, 3, 1)),
            fu("shorten the cuffs", d(2028, 3, 3)),
        ],
    )
    .unwrap();
    assert_eq!(made[1].1, d(2028, 3, 3));
    let rows: Vec<(String, String, i64, i64, i64)> = s
        .conn
        .prepare(
            "SELECT due_on, note, staff_id, customer_id, follow_up_of FROM tasks
             WHERE kind = 'follow_up' ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let row = |on: &str, about: &str| (on.to_string(), about.to_string(), s.bo, c, t.id);
    assert_eq!(
        rows,
        [
            row("2028-02-29", "size M in stock?"),
            row("2028-03-01", "machine wash?"),
            row("2028-03-03", "shorten the cuffs"),
        ]
    );
    // Never from a call nobody answered, never on a day gone.
    let tx = s.conn.transaction().unwrap();
    for (outcome, on, why) in [
        (
            Outcome::NoAnswer,
            d(2028, 3, 1),
            rules::WorkError::NotReached,
        ),
        (
            Outcome::Reached,
            d(2028, 2, 28),
            rules::WorkError::FollowUpDay,
        ),
    ] {
        assert!(matches!(
            tasks::add_follow_ups(&tx, t.id, outcome, s.bo, w.today, w.now, &[fu("x", on)]),
            Err(tasks::WorkError::Rule(e)) if e == why
        ));
    }
}
