//! Reads off the screen's thread: a count over the whole shop (the VIP
//! segments, a campaign's customers) may take longer than a frame at a
//! million customers, so a screen asks for it with `cx.read(work, done)`,
//! opens at once saying "counting…", and `done` fills the figure in when
//! it comes. Reads run in order on a worker with its own connection; they
//! never wait for a save, nor a save for them. Without a worker (tests on
//! an in-memory database) the read runs at once on the app's connection.

use anyhow::Result;
use rusqlite::Connection;
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::App;

type Done = Box<dyn FnOnce(&mut App) + Send>;
type Task = Box<dyn FnOnce(&Connection) -> Done + Send>;

pub struct Reader {
    send: Sender<Task>,
    done: Receiver<Done>,
}

impl Reader {
    /// Starts the worker on its own connection to the shop database at `db`.
    /// The connection is opened on the worker, off the way to the first frame.
    pub fn start(db: &Path) -> Result<Reader> {
        let db = db.to_path_buf();
        let (send, tasks) = channel::<Task>();
        let (report, done) = channel::<Done>();
        let clock = crate::store::fixed_clock();
        std::thread::Builder::new()
            .name("reader".into())
            .spawn(move || {
                crate::store::fix_clock(clock);
                let conn = match crate::store::open_again(&db) {
                    Ok(c) => c,
                    Err(e) => {
                        // Every read is answered with the fault that stopped it.
                        let msg = format!("{e:#}");
                        for _ in tasks {
                            let msg = msg.clone();
                            let _ = report.send(Box::new(move |app: &mut App| {
                                app.fault(anyhow::anyhow!(msg))
                            }));
                            crate::terminal::wake();
                        }
                        return;
                    }
                };
                for task in tasks {
                    if report.send(task(&conn)).is_err() {
                        return;
                    }
                    crate::terminal::wake();
                }
            })?;
        Ok(Reader { send, done })
    }
}

impl App {
    /// Runs `work` on the reading worker, then `done` with its result on
    /// this thread (see [`super::view::Ctx::read`]).
    pub fn read_in_background<T: Send + 'static>(
        &mut self,
        work: impl FnOnce(&Connection) -> T + Send + 'static,
        done: impl FnOnce(&mut App, T) + Send + 'static,
    ) {
        let Some(reader) = self.reader.as_ref() else {
            let result = work(&self.env.conn);
            return done(self, result);
        };
        let task: Task = Box::new(move |conn| {
            let result = work(conn);
            Box::new(move |app: &mut App| done(app, result))
        });
        if reader.send.send(task).is_err() {
            self.fault(anyhow::anyhow!("the reading thread has stopped"));
        }
    }

    /// Carries out what follows every read that has come back.
    pub fn poll_reads(&mut self) {
        let Some(reader) = self.reader.as_ref() else {
            return;
        };
        let done: Vec<Done> = reader.done.try_iter().collect();
        for d in done {
            self.redraw = true;
            d(self);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// A count is never held up by another process writing: it reads what
    /// was committed, while the write lock is held.
    #[test]
    fn a_read_does_not_wait_for_a_write_lock() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shop.db");
        let conn = crate::store::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
        let r = Reader::start(&db).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE; INSERT INTO t VALUES (2);")
            .unwrap();
        let (tx, rx) = channel();
        let task: Task = Box::new(move |c: &Connection| {
            let n: i64 = c
                .query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))
                .unwrap();
            tx.send(n).unwrap();
            Box::new(|_: &mut App| {})
        });
        r.send.send(task).unwrap();
        assert_eq!(rx.recv_timeout(Duration::from_secs(2)).unwrap(), 1);
        assert!(r.done.recv_timeout(Duration::from_secs(2)).is_ok());
        conn.execute_batch("ROLLBACK").unwrap();
    }
}
