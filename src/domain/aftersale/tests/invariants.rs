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
                        let bit = |n: u32| flags & (1 << n) != 0;
                        let c = AfterSaleCase {
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
                        };
                        let Ok(r) = decide(&c, &terms) else { continue };
                        seen.extend(r.reasons.iter().copied());
                        let rules = r.rules();
                        assert_eq!(rules.len(), 1, "one row decides: {c:?}");
                        let rule = rules[0];
                        assert_eq!(
                            r.shop_pays_shipping,
                            matches!(rule, RuleId::Q1 | RuleId::Q2 | RuleId::Q3 | RuleId::Q4),
                            "the shop pays shipping exactly for quality problems in warranty: {c:?}"
                        );
                        assert_eq!(r.depreciation_percent > 0, rule == RuleId::Q4, "{c:?}");
                        assert!(
                            r.amount_fen <= r.base_price_fen,
                            "never more than the base price: {c:?}"
                        );
                        if r.amount_fen > 0 {
                            assert!(
                                matches!(rule, RuleId::R1 | RuleId::Q1 | RuleId::Q4),
                                "{c:?}"
                            );
                        }
                        assert_eq!(
                            r.decision == D::Refused,
                            matches!(rule, RuleId::R2 | RuleId::N1)
                                || r.reasons == [R::Q5NotRepairable],
                            "{c:?}"
                        );
                        if request_is_service(request) {
                            assert_eq!(rule, RuleId::S1, "{c:?}");
                        }
                        if day <= 7
                            && problem == Problem::QualityDefect
                            && !request_is_service(request)
                        {
                            assert_eq!(rule, RuleId::Q1, "{c:?}");
                        }
                        assert!(
                            !matches!(r.decision, D::Return | D::ChargedReturn)
                                || request == Request::Return,
                            "a return only when one was asked: {c:?}"
                        );
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
