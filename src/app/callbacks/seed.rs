//! What a phone card needs in the practice shop, written through the
//! store's functions as the till and the desk would write it: the card's
//! customer, and the task the call is about, owned by the trainee and due
//! today (a purchase callback after a sale a week ago, a miss-you contact
//! for a customer last seen months ago, or the call when a repair job is
//! ready).

use anyhow::{Context as _, Result, anyhow};
use chrono::{Duration, NaiveDate};

use crate::app::Ctx;
use crate::domain::customer::{Field, Values};
use crate::shop_data::training_cards::{CallKind, PhoneCard};
use crate::store::customers::SaveError;
use crate::store::purchases::NewLine;
use crate::store::sales::SaleLine;
use crate::store::{self, products, repairs, sales, tasks};

/// The customer's name: the persona up to its first comma ("Ms Qian, 38,
/// …" is Ms Qian).
pub fn customer_name(card: &PhoneCard) -> String {
    let name = card.persona.split([',', '，', '、']).next().unwrap_or("");
    match name.trim() {
        "" => card.title.clone(),
        n => n.to_string(),
    }
}

/// The practice product the card is about: one whose name shares a word
/// with the card's title, else the first of the practice catalogue.
fn product(cx: &Ctx, card: &PhoneCard) -> Result<products::Product> {
    let title = card.title.to_lowercase();
    let catalogue = &cx.visit_data.catalogue;
    let chosen = catalogue
        .iter()
        .find(|p| {
            p.name
                .to_lowercase()
                .split_whitespace()
                .any(|w| w.chars().count() >= 2 && title.contains(w))
        })
        .or_else(|| catalogue.first())
        .ok_or_else(|| anyhow!("the practice catalogue is empty"))?;
    products::by_style(&cx.env.conn, &chosen.style_no)?
        .with_context(|| format!("practice product {} is not in the shop", chosen.style_no))
}

/// Seeds the card's customer and task; returns the task's id.
pub fn seed(cx: &mut Ctx, card: &PhoneCard, staff: i64) -> Result<i64> {
    let today = cx.today();
    let product = product(cx, card)?;
    let name = customer_name(card);
    let rules = store::visits::rules(&cx.env.policy);
    let p = &cx.env.policy;
    // The sale: a week ago for a purchase callback (its callback falls due
    // today); months ago for the others, too old to owe anything now.
    let sold_on = match card.kind {
        CallKind::Purchase => today - Duration::days(i64::from(p.callbacks.purchase_after_days)),
        CallKind::MissYou => today - Duration::days(i64::from(p.greetings.not_seen_days) + 30),
        CallKind::RepairReady => today - Duration::days(60),
    };
    let owed_from = match card.kind {
        CallKind::Purchase => sold_on,
        _ => today,
    };
    let kind = card.kind;
    let receipt_base = format!("PRACTICE-{}", card.id);
    let (customer, purchase, task) = store::write(&mut cx.env.conn, |tx| {
        let customer = new_customer(tx, &name, staff, today)?;
        let line = SaleLine {
            line: NewLine {
                product_id: product.id,
                size: product.sizes.split(',').next().unwrap_or("").trim().into(),
                colour: product
                    .colours
                    .split(',')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .into(),
                price_fen: product.current_price_fen,
                add_on: false,
            },
            category: product.category.clone(),
            asked_fen: product.current_price_fen,
        };
        let receipt = format!("{receipt_base}-{customer}");
        let purchase = sales::record(
            tx,
            &receipt,
            Some(customer),
            Some(staff),
            sold_on,
            &[line],
            &rules,
            owed_from,
        )?;
        let task = match kind {
            CallKind::MissYou => tasks::miss_you_for(tx, customer, staff, today)?,
            _ => None,
        };
        Ok((customer, purchase, task))
    })?;
    let task = match card.kind {
        CallKind::Purchase => tasks::for_source(&cx.env.conn, "purchase", purchase)?
            .into_iter()
            .find(|t| t.kind == crate::domain::tasks::PURCHASE_CALLBACK && !t.done)
            .map(|t| t.id),
        CallKind::MissYou => task,
        CallKind::RepairReady => Some(ready_repair(cx, card, customer, &product, sold_on, staff)?),
    };
    task.ok_or_else(|| anyhow!("no task was made for practice card {}", card.id))
}

/// A new customer file with the card's name and a phone number no other
/// file has.
fn new_customer(
    tx: &rusqlite::Connection,
    name: &str,
    staff: i64,
    today: NaiveDate,
) -> Result<i64> {
    // From a number of the name's own, the next free one: the same card
    // played twice gets two files, each with its own phone.
    let start = name.chars().fold(1_000_000u32, |h, c| {
        (h.wrapping_mul(31).wrapping_add(c as u32)) % 8_000_000 + 1_000_000
    });
    for n in 0..500 {
        let mut v = Values::new_customer();
        v.set(Field::Name, name);
        v.set(Field::Phone, format!("1390{:07}", start + n));
        match store::customers::create_in(tx, &v, staff, today) {
            Ok(id) => return Ok(id),
            Err(SaveError::Fields(e)) if e.iter().any(|e| e.code == "phone_taken") => continue,
            Err(SaveError::Fields(e)) => return Err(anyhow!("practice customer refused: {e:?}")),
            Err(SaveError::Conflict { .. }) => return Err(anyhow!("practice customer conflict")),
            Err(SaveError::Db(e)) => return Err(e),
        }
    }
    Err(anyhow!("no free practice phone number"))
}

/// A repair job taken in for the sale and moved to ready: the ready call
/// is made for the customer's associate (the trainee, who sold it).
fn ready_repair(
    cx: &mut Ctx,
    card: &PhoneCard,
    customer: i64,
    product: &products::Product,
    sold_on: NaiveDate,
    staff: i64,
) -> Result<i64> {
    let today = cx.today();
    let received_on = today - Duration::days(10);
    let intake = repairs::Intake {
        customer_id: Some(customer),
        contact_name: customer_name(card),
        style_no: product.style_no.clone(),
        item: product.name.clone(),
        category: product.category.clone(),
        purchased_on: Some(sold_on),
        problem: card.title.clone(),
        decision: "free_repair".into(),
        received_on,
        promised_on: today - Duration::days(3),
        ..Default::default()
    };
    let (job, _) = repairs::intake(&mut cx.env.conn, &intake, staff)?;
    let version = repairs::get(&cx.env.conn, job)?
        .map(|j| j.version)
        .ok_or_else(|| anyhow!("practice repair job {job} not found"))?;
    let revisit = cx.env.policy.repairs.revisit_after_days;
    repairs::move_to(
        &mut cx.env.conn,
        job,
        version,
        "ready",
        "",
        None,
        staff,
        today,
        revisit,
    )
    .map_err(|e| anyhow!("practice repair job not ready: {e:?}"))?;
    tasks::for_source(&cx.env.conn, "repair_job", job)?
        .into_iter()
        .find(|t| t.kind == "repair_ready_call" && !t.done)
        .map(|t| t.id)
        .ok_or_else(|| anyhow!("no ready call for practice repair job {job}"))
}
