//! A long key storm against a demo shop, as a manager then an associate:
//! `cargo run --example keystorm -- [SEED] [KEYS]` (default seed 1, 20000 keys).
//! Prints what broke, or how long the storms took.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/storm/mod.rs"]
mod storm;

use common::Shop;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seed: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(1);
    let keys: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20_000);
    for role in ["manager", "associate"] {
        let shop = Shop::demo(200);
        let staff = shop.staff();
        let Some(who) = staff.iter().position(|m| {
            shop.count(
                "SELECT COUNT(*) FROM staff WHERE id = ?1 AND role = ?2",
                rusqlite::params![m.id, role],
            ) == 1
        }) else {
            eprintln!("no {role} in the demo shop");
            return ExitCode::FAILURE;
        };
        let before = storm::Ledger::read(&shop);
        let mut t = shop.app().size(100, 30).start();
        if let Err(e) = t.sign_in(&staff, who) {
            eprintln!("{e:?}");
            return ExitCode::FAILURE;
        }
        if let Err(e) = storm::storm(&mut t, seed, keys) {
            eprintln!("{role}: {e}");
            return ExitCode::FAILURE;
        }
        t.hang_up();
        let _ = t.wait_exit(std::time::Duration::from_secs(5));
        if let Err(e) = before.held(&storm::Ledger::read(&shop)) {
            eprintln!("{role}, seed {seed}: {e}");
            return ExitCode::FAILURE;
        }
        let out = shop.run(&["check"]);
        if !out.status.success() {
            eprintln!(
                "{role}: check failed: {}",
                String::from_utf8_lossy(&out.stdout)
            );
            return ExitCode::FAILURE;
        }
        println!("{role}: {keys} keys of seed {seed}: nothing broke");
    }
    ExitCode::SUCCESS
}
