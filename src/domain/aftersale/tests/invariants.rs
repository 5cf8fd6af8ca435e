//! The whole space of cases against the table's promises, and the shop's words.

use std::collections::HashSet;

use super::*;
use Decision as D;
use Reason as R;

/// Every category × problem × request × sale age × flag, against the table's invariants.
#[test]
fn every_case_keeps_the_tables_promises() {
    let terms = shop_terms();
    let days = [
        0, 7, 8, 14, 15, 30, 31, 60, 61, 90, 91, 92, 93, 184, 185, 365, 366,
    ];
    let sold = date("2026-03-01");
    let mut seen: HashSet<Reason> = HashSet::new();
    for &category in Category::ALL {
        for &problem in Problem::ALL {
            for &request in Request::ALL {
                for day in days {
                    for flags in 0..64u32 {
                        let c = case_of(category, problem, request, sold, day, flags);
                        let Ok(r) = decide(&c, &terms) else { continue };
                        seen.extend(r.reasons.iter().copied());
                        keeps_the_promises(&c, &r, &terms, day);
                    }
                }
            }
        }
    }
    let missing: Vec<Reason> = Reason::ALL
        .into_iter()
        .filter(|r| !seen.contains(r))
        .collect();
    assert!(missing.is_empty(), "reasons no case produced: {missing:?}");
}

/// One case of the space: `flags`' six bits are a lower price now,
/// clearance, made to order, no receipt, worn, repairable.
fn case_of(
    category: Category,
    problem: Problem,
    request: Request,
    sold: NaiveDate,
    day: u64,
    flags: u32,
) -> AfterSaleCase {
    let bit = |n: u32| flags & (1 << n) != 0;
    AfterSaleCase {
        line: PurchaseLine {
            category,
            sold_on: sold,
            paid_fen: 39900,
            current_price_fen: if bit(0) { 29900 } else { 49900 },
            clearance: bit(1),
            made_to_order: bit(2),
        },
        today: sold + chrono::Days::new(day),
        receipt: !bit(3),
        condition: if bit(4) {
            Condition::ALL.to_vec()
        } else {
            vec![]
        },
        problem,
        repairable: bit(5),
        request,
    }
}

/// The table's promises, checked on one case's ruling.
fn keeps_the_promises(c: &AfterSaleCase, r: &Ruling, terms: &AfterSalePolicy, day: u64) {
    let (problem, request) = (c.problem, c.request);
    let rules = r.rules();
    assert_eq!(rules.len(), 1, "one row decides: {c:?}");
    let rule = rules[0];
    let cosmetic_rule = matches!(rule, RuleId::C1 | RuleId::C2);
    let goods_fault = rule == RuleId::F1 && terms.shop_pays_shipping_for.contains(&problem);
    assert_eq!(
        r.shop_pays_shipping,
        matches!(rule, RuleId::Q1 | RuleId::Q2 | RuleId::Q3 | RuleId::Q4)
            || cosmetic_rule
            || goods_fault,
        "the shop pays shipping exactly for the goods' faults: {c:?}"
    );
    assert_eq!(r.depreciation_percent > 0, rule == RuleId::Q4, "{c:?}");
    // A cosmetic that hurt is refunded at the price paid (refund_price = paid).
    let most = if cosmetic_rule {
        c.line.paid_fen
    } else {
        r.base_price_fen
    };
    assert!(r.amount_fen <= most, "never more than owed: {c:?}");
    if r.amount_fen > 0 {
        assert!(
            matches!(rule, RuleId::R1 | RuleId::Q1 | RuleId::Q4) || cosmetic_rule,
            "{c:?}"
        );
    }
    assert_eq!(
        cosmetic_rule,
        matches!(problem, Problem::AdverseReaction | Problem::NoEffect),
        "C1 and C2 decide a cosmetic's reaction or lack of effect: {c:?}"
    );
    assert_eq!(
        r.decision == D::Refused,
        matches!(rule, RuleId::R2 | RuleId::N1) || r.reasons == [R::Q5NotRepairable],
        "{c:?}"
    );
    if request_is_service(request) {
        assert_eq!(rule, RuleId::S1, "{c:?}");
    }
    if day <= 7 && problem == Problem::QualityDefect && !request_is_service(request) {
        assert_eq!(rule, RuleId::Q1, "{c:?}");
    }
    assert!(
        !matches!(r.decision, D::Return | D::ChargedReturn)
            || request == Request::Return
            || (cosmetic_rule && request == Request::Repair),
        "a return only when one was asked (a cream is not repaired): {c:?}"
    );
}

fn request_is_service(r: Request) -> bool {
    matches!(
        r,
        Request::Hemming | Request::Overlocking | Request::Ironing
    )
}

#[test]
fn every_rule_has_a_reason_and_every_reason_its_own_key() {
    for rule in RuleId::ALL {
        assert!(
            Reason::ALL.iter().any(|r| r.rule() == rule),
            "{} has no reason",
            rule.as_str()
        );
    }
    let keys: HashSet<&str> = Reason::ALL.iter().map(|r| r.locale_key()).collect();
    assert_eq!(keys.len(), Reason::ALL.len(), "two reasons share a key");
    for r in Reason::ALL {
        let prefix = format!("aftersale.{}.", r.rule().as_str());
        assert!(
            r.locale_key().starts_with(&prefix),
            "{r:?} is keyed under its rule"
        );
    }
}

#[test]
fn shop_words_match_their_json_names() {
    for c in Category::ALL {
        assert_eq!(
            serde_json::to_string(c).unwrap(),
            format!("\"{}\"", c.as_str())
        );
    }
    for p in Problem::ALL {
        let back: Problem = serde_json::from_str(&format!("\"{p}\"")).unwrap();
        assert_eq!(back, *p);
    }
    assert_eq!(Decision::ChargedExchange.as_str(), "charged_exchange");
    assert_eq!(Condition::TagsRemoved.as_str(), "tags_removed");
}

#[test]
fn a_ruling_gives_every_fact_a_reason_may_quote() {
    let c = case("2026-03-20");
    let r = decide(&c, &shop_terms()).unwrap();
    let names: Vec<&str> = r.facts(&c, &shop_terms()).iter().map(|(n, _)| *n).collect();
    assert_eq!(names, FACT_NAMES);
}
