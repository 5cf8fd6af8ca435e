//! Saves off the screen's thread. A form's F10 hands its work (a closure
//! over a database connection) to a worker with a connection of its own;
//! the screen stays editable and the status line says "saving…", then
//! "waiting for the database" while another process holds the write lock.
//! The result comes back as a closure run on the screen's thread at the
//! next tick. Without a worker (tests on an in-memory database) the work
//! runs at once on the app's own connection, exactly as before.

use anyhow::Result;
use rusqlite::Connection;
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use super::App;
use super::autosave::Saving;

/// What to do on the screen's thread once the work is done.
pub type Done = Box<dyn FnOnce(&mut App) + Send>;
/// The work, and whether what follows it may run while nobody is signed
/// in (a sign-in's own check).
type Task = (bool, Box<dyn FnOnce(&mut Connection) -> Done + Send>);

pub struct Saver {
    send: Sender<Task>,
    done: Receiver<(bool, Done)>,
    /// Saves back while the screen was locked: carried on at the next
    /// sign-in, in the order they came.
    held: Vec<Done>,
    /// When the save on its way was handed over.
    in_flight: Option<Instant>,
    /// Saves handed over and not yet back, in order: whether each is a
    /// form's (a person pressed save) or work of the app's own (catching up
    /// on tasks at sign-in, a visit's steps).
    queued: std::collections::VecDeque<bool>,
}

impl Saver {
    /// Starts the worker on its own connection to the shop database at `db`.
    /// The connection is opened on the worker, off the way to the first frame.
    pub fn start(db: &Path) -> Result<Saver> {
        let db = db.to_path_buf();
        let (send, tasks) = channel::<Task>();
        let (report, done) = channel();
        let clock = crate::store::fixed_clock();
        std::thread::Builder::new()
            .name("saver".into())
            .spawn(move || {
                crate::store::fix_clock(clock);
                let mut conn = match crate::store::open_again(&db) {
                    Ok(c) => c,
                    Err(e) => return refuse_all(tasks, &report, &e),
                };
                for (signed_out, task) in tasks {
                    if report.send((signed_out, task(&mut conn))).is_err() {
                        return;
                    }
                    crate::terminal::wake();
                }
            })?;
        Ok(Saver {
            send,
            done,
            held: Vec::new(),
            in_flight: None,
            queued: Default::default(),
        })
    }

    /// One save is back; the next one on its way, if any, is timed from now.
    fn landed(&mut self) {
        self.queued.pop_front();
        self.in_flight = (!self.queued.is_empty()).then(Instant::now);
    }

    /// One more save handed over; `form` when a person asked for it.
    fn handed(&mut self, form: bool) {
        self.in_flight.get_or_insert_with(Instant::now);
        self.queued.push_back(form);
    }

    /// Whether a form's save is on its way: a second one is refused (the
    /// same form sent twice), but the app's own work (catching up on tasks
    /// at sign-in) never holds a person's save back.
    fn form_on_its_way(&self) -> bool {
        self.queued.contains(&true)
    }

    pub fn state(&self) -> Option<Saving> {
        self.in_flight.map(|since| {
            if since.elapsed() >= Duration::from_secs(1) {
                Saving::Waiting
            } else {
                Saving::Saving
            }
        })
    }
}

/// Without a connection every save is answered with the fault that stopped it.
fn refuse_all(tasks: Receiver<Task>, report: &Sender<(bool, Done)>, e: &anyhow::Error) {
    let msg = format!("{e:#}");
    for _ in tasks {
        let msg = msg.clone();
        let done: Done = Box::new(move |app: &mut App| app.fault(anyhow::anyhow!(msg)));
        if report.send((true, done)).is_err() {
            return;
        }
        crate::terminal::wake();
    }
}

impl App {
    /// Runs `work` off this thread (one save at a time), then `done` with
    /// its result on this thread. A save asked for while one is on its way
    /// is refused with a word on the status line, never queued twice.
    pub fn save_in_background<T: Send + 'static>(
        &mut self,
        work: impl FnOnce(&mut Connection) -> T + Send + 'static,
        done: impl FnOnce(&mut App, T) + Send + 'static,
    ) {
        let Some(saver) = self.saver.as_mut() else {
            let result = work(&mut self.env.conn);
            return done(self, result);
        };
        if saver.form_on_its_way() {
            let msg = self.t("saving.still").to_string();
            return self.info(msg);
        }
        self.hand_over(work, done, true, false)
    }

    /// As [`App::save_in_background`], but never refused: the work runs
    /// after the saves already on their way (a visit's saves, each one
    /// building on the one before).
    pub fn queue_save<T: Send + 'static>(
        &mut self,
        work: impl FnOnce(&mut Connection) -> T + Send + 'static,
        done: impl FnOnce(&mut App, T) + Send + 'static,
    ) {
        self.hand_over(work, done, false, false)
    }

    /// A sign-in's check of the PIN (it writes: the failed tries, the
    /// time signed in), off this thread so that a held write lock never
    /// freezes the sign-in screen; `done` runs although nobody is signed in.
    pub fn sign_in_in_background<T: Send + 'static>(
        &mut self,
        work: impl FnOnce(&mut Connection) -> T + Send + 'static,
        done: impl FnOnce(&mut App, T) + Send + 'static,
    ) {
        self.hand_over(work, done, false, true)
    }

    /// Hands `work` to the worker: `form` when a person asked for it,
    /// `signed_out` when what follows may run with nobody signed in.
    fn hand_over<T: Send + 'static>(
        &mut self,
        work: impl FnOnce(&mut Connection) -> T + Send + 'static,
        done: impl FnOnce(&mut App, T) + Send + 'static,
        form: bool,
        signed_out: bool,
    ) {
        let Some(saver) = self.saver.as_mut() else {
            let result = work(&mut self.env.conn);
            return done(self, result);
        };
        let task: Task = (
            signed_out,
            Box::new(move |conn| {
                let result = work(conn);
                Box::new(move |app: &mut App| done(app, result))
            }),
        );
        if saver.send.send(task).is_ok() {
            saver.handed(form);
        } else {
            self.fault(anyhow::anyhow!("the saving thread has stopped"));
        }
    }

    /// Whether a save is on its way (the status line says so).
    pub fn save_state(&self) -> Option<Saving> {
        self.saver.as_ref().and_then(Saver::state)
    }

    /// Takes the finished save, if any, and carries out what follows it.
    pub fn poll_saves(&mut self) {
        loop {
            let Some(saver) = self.saver.as_mut() else {
                return;
            };
            // A locked screen carries nothing on but a sign-in: what follows
            // a save (a job or a complaint opening) waits for the next one.
            if self.user.is_some() && !saver.held.is_empty() {
                let held = saver.held.remove(0);
                self.redraw = true;
                held(self);
                continue;
            }
            let Ok((signed_out, done)) = saver.done.try_recv() else {
                return;
            };
            saver.landed();
            self.redraw = true;
            if self.user.is_none() && !signed_out {
                saver.held.push(done);
            } else {
                done(self);
            }
        }
    }

    /// Before the process ends: a save on its way gets up to `within` to
    /// land (and move the screen on), so the draft kept after it is the
    /// right one.
    pub fn wait_for_saves(&mut self, within: Duration) {
        let until = Instant::now() + within;
        loop {
            let Some(saver) = self.saver.as_mut() else {
                return;
            };
            let left = until.saturating_duration_since(Instant::now());
            if saver.in_flight.is_none() || left.is_zero() {
                return;
            }
            let Ok((_, done)) = saver.done.recv_timeout(left) else {
                return;
            };
            saver.landed();
            done(self);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_runs_on_its_own_connection_and_one_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shop.db");
        let conn = crate::store::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE t(x)").unwrap();
        let mut s = Saver::start(&db).unwrap();
        assert_eq!(s.state(), None);
        // Another connection holds the write lock: the save waits for it.
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        let (tx, rx) = channel();
        let task: Task = (
            false,
            Box::new(move |c: &mut Connection| {
                let r = c.execute("INSERT INTO t VALUES (1)", []);
                tx.send(r.is_ok()).unwrap();
                Box::new(|_: &mut App| {})
            }),
        );
        s.send.send(task).unwrap();
        s.in_flight = Some(Instant::now() - Duration::from_secs(2));
        assert_eq!(s.state(), Some(Saving::Waiting));
        std::thread::sleep(Duration::from_millis(200));
        assert!(rx.try_recv().is_err(), "the save did not wait for the lock");
        conn.execute_batch("ROLLBACK").unwrap();
        assert!(rx.recv_timeout(Duration::from_secs(5)).unwrap());
        assert!(s.done.recv_timeout(Duration::from_secs(5)).is_ok());
    }

    /// Issue 14: with fifty people signing in, a person's F10 came while
    /// the app's own catch-up of tasks waited for the database, and was
    /// refused ("still saving"). Only a form's own save holds the next back.
    #[test]
    fn the_apps_own_work_never_refuses_a_persons_save() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Saver::start(&dir.path().join("shop.db")).unwrap();
        s.handed(false);
        assert!(!s.form_on_its_way(), "the catch-up held the save back");
        s.handed(true);
        assert!(s.form_on_its_way(), "the same form saved twice");
        s.landed();
        assert!(s.form_on_its_way());
        assert!(s.state().is_some());
        s.landed();
        assert!(!s.form_on_its_way());
        assert_eq!(s.state(), None);
    }

    #[test]
    fn a_save_off_the_screens_thread_stamps_the_apps_fixed_time() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shop.db");
        let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 4)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        crate::store::fix_clock(Some(at));
        let expected = crate::store::now_utc();
        let s = Saver::start(&db).unwrap();
        crate::store::fix_clock(None);
        let (tx, rx) = channel();
        let task: Task = (
            false,
            Box::new(move |_: &mut Connection| {
                tx.send(crate::store::now_utc()).unwrap();
                Box::new(|_: &mut App| {})
            }),
        );
        s.send.send(task).unwrap();
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap(), expected);
    }
}
