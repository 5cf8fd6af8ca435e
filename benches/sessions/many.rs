//! N sessions at once on one shop: each signs in, then finds a customer,
//! changes a field, saves with F10 and goes home, several times, staggered.

use crate::pty::{self, Pty};
use crate::{BIN, env_for, quantile};
use aftercare::domain::staff::Role;
use aftercare::store;
use anyhow::{Context, Result, bail};
use rand::{Rng, SeedableRng};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const PIN: &str = "4826";
const WAIT: Duration = Duration::from_secs(60);
/// The form's rows from Name, as Down moves through them.
const HOBBIES: usize = 14;
/// What a screen must never show while people save.
/// A save refused because another was on its way.
const STILL: &str = "Still saving";
const BUSY: [&str; 4] = [
    "database is locked",
    "database is busy",
    "SQLITE_BUSY",
    "Not saved",
];

/// One customer a session edits: found by the whole phone number.
#[derive(Clone)]
struct Target {
    digits: String,
}

/// A bench associate's place in the sign-in list, and their name.
type Place = (usize, String);

/// What one session saw.
#[derive(Default)]
struct Seen {
    sign_in_ms: Vec<f64>,
    save_ms: Vec<f64>,
    home_ms: Vec<f64>,
    busy: Vec<String>,
    waiting: usize,
    refused: usize,
    cpu_s: f64,
    pss_kib: u64,
}

pub struct Outcome {
    n: usize,
    seen: Seen,
    wall_s: f64,
    load: String,
}

impl Outcome {
    pub fn line(&self) -> String {
        let mut s = self.seen.sign_in_ms.clone();
        s.sort_by(f64::total_cmp);
        let mut v = self.seen.save_ms.clone();
        v.sort_by(f64::total_cmp);
        let mut h = self.seen.home_ms.clone();
        h.sort_by(f64::total_cmp);
        format!(
            "{n} sessions: sign-in p50 {:.0} / p99 {:.0} ms (target 100); F10 to Saved p50 {:.1} / p99 {:.1} ms over {} saves (target p99 50) {}; home after a save p50 {:.1} / p99 {:.1} ms; busy or locked shown: {}{}; 'waiting for the database' shown {} times; 'Still saving' refusals {}; CPU {:.1} s over {:.0} s; total Pss {:.1} MiB ({:.1} MiB a session); load average after {}",
            quantile(&s, 0.5),
            quantile(&s, 0.99),
            quantile(&v, 0.5),
            quantile(&v, 0.99),
            v.len(),
            if quantile(&v, 0.99) <= 50.0 {
                "holds"
            } else {
                "MISSED"
            },
            quantile(&h, 0.5),
            quantile(&h, 0.99),
            self.seen.busy.len(),
            self.seen
                .busy
                .first()
                .map(|b| format!(" (first: {b:?})"))
                .unwrap_or_default(),
            self.seen.waiting,
            self.seen.refused,
            self.seen.cpu_s,
            self.wall_s,
            self.seen.pss_kib as f64 / 1024.0,
            self.seen.pss_kib as f64 / 1024.0 / self.n.max(1) as f64,
            self.load,
            n = self.n,
        )
    }
}

/// Runs `n` sessions of `saves` saves each on the shop at `db`.
pub fn run(db: &Path, dir: &Path, n: usize, saves: usize) -> Result<Outcome> {
    let (names, targets) = prepare(db, n, saves)?;
    let seen = Mutex::new(Seen::default());
    let started = Instant::now();
    // Every session holds its terminal until all have finished, so the
    // memory is measured with all of them there.
    let done = std::sync::Barrier::new(n);
    std::thread::scope(|s| -> Result<()> {
        let mut handles = Vec::new();
        for (i, (index, name)) in names.iter().enumerate() {
            let mine = &targets[i * saves..(i + 1) * saves];
            let (seen, done) = (&seen, &done);
            handles.push(s.spawn(move || -> Result<()> {
                // Staggered: people do not all arrive in the same millisecond.
                std::thread::sleep(Duration::from_millis(40 * i as u64));
                let mut one = Seen::default();
                let r = session(db, dir, *index, name, mine, i as u64, &mut one);
                let mut all = seen.lock().unwrap();
                all.sign_in_ms.extend(one.sign_in_ms);
                all.save_ms.extend(one.save_ms);
                all.home_ms.extend(one.home_ms);
                all.busy.extend(one.busy);
                all.waiting += one.waiting;
                all.refused += one.refused;
                all.cpu_s += one.cpu_s;
                all.pss_kib += one.pss_kib;
                drop(all);
                done.wait();
                r.with_context(|| format!("session {i} ({name})"))
            }));
        }
        for h in handles {
            h.join().expect("a session thread")?;
        }
        Ok(())
    })?;
    Ok(Outcome {
        n,
        seen: seen.into_inner().unwrap(),
        wall_s: started.elapsed().as_secs_f64(),
        load: crate::load(),
    })
}

/// One person's session: sign in, then `targets.len()` saves.
fn session(
    db: &Path,
    dir: &Path,
    index: usize,
    name: &str,
    targets: &[Target],
    seed: u64,
    seen: &mut Seen,
) -> Result<()> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut t = Pty::spawn(
        BIN,
        &["--db", &db.display().to_string()],
        &env_for(dir),
        (80, 24),
    )?;
    t.wait_for("PIN for", WAIT)?;
    t.send(&pty::DOWN.repeat(index))?;
    t.wait_for(&format!("PIN for {name}"), WAIT)?;
    t.send(PIN.as_bytes())?;
    t.wait(&format!("{PIN:?} typed"), WAIT, |s| s.contains("••••"))?;
    let home = format!("│ {name} · ");
    t.send(pty::ENTER)?;
    let took = t.wait("home", WAIT, |s| {
        s.contains(&home) && s.contains("[ New visit ]")
    })?;
    seen.sign_in_ms.push(ms(took));
    for (i, c) in targets.iter().enumerate() {
        let pause = Instant::now() + Duration::from_millis(rng.random_range(300..1500));
        t.pump(pause)?;
        t.send(pty::F3)?;
        t.wait_for("Find a customer", WAIT)?;
        t.send(pty::CTRL_U)?;
        t.send(c.digits.as_bytes())?;
        t.wait_for("1 found", WAIT)?;
        t.pump(Instant::now() + Duration::from_millis(40))?;
        t.send(pty::ENTER)?;
        t.wait_for("% complete", WAIT)?;
        t.send(b"e")?;
        t.wait_for("Edit: ", WAIT)?;
        t.send(&pty::PAGE_UP.repeat(3))?;
        t.send(&pty::DOWN.repeat(HOBBIES))?;
        t.send(pty::CTRL_U)?;
        let text = format!("bench {seed}-{i}");
        t.send(text.as_bytes())?;
        t.wait_for(&text, WAIT)?;
        let pressed = Instant::now();
        t.send(pty::F10)?;
        loop {
            // Saved, and the form gone (a "Saved" of the last round may
            // still be on the status line while this save is on its way).
            t.wait("Saved", WAIT, |s| {
                (s.contains("Saved: ") && !s.contains("Edit: "))
                    || s.contains(STILL)
                    || BUSY.iter().any(|b| s.contains(b))
            })?;
            if !t.screen().contains(STILL) {
                break;
            }
            // Refused while another save was on its way: as a person would, again.
            seen.refused += 1;
            t.pump(Instant::now() + Duration::from_millis(150))?;
            t.send(pty::F10)?;
            t.wait("the refusal to go", WAIT, |s| !s.contains(STILL))?;
        }
        let took = pressed.elapsed();
        let screen = t.screen();
        if let Some(b) = BUSY.iter().find(|b| screen.contains(**b)) {
            seen.busy
                .push(format!("{b}: {}", first_line_with(&screen, b)));
            continue;
        }
        seen.save_ms.push(ms(took));
        t.send(pty::F2)?;
        let took = t.wait("home", WAIT, |s| s.contains("[ New visit ]"))?;
        seen.home_ms.push(ms(took));
        if t.screen().contains("waiting for the database") {
            seen.waiting += 1;
        }
    }
    t.settle(Duration::from_millis(100))?;
    seen.cpu_s = t.cpu_seconds().unwrap_or(0.0);
    seen.pss_kib = t.pss_kib().unwrap_or(0);
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn first_line_with<'a>(screen: &'a str, text: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or("")
        .trim()
}

/// Adds `n` associates with a known PIN and picks `n × saves` customers
/// with a phone number no one else has. Returns each session's place in
/// the sign-in list and name, and the customers.
fn prepare(db: &Path, n: usize, saves: usize) -> Result<(Vec<Place>, Vec<Target>)> {
    let conn = store::open(db)?;
    let hash = store::staff::hash_pin(PIN)?;
    let names: Vec<String> = (1..=n).map(|i| format!("Bench {i:03}")).collect();
    for name in &names {
        store::staff::add(&conn, name, Role::Associate, &hash)?;
    }
    let list = store::staff::list(&conn)?;
    let places = names
        .iter()
        .map(|name| {
            let at = list
                .iter()
                .position(|s| &s.name == name)
                .context("a bench associate on the sign-in list")?;
            Ok((at, name.clone()))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut stmt = conn.prepare(
        "SELECT phone_digits FROM customers
         WHERE erased_at IS NULL AND length(phone_digits) = 11
         GROUP BY phone_digits HAVING COUNT(*) = 1 ORDER BY min(id) LIMIT ?1",
    )?;
    let targets: Vec<Target> = stmt
        .query_map([(n * saves) as i64], |r| Ok(Target { digits: r.get(0)? }))?
        .collect::<rusqlite::Result<_>>()?;
    if targets.len() < n * saves {
        bail!("the shop has only {} customers to edit", targets.len());
    }
    Ok((places, targets))
}
