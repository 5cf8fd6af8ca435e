//! Faults met by the whole program: a damaged database, a killed demo, a
//! database locked by another process while someone types.

mod common;
mod corrupt;

use common::Shop;

#[test]
fn a_damaged_database_is_refused_at_start_with_what_to_do() {
    use std::time::Duration;
    let shop = Shop::demo(20);
    assert!(corrupt::corrupt(&shop.db, |n| n.starts_with("customer")) >= 3);
    let before = std::fs::read(&shop.db).unwrap();
    // In a terminal, so the start reaches the quick check (without one the
    // app refuses earlier, for another reason).
    let mut t = shop.app().start();
    let status = t.wait_exit(Duration::from_secs(20));
    let screen = String::from_utf8_lossy(&t.raw_output()).into_owned();
    assert_eq!(status.map(|s| s.exit_code()), Some(1), "{screen}");
    assert!(screen.contains("is damaged"), "{screen}");
    assert!(screen.contains("aftercare check"), "{screen}");
    assert!(screen.contains("backup"), "{screen}");
    assert!(
        std::fs::read(&shop.db).unwrap() == before,
        "the file was changed"
    );
    // `check` says the same.
    let out = shop.run(&["check"]);
    assert!(!out.status.success());
}

/// Files in the shop's folder whose names start with `prefix`.
fn named(shop: &Shop, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(shop.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    v.sort();
    v
}

#[test]
fn a_demo_killed_mid_write_is_never_reused() {
    use std::time::{Duration, Instant};
    let shop = Shop::empty();
    // Big enough to take many seconds: it is killed long before the end.
    let mut child = shop
        .command(&["demo", "--no-ui", "--customers", "20000", "--seed", "3"])
        .spawn()
        .unwrap();
    let started = Instant::now();
    // Killed once the shop is well under way: its file (or the temporary
    // one beside it) holds the shop row, staff and catalogue already.
    loop {
        let bytes: u64 = std::fs::read_dir(shop.path())
            .unwrap()
            .filter_map(|e| e.ok()?.metadata().ok())
            .map(|m| m.len())
            .sum();
        if bytes > 2_000_000 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the demo ended before it could be killed"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no demo written"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        !shop.db.exists(),
        "a half-written demo stands where the shop goes"
    );

    // The next demo writes a whole new shop, and clears what the killed one left.
    let out = shop.run(&["demo", "--no-ui", "--customers", "30", "--seed", "3"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Demo shop written"), "{stdout}");
    assert_eq!(named(&shop, "shop.db"), ["shop.db"]);
    let customers: i64 = shop
        .conn()
        .query_row("SELECT COUNT(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(customers, 30);
    let out = shop.run(&["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]

fn a_held_write_lock_never_freezes_the_keys_and_a_hang_up_keeps_the_edits() -> common::TestResult {
    use common::Key;
    use std::time::{Duration, Instant};
    let shop = Shop::demo(20);
    let staff = shop.staff();
    let me = &staff[1];
    let mut t = shop.app().start();
    t.sign_in(&staff, 1)?;
    t.key(Key::F(4));
    t.wait_for("New customer")?;
    let mut typed = String::from("Locked Lucy ");
    t.send(&typed);
    t.wait_for(&typed)?;

    // Another process takes the write lock and keeps it.
    let holder = shop.conn();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    // Past the autosave (every 5 s while editing): every key still echoes at once.
    let until = Instant::now() + Duration::from_secs(7);
    let mut slowest = Duration::ZERO;
    while Instant::now() < until {
        t.send("z");
        typed.push('z');
        let sent = Instant::now();
        t.wait_for(&typed)?;
        slowest = slowest.max(sent.elapsed());
        std::thread::sleep(Duration::from_millis(400));
    }
    assert!(
        slowest < Duration::from_secs(1),
        "a key took {slowest:?} to echo"
    );
    t.wait_for_within("waiting for the database", Duration::from_secs(1))?;

    t.hang_up();
    let hung = Instant::now();
    let status = t.wait_exit(Duration::from_secs(2));
    assert!(status.is_some(), "still running 2 s after the hang-up");
    assert!(hung.elapsed() < Duration::from_secs(2));
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    let kept = std::fs::read_dir(shop.path().join("drafts"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect::<Vec<_>>();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].contains(typed.trim()), "{}", kept[0]);

    // The next start puts it back in the database, and it is offered.
    let mut t = shop.app().start();
    t.sign_in(&staff, 1)?;
    t.wait_for("You left a customer form unfinished")?;
    let in_db = shop.count(
        "SELECT COUNT(*) FROM drafts WHERE staff_id = ?1 AND payload LIKE ?2",
        rusqlite::params![me.id, format!("%{}%", typed.trim())],
    );
    assert_eq!(in_db, 1);
    assert_eq!(
        std::fs::read_dir(shop.path().join("drafts"))
            .unwrap()
            .count(),
        0
    );
    Ok(())
}

#[test]
fn a_save_waits_for_a_held_lock_off_the_screen_and_lands_when_it_is_freed() -> common::TestResult {
    use common::Key;
    use std::time::{Duration, Instant};
    let shop = Shop::demo(20);
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    t.key(Key::F(4));
    t.wait_for("New customer")?;
    t.send("Held Hana");
    t.wait_for("Held Hana")?;
    t.key(Key::Tab);
    let (phone, digits) = shop.free_phone(5550303);
    t.send(&phone);
    t.wait_for(&phone)?;

    // Another process holds the write lock while the form is saved.
    let holder = shop.conn();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    t.key(Key::Ctrl('s'));
    t.wait_for_within("waiting for the database", Duration::from_secs(3))?;
    // The screen still answers: the form is still there and takes keys.
    t.key(Key::BackTab);
    let sent = Instant::now();
    t.send("y");
    t.wait_for("Held Hanay")?;
    assert!(
        sent.elapsed() < Duration::from_secs(1),
        "{:?}",
        sent.elapsed()
    );
    // A second save while the first waits is not queued twice.
    t.key(Key::Ctrl('s'));
    t.wait_for("Still saving")?;
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM customers WHERE phone_digits = ?1",
            [&digits]
        ),
        0
    );

    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    // Saved as it was sent; what was typed meanwhile stays on the form.
    t.wait_for("not saved yet")?;
    t.wait_gone("waiting for the database")?;
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM customers WHERE phone_digits = ?1 AND name = 'Held Hana'",
            [&digits]
        ),
        1
    );
    t.wait_for("Held Hanay")?;
    t.key(Key::Ctrl('s'));
    t.wait_for("Saved: Held Hanay")?;
    let found = shop.customers_where("phone_digits = ?1", [&digits]);
    assert_eq!(found.len(), 1, "saved twice");
    assert_eq!(found[0].name, "Held Hanay");
    Ok(())
}

#[test]
fn a_sign_in_waits_for_a_held_lock_off_the_screen_and_the_keys_still_answer() -> common::TestResult
{
    use common::Key;
    use std::time::{Duration, Instant};
    let shop = Shop::demo(20);
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.wait_for(&format!("PIN for {}", staff[0].name))?;

    // Another process holds the write lock while the PIN is checked (a
    // sign-in writes: the failed tries, the time signed in).
    let holder = shop.conn();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    t.send(common::PIN);
    t.key(Key::Enter);
    t.wait_for_within("Checking the PIN", Duration::from_secs(2))?;
    // The screen still answers while the check waits.
    let sent = Instant::now();
    t.key(Key::Down);
    t.wait_for(&format!("PIN for {}", staff[1].name))?;
    assert!(
        sent.elapsed() < Duration::from_secs(1),
        "a key took {:?} while the sign-in waited",
        sent.elapsed()
    );
    // A second Enter while the check waits does not check twice.
    t.send(common::PIN);
    t.key(Key::Enter);
    t.wait_for("Checking the PIN")?;

    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    // The PIN was the first person's: they are signed in.
    t.wait_for(&format!("│ {} · ", staff[0].name))?;
    t.key(Key::Ctrl('q'));
    t.wait_exit(Duration::from_secs(5));
    Ok(())
}

#[test]
fn a_hang_up_while_a_sign_in_waits_for_the_lock_exits_at_once() -> common::TestResult {
    use common::Key;
    use std::time::{Duration, Instant};
    let shop = Shop::demo(20);
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.wait_for(&format!("PIN for {}", staff[0].name))?;
    let holder = shop.conn();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    t.send(common::PIN);
    t.key(Key::Enter);
    t.wait_for_within("Checking the PIN", Duration::from_secs(2))?;
    t.hang_up();
    let hung = Instant::now();
    let status = t.wait_exit(Duration::from_secs(2));
    assert!(status.is_some(), "still running 2 s after the hang-up");
    assert!(hung.elapsed() < Duration::from_secs(2));
    holder.execute_batch("ROLLBACK").unwrap();
    Ok(())
}

#[test]
fn f5_while_another_process_holds_the_lock_leaves_the_keys_answering() -> common::TestResult {
    use common::Key;
    use std::time::{Duration, Instant};
    let shop = Shop::demo(20);
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    let holder = shop.conn();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    // Making the tasks owed writes: it waits for the lock off the screen.
    t.key(Key::F(5));
    std::thread::sleep(Duration::from_millis(300));
    let sent = Instant::now();
    t.key(Key::F(3));
    t.wait_for("Find a customer")?;
    assert!(
        sent.elapsed() < Duration::from_secs(1),
        "a key took {:?} while F5 waited",
        sent.elapsed()
    );
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    t.key(Key::Ctrl('q'));
    t.wait_exit(Duration::from_secs(5));
    Ok(())
}
