//! `←` and `→` on a choice in a pseudo-terminal: `→` goes to the next
//! option, `←` to the previous one, and both wrap round — at the returns
//! desk and in a complaint's resolution (issue 20).

mod common;

use std::time::Duration;

use common::{Key, Shop, TestResult, Tui};

/// Waits until the screen row holding `label` also shows `value`.
fn row_shows(t: &Tui, label: &str, value: &str) -> TestResult {
    t.wait_until(
        &format!("{label:?} to show {value:?}"),
        Duration::from_secs(10),
        |t| {
            t.rows()
                .iter()
                .any(|r| r.contains(label) && r.contains(value))
        },
    )?;
    Ok(())
}

#[test]
fn left_and_right_on_the_returns_request() -> TestResult {
    let shop = Shop::demo(30);
    let customer = shop.findable_customer();
    let c = shop.conn();
    c.execute_batch(
        "INSERT INTO products(style_no, name, category, list_price_fen, current_price_fen, sizes, colours) VALUES
            ('ZZ-KN-0101', 'Test cardigan', 'knit', 59900, 49900, 'S,M,L', 'grey');",
    )
    .unwrap();
    let knit: i64 = c
        .query_row(
            "SELECT id FROM products WHERE style_no = 'ZZ-KN-0101'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    c.execute(
        "INSERT INTO purchases(receipt_no, customer_id, purchased_on, total_fen, created_at) VALUES ('TR-0001', ?1, '2026-11-18', 59900, 'x')",
        [customer.id],
    )
    .unwrap();
    let p = c.last_insert_rowid();
    c.execute(
        "INSERT INTO purchase_lines(purchase_id, product_id, size, colour, price_fen) VALUES (?1, ?2, 'M', 'grey', 59900)",
        [p, knit],
    )
    .unwrap();
    drop(c);
    let staff = shop.staff();
    let mut t = shop.app().size(80, 24).start();
    t.sign_in(&staff, 0)?;
    t.key(Key::F(6));
    t.wait_for("After-sale desk")?;
    t.send("r");
    t.wait_for("Return or exchange: receipt number")?;
    t.send("TR-0001");
    t.wait_for("1 purchase lines")?;
    t.key(Key::Enter);
    t.wait_for("The case")?;
    let asks = "Customer asks";
    row_shows(&t, asks, "Return")?;
    t.key(Key::Right);
    row_shows(&t, asks, "Exchange")?;
    t.key(Key::Left);
    row_shows(&t, asks, "Return")?;
    // From the first option, ← goes round to the last.
    t.key(Key::Left);
    row_shows(&t, asks, "Ironing")?;
    t.key(Key::Right);
    row_shows(&t, asks, "Return")?;
    Ok(())
}

#[test]
fn left_and_right_on_a_complaint_resolution() -> TestResult {
    let shop = Shop::demo(30);
    shop.conn()
        .execute_batch(
            "DELETE FROM survey_answers; DELETE FROM surveys; DELETE FROM opinions;
             DELETE FROM complaint_steps; DELETE FROM complaint_events; DELETE FROM complaints;
             DELETE FROM tasks WHERE source = 'complaint';",
        )
        .unwrap();
    let customer = shop.findable_customer();
    let staff = shop.staff();
    // An associate, as at the counter.
    let associate = staff
        .iter()
        .position(|m| {
            shop.count(
                "SELECT COUNT(*) FROM staff WHERE id = ?1 AND role = 'associate'",
                [m.id],
            ) == 1
        })
        .unwrap_or(0);
    let mut t = shop.app().size(80, 24).start();
    t.sign_in(&staff, associate)?;
    t.counter_to_resolve(&customer.phone, &customer.name)?;
    // The resolution starts unset (—), then Repair … Other.
    t.wait_for("‹ — ›")?;
    t.key(Key::Right);
    t.wait_for("‹ Repair ›")?;
    t.key(Key::Left);
    t.wait_for("‹ — ›")?;
    t.key(Key::Left);
    t.wait_for("‹ Other ›")?;
    t.key(Key::Right);
    t.wait_for("‹ — ›")?;
    t.key(Key::Right);
    t.wait_for("‹ Repair ›")?;
    Ok(())
}
