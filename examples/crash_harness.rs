//! Crash harness: N writer processes do the shop's real store operations
//! (a sale to a new customer, a repair taken in, a contact logged), each
//! printing an acknowledgement line once its transaction has committed,
//! while this process kill -9s them at random and starts new ones. After
//! the run the store's check must pass and every acknowledged write must be
//! in the database.
//!
//! `cargo run --release --example crash_harness -- [WRITERS] [SECONDS] [SEED]`
//! (default 4 writers, 30 seconds, seed 1). Exit status 0 only when nothing
//! acknowledged was lost and the check is clean.

use aftercare::store::{self, contacts, customers, repairs, sales};
use anyhow::{Context, Result};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = if args.first().map(String::as_str) == Some("--writer") {
        writer(Path::new(&args[1]), &args[2])
    } else {
        harness(&args)
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("crash harness: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The shop the writers share: its staff, one product.
fn prepare(db: &Path) -> Result<()> {
    let conn = store::open(db)?;
    store::shop::create(&conn, "Crash harness")?;
    store::staff::add(
        &conn,
        "Harness",
        aftercare::domain::staff::Role::Manager,
        "1234",
    )?;
    conn.execute(
        "INSERT INTO products(style_no, name, category, list_price_fen, current_price_fen, sizes, colours)
         VALUES ('CH-KN-1', 'Harness cardigan', 'knit', 49900, 49900, 'M', 'grey')",
        [],
    )?;
    Ok(())
}

/// One writer: operations without end, each acknowledged after its commit
/// as `ack <kind> <marker>`.
fn writer(db: &Path, tag: &str) -> Result<ExitCode> {
    let mut conn = store::open(db)?;
    let files = aftercare::shop_data::files::Files::locate(None);
    let policy =
        aftercare::shop_data::policy::Policy::load(&files).map_err(|e| anyhow::anyhow!("{e}"))?;
    let rules = store::visits::rules(&policy);
    let staff: i64 = conn.query_row("SELECT id FROM staff LIMIT 1", [], |r| r.get(0))?;
    let product: i64 = conn.query_row("SELECT id FROM products LIMIT 1", [], |r| r.get(0))?;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut out = std::io::stdout().lock();
    let mut rng = ChaCha8Rng::seed_from_u64(tag.bytes().map(u64::from).sum());
    for n in 0u64.. {
        let marker = format!("CH-{tag}-{n}");
        // A phone of its own for every customer: 139 then eight digits.
        let phone = format!(
            "139{:08}",
            (tag.len() as u64 * 7919 + n * 104_729) % 100_000_000
        );
        let mut v = aftercare::domain::customer::Values::new_customer();
        v.set(aftercare::domain::customer::Field::Name, &marker);
        v.set(aftercare::domain::customer::Field::Phone, &phone);
        let kind = match rng.random_range(0..3) {
            0 => {
                store::write(&mut conn, |tx| {
                    let c = customers::create_in(tx, &v, staff, today)
                        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
                    let line = sales::SaleLine {
                        line: store::purchases::NewLine {
                            product_id: product,
                            size: "M".into(),
                            colour: "grey".into(),
                            price_fen: 49900,
                            add_on: false,
                        },
                        category: "knit".into(),
                        asked_fen: 49900,
                    };
                    sales::record_sale(tx, &marker, Some(c), staff, today, &[line], &rules)
                })?;
                "sale"
            }
            1 => {
                let intake = repairs::Intake {
                    customer_id: None,
                    contact_name: marker.clone(),
                    contact_phone: phone.clone(),
                    item: "cardigan".into(),
                    category: "knit".into(),
                    problem: "seam".into(),
                    decision: "free_repair".into(),
                    received_on: today,
                    promised_on: today + chrono::Duration::days(7),
                    ..Default::default()
                };
                let c = customers::create(&mut conn, &v, staff, today)
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
                repairs::intake(
                    &mut conn,
                    &repairs::Intake {
                        customer_id: Some(c),
                        ..intake
                    },
                    staff,
                )?;
                "repair"
            }
            _ => {
                let c = customers::create(&mut conn, &v, staff, today)
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
                let at = store::now_utc();
                store::write(&mut conn, |tx| {
                    contacts::log(
                        tx,
                        &contacts::NewContact {
                            customer_id: c,
                            staff_id: Some(staff),
                            purchase_id: None,
                            kind: "purchase_callback",
                            outcome: "reached",
                            note: Some(&marker),
                            at: &at,
                        },
                    )
                })?;
                "contact"
            }
        };
        writeln!(out, "ack {kind} {marker}")?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

fn spawn(db: &Path, tag: &str, acks: &Arc<Mutex<Vec<(String, String)>>>) -> Result<Child> {
    let mut child = Command::new(std::env::current_exe()?)
        .args(["--writer", &db.display().to_string(), tag])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let stdout = child.stdout.take().context("the writer's output")?;
    let acks = Arc::clone(acks);
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        let mut line = String::new();
        // Only whole lines: a writer killed mid-line acknowledged nothing.
        while r.read_line(&mut line).unwrap_or(0) > 0 {
            if let Some(rest) = line.strip_suffix('\n').and_then(|l| l.strip_prefix("ack "))
                && let Some((kind, marker)) = rest.split_once(' ')
            {
                acks.lock()
                    .unwrap()
                    .push((kind.to_string(), marker.to_string()));
            }
            line.clear();
        }
    });
    Ok(child)
}

/// Whether the acknowledged write `marker` of `kind` is in the database.
fn present(conn: &rusqlite::Connection, kind: &str, marker: &str) -> Result<bool> {
    let sql = match kind {
        "sale" => "SELECT COUNT(*) FROM purchases WHERE receipt_no = ?1",
        "repair" => "SELECT COUNT(*) FROM repair_jobs WHERE contact_name = ?1",
        _ => "SELECT COUNT(*) FROM contacts WHERE note = ?1",
    };
    let n: i64 = conn.query_row(sql, [marker], |r| r.get(0))?;
    Ok(n == 1)
}

fn harness(args: &[String]) -> Result<ExitCode> {
    let writers: usize = args.first().and_then(|s| s.parse().ok()).unwrap_or(4);
    let seconds: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(30);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let dir = tempfile::tempdir()?;
    let db: PathBuf = dir.path().join("shop.db");
    prepare(&db)?;
    let acks = Arc::new(Mutex::new(Vec::new()));
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut started = 0usize;
    let mut tag = || {
        started += 1;
        format!("w{started}")
    };
    let mut children: Vec<Child> = (0..writers)
        .map(|_| spawn(&db, &tag(), &acks))
        .collect::<Result<_>>()?;
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut kills = 0usize;
    while Instant::now() < until {
        std::thread::sleep(Duration::from_millis(rng.random_range(20..300)));
        let i = rng.random_range(0..children.len());
        children[i].kill()?; // SIGKILL
        children[i].wait()?;
        kills += 1;
        children[i] = spawn(&db, &tag(), &acks)?;
    }
    for c in &mut children {
        c.kill()?;
        c.wait()?;
    }
    kills += children.len();
    std::thread::sleep(Duration::from_millis(300));
    let conn = store::open(&db)?;
    let report = store::check::run(&conn)?;
    let acks = acks.lock().unwrap().clone();
    let mut lost = Vec::new();
    for (kind, marker) in &acks {
        if !present(&conn, kind, marker)? {
            lost.push(format!("{kind} {marker}"));
        }
    }
    let count = |k: &str| acks.iter().filter(|(x, _)| x == k).count();
    println!(
        "writers {writers} · seconds {seconds} · seed {seed} · processes {started} · kills {kills}\n\
         acknowledged operations {} (sales {}, repairs {}, contacts {}) · lost {}\n\
         check: {}",
        acks.len(),
        count("sale"),
        count("repair"),
        count("contact"),
        lost.len(),
        if report.ok() {
            "clean".to_string()
        } else {
            report.findings.join("; ")
        }
    );
    for l in lost.iter().take(10) {
        println!("lost: {l}");
    }
    Ok(if lost.is_empty() && report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
