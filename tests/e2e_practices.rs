//! The source practices in a pseudo-terminal (issue 18): the VIP card from
//! a customer's file [S1 "告之顾客品牌 VIP 旳等级及成为 VIP 旳基本规定、VIP 顾客旳
//! 优惠及福利"], asked in the customer's language and written beside the
//! goods receipts.

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
