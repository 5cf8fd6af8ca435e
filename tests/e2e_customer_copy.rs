//! Trust from the screen: a manager's copy of everything held about one
//! customer, and an erasure that only the customer's typed name completes.

mod common;

use common::{Key, Shop, TestResult};
use std::time::Duration;

fn manager(shop: &Shop, staff: &[common::Staff]) -> usize {
    staff
        .iter()
        .position(|m| {
            shop.count(
                "SELECT COUNT(*) FROM staff WHERE id = ?1 AND role = 'manager'",
                [m.id],
            ) == 1
        })
        .expect("a manager")
}

fn query_of(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    chars[..chars.len().min(3)].iter().collect()
}

#[test]
fn a_manager_exports_everything_held_about_a_customer_from_the_file() -> TestResult {
    let shop = Shop::demo(50);
    let staff = shop.staff();
    let c = shop.findable_customer();
    let mut t = shop.app().start();
    t.sign_in(&staff, manager(&shop, &staff))?;
    t.search(&query_of(&c.name))?;
    t.open_selected(&c)?;
    t.send("x");
    t.wait_for("Export everything about this customer")?;
    // Asked first: Esc writes nothing.
    t.key(Key::Esc);
    t.wait_gone("Export everything about this customer")?;
    t.send("x");
    t.wait_for("Export everything about this customer")?;
    // The screen's language (English here) is offered first; Tab would pick Chinese.
    t.wait_stable(Duration::from_millis(300))?;
    t.key(Key::Enter);
    t.wait_for("was written to")?;
    let path = shop
        .path()
        .join("exports")
        .join(format!("customer-{}-2026-11-23-en.txt", c.id));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        let listing: Vec<_> = std::fs::read_dir(shop.path().join("exports"))
            .map(|d| d.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        panic!(
            "{}: {e}; exports: {listing:?}\n{}",
            path.display(),
            t.screen()
        )
    });
    assert!(text.contains(&c.name) && text.contains(&c.phone), "{text}");
    for section in [
        "== Customer file ==",
        "== Purchases (",
        "== Contacts",
        "== Repair jobs (",
        "== Complaints (",
        "== Satisfaction surveys (",
    ] {
        assert!(text.contains(section), "{section} missing:\n{text}");
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode & 0o007, 0, "world-readable: {mode:o}");
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'subject_access' AND entity_id = ?1 AND detail = 'en'",
            [c.id]
        ),
        1
    );
    Ok(())
}

#[test]
fn an_associate_cannot_export_a_customers_data() -> TestResult {
    let shop = Shop::demo(50);
    let staff = shop.staff();
    let associate = staff
        .iter()
        .position(|m| {
            shop.count(
                "SELECT COUNT(*) FROM staff WHERE id = ?1 AND role = 'associate'",
                [m.id],
            ) == 1
        })
        .expect("an associate");
    let c = shop.findable_customer();
    let mut t = shop.app().start();
    t.sign_in(&staff, associate)?;
    t.search(&query_of(&c.name))?;
    t.open_selected(&c)?;
    t.send("x");
    t.wait_for("Only a manager can export")?;
    Ok(())
}

#[test]
fn the_cli_exports_one_customer_in_chinese_for_a_manager_only() {
    let shop = Shop::demo(30);
    let c = shop.findable_customer();
    let name: String = shop
        .conn()
        .query_row(
            "SELECT name FROM staff WHERE role = 'manager' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let id = c.id.to_string();
    let args = [
        "--lang",
        "zh-CN",
        "export",
        "customer",
        "--customer",
        &id,
        "--staff",
        &name,
    ];
    let mut cmd = shop.command(&args);
    cmd.env("AFTERCARE_PIN", "9999");
    let out = common::run_bounded(cmd);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let mut cmd = shop.command(&args);
    cmd.env("AFTERCARE_PIN", common::PIN);
    let out = common::run_bounded(cmd);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("== 顾客档案 ==") && text.contains(&c.name),
        "{text}"
    );
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'subject_access' AND entity_id = ?1",
            [c.id]
        ),
        1
    );
}
