//! Complaints, surveys and opinions for the demo shop: every channel and
//! state, some overdue, one urgent and unseen, a cosmetics adverse
//! reaction, complaints settled at the counter and one that was not,
//! suggestions kept, and a year of surveys so the figures have something
//! to show. Needs only customers and staff (and uses purchases when there
//! are some); the demo generator calls [`fill`].

use anyhow::Result;
use chrono::{DateTime, Duration, Local, NaiveDate, TimeZone, Utc};
use rand::Rng;
use rand::seq::IndexedRandom;
use rusqlite::Connection;

use crate::domain::complaint::counter::Step;
use crate::domain::complaint::routing::Routing;
use crate::domain::complaint::{Channel, Compensation, Resolution, State, Urgency};
use crate::domain::survey::SurveySource;
use crate::shop_data::complaint_rules::{Revisit, ServiceRules};
use crate::store::complaints::opinions::{self, NewOpinion, OpinionKind};
use crate::store::complaints::surveys::{self, NewSurvey};
use crate::store::complaints::{self as store, CounterOutcome, MoveRequest, NewComplaint};

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
    let shop = Shop {
        rules: ServiceRules::default(),
        staff,
        customers,
        lines,
    };
    let categories: Vec<String> = shop
        .rules
        .routing
        .categories
        .iter()
        .map(|c| c.id.clone())
        .filter(|c| c != "adverse_reaction")
        .collect();
    // Closed complaints over the last six months, the loop complete.
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
            &shop,
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
        walk(
            conn,
            &shop,
            rng,
            id,
            State::Closed,
            first_h,
            resolved_h,
            day,
        )?;
        if rng.random_bool(0.6) {
            survey(conn, &shop, rng, Some(id), day + Duration::days(4))?;
        }
    }
    // At the counter: settled on the spot, and one that was not.
    for k in 0..6 {
        // The one not settled came in two days ago and waits for the manager.
        let day = if k == 5 {
            today - Duration::days(2)
        } else {
            today - Duration::days(rng.random_range(3..120))
        };
        let id = counter(conn, &shop, rng, day, k != 5)?;
        // Settled a while ago: revisited and closed since.
        if k != 5 && day < today - Duration::days(6) {
            walk(conn, &shop, rng, id, State::Closed, 0, 1, day)?;
        }
    }
    // Open ones, in every state of the loop.
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
            &shop,
            rng,
            category,
            channel,
            Urgency::Normal,
            received,
        )?;
        walk(
            conn,
            &shop,
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
    // The urgent one, just in: nobody has seen it yet.
    let received = at(today, 8, 45);
    take_at(
        conn,
        &shop,
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
        &shop,
        rng,
        "adverse_reaction",
        Channel::InStore,
        Urgency::Urgent,
        received,
    )?;
    walk(
        conn,
        &shop,
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

/// A complaint taken on `day` at `hour`.
#[allow(clippy::too_many_arguments)]
fn take(
    conn: &Connection,
    shop: &Shop,
    rng: &mut impl Rng,
    category: &str,
    channel: Channel,
    urgency: Urgency,
    day: NaiveDate,
    hour: u32,
) -> Result<i64> {
    let received = at(day, hour.min(20), rng.random_range(0..60));
    take_at(conn, shop, rng, category, channel, urgency, received)
}

fn take_at(
    conn: &Connection,
    shop: &Shop,
    rng: &mut impl Rng,
    category: &str,
    channel: Channel,
    urgency: Urgency,
    received: DateTime<Utc>,
) -> Result<i64> {
    let routing: &Routing = &shop.rules.routing;
    let cat = routing
        .category(category)
        .ok_or_else(|| anyhow::anyhow!("no category {category}"))?;
    let route = routing
        .route(category)
        .ok_or_else(|| anyhow::anyhow!("no route for {category}"))?;
    let cosmetic = category == "adverse_reaction" || category == "packaging";
    let line = shop
        .lines
        .iter()
        .filter(|l| !cosmetic || l.3 == "cosmetic")
        .collect::<Vec<_>>()
        .choose(rng)
        .map(|l| (*l).clone())
        .filter(|_| category == "quality" || cosmetic);
    let (line_id, customer, product) = match line {
        Some((id, c, p, _)) => (Some(id), c, p),
        None => (
            None,
            *shop.customers.choose(rng).unwrap_or(&shop.customers[0]),
            if category == "adverse_reaction" {
                "SK-310 保湿精华液 30ml".to_string()
            } else {
                String::new()
            },
        ),
    };
    let batch = if cat.needs_batch {
        format!("B{}{:02}", received.format("%y%m"), rng.random_range(1..30))
    } else {
        String::new()
    };
    let said = words(category).choose(rng).copied().unwrap_or("—");
    let who = *shop.staff.choose(rng).unwrap_or(&shop.staff[0]);
    store::create(
        conn,
        &NewComplaint {
            channel,
            customer_id: Some(customer),
            purchase_line_id: line_id,
            product: &product,
            batch_no: &batch,
            category: cat,
            route: &route,
            urgency,
            major: false,
            words: said,
            taken_by: who,
            received_at: received,
            received_on: received.with_timezone(&Local).date_naive(),
        },
        &shop.rules.complaints.revisit,
    )
}

/// Moves a complaint round the loop up to `upto`: the first response
/// `first_h` hours after it came in, feedback at `resolved_h`.
#[allow(clippy::too_many_arguments)]
fn walk(
    conn: &Connection,
    shop: &Shop,
    rng: &mut impl Rng,
    id: i64,
    upto: State,
    first_h: i64,
    resolved_h: i64,
    day: NaiveDate,
) -> Result<()> {
    let c = store::get(conn, id)?.ok_or_else(|| anyhow::anyhow!("complaint {id} is gone"))?;
    let resolution = resolution_for(&c.category, rng);
    let revisit: Revisit = shop.rules.complaints.revisit;
    let mut version = c.version;
    let mut state = c.state;
    let t0 = c.received_at;
    let resolved_h = resolved_h.max(first_h + 1);
    // A revisit that finds the customer not satisfied reopens handling once
    // (as the loop requires); the second revisit finds them satisfied.
    let mut unsatisfied: Option<bool> = None;
    let mut round_h = 0;
    while state < upto {
        let reopen = unsatisfied == Some(false);
        let Some(to) = (if reopen {
            Some(State::Handled)
        } else {
            crate::domain::complaint::flow::next(state)
        }) else {
            break;
        };
        let satisfied =
            (to == State::Revisited).then(|| unsatisfied.is_some() || rng.random_bool(0.85));
        let (hours, note) = match to {
            State::Verified => (first_h, "已电话联系顾客，核实了情况。"),
            State::Handled if reopen => (resolved_h + 74, "回访时顾客仍不满意，重新处理。"),
            State::Handled => ((first_h + resolved_h) / 2, solution(resolution)),
            State::FedBack => (resolved_h, "已将处理结果告知顾客。"),
            State::Revisited if satisfied == Some(false) => {
                (resolved_h + 72, "回访：顾客仍不满意，需要重新处理。")
            }
            State::Revisited => (resolved_h + 72, "回访：顾客表示满意，谢谢关心。"),
            _ => (resolved_h + 75, "已回访，顾客满意，结案。"),
        };
        let now = t0 + Duration::hours(hours + round_h);
        if reopen {
            round_h += 76;
        }
        if to == State::Revisited {
            unsatisfied = satisfied;
        } else if to == State::Handled {
            unsatisfied = unsatisfied.map(|_| true);
        }
        let staff = *shop.staff.choose(rng).unwrap_or(&shop.staff[0]);
        let req = MoveRequest {
            id,
            version,
            to,
            note,
            resolution: (to == State::Handled).then_some(resolution),
            satisfied,
            manager_decision: false,
            staff,
            now,
            today: now.with_timezone(&Local).date_naive().max(day),
        };
        version = store::advance_in(conn, &req, &shop.rules.routing, &revisit)
            .map_err(|e| anyhow::anyhow!("demo complaint {id}: {e:?}"))?;
        state = to;
    }
    Ok(())
}

/// A complaint at the counter through the nine steps, a minute or two each.
fn counter(
    conn: &Connection,
    shop: &Shop,
    rng: &mut impl Rng,
    day: NaiveDate,
    settled: bool,
) -> Result<i64> {
    let category = if settled { "quality" } else { "attitude" };
    let start = at(day, rng.random_range(10..19), rng.random_range(0..60));
    let routing = &shop.rules.routing;
    let (Some(cat), Some(route)) = (routing.category(category), routing.route(category)) else {
        anyhow::bail!("the demo needs the category {category} in data/routing.toml");
    };
    let customer = *shop.customers.choose(rng).unwrap_or(&shop.customers[0]);
    let who = *shop.staff.choose(rng).unwrap_or(&shop.staff[0]);
    let resolution = resolution_for(category, rng);
    let steps: Vec<(Step, DateTime<Utc>)> = Step::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, start + Duration::minutes(2 * i as i64 + 1)))
        .collect();
    let (comp, fen, what) = [
        (Compensation::Gift, 3000, "丝巾一条"),
        (Compensation::Discount, 5000, "下次购物九折券"),
        (Compensation::FreeService, 2000, "免费干洗一次"),
    ]
    .choose(rng)
    .copied()
    .unwrap_or((Compensation::None, 0, ""));
    let said = words(category).choose(rng).copied().unwrap_or("—");
    store::create_at_counter(
        conn,
        &NewComplaint {
            channel: Channel::InStore,
            customer_id: Some(customer),
            purchase_line_id: None,
            product: "",
            batch_no: "",
            category: cat,
            route: &route,
            urgency: Urgency::Normal,
            major: false,
            words: said,
            taken_by: who,
            received_at: start,
            received_on: day,
        },
        &CounterOutcome {
            restated: "顾客所述问题属实，已与顾客确认。",
            resolution,
            solution: solution(resolution),
            compensation: comp,
            compensation_fen: fen,
            compensation_note: what,
            satisfied: settled,
            final_offer: if settled {
                ""
            } else {
                "由店长出面道歉并赠送护理一次"
            },
            final_accepted: (!settled).then_some(false),
            follow_up: "三天后电话回访。",
            steps,
        },
        &shop.rules.complaints.revisit,
    )
}

fn survey(
    conn: &Connection,
    shop: &Shop,
    rng: &mut impl Rng,
    complaint: Option<i64>,
    day: NaiveDate,
) -> Result<()> {
    let source = match complaint {
        Some(_) => SurveySource::Complaint,
        None if rng.random_bool(0.5) => SurveySource::Callback,
        None => SurveySource::Standalone,
    };
    let customer = match complaint {
        Some(id) => store::get(conn, id)?.and_then(|c| c.customer_id),
        None => shop.customers.choose(rng).copied(),
    };
    // Most customers are content; a few are not.
    let base: u8 = if rng.random_bool(0.12) { 2 } else { 4 };
    let answers: Vec<(&str, u8)> = shop
        .rules
        .questions
        .iter()
        .map(|q| (q.id.as_str(), (base + rng.random_range(0..2)).clamp(1, 5)))
        .collect();
    let comment = [
        "",
        "",
        "服务很好",
        "希望多些大码",
        "修改很及时",
        "等待时间有点长",
    ]
    .choose(rng)
    .copied()
    .unwrap_or("");
    surveys::record(
        conn,
        &NewSurvey {
            customer_id: customer,
            source,
            complaint_id: complaint,
            purchase_id: None,
            task_id: None,
            staff_id: shop.staff.choose(rng).copied(),
            answers,
            comment,
            taken_on: day,
            taken_at: at(day, rng.random_range(10..20), rng.random_range(0..60)),
        },
    )?;
    Ok(())
}

fn opinions_for(
    conn: &Connection,
    shop: &Shop,
    rng: &mut impl Rng,
    today: NaiveDate,
) -> Result<()> {
    let items: [(OpinionKind, &str, &str, bool); 6] = [
        (
            OpinionKind::Suggestion,
            "希望增加大码女装的款式",
            "sales",
            true,
        ),
        (OpinionKind::Suggestion, "试衣间多放一面镜子", "sales", true),
        (
            OpinionKind::Suggestion,
            "网店包装请加防压泡沫",
            "warehouse",
            true,
        ),
        (
            OpinionKind::Suggestion,
            "羊毛衫的洗涤说明写得更清楚些",
            "qc",
            true,
        ),
        (
            OpinionKind::Opinion,
            "新来的导购很耐心，推荐的搭配很好",
            "sales",
            false,
        ),
        (OpinionKind::Opinion, "会员活动太少了", "service", false),
    ];
    for (kind, text, dep, keep) in items {
        let day = today - Duration::days(rng.random_range(1..150));
        opinions::add(
            conn,
            &NewOpinion {
                kind,
                customer_id: shop.customers.choose(rng).copied(),
                channel: "in_store",
                complaint_id: None,
                product: "",
                text,
                department: Some(dep),
                worth_keeping: keep,
                satisfied: None,
                staff_id: shop.staff.choose(rng).copied(),
                noted_on: day,
                noted_at: at(day, 15, 0),
            },
        )?;
    }
    Ok(())
}
