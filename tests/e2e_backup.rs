//! Backups and restores as a shop runs them, and the app started without a
//! terminal.

mod common;

use common::{BIN, Shop, TestResult, base_env, run_bounded};
use std::path::Path;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn without_a_terminal_the_app_says_so_in_one_line_and_exits_2() {
    let shop = Shop::demo(5);
    for args in [&[][..], &["demo", "--customers", "5"][..], &["train"][..]] {
        let out = shop.run(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{args:?}: {:?}", text(&out.stdout));
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!err.contains('\x1b'), "{err:?}");
        assert!(err.contains("needs a terminal"), "{err}");
        for works in ["check", "backup", "restore", "import", "export", "due"] {
            assert!(err.contains(works), "{works} missing from: {err}");
        }
        assert!(!err.contains("panicked"), "{err}");
    }
    // In Chinese too, and the commands that need none still work.
    let out = shop.run(&["--lang", "zh-CN"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("需要终端"),
        "{}",
        text(&out.stderr)
    );
    assert!(shop.run(&["check"]).status.success());
}

#[test]
fn dated_backups_keep_the_last_n_and_each_is_whole() {
    let shop = Shop::demo(20);
    let dir = shop.path().join("backups");
    let d = dir.display().to_string();
    for _ in 0..4 {
        let out = shop.run(&["backup", "--dir", &d, "--keep", "2"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let left = names(&dir);
    assert_eq!(left.len(), 2, "{left:?}");
    // The clock is fixed: the two newest of one second, in order.
    assert_eq!(left[0], "shop-2026-11-23-100000-3.db");
    assert_eq!(left[1], "shop-2026-11-23-100000-4.db");
    for name in &left {
        let out = run_bounded(shop.command_on(&dir.join(name), &["check"]));
        assert!(out.status.success(), "{name}: {}", text(&out.stdout));
    }
    // --keep without --dir, and neither a file nor --dir, are usage errors.
    assert_eq!(shop.run(&["backup", "--keep", "2"]).status.code(), Some(2));
    assert_eq!(shop.run(&["backup"]).status.code(), Some(2));
    assert_eq!(
        shop.run(&["backup", "--dir", &d, "--keep", "0"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_backup_that_runs_out_of_room_leaves_nothing_and_a_retry_works() {
    let shop = Shop::demo(300);
    let size = std::fs::metadata(&shop.db).unwrap().len();
    assert!(size > 400_000, "the demo shop is too small to test: {size}");
    let dir = shop.path().join("backups");
    std::fs::create_dir(&dir).unwrap();
    let d = dir.display().to_string();
    let file = dir.join("manual.db").display().to_string();
    // A file-size limit stands in for a full disk: writes past it fail (EFBIG).
    let full = |args: &[&str]| {
        let mut sh = std::process::Command::new("sh");
        sh.args(["-c", "trap '' XFSZ; ulimit -f 256; exec \"$@\"", "sh", BIN])
            .args(args)
            .arg("--db")
            .arg(&shop.db)
            .env_clear()
            .envs(base_env(shop.path()))
            .current_dir(shop.path())
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        run_bounded(sh)
    };
    for args in [
        &["backup", "--dir", &d, "--keep", "3"][..],
        &["backup", &file][..],
    ] {
        let out = full(args);
        assert!(!out.status.success(), "{args:?} should have failed");
        assert!(
            names(&dir).is_empty(),
            "{args:?} left {:?}: {}",
            names(&dir),
            text(&out.stderr)
        );
    }
    for args in [
        &["backup", "--dir", &d, "--keep", "3"][..],
        &["backup", &file][..],
    ] {
        let out = shop.run(args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    }
    assert_eq!(names(&dir).len(), 2, "{:?}", names(&dir));
    // An existing file is never overwritten.
    assert!(!shop.run(&["backup", &file]).status.success());
}

#[test]
fn restore_checks_the_backup_and_waits_for_everyone_to_leave() -> TestResult {
    let shop = Shop::demo(20);
    let name = |shop: &Shop| -> String {
        shop.conn()
            .query_row("SELECT name FROM shop", [], |r| r.get(0))
            .unwrap()
    };
    let before = name(&shop);
    let backup = shop.path().join("monday.db");
    let b = backup.display().to_string();
    assert!(shop.run(&["backup", &b]).status.success());
    shop.conn()
        .execute("UPDATE shop SET name = 'Changed after the backup'", [])
        .unwrap();

    // Not a backup: refused with the reason, the shop untouched.
    let junk = shop.path().join("notes.db");
    std::fs::write(&junk, "shopping list").unwrap();
    let out = shop.run(&["restore", &junk.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not a SQLite database"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(name(&shop), "Changed after the backup");

    // Someone has the app open: refused, naming the session.
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    let out = shop.run(&["restore", &b]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(err.contains("1 app session"), "{err}");
    assert!(err.contains(&format!("process {}", t.pid)), "{err}");
    assert_eq!(name(&shop), "Changed after the backup");

    // They quit: the backup goes back, the old database is kept beside it.
    t.key(common::Key::Ctrl('q'));
    if t.wait_exit(common::TIMEOUT).is_none() {
        return Err(t.failure("the app did not quit"));
    }
    let out = shop.run(&["restore", &b]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(name(&shop), before);
    let kept = shop.path().join("shop-before-restore-2026-11-23-100000.db");
    let old: String = rusqlite::Connection::open(&kept)
        .unwrap()
        .query_row("SELECT name FROM shop", [], |r| r.get(0))
        .unwrap();
    assert_eq!(old, "Changed after the backup");
    assert!(shop.run(&["check"]).status.success());
    // No partial file anywhere.
    assert!(
        names(shop.path()).iter().all(|n| !n.contains("partial")),
        "{:?}",
        names(shop.path())
    );
    Ok(())
}
