//! Broken data files in a shop's own folder stop the start, each named by
//! file and line (or file and key): a folder or a dangling link where a
//! file should be, a locale missing strings, a number out of range.

mod common;

use aftercare::i18n::Locale;
use aftercare::shop_data::files::Files;
use aftercare::shop_data::policy::Policy;
use std::path::Path;

fn shipped(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// A shop folder holding `files` (relative path, text) and nothing else.
fn home_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("data/locales")).unwrap();
    dir
}

#[test]
fn a_policy_that_is_a_folder_or_a_dangling_link_is_refused() {
    let home = home_with(&[]);
    let policy = home.path().join("data/policy.toml");
    std::fs::create_dir_all(&policy).unwrap();
    let e = Policy::load(&Files::at(home.path())).unwrap_err();
    assert_eq!(e.file, policy.display().to_string(), "{e}");
    assert!(e.message.contains("folder"), "{e}");

    std::fs::remove_dir(&policy).unwrap();
    std::os::unix::fs::symlink(home.path().join("gone.toml"), &policy).unwrap();
    let e = Policy::load(&Files::at(home.path())).unwrap_err();
    assert_eq!(e.file, policy.display().to_string(), "{e}");
    assert!(e.message.contains("link"), "{e}");
}

#[test]
fn a_locale_file_that_is_a_folder_is_refused() {
    let home = home_with(&[]);
    let dir = home.path().join("data/locales/extra.zh-CN.toml");
    std::fs::create_dir_all(&dir).unwrap();
    let e = Locale::load(&Files::at(home.path()), "zh-CN").unwrap_err();
    assert_eq!(e.file, dir.display().to_string(), "{e}");
}

#[test]
fn a_lockout_of_zero_minutes_is_refused_with_its_line() {
    let text = shipped("data/policy.toml");
    let (at, _) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.trim_start().starts_with("lockout_minutes"))
        .unwrap();
    let broken: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i == at { "lockout_minutes = 0" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    let home = home_with(&[("data/policy.toml", &broken)]);
    let e = Policy::load(&Files::at(home.path())).unwrap_err();
    assert_eq!(e.line, Some(at + 1), "{e}");
    assert!(e.message.contains("lockout_minutes"), "{e}");
}

#[test]
fn a_locale_missing_strings_is_refused_naming_file_and_key() {
    // The Chinese file without its `[size]` table.
    let text = shipped("data/locales/trust.zh-CN.toml");
    let cut: String = text
        .split("\n[")
        .filter(|part| !part.starts_with("size]"))
        .collect::<Vec<_>>()
        .join("\n[");
    assert!(!cut.contains("enlarge"));
    let home = home_with(&[("data/locales/trust.zh-CN.toml", &cut)]);
    let files = Files::at(home.path());
    for lang in ["zh-CN", "en"] {
        // Whichever language is asked for, every language must be whole.
        let e = Locale::load(&files, lang).unwrap_err();
        assert!(e.file.ends_with("data/locales/trust.zh-CN.toml"), "{e}");
        assert!(e.message.contains("size.enlarge"), "{e}");
    }
    // The same as a wrong type: a table where a string belongs.
    let typed = text.replace("enlarge = ", "[size.enlarge]\nx = ");
    let home = home_with(&[("data/locales/trust.zh-CN.toml", &typed)]);
    let e = Locale::load(&Files::at(home.path()), "zh-CN").unwrap_err();
    assert!(e.message.contains("size.enlarge"), "{e}");
}

#[test]
fn the_program_stops_with_exit_2_on_a_policy_folder() {
    let shop = common::Shop::empty();
    let home = home_with(&[]);
    let policy = home.path().join("data/policy.toml");
    std::fs::create_dir_all(&policy).unwrap();
    let mut cmd = shop.command(&["check"]);
    cmd.env("AFTERCARE_HOME", home.path());
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&policy.display().to_string()), "{stderr}");
}

/// A shop's own desk card (both languages) that promises what the shop's
/// policy does not give does not stop the program: `check` names it by
/// file and line (issue 16); only `aftercare train` waits for it
/// (tests/e2e_train_desk.rs).
#[test]
fn a_desk_card_the_policy_contradicts_is_reported_not_fatal() {
    let shop = common::Shop::empty();
    let swap = |text: String| {
        text.replacen(
            "decision = \"exchange\"\nrule = \"Q2\"",
            "decision = \"return\"\nrule = \"Q1\"",
            1,
        )
    };
    let en = swap(shipped("data/training/desk.en.toml"));
    let zh = swap(shipped("data/training/desk.zh-CN.toml"));
    let line = en[..en.find("rule = \"Q1\"").unwrap()]
        .matches('\n')
        .count();
    let home = home_with(&[
        ("data/training/desk.en.toml", &en),
        ("data/training/desk.zh-CN.toml", &zh),
    ]);
    let mut cmd = shop.command(&["check"]);
    cmd.env("AFTERCARE_HOME", home.path());
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(2), "{stderr}");
    let at = format!("desk.en.toml:{line}: ");
    assert!(stdout.contains(&at), "{at} not in {stdout}");
    assert!(stdout.contains("zip_day_ten"), "{stdout}");
}
