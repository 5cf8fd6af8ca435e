//! How fast a till's records come in, and in how much memory.
//!
//! `cargo bench --bench import` writes till-like files into
//! `target/bench-import/` (made again each run from a fixed seed): staff,
//! 2 000 products, 200 000 customers (GB18030, CRLF, Chinese headers, dates
//! written three ways) and a year of 1 000 000 sale lines in about 400 000
//! receipts. It then creates an empty shop and runs the release
//! `aftercare import` on each file as a child process, as a shop's IT person
//! would, and reports per kind: rows, wall clock, CPU, rows a second and the
//! child's peak memory. A second run of the sales file shows what a re-run
//! costs (it changes nothing). `AFTERCARE_BENCH_CUSTOMERS` and
//! `AFTERCARE_BENCH_LINES` scale it down; `AFTERCARE_BENCH_SHOP_CODE=X`
//! makes the shop a chain's shop first, so every row is also logged.

use anyhow::{Context, Result, bail};
use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const SEED: u64 = 17;
/// Set in the child that writes the files.
const WRITER: &str = "AFTERCARE_BENCH_WRITE_FILES";
const PRODUCTS: usize = 2_000;
const STAFF: usize = 12;

fn main() -> Result<()> {
    let customers = env_count("AFTERCARE_BENCH_CUSTOMERS", 200_000)?;
    let lines = env_count("AFTERCARE_BENCH_LINES", 1_000_000)?;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-import");
    std::fs::create_dir_all(&dir)?;
    if std::env::var_os(WRITER).is_some() {
        let receipts = write_files(&dir, customers, lines)?;
        println!("{receipts}");
        return Ok(());
    }
    println!("{}", machine());
    let t = Instant::now();
    // The files are written by a child of this process, so that this one
    // stays small: a child started from it begins with its memory counted.
    let out = Command::new(std::env::current_exe()?)
        .env(WRITER, "1")
        .output()
        .context("cannot start the file writer")?;
    if !out.status.success() {
        bail!(
            "writing the files failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let receipts: usize = String::from_utf8_lossy(&out.stdout).trim().parse()?;
    eprintln!("files written in {:.1} s", t.elapsed().as_secs_f64());
    let db = dir.join("shop.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    {
        let conn = aftercare::store::open(&db)?;
        aftercare::store::shop::create(&conn, "导入测试店")?;
        // A chain's shop logs every imported row for head office (issue 15).
        if let Ok(code) = std::env::var("AFTERCARE_BENCH_SHOP_CODE") {
            aftercare::store::changes::enrol(&conn, &code)?;
        }
    }
    println!(
        "| kind | rows | wall clock | CPU (user+sys) | rows a second | peak RSS |\n|---|---|---|---|---|---|"
    );
    let runs = [
        ("staff", "staff.csv", STAFF + 1),
        ("products", "products.csv", PRODUCTS),
        ("customers", "customers.csv", customers),
        ("sales", "sales.csv", lines),
        ("sales", "sales.csv", lines),
    ];
    for (i, (kind, file, rows)) in runs.into_iter().enumerate() {
        let m = run_import(&db, kind, &dir.join(file))?;
        let label = if i == 4 {
            "sales, run again (nothing changes)".to_string()
        } else if kind == "sales" {
            format!("sales ({receipts} receipts)")
        } else {
            kind.to_string()
        };
        println!(
            "| {label} | {rows} | {:.1} s | {:.1} s | {:.0} | {:.1} MB |",
            m.wall,
            m.cpu,
            rows as f64 / m.wall,
            m.max_rss_kb as f64 / 1024.0
        );
        eprintln!("  {}", m.last_line);
    }
    Ok(())
}

fn env_count(name: &str, default: usize) -> Result<usize> {
    match std::env::var(name) {
        Ok(v) => v
            .replace('_', "")
            .parse()
            .with_context(|| format!("{name}: a number")),
        Err(_) => Ok(default),
    }
}

struct Measured {
    wall: f64,
    cpu: f64,
    max_rss_kb: i64,
    last_line: String,
}

/// Runs the release binary and reaps it with `wait4`, which gives this
/// child's own CPU time and peak memory (its peak counts this process's
/// memory at the start, kept small for that reason).
fn run_import(db: &Path, kind: &str, file: &Path) -> Result<Measured> {
    let bin = env!("CARGO_BIN_EXE_aftercare");
    let out_path = file.with_extension(format!("{kind}.out"));
    let out = std::fs::File::create(&out_path)?;
    let t = Instant::now();
    let child = Command::new(bin)
        .args(["--db"])
        .arg(db)
        .args(["--lang", "en", "import", kind])
        .arg(file)
        .env("AFTERCARE_NOW", "2026-11-24T10:00:00Z")
        .stdout(out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .context("cannot start aftercare")?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet reaped; both pointers are valid.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = t.elapsed().as_secs_f64();
    if r != pid {
        bail!("wait4 failed: {}", std::io::Error::last_os_error());
    }
    let text = std::fs::read_to_string(&out_path).unwrap_or_default();
    let last_line = text.lines().last().unwrap_or("").to_string();
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        bail!("aftercare import {kind} failed ({status}): {text}");
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok(Measured {
        wall,
        cpu: secs(usage.ru_utime) + secs(usage.ru_stime),
        max_rss_kb: usage.ru_maxrss,
        last_line,
    })
}

/// Writes the four files; returns how many receipts the sales file holds.
fn write_files(dir: &Path, customers: usize, lines: usize) -> Result<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut staff = String::from("姓名,岗位,初始密码\n店长甲,店长,2500\n");
    for i in 0..STAFF {
        staff.push_str(&format!("导购{i},导购,26{i:02}\n"));
    }
    std::fs::write(dir.join("staff.csv"), staff)?;

    let cats = ["纺织", "针织", "纯棉", "西服", "皮衣"];
    let mut w = BufWriter::new(std::fs::File::create(dir.join("products.csv"))?);
    writeln!(w, "款号,品名,品类,吊牌价,尺码,颜色,条码")?;
    for i in 0..PRODUCTS {
        let cat = cats[rng.random_range(0..cats.len())];
        let price = rng.random_range(99..5000);
        writeln!(
            w,
            "S{i:05},款式{i},{cat},\"{price}.00\",S/M/L,黑/灰,69{i:011}"
        )?;
    }
    w.flush()?;

    // GB18030 with CRLF, as a Chinese till writes it; dates three ways.
    let mut text = String::from("会员卡号,姓名,手机号,性别,生日\r\n");
    for i in 0..customers {
        let g = if rng.random_bool(0.5) { "男" } else { "女" };
        let (y, m, d) = (
            rng.random_range(1960..2006),
            rng.random_range(1..13),
            rng.random_range(1..29),
        );
        let born = match i % 3 {
            0 => format!("{y}/{m}/{d}"),
            1 => format!("{y}-{m:02}-{d:02}"),
            _ => format!("{y}年{m}月{d}日"),
        };
        text.push_str(&format!("V{i:07},顾客{i},139{i:08},{g},{born}\r\n"));
    }
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(dir.join("customers.csv"), &bytes)?;
    drop(text);

    let start = NaiveDate::from_ymd_opt(2025, 11, 24).expect("a date");
    let mut w = BufWriter::new(std::fs::File::create(dir.join("sales.csv"))?);
    writeln!(w, "单号,销售日期,会员卡号,导购,款号,尺码,颜色,实收")?;
    let (mut n, mut receipt) = (0usize, 0usize);
    let per_day = (lines as f64 / 2.5 / 365.0).max(1.0);
    while n < lines {
        receipt += 1;
        let day = start + Duration::days(((receipt as f64 / per_day) as i64).min(364));
        let who = if rng.random_bool(0.8) {
            format!("V{:07}", rng.random_range(0..customers.max(1)))
        } else {
            String::new()
        };
        let associate = rng.random_range(0..STAFF);
        for _ in 0..rng.random_range(1..5) {
            if n >= lines {
                break;
            }
            let style = rng.random_range(0..PRODUCTS);
            let paid = rng.random_range(99..5000);
            writeln!(
                w,
                "R{receipt:08},{day},{who},导购{associate},S{style:05},M,黑,{paid}.00"
            )?;
            n += 1;
        }
    }
    w.flush()?;
    Ok(receipt)
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    format!(
        "{cores} cores, {cpu}; load average {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    )
}
