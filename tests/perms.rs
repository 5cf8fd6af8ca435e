//! Many staff accounts, one database: two throwaway OS users in one group,
//! both with umask 022, take turns on one shop; every file and folder
//! aftercare made is group-readable and -writable, never world-readable,
//! and the folders are set-group-id. Needs root (to add the users); skips
//! with a message otherwise.

mod common;

use common::{BIN, TIMEOUT, Tui, base_env, run_bounded};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Two users and their group, removed again when dropped.
struct Staff {
    group: String,
    users: [String; 2],
    gid: u32,
}

impl Staff {
    fn add() -> Option<Staff> {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            eprintln!("SKIPPED: the two-user permission test needs root to add OS users");
            return None;
        }
        for tool in ["useradd", "groupadd", "setpriv"] {
            if which(tool).is_none() {
                eprintln!("SKIPPED: the two-user permission test needs {tool}");
                return None;
            }
        }
        let tag = format!("{:x}", std::process::id() % 0xfffff);
        let group = format!("acg{tag}");
        let users = [format!("aca{tag}"), format!("acb{tag}")];
        let ok = |st: std::io::Result<std::process::ExitStatus>| st.map(|s| s.success());
        assert!(ok(Command::new("groupadd").arg(&group).status()).unwrap());
        for u in &users {
            let st = Command::new("useradd")
                .args(["-M", "-N", "-g", &group, "-s", "/bin/sh", u])
                .status();
            assert!(ok(st).unwrap(), "useradd {u}");
        }
        let out = Command::new("getent")
            .args(["group", &group])
            .output()
            .unwrap();
        let line = String::from_utf8_lossy(&out.stdout).into_owned();
        let gid = line.split(':').nth(2).unwrap().parse().unwrap();
        Some(Staff { group, users, gid })
    }

    /// The binary as `user`, umask 022, with `args`.
    fn command(&self, user: usize, home: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new("setpriv");
        cmd.args(self.wrapper(user)).arg(BIN).args(args);
        cmd.env_clear();
        for (k, v) in base_env(home) {
            cmd.env(k, v);
        }
        cmd.current_dir(home)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// setpriv's arguments that run what follows as `user` with umask 022.
    fn wrapper(&self, user: usize) -> Vec<String> {
        [
            "--reuid",
            &self.users[user],
            "--regid",
            &self.group,
            "--init-groups",
            "--",
            "sh",
            "-c",
            "umask 022; exec \"$@\"",
            "sh",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    fn run(&self, user: usize, home: &Path, args: &[&str]) -> Output {
        let out = run_bounded(self.command(user, home, args));
        assert!(
            out.status.success(),
            "{args:?} as {}: {}\n{}",
            self.users[user],
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

impl Drop for Staff {
    fn drop(&mut self) {
        for u in &self.users {
            let _ = Command::new("userdel").arg(u).status();
        }
        let _ = Command::new("groupdel").arg(&self.group).status();
    }
}

fn which(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .chain(["/usr/sbin".into(), "/sbin".into()])
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().mode() & 0o7777
}

/// Every file and folder under `dir`, with a note of what is wrong with it.
fn faults(dir: &Path, gid: u32, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let m = std::fs::symlink_metadata(&p).unwrap();
        let bits = m.mode() & 0o7777;
        if m.gid() != gid {
            out.push(format!(
                "{}: group {} is not the shop's",
                p.display(),
                m.gid()
            ));
        }
        if m.is_dir() {
            if bits != 0o2770 {
                out.push(format!("{}: folder mode {bits:o}", p.display()));
            }
            faults(&p, gid, out);
        } else if bits != 0o660 {
            out.push(format!("{}: file mode {bits:o}", p.display()));
        }
    }
}

#[test]
fn two_staff_accounts_with_umask_022_share_every_file() {
    let Some(staff) = Staff::add() else {
        return;
    };
    // The shop's folder as the README has the administrator make it.
    let base = tempfile::tempdir().unwrap();
    let shop_dir = base.path().join("srv");
    std::fs::create_dir(&shop_dir).unwrap();
    std::os::unix::fs::chown(&shop_dir, Some(0), Some(staff.gid)).unwrap();
    std::fs::set_permissions(&shop_dir, std::fs::Permissions::from_mode(0o2770)).unwrap();
    std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let home = base.path().join("home");
    std::fs::create_dir(&home).unwrap();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o777)).unwrap();
    // A folder aftercare makes itself (`shop/`), inside the shop's folder.
    let db = shop_dir.join("shop/shop.db");
    let db_s = db.display().to_string();

    // The first account writes the shop.
    staff.run(
        0,
        &home,
        &["demo", "--no-ui", "--customers", "20", "--db", &db_s],
    );
    // The second account opens the app on it and keeps it open.
    let mut args = staff.wrapper(1);
    args.extend([BIN.to_string(), "--db".into(), db_s.clone()]);
    let t = Tui::spawn_program("setpriv", &args, &[], &home, (100, 30));
    t.wait_for("PIN for")
        .expect("the app opens as the second account");
    let wal = common_suffix(&db, "-wal");
    let shm = common_suffix(&db, "-shm");
    let start = std::time::Instant::now();
    while !(wal.exists() && shm.exists()) && start.elapsed() < TIMEOUT {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(mode(&wal), 0o660, "the write-ahead log");
    assert_eq!(mode(&shm), 0o660, "the shared-memory file");

    // Meanwhile, both accounts write backups and exports into folders the
    // other made.
    let backups = shop_dir.join("shop/backups");
    let b_s = backups.display().to_string();
    staff.run(
        1,
        &home,
        &["backup", "--dir", &b_s, "--keep", "3", "--db", &db_s],
    );
    let copy = backups.join("manual.db").display().to_string();
    staff.run(0, &home, &["backup", &copy, "--db", &db_s]);
    let export = shop_dir.join("shop/exports/repairs.csv");
    let e_s = export.display().to_string();
    staff.run(
        1,
        &home,
        &["export", "repairs", "--out", &e_s, "--db", &db_s],
    );
    staff.run(
        0,
        &home,
        &["export", "returns", "--out", &e_s, "--db", &db_s],
    );
    // Writing to the database as the first account while the second has it open.
    staff.run(0, &home, &["due", "--db", &db_s]);

    let mut found = Vec::new();
    faults(&shop_dir, staff.gid, &mut found);
    assert!(found.is_empty(), "{}", found.join("\n"));
    drop(t);
    // Sanity: the app wrote as the second account, the demo as the first.
    let owner = |p: &Path| std::fs::metadata(p).unwrap().uid();
    assert_ne!(owner(&db), owner(&backups));
}

fn common_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}
