//! The after-sale desk in a pseudo-terminal: a return refused for a washed
//! item, an exchange, a repair taken in and walked to collection with its
//! goods receipt, a care entitlement used.

mod common;

use common::{Customer, Key, Shop, TestResult};

/// The returns of this test's own sales (the demo shop has some of its own).
const FIXTURE_RETURNS: &str =
    "SELECT COUNT(*) FROM returns r JOIN purchase_lines l ON l.id = r.purchase_line_id
     JOIN products p ON p.id = l.product_id WHERE p.style_no LIKE 'ZZ-%'";

/// Sales on fixed dates around the test clock (2026-11-23): a knit
/// cardigan five days ago, a leather jacket eighty days ago.
struct Sales {
    customer: Customer,
    cardigan_receipt: String,
}

fn sales(shop: &Shop) -> Sales {
    let customer = shop.findable_customer();
    let c = shop.conn();
    c.execute_batch(
        "INSERT INTO products(style_no, name, category, list_price_fen, current_price_fen, sizes, colours) VALUES
            ('ZZ-KN-0101', 'Test cardigan', 'knit', 59900, 49900, 'S,M,L', 'grey'),
            ('ZZ-LE-0003', 'Test leather jacket', 'leather', 399900, 399900, 'S,M', 'black');",
    )
    .unwrap();
    let knit: i64 = c
        .query_row(
            "SELECT id FROM products WHERE style_no = 'ZZ-KN-0101'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let leather: i64 = c
        .query_row(
            "SELECT id FROM products WHERE style_no = 'ZZ-LE-0003'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    c.execute(
        "INSERT INTO purchases(receipt_no, customer_id, purchased_on, total_fen, created_at) VALUES ('TR-0001', ?1, '2026-11-18', 59900, 'x')",
        [customer.id],
    )
    .unwrap();
    let p1 = c.last_insert_rowid();
    c.execute(
        "INSERT INTO purchase_lines(purchase_id, product_id, size, colour, price_fen) VALUES (?1, ?2, 'M', 'grey', 59900)",
        [p1, knit],
    )
    .unwrap();
    c.execute(
        "INSERT INTO purchases(receipt_no, customer_id, purchased_on, total_fen, created_at) VALUES ('TR-0002', ?1, '2026-09-04', 399900, 'x')",
        [customer.id],
    )
    .unwrap();
    let p2 = c.last_insert_rowid();
    c.execute(
        "INSERT INTO purchase_lines(purchase_id, product_id, size, colour, price_fen) VALUES (?1, ?2, 'M', 'black', 399900)",
        [p2, leather],
    )
    .unwrap();
    let line = c.last_insert_rowid();
    c.execute(
        "INSERT INTO entitlements(customer_id, purchase_line_id, kind, granted_on) VALUES (?1, ?2, 'leather_care', '2026-09-04')",
        [customer.id, line],
    )
    .unwrap();
    Sales {
        customer,
        cardigan_receipt: "TR-0001".into(),
    }
}

/// From home: F6, r, the receipt number, Enter on the line.
fn open_case(t: &mut common::Tui, receipt: &str) -> TestResult {
    t.key(Key::F(6));
    t.wait_for("After-sale desk")?;
    t.send("r");
    t.wait_for("Return or exchange: receipt number")?;
    t.send(receipt);
    t.wait_for("1 purchase lines")?;
    t.key(Key::Enter);
    t.wait_for("The case")?;
    Ok(())
}

#[test]
fn a_washed_item_is_refused_with_its_rule_and_nothing_is_logged() -> TestResult {
    let shop = Shop::demo(30);
    let s = sales(&shop);
    let staff = shop.staff();
    let mut t = shop.app().start();
    // An associate, who cannot override.
    let associate = staff.iter().position(|m| {
        shop.count(
            "SELECT COUNT(*) FROM staff WHERE id = ?1 AND role = 'associate'",
            [m.id],
        ) == 1
    });
    t.sign_in(&staff, associate.unwrap_or(0))?;
    open_case(&mut t, &s.cardigan_receipt)?;
    // Down to "Washed" (request, problem, cut, washed) and flip it.
    t.keys(Key::Down, 3);
    t.send(" ");
    t.wait_for("No return or exchange: the garment has been")?;
    t.wait_for("day 5 · rules R2")?;
    t.key(Key::F(10));
    t.wait_for("Refused by the rule shown")?;
    assert_eq!(shop.count(FIXTURE_RETURNS, []), 0);
    Ok(())
}

#[test]
fn an_exchange_from_another_shop_is_logged_with_its_transfer_date() -> TestResult {
    let shop = Shop::demo(30);
    let s = sales(&shop);
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    open_case(&mut t, &s.cardigan_receipt)?;
    // The request: return → exchange.
    t.send(" ");
    t.wait_for("fit to resell")?;
    t.wait_for("day 5 · rules")?;
    t.key(Key::F(10));
    t.wait_for("Are the goods for the exchange in the shop now?")?;
    t.key(Key::Right);
    t.key(Key::Enter);
    t.wait_for("Recorded in the returns log")?;
    let c = shop.conn();
    let (decision, amount, how, due, customer): (String, i64, String, String, i64) = c
        .query_row(
            "SELECT r.decision, r.amount_fen, r.exchange_how, r.transfer_due_on, r.customer_id FROM returns r
             JOIN purchase_lines l ON l.id = r.purchase_line_id JOIN products p ON p.id = l.product_id
             WHERE p.style_no LIKE 'ZZ-%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (decision.as_str(), amount, how.as_str(), due.as_str()),
        ("exchange", 49900, "transfer", "2026-11-24")
    );
    assert_eq!(customer, s.customer.id);
    // The same line cannot be settled twice.
    open_case_again(&mut t, &s.cardigan_receipt)?;
    Ok(())
}

fn open_case_again(t: &mut common::Tui, receipt: &str) -> TestResult {
    t.send("r");
    t.wait_for("Return or exchange: receipt number")?;
    t.send(receipt);
    t.wait_for("settled")?;
    t.key(Key::Enter);
    t.wait_for("returned or exchanged already")?;
    Ok(())
}

#[test]
fn a_repair_goes_from_intake_to_collection_with_its_receipt() -> TestResult {
    let shop = Shop::demo(30);
    let s = sales(&shop);
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    // From the leather jacket's line: a quality defect on day 80 → free repair (Q3).
    open_case(&mut t, "TR-0002")?;
    t.send(" "); // return → exchange
    t.send(" "); // exchange → repair
    t.key(Key::Down);
    t.send(" "); // none → quality defect
    t.wait_for("Free repair")?;
    t.key(Key::F(10));
    t.wait_for("Take in a repair")?;
    t.wait_for("Quality problem on day 80")?;
    // Symptoms, then take it in.
    t.send("left sleeve seam open");
    t.key(Key::F(10));
    t.wait_for("taken in. Goods receipt written to")?;
    let c = shop.conn();
    let (id, no, decision, rules): (i64, String, String, String) = c
        .query_row(
            "SELECT id, job_no, decision, rules FROM repair_jobs WHERE style_no = 'ZZ-LE-0003'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((decision.as_str(), rules.as_str()), ("free_repair", "Q3"));
    for width in [80, 32] {
        let path = shop
            .path()
            .join("receipts")
            .join(format!("{no}-{width}.txt"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            text.contains("GOODS RECEIPT") && text.contains(&no),
            "{text}"
        );
        assert!(text.contains("left sleeve seam open"), "{text}");
        // Step 8 (a) [S3 "三包"]: the guarantee in writing, the shop's own days.
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words.contains("Quality guarantee: a quality problem is returned within 7 days"),
            "{text}"
        );
        assert!(
            text.contains(&s.customer.phone[s.customer.phone.len() - 4..]),
            "{text}"
        );
        for line in text.lines() {
            assert!(common::display_width(line) <= width, "{width}: {line:?}");
        }
    }
    // A scanner's burst (digits and Enter within milliseconds) moves nothing:
    // its first digit only asks, the rest and the Enter are dropped.
    let state = |c: &rusqlite::Connection| -> String {
        c.query_row("SELECT state FROM repair_jobs WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
    };
    t.send("3141592653589\r");
    t.wait_for("Confirm the move")?;
    t.wait_stable(std::time::Duration::from_millis(300))?;
    assert_eq!(state(&c), "received");
    // Enter alone, however deliberate, lands on Cancel.
    t.key(Key::Enter);
    t.wait_gone("Confirm the move")?;
    assert_eq!(state(&c), "received");
    // received → ready (3) → collected (1), each confirmed by name.
    t.send("3");
    t.confirm_move(Some("“Ready”"))?;
    t.wait_for("A call to the customer is on the task list")?;
    t.send("1");
    t.confirm_move(Some("“Collected”"))?;
    t.wait_for("A revisit call is due 2026-11-26")?;
    let states: Vec<String> = c
        .prepare("SELECT state FROM job_events WHERE job_id = ?1 ORDER BY id")
        .unwrap()
        .query_map([id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(states, ["received", "ready", "collected"]);
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM tasks WHERE source = 'repair_job' AND source_id = ?1 AND kind IN ('repair_ready_call', 'repair_revisit')",
            [id]
        ),
        2
    );
    // The register export has the job.
    let out = shop.run(&[
        "export",
        "repairs",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
    ]);
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.starts_with('\u{feff}'), "{csv}");
    assert!(csv.contains(&no) && csv.contains("Collected"), "{csv}");
    Ok(())
}

#[test]
fn a_care_entitlement_starts_a_care_job_once() -> TestResult {
    let shop = Shop::demo(30);
    let s = sales(&shop);
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    t.search(&s.customer.phone_digits[s.customer.phone_digits.len() - 4..])?;
    t.open_selected(&s.customer)?;
    t.wait_for("Leather care: Test leather jacket")?;
    t.send("c");
    t.wait_for("Care job C26-")?;
    t.send("c");
    t.wait_for("No care entitlement left to use.")?;
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM care_jobs WHERE customer_id = ?1 AND item = 'Test leather jacket'",
            [s.customer.id]
        ),
        1
    );
    // At the desk, the care job moves through its stages.
    t.key(Key::F(6));
    t.wait_for("After-sale desk")?;
    t.keys(Key::Tab, 2);
    t.wait_for("1/5 Received")?;
    // Ours was received today: the last of the list.
    t.key(Key::End);
    t.send("n");
    t.confirm_move(Some("“Inspected”"))?;
    t.wait_for("now at Inspected")?;
    Ok(())
}

#[test]
fn a_manager_overrides_a_refusal_with_a_reason_on_record() -> TestResult {
    let shop = Shop::demo(30);
    let s = sales(&shop);
    let staff = shop.staff();
    let manager = staff
        .iter()
        .position(|m| {
            shop.count(
                "SELECT COUNT(*) FROM staff WHERE id = ?1 AND role = 'manager'",
                [m.id],
            ) == 1
        })
        .expect("a manager");
    let mut t = shop.app().start();
    t.sign_in(&staff, manager)?;
    open_case(&mut t, &s.cardigan_receipt)?;
    t.keys(Key::Down, 6); // tags removed
    t.send(" ");
    t.wait_for("day 5 · rules R2")?;
    t.send("o");
    t.wait_for("Override the refusal")?;
    // A person reads the dialog first (an Enter at once is taken for a stray key).
    std::thread::sleep(std::time::Duration::from_millis(350));
    // Enter with no reason: the dialog stays and says why.
    t.key(Key::Enter);
    t.wait_for("Write the reason for the override.")?;
    t.send("tags kept in the bag");
    // An Enter in the same burst as the typing never confirms: a person pauses.
    t.wait_stable(std::time::Duration::from_millis(300))?;
    t.key(Key::Enter);
    t.wait_for("Recorded in the returns log")?;
    let (decision, original, by, why, amount): (String, String, i64, String, i64) = shop
        .conn()
        .query_row(
            "SELECT r.decision, r.original_decision, r.overridden_by, r.override_reason, r.amount_fen FROM returns r
             JOIN purchase_lines l ON l.id = r.purchase_line_id JOIN products p ON p.id = l.product_id
             WHERE p.style_no LIKE 'ZZ-%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (
            decision.as_str(),
            original.as_str(),
            by,
            why.as_str(),
            amount
        ),
        (
            "return",
            "refused",
            staff[manager].id,
            "tags kept in the bag",
            49900
        )
    );
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM audit_log a JOIN returns r ON r.id = a.entity_id WHERE a.action = 'return_override' AND r.override_reason = 'tags kept in the bag'",
            []
        ),
        1
    );
    Ok(())
}
