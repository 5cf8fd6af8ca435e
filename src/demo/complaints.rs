//! Complaints, surveys and opinions for the demo shop: every channel and
//! state, some overdue, one urgent and unseen, a cosmetics adverse
//! reaction, complaints settled at the counter and one that was not,
//! suggestions kept, and a year of surveys so the figures have something
//! to show. Needs only customers and staff (and uses purchases when there
//! are some); the demo generator calls [`fill`].

mod feedback;
mod walk;

use anyhow::Result;
use chrono::{DateTime, Duration, Local, NaiveDate, TimeZone, Utc};
use rand::Rng;
use rand::seq::IndexedRandom;
use rusqlite::Connection;

use crate::domain::complaint::{Channel, Resolution, State, Urgency};
use crate::shop_data::complaint_rules::ServiceRules;
use crate::store::complaints as store;

use feedback::{opinions_for, survey};
use walk::{counter, take, take_at, walk};

/// What customers say, by category (in their own words).
fn words(category: &str) -> &'static [&'static str] {
    match category {
        "quality" => &[
            "穿了一次拉链就坏了，拉不上去。",
            "洗了一次就缩水，袖子短了一截。",
            "纽扣第二天就掉了两颗。",
            "羊毛衫穿了一周就起球得很厉害。",
            "皮衣接缝处开裂了，才买一个月。",
            "The seam of the trousers opened after one wear.",
        ],
        "packaging" => &[
            "快递到的时候盒子压扁了，衣服上有污渍。",
            "包装破损，衣服受潮有霉味。",
            "面霜瓶盖裂了，漏了一半。",
        ],
        "marketing" => &[
            "活动说满500减100，结账时却不给减。",
            "橱窗标价和收银价格不一致。",
            "会员积分没有按承诺到账。",
        ],
        "attitude" => &[
            "导购态度冷淡，问了三遍都不理人。",
            "试衣时店员一直催，说不买就别试。",
            "The cashier was rude when I asked for a receipt.",
        ],
        "neglect" => &[
            "预约的裤脚修改没按时做好，白跑一趟。",
            "说好回电话，一直没人联系我。",
            "取衣服时发现给错了，不是我那件。",
        ],
        "adverse_reaction" => &[
            "用了精华液第二天脸上起红疹，很痒。",
            "口红用了两天嘴唇发痒、起皮。",
        ],
        _ => &[
            "停车场收费太贵，希望给顾客优惠。",
            "店里空调太冷了，试衣间尤其冷。",
        ],
    }
}

fn solution(r: Resolution) -> &'static str {
    match r {
        Resolution::Repair => "免费维修，三天后取。",
        Resolution::Exchange => "同款换新，当场调换。",
        Resolution::Refund => "按原价退款。",
        Resolution::FreeService => "免费熨烫并锁边。",
        Resolution::Explanation => "向顾客解释原因并致歉，已与当事员工谈话。",
        Resolution::Care => "建议停用并就医，费用由本店承担，产品批次送检。",
        _ => "按顾客意愿处理。",
    }
}

fn resolution_for(category: &str, rng: &mut impl Rng) -> Resolution {
    let choices: &[Resolution] = match category {
        "quality" => &[Resolution::Repair, Resolution::Exchange, Resolution::Refund],
        "packaging" => &[Resolution::Exchange, Resolution::Refund],
        "adverse_reaction" => &[Resolution::Care, Resolution::Refund],
        "neglect" => &[Resolution::FreeService, Resolution::Explanation],
        _ => &[Resolution::Explanation, Resolution::FreeService],
    };
    *choices.choose(rng).unwrap_or(&Resolution::Explanation)
}

/// The shop's local time of day on a date, as UTC.
fn at(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let naive = day.and_hms_opt(hour, minute, 0).unwrap_or_default();
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&naive))
}

struct Shop {
    rules: ServiceRules,
    staff: Vec<i64>,
    customers: Vec<i64>,
    /// (line id, customer, product as named, product category)
    lines: Vec<(i64, i64, String, String)>,
}

/// Writes the complaints, surveys and opinions of the demo shop, in the
/// caller's transaction or in one of its own (begun IMMEDIATE).
pub fn fill(conn: &Connection, today: NaiveDate, rng: &mut impl Rng) -> Result<()> {
    let own = conn.is_autocommit();
    if own {
        conn.execute_batch("BEGIN IMMEDIATE")?;
    }
    let r = fill_in(conn, today, rng);
    if own {
        match &r {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(_) => conn.execute_batch("ROLLBACK")?,
        }
    }
    r
}

fn ids(conn: &Connection, sql: &str) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare(sql)?;
    let v = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    Ok(v)
}

fn fill_in(conn: &Connection, today: NaiveDate, rng: &mut impl Rng) -> Result<()> {
    let shop = load_shop(conn)?;
    closed(conn, &shop, rng, today)?;
    at_the_counter(conn, &shop, rng, today)?;
    open(conn, &shop, rng, today)?;
    just_in(conn, &shop, rng, today)?;
    // A year of surveys on their own and after callbacks, and opinions.
    for m in 0..12 {
        for _ in 0..rng.random_range(3..7) {
            let day = today - Duration::days(m * 30 + rng.random_range(0..28));
            survey(conn, &shop, rng, None, day)?;
        }
    }
    opinions_for(conn, &shop, rng, today)?;
    Ok(())
}

/// The staff, customers and bought lines the demo complaints are about.
fn load_shop(conn: &Connection) -> Result<Shop> {
    let staff = ids(conn, "SELECT id FROM staff WHERE active = 1 ORDER BY id")?;
    let customers = ids(
        conn,
        "SELECT id FROM customers WHERE erased_at IS NULL ORDER BY id LIMIT 400",
    )?;
    if staff.is_empty() || customers.is_empty() {
        anyhow::bail!("the demo complaints need staff and customers first");
    }
    let mut stmt = conn.prepare(
        "SELECT l.id, p.customer_id, pr.style_no || ' ' || pr.name, pr.category
         FROM purchase_lines l JOIN purchases p ON p.id = l.purchase_id
         JOIN products pr ON pr.id = l.product_id
         WHERE p.customer_id IS NOT NULL ORDER BY l.id DESC LIMIT 400",
    )?;
    let lines = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Shop {
        rules: ServiceRules::default(),
        staff,
        customers,
        lines,
    })
}

/// Closed complaints over the last six months, the loop complete.
fn closed(conn: &Connection, shop: &Shop, rng: &mut impl Rng, today: NaiveDate) -> Result<()> {
    let categories: Vec<String> = shop
        .rules
        .routing
        .categories
        .iter()
        .map(|c| c.id.clone())
        .filter(|c| c != "adverse_reaction")
        .collect();
    for i in 0..36 {
        let days_ago = rng.random_range(15..180);
        let category = if i % 9 == 0 {
            "quality".to_string()
        } else {
            categories.choose(rng).cloned().unwrap_or_default()
        };
        let channel = Channel::ALL[i % Channel::ALL.len()];
        let day = today - Duration::days(days_ago);
        let id = take(
            conn,
            shop,
            rng,
            &category,
            channel,
            Urgency::Normal,
            day,
            9 + (i % 9) as u32,
        )?;
        // Most are answered within the day; a few are late.
        let late = rng.random_bool(0.15);
        let first_h = if late {
            rng.random_range(25..40)
        } else {
            rng.random_range(1..20)
        };
        let resolved_h = first_h
            + if late {
                rng.random_range(50..90)
            } else {
                rng.random_range(4..48)
            };
        walk(conn, shop, rng, id, State::Closed, first_h, resolved_h, day)?;
        if rng.random_bool(0.6) {
            survey(conn, shop, rng, Some(id), day + Duration::days(4))?;
        }
    }
    Ok(())
}

/// At the counter: settled on the spot, and one that was not.
fn at_the_counter(
    conn: &Connection,
    shop: &Shop,
    rng: &mut impl Rng,
    today: NaiveDate,
) -> Result<()> {
    for k in 0..6 {
        // The one not settled came in two days ago and waits for the manager.
        let day = if k == 5 {
            today - Duration::days(2)
        } else {
            today - Duration::days(rng.random_range(3..120))
        };
        let id = counter(conn, shop, rng, day, k != 5)?;
        // Settled a while ago: revisited and closed since.
        if k != 5 && day < today - Duration::days(6) {
            walk(conn, shop, rng, id, State::Closed, 0, 1, day)?;
        }
    }
    Ok(())
}

/// Open ones, in every state of the loop.
fn open(conn: &Connection, shop: &Shop, rng: &mut impl Rng, today: NaiveDate) -> Result<()> {
    let open: [(State, i64, &str, Channel); 8] = [
        (State::Accepted, 2, "quality", Channel::Hotline),
        (State::Accepted, 30, "neglect", Channel::Phone),
        (State::Verified, 20, "packaging", Channel::OnlineShop),
        (State::Verified, 80, "marketing", Channel::Web),
        (State::Handled, 40, "quality", Channel::Letter),
        (State::FedBack, 60, "attitude", Channel::Visit),
        (State::FedBack, 120, "quality", Channel::Email),
        (State::Revisited, 150, "other", Channel::InStore),
    ];
    for (upto, hours_ago, category, channel) in open {
        let received = at(today, 9, 30) - Duration::hours(hours_ago);
        let id = take_at(
            conn,
            shop,
            rng,
            category,
            channel,
            Urgency::Normal,
            received,
        )?;
        walk(
            conn,
            shop,
            rng,
            id,
            upto,
            3,
            hours_ago.min(70) - 1,
            received.date_naive(),
        )?;
        if hours_ago == 80 {
            store::set_major_in(
                conn,
                id,
                true,
                "顾客表示要向媒体反映",
                shop.staff[0],
                received,
            )?;
        }
    }
    Ok(())
}

/// Today's: the urgent one nobody has seen yet, and a cosmetics adverse
/// reaction.
fn just_in(conn: &Connection, shop: &Shop, rng: &mut impl Rng, today: NaiveDate) -> Result<()> {
    // The urgent one, just in: nobody has seen it yet.
    let received = at(today, 8, 45);
    take_at(
        conn,
        shop,
        rng,
        "quality",
        Channel::Hotline,
        Urgency::Urgent,
        received,
    )?;
    // A cosmetics adverse reaction: product and batch, routed to quality, its revisit booked.
    let received = at(today, 8, 0) - Duration::days(1);
    let id = take_at(
        conn,
        shop,
        rng,
        "adverse_reaction",
        Channel::InStore,
        Urgency::Urgent,
        received,
    )?;
    walk(
        conn,
        shop,
        rng,
        id,
        State::Handled,
        1,
        20,
        received.date_naive(),
    )?;
    store::acknowledge_in(
        conn,
        id,
        true,
        &[],
        shop.staff[0],
        received + Duration::hours(1),
    )?;
    Ok(())
}
