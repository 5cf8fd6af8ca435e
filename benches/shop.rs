//! Speed and memory of a shop at 100k and 1M customers.
//!
//! `cargo bench --bench shop` writes demo shops into `target/bench-shops/`
//! (or reuses them: `AFTERCARE_BENCH_REBUILD=1` writes them again), then
//! measures, in a child process of its own so that writing the shop does
//! not count in its peak memory: the customer search keystroke by keystroke
//! as an associate types (Chinese names character by character, pinyin and
//! its initials letter by letter, phone digits one by one and the last
//! four, English names), and every screen's queries on three days (a
//! campaign running, a month end, a festival window) as a manager and as
//! the busiest associate, plus the first sign-in after a week away.
//! `AFTERCARE_BENCH_SIZES=100000,1000000` chooses the shop sizes.

use aftercare::demo::{DemoSpec, write_demo};
use aftercare::domain::search_keys;
use aftercare::store::{self, home, search};
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Set in the child process: the shop it measures.
const CHILD: &str = "AFTERCARE_BENCH_SHOP";
const SEED: u64 = 2024;
/// Rows a search or a pane shows on screen.
const ROWS: usize = 20;
/// Home-screen queries are run this many times each, after a first cold one.
const HOME_RUNS: usize = 200;
/// Runs of a whole screen's load or a command (VIP, board, due): slower, fewer.
const SCREEN_RUNS: usize = 10;
/// Shop policy the home screen is asked with (the shipped `data/policy.toml`).
const CALLBACK_DAYS: u32 = 7;
const BIRTHDAY_WINDOW: u32 = 7;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date")
}

fn main() -> Result<()> {
    if let Ok(shop) = std::env::var(CHILD) {
        let report = measure(Path::new(&shop))?;
        println!("{}", serde_json::to_string(&report)?);
        return Ok(());
    }
    let sizes: Vec<u64> = std::env::var("AFTERCARE_BENCH_SIZES")
        .unwrap_or_else(|_| "100000,1000000".into())
        .split(',')
        .map(|s| {
            s.trim()
                .replace('_', "")
                .parse()
                .context("AFTERCARE_BENCH_SIZES: a list of numbers")
        })
        .collect::<Result<_>>()?;
    let rebuild = std::env::var("AFTERCARE_BENCH_REBUILD").is_ok_and(|v| v != "0");
    println!("{}", machine());
    let mut rows = Vec::new();
    for size in sizes {
        let (path, written) = shop(size, rebuild)?;
        eprintln!("measuring {} …", path.display());
        let out = std::process::Command::new(std::env::current_exe()?)
            .env(CHILD, &path)
            .output()
            .context("cannot start the measuring process")?;
        if !out.status.success() {
            bail!(
                "the measuring process failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let report: Report =
            serde_json::from_slice(&out.stdout).context("the measuring process's report")?;
        rows.push((size, written, report));
        let mut frames: Vec<f64> = (0..5).map(|_| first_frame(&path)).collect::<Result<_>>()?;
        frames.sort_by(|a, b| a.total_cmp(b));
        println!(
            "{size} customers: start-up to first frame (sign-in screen drawn) median {:.1} ms, max {:.1} ms",
            frames[2], frames[4]
        );
    }
    print_table(&rows);
    Ok(())
}

/// Milliseconds from starting `aftercare --db shop` in a pseudo-terminal to
/// the sign-in screen on it (the process opens the shop, checks its schema,
/// reads the data files and draws).
fn first_frame(shop: &Path) -> Result<f64> {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    let pty = native_pty_system().openpty(PtySize {
        rows: 30,
        cols: 100,
        pixel_width: 0,
        pixel_height: 0,
    })?;
    let home = tempfile::tempdir()?;
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_aftercare"));
    cmd.args(["--db", &shop.display().to_string(), "--lang", "en"]);
    cmd.env("HOME", home.path());
    cmd.env("XDG_CONFIG_HOME", home.path());
    cmd.env("TERM", "xterm-256color");
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(cmd)?;
    let mut reader = pty.master.try_clone_reader()?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            if seen.windows(7).any(|w| w == b"PIN for") {
                let _ = tx.send(Instant::now());
                break;
            }
        }
    });
    let drawn = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .context("no first frame within 20 s")?;
    let _ = child.kill();
    let _ = child.wait();
    Ok((drawn - started).as_secs_f64() * 1000.0)
}

/// How the shop came to be there: written now (and how long it took), or reused.
enum Written {
    Now(WriteTime),
    Before(Option<WriteTime>),
}

/// Seconds waited for the demo shop, and processor seconds used by all threads.
#[derive(Clone, Copy)]
struct WriteTime {
    wall: f64,
    cpu: f64,
}

/// The demo shop of `size` customers: reused when a complete one is there.
fn shop(size: u64, rebuild: bool) -> Result<(PathBuf, Written)> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("bench-shops");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("demo-{size}-seed{SEED}-{}.db", today()));
    let timing = path.with_extension("write-seconds");
    if !rebuild && complete(&path, size) {
        let took = std::fs::read_to_string(&timing).ok().and_then(|s| {
            let mut n = s.split_whitespace().map(|x| x.parse::<f64>().ok());
            Some(WriteTime {
                wall: n.next()??,
                cpu: n.next()??,
            })
        });
        return Ok((path, Written::Before(took)));
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    eprintln!("writing a demo shop of {size} customers …");
    let started = Instant::now();
    let cpu = process_cpu_seconds();
    write_demo(
        &path,
        &DemoSpec {
            customers: size,
            seed: SEED,
            today: today(),
        },
    )?;
    let took = WriteTime {
        wall: started.elapsed().as_secs_f64(),
        cpu: process_cpu_seconds() - cpu,
    };
    std::fs::write(&timing, format!("{} {}\n", took.wall, took.cpu))?;
    Ok((path, Written::Now(took)))
}

fn complete(path: &Path, size: u64) -> bool {
    if !path.exists() {
        return false;
    }
    let Ok(conn) = store::open(path) else {
        return false;
    };
    let n: rusqlite::Result<i64> = conn.query_row(
        "SELECT (SELECT COUNT(*) FROM customers) * (SELECT COUNT(*) FROM shop)",
        [],
        |r| r.get(0),
    );
    n.is_ok_and(|n| n as u64 == size)
}

/// One timing: the time waited and the processor time used, in milliseconds.
/// On a busy machine the first also holds time spent waiting for a processor.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Ms {
    wall: f64,
    cpu: f64,
}

/// What the child process measured.
#[derive(Debug, Serialize, Deserialize)]
struct Report {
    /// Per kind of typing, each keystroke's search.
    search: Vec<(String, Vec<Ms>)>,
    /// Per pane, the first (cold) call and the repeated ones.
    home: Vec<(String, Ms, Vec<Ms>)>,
    peak_rss_kb: u64,
}

/// The days every screen is measured on, none of them a convenient one:
/// the demo's "new customers month" campaign running (the demo writes it
/// around the shop's day), a month end inside it, and the new year's
/// festival window after it.
fn days() -> Vec<(&'static str, NaiveDate)> {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a date");
    vec![
        ("campaign", today()),
        ("month end", d(2026, 11, 30)),
        ("new year", d(2026, 12, 29)),
    ]
}

/// The open tasks a screen lists on `day` for `staff` (None: a manager's
/// view of everyone's), the running campaign's group first, as the app asks.
fn callbacks_filter(
    conn: &rusqlite::Connection,
    day: NaiveDate,
    staff: Option<i64>,
) -> Result<store::tasks::Filter<'static>> {
    let first = store::campaigns::active(conn, day)?
        .map(|c| store::campaigns::target_sql(c.kind).replace(":campaign", &c.id.to_string()));
    Ok(store::tasks::Filter {
        staff,
        kind: None,
        today: day,
        coming_days: CALLBACK_DAYS,
        first,
    })
}

/// The associate with the most open tasks: the busiest person at the counter.
fn busiest_associate(conn: &rusqlite::Connection) -> Result<(i64, String)> {
    Ok(conn.query_row(
        "SELECT s.id, s.name FROM staff s JOIN tasks t ON t.staff_id = s.id AND t.done_at IS NULL
         WHERE s.role = 'associate' GROUP BY s.id ORDER BY COUNT(*) DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Opens the shop as the app would and times what a person at the counter
/// waits for: each screen on each of [`days`], as a manager and as the
/// busiest associate.
fn measure(path: &Path) -> Result<Report> {
    let conn = store::open(path)?;
    let files = aftercare::shop_data::files::Files::locate(None);
    let policy =
        aftercare::shop_data::policy::Policy::load(&files).map_err(|e| anyhow::anyhow!("{e}"))?;
    let greetings = aftercare::shop_data::greetings::GreetingData::load(&files, BIRTHDAY_WINDOW)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let gold = store::vip::Group::default();
    let weights = store::board::Weights {
        hard: policy.customers.hard_weight_percent,
        soft: policy.customers.soft_weight_percent,
    };
    let associate = busiest_associate(&conn)?;
    let roles = [("manager", None), ("associate", Some(associate))];
    let mut home_times = Vec::new();
    let mut run = |name: String, runs: usize, f: &dyn Fn() -> Result<()>| -> Result<()> {
        let first = time(f)?;
        let again = (0..runs).map(|_| time(f)).collect::<Result<Vec<_>>>()?;
        home_times.push((name, first, again));
        Ok(())
    };
    for (label, day) in days() {
        for (role, who) in &roles {
            let staff = who.as_ref().map(|w| w.0);
            let f = callbacks_filter(&conn, day, staff)?;
            // Keystroke-sized: home's panes and the callbacks list.
            run(
                format!("callbacks · {label} · {role}"),
                HOME_RUNS,
                &|| {
                    store::tasks::counts(&conn, &f)?;
                    store::tasks::open(&conn, &f, ROWS).map(drop)
                },
            )?;
            let bdays = aftercare::domain::occasions::birthday_days(day, BIRTHDAY_WINDOW);
            run(
                format!("birthdays · {label} · {role}"),
                HOME_RUNS,
                &|| store::greetings::birthdays(&conn, &bdays, staff, 0, ROWS).map(drop),
            )?;
            // Whole screens and a command: fewer runs.
            run(
                format!("staff board · {label} · {role}"),
                SCREEN_RUNS,
                &|| store::board::month(&conn, day, staff, weights).map(drop),
            )?;
            run(format!("due · {label} · {role}"), SCREEN_RUNS, &|| {
                aftercare::cli::due::collect(&conn, day, who.clone(), &greetings, 7).map(drop)
            })?;
        }
        run(format!("open repairs · {label}"), HOME_RUNS, &|| {
            home::open_repairs(&conn, day, ROWS).map(drop)
        })?;
        // The VIP screen (managers): each segment's count, then the first page.
        run(format!("VIP counts · {label}"), SCREEN_RUNS, &|| {
            store::vip::segment_counts(&conn, &gold, day, &policy.segments).map(drop)
        })?;
        run(format!("VIP gold page · {label}"), HOME_RUNS, &|| {
            store::vip::gold_page(&conn, &gold, day, &policy.segments, 0, ROWS).map(drop)
        })?;
    }
    // A festival as a manager sees it: every customer who accepts greetings.
    run("festival greetings".into(), HOME_RUNS, &|| {
        let all = store::greetings::greetable(&conn, None)?;
        store::greetings::occasion(&conn, "festival:new_year:2027", 5, None, all, 0, ROWS).map(drop)
    })?;
    // The first sign-in after a week away catches up on the tasks owed, on
    // a copy of the shop (it writes); once, it is a one-off.
    let copy = path.with_extension("week-away.db");
    store::backup::copy_to(&conn, &copy)?;
    {
        let mut away = store::open(&copy)?;
        let later = today() + chrono::Duration::days(7);
        let started = Instant::now();
        let cpu = thread_cpu_ms();
        store::tasks::generate(&mut away, later, &policy)?;
        let caught = Ms {
            wall: started.elapsed().as_secs_f64() * 1000.0,
            cpu: thread_cpu_ms() - cpu,
        };
        home_times.push(("sign-in catch-up, week away".into(), caught, vec![caught]));
    }
    let _ = std::fs::remove_file(&copy);
    let mut search_times: Vec<(String, Vec<Ms>)> = Vec::new();
    for (kind, typed) in typing(&conn)? {
        let mut ms = Vec::new();
        for text in typed {
            ms.push(time(&|| search::search(&conn, &text, ROWS).map(drop))?);
        }
        match search_times.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, all)) => all.extend(ms),
            None => search_times.push((kind.to_string(), ms)),
        }
    }
    Ok(Report {
        search: search_times,
        home: home_times,
        peak_rss_kb: peak_rss_kb()?,
    })
}

fn time(run: &dyn Fn() -> Result<()>) -> Result<Ms> {
    let cpu = thread_cpu_ms();
    let started = Instant::now();
    run()?;
    Ok(Ms {
        wall: started.elapsed().as_secs_f64() * 1000.0,
        cpu: thread_cpu_ms() - cpu,
    })
}

/// Processor time used by all threads of this process so far, in seconds.
fn process_cpu_seconds() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to fill in.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
}

/// Processor time used by this thread so far, in milliseconds.
fn thread_cpu_ms() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to fill in.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 * 1000.0 + t.tv_nsec as f64 / 1_000_000.0
}

/// What associates type, keystroke by keystroke, to find customers of the
/// shop: each entry is what the search box holds after one more key.
fn typing(conn: &rusqlite::Connection) -> Result<Vec<(&'static str, Vec<String>)>> {
    let n: i64 = conn.query_row("SELECT MAX(id) FROM customers", [], |r| r.get(0))?;
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut out = Vec::new();
    let (mut chinese, mut latin) = (0, 0);
    while chinese < 40 || latin < 15 {
        let id = rng.random_range(1..=n);
        let (name, phone): (String, String) = conn.query_row(
            "SELECT name, phone_digits FROM customers WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (pinyin, initials) = search_keys::pinyin_of(&name);
        let is_latin = !name.chars().any(search_keys::is_han);
        if is_latin && latin < 15 {
            latin += 1;
            out.push(("English name", keystrokes(&name)));
        } else if !is_latin && chinese < 40 {
            chinese += 1;
            out.push(("Chinese name", keystrokes(&name)));
            out.push(("pinyin initials", keystrokes(&initials)));
            out.push(("full pinyin", keystrokes(&pinyin)));
        } else {
            continue;
        }
        out.push(("phone digits", keystrokes(&phone)));
        out.push((
            "last four digits",
            keystrokes(&phone[phone.len().saturating_sub(4)..]),
        ));
    }
    Ok(out)
}

fn keystrokes(text: &str) -> Vec<String> {
    text.char_indices()
        .map(|(i, c)| text[..i + c.len_utf8()].to_string())
        .collect()
}

/// The most memory the process held (`VmHWM`), in kB.
fn peak_rss_kb() -> Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmHWM in /proc/self/status")
}

fn percentile(ms: &[f64], p: f64) -> f64 {
    let mut sorted = ms.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// p50, p99 and max of the times waited, then p50 and p99 of the processor times.
fn spread(ms: &[Ms]) -> String {
    let wall: Vec<f64> = ms.iter().map(|m| m.wall).collect();
    let cpu: Vec<f64> = ms.iter().map(|m| m.cpu).collect();
    format!(
        "{:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>9.3}",
        percentile(&wall, 50.0),
        percentile(&wall, 99.0),
        percentile(&wall, 100.0),
        percentile(&cpu, 50.0),
        percentile(&cpu, 99.0)
    )
}

fn machine() -> String {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
            })
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "aftercare shop benchmark, {} UTC, {cores} cores, {cpu}, load average {load}",
        chrono::Utc::now().format("%Y-%m-%d %H:%M")
    )
}

fn print_table(rows: &[(u64, Written, Report)]) {
    for (size, written, report) in rows {
        println!();
        let write = match written {
            Written::Now(t) => format!(
                "{:.1} s, {:.1} s of processor time (written now)",
                t.wall, t.cpu
            ),
            Written::Before(Some(t)) => format!(
                "{:.1} s, {:.1} s of processor time (when it was written; reused)",
                t.wall, t.cpu
            ),
            Written::Before(None) => "reused, time not known".into(),
        };
        println!("{size} customers: demo shop written in {write}");
        let head = format!(
            "{:>9} {:>9} {:>9} {:>9} {:>9}",
            "p50 ms", "p99 ms", "max ms", "cpu p50", "cpu p99"
        );
        println!("  {:<22} {:>6} {head}", "search, per keystroke", "keys");
        let mut all = Vec::new();
        for (kind, ms) in &report.search {
            all.extend(ms);
            println!("  {kind:<22} {:>6} {}", ms.len(), spread(ms));
        }
        println!("  {:<22} {:>6} {}", "all typing", all.len(), spread(&all));
        println!("  {:<40} {:>6} {head}", "screen · day · role", "first");
        for (pane, first, ms) in &report.home {
            println!("  {pane:<40} {:>6.2} {}", first.wall, spread(ms));
        }
        println!(
            "  peak RSS of the measuring process: {:.1} MB",
            report.peak_rss_kb as f64 / 1024.0
        );
    }
}
