//! Complaint counter cards: a scripted customer for the nine steps of
//! DOMAIN §4.

use super::*;

/// What the customer does at one of the nine steps.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CounterStep {
    pub step: String,
    pub says: String,
    /// After good handling: listened to, apologised to.
    pub calmer: String,
    /// After being blamed, argued with, or sent to the manufacturer.
    pub angrier: String,
}

/// A complaint counter card.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CounterCard {
    pub id: String,
    pub title: String,
    pub persona: String,
    /// A cosmetic's skin reaction [S4]: never refused, never sent on.
    pub skin_reaction: bool,
    pub forbidden: Vec<String>,
    pub satisfied: String,
    pub escalated: String,
    /// The nine steps of DOMAIN §4, in order.
    pub steps: Vec<CounterStep>,
    /// What the complaint is about, when it is a product the customer
    /// bought: sold to them in the practice shop before the card begins.
    #[serde(default)]
    pub purchase: Option<CounterPurchase>,
}

/// A counter card's purchase: the product, its material category, how
/// long ago it was bought and for how much.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CounterPurchase {
    pub product: String,
    pub category: Category,
    pub days_ago: u32,
    pub paid_fen: i64,
}

impl Card for CounterCard {
    fn id(&self) -> &str {
        &self.id
    }
    fn facts(&self) -> String {
        let bought = (self.purchase.as_ref())
            .map(|p| {
                format!(
                    ", bought {} {} days ago for {}",
                    p.category, p.days_ago, p.paid_fen
                )
            })
            .unwrap_or_default();
        format!("skin_reaction = {}{bought}", self.skin_reaction)
    }
}

pub fn counter_from_source(src: &Source) -> Result<Vec<CounterCard>, DataError> {
    let f: CardFile<CounterCard> = src.parse()?;
    common_checks(src, &f.cards)?;
    let want: Vec<&str> = Step::ALL.iter().map(|s| s.id()).collect();
    for (i, c) in f.cards.iter().enumerate() {
        let at = card_line(src, &c.id, i);
        if blank(&[&c.title, &c.persona, &c.satisfied, &c.escalated]) {
            return Err(src.error(
                at,
                format!(
                    "cards[{}] {}: title, persona, satisfied and escalated need words",
                    i + 1,
                    c.id
                ),
            ));
        }
        if c.forbidden.is_empty() || c.forbidden.iter().any(|p| p.trim().is_empty()) {
            return Err(src.error(
                at,
                format!(
                    "cards[{}] {}: forbidden needs at least one phrase, none empty",
                    i + 1,
                    c.id
                ),
            ));
        }
        if let Some(p) = &c.purchase
            && (p.product.trim().is_empty() || p.paid_fen <= 0)
        {
            return Err(src.error(
                at,
                format!(
                    "cards[{}] {}: purchase needs a product and a price above 0",
                    i + 1,
                    c.id
                ),
            ));
        }
        let got: Vec<&str> = c.steps.iter().map(|s| s.step.as_str()).collect();
        if got != want {
            let step_line = |n: usize| {
                let from = at.unwrap_or(1) - 1;
                src.text
                    .lines()
                    .enumerate()
                    .skip(from)
                    .filter(|(_, l)| l.contains("step = "))
                    .nth(n)
                    .map(|(k, _)| k + 1)
                    .or(at)
            };
            let first_bad = got
                .iter()
                .zip(&want)
                .position(|(g, w)| g != w)
                .unwrap_or(got.len().min(want.len()));
            return Err(src.error(
                step_line(first_bad.min(got.len().saturating_sub(1))),
                format!(
                    "cards[{}] {}: steps must be the nine of DOMAIN §4 in order ({}); step {} is \"{}\"",
                    i + 1,
                    c.id,
                    want.join(", "),
                    first_bad + 1,
                    got.get(first_bad).copied().unwrap_or("missing")
                ),
            ));
        }
        for s in &c.steps {
            if blank(&[&s.says, &s.calmer, &s.angrier]) {
                return Err(src.error(
                    line_with(src, &format!("step = \"{}\"", s.step)).or(at),
                    format!(
                        "cards[{}] {}: step {} needs says, calmer and angrier",
                        i + 1,
                        c.id,
                        s.step
                    ),
                ));
            }
        }
    }
    Ok(f.cards)
}
