//! The staff board in a pseudo-terminal: the manager signs in, opens the
//! board from home, moves back a month and finds the figures the database
//! holds; an associate sees only their own row.

mod common;

use common::{Key, Shop, TestResult, Tui};

/// The figures on the row of `name`, as words.
fn row_of(t: &Tui, name: &str) -> Option<Vec<String>> {
    t.rows()
        .into_iter()
        .find(|l| l.starts_with(&format!("│{name}")))
        .map(|l| {
            l.trim_matches(|c: char| c == '│' || c.is_whitespace())
                .split_whitespace()
                .map(str::to_string)
                .collect()
        })
}

/// Files `staff` registered in October 2026 (the test clock is 23 November;
/// the test terminal runs in UTC).
fn files_in_october(shop: &Shop, staff: i64) -> i64 {
    shop.count(
        "SELECT COUNT(*) FROM customers WHERE registered_by = ?1 AND erased_at IS NULL
         AND created_at >= '2026-10-01T00:00:00Z' AND created_at < '2026-11-01T00:00:00Z'",
        [staff],
    )
}

#[test]
fn the_manager_opens_the_board_and_moves_a_month() -> TestResult {
    let shop = Shop::demo(300);
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    t.send("b");
    t.wait_for("November 2026")?;
    t.wait_for("Files contest")?;
    // Everyone active is on the board.
    for s in &staff {
        t.wait_until(&format!("{}'s row", s.name), common::TIMEOUT, |t| {
            row_of(t, &s.name).is_some()
        })?;
    }
    t.key(Key::Left);
    t.wait_for("October 2026")?;
    // Name, place, files, completeness, visits, conversion, add-on.
    for s in &staff {
        let want = files_in_october(&shop, s.id);
        t.wait_until(
            &format!("{} with {want} files in October", s.name),
            common::TIMEOUT,
            |t| row_of(t, &s.name).is_some_and(|r| r.get(2) == Some(&want.to_string())),
        )?;
    }
    let busiest = staff
        .iter()
        .max_by_key(|s| files_in_october(&shop, s.id))
        .unwrap();
    assert!(
        files_in_october(&shop, busiest.id) > 0,
        "the demo registers files"
    );
    // Shift-Tab moves the sort to the column before (the last of the
    // contacts): that half of the table comes into view.
    t.key(Key::BackTab);
    t.wait_for("Calls")?;
    let calls = shop.count(
        "SELECT COUNT(*) FROM contacts WHERE staff_id = ?1
         AND kind IN ('purchase_callback', 'follow_up', 'repair_ready_call', 'repair_revisit', 'complaint_revisit')
         AND at >= '2026-10-01T00:00:00Z' AND at < '2026-11-01T00:00:00Z'",
        [busiest.id],
    );
    t.wait_until("the callbacks of October", common::TIMEOUT, |t| {
        row_of(t, &busiest.name).is_some_and(|r| r.get(1) == Some(&calls.to_string()))
    })?;
    // Back to the month we are in; no later month.
    t.key(Key::Right);
    t.wait_for("November 2026")?;
    t.key(Key::Right);
    t.wait_for("current month")?;
    t.key(Key::Esc);
    t.wait_for("Callbacks due")?;
    // From the staff list (F7) too, and back to it.
    t.key(Key::F(7));
    t.wait_for(" Staff ")?;
    t.send("b");
    t.wait_for("Files contest")?;
    t.key(Key::Esc);
    t.wait_gone("Files contest")?;
    t.wait_for(" Staff ")?;
    Ok(())
}

#[test]
fn an_associate_sees_only_their_own_row() -> TestResult {
    let shop = Shop::demo(200);
    let staff = shop.staff();
    let conn = shop.conn();
    let associate: String = conn
        .query_row(
            "SELECT name FROM staff WHERE role = 'associate' AND active = 1 ORDER BY name LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let index = staff.iter().position(|s| s.name == associate).unwrap();
    let mut t = shop.app().start();
    t.sign_in(&staff, index)?;
    t.send("b");
    t.wait_for("My month")?;
    t.wait_until("their own row", common::TIMEOUT, |t| {
        row_of(t, &associate).is_some()
    })?;
    for s in staff.iter().filter(|s| s.name != associate) {
        assert!(
            row_of(&t, &s.name).is_none(),
            "{:?}",
            t.failure(&format!("{} is on {associate}'s board", s.name))
        );
    }
    Ok(())
}
