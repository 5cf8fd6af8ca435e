//! The demo shop's surveys and opinions.

use anyhow::Result;
use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand::seq::IndexedRandom;
use rusqlite::Connection;

use crate::domain::survey::SurveySource;
use crate::store::complaints as store;
use crate::store::complaints::opinions::{self, NewOpinion, OpinionKind};
use crate::store::complaints::surveys::{self, NewSurvey};

use super::{Shop, at};

pub(super) fn survey(
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

pub(super) fn opinions_for(
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
