//! One program in a pseudo-terminal, for measuring: its output is read only
//! when the measuring thread asks (no reader thread, no polling loop), fed
//! to a vt100 screen, and counted byte by byte.

use anyhow::{Context, Result, bail};
use portable_pty::{CommandBuilder, MasterPty, PtySize};
use std::fs::File;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::os::fd::{AsRawFd, FromRawFd};
use std::time::{Duration, Instant};

pub struct Pty {
    parser: vt100::Parser,
    file: File,
    _master: Box<dyn MasterPty + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    pub pid: u32,
    /// Every byte the program has written so far.
    pub bytes: u64,
}

/// What one key cost: bytes written back and the time to the last of them.
#[derive(Debug, Clone, Copy)]
pub struct Answer {
    pub bytes: u64,
    /// From the key sent to the last byte of the answer; zero when nothing came.
    pub latency: Duration,
}

impl Pty {
    /// Starts `program` with `args` and exactly `env`, in a `cols`×`rows` terminal.
    pub fn spawn(
        program: &str,
        args: &[&str],
        env: &[(&str, String)],
        (cols, rows): (u16, u16),
    ) -> Result<Pty> {
        let pair = portable_pty::native_pty_system().openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })?;
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env_clear();
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd)?;
        drop(pair.slave);
        let fd = pair.master.as_raw_fd().context("the master's descriptor")?;
        // SAFETY: fd is the master's open descriptor; the duplicate is ours.
        let dup = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
        if dup < 0 {
            bail!("cannot duplicate the pty master");
        }
        let pid = child.process_id().context("the child's pid")?;
        Ok(Pty {
            parser: vt100::Parser::new(
                NonZeroU16::new(rows).context("rows")?,
                NonZeroU16::new(cols).context("cols")?,
                0,
            ),
            // SAFETY: `dup` was just returned by fcntl and nothing else owns it.
            file: unsafe { File::from_raw_fd(dup) },
            _master: pair.master,
            child,
            pid,
            bytes: 0,
        })
    }

    pub fn send(&mut self, bytes: &[u8]) -> Result<()> {
        self.file.write_all(bytes)?;
        Ok(())
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Every cell's text, row by row (to count what a key changed).
    pub fn cells(&self) -> Vec<String> {
        let s = self.parser.screen();
        let (rows, cols) = s.size();
        let mut out = Vec::with_capacity(rows.get() as usize * cols.get() as usize);
        for r in 0..rows.get() {
            for c in 0..cols.get() {
                out.push(
                    s.cell(r, c)
                        .map(|c| c.contents().to_string())
                        .unwrap_or_default(),
                );
            }
        }
        out
    }

    /// Reads what is there, waiting at most until `until`; false when the
    /// time ran out with nothing read. An ended program is an error.
    fn read_until(&mut self, until: Instant) -> Result<bool> {
        let left = until.saturating_duration_since(Instant::now());
        let mut pfd = libc::pollfd {
            fd: self.file.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        let n = unsafe { libc::poll(&mut pfd, 1, left.as_millis() as i32) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                return Ok(true);
            }
            return Err(e.into());
        }
        if n == 0 {
            return Ok(false);
        }
        let mut buf = [0u8; 16384];
        match self.file.read(&mut buf) {
            Ok(0) | Err(_) => bail!("the program ended; its screen:\n{}", self.screen()),
            Ok(k) => {
                self.bytes += k as u64;
                self.parser.process(&buf[..k]);
                Ok(true)
            }
        }
    }

    /// Waits until `ok` holds for the screen; the time it took.
    pub fn wait(
        &mut self,
        what: &str,
        within: Duration,
        ok: impl Fn(&str) -> bool,
    ) -> Result<Duration> {
        let start = Instant::now();
        let until = start + within;
        loop {
            if ok(&self.screen()) {
                return Ok(start.elapsed());
            }
            if Instant::now() >= until {
                bail!(
                    "no {what} within {within:?}; the screen:\n{}",
                    self.screen()
                );
            }
            self.read_until(until)?;
        }
    }

    pub fn wait_for(&mut self, text: &str, within: Duration) -> Result<Duration> {
        self.wait(&format!("{text:?}"), within, |s| s.contains(text))
    }

    /// Keeps reading (so the program never blocks on a full terminal) until `until`.
    pub fn pump(&mut self, until: Instant) -> Result<()> {
        while Instant::now() < until {
            self.read_until(until)?;
        }
        Ok(())
    }

    /// Everything written until nothing has come for `quiet`.
    pub fn settle(&mut self, quiet: Duration) -> Result<()> {
        while self.read_until(Instant::now() + quiet)? {}
        Ok(())
    }

    /// Sends `key` and reads its answer: every byte until nothing more comes
    /// for `quiet` (at most two seconds).
    pub fn answer(&mut self, key: &[u8], quiet: Duration) -> Result<Answer> {
        self.settle(quiet)?;
        let before = self.bytes;
        let sent = Instant::now();
        self.send(key)?;
        let mut last = None;
        let limit = sent + Duration::from_secs(2);
        while Instant::now() < limit && self.read_until(Instant::now() + quiet)? {
            last = Some(Instant::now());
        }
        Ok(Answer {
            bytes: self.bytes - before,
            latency: last.map(|t| t - sent).unwrap_or_default(),
        })
    }

    /// Processor time used so far by the program (all its threads), in seconds.
    pub fn cpu_seconds(&self) -> Option<f64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid)).ok()?;
        let rest = &stat[stat.rfind(')')? + 2..];
        let f: Vec<&str> = rest.split_whitespace().collect();
        let ticks = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
        // SAFETY: sysconf only reads a setting.
        let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
        Some(ticks as f64 / hz)
    }

    /// The program's proportional share of memory (Pss), in KiB.
    pub fn pss_kib(&self) -> Option<u64> {
        let s = std::fs::read_to_string(format!("/proc/{}/smaps_rollup", self.pid)).ok()?;
        s.lines()
            .find_map(|l| l.strip_prefix("Pss:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Keys as an xterm sends them.
pub const DOWN: &[u8] = b"\x1b[B";
pub const F2: &[u8] = b"\x1bOQ";
pub const F3: &[u8] = b"\x1bOR";
pub const F10: &[u8] = b"\x1b[21~";
pub const PAGE_UP: &[u8] = b"\x1b[5~";
pub const CTRL_U: &[u8] = b"\x15";
pub const ENTER: &[u8] = b"\r";
