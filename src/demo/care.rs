//! The demo shop's contact log (DOMAIN §3): the last week's purchase
//! callbacks, referral thanks of the last month, birthday greetings sent.

use anyhow::Result;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, TransactionBehavior};

use super::pick;
use super::sales::CallMade;

/// One row of the contact log.
pub(super) struct Contact {
    pub customer: i64,
    pub staff: i64,
    pub purchase: Option<i64>,
    pub kind: &'static str,
    pub outcome: &'static str,
    pub note: Option<&'static str>,
    pub at: String,
}

/// What the callbacks of the past week came to (the outcomes of the shared
/// vocabulary), and what the associate noted.
const CALL_NOTES: &[(&str, &str)] = &[
    ("reached", "很喜欢，穿着舒服"),
    ("reached", "尺码合适，家人也说好看"),
    ("reached", "很满意，下次带朋友来"),
    ("reached", "面料手感好，没有问题"),
    ("reached", "询问羊绒衫怎么洗，已告知手洗冷水、平铺晾干"),
    ("reached", "问真丝能否机洗，已告知建议干洗"),
    ("reached", "问皮衣如何保养，已告知避免暴晒、定期护理"),
    ("reached", "反映袖口有点起球，约周六来店查看"),
    ("reached", "裤长想再改短一点，约好周末来店免费裁剪"),
];

/// The contact rows for the callbacks made in the last week.
pub(super) fn callbacks(rng: &mut ChaCha8Rng, calls: Vec<CallMade>) -> Vec<Contact> {
    calls
        .into_iter()
        .map(|c| {
            let (outcome, note) = *pick(rng, CALL_NOTES);
            Contact {
                customer: c.customer,
                staff: c.staff,
                purchase: Some(c.purchase),
                kind: "purchase_callback",
                outcome,
                note: Some(note),
                at: c.at,
            }
        })
        .collect()
}

/// Thanks the same day to both sides of a referral.
pub(super) fn referral_thanks(
    referrer: i64,
    newcomer: i64,
    staff: i64,
    at: String,
) -> [Contact; 2] {
    let thanks = |customer, note| Contact {
        customer,
        staff,
        purchase: None,
        kind: "referral_thanks",
        outcome: "reached",
        note: Some(note),
        at: at.clone(),
    };
    [
        thanks(referrer, "感谢介绍朋友来店"),
        thanks(newcomer, "感谢选择我们的品牌"),
    ]
}

pub(super) fn birthday_greeting(
    rng: &mut ChaCha8Rng,
    customer: i64,
    staff: i64,
    at: String,
) -> Contact {
    let note = *pick(rng, &["生日短信已发送", "生日短信已发送，附生日当天折扣"]);
    // Whether the customer replied used to be drawn here; drawn still, so a
    // seed keeps giving the same shop (the outcome is "sent" either way).
    let _replied = rng.random_bool(0.1);
    Contact {
        customer,
        staff,
        purchase: None,
        kind: "birthday_greeting",
        outcome: "sent",
        note: Some(note),
        at,
    }
}

/// Writes the contact log in time order; returns how many rows.
pub(super) fn write(conn: &mut Connection, mut contacts: Vec<Contact>) -> Result<u64> {
    contacts.sort_by(|a, b| a.at.cmp(&b.at).then(a.customer.cmp(&b.customer)));
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for c in &contacts {
        if c.kind == "birthday_greeting" {
            // As the greetings screen sends it: the occasion marked sent and
            // the contact logged, by the store (not to a customer who declined).
            let key = format!("birthday:{}", c.at.get(..4).unwrap_or_default());
            let sent = crate::store::greetings::Sent {
                customer_id: c.customer,
                staff_id: Some(c.staff),
                kind: crate::domain::occasions::Kind::Birthday,
                occasion_key: &key,
                text: c.note.unwrap_or_default(),
                via: "clipboard",
            };
            crate::store::greetings::mark_sent(&tx, &sent, &c.at)?;
            continue;
        }
        crate::store::contacts::log(
            &tx,
            &crate::store::contacts::NewContact {
                customer_id: c.customer,
                staff_id: Some(c.staff),
                purchase_id: c.purchase,
                kind: c.kind,
                outcome: c.outcome,
                note: c.note,
                at: &c.at,
            },
        )?;
    }
    tx.commit()?;
    Ok(contacts.len() as u64)
}
