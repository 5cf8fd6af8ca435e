//! Records that agree (#13): a return takes the refund off the customer's
//! figures, tier, club and milestone thanks in the same transaction, marks
//! the line, and closes the callback of a purchase wholly returned; the
//! invariants hold after every step.

use aftercare::domain::staff::Role;
use aftercare::shop_data::files::Files;
use aftercare::shop_data::policy::Policy;
use aftercare::store::purchases::NewLine;
use aftercare::store::returns::{self, Settlement};
use aftercare::store::sales::{self, SaleLine};
use aftercare::store::{self, invariants, staff, vip};
use chrono::NaiveDate;
use rusqlite::Connection;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn policy() -> Policy {
    Policy::load(&Files::built_in()).unwrap()
}

struct Shop {
    conn: Connection,
    staff: i64,
    product: i64,
}

fn shop() -> Shop {
    let mut conn = store::open_in_memory().unwrap();
    vip::sync_thresholds(&mut conn, &policy()).unwrap();
    let staff = staff::add(&conn, "Ann", Role::Associate, "x").unwrap();
    conn.execute(
        "INSERT INTO products(style_no, name, category, list_price_fen, current_price_fen)
         VALUES ('S1', 'Coat', 'textile', 100, 100)",
        [],
    )
    .unwrap();
    let product = conn.last_insert_rowid();
    Shop {
        conn,
        staff,
        product,
    }
}

impl Shop {
    fn customer(&self, name: &str) -> i64 {
        self.conn
            .execute(
                "INSERT INTO customers(name, created_at, updated_at) VALUES (?1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                [name],
            )
            .unwrap();
        self.conn.last_insert_rowid()
    }

    fn sell(&mut self, receipt: &str, customer: i64, prices: &[i64], on: &str) -> Vec<i64> {
        let rules = store::visits::rules(&policy());
        let lines: Vec<SaleLine> = prices
            .iter()
            .map(|p| SaleLine {
                line: NewLine {
                    product_id: self.product,
                    size: "M".into(),
                    colour: "red".into(),
                    price_fen: *p,
                    add_on: false,
                },
                category: "textile".into(),
                asked_fen: *p,
            })
            .collect();
        let staff = self.staff;
        let id = store::write(&mut self.conn, |tx| {
            sales::record_sale(tx, receipt, Some(customer), staff, d(on), &lines, &rules)
        })
        .unwrap();
        self.conn
            .prepare("SELECT id FROM purchase_lines WHERE purchase_id = ?1 ORDER BY id")
            .unwrap()
            .query_map([id], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn settle(&mut self, line: i64, customer: i64, decision: &str, amount: i64, on: &str) {
        let s = Settlement {
            line_id: line,
            customer_id: Some(customer),
            request: "return".into(),
            problem: "none".into(),
            conditions: String::new(),
            decision: decision.into(),
            amount_fen: amount,
            depreciation_percent: 0,
            shop_pays_shipping: false,
            rules: "R1".into(),
            reason: String::new(),
            exchange_how: (decision == "exchange").then(|| "on_spot".into()),
            override_reason: None,
        };
        returns::record(&mut self.conn, &s, self.staff, d(on), 1).unwrap();
    }

    fn figures(&self, c: i64) -> (i64, i64, String, bool) {
        self.conn
            .query_row(
                "SELECT total_spend_fen, purchase_count, tier, club_since IS NOT NULL FROM customers WHERE id = ?1",
                [c],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap()
    }

    fn open_tasks(&self, kind: &str) -> i64 {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM tasks WHERE kind = ?1 AND done_at IS NULL",
                [kind],
                |r| r.get(0),
            )
            .unwrap()
    }

    fn assert_agree(&self) {
        let b = invariants::breaches(&self.conn).unwrap();
        assert!(b.is_empty(), "{b:#?}");
    }
}

#[test]
fn a_return_takes_the_refund_off_spend_tier_club_and_milestone_thanks() {
    let mut s = shop();
    let c = s.customer("王芳");
    s.sell("R1", c, &[250_000], "2026-12-01");
    let lines = s.sell("R2", c, &[300_000], "2026-12-02");
    assert_eq!(s.figures(c), (550_000, 2, "silver".into(), true));
    assert_eq!(s.open_tasks("milestone_thanks"), 1, "¥5,000 crossed");
    s.assert_agree();

    s.settle(lines[0], c, "return", 300_000, "2026-12-03");
    assert_eq!(s.figures(c), (250_000, 1, "regular".into(), true));
    assert_eq!(
        s.open_tasks("milestone_thanks"),
        0,
        "the thanks is withdrawn"
    );
    let (settled, on): (String, String) = s
        .conn
        .query_row(
            "SELECT settled, settled_on FROM purchase_lines WHERE id = ?1",
            [lines[0]],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((settled.as_str(), on.as_str()), ("returned", "2026-12-03"));
    let history = store::purchases::history(&s.conn, c, 10).unwrap();
    assert_eq!(history[0].settled.as_deref(), Some("returned"));
    assert_eq!(history[1].settled, None);
    s.assert_agree();

    // Crossing the milestone again owes a new thanks.
    s.sell("R3", c, &[260_000], "2026-12-04");
    assert_eq!(s.figures(c).0, 510_000);
    assert_eq!(s.open_tasks("milestone_thanks"), 1);
    s.assert_agree();
}

#[test]
fn the_club_by_spend_ends_when_a_return_takes_the_spend_below_it() {
    let mut s = shop();
    let c = s.customer("李娜");
    let lines = s.sell("R1", c, &[150_000, 60_000], "2026-12-01");
    assert!(s.figures(c).3, "in the club at ¥2,000");
    s.settle(lines[1], c, "return", 60_000, "2026-12-02");
    assert_eq!(s.figures(c), (150_000, 1, "regular".into(), false));
    s.assert_agree();
}

#[test]
fn a_purchase_wholly_returned_closes_its_callback_and_an_exchange_keeps_everything() {
    let mut s = shop();
    let c = s.customer("张伟");
    let a = s.sell("R1", c, &[10_000, 20_000], "2026-12-01");
    let b = s.sell("R2", c, &[5_000], "2026-12-01");
    assert_eq!(s.open_tasks("purchase_callback"), 2);
    s.settle(a[0], c, "return", 10_000, "2026-12-02");
    assert_eq!(s.open_tasks("purchase_callback"), 2, "a line is kept");
    s.settle(a[1], c, "return", 20_000, "2026-12-02");
    assert_eq!(s.open_tasks("purchase_callback"), 1);
    let outcome: String = s
        .conn
        .query_row(
            "SELECT outcome FROM tasks WHERE source = 'purchase' AND kind = 'purchase_callback' AND done_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(outcome, "purchase_returned");
    assert_eq!(s.figures(c).0, 5_000);
    assert_eq!(s.figures(c).1, 1);

    s.settle(b[0], c, "exchange", 5_000, "2026-12-02");
    assert_eq!(s.figures(c).0, 5_000, "an exchange keeps the spend");
    assert_eq!(s.open_tasks("purchase_callback"), 1);
    let history = store::purchases::history(&s.conn, c, 10).unwrap();
    assert!(
        history
            .iter()
            .any(|h| h.settled.as_deref() == Some("exchanged"))
    );
    s.assert_agree();
}

#[test]
fn a_line_is_settled_once() {
    let mut s = shop();
    let c = s.customer("赵敏");
    let l = s.sell("R1", c, &[10_000], "2026-12-01");
    s.settle(l[0], c, "exchange", 10_000, "2026-12-02");
    let again = Settlement {
        line_id: l[0],
        customer_id: Some(c),
        request: "return".into(),
        problem: "none".into(),
        conditions: String::new(),
        decision: "return".into(),
        amount_fen: 10_000,
        depreciation_percent: 0,
        shop_pays_shipping: false,
        rules: "R1".into(),
        reason: String::new(),
        exchange_how: None,
        override_reason: None,
    };
    assert!(returns::record(&mut s.conn, &again, s.staff, d("2026-12-03"), 1).is_err());
    s.assert_agree();
}

#[test]
fn every_invariant_names_the_rows_that_break_it() {
    let mut s = shop();
    let c = s.customer("钱七");
    s.sell("R1", c, &[10_000], "2026-12-01");
    s.conn
        .execute(
            "UPDATE customers SET total_spend_fen = 99 WHERE id = ?1",
            [c],
        )
        .unwrap();
    s.conn
        .execute(
            "INSERT INTO repair_jobs(item, state, received_on, promised_on, job_no) VALUES ('Coat', 'received', '2026-12-02', '2026-12-01', 'W26-1')",
            [],
        )
        .unwrap();
    let found: Vec<String> = invariants::breaches(&s.conn)
        .unwrap()
        .iter()
        .map(|b| format!("{} {} {}", b.invariant, b.table, b.row))
        .collect();
    assert!(
        found.contains(&format!("customer_figures customers {c}")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("job_has_customer repair_jobs")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("repair_dates repair_jobs")),
        "{found:?}"
    );
}
