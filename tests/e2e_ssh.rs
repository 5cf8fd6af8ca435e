//! The README's SSH recipe on a real OpenSSH server on loopback: a
//! throwaway `sshd` with its own config (the README's block, paths
//! substituted), host key and port; a staff account in the shop's group
//! signs in over `ssh -tt`; a Chinese tablet gets Chinese; killing the
//! client ends the server-side app within 2 s with the form kept as a draft.
//! Skips, saying so, only where no `sshd` can be found (`.ci/run` installs
//! openssh-server when it is missing).

mod common;

use common::{BIN, Key, Shop, TIMEOUT, TestResult, Tui};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn find_sshd() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    dirs.extend(["/usr/sbin".into(), "/usr/local/sbin".into(), "/sbin".into()]);
    dirs.into_iter()
        .map(|d| d.join("sshd"))
        .find(|p| p.is_file())
}

/// The sshd lines of the README, between its markers, code fences dropped.
fn readme_recipe() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("the README");
    let start = readme
        .find("<!-- aftercare-sshd begin -->")
        .expect("the README marks its sshd block");
    let end = readme
        .find("<!-- aftercare-sshd end -->")
        .expect("the README marks the end of its sshd block");
    readme[start..end]
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with("```"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Who signs in: a throwaway account in a throwaway group (as root), or
/// this user in their own group.
struct Account {
    user: String,
    group: String,
    gid: u32,
    created: bool,
}

impl Account {
    fn make(home: &Path) -> Account {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            let user = out(Command::new("id").arg("-un"));
            let group = out(Command::new("id").arg("-gn"));
            let gid = out(Command::new("id").arg("-g")).parse().unwrap();
            return Account {
                user,
                group,
                gid,
                created: false,
            };
        }
        let tag = format!("{:x}", std::process::id() % 0xfffff);
        let group = format!("acs{tag}");
        let user = format!("acu{tag}");
        assert!(
            Command::new("groupadd")
                .arg(&group)
                .status()
                .unwrap()
                .success()
        );
        let h = home.display().to_string();
        let st = Command::new("useradd")
            .args(["-M", "-N", "-g", &group, "-d", &h, "-s", "/bin/sh", &user])
            .status()
            .unwrap();
        assert!(st.success(), "useradd");
        // useradd leaves a new account locked ("!"), which sshd refuses even
        // for keys without PAM: "*" is no password, but not locked.
        let _ = Command::new("usermod").args(["-p", "*", &user]).status();
        let gid = out(Command::new("getent").args(["group", &group]))
            .split(':')
            .nth(2)
            .unwrap()
            .parse()
            .unwrap();
        std::os::unix::fs::chown(home, None, Some(gid)).unwrap();
        Account {
            user,
            group,
            gid,
            created: true,
        }
    }
}

impl Drop for Account {
    fn drop(&mut self) {
        if self.created {
            let _ = Command::new("userdel").arg(&self.user).status();
            let _ = Command::new("groupdel").arg(&self.group).status();
        }
    }
}

fn out(cmd: &mut Command) -> String {
    let o = cmd.output().unwrap();
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn keygen(path: &Path) {
    let st = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .stdout(Stdio::null())
        .status()
        .expect("ssh-keygen");
    assert!(st.success());
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The server-side app of this shop: its process id, if one is running.
fn server_app(db: &Path) -> Vec<i32> {
    let want = db.display().to_string();
    let mut pids = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let Ok(cmd) = std::fs::read(e.path().join("cmdline")) else {
            continue;
        };
        let args: Vec<String> = cmd
            .split(|b| *b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        if args.first().map(String::as_str) == Some(BIN) && args.contains(&want) {
            pids.push(pid);
        }
    }
    pids
}

fn alive(pid: i32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
        && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map(|s| s.contains(") Z "))
            .unwrap_or(true)
}

fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
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
fn the_readme_recipe_serves_a_tablet_over_ssh() -> TestResult {
    let Some(sshd) = find_sshd() else {
        eprintln!("SKIPPED: no sshd found (install openssh-server; .ci/run does)");
        return Ok(());
    };
    let shop = Shop::demo(20);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    let home = d.join("home");
    std::fs::create_dir(&home).unwrap();
    let account = Account::make(&home);

    // The shop's folder as the README has it made.
    let shop_dir = shop.path();
    std::os::unix::fs::chown(shop_dir, None, Some(account.gid)).unwrap();
    std::fs::set_permissions(shop_dir, std::fs::Permissions::from_mode(0o2770)).unwrap();
    for f in std::fs::read_dir(shop_dir).unwrap().flatten() {
        std::os::unix::fs::chown(f.path(), None, Some(account.gid)).unwrap();
    }
    assert_eq!(std::fs::metadata(&shop.db).unwrap().mode() & 0o777, 0o660);

    keygen(&d.join("host_key"));
    keygen(&d.join("client_key"));
    std::fs::create_dir(d.join("authorized")).unwrap();
    std::fs::copy(
        d.join("client_key.pub"),
        d.join("authorized").join(&account.user),
    )
    .unwrap();
    let port = free_port();
    let recipe = readme_recipe()
        .replace("/usr/local/bin/aftercare", BIN)
        .replace("/srv/aftercare/shop.db", &shop.db.display().to_string())
        .replace("shopstaff", &account.group);
    // The test's own scaffolding first (port, keys, no PAM), then the README's lines.
    let config = format!(
        "Port {port}\nListenAddress 127.0.0.1\nHostKey {host}\nPidFile none\n\
         AuthorizedKeysFile {auth}/%u\nStrictModes no\nUsePAM no\n\
         PasswordAuthentication no\nKbdInteractiveAuthentication no\n\
         PermitRootLogin prohibit-password\nLogLevel ERROR\n{recipe}\n",
        host = d.join("host_key").display(),
        auth = d.join("authorized").display(),
    );
    let config_path = d.join("sshd_config");
    std::fs::write(&config_path, config).unwrap();
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        let _ = std::fs::create_dir_all("/run/sshd");
    }
    let check = Command::new(&sshd)
        .arg("-t")
        .arg("-f")
        .arg(&config_path)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "sshd -t refuses the README's config: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    let log = std::fs::File::create(d.join("sshd.log")).unwrap();
    let _server = Server(
        Command::new(&sshd)
            .arg("-D")
            .arg("-e")
            .arg("-f")
            .arg(&config_path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start sshd"),
    );
    wait_until("sshd to listen", || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    let ssh_args = |lang_env: bool| -> Vec<String> {
        let mut a: Vec<String> = [
            "-tt",
            "-p",
            &port.to_string(),
            "-i",
            &d.join("client_key").display().to_string(),
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        if lang_env {
            a.extend(["-o".into(), "SendEnv=LANG".into()]);
        }
        a.push(format!("{}@127.0.0.1", account.user));
        a
    };
    let sshd_log = || std::fs::read_to_string(d.join("sshd.log")).unwrap_or_default();

    // A Chinese tablet: its LANG crosses over (AcceptEnv) and the app speaks Chinese.
    let zh = [("LANG".to_string(), "zh_CN.UTF-8".to_string())];
    let t = Tui::spawn_program("ssh", &ssh_args(true), &zh, d, (100, 30));
    if t.wait_for("PIN：").is_err() {
        return Err(t.failure(&format!(
            "no Chinese sign-in over ssh; sshd: {}",
            sshd_log()
        )));
    }
    drop(t);
    wait_until("the Chinese session to end", || {
        server_app(&shop.db).is_empty()
    });

    // An English tablet signs in and starts a customer's form.
    let staff = shop.staff();
    let mut t = Tui::spawn_program("ssh", &ssh_args(true), &[], d, (100, 30));
    if t.wait_for("PIN for").is_err() {
        return Err(t.failure(&format!("no sign-in over ssh; sshd: {}", sshd_log())));
    }
    t.sign_in(&staff, 1)?;
    let name = "Tablet Tina";
    t.key(Key::F(4));
    t.wait_for("New customer")?;
    t.send(name);
    t.wait_for(name)?;
    let apps = server_app(&shop.db);
    assert_eq!(apps.len(), 1, "one app on the server: {apps:?}");
    let app = apps[0];
    let uid = std::fs::metadata(format!("/proc/{app}")).unwrap().uid();
    assert_eq!(
        out(Command::new("id").arg("-un").arg(uid.to_string())),
        account.user,
        "the app runs as the staff account"
    );
    assert!(drafts_of(&shop, staff[1].id).is_empty());

    // The client dies (the tablet's app is killed): the server side follows.
    // SAFETY: signalling our own child by pid.
    unsafe { libc::kill(t.pid as i32, libc::SIGKILL) };
    let killed = Instant::now();
    while alive(app) && killed.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !alive(app),
        "the server-side app still runs {:?} after the client was killed",
        killed.elapsed()
    );
    let drafts = drafts_of(&shop, staff[1].id);
    assert_eq!(drafts.len(), 1, "the form is kept as a draft");
    assert!(drafts[0].contains(name), "{}", drafts[0]);
    Ok(())
}
