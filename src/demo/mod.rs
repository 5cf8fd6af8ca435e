//! The demo shop: a whole shop database made up from a seed (staff, a
//! catalogue, customers, a year of purchases and their care) to try the
//! app, train on it, and measure it at a million customers.
//!
//! The same seed and day give the same rows, byte for byte.

pub mod aftersale;
mod atomic;
pub mod board;
mod bulk;
mod calendar;
mod care;
mod catalogue;
pub mod complaints;
pub mod greetings;
mod names;
mod profile;
mod register;
mod sales;
pub mod tasks;
pub mod vip;
pub mod visits;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, params};
use std::path::Path;
use std::time::Instant;

use crate::domain::staff::Role;
use crate::shop_data::files::Files;
use crate::shop_data::policy::Policy;
use crate::store;

pub(crate) use calendar::Calendar;

/// What demo shop to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSpec {
    pub customers: u64,
    pub seed: u64,
    /// The shop's today: the year of purchases ends on it.
    pub today: NaiveDate,
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub customers: u64,
    pub staff: u64,
    pub products: u64,
    pub purchases: u64,
    pub purchase_lines: u64,
    pub contacts: u64,
    /// Purchases past the callback window and not called back yet.
    pub pending_callbacks: u64,
    /// Customers who accept greetings with a birthday in the home screen's window.
    pub birthdays_coming: u64,
    /// Customers per VIP tier, as (tier id, count), in the policy's order.
    pub tiers: Vec<(String, u64)>,
    pub elapsed: std::time::Duration,
}

/// The PIN of every demo staff member.
pub const DEMO_PIN: &str = "0000";
pub const SHOP_NAME: &str = "Aftercare Demo 示范店";

/// Writes a demo shop into a new database at `path`; refuses a database
/// that already holds a shop. The numbers of shop policy (tiers, callback
/// and birthday windows) come from `data/policy.toml`.
pub fn write_demo(path: &Path, spec: &DemoSpec) -> Result<DemoSummary> {
    write_demo_then(path, spec, |_| Ok(()))
}

/// [`write_demo`], with `finish` run on the new shop before it is put in
/// place (the training shop adds its practice catalogue and trainee so).
///
/// The shop is written without a journal or syncs, for speed, into a
/// temporary file beside `path`, then synced to disk and renamed into place
/// only when whole: a demo killed on the way leaves no shop at `path`, and
/// its temporary file is cleared by the next demo.
pub fn write_demo_then(
    path: &Path,
    spec: &DemoSpec,
    finish: impl FnOnce(&mut Connection) -> Result<()>,
) -> Result<DemoSummary> {
    let started = Instant::now();
    let policy = Policy::load(&Files::locate(None))?;
    if path.exists() {
        let conn = store::open(path)?;
        let holds: i64 = conn.query_row(
            "SELECT (SELECT COUNT(*) FROM shop) + (SELECT COUNT(*) FROM staff)
                  + (SELECT COUNT(*) FROM customers)",
            [],
            |r| r.get(0),
        )?;
        if holds > 0 {
            bail!(
                "{} already holds a shop: the demo shop is written only into a new database",
                path.display()
            );
        }
    }
    atomic::clear_stale(path);
    let temp = atomic::temp_beside(path);
    let written = (|| -> Result<DemoSummary> {
        let mut conn = store::open(&temp)?;
        let summary = fill(&mut conn, &temp, spec, &policy)?;
        finish(&mut conn)?;
        conn.close().map_err(|(_, e)| e)?;
        atomic::fold_in_wal(&temp)?;
        atomic::put_in_place(&temp, path)?;
        Ok(summary)
    })();
    match written {
        Ok(mut summary) => {
            summary.elapsed = started.elapsed();
            Ok(summary)
        }
        Err(e) => {
            atomic::remove_with_journals(&temp);
            Err(e.context(format!("writing the demo shop {}", path.display())))
        }
    }
}

fn fill(
    conn: &mut Connection,
    path: &Path,
    spec: &DemoSpec,
    policy: &Policy,
) -> Result<DemoSummary> {
    let calendar = Calendar::new(spec.today);
    let pragmas = Pragmas::fast(conn)?;
    let indexes = bulk::drop_indexes(conn)?;
    let mut search = bulk::SearchIndexes::start(conn, path)?;

    let mut rng = stream(spec.seed, 1);
    let styles = catalogue::styles(&mut rng, &calendar);
    let (staff_ids, product_ids) = write_shop(conn, spec, &calendar, &styles)?;
    // The tiers and club in force before the first customer, as in a shop
    // that has run since it opened: each file is worked out as it changes.
    store::vip::sync_thresholds(conn, policy)?;
    let associates = with_role(&staff_ids, &[Role::Associate]);
    // The manager sells too, now and then.
    let sellers = with_role(&staff_ids, &[Role::Associate, Role::Manager]);
    let shop = register::Shop {
        spec,
        policy,
        calendar: &calendar,
        styles: &styles,
        associates: &associates,
        sellers: &sellers,
    };
    let register::Registered {
        sales,
        mut contacts,
        tiers,
        birthdays_coming,
    } = register::register(conn, &shop, &mut search)?;
    let (planned_purchases, planned_lines) = (sales.purchases(), sales.lines());
    let mut calls = stream(spec.seed, 4);
    let after = policy.callbacks.purchase_after_days;
    let written = sales::write(
        conn,
        sales,
        &mut calls,
        &calendar,
        &styles,
        &product_ids,
        after,
        &store::visits::rules(policy),
    )?;
    debug_assert_eq!(written.purchases as usize, planned_purchases);
    debug_assert_eq!(written.lines as usize, planned_lines);
    contacts.extend(care::callbacks(&mut calls, written.recent_calls));
    care::write(conn, contacts)?;

    for sql in &indexes {
        conn.execute_batch(sql)
            .with_context(|| format!("rebuilding {sql}"))?;
    }
    search.finish(conn)?;
    fill_desks(conn, spec, policy, after)?;
    // The tasks worked, the greetings sent, the gatherings' invitations and
    // the board's months add to the contact log.
    let contacts: u64 = conn.query_row("SELECT COUNT(*) FROM contacts", [], |r| r.get(0))?;
    pragmas.restore(conn)?;
    Ok(DemoSummary {
        customers: spec.customers,
        staff: staff_ids.len() as u64,
        products: product_ids.len() as u64,
        purchases: written.purchases,
        purchase_lines: written.lines,
        contacts,
        pending_callbacks: written.pending,
        birthdays_coming,
        tiers,
        elapsed: std::time::Duration::ZERO,
    })
}

/// The ids of the staff (in `names::STAFF`'s order) who hold one of `wanted`.
fn with_role(staff_ids: &[i64], wanted: &[Role]) -> Vec<i64> {
    names::STAFF
        .iter()
        .zip(staff_ids)
        .filter(|((_, role), _)| wanted.contains(role))
        .map(|(_, id)| *id)
        .collect()
}

/// The after-sale desk, the visits, complaints, greetings, tasks, VIP
/// gatherings and the board, written once the year's sales are in.
fn fill_desks(conn: &mut Connection, spec: &DemoSpec, policy: &Policy, after: u32) -> Result<()> {
    // The after-sale desk's rows: a job for about every hundred customers, 8 to 60.
    let jobs = (spec.customers / 100).clamp(8, 60) as usize;
    aftersale::fill(conn, policy, spec.today, jobs, &mut stream(spec.seed, 5))?;
    visits::fill(conn, spec.today, &mut stream(spec.seed, 6))?;
    // The visits' sales went through the shop's own finishing code, which
    // stamps the clock of this run: give them their sale day instead, and
    // count their callbacks done once due, like the rest of the year's.
    conn.execute(
        "UPDATE purchases SET created_at = purchased_on || 'T06:00:00Z',
             called_back_at = CASE WHEN purchased_on <= date(?1, '-' || ?2 || ' days')
                                   THEN date(purchased_on, '+' || ?2 || ' days') || 'T03:00:00Z' END
         WHERE receipt_no LIKE 'R%'",
        params![spec.today.to_string(), after],
    )?;
    // A customer the visits sold to before their file was opened was registered at that visit.
    conn.execute(
        "UPDATE customers SET created_at = (
             SELECT MIN(p.purchased_on) || 'T06:00:00Z' FROM purchases p
             WHERE p.customer_id = customers.id AND p.receipt_no LIKE 'R%')
         WHERE created_at > (SELECT MIN(p.purchased_on) || 'T06:00:00Z' FROM purchases p
                             WHERE p.customer_id = customers.id AND p.receipt_no LIKE 'R%')",
        [],
    )?;
    conn.execute(
        "UPDATE tasks SET done_at = (SELECT called_back_at FROM purchases p WHERE p.id = tasks.source_id), outcome = 'reached'
         WHERE kind = 'purchase_callback' AND source = 'purchase'
           AND (SELECT called_back_at FROM purchases p WHERE p.id = tasks.source_id) IS NOT NULL",
        [],
    )?;
    crate::store::customers::refresh_closest_all(conn)?;
    complaints::fill(conn, spec.today, &mut stream(spec.seed, 7))?;
    greetings::fill(conn, spec.today)?;
    tasks::fill(conn, policy, spec.today)?;
    vip::fill(conn, policy, spec.today, &mut stream(spec.seed, 8))?;
    board::fill(conn, spec.today, &mut stream(spec.seed, 9))?;
    Ok(())
}

/// The pragmas of the connection before the demo is written, put back after.
struct Pragmas {
    synchronous: i64,
    cache_size: i64,
    journal: String,
    mmap_size: i64,
}

impl Pragmas {
    /// Reads the pragmas, then sets those of a database being made: nothing
    /// else uses it, and a failed one is deleted, so no journal and no sync
    /// on commit; building the indexes reads whole tables, so they are
    /// mapped, not copied in, and sorted on two threads.
    fn fast(conn: &Connection) -> Result<Pragmas> {
        let p = Pragmas {
            synchronous: conn.query_row("PRAGMA synchronous", [], |r| r.get(0))?,
            cache_size: conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?,
            journal: conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
            mmap_size: conn.query_row("PRAGMA mmap_size", [], |r| r.get(0))?,
        };
        conn.query_row("PRAGMA journal_mode = OFF", [], |_| Ok(()))?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        conn.pragma_update(None, "cache_size", -256_000)?;
        conn.query_row("PRAGMA mmap_size = 4294967296", [], |_| Ok(()))?;
        conn.query_row("PRAGMA threads = 2", [], |_| Ok(()))?;
        Ok(p)
    }

    fn restore(&self, conn: &Connection) -> Result<()> {
        let Pragmas {
            synchronous,
            cache_size,
            journal,
            mmap_size,
        } = self;
        conn.query_row(&format!("PRAGMA journal_mode = {journal}"), [], |_| Ok(()))?;
        conn.pragma_update(None, "synchronous", synchronous)?;
        conn.pragma_update(None, "cache_size", cache_size)?;
        conn.query_row(&format!("PRAGMA mmap_size = {mmap_size}"), [], |_| Ok(()))?;
        conn.query_row("PRAGMA threads = 0", [], |_| Ok(()))?;
        Ok(())
    }
}

/// The shop row, its staff (one PIN hash for all: hashing is slow on purpose)
/// and the catalogue, as the first-run set-up, the staff screen and the
/// catalogue write them on the day the shop opened; returns the staff ids
/// and product ids in order.
fn write_shop(
    conn: &mut Connection,
    spec: &DemoSpec,
    calendar: &Calendar,
    styles: &[catalogue::Style],
) -> Result<(Vec<i64>, Vec<i64>)> {
    let pin_hash = store::staff::hash_pin(DEMO_PIN)?;
    let opened = calendar.date(0);
    let _clock = ClockAt::on(opened, 1);
    let (staff, products) = store::write(conn, |tx| {
        store::shop::create(tx, SHOP_NAME)?;
        let staff = names::STAFF
            .iter()
            .map(|(name, role)| store::staff::add(tx, name, *role, &pin_hash))
            .collect::<Result<Vec<i64>>>()?;
        // The log says the shop is made up, and from what.
        let detail = format!(
            "customers={} seed={} today={}",
            spec.customers, spec.seed, spec.today
        );
        store::audit::record(tx, None, "write_demo", "shop", Some(1), &detail)?;
        let products = styles
            .iter()
            .map(|s| store::products::add(tx, &s.product))
            .collect::<Result<Vec<i64>>>()?;
        Ok((staff, products))
    })?;
    // The after-sales desk was trained before the shop opened (seed 001:
    // "客服专人接受专业培训后,方可上岗"), marked by the manager.
    let manager = names::STAFF
        .iter()
        .zip(&staff)
        .find(|((_, role), _)| *role == Role::Manager)
        .map(|(_, id)| *id);
    if let Some(manager) = manager {
        for ((_, role), id) in names::STAFF.iter().zip(&staff) {
            if *role == Role::Service {
                store::duty::set_trained(conn, *id, true, manager, opened)?;
            }
        }
    }
    Ok((staff, products))
}

/// The store's clock held at a moment of the demo's year while the guard
/// lives: what the store writes meanwhile (events, contacts, stamps) carries
/// that time, as if the shop had written it then. Dropped, the clock is as
/// it was.
pub(crate) struct ClockAt(Option<chrono::NaiveDateTime>);

impl ClockAt {
    /// Holds the clock at `at`, a UTC moment.
    pub fn utc(at: chrono::NaiveDateTime) -> Self {
        let before = store::fixed_clock();
        set_utc(at);
        ClockAt(before)
    }

    /// Holds the clock at `hour`:00 UTC on `day`.
    pub fn on(day: NaiveDate, hour: u32) -> Self {
        Self::utc(day.and_hms_opt(hour.min(23), 0, 0).unwrap_or_default())
    }

    /// Moves the held clock on to `at` (UTC).
    pub fn set(&self, at: chrono::NaiveDateTime) {
        set_utc(at);
    }
}

fn set_utc(at: chrono::NaiveDateTime) {
    use chrono::TimeZone;
    let local = chrono::Utc
        .from_utc_datetime(&at)
        .with_timezone(&chrono::Local)
        .naive_local();
    store::fix_clock(Some(local));
}

impl Drop for ClockAt {
    fn drop(&mut self) {
        store::fix_clock(self.0);
    }
}

/// One random stream of the seed per part of the shop, so that a change in
/// how one part is made leaves the others as they were.
fn stream(seed: u64, part: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(part);
    rng
}

pub(crate) fn chance(rng: &mut ChaCha8Rng, p: f64) -> bool {
    rng.random_bool(p.clamp(0.0, 1.0))
}

pub(crate) fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// Items picked in proportion to their weights.
pub(crate) struct Weighted<T> {
    items: Vec<T>,
    /// Running totals of the weights.
    upto: Vec<u64>,
}

impl<T: Copy> Weighted<T> {
    pub fn new(pairs: Vec<(T, u32)>) -> Self {
        let mut total = 0;
        let (items, upto) = pairs
            .into_iter()
            .map(|(item, w)| {
                total += w as u64;
                (item, total)
            })
            .unzip();
        Weighted { items, upto }
    }

    pub fn pick(&self, rng: &mut ChaCha8Rng) -> T {
        let total = *self.upto.last().expect("at least one item");
        let r = rng.random_range(0..total);
        self.items[self.upto.partition_point(|&u| u <= r)]
    }
}

#[cfg(test)]
mod tests;
