//! C1 and C2: a cosmetic that hurt the skin or did nothing at all.
//!
//! Seed S4 (`004_87ae6acd137b669a.txt`) condemns the counter that answers
//! "使用之后没有任何效果、或者导致引发一些皮肤问题,比如皮肤瘙痒,过敏起红疹" with
//! "不退货、不换货、让消费者找厂家解决问题…在原有问题没有解决的前提下让消费者再次购买其别的产品".

use super::*;
use Decision as D;
use Reason as R;

fn cream(today: &str, problem: Problem, request: Request) -> AfterSaleCase {
    let mut c = case(today);
    c.line.category = Category::Cosmetic;
    // Cheaper today: the refund is still the price paid.
    c.line.current_price_fen = 29900;
    c.problem = problem;
    c.request = request;
    c
}

#[test]
fn an_adverse_reaction_is_never_refused_whatever_the_day_receipt_or_state_c1() {
    // S4: "不退货、不换货" — neither refused nor turned away on day 10, nor after the warranty.
    let terms = shop_terms();
    for today in ["2026-03-01", "2026-03-11", "2026-04-20", "2027-03-01"] {
        for (request, decision, reason) in [
            (Request::Return, D::Return, R::C1Refund),
            (Request::Exchange, D::Exchange, R::C1Replace),
            // A cream is not "repaired free": the first remedy offered, a refund.
            (Request::Repair, D::Return, R::C1Refund),
        ] {
            for opened in [false, true] {
                let mut c = cream(today, Problem::AdverseReaction, request);
                c.receipt = !opened;
                c.line.clearance = opened;
                if opened {
                    c.condition = vec![Condition::TagsRemoved];
                }
                let at = format!("{today}, {request}, opened {opened}");
                let r = decide(&c, &terms).unwrap();
                assert_eq!(r.decision, decision, "{at}");
                assert_eq!(r.reasons, vec![reason], "{at}");
                assert_eq!(r.rules(), vec![RuleId::C1], "{at}");
                assert_eq!(r.cosmetic_rule(), Some(RuleId::C1), "{at}");
                assert_eq!(r.amount_fen, 39900, "{at}: the price paid, nothing off");
                assert_eq!(r.depreciation_percent, 0, "{at}: never a refund less 5%");
                assert!(r.shop_pays_shipping, "{at}");
            }
        }
    }
}

#[test]
fn no_effect_at_all_is_never_refused_c2() {
    // S4: "使用之后没有任何效果" may not be answered by refusal or another product.
    let terms = shop_terms();
    for (request, decision, reason) in [
        (Request::Return, D::Return, R::C2Refund),
        (Request::Exchange, D::Exchange, R::C2Replace),
        (Request::Repair, D::Return, R::C2Refund),
    ] {
        let r = decide(&cream("2026-03-25", Problem::NoEffect, request), &terms).unwrap();
        assert_eq!(r.decision, decision, "{request}");
        assert_eq!(r.reasons, vec![reason], "{request}");
        assert_eq!(r.cosmetic_rule(), Some(RuleId::C2));
        assert_ne!(r.decision, D::Refused);
    }
}

#[test]
fn the_remedies_and_the_price_follow_the_shops_terms() {
    let mut terms = shop_terms();
    terms.cosmetics.adverse_reaction = vec![Remedy::Exchange];
    terms.cosmetics.refund_price = RefundPrice::Base;
    // Only a replacement offered: a refund asked becomes a replacement, at the lower price.
    let r = decide(
        &cream("2026-03-11", Problem::AdverseReaction, Request::Return),
        &terms,
    )
    .unwrap();
    assert_eq!((r.decision, r.amount_fen), (D::Exchange, 29900));
    assert_eq!(r.reasons, vec![R::C1Replace]);
}

#[test]
fn a_cosmetics_problem_is_not_a_garments_and_back() {
    let terms = shop_terms();
    let mut c = case("2026-03-05");
    c.problem = Problem::AdverseReaction;
    let e = decide(&c, &terms).unwrap_err();
    assert_eq!(e.field(), "problem");
    assert!(e.to_string().contains("only to a cosmetic"), "{e}");
    let c = cream("2026-03-05", Problem::Fading, Request::Return);
    assert_eq!(decide(&c, &terms).unwrap_err().field(), "problem");
    // A damaged jar is still a quality problem of the cosmetic (Q rows).
    let c = cream("2026-03-05", Problem::QualityDefect, Request::Return);
    assert_eq!(decide(&c, &terms).unwrap().rules(), vec![RuleId::Q1]);
}
