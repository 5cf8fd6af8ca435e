//! A chain on one PostgreSQL: how fast shops sync, how long head office's
//! reports take, how quickly the chain's directory answers.
//!
//! `cargo bench --bench chain` starts a throwaway PostgreSQL (as the chain
//! tests do: initdb into a temporary folder, a free loopback port, as
//! `nobody` when run as root), writes `AFTERCARE_BENCH_CHAIN_SHOPS` demo
//! shops (default 50) of `AFTERCARE_BENCH_CHAIN_CUSTOMERS` customers each
//! (default 20 000) with their year of sales into `target/bench-chain/`,
//! each with its own code, and measures with the release binary:
//! - the first full sync of every shop (rows a second);
//! - the steady state: 1% of each shop's customers changed, then synced;
//! - each `aftercare hq report` over the whole chain, for the year;
//! - the directory search from one shop (p50/p99 over 300 searches of names,
//!   pinyin prefixes and full phones of other shops' customers).

#[path = "../tests/pg/mod.rs"]
mod pg;

use anyhow::{Context as _, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn binary() -> Result<PathBuf> {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--locked", "--bin", "aftercare"])
        .status()?;
    if !status.success() {
        bail!("cargo build --release failed");
    }
    Ok(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/aftercare"))
}

fn run(bin: &Path, db: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<String> {
    let mut cmd = Command::new(bin);
    cmd.args(args).arg("--db").arg(db);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output()?;
    if !out.status.success() {
        bail!(
            "aftercare {}: {}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() -> Result<()> {
    let shops = env_count("AFTERCARE_BENCH_CHAIN_SHOPS", 50);
    let customers = env_count("AFTERCARE_BENCH_CHAIN_CUSTOMERS", 20_000);
    let bin = binary()?;
    let Some(cluster) = pg::Cluster::get() else {
        bail!("no PostgreSQL to measure on");
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-chain");
    std::fs::create_dir_all(&dir)?;
    let db = cluster.database("chain_bench");
    let admin_url = cluster.url("postgres", &db);
    let admin_env = [
        ("AFTERCARE_HQ", admin_url.as_str()),
        ("AFTERCARE_HQ_PASSWORD", pg::ADMIN_PASSWORD),
    ];
    let scratch = dir.join("scratch.db");
    run(&bin, &scratch, &["hq", "init"], &admin_env)?;

    // The shops, written once and kept (their log is pushed from a copy).
    let mut logins = Vec::new();
    let started = Instant::now();
    for i in 0..shops {
        let code = format!("S{i:03}");
        let kept = dir.join(format!("{code}-{customers}.db"));
        if !kept.exists() {
            run(
                &bin,
                &kept,
                &[
                    "demo",
                    "--customers",
                    &customers.to_string(),
                    "--seed",
                    &(100 + i).to_string(),
                    "--no-ui",
                    "--shop-code",
                    &code,
                ],
                &[],
            )?;
        }
        let work = dir.join(format!("{code}.db"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", work.display()));
        }
        std::fs::copy(&kept, &work)?;
        let added = run(
            &bin,
            &scratch,
            &["hq", "add-shop", &code, "--name", &format!("Shop {i}")],
            &admin_env,
        )?;
        let value = |key: &str| -> Result<String> {
            added
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .map(str::to_string)
                .context("add-shop output")
        };
        logins.push((
            code,
            work,
            value("AFTERCARE_HQ=")?,
            value("AFTERCARE_HQ_PASSWORD=")?,
        ));
    }
    println!(
        "{shops} shops of {customers} customers ready in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let sync_all = |label: &str| -> Result<()> {
        let mut rows = 0u64;
        let started = Instant::now();
        for (_, work, url, pw) in &logins {
            let logged: i64 = rusqlite::Connection::open(work)?.query_row(
                "SELECT COUNT(*) FROM change_log",
                [],
                |r| r.get(0),
            )?;
            rows += logged as u64;
            run(
                &bin,
                work,
                &["sync"],
                &[("AFTERCARE_HQ", url), ("AFTERCARE_HQ_PASSWORD", pw)],
            )?;
        }
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{label}: {rows} changes in {secs:.1} s, {:.0} rows/s",
            rows as f64 / secs
        );
        Ok(())
    };
    sync_all("first full sync")?;
    // Steady state: 1% of each shop's customers changed.
    for (_, work, _, _) in &logins {
        let conn = rusqlite::Connection::open(work)?;
        conn.execute(
            "UPDATE customers SET hobbies = COALESCE(hobbies, '') || '.', version = version + 1
             WHERE id % 100 = 7",
            [],
        )?;
    }
    sync_all("steady-state sync (1% of customers changed)")?;

    for what in ["sales", "complaints", "satisfaction", "staff", "care"] {
        let started = Instant::now();
        run(
            &bin,
            &scratch,
            &[
                "hq",
                "report",
                what,
                "--from",
                "2025-01-01",
                "--to",
                "2026-12-31",
                "--json",
            ],
            &admin_env,
        )?;
        println!(
            "hq report {what}, whole chain: {:.0} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }

    // The directory from shop 0: other shops' customers by name, pinyin, phone.
    let mut admin = cluster.admin(&db);
    let samples: Vec<(String, String, String)> = admin
        .query(
            "SELECT data->>'name', COALESCE(substr(data->>'name_pinyin', 1, 4), ''),
                    COALESCE(data->>'phone_digits', '')
             FROM aftercare.shop_rows WHERE tbl = 'customers' AND shop_code <> 'S000'
             ORDER BY md5(shop_code || row_id) LIMIT 100",
            &[],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    let (_, _, url, pw) = &logins[0];
    let mut config = aftercare::chain::config(Some(url))?;
    config.password(pw.as_str());
    let mut client = aftercare::chain::connect(&config)?;
    let mut times = Vec::new();
    for (name, pinyin, phone) in &samples {
        for q in [name, pinyin, phone] {
            if q.len() < 2 {
                continue;
            }
            let started = Instant::now();
            aftercare::chain::directory::find(&mut client, q, 20)?;
            times.push(started.elapsed());
        }
    }
    times.sort();
    println!(
        "directory search from one shop ({} searches): p50 {:.1} ms, p99 {:.1} ms",
        times.len(),
        pct(&times, 0.5),
        pct(&times, 0.99)
    );
    Ok(())
}
