//! When things go wrong: the connection drops, the tablet is left alone,
//! the key map is bad.

mod common;

use common::{Key, Shop, TestResult};
use std::time::{Duration, Instant};

/// Opens a new-customer form and types a name into it.
fn start_a_form(t: &mut common::Tui, name: &str) -> TestResult {
    t.key(Key::F(4));
    t.wait_for("New customer")?;
    t.send(name);
    t.wait_for(name)
}

fn drafts_of(shop: &Shop, staff_id: i64) -> Vec<String> {
    let c = shop.conn();
    let mut stmt = c
        .prepare("SELECT payload FROM drafts WHERE staff_id = ?1 AND kind = 'customer_form'")
        .unwrap();
    stmt.query_map([staff_id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_dropped_connection_keeps_the_draft_and_ends_the_process() -> TestResult {
    let shop = Shop::demo(20);
    let staff = shop.staff();
    let me = &staff[1];
    let mut t = shop.app().start();
    t.sign_in(&staff, 1)?;
    let name = "Hangup Harriet";
    start_a_form(&mut t, name)?;

    // Idle with the terminal open: the loop sleeps in poll, it does not spin.
    let ticks = t.cpu_ticks();
    let clock = Instant::now();
    std::thread::sleep(Duration::from_secs(1));
    let used = t.cpu_ticks() - ticks;
    // Clock ticks are 1/100 s: an idle second should cost a handful at most.
    assert!(
        used <= 15,
        "{} ticks of CPU in {:?} while idle",
        used,
        clock.elapsed()
    );
    assert!(
        drafts_of(&shop, me.id).is_empty(),
        "a draft exists before the hang-up: the test would prove nothing"
    );

    t.hang_up();
    let hung = Instant::now();
    let status = t.wait_exit(Duration::from_secs(2));
    assert!(
        status.is_some(),
        "still running 2 s after the hang-up, {} CPU ticks used since",
        t.cpu_ticks() - ticks - used
    );
    let status = status.unwrap();
    // A clean end, not a panic or an abort on the dead terminal.
    assert!(
        status.signal().is_none() && status.exit_code() == 0,
        "ended {:?} after the hang-up with {status:?}",
        hung.elapsed()
    );
    let drafts = drafts_of(&shop, me.id);
    assert_eq!(drafts.len(), 1, "the form is kept as a draft");
    assert!(drafts[0].contains(name), "{}", drafts[0]);

    // Back again, as the same person: the draft is offered and resumes.
    let mut t = shop.app().start();
    t.sign_in(&staff, 1)?;
    t.wait_for("You left a customer form unfinished")?;
    assert!(
        t.screen().contains(name),
        "{:?}",
        t.failure("the draft is not named")
    );
    t.wait_for("[ Resume ]")?;
    t.key(Key::Enter);
    t.wait_gone("You left a customer form unfinished")?;
    t.wait_for("New customer")?;
    t.wait_for(name)?;
    Ok(())
}

#[test]
fn the_idle_lock_returns_to_the_same_person_and_keeps_the_form() -> TestResult {
    let shop = Shop::demo(20);
    let staff = shop.staff();
    let me = &staff[1];
    let mut t = shop.app().env("AFTERCARE_IDLE_SECONDS", "2").start();
    // The second name, so that being preselected means something.
    t.sign_in(&staff, 1)?;
    let name = "Idle Ida";
    start_a_form(&mut t, name)?;
    let typed = Instant::now();

    t.wait_for("Screen locked")?;
    let waited = typed.elapsed();
    assert!(
        waited >= Duration::from_millis(1800),
        "locked after only {waited:?}"
    );
    t.wait_for(&format!("PIN for {}", me.name))?;
    assert!(
        t.screen().contains("not signed in"),
        "{:?}",
        t.failure("still signed in")
    );
    assert_eq!(drafts_of(&shop, me.id).len(), 1, "the lock keeps the form");

    t.sign_in_here(me)?;
    t.wait_for("You left a customer form unfinished")?;
    assert!(
        t.screen().contains(name),
        "{:?}",
        t.failure("the draft is not named")
    );
    t.key(Key::Enter);
    t.wait_gone("You left a customer form unfinished")?;
    t.wait_for("New customer")?;
    t.wait_for(name)?;
    Ok(())
}

/// Starts the app on `keymap` and expects it to refuse, naming the file and one of `lines`.
fn refuses_keymap(keymap: &str, lines: &[usize], says: &str) {
    let shop = Shop::empty();
    let path = shop.path().join("bad.toml");
    std::fs::write(&path, keymap).unwrap();
    let out = shop.run(&["--keymap", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    let named = lines
        .iter()
        .any(|l| stderr.contains(&format!("{}:{l}:", path.display())));
    assert!(named, "the file and line {lines:?} are not named: {stderr}");
    assert!(stderr.contains(says), "{stderr}");
    // It stopped before touching the terminal or the screen.
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_key_map_with_an_unknown_action_stops_the_start() {
    refuses_keymap(
        "[global]\nF2 = \"home\"\nF9 = \"fly_away\"\n",
        &[3],
        "unknown action \"fly_away\"",
    );
}

#[test]
fn a_key_map_with_one_key_twice_stops_the_start() {
    refuses_keymap(
        "[global]\n\"Ctrl-q\" = \"quit\"\n\"ctrl-Q\" = \"help\"\n",
        &[2, 3],
        "same key",
    );
}
