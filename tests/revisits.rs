//! Periodic revisits made by the task engine (issue 18): the made-to-order
//! revisit, the season-change revisit for outerwear, the thank-you letter
//! for a visit without a purchase; each made once, however often run.

use aftercare::domain::staff::Role;
use aftercare::shop_data::files::Files;
use aftercare::shop_data::policy::Policy;
use aftercare::store::{self, staff, tasks};
use chrono::NaiveDate;
use rusqlite::{Connection, params};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn customer(conn: &Connection, name: &str, phone: &str, greetings_ok: bool, closest: i64) -> i64 {
    conn.execute(
        "INSERT INTO customers(name, phone, greetings_ok, closest_staff_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        params![name, phone, greetings_ok, closest],
    )
    .unwrap();
    conn.last_insert_rowid()
}

fn sale(
    conn: &Connection,
    customer: i64,
    on: NaiveDate,
    style: &str,
    category: &str,
    mto: bool,
) -> i64 {
    conn.execute(
        "INSERT OR IGNORE INTO products(style_no, name, category, list_price_fen, current_price_fen, made_to_order)
         VALUES (?1, 'x', ?2, 100000, 100000, ?3)",
        params![style, category, mto],
    )
    .unwrap();
    let product: i64 = conn
        .query_row(
            "SELECT id FROM products WHERE style_no = ?1",
            [style],
            |r| r.get(0),
        )
        .unwrap();
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM purchases", [], |r| r.get(0))
        .unwrap();
    conn.execute(
        "INSERT INTO purchases(receipt_no, customer_id, purchased_on, total_fen, created_at)
         VALUES (?1, ?2, ?3, 100000, '2026-01-01T00:00:00Z')",
        params![format!("R{n}"), customer, on.to_string()],
    )
    .unwrap();
    let p = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO purchase_lines(purchase_id, product_id, price_fen) VALUES (?1, ?2, 100000)",
        params![p, product],
    )
    .unwrap();
    conn.last_insert_rowid()
}

fn visit_not_bought(conn: &Connection, staff: i64, customer: i64, on: NaiveDate) -> i64 {
    conn.execute(
        "INSERT INTO visits(staff_id, customer_id, started_on, started_at, updated_at, finished_on,
             finished_at, outcome, state)
         VALUES (?1, ?2, ?3, 'x', 'x', ?3, 'x', 'not_bought', 'finished')",
        params![staff, customer, on.to_string()],
    )
    .unwrap();
    conn.last_insert_rowid()
}

fn kinds(conn: &Connection, kind: &str) -> Vec<(Option<i64>, String, String)> {
    let mut stmt = conn
        .prepare("SELECT customer_id, due_on, period FROM tasks WHERE kind = ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([kind], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// seed 001: "产品售后服务应定期回访"; seed 003: "為消費者提供定期電話回訪或上門回訪",
/// 感謝函 "無論有沒有做購買的決定"
#[test]
fn revisits_and_thank_you_letters_are_made_once_on_their_day() {
    let mut conn = store::open_in_memory().unwrap();
    let policy = Policy::load(&Files::built_in()).unwrap();
    let r = &policy.quality.revisits;
    assert_eq!(r.made_to_order_after_days, 5);
    let anna = staff::add(&conn, "Anna", Role::Associate, "x").unwrap();
    let mei = customer(&conn, "Mei", "13800000001", true, anna);
    let lan = customer(&conn, "Lan", "13800000002", true, anna);
    let quiet = customer(&conn, "Quiet", "13800000003", false, anna);
    let nophone = customer(&conn, "NoPhone", "", true, anna);
    // A made-to-order suit delivered 1 September; a coat (textile) bought in
    // spring; a knit bought in spring (not outerwear).
    sale(&conn, mei, d(2026, 9, 1), "MTO-1", "suit", true);
    sale(&conn, lan, d(2026, 4, 10), "COAT-1", "textile", false);
    sale(&conn, quiet, d(2026, 4, 10), "KNIT-1", "knit", false);
    // Visits that ended without a purchase on 1 September.
    visit_not_bought(&conn, anna, lan, d(2026, 9, 1));
    visit_not_bought(&conn, anna, quiet, d(2026, 9, 1));
    visit_not_bought(&conn, anna, nophone, d(2026, 9, 1));

    // 1 September: the season change; the letter and the tailor's revisit not yet.
    tasks::generate(&mut conn, d(2026, 9, 1), &policy).unwrap();
    let season = kinds(&conn, "season_revisit");
    // Only the spring coat: the suit was bought on the day, the knit is not outerwear.
    assert_eq!(
        season,
        [(Some(lan), "2026-09-01".into(), "2026-09-01".into())]
    );
    assert!(kinds(&conn, "thank_you_letter").is_empty());
    assert!(kinds(&conn, "made_to_order_revisit").is_empty());

    // 4 September: the letter (one day after, two days late: still in time).
    let s = tasks::generate(&mut conn, d(2026, 9, 4), &policy).unwrap();
    assert_eq!((s.revisits, s.too_late), (1, 0));
    // 6 September: the made-to-order revisit (five days); the letter nobody
    // sent is four days late now, closed as too late.
    let s = tasks::generate(&mut conn, d(2026, 9, 6), &policy).unwrap();
    assert_eq!((s.revisits, s.too_late), (1, 1));
    assert_eq!(
        kinds(&conn, "thank_you_letter"),
        [(Some(lan), "2026-09-02".into(), String::new())],
        "only the customer with a phone who accepts messages"
    );
    assert_eq!(
        kinds(&conn, "made_to_order_revisit"),
        [(Some(mei), "2026-09-06".into(), String::new())]
    );
    // Again: nothing new.
    let again = tasks::generate(&mut conn, d(2026, 9, 7), &policy).unwrap();
    assert_eq!(again.revisits, 0);
    assert_eq!(kinds(&conn, "season_revisit").len(), 1);
}

fn state(conn: &Connection, kind: &str) -> Vec<(String, Option<String>)> {
    let mut stmt = conn
        .prepare("SELECT due_on, outcome FROM tasks WHERE kind = ?1 ORDER BY due_on")
        .unwrap();
    stmt.query_map([kind], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// A thank-you letter sent weeks after the visit is worse than none: past
/// its too-late days it is not made, and an open one closes as too late.
#[test]
fn a_letter_whose_day_is_long_gone_is_not_made_and_an_open_one_closes_as_too_late() {
    let mut conn = store::open_in_memory().unwrap();
    let policy = Policy::load(&Files::built_in()).unwrap();
    let r = &policy.quality.revisits;
    assert_eq!(
        (r.thank_you_after_days, r.thank_you_too_late_after_days),
        (1, 3)
    );
    let anna = staff::add(&conn, "Anna", Role::Associate, "x").unwrap();
    let lan = customer(&conn, "Lan", "13800000002", true, anna);
    let mei = customer(&conn, "Mei", "13800000001", true, anna);
    // Lan's visit 12 days ago: the letter's day (11 days ago) is too late,
    // though within the 14 catch-up days. Mei's 4 days ago: its day is 3
    // days gone, still made.
    visit_not_bought(&conn, anna, lan, d(2026, 11, 11));
    visit_not_bought(&conn, anna, mei, d(2026, 11, 19));
    tasks::generate(&mut conn, d(2026, 11, 23), &policy).unwrap();
    assert_eq!(
        state(&conn, "thank_you_letter"),
        [("2026-11-20".into(), None)]
    );
    // Nobody sends Mei's; days later it is closed as too late, not offered.
    let s = tasks::generate(&mut conn, d(2026, 11, 28), &policy).unwrap();
    assert_eq!(s.too_late, 1);
    assert_eq!(
        state(&conn, "thank_you_letter"),
        [("2026-11-20".into(), Some("too_late".into()))]
    );
    let f = tasks::Filter {
        staff: None,
        kind: None,
        today: d(2026, 11, 28),
        coming_days: 7,
        first: None,
    };
    let open = tasks::open(&conn, &f, 100).unwrap();
    assert!(
        open.iter().all(|t| t.kind != "thank_you_letter"),
        "{open:?}"
    );
}
