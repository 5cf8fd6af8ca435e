//! Records that agree (#13) in a pseudo-terminal: a repair taken in at the
//! desk for a customer found by phone, its ready call on their associate's
//! list, gone once the goods are collected.

mod common;

use common::{Key, Shop, TestResult};

#[test]
fn a_repair_taken_in_for_a_customer_found_by_phone_calls_them_until_collected() -> TestResult {
    let shop = Shop::demo(30);
    let cust = shop.findable_customer();
    let closest: i64 = shop
        .conn()
        .query_row(
            "SELECT closest_staff_id FROM customers WHERE id = ?1",
            [cust.id],
            |r| r.get(0),
        )
        .unwrap();
    let staff = shop.staff();
    let me = staff.iter().position(|s| s.id == closest).unwrap();
    let mut t = shop.app().start();
    t.sign_in(&staff, me)?;
    t.key(Key::F(6));
    t.wait_for("After-sale desk")?;
    t.send("i");
    t.wait_for("Take in a repair")?;
    t.wait_for("Type the customer's phone or name")?;
    t.key(Key::Tab);
    t.send(&cust.phone);
    t.wait_for(&format!("{} · file found by phone", cust.name))?;
    t.keys(Key::Tab, 3);
    t.send("Wool coat");
    t.keys(Key::Tab, 2);
    t.send("2026-10-01");
    t.key(Key::F(10));
    t.wait_for("taken in. Goods receipt written to")?;
    let (job, owner): (i64, Option<i64>) = shop
        .conn()
        .query_row(
            "SELECT id, customer_id FROM repair_jobs WHERE item = 'Wool coat'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(owner, Some(cust.id), "the job is on the customer's file");
    t.send("3");
    // The move waits off the screen's thread while another process holds
    // the write lock, and lands once it is freed.
    let holder = shop.conn();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    t.confirm_move(Some("to “Ready”?"))?;
    t.wait_for_within(
        "waiting for the database",
        std::time::Duration::from_secs(5),
    )?;
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    t.wait_for("A call to the customer is on the task list")?;
    let call = "SELECT COUNT(*) FROM tasks WHERE source = 'repair_job' AND source_id = ?1
                AND kind = 'repair_ready_call' AND done_at IS NULL AND customer_id = ?2 AND staff_id = ?3";
    assert_eq!(
        shop.count(call, [job, cust.id, closest]),
        1,
        "the ready call is the closest associate's"
    );
    let due = |shop: &Shop| {
        let out = shop.run(&["due", "--json"]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["callbacks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["kind"] == "repair_ready_call" && c["customer_id"] == cust.id)
            .count()
    };
    assert_eq!(due(&shop), 1, "the day's list has the call");
    t.send("1");
    t.confirm_move(Some("to “Collected”?"))?;
    t.wait_for("A revisit call is due")?;
    assert_eq!(
        shop.count(call, [job, cust.id, closest]),
        0,
        "the call is gone"
    );
    let outcome: String = shop
        .conn()
        .query_row(
            "SELECT outcome FROM tasks WHERE source = 'repair_job' AND source_id = ?1 AND kind = 'repair_ready_call'",
            [job],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(outcome, "goods_collected");
    assert_eq!(due(&shop), 0, "and no longer has it");
    Ok(())
}

#[test]
fn the_home_count_of_callbacks_due_is_aftercare_dues() -> TestResult {
    let shop = Shop::demo(60);
    let staff = shop.staff();
    // The associate with most open tasks.
    let (who, _): (i64, i64) = shop
        .conn()
        .query_row(
            "SELECT staff_id, COUNT(*) FROM tasks WHERE done_at IS NULL AND staff_id IS NOT NULL
             GROUP BY staff_id ORDER BY COUNT(*) DESC, staff_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let me = staff.iter().position(|s| s.id == who).unwrap();
    let mut t = shop.app().start();
    t.sign_in(&staff, me)?;
    t.wait_for("My callbacks due (")?;
    let screen = t.screen();
    let shown: usize = screen
        .split("My callbacks due (")
        .nth(1)
        .and_then(|r| r.split(')').next())
        .and_then(|n| n.parse().ok())
        .expect("a count on the home pane");
    let out = shop.run(&["due", "--staff", &staff[me].name, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed = v["callbacks"].as_array().unwrap();
    assert_eq!(
        shown,
        listed.len(),
        "home and `aftercare due` count the same"
    );
    // Two milestone thanks of one customer say which milestone each is.
    for c in listed.iter().filter(|c| c["kind"] == "milestone_thanks") {
        assert!(c["milestone_fen"].as_i64().is_some(), "{c}");
    }
    Ok(())
}

#[test]
fn a_sale_returned_at_the_desk_lowers_the_files_spend_and_tier() -> TestResult {
    use aftercare::store::purchases::NewLine;
    use aftercare::store::sales::{self, SaleLine};
    let shop = Shop::demo(30);
    let (phone, _) = shop.free_phone(4242);
    let mut c = shop.conn();
    c.execute_batch(
        "INSERT INTO products(style_no, name, category, list_price_fen, current_price_fen, sizes, colours) VALUES
            ('ZZ-SK-0001', 'Test skirt', 'textile', 150000, 150000, 'M', 'blue'),
            ('ZZ-CO-0002', 'Test coat', 'textile', 200000, 200000, 'M', 'black');",
    )
    .unwrap();
    let staff_id = shop.staff()[0].id;
    let mut v = aftercare::domain::customer::Values::new_customer();
    v.set(aftercare::domain::customer::Field::Name, "Rita Return");
    v.set(aftercare::domain::customer::Field::Phone, phone.as_str());
    let customer =
        aftercare::store::customers::create(&mut c, &v, staff_id, "2026-11-01".parse().unwrap())
            .map_err(|e| format!("{e:?}"))
            .unwrap();
    let line = |style: &str, price: i64| SaleLine {
        line: NewLine {
            product_id: c
                .query_row(
                    "SELECT id FROM products WHERE style_no = ?1",
                    [style],
                    |r| r.get(0),
                )
                .unwrap(),
            size: "M".into(),
            colour: "blue".into(),
            price_fen: price,
            add_on: false,
        },
        category: "textile".into(),
        asked_fen: price,
    };
    let lines = vec![line("ZZ-SK-0001", 150000), line("ZZ-CO-0002", 200000)];
    let p =
        aftercare::shop_data::policy::Policy::load(&aftercare::shop_data::files::Files::built_in())
            .unwrap();
    aftercare::store::vip::sync_thresholds(&mut c, &p).unwrap();
    aftercare::store::write(&mut c, |tx| {
        sales::record_sale(
            tx,
            "ZZ-R-0001",
            Some(customer),
            staff_id,
            "2026-11-20".parse().unwrap(),
            &lines,
            &aftercare::store::visits::rules(&p),
        )
    })
    .unwrap();
    drop(c);
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    t.key(Key::F(6));
    t.wait_for("After-sale desk")?;
    t.send("r");
    t.wait_for("Return or exchange: receipt number")?;
    t.send("ZZ-R-0001");
    t.wait_for("2 purchase lines")?;
    t.key(Key::Enter);
    t.wait_for("The case")?;
    // The skirt back within 7 days: the spend falls from ¥3,500 to ¥2,000.
    t.wait_for("Their tier falls from Silver to Regular.")?;
    // Another process holds the write lock: the desk waits off the screen's
    // thread, the decision still on screen, and records once it is free.
    let holder = shop.conn();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    t.key(Key::F(10));
    t.wait_for_within(
        "waiting for the database",
        std::time::Duration::from_secs(5),
    )?;
    assert!(t.screen().contains("The case"), "{}", t.screen());
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    t.wait_for("Recorded in the returns log")?;
    t.search("Rita Return")?;
    t.key(Key::Enter);
    t.wait_for("Spend ¥2,000.00 · 1 purchases")?;
    t.wait_for(" Regular ")?;
    // Down the file to the purchase history: the skirt shows its return.
    t.keys(Key::PageDown, 3);
    t.wait_for("returned 2026-11-23")?;
    let breaches = aftercare::store::invariants::breaches(&shop.conn()).unwrap();
    assert!(
        breaches
            .iter()
            .all(|b| b.row != customer || b.table != "customers"),
        "{breaches:?}"
    );
    Ok(())
}
