//! Callbacks in a pseudo-terminal: an associate signs in and finds their
//! callbacks on the home pane, marks one reached with the customer's answers
//! (the washing question left open becomes a follow-up on the agreed day),
//! one not answered (tried again two days on), and finds both in the
//! contact log; then sends a birthday greeting and finds it in the log too;
//! the database agrees.

mod common;

use common::{Key, Shop, TestResult};

#[test]
fn an_associate_works_two_callbacks_and_finds_them_in_the_contact_log() -> TestResult {
    let shop = Shop::demo(30);
    let staff = shop.staff();
    let index = staff
        .iter()
        .position(|m| {
            shop.count(
                "SELECT COUNT(*) FROM staff WHERE id = ?1 AND role = 'associate'",
                [m.id],
            ) == 1
        })
        .expect("an associate");
    let me = staff[index].id;
    // A clean slate for this associate: no tasks of the demo's, and two
    // sales a week ago (due today) to customers closest to them.
    let customers = shop.customers_where("erased_at IS NULL AND length(name) <= 9", []);
    let (a, b, bday) = (&customers[0], &customers[1], &customers[2]);
    let c = shop.conn();
    c.execute("DELETE FROM tasks WHERE staff_id = ?1", [me])
        .unwrap();
    // Of this associate's customers, one has a birthday tomorrow.
    c.execute(
        "UPDATE customers SET birthday_md = NULL WHERE closest_staff_id = ?1",
        [me],
    )
    .unwrap();
    c.execute(
        "UPDATE customers SET birthday = '1990-11-24', birthday_md = 1124, greetings_ok = 1,
                closest_staff_id = ?2 WHERE id = ?1",
        [bday.id, me],
    )
    .unwrap();
    for (i, who) in [a, b].into_iter().enumerate() {
        c.execute(
            "UPDATE customers SET closest_staff_id = ?2 WHERE id = ?1",
            [who.id, me],
        )
        .unwrap();
        c.execute(
            "INSERT INTO purchases(receipt_no, customer_id, staff_id, purchased_on, total_fen, created_at)
             VALUES (?1, ?2, ?3, '2026-11-16', 59900, '2026-11-16T06:00:00Z')",
            rusqlite::params![format!("ZZ-CB-{i}"), who.id, me],
        )
        .unwrap();
    }
    drop(c);

    let mut t = shop.app().size(120, 32).start();
    t.sign_in(&staff, index)?;
    t.wait_for("My callbacks due")?;
    t.wait_for(&a.name)?;
    t.wait_for(&b.name)?;

    // The first: reached; likes it, comfortable, a washing question answered on the 26th.
    t.key(Key::Enter);
    t.wait_for("Purchase callback:")?;
    t.wait_for("Care question")?;
    t.keys(Key::Down, 3);
    t.send(" ");
    t.key(Key::Down);
    t.send(" ");
    t.key(Key::Down);
    t.send("  ");
    t.wait_for("Open: follow up")?;
    t.key(Key::Down);
    t.send("2026-11-26");
    // Past "Feedback goes to" (stays in the shop) to the note.
    t.keys(Key::Down, 2);
    t.send("asks how to wash silk");
    t.key(Key::F(10));
    t.wait_for("Follow-up on 2026-11-26")?;
    // Back home: the follow-up is on the pane, dated the agreed day.
    t.wait_for("Follow-up")?;
    assert!(t.screen().contains("11-26"), "{}", t.screen());

    // The second (now first on the pane): no answer, tried again in two days.
    t.key(Key::Enter);
    t.wait_for(&format!("Purchase callback: {}", b.name))?;
    t.send(" ");
    t.wait_for("No answer")?;
    // Saved while another process holds the write lock: the form waits off
    // the screen's thread and lands once the database is free.
    let holder = shop.conn();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    t.key(Key::F(10));
    t.wait_for_within(
        "waiting for the database",
        std::time::Duration::from_secs(5),
    )?;
    assert!(
        t.screen()
            .contains(&format!("Purchase callback: {}", b.name)),
        "{}",
        t.screen()
    );
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    t.wait_for("No answer: tried again on 2026-11-25")?;

    // The contact log has both, newest first.
    t.send("c");
    let logged = shop.count("SELECT COUNT(*) FROM contacts WHERE staff_id = ?1", [me]);
    t.wait_for(&format!("Contact log ({logged}"))?;
    t.key(Key::Right);
    t.wait_for("asks how to wash silk")?;
    let screen = t.screen();
    assert!(
        screen.contains("Reached") && screen.contains("No answer"),
        "{screen}"
    );

    // A birthday greeting sent from the greetings screen joins the log.
    t.key(Key::F(2));
    t.wait_for("My callbacks due")?;
    t.send("g");
    t.wait_for(&format!("To {}", bday.name))?;
    t.send("s");
    t.wait_for("copied: paste it into SMS or chat")?;
    t.key(Key::F(2));
    t.wait_for("My callbacks due")?;
    t.send("c");
    t.wait_for(&format!("Contact log ({}", logged + 1))?;
    t.key(Key::Right);
    t.wait_for("Birthday greeting")?;
    assert!(t.screen().contains(&bday.name), "{}", t.screen());
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM contacts WHERE staff_id = ?1 AND customer_id = ?2
             AND kind = 'birthday_greeting' AND outcome = 'sent'",
            [me, bday.id]
        ),
        1
    );

    let c = shop.conn();
    let follow: (String, i64) = c
        .query_row(
            "SELECT due_on, customer_id FROM tasks WHERE kind = 'follow_up' AND staff_id = ?1 AND done_at IS NULL",
            [me],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(follow, ("2026-11-26".to_string(), a.id));
    let retry: (String, i64) = c
        .query_row(
            "SELECT due_on, attempts FROM tasks WHERE kind = 'purchase_callback' AND customer_id = ?1
             AND source = 'purchase' AND done_at IS NULL AND staff_id = ?2",
            [b.id, me],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(retry, ("2026-11-25".to_string(), 1));
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM contacts WHERE staff_id = ?1 AND kind = 'purchase_callback'
             AND outcome IN ('reached', 'no_answer') AND at >= '2026-11-23'",
            [me]
        ),
        2
    );
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM purchases WHERE receipt_no = 'ZZ-CB-0' AND called_back_at IS NOT NULL",
            []
        ),
        1
    );
    Ok(())
}
