//! `aftercare sync`: the shop's change log into head office.
//!
//! Head office keeps, per shop, the last sequence number it acknowledged
//! (`aftercare.shops.acked_seq`). Each batch — the changes after it, up to
//! [`BATCH`] — is applied in ONE PostgreSQL transaction together with the
//! new acknowledged sequence: committed, both are there; not committed,
//! neither. Only then is the log pruned locally, up to what head office
//! says it has. A crash or a dropped link at any point is safe: the next
//! run reads head office's sequence again and starts after it, and applying
//! a row is an upsert keyed by (table, shop, row id), so nothing is lost or
//! doubled.

use anyhow::{Context as _, Result, bail};
use postgres::Client;
use rusqlite::Connection;
use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::store::changes::{self, Change};

/// Changes per PostgreSQL transaction.
pub const BATCH: usize = 5000;

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pushed {
    /// Changes read from the log and applied.
    pub changes: u64,
    /// Transactions committed at head office.
    pub batches: u64,
    /// Head office's acknowledged sequence afterwards.
    pub acked_seq: i64,
    pub elapsed: Duration,
}

/// The batch size: [`BATCH`], or `AFTERCARE_SYNC_BATCH` (tests).
fn batch_size() -> usize {
    std::env::var("AFTERCARE_SYNC_BATCH")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n: &usize| *n > 0)
        .unwrap_or(BATCH)
}

/// A pause inside each head office transaction, before it commits
/// (`AFTERCARE_SYNC_PAUSE_MS`): only for the tests that kill a sync mid-batch.
fn pause() -> Option<Duration> {
    std::env::var("AFTERCARE_SYNC_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis)
}

/// Head office's acknowledged sequence for this shop, checking that the
/// login is this shop's.
fn acked(client: &mut Client, code: &str) -> Result<i64> {
    let row = client.query_opt(
        "SELECT code, acked_seq FROM aftercare.shops WHERE code = $1",
        &[&code],
    )?;
    match row {
        Some(r) => Ok(r.get(1)),
        None => bail!(
            "head office does not know shop {code} under this login: ask head office to run \
             `aftercare hq add-shop {code}` and use the login it prints"
        ),
    }
}

/// Pushes every change in the log to head office, batch by batch, pruning
/// what was acknowledged.
pub fn push(shop: &mut Connection, client: &mut Client) -> Result<Pushed> {
    let started = Instant::now();
    let Some(code) = changes::shop_code(shop)? else {
        bail!("this shop has no chain code yet: run `aftercare shop-code CODE` first");
    };
    let mut acked_seq = acked(client, &code)?;
    // Whatever head office has is acknowledged: prune it (a crash after
    // the last commit left it in the log).
    changes::acknowledge(shop, acked_seq)?;
    let batch = batch_size();
    let pause = pause();
    let mut out = Pushed::default();
    loop {
        let log = changes::since(shop, acked_seq, batch)?;
        let Some(last) = log.last().map(|c| c.seq) else {
            break;
        };
        let n = log.len() as u64;
        let mut tx = client.transaction()?;
        // Locks this shop's row: two syncs of one shop take turns, and the
        // second starts after what the first committed.
        let now: i64 = tx
            .query_one(
                "SELECT acked_seq FROM aftercare.shops WHERE code = $1 FOR UPDATE",
                &[&code],
            )?
            .get(0);
        if now != acked_seq {
            // Another sync of this shop went ahead meanwhile: start again after it.
            tx.rollback()?;
            acked_seq = now;
            continue;
        }
        apply(&mut tx, &code, &log)?;
        tx.execute(
            "UPDATE aftercare.shops SET acked_seq = $2, last_sync = now() WHERE code = $1",
            &[&code, &last],
        )?;
        if let Some(p) = pause {
            std::thread::sleep(p);
        }
        tx.commit().context("head office did not take the batch")?;
        acked_seq = last;
        changes::acknowledge(shop, last)?;
        out.changes += n;
        out.batches += 1;
    }
    out.acked_seq = acked_seq;
    out.elapsed = started.elapsed();
    Ok(out)
}

/// Applies one batch: the last state of each row wins (a row changed three
/// times in the batch is written once), upserts then deletes.
fn apply(tx: &mut postgres::Transaction, code: &str, log: &[Change]) -> Result<()> {
    let mut last: HashMap<(&str, i64), &Change> = HashMap::with_capacity(log.len());
    for c in log {
        last.insert((c.table.as_str(), c.row_id), c);
    }
    let (mut tables, mut ids, mut seqs, mut rows) = (vec![], vec![], vec![], vec![]);
    let (mut del_tables, mut del_ids) = (vec![], vec![]);
    for c in last.values() {
        match &c.row {
            Some(row) if c.op != 'D' => {
                tables.push(c.table.clone());
                ids.push(c.row_id);
                seqs.push(c.seq);
                rows.push(row.clone());
            }
            _ => {
                del_tables.push(c.table.clone());
                del_ids.push(c.row_id);
            }
        }
    }
    if !tables.is_empty() {
        tx.execute(
            "INSERT INTO aftercare.shop_rows(shop_code, tbl, row_id, seq, data)
             SELECT $1, t, i, s, d::jsonb
             FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::text[]) AS u(t, i, s, d)
             ON CONFLICT (tbl, shop_code, row_id)
             DO UPDATE SET seq = EXCLUDED.seq, data = EXCLUDED.data",
            &[&code, &tables, &ids, &seqs, &rows],
        )?;
    }
    if !del_tables.is_empty() {
        tx.execute(
            "DELETE FROM aftercare.shop_rows r
             USING unnest($2::text[], $3::bigint[]) AS u(t, i)
             WHERE r.shop_code = $1 AND r.tbl = u.t AND r.row_id = u.i",
            &[&code, &del_tables, &del_ids],
        )?;
    }
    Ok(())
}

/// `aftercare sync --watch`: pushes within seconds of a change. Polls the
/// log's newest sequence every `poll`; when head office cannot be reached,
/// waits longer each time (up to five minutes) and tries again, catching up
/// on everything the log kept meanwhile. Runs until killed; `report` is told
/// each push and each failure.
pub fn watch(
    shop: &mut Connection,
    config: &postgres::Config,
    poll: Duration,
    mut report: impl FnMut(Result<&Pushed, &anyhow::Error>),
) -> Result<()> {
    let mut client: Option<Client> = None;
    let mut backoff = poll;
    let mut pushed_up_to = -1;
    loop {
        let newest = changes::max_seq(shop)?;
        if newest != pushed_up_to || client.is_none() {
            let result = (|| -> Result<Pushed> {
                if client.as_ref().is_none_or(|c| c.is_closed()) {
                    client = Some(super::connect(config)?);
                }
                let c = client.as_mut().expect("connected above");
                push(shop, c)
            })();
            match result {
                Ok(p) => {
                    if p.changes > 0 {
                        report(Ok(&p));
                    }
                    pushed_up_to = newest;
                    backoff = poll;
                }
                Err(e) => {
                    report(Err(&e));
                    client = None;
                    std::thread::sleep(backoff);
                    backoff = (backoff * 2).min(Duration::from_secs(300));
                    continue;
                }
            }
        }
        std::thread::sleep(poll);
    }
}
