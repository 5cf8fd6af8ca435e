//! Faults met by the whole program: a damaged database, a killed demo, a
//! database locked by another process while someone types.

mod common;
mod corrupt;

use common::Shop;

#[test]
fn a_damaged_database_is_refused_at_start_with_what_to_do() {
    let shop = Shop::demo(20);
    assert!(corrupt::corrupt(&shop.db, |n| n.starts_with("customer")) >= 3);
    let before = std::fs::read(&shop.db).unwrap();
    let out = shop.run(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is damaged"), "{stderr}");
    assert!(stderr.contains("aftercare check"), "{stderr}");
    assert!(stderr.contains("backup"), "{stderr}");
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
