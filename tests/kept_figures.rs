//! The staff board's kept figures (issue 14): after random operations on
//! the rows they count (files registered, filled in, bought, erased;
//! contacts made, moved and deleted; visits begun, finished, changed and
//! deleted; sales, returns and exchanges; staff added and leaving), the
//! kept figures equal a recount, and the board read from them equals the
//! board counted row by row as before, in a time zone where the shop's
//! months start at 16:00 UTC (`tests/kept_check.rs`: `aftercare check`).

use aftercare::domain::board::BoardRow;
use aftercare::domain::customer::{self, Field, Profile, Values};
use aftercare::domain::staff::Role;
use aftercare::domain::visit::ReturnsRule;
use aftercare::store::board::{self, Weights};
use aftercare::store::{self, kept, staff};
use chrono::{Duration, Months, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, OptionalExtension, params};

const W: Weights = Weights { hard: 20, soft: 80 };
const KINDS: &[&str] = &[
    "purchase_callback",
    "follow_up",
    "birthday_greeting",
    "festival_greeting",
    "referral_thanks",
    "milestone_thanks",
    "something_else",
];
const OUTCOMES: &[&str] = &["reached", "no_answer", "sent", "thanked", "odd"];
const TEXT_FIELDS: &[&str] = &[
    "phone",
    "gender",
    "ethnicity",
    "email",
    "address",
    "clothing_size",
    "work",
    "family",
    "hobbies",
    "lifestyle",
    "values_note",
];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A stored time near a month's edge or inside it: 25 Oct to 5 Dec 2026.
fn when(rng: &mut ChaCha8Rng) -> String {
    let base = day(2026, 10, 25).and_hms_opt(0, 0, 0).unwrap().and_utc();
    let t = if rng.random_bool(0.4) {
        // Within a few seconds of a UTC 16:00 (local midnight at +8) or 00:00.
        let d = rng.random_range(0..41);
        let h = if rng.random_bool(0.5) { 16 } else { 0 };
        base + Duration::days(d) + Duration::hours(h) + Duration::seconds(rng.random_range(-2..3))
    } else {
        base + Duration::seconds(rng.random_range(0..41 * 86_400))
    };
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn shop_day(rng: &mut ChaCha8Rng) -> String {
    (day(2026, 10, 25) + Duration::days(rng.random_range(0..41))).to_string()
}

fn pick(conn: &Connection, sql: &str, rng: &mut ChaCha8Rng) -> Option<i64> {
    let ids: Vec<i64> = conn
        .prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (!ids.is_empty()).then(|| ids[rng.random_range(0..ids.len())])
}

/// One random change to the rows the kept figures count.
fn operate(conn: &Connection, rng: &mut ChaCha8Rng) {
    let staff = pick(conn, "SELECT id FROM staff", rng).unwrap();
    let customer = pick(conn, "SELECT id FROM customers", rng);
    match rng.random_range(0..16) {
        0 => {
            let n: i64 = rng.random_range(0..1_000_000);
            conn.execute(
                "INSERT INTO customers(name, phone, work, registered_by, purchase_count, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 0, ?5, ?5)",
                params![
                    format!("顾客{n}"),
                    rng.random_bool(0.5).then(|| format!("138{n:08}")),
                    rng.random_bool(0.3).then_some("教师"),
                    rng.random_bool(0.9).then_some(staff),
                    when(rng)
                ],
            )
            .unwrap();
        }
        1 | 2 => {
            let Some(c) = customer else { return };
            let field = TEXT_FIELDS[rng.random_range(0..TEXT_FIELDS.len())];
            let value = match rng.random_range(0..3) {
                0 => None,
                _ if field == "gender" => Some("female"),
                1 => Some("  "),
                _ => Some("x"),
            };
            conn.execute(
                &format!("UPDATE customers SET {field} = ?2, purchase_count = ?3 WHERE id = ?1"),
                params![c, value, rng.random_range(0..3)],
            )
            .unwrap();
        }
        3 => {
            let Some(c) = customer else { return };
            conn.execute(
                "UPDATE customers SET registered_by = ?2, created_at = ?3 WHERE id = ?1",
                params![c, staff, when(rng)],
            )
            .unwrap();
        }
        4 => {
            let Some(c) = customer else { return };
            conn.execute(
                "UPDATE customers SET erased_at = ?2, name = '', phone = NULL, work = NULL WHERE id = ?1",
                params![c, when(rng)],
            )
            .unwrap();
        }
        5 | 6 => {
            let Some(c) = customer else { return };
            conn.execute(
                "INSERT INTO contacts(customer_id, staff_id, kind, outcome, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    c,
                    rng.random_bool(0.95).then_some(staff),
                    KINDS[rng.random_range(0..KINDS.len())],
                    OUTCOMES[rng.random_range(0..OUTCOMES.len())],
                    when(rng)
                ],
            )
            .unwrap();
        }
        7 => {
            let Some(id) = pick(conn, "SELECT id FROM contacts", rng) else {
                return;
            };
            if rng.random_bool(0.5) {
                conn.execute("DELETE FROM contacts WHERE id = ?1", [id])
                    .unwrap();
            } else {
                conn.execute(
                    "UPDATE contacts SET staff_id = ?2, at = ?3, outcome = ?4 WHERE id = ?1",
                    params![id, staff, when(rng), OUTCOMES[rng.random_range(0..5)]],
                )
                .unwrap();
            }
        }
        8 => sale(conn, rng, staff, customer),
        9 | 10 => visit(conn, rng, staff),
        11 => {
            let Some(v) = pick(conn, "SELECT id FROM visits", rng) else {
                return;
            };
            match rng.random_range(0..4) {
                0 => {
                    conn.execute("DELETE FROM visits WHERE id = ?1", [v])
                        .unwrap();
                }
                1 => {
                    conn.execute(
                        "UPDATE visits SET staff_id = ?2, finished_on = ?3 WHERE id = ?1",
                        params![v, staff, shop_day(rng)],
                    )
                    .unwrap();
                }
                2 => {
                    let p = pick(
                        conn,
                        "SELECT id FROM purchases WHERE id NOT IN (SELECT purchase_id FROM visits WHERE purchase_id IS NOT NULL)",
                        rng,
                    );
                    conn.execute(
                        "UPDATE visits SET purchase_id = ?2, outcome = 'bought', total_fen = ?3 WHERE id = ?1",
                        params![v, p, rng.random_range(0..90_000)],
                    )
                    .unwrap();
                }
                _ => {
                    conn.execute(
                        "UPDATE visits SET outcome = 'not_bought', finished_on = NULL, finished_at = NULL WHERE id = ?1",
                        [v],
                    )
                    .unwrap();
                }
            }
        }
        12 | 13 => settle(conn, rng, staff),
        14 => {
            let Some(r) = pick(conn, "SELECT id FROM returns", rng) else {
                return;
            };
            conn.execute(
                "UPDATE returns SET amount_fen = ?2 WHERE id = ?1",
                params![r, rng.random_range(0..20_000)],
            )
            .unwrap();
        }
        _ => {
            if rng.random_bool(0.5) {
                let n: u32 = rng.random_range(0..1_000_000);
                staff::add(conn, &format!("店员{n}"), Role::Associate, "x").unwrap();
            } else {
                conn.execute(
                    "UPDATE staff SET active = 1 - active WHERE id = ?1",
                    [staff],
                )
                .unwrap();
            }
        }
    }
}

/// A sale of one to three lines, some of them add-ons.
fn sale(conn: &Connection, rng: &mut ChaCha8Rng, staff: i64, customer: Option<i64>) {
    let n: u64 = rng.random();
    conn.execute(
        "INSERT INTO purchases(receipt_no, customer_id, staff_id, purchased_on, total_fen, created_at)
         VALUES (?1, ?2, ?3, ?4, 0, 'x')",
        params![format!("R{n}"), customer, staff, shop_day(rng)],
    )
    .unwrap();
    let p = conn.last_insert_rowid();
    for _ in 0..rng.random_range(1..4) {
        conn.execute(
            "INSERT INTO purchase_lines(purchase_id, product_id, price_fen, add_on) VALUES (?1, 1, ?2, ?3)",
            params![p, rng.random_range(1..50_000), rng.random_bool(0.3)],
        )
        .unwrap();
    }
}

/// A visit, finished or not, with or without a sale.
fn visit(conn: &Connection, rng: &mut ChaCha8Rng, staff: i64) {
    let finished = rng.random_bool(0.8).then(|| shop_day(rng));
    let p: Option<i64> = rng
        .random_bool(0.6)
        .then(|| {
            pick(
                conn,
                "SELECT id FROM purchases WHERE id NOT IN (SELECT purchase_id FROM visits WHERE purchase_id IS NOT NULL)",
                rng,
            )
        })
        .flatten();
    conn.execute(
        "INSERT INTO visits(staff_id, started_on, started_at, updated_at, finished_on, finished_at,
                            outcome, purchase_id, total_fen, add_on_fen, state)
         VALUES (?1, '2026-11-01', 'x', 'x', ?2, ?2, ?3, ?4, ?5, ?6, '{}')",
        params![
            staff,
            finished,
            if p.is_some() { "bought" } else { "not_bought" },
            p,
            rng.random_range(0..90_000),
            rng.random_range(0..9_000)
        ],
    )
    .unwrap();
}

/// A line returned or exchanged (a return row, the line pointing at it),
/// or a settled line put back as sold.
fn settle(conn: &Connection, rng: &mut ChaCha8Rng, staff: i64) {
    let Some(line) = pick(conn, "SELECT id FROM purchase_lines", rng) else {
        return;
    };
    let settled: Option<Option<String>> = conn
        .query_row(
            "SELECT settled FROM purchase_lines WHERE id = ?1",
            [line],
            |r| r.get(0),
        )
        .optional()
        .unwrap();
    if settled.flatten().is_some() && rng.random_bool(0.5) {
        conn.execute(
            "UPDATE purchase_lines SET settled = NULL, settled_on = NULL, return_id = NULL WHERE id = ?1",
            [line],
        )
        .unwrap();
        return;
    }
    let returned = rng.random_bool(0.7);
    conn.execute(
        "INSERT INTO returns(purchase_line_id, request, problem, decision, amount_fen, rules, reason,
                             staff_id, decided_on, created_at)
         VALUES (?1, 'return', 'none', ?2, ?3, '', '', ?4, ?5, 'x')",
        params![
            line,
            if returned { "return" } else { "exchange" },
            rng.random_range(0..50_000),
            staff,
            shop_day(rng)
        ],
    )
    .unwrap();
    let r = conn.last_insert_rowid();
    conn.execute(
        "UPDATE purchase_lines SET settled = ?2, settled_on = '2026-11-20', return_id = ?3 WHERE id = ?1",
        params![line, if returned { "returned" } else { "exchanged" }, r],
    )
    .unwrap();
}

/// The board's counted columns of one person and month, row by row as the
/// board read them before the figures were kept.
fn counted(conn: &Connection, staff: i64, month: NaiveDate, rule: &ReturnsRule) -> BoardRow {
    let end = month + Months::new(1);
    let (from, to) = (board::utc_start(month), board::utc_start(end));
    let mut row = BoardRow::default();
    let mut stmt = conn
        .prepare(
            "SELECT kind, outcome, COUNT(*) FROM contacts WHERE staff_id = ?1 AND at >= ?2 AND at < ?3
             GROUP BY kind, outcome",
        )
        .unwrap();
    let found = stmt
        .query_map(params![staff, from, to], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })
        .unwrap();
    for f in found {
        let (k, o, n) = f.unwrap();
        row.add_contacts(&k, &o, n);
    }
    let fields = |p: Profile| -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| f.profile() == p)
            .collect()
    };
    let (hard, soft) = (fields(Profile::Hard), fields(Profile::Soft));
    let mut stmt = conn
        .prepare("SELECT * FROM customers WHERE registered_by = ?1 AND created_at >= ?2 AND created_at < ?3 AND erased_at IS NULL")
        .unwrap();
    let mut scores: Vec<(u32, i64)> = Vec::new();
    let files = stmt
        .query_map(params![staff, from, to], |r| {
            let mut v = Values::default();
            let (mut h, mut s) = (0, 0);
            for f in hard.iter().chain(soft.iter()) {
                let filled = match r.get_ref(f.key())? {
                    rusqlite::types::ValueRef::Null => false,
                    rusqlite::types::ValueRef::Text(t) => {
                        !String::from_utf8_lossy(t).trim().is_empty()
                    }
                    _ => true,
                };
                if filled && f.profile() == Profile::Hard {
                    h += 1;
                } else if filled {
                    s += 1;
                }
            }
            for f in hard.iter().take(h).chain(soft.iter().take(s)) {
                v.set(*f, "✓");
            }
            let bought = r.get::<_, i64>("purchase_count")? > 0;
            Ok(customer::completeness(&v, bought, W.hard, W.soft))
        })
        .unwrap();
    for sc in files {
        scores.push((sc.unwrap(), 1));
    }
    row.files = scores.len() as i64;
    row.completeness = aftercare::domain::board::average(&scores);
    let sql = format!(
        "SELECT {} FROM visits v WHERE v.finished_on >= ?1 AND v.finished_on < ?2 AND v.staff_id = ?3",
        aftercare::store::visit_figures::columns(rule)
    );
    (
        row.visits,
        row.bought,
        row.sales_fen,
        row.add_on_fen,
        row.returned,
        row.refunded_fen,
    ) = conn
        .query_row(
            &sql,
            params![month.to_string(), end.to_string(), staff],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap();
    row
}

type Columns = (i64, i64, i64, [i64; 5], i64, i64, Option<u32>, [i64; 6]);

fn columns(r: &BoardRow) -> Columns {
    (
        r.callbacks,
        r.greetings,
        r.thanks,
        r.outcomes,
        r.other_outcomes,
        r.files,
        r.completeness,
        [
            r.visits,
            r.bought,
            r.sales_fen,
            r.add_on_fen,
            r.returned,
            r.refunded_fen,
        ],
    )
}

fn shop() -> Connection {
    let conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "示范店").unwrap();
    staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
    staff::add(&conn, "王芳", Role::Associate, "x").unwrap();
    conn.execute(
        "INSERT INTO products(style_no, name, category, list_price_fen, current_price_fen)
         VALUES ('S1', '大衣', 'textile', 100, 100)",
        [],
    )
    .unwrap();
    conn
}

#[test]
fn kept_figures_equal_a_recount_after_random_operations() {
    // The shop's months start at 16:00 UTC the day before (China, +8).
    // SAFETY: the only test of this binary that reads or sets the time zone.
    unsafe { std::env::set_var("TZ", "Asia/Shanghai") };
    assert_eq!(
        board::utc_start(day(2026, 11, 1)),
        "2026-10-31T16:00:00Z",
        "the test runs at +8"
    );
    for seed in 0..6 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let conn = shop();
        for step in 0..400 {
            operate(&conn, &mut rng);
            if step % 100 == 99 {
                assert_eq!(
                    kept::differences(&conn).unwrap(),
                    Vec::<String>::new(),
                    "seed {seed}, step {step}"
                );
            }
        }
        let people: Vec<i64> = conn
            .prepare("SELECT id FROM staff")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for net in [false, true] {
            for unconvert in [false, true] {
                let rule = ReturnsRule {
                    net_of_returns: net,
                    whole_return_unconverts: unconvert,
                };
                for month in [day(2026, 10, 1), day(2026, 11, 1), day(2026, 12, 1)] {
                    let q = aftercare::shop_data::quality::QualityRules::default();
                    let rows = board::month_with(&conn, month, None, W, &q, &rule).unwrap();
                    for &id in &people {
                        let want = columns(&counted(&conn, id, month, &rule));
                        let got = rows
                            .iter()
                            .find(|r| r.staff_id == id)
                            .map(columns)
                            .unwrap_or_else(|| columns(&BoardRow::default()));
                        assert_eq!(got, want, "seed {seed}, staff {id}, {month}, {rule:?}");
                    }
                }
            }
        }
    }
}
