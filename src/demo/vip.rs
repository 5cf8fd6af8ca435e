//! VIP care for the demo shop: tiers and club worked out for every customer,
//! a few who joined the club by fee, three gatherings held this year with
//! their RSVPs, attendance and wishes, one planned, and a new customer month
//! running. The demo generator calls [`fill`] once the customers, sales and
//! closest associates are in.

use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rand::seq::IndexedRandom;
use rusqlite::Connection;

use super::ClockAt;

use crate::domain::segments::Segment;
use crate::shop_data::policy::Policy;
use crate::store::campaigns::{self, Kind};
use crate::store::gatherings::{self, NewGathering};
use crate::store::vip::{self, Group};

/// What guests said they would like next time.
const WISHES: &[&str] = &[
    "想参加插花课",
    "希望有亲子活动，周末带孩子来",
    "想听秋冬搭配讲座",
    "Would love a make-up class before the holidays",
    "想再组织一次徒步，香山就很好",
    "希望新品发布时提前通知",
];

pub fn fill(
    conn: &mut Connection,
    policy: &Policy,
    today: NaiveDate,
    rng: &mut impl Rng,
) -> Result<()> {
    vip::sync_thresholds(conn, policy)?;
    let manager: Option<i64> = conn
        .query_row(
            "SELECT id FROM staff WHERE role = 'manager' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .ok();
    let Some(manager) = manager else {
        return Ok(());
    };
    club_by_fee(conn, policy, today, manager)?;
    gatherings_of_the_year(conn, policy, today, rng, manager)?;
    let _clock = ClockAt::on(today - Duration::days(10), 2);
    campaigns::create(
        conn,
        Kind::NewCustomers,
        today - Duration::days(10),
        today + Duration::days(20),
        "新顾客维护月：每位新顾客回访一次",
        &policy.campaigns,
        manager,
    )?
    .ok();
    Ok(())
}

/// Club members by fee: a few who have not reached the spend.
fn club_by_fee(
    conn: &mut Connection,
    policy: &Policy,
    today: NaiveDate,
    manager: i64,
) -> Result<()> {
    let by_fee: Vec<i64> = conn
        .prepare(
            "SELECT id FROM customers WHERE club_since IS NULL AND erased_at IS NULL
               AND purchase_count > 0 ORDER BY total_spend_fen DESC, id LIMIT 6",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for (i, id) in by_fee.iter().enumerate() {
        let on = today - Duration::days(20 + 37 * i as i64);
        let _clock = ClockAt::on(on, 3);
        let _ = vip::join_by_fee(conn, *id, manager, on, policy.customers.club_fee_fen)?;
    }
    Ok(())
}

/// Three gatherings held this year, spread over the days gone, and one
/// planned.
fn gatherings_of_the_year(
    conn: &mut Connection,
    policy: &Policy,
    today: NaiveDate,
    rng: &mut impl Rng,
    manager: i64,
) -> Result<()> {
    let jan1 = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let gone = (today - jan1).num_days().max(3);
    let themes = &policy.vip.themes;
    let places = ["店内 VIP 室", "国贸咖啡厅", "店内二楼", "店内 VIP 室"];
    // Titles by theme (k * 2 picks product_show, fashion_salon, parenting, product_show).
    let titles = [
        "春装新品鉴赏会",
        "时尚沙龙：衣橱整理",
        "亲子穿搭下午茶",
        "冬季新品鉴赏会",
    ];
    let t = &policy.segments;
    for k in 0..4i64 {
        let held_on = if k < 3 {
            jan1 + Duration::days(gone * (k + 1) / 4)
        } else {
            today + Duration::days(16)
        };
        let g = NewGathering {
            theme: themes[(k as usize * 2) % themes.len()].clone(),
            title: titles[k as usize].to_string(),
            held_on,
            place: places[k as usize].to_string(),
            note: String::new(),
        };
        // Invited twelve days ahead, or two days ago for the one coming soon;
        // planned the day before.
        let sent = (held_on - Duration::days(12)).min(today - Duration::days(2));
        let clock = ClockAt::on(sent - Duration::days(1), 2);
        let id = gatherings::plan(conn, &g, manager)?;
        let group = Group {
            segment: [Some(Segment::Gold), None, Some(Segment::RareDear), None][k as usize],
            tier: None,
            club_only: k == 1,
        };
        let list = vip::invitees(conn, &group, held_on.min(today), t, id, 14)?;
        clock.set(at(sent, 2));
        gatherings::invite(conn, id, &list, manager)?;
        // Answered five days ahead (by today for the one coming); those who
        // came marked on the day.
        let answered = at((held_on - Duration::days(5)).min(today), 8);
        let came = at(held_on, 10);
        answers(conn, rng, id, &list, k < 3, &clock, answered, came, manager)?;
    }
    Ok(())
}

/// The guests' answers to a gathering's invitation, their wishes, and (for
/// one `held` already) who came.
#[allow(clippy::too_many_arguments)]
fn answers(
    conn: &mut Connection,
    rng: &mut impl Rng,
    id: i64,
    list: &[(i64, Option<i64>)],
    held: bool,
    clock: &ClockAt,
    answered: chrono::NaiveDateTime,
    came: chrono::NaiveDateTime,
    manager: i64,
) -> Result<()> {
    for (customer, _) in list {
        let roll = rng.random_range(0..10);
        let answer = match roll {
            0..=5 => "yes",
            6..=7 => "no",
            _ => "pending",
        };
        let wish = if rng.random_range(0..4) == 0 {
            WISHES.choose(rng).copied().unwrap_or_default()
        } else {
            ""
        };
        let answer = if held && answer == "pending" {
            "no"
        } else {
            answer
        };
        clock.set(answered);
        gatherings::rsvp(conn, id, *customer, answer, wish)?;
        if held && answer == "yes" && roll <= 4 {
            clock.set(came);
            gatherings::set_attended(conn, id, *customer, true, manager)?;
        }
    }
    Ok(())
}

/// `hour`:00 UTC on `day`.
fn at(day: NaiveDate, hour: u32) -> chrono::NaiveDateTime {
    day.and_hms_opt(hour, 0, 0).unwrap_or_default()
}
