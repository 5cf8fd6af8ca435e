//! A session left alone sends nothing and costs nothing, and still shows
//! what another session saved (issue 14: an idle session drew every 250 ms
//! and read home again every minute, so 100 idle tablets used a whole core).

mod common;

use common::{Shop, TestResult};
use std::time::{Duration, Instant};

/// How many bytes the app writes to its terminal over `quiet`, doing nothing.
fn written_while_idle(t: &common::Tui, quiet: Duration) -> usize {
    let before = t.raw_output().len();
    std::thread::sleep(quiet);
    t.raw_output().len() - before
}

#[test]
fn an_idle_session_writes_nothing_and_uses_no_cpu() -> TestResult {
    let shop = Shop::demo(20);
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.sign_in(&staff, 1)?;
    t.wait_stable(Duration::from_millis(500))?;

    let ticks = t.cpu_ticks();
    let bytes = written_while_idle(&t, Duration::from_secs(3));
    let used = t.cpu_ticks() - ticks;
    assert_eq!(bytes, 0, "home, idle for 3 s, wrote {bytes} bytes");
    // Clock ticks are 1/100 s: three idle seconds cost at most a few.
    assert!(used <= 5, "{used} CPU ticks in 3 idle seconds on home");

    // On another screen, with a search typed, the same.
    t.search("Zh")?;
    t.wait_stable(Duration::from_millis(500))?;
    let bytes = written_while_idle(&t, Duration::from_secs(2));
    assert_eq!(bytes, 0, "the search, idle for 2 s, wrote {bytes} bytes");
    Ok(())
}

/// The number in a home pane's title, e.g. `My callbacks due (3)`.
fn pane_count(screen: &str, title: &str) -> Option<i64> {
    let at = screen.find(title)? + title.len();
    let rest = screen[at..].trim_start().strip_prefix('(')?;
    rest[..rest.find(')')?].parse().ok()
}

#[test]
fn a_task_saved_elsewhere_shows_on_an_idle_home_screen_at_once() -> TestResult {
    let shop = Shop::demo(20);
    let staff = shop.staff();
    let me = &staff[1];
    let mut t = shop.app().start();
    t.sign_in(&staff, 1)?;
    t.wait_stable(Duration::from_millis(500))?;
    // "My callbacks due" for an associate, "Callbacks due" for a manager.
    let title = "allbacks due";
    let before =
        pane_count(&t.screen(), title).ok_or_else(|| t.failure("no callbacks count on home"))?;

    // Another session (a manager, say) gives this associate a call for today.
    let customer: i64 = shop.count("SELECT MIN(id) FROM customers WHERE erased_at IS NULL", []);
    let today: String = shop
        .conn()
        .query_row("SELECT date(?1)", [common::NOW], |r| r.get(0))
        .unwrap();
    shop.conn()
        .execute(
            "INSERT INTO tasks (kind, customer_id, staff_id, due_on, source, source_id, note, created_at)
             VALUES ('miss_you', ?1, ?2, ?3, 'manual', 0, 'added elsewhere', ?3)",
            rusqlite::params![customer, me.id, today],
        )
        .unwrap();

    let clock = Instant::now();
    t.wait_until("the new count", Duration::from_secs(3), |t| {
        pane_count(&t.screen(), title) == Some(before + 1)
    })?;
    assert!(clock.elapsed() < Duration::from_secs(3));
    Ok(())
}

/// A typed character that changes only the field it lands in sends only
/// that character and the cursor: one frame, not two (issue 14: 93 bytes).
#[test]
fn a_typed_character_sends_only_its_echo() -> TestResult {
    let shop = Shop::demo(20);
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.sign_in(&staff, 1)?;
    t.key(common::Key::F(4));
    t.wait_for("New customer")?;
    t.send("Ann");
    t.wait_for("Ann")?;
    t.wait_stable(Duration::from_millis(400))?;
    let mut sizes = Vec::new();
    for c in ["e", "t", "t", "e"] {
        let before = t.raw_output().len();
        t.send(c);
        t.wait_stable(Duration::from_millis(300))?;
        sizes.push(t.raw_output().len() - before);
    }
    assert!(t.screen().contains("Annette"), "{}", t.screen());
    assert!(sizes.iter().all(|n| *n <= 32), "bytes per key: {sizes:?}");
    Ok(())
}
