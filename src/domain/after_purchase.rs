//! What a finished purchase sets going (DOMAIN §3, §7): the purchase
//! callback, the care entitlements, referral and milestone thanks. Pure:
//! the store writes what this returns, each row once by its unique key.

use chrono::{Datelike, Duration, NaiveDate};

/// Task kinds, as stored in `tasks.kind`.
pub const PURCHASE_CALLBACK: &str = "purchase_callback";
pub const REFERRAL_THANKS_REFERRER: &str = "referral_thanks_referrer";
pub const REFERRAL_THANKS_NEW: &str = "referral_thanks_new";
pub const MILESTONE_THANKS: &str = "milestone_thanks";

/// A purchase line as far as the rules care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoldLine {
    pub line_id: i64,
    pub category: String,
    pub price_fen: i64,
}

/// The customer's figures from before this purchase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Buyer {
    pub id: i64,
    pub referred_by: Option<i64>,
    pub purchases_before: i64,
    pub spend_before_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sale {
    pub purchase_id: i64,
    pub on: NaiveDate,
    pub buyer: Option<Buyer>,
    pub lines: Vec<SoldLine>,
}

#[derive(Debug, Clone)]
pub struct Rules {
    pub callback_after_days: u32,
    pub suit_dry_clean_min_fen: i64,
    pub dry_clean: DryCleanPeriod,
    pub milestones_fen: Vec<i64>,
}

/// How `data/policy.toml` reads "在购置当年免费干洗一次" [S1].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DryCleanReading {
    MonthsFromPurchase,
    CalendarYear,
}

/// How long a free dry-clean lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DryCleanPeriod {
    /// Calendar months from the sale, the last day included (as a warranty).
    Months(u32),
    /// To 31 December of the year of purchase.
    CalendarYear,
}

impl DryCleanPeriod {
    /// The last day, inclusive, of a free dry-clean for a suit sold on `on`.
    pub fn until(self, on: NaiveDate) -> NaiveDate {
        match self {
            DryCleanPeriod::Months(m) => on
                .checked_add_months(chrono::Months::new(m))
                .unwrap_or(NaiveDate::MAX),
            DryCleanPeriod::CalendarYear => {
                NaiveDate::from_ymd_opt(on.year(), 12, 31).expect("31 December exists")
            }
        }
    }
}

/// A task the shop owes a customer; unique by (kind, source, source_id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub kind: &'static str,
    pub customer_id: i64,
    pub due_on: NaiveDate,
    pub source: String,
    pub source_id: i64,
    pub note: String,
}

/// A care entitlement; unique by (line, kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entitlement {
    pub customer_id: i64,
    pub line_id: i64,
    pub kind: &'static str,
    pub valid_until: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Consequences {
    pub tasks: Vec<Task>,
    pub entitlements: Vec<Entitlement>,
}

/// Everything the sale sets going. An anonymous sale sets nothing going:
/// there is nobody to call, thank or entitle.
pub fn consequences(sale: &Sale, rules: &Rules) -> Consequences {
    let mut out = Consequences::default();
    let Some(buyer) = &sale.buyer else {
        return out;
    };
    let total: i64 = sale.lines.iter().map(|l| l.price_fen).sum();
    out.tasks.push(Task {
        kind: PURCHASE_CALLBACK,
        customer_id: buyer.id,
        due_on: sale.on + Duration::days(rules.callback_after_days as i64),
        source: "purchase".into(),
        source_id: sale.purchase_id,
        note: String::new(),
    });
    let dry_clean_until = rules.dry_clean.until(sale.on);
    for l in &sale.lines {
        if l.category == "suit" && l.price_fen >= rules.suit_dry_clean_min_fen {
            out.entitlements.push(Entitlement {
                customer_id: buyer.id,
                line_id: l.line_id,
                kind: "dry_clean",
                valid_until: Some(dry_clean_until),
            });
        }
        if l.category == "leather" {
            out.entitlements.push(Entitlement {
                customer_id: buyer.id,
                line_id: l.line_id,
                kind: "leather_care",
                valid_until: None,
            });
        }
    }
    if let Some(referrer) = buyer.referred_by
        && buyer.purchases_before == 0
    {
        // The same day: the old customer for their support, the new one for choosing us.
        for (kind, who) in [
            (REFERRAL_THANKS_REFERRER, referrer),
            (REFERRAL_THANKS_NEW, buyer.id),
        ] {
            out.tasks.push(Task {
                kind,
                customer_id: who,
                due_on: sale.on,
                source: "referral".into(),
                source_id: buyer.id,
                note: String::new(),
            });
        }
    }
    let after = buyer.spend_before_fen + total;
    for m in &rules.milestones_fen {
        if buyer.spend_before_fen < *m && after >= *m {
            out.tasks.push(Task {
                kind: MILESTONE_THANKS,
                customer_id: buyer.id,
                due_on: sale.on,
                source: format!("milestone:{m}"),
                source_id: buyer.id,
                note: m.to_string(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn rules() -> Rules {
        Rules {
            callback_after_days: 7,
            suit_dry_clean_min_fen: 200_000,
            dry_clean: DryCleanPeriod::CalendarYear,
            milestones_fen: vec![500_000, 1_000_000],
        }
    }

    fn line(id: i64, cat: &str, price: i64) -> SoldLine {
        SoldLine {
            line_id: id,
            category: cat.into(),
            price_fen: price,
        }
    }

    fn sale(buyer: Option<Buyer>, lines: Vec<SoldLine>) -> Sale {
        Sale {
            purchase_id: 9,
            on: d("2026-11-23"),
            buyer,
            lines,
        }
    }

    fn buyer(referred: Option<i64>, before: i64, spend: i64) -> Option<Buyer> {
        Some(Buyer {
            id: 5,
            referred_by: referred,
            purchases_before: before,
            spend_before_fen: spend,
        })
    }

    #[test]
    fn a_purchase_is_called_back_a_week_later() {
        let c = consequences(
            &sale(buyer(None, 3, 0), vec![line(1, "knit", 500)]),
            &rules(),
        );
        assert_eq!(c.tasks.len(), 1);
        assert_eq!(c.tasks[0].kind, PURCHASE_CALLBACK);
        assert_eq!(c.tasks[0].due_on, d("2026-11-30"));
        assert_eq!(
            (c.tasks[0].source.as_str(), c.tasks[0].source_id),
            ("purchase", 9)
        );
        assert!(c.entitlements.is_empty());
    }

    #[test]
    fn a_suit_at_the_threshold_gets_a_dry_clean_to_the_year_end_and_leather_its_care() {
        let c = consequences(
            &sale(
                buyer(None, 1, 0),
                vec![
                    line(1, "suit", 200_000),
                    line(2, "suit", 199_999),
                    line(3, "leather", 10),
                    line(4, "leather", 20),
                ],
            ),
            &rules(),
        );
        let e: Vec<(i64, &str, Option<NaiveDate>)> = c
            .entitlements
            .iter()
            .map(|e| (e.line_id, e.kind, e.valid_until))
            .collect();
        assert_eq!(
            e,
            vec![
                (1, "dry_clean", Some(d("2026-12-31"))),
                (3, "leather_care", None),
                (4, "leather_care", None)
            ]
        );
    }

    #[test]
    fn a_suit_sold_on_9_december_keeps_its_dry_clean_twelve_months() {
        // S1 "在购置当年免费干洗一次": read as the calendar year it lasted 22 days.
        let mut r = rules();
        r.dry_clean = DryCleanPeriod::Months(12);
        let mut s = sale(buyer(None, 1, 0), vec![line(1, "suit", 200_000)]);
        s.on = d("2026-12-09");
        let c = consequences(&s, &r);
        assert_eq!(c.entitlements[0].valid_until, Some(d("2027-12-09")));
        r.dry_clean = DryCleanPeriod::CalendarYear;
        let c = consequences(&s, &r);
        assert_eq!(c.entitlements[0].valid_until, Some(d("2026-12-31")));
        // Leap day: the last day of February a year on.
        assert_eq!(
            DryCleanPeriod::Months(12).until(d("2028-02-29")),
            d("2029-02-28")
        );
    }

    #[test]
    fn a_referred_customers_first_purchase_thanks_both_the_same_day() {
        let c = consequences(
            &sale(buyer(Some(2), 0, 0), vec![line(1, "knit", 1)]),
            &rules(),
        );
        let thanks: Vec<(&str, i64, NaiveDate)> = c
            .tasks
            .iter()
            .filter(|t| t.kind != PURCHASE_CALLBACK)
            .map(|t| (t.kind, t.customer_id, t.due_on))
            .collect();
        assert_eq!(
            thanks,
            vec![
                (REFERRAL_THANKS_REFERRER, 2, d("2026-11-23")),
                (REFERRAL_THANKS_NEW, 5, d("2026-11-23"))
            ]
        );
        let again = consequences(
            &sale(buyer(Some(2), 1, 0), vec![line(1, "knit", 1)]),
            &rules(),
        );
        assert_eq!(again.tasks.len(), 1, "only the first purchase");
    }

    #[test]
    fn crossing_milestones_thanks_once_each() {
        let c = consequences(
            &sale(buyer(None, 4, 450_000), vec![line(1, "suit", 600_000)]),
            &rules(),
        );
        let m: Vec<&str> = c
            .tasks
            .iter()
            .filter(|t| t.kind == MILESTONE_THANKS)
            .map(|t| t.source.as_str())
            .collect();
        assert_eq!(m, vec!["milestone:500000", "milestone:1000000"]);
        let none = consequences(
            &sale(buyer(None, 4, 500_000), vec![line(1, "suit", 1)]),
            &rules(),
        );
        assert!(none.tasks.iter().all(|t| t.kind != MILESTONE_THANKS));
    }

    #[test]
    fn an_anonymous_sale_sets_nothing_going() {
        let c = consequences(&sale(None, vec![line(1, "leather", 1)]), &rules());
        assert_eq!(c, Consequences::default());
    }
}
