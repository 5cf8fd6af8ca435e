//! Full phones leave the app only on purpose; no export writes a formula.

mod common;

use common::{Shop, run_bounded};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// An eleven-digit mobile number written out in full.
fn has_full_phone(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(11)
        .any(|w| w[0] == b'1' && w.iter().all(u8::is_ascii_digit))
}

fn manager_and_associate(shop: &Shop) -> (String, String) {
    let c = shop.conn();
    let pick = |role: &str| -> String {
        c.query_row(
            "SELECT name FROM staff WHERE role = ?1 AND active = 1 ORDER BY id LIMIT 1",
            [role],
            |r| r.get(0),
        )
        .unwrap()
    };
    (pick("manager"), pick("associate"))
}

fn audited(shop: &Shop) -> i64 {
    shop.count(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'full_phones'",
        [],
    )
}

#[test]
fn due_masks_phones_unless_a_manager_asks_with_a_pin() {
    let shop = Shop::demo(60);
    let (manager, associate) = manager_and_associate(&shop);
    for args in [
        &["due", "--date", "2026-11-23"][..],
        &["due", "--date", "2026-11-23", "--json"],
    ] {
        let out = shop.run(args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let s = text(&out.stdout);
        assert!(s.contains("****"), "{s}");
        assert!(!has_full_phone(&s), "a full phone in: {s}");
    }
    // An associate cannot have them.
    let mut cmd = shop.command(&["due", "--json", "--full-phones", &associate]);
    cmd.env("AFTERCARE_PIN", common::PIN);
    let out = run_bounded(cmd);
    assert_eq!(out.status.code(), Some(2));
    assert!(!has_full_phone(&text(&out.stdout)));
    // A manager with a wrong PIN neither: the failure is counted.
    let mut cmd = shop.command(&["due", "--json", "--full-phones", &manager]);
    cmd.env("AFTERCARE_PIN", "9876");
    let out = run_bounded(cmd);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'wrong_pin'",
            []
        ),
        1
    );
    assert_eq!(audited(&shop), 0);
    // The manager with the PIN: in full, and audited.
    let mut cmd = shop.command(&["due", "--json", "--full-phones", &manager]);
    cmd.env("AFTERCARE_PIN", common::PIN);
    let out = run_bounded(cmd);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(has_full_phone(&text(&out.stdout)));
    assert_eq!(audited(&shop), 1);
}

#[test]
fn the_repair_register_masks_phones_and_guards_formula_cells() {
    let shop = Shop::demo(30);
    let (manager, _) = manager_and_associate(&shop);
    shop.conn()
        .execute(
            "INSERT INTO repair_jobs(customer_id, item, state, received_on, promised_on, job_no, contact_name,
                 contact_phone, address, symptoms, style_no, category, problem, decision, rules, reason)
             VALUES (NULL, 'coat', 'received', '2026-11-20', '2026-11-27', 'W26-99999', '@SUM(A1)',
                 '13912345678', '+1 Road', '=HYPERLINK(\"http://x\")', '-2+3', '', '', '', '', '')",
            [],
        )
        .unwrap();
    let args = [
        "export",
        "repairs",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
    ];
    let out = shop.run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let csv = text(&out.stdout);
    let line = csv.lines().find(|l| l.contains("W26-99999")).expect(&csv);
    assert!(!has_full_phone(&csv), "{csv}");
    assert!(line.contains("139****5678"), "{line}");
    for guarded in ["'@SUM(A1)", "'+1 Road", "'-2+3", "'=HYPERLINK"] {
        assert!(line.contains(guarded), "{guarded} not guarded: {line}");
    }
    // In full only for a manager, audited.
    let mut cmd = shop.command(&[&args[..], &["--full-phones", &manager]].concat());
    cmd.env("AFTERCARE_PIN", common::PIN);
    let out = run_bounded(cmd);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("13912345678"));
    assert_eq!(audited(&shop), 1);
}

#[test]
fn the_returns_log_guards_formula_cells() {
    let shop = Shop::demo(30);
    let c = shop.conn();
    let n = c
        .execute(
            "UPDATE returns SET override_reason = '=cmd|'' /C calc''!A0'",
            [],
        )
        .unwrap();
    if n == 0 {
        // No return in this demo: the shared guard is tested in export::tests.
        return;
    }
    let out = shop.run(&[
        "export",
        "returns",
        "--from",
        "2020-01-01",
        "--to",
        "2026-12-31",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let csv = text(&out.stdout);
    assert!(!csv.contains(",=cmd"), "{csv}");
    assert!(csv.contains("'=cmd"), "{csv}");
}
