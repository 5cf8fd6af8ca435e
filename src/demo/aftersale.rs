//! The demo shop's after-sale rows: repair jobs in every state (some late,
//! some ready, paid ones with invoices), returns and exchanges, care
//! care jobs under way on the entitlements the sales granted.

use anyhow::Result;
use chrono::{Duration, NaiveDate};
use rand::Rng;
use rusqlite::Connection;

use super::ClockAt;
use crate::domain::aftersale::{
    self, AfterSaleCase, Category, Condition, Problem, PurchaseLine, Request,
};
use crate::shop_data::policy::Policy;
use crate::store::care;
use crate::store::repairs::{self, Intake};
use crate::store::returns::{self, Settlement};

/// A return or exchange case of the demo: problem, request, conditions,
/// how an exchange is done, and whether a manager overrides a refusal.
type Scenario = (Problem, Request, Vec<Condition>, Option<&'static str>, bool);

struct Line {
    id: i64,
    customer_id: i64,
    customer: String,
    phone: String,
    address: String,
    style_no: String,
    product: String,
    category: String,
    price_fen: i64,
    current_fen: i64,
    sold_on: NaiveDate,
}

fn lines(conn: &Connection, sql_where: &str, limit: usize) -> Result<Vec<Line>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT l.id, c.id, c.name, COALESCE(c.phone, ''), COALESCE(c.address, ''), pr.style_no, pr.name, pr.category,
                l.price_fen, pr.current_price_fen, p.purchased_on
         FROM purchase_lines l JOIN purchases p ON p.id = l.purchase_id JOIN products pr ON pr.id = l.product_id
         JOIN customers c ON c.id = p.customer_id
         WHERE c.erased_at IS NULL AND {sql_where} ORDER BY l.id LIMIT {limit}"
    ))?;
    let rows = stmt.query_map([], |r| {
        let on: String = r.get(10)?;
        Ok(Line {
            id: r.get(0)?,
            customer_id: r.get(1)?,
            customer: r.get(2)?,
            phone: r.get(3)?,
            address: r.get(4)?,
            style_no: r.get(5)?,
            product: r.get(6)?,
            category: r.get(7)?,
            price_fen: r.get(8)?,
            current_fen: r.get(9)?,
            sold_on: NaiveDate::parse_from_str(&on, "%Y-%m-%d").unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn case(
    l: &Line,
    today: NaiveDate,
    problem: Problem,
    request: Request,
    condition: Vec<Condition>,
) -> Option<AfterSaleCase> {
    let category = Category::ALL
        .iter()
        .copied()
        .find(|c| c.as_str() == l.category)?;
    Some(AfterSaleCase {
        line: PurchaseLine {
            category,
            sold_on: l.sold_on,
            paid_fen: l.price_fen,
            current_price_fen: l.current_fen,
            clearance: false,
            made_to_order: false,
        },
        today,
        receipt: true,
        condition,
        problem,
        repairable: true,
        request,
    })
}

/// Adds the after-sale rows to a demo shop that has staff, customers and a
/// year of purchases. `scale` is the number of repair jobs to take in.
pub fn fill(
    conn: &mut Connection,
    policy: &Policy,
    today: NaiveDate,
    scale: usize,
    rng: &mut impl Rng,
) -> Result<()> {
    let service: Vec<i64> = conn
        .prepare(
            "SELECT id FROM staff WHERE role IN ('service', 'manager') AND active = 1 ORDER BY id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let Some(&desk) = service.first() else {
        return Ok(());
    };
    let manager: i64 = conn.query_row(
        "SELECT id FROM staff WHERE role = 'manager' ORDER BY id LIMIT 1",
        [],
        |r| r.get(0),
    )?;

    // The entitlements (a free dry-clean for a suit at or above the
    // threshold, a leather care for each leather piece) came with the sales.
    // Two care jobs under way.
    let open: Vec<i64> = conn
        .prepare("SELECT id FROM entitlements WHERE used_on IS NULL AND (valid_until IS NULL OR valid_until >= ?1) ORDER BY id LIMIT 2")?
        .query_map([today.to_string()], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for (n, e) in open.into_iter().enumerate() {
        let kind: String =
            conn.query_row("SELECT kind FROM entitlements WHERE id = ?1", [e], |r| {
                r.get(0)
            })?;
        let stages = policy.care_jobs.stages(&kind).to_vec();
        let received = today - Duration::days(3);
        let clock = ClockAt::on(received, 2);
        if let Ok((id, _)) = care::redeem(conn, e, &stages[0], desk, received) {
            for v in 0..(n + 1) {
                clock.set(
                    (received + Duration::days(v as i64 + 1))
                        .and_hms_opt(3, 0, 0)
                        .unwrap_or_default(),
                );
                let _ = care::advance(conn, id, 1 + v as i64, &stages, desk);
            }
        }
    }

    // Repair jobs: faults on garments of the last months, in every state.
    let candidates = lines(
        conn,
        &format!(
            "p.purchased_on >= '{}' AND pr.category != 'cosmetic'",
            today - Duration::days(170)
        ),
        scale * 4,
    )?;
    let problems = [
        Problem::OpenSeam,
        Problem::QualityDefect,
        Problem::DroppedStitch,
        Problem::Creasing,
        Problem::ZipMisuse,
    ];
    let symptoms = [
        "左袖口开线",
        "拉链头脱落",
        "下摆起皱",
        "腋下开线约3厘米",
        "纽扣松动",
        "内衬开线",
        "领口脱针",
    ];
    let plan = [
        "received",
        "at_centre",
        "repairing",
        "ready",
        "collected",
        "collected",
        "returned_unrepaired",
        "repairing",
    ];
    let mut taken = 0;
    for (i, l) in candidates.iter().enumerate().step_by(4) {
        if taken >= scale {
            break;
        }
        let problem = problems[i % problems.len()];
        let Some(c) = case(l, today, problem, Request::Repair, vec![]) else {
            continue;
        };
        let Ok(ruling) = aftersale::decide(&c, &policy.aftersale) else {
            continue;
        };
        // Promised `promise_days` after it came in, never before; every third
        // job came in long enough ago for its promise to be past (late jobs
        // show first).
        let promise = policy.repairs.promise_days.max(1) as i64;
        let late = taken % 3 == 2;
        let back = if late {
            promise + rng.random_range(1..10)
        } else {
            rng.random_range(0..promise)
        };
        let received = today - Duration::days(back);
        if received < l.sold_on {
            continue;
        }
        let paid = !matches!(
            ruling.decision,
            aftersale::Decision::FreeRepair | aftersale::Decision::FreeService
        );
        let rules: Vec<String> = ruling.rules().iter().map(|r| format!("{r:?}")).collect();
        let intake = Intake {
            customer_id: Some(l.customer_id),
            purchase_line_id: Some(l.id),
            contact_name: l.customer.clone(),
            contact_phone: l.phone.clone(),
            address: l.address.clone(),
            style_no: l.style_no.clone(),
            item: l.product.clone(),
            category: l.category.clone(),
            purchased_on: Some(l.sold_on),
            problem: problem.as_str().into(),
            symptoms: symptoms[i % symptoms.len()].into(),
            decision: if paid {
                "paid_repair".into()
            } else {
                ruling.decision.as_str().into()
            },
            rules: rules.join(","),
            reason: String::new(),
            fee_fen: if paid {
                rng.random_range(3..20) * 1000
            } else {
                0
            },
            received_on: received,
            promised_on: received + Duration::days(promise),
        };
        let clock = ClockAt::on(received, 2);
        let (id, _) = repairs::intake(conn, &intake, desk)?;
        let target = plan[taken % plan.len()];
        let path: &[&str] = match target {
            "at_centre" => &["at_centre"],
            "repairing" => &["at_centre", "repairing"],
            "ready" => &["at_centre", "repairing", "ready"],
            "collected" => &["repairing", "ready", "collected"],
            "returned_unrepaired" => &["at_centre", "returned_unrepaired"],
            _ => &[],
        };
        for (v, to) in path.iter().enumerate() {
            // A move a day, the last by today.
            let on = (received + Duration::days(v as i64 + 1)).min(today);
            clock.set(on.and_hms_opt(3 + v as u32, 0, 0).unwrap_or_default());
            let invoice = (paid && *to == "collected")
                .then(|| format!("FP{}{:05}", today.format("%y%m"), id));
            repairs::move_to(
                conn,
                id,
                1 + v as i64,
                to,
                "",
                invoice.as_deref(),
                desk,
                today,
                policy.repairs.revisit_after_days,
            )
            .map_err(|e| anyhow::anyhow!("demo repair move: {e:?}"))?;
        }
        taken += 1;
    }

    // The returns log: a refusal, exchanges on the spot and by transfer, a return, an override.
    let recent = lines(
        conn,
        &format!(
            "p.purchased_on >= '{}' AND pr.category != 'cosmetic'",
            today - Duration::days(6)
        ),
        12,
    )?;
    let scenarios: [Scenario; 5] = [
        (
            Problem::None,
            Request::Return,
            vec![Condition::Washed],
            None,
            false,
        ),
        (
            Problem::None,
            Request::Exchange,
            vec![],
            Some("on_spot"),
            false,
        ),
        (
            Problem::None,
            Request::Exchange,
            vec![],
            Some("transfer"),
            false,
        ),
        (Problem::QualityDefect, Request::Return, vec![], None, false),
        (
            Problem::None,
            Request::Return,
            vec![Condition::TagsRemoved],
            None,
            true,
        ),
    ];
    for (l, (problem, request, conditions, how, overridden)) in
        recent.iter().step_by(2).zip(scenarios)
    {
        let Some(c) = case(l, today, problem, request, conditions.clone()) else {
            continue;
        };
        let Ok(ruling) = aftersale::decide(&c, &policy.aftersale) else {
            continue;
        };
        let rules: Vec<String> = ruling.rules().iter().map(|r| format!("{r:?}")).collect();
        let mut s = Settlement {
            line_id: l.id,
            customer_id: Some(l.customer_id),
            request: request.as_str().into(),
            problem: problem.as_str().into(),
            conditions: conditions
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(","),
            decision: ruling.decision.as_str().into(),
            amount_fen: ruling.amount_fen,
            depreciation_percent: ruling.depreciation_percent,
            shop_pays_shipping: ruling.shop_pays_shipping,
            rules: rules.join(","),
            reason: String::new(),
            exchange_how: how.map(String::from),
            override_reason: None,
        };
        let by = if overridden {
            s.decision = "return".into();
            s.amount_fen = ruling.base_price_fen;
            s.override_reason = Some("老顾客，吊牌在包装袋里，商品完好 / loyal customer, tags kept in the bag, goods as new".into());
            manager
        } else {
            desk
        };
        let on = today - Duration::days(rng.random_range(0..3));
        let _clock = ClockAt::on(on, 4);
        returns::record(conn, &s, by, on, policy.exchanges.transfer_days)?;
    }
    Ok(())
}
