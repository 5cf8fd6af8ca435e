//! The source practices in a pseudo-terminal (issue 18): the VIP card from
//! a customer's file [S1 "告之顾客品牌 VIP 旳等级及成为 VIP 旳基本规定、VIP 顾客旳
//! 优惠及福利"], asked in the customer's language and written beside the
//! goods receipts; a step passed with nothing ticked asks once [S3]; the
//! make-up service offered with evening wear [S1 "消费晚装产品送化妆服务"].

mod common;

use common::{Key, Shop, TestResult};
use std::time::Duration;

#[test]
fn the_vip_card_is_written_in_the_customers_language_from_the_file() -> TestResult {
    let shop = Shop::demo(20);
    let staff = shop.staff();
    let c = shop.findable_customer();
    let mut t = shop.app().start();
    t.sign_in(&staff, 1)?;
    let query: String = c.name.chars().take(3).collect();
    t.search(&query)?;
    t.open_selected(&c)?;
    t.wait_for("b VIP card")?;
    t.send("b");
    t.wait_for("The VIP tiers and benefits card for")?;
    // The screen's language (English) is offered first; Tab picks Chinese.
    t.wait_stable(Duration::from_millis(300))?;
    t.key(Key::Tab);
    t.wait_stable(Duration::from_millis(100))?;
    t.key(Key::Enter);
    t.wait_for("VIP card written to")?;
    let path = shop
        .path()
        .join("receipts")
        .join(format!("vip-card-{}-zh-CN.txt", c.id));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}\n{}", path.display(), t.screen()));
    for part in ["VIP 等级与福利", "银卡", "金卡", "白金卡", "康乃馨", "会费"] {
        assert!(text.contains(part), "{part}: {text}");
    }
    for line in text.lines() {
        assert!(common::display_width(line) <= 32, "{line:?}");
    }
    // Esc asks nothing and writes nothing more.
    t.send("b");
    t.wait_for("The VIP tiers and benefits card for")?;
    t.key(Key::Esc);
    t.wait_gone("The VIP tiers and benefits card for")?;
    assert!(
        !shop
            .path()
            .join("receipts")
            .join(format!("vip-card-{}-en.txt", c.id))
            .exists()
    );
    Ok(())
}

#[test]
fn an_evening_gown_brings_the_makeup_service_which_the_file_then_shows() -> TestResult {
    let shop = Shop::demo(20);
    let vip = shop.findable_customer();
    shop.conn()
        .execute(
            "INSERT INTO products(style_no, name, category, list_price_fen, current_price_fen, sizes, colours)
             VALUES ('EV2601', 'Evening gown', 'textile', 259900, 259900, 'S,M', 'black')",
            [],
        )
        .unwrap();
    let staff = shop.staff();
    let mut t = shop.app().size(120, 36).start();
    t.sign_in(&staff, 1)?;
    t.key(Key::Char('n'));
    t.wait_for("Step 1 · Greet")?;
    // Nothing ticked on step 1: the first PgDn only asks.
    t.key(Key::PageDown);
    t.wait_for("Nothing ticked in Step 1 · Greet — move on anyway?")?;
    t.key(Key::PageDown);
    t.wait_for("Step 2 · Attend")?;
    t.key(Key::PageUp);
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
    t.send("EV2601");
    t.wait_for("+ EV2601")?;
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
    // The gown marked bought: the make-up service is offered.
    t.keys(Key::Tab, 4);
    t.key(Key::Char(' '));
    t.wait_for("Make-up service with evening wear: not offered")?;
    t.key(Key::Tab);
    t.key(Key::Char(' '));
    t.wait_for("‹ Bought ›")?;
    t.key(Key::Tab);
    t.key(Key::Char(' '));
    t.wait_for("Make-up service with evening wear: offered, not taken")?;
    t.key(Key::Char(' '));
    t.wait_for("Make-up service with evening wear: accepted, done today")?;
    t.key(Key::F(10));
    t.wait_for("Visit finished: receipt R20261123-")?;
    let (kind, gift): (String, String) = shop
        .conn()
        .query_row(
            "SELECT kind, gift FROM vip_rewards WHERE customer_id = ?1",
            [vip.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((kind.as_str(), gift.as_str()), ("makeup", "accepted"));
    // Her file lists it, with who gave it.
    let query: String = vip.name.chars().take(3).collect();
    t.search(&query)?;
    t.open_selected(&vip)?;
    for _ in 0..8 {
        if t.screen().contains("make-up service accepted, done today") {
            break;
        }
        t.key(Key::PageDown);
        t.wait_stable(Duration::from_millis(150))?;
    }
    t.wait_for("make-up service accepted, done today")?;
    Ok(())
}
