//! Playing a counter training card in this screen (issue 16): being built
//! on its own branch; until it lands, choosing the card says so.

use crate::app::{Ctx, Effect};
use crate::shop_data::training_cards::CounterCard;

/// Starts `card` on the practice shop.
pub fn start(cx: &mut Ctx, card: &CounterCard) -> Effect {
    let text = format!("{}: {}", card.title, cx.t("practice.not_ready"));
    cx.error(text);
    Effect::None
}
