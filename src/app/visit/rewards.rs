//! The VIP rewards at a visit's checkout [S1 "节假日回馈如母亲节送康乃馨…指定产品
//! 消费回馈如消费指定款号送礼品或折扣、消费晚装产品送化妆服务"]: which are on offer
//! (from `data/practices.toml`, the basket and what the customer already
//! had this year), answering them on step 8, and writing them with the
//! finished visit.

use super::VisitState;
use crate::app::Ctx;
use crate::domain::practices::{self, Basket, Gift, Makeup, Offer};
use crate::domain::visit::FAREWELL;
use crate::store::rewards;

impl VisitState {
    /// Recomputes the checkout's offers; answers no longer on offer (a line
    /// unmarked, the customer unlinked) are dropped.
    pub(super) fn refresh_offers(&mut self, cx: &Ctx) -> anyhow::Result<()> {
        let today = cx.today();
        let p = &cx.env.policy.practices;
        if self.visit.current != FAREWELL {
            self.offers.clear();
            return Ok(());
        }
        let customer = self.visit.customer.as_ref().map(|c| c.id);
        let given = match customer {
            Some(c) => rewards::festivals_given(&cx.env.conn, c, &p.festival_gifts, today)?,
            None => Vec::new(),
        };
        let basket = Basket {
            bought_styles: self
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
        let before = (self.visit.makeup, self.visit.gifts.len());
        if !offers.contains(&Offer::Makeup) {
            self.visit.makeup = None;
        }
        self.visit
            .gifts
            .retain(|g| offers.contains(&Offer::Gift(g.clone())));
        if before != (self.visit.makeup, self.visit.gifts.len()) {
            self.dirty = true;
        }
        self.offers = offers;
        Ok(())
    }

    /// Space on an offer: the make-up answer moves on; a gift is marked
    /// given or not.
    pub(super) fn answer_offer(&mut self, i: usize) {
        match self.offers.get(i) {
            Some(Offer::Makeup) => self.visit.makeup = Makeup::cycle(self.visit.makeup),
            Some(Offer::Gift(g)) => toggle(&mut self.visit.gifts, g),
            None => return,
        }
        self.dirty = true;
    }

    /// Whether the gift is marked given on the visit.
    pub fn is_given(&self, g: &Gift) -> bool {
        self.visit.gifts.contains(g)
    }
}

fn toggle(gifts: &mut Vec<Gift>, g: &Gift) {
    match gifts.iter().position(|x| x == g) {
        Some(p) => {
            gifts.remove(p);
        }
        None => gifts.push(g.clone()),
    }
}
