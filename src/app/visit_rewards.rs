//! The VIP rewards at a visit's checkout [S1 "节假日回馈如母亲节送康乃馨…指定产品
//! 消费回馈如消费指定款号送礼品或折扣、消费晚装产品送化妆服务"]: which are on offer
//! (from `data/practices.toml`, the basket and what the customer already
//! had this year), answering them on step 8, and writing them with the
//! finished visit.

use super::visit::VisitState;
use super::{App, Screen};
use crate::domain::practices::{self, Basket, Gift, Makeup, Offer};
use crate::domain::visit::FAREWELL;
use crate::store::rewards;

/// Recomputes the checkout's offers; answers no longer on offer (a line
/// unmarked, the customer unlinked) are dropped.
pub fn refresh(app: &mut App) -> anyhow::Result<()> {
    let today = app.today();
    let p = &app.env.policy.practices;
    let conn = &app.env.conn;
    let Screen::Visit(st) = &mut app.screen else {
        return Ok(());
    };
    if st.visit.current != FAREWELL {
        st.offers.clear();
        return Ok(());
    }
    let customer = st.visit.customer.as_ref().map(|c| c.id);
    let given = match customer {
        Some(c) => rewards::festivals_given(conn, c, &p.festival_gifts, today)?,
        None => Vec::new(),
    };
    let basket = Basket {
        bought_styles: st
            .visit
            .items
            .iter()
            .filter(|i| i.bought)
            .map(|i| i.style_no.as_str())
            .collect(),
        registered: customer.is_some(),
        festivals_given: &given,
    };
    let offers = practices::offers(
        &basket,
        &p.makeup.evening_wear_styles,
        &p.style_gifts,
        &p.festival_gifts,
        today,
    );
    let before = (st.visit.makeup, st.visit.gifts.len());
    if !offers.contains(&Offer::Makeup) {
        st.visit.makeup = None;
    }
    st.visit
        .gifts
        .retain(|g| offers.contains(&Offer::Gift(g.clone())));
    if before != (st.visit.makeup, st.visit.gifts.len()) {
        st.dirty = true;
    }
    st.offers = offers;
    Ok(())
}

/// Space on an offer: the make-up answer moves on; a gift is marked given
/// or not.
pub fn answer(st: &mut VisitState, i: usize) {
    match st.offers.get(i) {
        Some(Offer::Makeup) => st.visit.makeup = Makeup::cycle(st.visit.makeup),
        Some(Offer::Gift(g)) => toggle(&mut st.visit.gifts, g),
        None => return,
    }
    st.dirty = true;
}

fn toggle(gifts: &mut Vec<Gift>, g: &Gift) {
    match gifts.iter().position(|x| x == g) {
        Some(p) => {
            gifts.remove(p);
        }
        None => gifts.push(g.clone()),
    }
}

/// Whether the gift is marked given on the visit.
pub fn is_given(st: &VisitState, g: &Gift) -> bool {
    st.visit.gifts.contains(g)
}
