//! Drafts saved off the screen's thread: a worker with its own database
//! connection saves them, so another process holding the write lock never
//! freezes the keys. On a hang-up the draft gets a moment to reach the
//! database, else it goes to a file of its own (0660) in the shop's
//! `drafts/` folder, merged back into the database at the next start.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use crate::store::{self, drafts};

/// One draft to keep: whose, what kind, which record, the form as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub staff: i64,
    pub kind: String,
    pub subject: i64,
    pub payload: String,
}

/// What the status line says while a draft is on its way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saving {
    Saving,
    /// More than a second: another process holds the database.
    Waiting,
}

pub struct Autosave {
    send: Sender<(u64, Job)>,
    done: Receiver<(u64, Option<String>)>,
    next: u64,
    /// The newest draft sent and not yet saved.
    pending: Option<(u64, Instant, Job)>,
    folder: PathBuf,
}

/// The shop's folder of drafts that could not reach the database.
pub fn folder_for(db: &Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("drafts")
}

impl Autosave {
    /// Starts the worker on its own connection to the shop database at `db`.
    /// The connection is opened on the worker, off the way to the first frame.
    pub fn start(db: &Path) -> Result<Autosave> {
        let path = db.to_path_buf();
        let (send, jobs) = channel::<(u64, Job)>();
        let (report, done) = channel();
        let clock = store::fixed_clock();
        std::thread::Builder::new()
            .name("autosave".into())
            .spawn(move || {
                store::fix_clock(clock);
                match store::open_again(&path) {
                    Ok(mut conn) => work(&mut conn, &jobs, &report),
                    // Every draft is answered with the fault (and kept in a
                    // file when the session ends).
                    Err(e) => {
                        for (id, _) in jobs {
                            if report.send((id, Some(format!("{e:#}")))).is_err() {
                                return;
                            }
                        }
                    }
                }
            })?;
        Ok(Autosave {
            send,
            done,
            next: 0,
            pending: None,
            folder: folder_for(db),
        })
    }

    /// Hands a draft to the worker; never waits.
    pub fn submit(&mut self, job: Job) {
        self.next += 1;
        if self.send.send((self.next, job.clone())).is_ok() {
            self.pending = Some((self.next, Instant::now(), job));
        }
    }

    /// Takes the worker's reports; the error of a failed save, if any.
    pub fn poll(&mut self) -> Option<String> {
        let mut failed = None;
        while let Ok((id, error)) = self.done.try_recv() {
            if self.pending.as_ref().is_some_and(|(p, ..)| *p == id) {
                self.pending = None;
            }
            failed = error.or(failed);
        }
        failed
    }

    /// The drafts folder of this shop.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    pub fn state(&self) -> Option<Saving> {
        self.pending.as_ref().map(|(_, since, _)| {
            if since.elapsed() >= Duration::from_secs(1) {
                Saving::Waiting
            } else {
                Saving::Saving
            }
        })
    }

    /// Before the process ends: waits up to `within` for the newest draft
    /// to be saved, else writes it to the drafts folder.
    pub fn flush(&mut self, within: Duration) -> Result<()> {
        let until = Instant::now() + within;
        while self.pending.is_some() && Instant::now() < until {
            if let Ok((id, error)) = self.done.recv_timeout(Duration::from_millis(20))
                && self.pending.as_ref().is_some_and(|(p, ..)| *p == id)
                && error.is_none()
            {
                self.pending = None;
            }
        }
        match self.pending.take() {
            Some((_, _, job)) => write_file(&self.folder, &job),
            None => Ok(()),
        }
    }
}

/// The worker: the newest draft first; a busy database is waited out
/// (a newer draft taking the place of the one waiting).
fn work(
    conn: &mut rusqlite::Connection,
    jobs: &Receiver<(u64, Job)>,
    report: &Sender<(u64, Option<String>)>,
) {
    let mut waiting: Option<(u64, Job)> = None;
    loop {
        if waiting.is_none() {
            match jobs.recv() {
                Ok(j) => waiting = Some(j),
                Err(_) => return,
            }
        }
        while let Ok(newer) = jobs.try_recv() {
            waiting = Some(newer);
        }
        let Some((id, j)) = waiting.take() else {
            continue;
        };
        let error = match drafts::save(conn, j.staff, &j.kind, j.subject, &j.payload) {
            Ok(()) => None,
            Err(e) if super::fault::trouble(&e) == super::fault::Trouble::Busy => {
                waiting = Some((id, j));
                continue;
            }
            Err(e) => Some(format!("{e:#}")),
        };
        if report.send((id, error)).is_err() {
            return;
        }
    }
}

/// Writes a draft to `<folder>/<staff>-<kind>-<subject>.json`, mode 0660,
/// whole or not at all (a temporary name, then a rename).
pub fn write_file(folder: &Path, job: &Job) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let name = format!("{}-{}-{}.json", job.staff, job.kind, job.subject);
    let path = folder.join(&name);
    let temp = folder.join(format!(".{name}.{}", std::process::id()));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o660)
        .open(&temp)
        .with_context(|| format!("cannot write {}", temp.display()))?;
    f.write_all(serde_json::to_string(job)?.as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&temp, &path)?;
    Ok(())
}

/// Puts the drafts left in `folder` back into the database and removes
/// their files; returns how many.
pub fn merge_files(conn: &mut rusqlite::Connection, folder: &Path) -> Result<usize> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Ok(0);
    };
    let mut n = 0;
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !name.ends_with(".json") {
            continue;
        }
        let text = std::fs::read_to_string(&path)?;
        let job: Job = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a draft", path.display()))?;
        drafts::save(conn, job.staff, &job.kind, job.subject, &job.payload)?;
        std::fs::remove_file(&path)?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_file_is_private_and_merges_back_once() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shop.db");
        let mut conn = store::open(&db).unwrap();
        let me =
            store::staff::add(&conn, "王芳", crate::domain::staff::Role::Associate, "x").unwrap();
        let job = Job {
            staff: me,
            kind: "customer_form".into(),
            subject: 0,
            payload: "{\"x\":1}".into(),
        };
        let folder = folder_for(&db);
        write_file(&folder, &job).unwrap();
        let file = folder.join(format!("{me}-customer_form-0.json"));
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o007, 0, "{mode:o}");
        assert_eq!(merge_files(&mut conn, &folder).unwrap(), 1);
        assert!(!file.exists());
        let d = drafts::latest(&conn, me).unwrap().unwrap();
        assert_eq!(d.payload, job.payload);
        assert_eq!(merge_files(&mut conn, &folder).unwrap(), 0);
    }

    #[test]
    fn a_draft_handed_over_reaches_the_database_before_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shop.db");
        let conn = store::open(&db).unwrap();
        let me =
            store::staff::add(&conn, "王芳", crate::domain::staff::Role::Associate, "x").unwrap();
        let mut w = Autosave::start(&db).unwrap();
        w.submit(Job {
            staff: me,
            kind: "customer_form".into(),
            subject: 0,
            payload: "{}".into(),
        });
        w.flush(Duration::from_secs(1)).unwrap();
        assert!(drafts::latest(&conn, me).unwrap().is_some());
        assert!(!folder_for(&db).exists());
    }
}
