//! A manager in a pseudo-terminal: gives a miss-you task to another
//! associate, then works it, copying the library's miss-you message to the
//! clipboard (OSC 52); the database and the audit log agree.

mod common;

use common::{Key, Shop, TestResult};

#[test]
fn a_manager_reassigns_a_miss_you_task_and_copies_its_message() -> TestResult {
    let shop = Shop::demo(30);
    let staff = shop.staff();
    // The list is managers first, associates last: the last two are associates.
    let (owner, other) = (&staff[staff.len() - 1], &staff[staff.len() - 2]);
    let boss = staff
        .iter()
        .position(|m| {
            shop.count(
                "SELECT COUNT(*) FROM staff WHERE id = ?1 AND role = 'manager'",
                [m.id],
            ) == 1
        })
        .expect("a manager");
    let customer = &shop.customers_where("erased_at IS NULL AND length(name) <= 9", [])[0];
    let c = shop.conn();
    // Only this task is open: a miss-you for the customer, the last associate's.
    c.execute("UPDATE tasks SET done_at = '2026-11-01T00:00:00Z'", [])
        .unwrap();
    c.execute(
        "INSERT INTO tasks(kind, customer_id, staff_id, due_on, source, source_id, period, note, created_at)
         VALUES ('miss_you', ?1, ?2, '2026-11-23', 'customer', ?1, '2026-08-20', '', '2026-11-23T02:00:00Z')",
        [customer.id, owner.id],
    )
    .unwrap();
    drop(c);

    let mut t = shop.app().size(120, 32).start();
    t.sign_in(&staff, boss)?;
    t.wait_for("Callbacks due (1)")?;
    t.send("c");
    t.wait_for("Reassign")?;
    t.wait_for(&customer.name)?;
    // r: the picker opens on the owner; one up is the other associate.
    t.send("r");
    t.wait_for("Give this task to")?;
    t.key(Key::Up);
    t.key(Key::Enter);
    t.wait_for(&format!("Task given to {}", other.name))?;
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM tasks WHERE kind = 'miss_you' AND staff_id = ?1 AND reassigned_by IS NOT NULL",
            [other.id]
        ),
        1
    );
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'reassign_task'",
            []
        ),
        1
    );

    // Working it: the message from the library, filled in; F4 copies it.
    t.key(Key::Enter);
    t.wait_for(&format!("Miss you: {}", customer.name))?;
    t.wait_for("Message:")?;
    t.key(Key::F(4));
    t.wait_for("Message copied")?;
    let raw = String::from_utf8_lossy(&t.raw_output()).into_owned();
    let osc = raw
        .split("\x1b]52;c;")
        .nth(1)
        .and_then(|s| s.split('\x07').next())
        .expect("an OSC 52 sequence in the output");
    let text = decode(osc);
    assert!(text.contains(&customer.name), "{text}");
    assert!(
        text.contains(&staff[boss].name),
        "signed by who sends it: {text}"
    );
    // Reached (the first outcome), saved: the contact log has it.
    t.key(Key::F(10));
    t.wait_for("Tasks (0)")?;
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM contacts WHERE kind = 'miss_you' AND customer_id = ?1 AND outcome = 'reached'",
            [customer.id]
        ),
        1
    );
    Ok(())
}

/// Base64 back to text.
fn decode(s: &str) -> String {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(s)
        .expect("base64");
    String::from_utf8(bytes).expect("UTF-8")
}
