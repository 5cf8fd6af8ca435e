//! A cosmetics reaction at the desk in a pseudo-terminal (issue 18, seed S4
//! `004_87ae6acd137b669a.txt`: the bad counter answers a rash with
//! "不退货、不换货、让消费者找厂家解决问题"): never refused, the batch recorded,
//! routed to quality as a complaint, the revisit booked.

mod common;

use common::{Key, Shop, TestResult};

#[test]
fn a_rash_on_day_ten_is_refunded_routed_to_quality_and_revisited() -> TestResult {
    let shop = Shop::demo(30);
    let customer = shop.findable_customer();
    let c = shop.conn();
    c.execute_batch(
        "INSERT INTO products(style_no, name, category, list_price_fen, current_price_fen) VALUES
            ('ZZ-CO-0007', 'Test night cream', 'cosmetic', 32000, 28000);",
    )
    .unwrap();
    let cream: i64 = c
        .query_row(
            "SELECT id FROM products WHERE style_no = 'ZZ-CO-0007'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // Ten days before the test clock (2026-11-23): past the 7-day return window.
    c.execute(
        "INSERT INTO purchases(receipt_no, customer_id, purchased_on, total_fen, created_at) VALUES ('TR-C001', ?1, '2026-11-13', 32000, 'x')",
        [customer.id],
    )
    .unwrap();
    let purchase = c.last_insert_rowid();
    c.execute(
        "INSERT INTO purchase_lines(purchase_id, product_id, size, colour, price_fen) VALUES (?1, ?2, '', '', 32000)",
        [purchase, cream],
    )
    .unwrap();
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    t.key(Key::F(6));
    t.wait_for("After-sale desk")?;
    t.send("r");
    t.wait_for("Return or exchange: receipt number")?;
    t.send("TR-C001");
    t.wait_for("1 purchase lines")?;
    t.key(Key::Enter);
    t.wait_for("The case")?;
    // The problem: none → quality defect → adverse reaction (no garment faults for a cream).
    t.key(Key::Down);
    t.send(" ");
    t.wait_for("Quality problem on day 10")?;
    t.send(" ");
    t.wait_for("Adverse reaction (rash)")?;
    t.wait_for("Cosmetics path: never refused")?;
    t.wait_for("day 10 · rules")?;
    t.wait_for("C1")?;
    t.key(Key::F(10));
    t.wait_for("Batch number on the package")?;
    // No batch: the dialog stays and says why.
    t.key(Key::Enter);
    t.wait_for("Write the batch number printed on the package.")?;
    t.send("B2611-04");
    t.key(Key::Enter);
    t.wait_for("to QC department, revisit 2026-11-24. T26-")?;
    let (decision, amount, batch, complaint): (String, i64, String, i64) = c
        .query_row(
            "SELECT r.decision, r.amount_fen, r.batch_no, r.complaint_id FROM returns r
             JOIN purchase_lines l ON l.id = r.purchase_line_id WHERE l.purchase_id = ?1",
            [purchase],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    // Refunded in full: not refused (R2), not a "free repair", not less 5%.
    assert_eq!(
        (decision.as_str(), amount, batch.as_str()),
        ("return", 32000, "B2611-04")
    );
    let (category, department, batch_no, customer_id, product): (String, String, String, i64, String) = c
        .query_row(
            "SELECT category, department, batch_no, customer_id, product FROM complaints WHERE id = ?1",
            [complaint],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (category.as_str(), department.as_str(), batch_no.as_str()),
        ("adverse_reaction", "qc", "B2611-04")
    );
    assert_eq!(customer_id, customer.id);
    assert!(product.contains("Test night cream"), "{product}");
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM tasks WHERE kind = 'complaint_revisit' AND source = 'complaint' AND source_id = ?1 AND due_on = '2026-11-24'",
            [complaint]
        ),
        1
    );
    Ok(())
}
