//! A throwaway PostgreSQL for the chain tests: PostgreSQL's own `initdb`
//! and `pg_ctl` into a temporary folder, on a free loopback port, as a
//! non-root user (`nobody` when the tests run as root: PostgreSQL refuses
//! to run as root). A watchdog stops it when the test process ends, however
//! it ends.
//!
//! No PostgreSQL: as root (CI, where `.ci/run` installs it) the tests fail
//! loudly; as another user they skip with a message.

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The superuser's password (the cluster lives only as long as the tests).
pub const ADMIN_PASSWORD: &str = "hq-admin-secret";

pub struct Cluster {
    pub port: u16,
    pub dir: PathBuf,
    bin: PathBuf,
    as_user: Option<&'static str>,
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// The folder of PostgreSQL's programs, if installed.
fn pg_bin() -> Option<PathBuf> {
    if let Ok(d) = std::env::var("AFTERCARE_PG_BIN") {
        return Some(PathBuf::from(d));
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").is_file() && b.join("pg_ctl").is_file())
        .collect();
    found.sort();
    if let Some(b) = found.pop() {
        return Some(b);
    }
    let out = Command::new("pg_config").arg("--bindir").output().ok()?;
    let b = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    b.join("initdb").is_file().then_some(b)
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("a free port");
    l.local_addr().unwrap().port()
}

impl Cluster {
    /// The cluster shared by this test binary's tests, started on first use.
    /// `None` (with a message) only when PostgreSQL is missing and the tests
    /// do not run as root.
    pub fn get() -> Option<&'static Cluster> {
        static CLUSTER: OnceLock<Option<Cluster>> = OnceLock::new();
        CLUSTER.get_or_init(Cluster::start).as_ref()
    }

    fn start() -> Option<Cluster> {
        let Some(bin) = pg_bin() else {
            if is_root() {
                panic!(
                    "PostgreSQL's initdb was not found (install the postgresql package; .ci/run does)"
                );
            }
            eprintln!("SKIPPED: no PostgreSQL initdb found; the chain tests need one");
            return None;
        };
        let as_user = is_root().then_some("nobody");
        let base = tempfile::Builder::new()
            .prefix("aftercare-pg-")
            .tempdir()
            .expect("a temporary folder")
            .keep();
        let dir = base.join("data");
        let sockets = base.join("run");
        std::fs::create_dir_all(&sockets).unwrap();
        let pwfile = base.join("pw");
        std::fs::write(&pwfile, ADMIN_PASSWORD).unwrap();
        if as_user.is_some() {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&base, std::fs::Permissions::from_mode(0o755)).unwrap();
            for p in [&base, &sockets, &pwfile] {
                chown_nobody(p);
            }
        }
        let cluster = Cluster {
            port: free_port(),
            dir,
            bin,
            as_user,
        };
        let out = cluster
            .pg(
                "initdb",
                &[
                    "-D",
                    &cluster.dir.display().to_string(),
                    "-U",
                    "postgres",
                    "--auth=scram-sha-256",
                    &format!("--pwfile={}", pwfile.display()),
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync",
                ],
            )
            .output()
            .expect("run initdb");
        assert!(
            out.status.success(),
            "initdb failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            cluster.port,
            sockets.display()
        );
        let log = base.join("postgres.log");
        let out = cluster
            .pg(
                "pg_ctl",
                &[
                    "-D",
                    &cluster.dir.display().to_string(),
                    "-o",
                    &opts,
                    "-l",
                    &log.display().to_string(),
                    "-w",
                    "-t",
                    "60",
                    "start",
                ],
            )
            .output()
            .expect("run pg_ctl");
        assert!(
            out.status.success(),
            "pg_ctl start failed: {}{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        cluster.watchdog(&base);
        Some(cluster)
    }

    /// A PostgreSQL program, as the cluster's user.
    fn pg(&self, program: &str, args: &[&str]) -> Command {
        let path = self.bin.join(program);
        let mut cmd = match self.as_user {
            Some(u) => {
                let mut c = Command::new("runuser");
                c.args(["-u", u, "--"]).arg(&path);
                c
            }
            None => Command::new(&path),
        };
        cmd.args(args).env("LC_ALL", "C").current_dir("/");
        cmd
    }

    /// Stops the cluster (and removes its folder) once this process is gone.
    fn watchdog(&self, base: &Path) {
        let stop = self.pg(
            "pg_ctl",
            &[
                "-D",
                &self.dir.display().to_string(),
                "-m",
                "immediate",
                "stop",
            ],
        );
        let prog = stop.get_program().to_string_lossy().into_owned();
        let args: Vec<String> = stop
            .get_args()
            .map(|a| format!("'{}'", a.to_string_lossy()))
            .collect();
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; LC_ALL=C '{prog}' {args} >/dev/null 2>&1; rm -rf '{base}'",
            pid = std::process::id(),
            args = args.join(" "),
            base = base.display()
        );
        // It outlives this process on purpose: never waited for.
        #[allow(clippy::zombie_processes)]
        Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the watchdog");
    }

    /// A URL for `user` on `db` (no password in it).
    pub fn url(&self, user: &str, db: &str) -> String {
        format!("postgres://{user}@127.0.0.1:{}/{db}", self.port)
    }

    /// The superuser on `db`.
    pub fn admin(&self, db: &str) -> postgres::Client {
        postgres::Config::new()
            .host("127.0.0.1")
            .port(self.port)
            .user("postgres")
            .password(ADMIN_PASSWORD)
            .dbname(db)
            .connect(postgres::NoTls)
            .expect("connect as the superuser")
    }

    /// `user` with `password` on `db`.
    pub fn login(&self, user: &str, password: &str, db: &str) -> postgres::Client {
        postgres::Config::new()
            .host("127.0.0.1")
            .port(self.port)
            .user(user)
            .password(password)
            .dbname(db)
            .connect(postgres::NoTls)
            .unwrap_or_else(|e| panic!("connect as {user}: {e}"))
    }

    /// A fresh database for one test.
    pub fn database(&self, name: &str) -> String {
        let mut c = self.admin("postgres");
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .expect("drop an old database");
        c.batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create a database");
        name.to_string()
    }
}

fn chown_nobody(p: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(p.as_os_str().as_bytes()).unwrap();
    let name = std::ffi::CString::new("nobody").unwrap();
    // SAFETY: a valid NUL-terminated name; the record is read at once.
    let (uid, gid) = unsafe {
        let pw = libc::getpwnam(name.as_ptr());
        assert!(!pw.is_null(), "no user nobody");
        ((*pw).pw_uid, (*pw).pw_gid)
    };
    // SAFETY: a valid NUL-terminated path.
    let rc = unsafe { libc::chown(c.as_ptr(), uid, gid) };
    assert_eq!(rc, 0, "chown {}", p.display());
}
