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
