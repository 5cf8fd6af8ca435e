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
