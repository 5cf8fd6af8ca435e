//! A birthday purchase at the till in a pseudo-terminal (issue 18, seed S1
//! `001_a34def3116873d92.txt`: "设置一种 VIP 顾客生日当日来店铺消费,可在原有
//! 折扣基础上再予以一定折扣旳优惠方式"): a gold VIP shopping on her birthday
//! gets the tier's extra discount at checkout, shown and recorded.

mod common;

use common::{Key, Shop, TestResult};

#[test]
fn a_gold_vip_buying_on_her_birthday_pays_ten_percent_less() -> TestResult {
    let shop = Shop::demo(20);
    let vip = shop.findable_customer();
    let c = shop.conn();
    // The test clock is 2026-11-23: her birthday. Gold: 10% in data/policy.toml.
    c.execute(
        "UPDATE customers SET birthday = '1990-11-23', birthday_md = 1123, tier = 'gold' WHERE id = ?1",
        [vip.id],
    )
    .unwrap();
    c.execute(
        "INSERT INTO products(style_no, name, category, list_price_fen, current_price_fen, sizes, colours)
         VALUES ('E9001', 'Evening dress', 'textile', 59900, 59900, 'S,M', 'black')",
        [],
    )
    .unwrap();
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.sign_in(&staff, 1)?;
    t.key(Key::Char('n'));
    t.wait_for("Step 1 · Greet")?;
    // Past the checklist (3) to the customer search: her phone, Enter links her.
    t.keys(Key::Tab, 3);
    t.send(&vip.phone);
    t.wait_for(&vip.name)?;
    t.key(Key::Enter);
    t.wait_for("Visit linked to")?;
    t.next_step("Step 2 · Attend")?;
    t.next_step("Step 3 · Product introduction")?;
    t.keys(Key::Tab, 3);
    t.send("E9001");
    t.wait_for("+ E9001")?;
    t.key(Key::Enter);
    t.wait_for("Added:")?;
    for title in [
        "Step 4 · Fitting",
        "Step 5 · Objections",
        "Step 6 · Praise and close",
        "Step 7 · Add-on sale",
        "Step 8 · Farewell service",
    ] {
        t.next_step(title)?;
    }
    t.keys(Key::Tab, 4);
    t.key(Key::Char(' '));
    t.wait_for("Birthday: 10% more off, pays ¥539.10")?;
    // Step 8 (a): the 三包 terms are told at checkout.
    t.wait_for("Quality guarantee:")?;
    t.key(Key::Tab);
    t.key(Key::Char(' '));
    t.wait_for("‹ Bought ›")?;
    t.key(Key::F(10));
    t.wait_for("Visit finished: receipt R20261123-")?;
    t.wait_for("¥539.10")?;
    let (total, percent, line): (i64, i64, i64) = c
        .query_row(
            "SELECT p.total_fen, p.birthday_discount_percent, l.price_fen FROM purchases p
             JOIN purchase_lines l ON l.purchase_id = p.id JOIN products pr ON pr.id = l.product_id
             WHERE pr.style_no = 'E9001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((total, percent, line), (53910, 10, 53910));
    Ok(())
}
