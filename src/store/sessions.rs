//! Who has the shop database open. Every running app keeps a row in
//! `sessions` fresh from a background thread (its own connection), and
//! removes it when it ends. A session counts as open while its heartbeat
//! is recent, unless it was started on this machine by a process that is
//! no longer running (a crash or `kill -9` frees it at once).
//!
//! Heartbeat stamps are Unix seconds of the system clock: they measure
//! liveness, not shop time, so the app's fixed test clock does not apply.

use anyhow::Result;
use rusqlite::{Connection, params};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How often a running app says it is still there.
pub const HEARTBEAT: Duration = Duration::from_secs(20);
/// A session not heard from for this long has gone (a machine that died).
pub const STALE_AFTER: Duration = Duration::from_secs(90);

/// One running app on the shop database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: i64,
    pub host: String,
    pub pid: i64,
    pub os_user: String,
    pub started_at: String,
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// This machine's name.
pub fn host_name() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname NUL-terminates
    // when the name fits.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return String::new();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

/// The OS account running this process.
pub fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| {
            // SAFETY: getuid has no preconditions.
            unsafe { libc::getuid() }.to_string()
        })
}

/// Records this process as a session; returns its id.
pub fn begin(conn: &mut Connection) -> Result<i64> {
    super::write(conn, |tx| {
        tx.execute(
            "INSERT INTO sessions(host, pid, os_user, started_at, seen_unix) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                host_name(),
                std::process::id(),
                os_user(),
                super::now_utc(),
                unix_now()
            ],
        )?;
        Ok(tx.last_insert_rowid())
    })
}

pub fn beat(conn: &mut Connection, id: i64) -> Result<()> {
    super::write(conn, |tx| {
        tx.execute(
            "UPDATE sessions SET seen_unix = ?1 WHERE id = ?2",
            params![unix_now(), id],
        )?;
        Ok(())
    })
}

pub fn end(conn: &mut Connection, id: i64) -> Result<()> {
    super::write(conn, |tx| {
        tx.execute("DELETE FROM sessions WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// Whether a process of this machine is still running.
fn running_here(pid: i64) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// The sessions open now, other than this process's own.
pub fn open_now(conn: &Connection) -> Result<Vec<Session>> {
    let host = host_name();
    let me = i64::from(std::process::id());
    let fresh = unix_now() - STALE_AFTER.as_secs() as i64;
    let mut stmt = conn.prepare(
        "SELECT id, host, pid, os_user, started_at FROM sessions WHERE seen_unix >= ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([fresh], |r| {
        Ok(Session {
            id: r.get(0)?,
            host: r.get(1)?,
            pid: r.get(2)?,
            os_user: r.get(3)?,
            started_at: r.get(4)?,
        })
    })?;
    let mut out = Vec::new();
    for s in rows {
        let s = s?;
        let here = s.host == host;
        if here && (s.pid == me || !running_here(s.pid)) {
            continue;
        }
        out.push(s);
    }
    Ok(out)
}

/// Keeps this process's session row fresh until dropped; then removes it.
pub struct Heartbeat {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Heartbeat {
    /// Starts the heartbeat on its own connection to the shop database. A
    /// database that cannot be written (read-only copy) has no session.
    ///
    /// The session row is written on the heartbeat's own thread (a write
    /// waits for the disk), off the way to the first frame.
    pub fn start(path: &Path) -> Result<Heartbeat> {
        let path = path.to_path_buf();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let Ok(mut conn) = super::open_again(&path) else {
                return;
            };
            let Ok(id) = begin(&mut conn) else {
                return;
            };
            // A beat that meets another process's write lock is skipped (the
            // next one comes soon): the thread must see `stop` at once, so the
            // app's ending never waits on a lock it does not need.
            if conn.busy_timeout(Duration::from_millis(150)).is_err() {
                return;
            }
            let tick = Duration::from_millis(200);
            let mut waited = Duration::ZERO;
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(tick);
                waited += tick;
                if waited >= HEARTBEAT {
                    waited = Duration::ZERO;
                    let _ = beat(&mut conn, id);
                }
            }
            let _ = end(&mut conn, id);
        });
        Ok(Heartbeat {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Heartbeat {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_counts_while_its_process_runs_and_is_fresh() {
        let mut conn = crate::store::open_in_memory().unwrap();
        // This process's own session is never "someone else".
        let id = begin(&mut conn).unwrap();
        assert!(open_now(&conn).unwrap().is_empty());
        // A process of this machine that is running (pid 1 always is).
        conn.execute(
            "INSERT INTO sessions(host, pid, os_user, started_at, seen_unix) VALUES (?1, 1, 'ana', 'x', ?2)",
            params![host_name(), unix_now()],
        )
        .unwrap();
        // One that has ended on this machine, and one elsewhere gone stale.
        conn.execute(
            "INSERT INTO sessions(host, pid, os_user, started_at, seen_unix) VALUES (?1, ?2, 'bo', 'x', ?3)",
            params![host_name(), i32::MAX, unix_now()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO sessions(host, pid, os_user, started_at, seen_unix) VALUES ('tablet-2', 5, 'cy', 'x', ?1)",
            params![unix_now() - 3600],
        )
        .unwrap();
        let open: Vec<String> = open_now(&conn)
            .unwrap()
            .into_iter()
            .map(|s| s.os_user)
            .collect();
        assert_eq!(open, vec!["ana".to_string()]);
        end(&mut conn, id).unwrap();
        let n: i64 = conn
            .query_row("SELECT COUNT(*) FROM sessions WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(n, 0);
    }
}
