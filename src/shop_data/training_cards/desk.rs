//! After-sale desk cards: the customer's story, the purchase, what they
//! ask for, and the answer the card's author expects (checked against the
//! shop's policy by `aftercare check` and `aftercare train`).

use super::*;

fn yes() -> bool {
    true
}

/// An after-sale desk card.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeskCard {
    pub id: String,
    pub title: String,
    /// The customer's story and purchase.
    pub story: String,
    pub category: Category,
    pub sold_days_ago: i64,
    pub paid_fen: i64,
    pub current_price_fen: i64,
    pub receipt: bool,
    #[serde(default)]
    pub condition: Vec<Condition>,
    pub problem: Problem,
    #[serde(default = "yes")]
    pub repairable: bool,
    #[serde(default)]
    pub clearance: bool,
    #[serde(default)]
    pub made_to_order: bool,
    pub request: Request,
    /// What the policy gives for these facts.
    pub decision: Decision,
    /// The row of DOMAIN §6a to explain.
    pub rule: String,
    /// The rule in the customer's words.
    pub explain: String,
    /// What the customer says when told: accepting, and pushing back.
    pub accepts: String,
    pub pushes_back: String,
    /// The customer's name on the practice shop's file (optional; else the
    /// desk's word for a customer).
    #[serde(default)]
    pub customer: Option<String>,
    /// The goods' name in the practice shop's catalogue (optional; else the
    /// category's name).
    #[serde(default)]
    pub item: Option<String>,
}

impl DeskCard {
    /// The facts as a case for the policy engine, on [`practice_day`].
    pub fn case(&self) -> AfterSaleCase {
        self.case_on(practice_day())
    }

    /// The facts as a case for the policy engine, played on `today` (the
    /// sale `sold_days_ago` before).
    pub fn case_on(&self, today: NaiveDate) -> AfterSaleCase {
        AfterSaleCase {
            line: PurchaseLine {
                category: self.category,
                sold_on: today - chrono::Duration::days(self.sold_days_ago),
                paid_fen: self.paid_fen,
                current_price_fen: self.current_price_fen,
                clearance: self.clearance,
                made_to_order: self.made_to_order,
            },
            today,
            receipt: self.receipt,
            condition: self.condition.clone(),
            problem: self.problem,
            repairable: self.repairable,
            request: self.request,
        }
    }

    /// The card's rule; loaded cards always have one.
    pub fn rule_id(&self) -> RuleId {
        rule_from(&self.rule).unwrap_or(RuleId::R1)
    }
}

impl Card for DeskCard {
    fn id(&self) -> &str {
        &self.id
    }
    fn facts(&self) -> String {
        format!("{:?} {} {}", self.case(), self.decision, self.rule)
    }
}

fn rule_from(s: &str) -> Option<RuleId> {
    RuleId::ALL.iter().copied().find(|r| r.as_str() == s)
}

/// Desk cards, each whole: words, a known rule, facts that make a case
/// (whatever the policy decides for them: see [`desk_against_policy`]).
pub fn desk_from_source(
    src: &Source,
    policy: &AfterSalePolicy,
) -> Result<Vec<DeskCard>, DataError> {
    let f: CardFile<DeskCard> = src.parse()?;
    common_checks(src, &f.cards)?;
    for (i, c) in f.cards.iter().enumerate() {
        let at = card_line(src, &c.id, i);
        let field = |name: &str| field_line(src, at, name);
        let optional = [&c.customer, &c.item].map(|t| t.as_deref().unwrap_or("-"));
        if blank(&[&c.title, &c.story, &c.explain, &c.accepts, &c.pushes_back]) || blank(&optional)
        {
            return Err(src.error(
                at,
                format!(
                    "cards[{}] {}: title, story, explain, accepts and pushes_back need words (and customer and item, when given)",
                    i + 1,
                    c.id
                ),
            ));
        }
        if c.sold_days_ago < 0 {
            return Err(src.error(
                field("sold_days_ago"),
                format!(
                    "cards[{}] {}: sold_days_ago cannot be negative",
                    i + 1,
                    c.id
                ),
            ));
        }
        if rule_from(&c.rule).is_none() {
            let known: Vec<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
            return Err(src.error(
                field("rule"),
                format!(
                    "cards[{}] {}: unknown rule \"{}\"; known: {}",
                    i + 1,
                    c.id,
                    c.rule,
                    known.join(", ")
                ),
            ));
        }
        decide(&c.case(), policy).map_err(|e| {
            src.error(
                field(e.field()),
                format!(
                    "cards[{}] {}: the facts do not make a case: {e}",
                    i + 1,
                    c.id
                ),
            )
        })?;
    }
    Ok(f.cards)
}

/// The cards of `src` whose stated decision and rule are not what the
/// shop's policy gives for their facts played on `today`, each at the line
/// of its `decision`.
pub fn desk_against_policy(
    src: &Source,
    cards: &[DeskCard],
    policy: &AfterSalePolicy,
    today: NaiveDate,
) -> Vec<DataError> {
    let mut out = Vec::new();
    for (i, c) in cards.iter().enumerate() {
        let at = field_line(src, card_line(src, &c.id, i), "decision");
        let stated = rule_from(&c.rule);
        let problem = match decide(&c.case_on(today), policy) {
            Ok(ruling)
                if ruling.decision == c.decision
                    && stated.is_some_and(|r| ruling.rules().contains(&r)) =>
            {
                continue;
            }
            Ok(ruling) => {
                let rules: Vec<&str> = ruling.rules().iter().map(|r| r.as_str()).collect();
                format!(
                    "the card says {} under {}, the shop's policy gives {} under {} for these facts",
                    c.decision,
                    c.rule,
                    ruling.decision,
                    rules.join(", ")
                )
            }
            Err(e) => format!("the facts do not make a case: {e}"),
        };
        out.push(src.error(at, format!("cards[{}] {}: {problem}", i + 1, c.id)));
    }
    out
}
