//! The phone in a pseudo-terminal (issue 16): a trainee plays a phone card
//! on the callbacks screens of the practice shop — asks the customer's
//! questions one by one in the pane, adds a dated follow-up for each
//! question nobody can answer on the call, saves the call — and gets a
//! passing scorecard (every follow-up in time) or a failing one (one
//! missing, one too late); training.db and the practice shop agree. Then
//! the same follow-ups on a real callback: one without a day is refused
//! next to its field, and saving makes a follow-up task for each.

mod common;

use std::time::Duration;

use common::{Key, Shop, TestResult};

/// The Insert key, as xterm sends it.
const INSERT: &[u8] = b"\x1b[2~";

/// The follow-up tasks of the practice shop: (due, note, owner's name).
fn follow_ups(shop: &Shop) -> Vec<(String, String, String)> {
    let c = shop.sandbox();
    let mut stmt = c
        .prepare(
            "SELECT t.due_on, t.note, s.name FROM tasks t JOIN staff s ON s.id = t.staff_id
             WHERE t.kind = 'follow_up' AND t.source = 'task' AND t.period LIKE 'call%' ORDER BY t.id",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The scorecards kept for the card: (skill, passed).
fn kept(shop: &Shop, card: &str) -> Vec<(String, Option<bool>)> {
    let c = rusqlite::Connection::open(shop.path().join("training.db")).unwrap();
    let mut stmt = c
        .prepare("SELECT skill, passed FROM scorecards WHERE trainee = 'Tina' AND scenario = ?1")
        .unwrap();
    stmt.query_map([card], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_phone_card_with_every_follow_up_dated_in_time_passes() -> TestResult {
    let shop = Shop::demo(20);
    let mut t = shop.practice_list(160, 48)?;
    // The phone cards come last: the last is the bag's strap.
    t.key(Key::End);
    t.wait_for("A leather bag's strap, repaired")?;
    t.key(Key::Enter);
    t.wait_for("Repair ready call: Ms Zhao")?;
    t.wait_for("Ms Zhao, 33")?;
    // Asked before the customer has said anything: nothing to choose yet.
    t.write(INSERT);
    t.wait_for("(ask the customer first)")?;
    t.key(Key::PageDown);
    t.wait_for("Saturday")?;
    t.key(Key::PageDown);
    t.wait_for("jacket")?;
    // The row added before now offers the customer's question.
    t.wait_for("(choose the customer's question)")?;
    t.key(Key::Char(' '));
    t.wait_for("Whether the free leather care covers her bag")?;
    t.key(Key::Down);
    t.send("+2");
    t.key(Key::F(10));
    t.wait_for("Scorecard · Tina")?;
    t.wait_for("Follow-up made for: Whether the free leather care covers her bag, on 2026-11-25")?;
    t.wait_for("DOMAIN §3")?;
    t.wait_for("Passed")?;
    assert_eq!(
        follow_ups(&shop),
        [(
            "2026-11-25".to_string(),
            "Whether the free leather care covers her bag".to_string(),
            "Tina".to_string()
        )]
    );
    t.key(Key::Ctrl('q'));
    t.wait_exit(Duration::from_secs(5));
    assert_eq!(
        kept(&shop, "bag_strap_ready"),
        [("phone".to_string(), Some(true))]
    );
    Ok(())
}

#[test]
fn a_phone_card_with_a_follow_up_missing_and_one_late_fails() -> TestResult {
    let shop = Shop::demo(20);
    let mut t = shop.practice_list(160, 48)?;
    t.key(Key::End);
    t.wait_for("A leather bag's strap, repaired")?;
    t.key(Key::Up);
    t.wait_stable(Duration::from_millis(150))?;
    t.wait_for("A coat back from the repair centre")?;
    t.key(Key::Enter);
    t.wait_for("Repair ready call: Mr Gao")?;
    t.key(Key::PageDown);
    t.wait_for("knee")?;
    t.key(Key::PageDown);
    t.wait_for("loose")?;
    // One follow-up, for the delivery, five days on (two were allowed);
    // none for the loose button.
    t.write(INSERT);
    t.wait_for("(choose the customer's question)")?;
    t.key(Key::Char(' '));
    t.wait_for("Delivering the coat to his home")?;
    t.key(Key::Down);
    t.send("+5");
    t.key(Key::F(10));
    t.wait_for("Scorecard · Tina")?;
    t.wait_for("dated 2026-11-28, too late (due by 2026-11-25)")?;
    t.wait_for("No follow-up for: Looking at the loose button of his other coat")?;
    t.wait_for("Not yet passed")?;
    let made = follow_ups(&shop);
    assert_eq!(made.len(), 1, "{made:?}");
    assert_eq!(made[0].0, "2026-11-28");
    assert!(made[0].1.starts_with("Delivering the coat"), "{made:?}");
    t.key(Key::Ctrl('q'));
    t.wait_exit(Duration::from_secs(5));
    assert_eq!(
        kept(&shop, "coat_ready"),
        [("phone".to_string(), Some(false))]
    );
    Ok(())
}

#[test]
fn a_real_callback_makes_a_follow_up_for_each_question_left_open() -> TestResult {
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
    let customers = shop.customers_where("erased_at IS NULL AND length(name) <= 9", []);
    let a = &customers[0];
    let c = shop.conn();
    c.execute("DELETE FROM tasks WHERE staff_id = ?1", [me])
        .unwrap();
    c.execute(
        "UPDATE customers SET closest_staff_id = ?2 WHERE id = ?1",
        [a.id, me],
    )
    .unwrap();
    c.execute(
        "INSERT INTO purchases(receipt_no, customer_id, staff_id, purchased_on, total_fen, created_at)
         VALUES ('ZZ-FU-1', ?1, ?2, '2026-11-16', 59900, '2026-11-16T06:00:00Z')",
        [a.id, me],
    )
    .unwrap();
    drop(c);

    let mut t = shop.app().size(120, 32).start();
    t.sign_in(&staff, index)?;
    t.wait_for("My callbacks due")?;
    t.wait_for(&a.name)?;
    t.key(Key::Enter);
    t.wait_for(&format!("Purchase callback: {}", a.name))?;
    t.wait_for("Add follow-up")?;
    // Two questions left open: the first without a day.
    t.write(INSERT);
    t.wait_for("Follow-up 1 ")?;
    t.send("Is size M back in stock");
    t.write(INSERT);
    t.wait_for("Follow-up 2 ")?;
    t.send("Dry-clean the silk lining");
    t.key(Key::Down);
    t.send("+3");
    t.key(Key::F(10));
    t.wait_for("Type a day: YYYY-MM-DD, MM-DD or +N days.")?;
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM tasks WHERE kind = 'follow_up' AND staff_id = ?1",
            [me]
        ),
        0
    );
    // The focus is on the day refused: give it one, and save.
    t.send("2026-11-24");
    t.key(Key::F(10));
    t.wait_for("2 follow-ups made: 2026-11-24, 2026-11-26.")?;
    t.key(Key::Ctrl('q'));
    t.wait_exit(Duration::from_secs(5));

    let c = shop.conn();
    let mut stmt = c
        .prepare(
            "SELECT f.due_on, f.note, f.customer_id, p.kind = 'purchase_callback' AND p.outcome = 'reached'
             FROM tasks f JOIN tasks p ON p.id = f.follow_up_of
             WHERE f.kind = 'follow_up' AND f.staff_id = ?1 AND f.done_at IS NULL ORDER BY f.due_on",
        )
        .unwrap();
    let rows: Vec<(String, String, i64, bool)> = stmt
        .query_map([me], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        rows,
        [
            (
                "2026-11-24".to_string(),
                "Is size M back in stock".to_string(),
                a.id,
                true
            ),
            (
                "2026-11-26".to_string(),
                "Dry-clean the silk lining".to_string(),
                a.id,
                true
            ),
        ]
    );
    // The call itself is recorded as reached.
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM contacts WHERE staff_id = ?1 AND customer_id = ?2
             AND kind = 'purchase_callback' AND outcome = 'reached'",
            [me, a.id]
        ),
        1
    );
    Ok(())
}
