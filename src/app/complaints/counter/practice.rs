//! Playing a counter training card (issue 16) at the real complaint
//! counter, on the practice shop only. `start` puts the card's customer on
//! file (and what they bought, when the card is about a product) through
//! the store's own functions, as the customer desk and the till would, then
//! opens the counter with the customer speaking in the side pane. How the
//! customer reacts and how the card is scored: see [`super::playing`].

use anyhow::{Context as _, Result, anyhow};

use super::CounterState;
use super::playing::CounterPractice;
use crate::app::complaints::fields::Fld;
use crate::app::{Ctx, Effect, Mode};
use crate::domain::customer::{Field, Values};
use crate::shop_data::training_cards::{CounterCard, CounterPurchase};
use crate::store::complaints::caller_by_phone;
use crate::store::products::{self, CATEGORIES, Product};
use crate::store::purchases::NewLine;
use crate::store::sales::{self, SaleLine};

/// Starts `card` on the practice shop: never on a real shop.
pub fn start(cx: &mut Ctx, card: &CounterCard) -> Effect {
    if cx.env.mode != Mode::Training {
        let text = cx.t("practice_counter.not_training").to_string();
        cx.error(text);
        return Effect::None;
    }
    let (name, phone) = match seed(cx, card) {
        Ok(v) => v,
        Err(e) => return Effect::Fault(e),
    };
    let mut state = CounterState::new(cx.env);
    add_say_fields(&mut state, cx);
    state.practice = Some(CounterPractice::new(card, &name, &phone, &cx.env.locale));
    Effect::Open(Box::new(state))
}

/// Each step gets a field for the trainee's own words to the customer,
/// after the step's own fields (so the counter's keys stay as in real use).
fn add_say_fields(s: &mut CounterState, cx: &Ctx) {
    let label = cx.t("practice_counter.say").to_string();
    for f in &mut s.steps {
        f.items
            .push(Fld::text("say", label.clone(), "", super::TEXT_MAX));
    }
}

/// The customer's name on file: the persona up to its first comma
/// ("Ms Ma, 35, …" gives "Ms Ma").
pub fn customer_name(persona: &str) -> String {
    let head = persona
        .split([',', '，', ';', '；', '、'])
        .next()
        .unwrap_or(persona);
    crate::domain::text::clean(head, 40)
}

/// FNV-1a of a card's id: stable across runs and builds.
fn card_hash(card_id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in card_id.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A mobile number for the card's customer, the same for a card each time.
fn phone_for(card_id: &str, attempt: u64) -> String {
    let h = card_hash(card_id).wrapping_add(attempt * 7919);
    format!("139{:08}", h % 100_000_000)
}

/// The style number of a card's product in the practice catalogue: short,
/// so the counter's narrow fields still show the product's name.
fn style_for(card_id: &str) -> String {
    format!("TR-{:04}", card_hash(card_id) % 10_000)
}

/// Puts the card's customer on file (and sells them the card's purchase),
/// unless an earlier play of the card did; returns their name and phone.
fn seed(cx: &mut Ctx, card: &CounterCard) -> Result<(String, String)> {
    let name = customer_name(&card.persona);
    let staff = cx.user_id().context("no one is signed in")?;
    let today = cx.today();
    for attempt in 0..50 {
        let phone = phone_for(&card.id, attempt);
        match caller_by_phone(&cx.env.conn, &phone)? {
            Some(c) if c.name == name => return Ok((name, phone)),
            Some(_) => continue,
            None => {}
        }
        let mut v = Values::new_customer();
        v.set(Field::Name, name.as_str());
        v.set(Field::Phone, phone.as_str());
        let id = crate::store::customers::create(cx.conn(), &v, staff, today)
            .map_err(|e| anyhow!("the card's customer could not be put on file: {e:?}"))?;
        if let Some(p) = &card.purchase {
            let rules = crate::store::visits::rules(&cx.env.policy);
            let style = style_for(&card.id);
            crate::store::write(cx.conn(), |tx| {
                sell(tx, &style, p, id, staff, today, &rules)
            })?;
        }
        return Ok((name, phone));
    }
    Err(anyhow!("no free practice phone for card {}", card.id))
}

/// The card's product (added to the practice catalogue the first time)
/// sold to the customer `p.days_ago` days ago, as the till would record it.
fn sell(
    tx: &rusqlite::Transaction,
    style: &str,
    p: &CounterPurchase,
    customer: i64,
    staff: i64,
    today: chrono::NaiveDate,
    rules: &crate::domain::after_purchase::Rules,
) -> Result<i64> {
    // Another card's product under the same short number: one for this customer.
    let style = match products::by_style(tx, style)? {
        Some(found) if found.name != p.product => format!("TR-{}", customer),
        _ => style.to_string(),
    };
    let product = match products::by_style(tx, &style)? {
        Some(found) => found.id,
        None => products::create(
            tx,
            &Product {
                id: 0,
                style_no: style.clone(),
                name: p.product.clone(),
                category: p.category.as_str().to_string(),
                list_price_fen: p.paid_fen,
                current_price_fen: p.paid_fen,
                clearance: false,
                made_to_order: false,
                sizes: String::new(),
                colours: String::new(),
            },
            &[],
            Some(staff),
            &CATEGORIES,
        )
        .map_err(|e| anyhow!("the card's product could not be added: {e:?}"))?,
    };
    let on = today - chrono::Duration::days(i64::from(p.days_ago));
    let line = SaleLine {
        line: NewLine {
            product_id: product,
            size: String::new(),
            colour: String::new(),
            price_fen: p.paid_fen,
            add_on: false,
        },
        category: p.category.as_str().to_string(),
        asked_fen: p.paid_fen,
    };
    let receipt = format!("{style}-{customer}");
    // An old sale sets nothing going now (no callback due today).
    sales::record(
        tx,
        &receipt,
        Some(customer),
        Some(staff),
        on,
        &[line],
        rules,
        today,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_on_file_is_the_persona_up_to_its_first_comma() {
        assert_eq!(customer_name("Ms Ma, 35, bought a face cream"), "Ms Ma");
        assert_eq!(customer_name("马女士，35 岁，上周买了面霜"), "马女士");
        assert_eq!(customer_name("Mr Gao"), "Mr Gao");
    }

    #[test]
    fn a_card_has_the_same_mobile_number_each_time() {
        let a = phone_for("cream_rash", 0);
        assert_eq!(a, phone_for("cream_rash", 0));
        assert_ne!(a, phone_for("cream_rash", 1));
        assert_eq!(a.len(), 11);
        assert!(crate::shop_data::phones::check(&a), "{a}");
    }
}
