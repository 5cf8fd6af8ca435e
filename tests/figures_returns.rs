//! Issue 13, point 2: visit and staff figures count returns as
//! `[figures]` in data/policy.toml says. A returned line's refund leaves
//! its visit's sales (and add-on sales); a visit returned whole no longer
//! counts as bought; an exchange keeps the sale. The figures screen and the
//! board name the rule and the returned sales.

mod screen;

use aftercare::app::{Action, Mode};
use aftercare::domain::staff::Role;
use aftercare::domain::visit::ReturnsRule;
use aftercare::store::{self, board, staff, visits};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, params};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn now() -> NaiveDateTime {
    d(2026, 11, 23).and_hms_opt(10, 30, 0).unwrap()
}

/// A line: price, add-on, and what became of it (refund when returned).
struct Line {
    price: i64,
    add_on: bool,
    settled: Option<(&'static str, i64)>,
}

fn product(conn: &Connection) -> i64 {
    conn.execute(
        "INSERT OR IGNORE INTO products(style_no, name, category, list_price_fen, current_price_fen)
         VALUES ('ZZ-1', 'Coat', 'textile', 100000, 100000)",
        [],
    )
    .unwrap();
    conn.query_row("SELECT id FROM products WHERE style_no = 'ZZ-1'", [], |r| {
        r.get(0)
    })
    .unwrap()
}

/// A finished visit on 2026-11-20 by `staff`; bought when it has lines.
fn visit(conn: &Connection, staff: i64, n: usize, lines: &[Line]) {
    let total: i64 = lines.iter().map(|l| l.price).sum();
    let add_on: i64 = lines.iter().filter(|l| l.add_on).map(|l| l.price).sum();
    let purchase = if lines.is_empty() {
        None
    } else {
        conn.execute(
            "INSERT INTO purchases(receipt_no, staff_id, purchased_on, total_fen, created_at)
             VALUES (?1, ?2, '2026-11-20', ?3, 'x')",
            params![format!("ZZ-{n}"), staff, total],
        )
        .unwrap();
        Some(conn.last_insert_rowid())
    };
    let product = product(conn);
    for (i, l) in lines.iter().enumerate() {
        conn.execute(
            "INSERT INTO purchase_lines(purchase_id, product_id, price_fen, add_on) VALUES (?1, ?2, ?3, ?4)",
            params![purchase, product, l.price, l.add_on],
        )
        .unwrap();
        let line = conn.last_insert_rowid();
        if let Some((settled, refund)) = l.settled {
            let decision = if settled == "returned" {
                "return"
            } else {
                "exchange"
            };
            conn.execute(
                "INSERT INTO returns(return_no, purchase_line_id, request, problem, decision, amount_fen,
                     rules, reason, decided_on, created_at)
                 VALUES (?1, ?2, ?3, 'none', ?3, ?4, 'R1', 'R1', '2026-11-22', 'x')",
                params![format!("T-{n}-{i}"), line, decision, refund],
            )
            .unwrap();
            conn.execute(
                "UPDATE purchase_lines SET return_id = ?2, settled = ?3, settled_on = '2026-11-22' WHERE id = ?1",
                params![line, conn.last_insert_rowid(), settled],
            )
            .unwrap();
        }
    }
    conn.execute(
        "INSERT INTO visits(staff_id, started_on, started_at, updated_at, finished_on, finished_at,
             outcome, purchase_id, total_fen, add_on_fen, state)
         VALUES (?1, '2026-11-20', 'x', 'x', '2026-11-20', 'x', ?2, ?3, ?4, ?5, 'finished')",
        params![
            staff,
            if lines.is_empty() {
                "not_bought"
            } else {
                "bought"
            },
            purchase,
            total,
            add_on
        ],
    )
    .unwrap();
}

/// Anna's four visits: one with its add-on returned, one returned whole,
/// one exchanged, one that did not buy.
fn shop() -> (Connection, i64) {
    let conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "Demo").unwrap();
    let anna = staff::add(&conn, "Anna", Role::Manager, "x").unwrap();
    let line = |price, add_on, settled| Line {
        price,
        add_on,
        settled,
    };
    visit(
        &conn,
        anna,
        1,
        &[
            line(100_000, false, None),
            line(30_000, true, Some(("returned", 30_000))),
        ],
    );
    visit(
        &conn,
        anna,
        2,
        &[line(50_000, false, Some(("returned", 47_500)))],
    );
    visit(
        &conn,
        anna,
        3,
        &[line(80_000, false, Some(("exchanged", 0)))],
    );
    visit(&conn, anna, 4, &[]);
    (conn, anna)
}

const SHIPPED: ReturnsRule = ReturnsRule {
    net_of_returns: true,
    whole_return_unconverts: true,
};

#[test]
fn the_shipped_rule_is_net_of_returns_and_a_whole_return_is_not_bought() {
    let files = aftercare::shop_data::files::Files::locate(None);
    let p = aftercare::shop_data::policy::Policy::load(&files).unwrap();
    assert_eq!(p.figures, SHIPPED);
    let (conn, anna) = shop();
    let f = &visits::figures_with(&conn, d(2026, 11, 1), None, &SHIPPED).unwrap()[0];
    assert_eq!(
        (f.visits, f.bought),
        (4, 2),
        "the whole return is not bought"
    );
    // 100,000 kept of the first, 80,000 of the exchanged; the add-on went back.
    assert_eq!((f.sales_fen, f.add_on_fen), (180_000, 0));
    assert_eq!(f.average_basket_fen(), Some(90_000));
    assert_eq!((f.returned, f.refunded_fen), (2, 77_500));
    let b = &board::month_with(
        &conn,
        d(2026, 11, 1),
        Some(anna),
        board::Weights { hard: 20, soft: 80 },
        &Default::default(),
        &SHIPPED,
    )
    .unwrap()[0];
    assert_eq!(
        (
            b.visits,
            b.bought,
            b.sales_fen,
            b.add_on_fen,
            b.returned,
            b.refunded_fen
        ),
        (4, 2, 180_000, 0, 2, 77_500),
        "the board counts as the figures do"
    );
}

#[test]
fn each_half_of_the_rule_can_be_turned_off() {
    let (conn, _) = shop();
    let gross = ReturnsRule {
        net_of_returns: false,
        whole_return_unconverts: false,
    };
    let f = &visits::figures_with(&conn, d(2026, 11, 1), None, &gross).unwrap()[0];
    assert_eq!((f.bought, f.sales_fen, f.add_on_fen), (3, 260_000, 30_000));
    assert_eq!((f.returned, f.refunded_fen), (2, 77_500));
    let net_only = ReturnsRule {
        net_of_returns: true,
        whole_return_unconverts: false,
    };
    let f = &visits::figures_with(&conn, d(2026, 11, 1), None, &net_only).unwrap()[0];
    // The whole return still bought: its sale is what was kept (2,500 of depreciation).
    assert_eq!((f.bought, f.sales_fen, f.add_on_fen), (3, 182_500, 0));
    let unconvert_only = ReturnsRule {
        net_of_returns: false,
        whole_return_unconverts: true,
    };
    let f = &visits::figures_with(&conn, d(2026, 11, 1), None, &unconvert_only).unwrap()[0];
    assert_eq!((f.bought, f.sales_fen, f.add_on_fen), (2, 210_000, 30_000));
}

#[test]
fn the_figures_and_the_board_say_how_returns_are_counted() {
    for (lang, says) in [
        (
            "en",
            "Net of returns: 2 sales returned, −¥775.00. Whole returns are not bought.",
        ),
        (
            "zh-CN",
            "已扣除退货：2笔有退货，销售额减¥775.00。整单退货不计成交。",
        ),
    ] {
        let (conn, anna) = shop();
        let mut a = screen::app_on(conn, lang, Mode::Demo, now());
        let who = staff::get(&a.env.conn, anna).unwrap().unwrap();
        a.signed_in(who);
        // Whole on a wide screen and at 80×24.
        for (w, h) in [(160, 40), (80, 24)] {
            a.update(Action::VisitStats);
            let stats = screen::render(&a, w, h);
            assert!(stats.contains(says), "{w}: {stats}");
            a.update(Action::Board);
            let board = screen::render(&a, w, h);
            assert!(board.contains(says), "{w}: {board}");
        }
    }
}
