//! F1, N1 and S1, which no day changes, and cases no rule can weigh.

use super::*;
use Decision as D;
use Reason as R;

// One table of cases, a row per case of the policy: long as the table is.
#[test]
fn listed_problems_at_any_day_f1_n1() {
    let terms = shop_terms();
    // Day 0, the last return day, the first repair day and long after any warranty.
    let days = ["2026-03-01", "2026-03-08", "2026-03-16", "2028-03-01"];
    for (what, category, problem, decision, reason) in [
        (
            "F1: open seam",
            Category::Textile,
            Problem::OpenSeam,
            D::FreeRepair,
            R::F1OpenSeam,
        ),
        (
            "F1: open seam on a sweater",
            Category::Knit,
            Problem::OpenSeam,
            D::FreeRepair,
            R::F1OpenSeam,
        ),
        (
            "F1: creasing is ironed free",
            Category::Suit,
            Problem::Creasing,
            D::FreeRepair,
            R::F1Creasing,
        ),
        (
            "F1: pilling on knitwear",
            Category::Knit,
            Problem::Pilling,
            D::FreeRepair,
            R::F1Pilling,
        ),
        (
            "F1: dropped stitch on knitwear",
            Category::Knit,
            Problem::DroppedStitch,
            D::FreeRepair,
            R::F1DroppedStitch,
        ),
        (
            "N1: pilling of pure cotton",
            Category::Cotton,
            Problem::Pilling,
            D::Refused,
            R::N1CottonPilling,
        ),
        (
            "N1: fading of pure cotton",
            Category::Cotton,
            Problem::Fading,
            D::Refused,
            R::N1CottonFading,
        ),
        (
            "N1: shrinking of pure cotton",
            Category::Cotton,
            Problem::Shrinking,
            D::Refused,
            R::N1CottonShrinking,
        ),
        (
            "N1: style change",
            Category::Textile,
            Problem::StyleChange,
            D::Refused,
            R::N1StyleChange,
        ),
        (
            "N1: decorative button lost in wear",
            Category::Suit,
            Problem::DecorativeButton,
            D::Refused,
            R::N1DecorativeButton,
        ),
        (
            "N1: zip broken by misuse",
            Category::Leather,
            Problem::ZipMisuse,
            D::Refused,
            R::N1ZipMisuse,
        ),
        (
            "N1: own washing or ironing",
            Category::Textile,
            Problem::OwnWashingDamage,
            D::Refused,
            R::N1OwnWashingDamage,
        ),
    ] {
        for today in days {
            for request in [Request::Return, Request::Exchange, Request::Repair] {
                let mut c = case(today);
                c.line.category = category;
                c.problem = problem;
                c.request = request;
                let r = decide(&c, &terms).unwrap();
                let at = format!("{what}, {request} asked on {today}");
                assert_eq!(r.decision, decision, "{at}");
                assert_eq!(r.reasons, vec![reason], "{at}");
                assert_eq!(r.amount_fen, 0, "{at}: never a refund");
                // Only an open seam or a dropped stitch is the goods' fault (§5).
                let fault = matches!(problem, Problem::OpenSeam | Problem::DroppedStitch);
                assert_eq!(r.shop_pays_shipping, fault, "{at}: shipping");
            }
        }
    }
}

#[test]
fn free_services_at_any_time_s1() {
    let terms = shop_terms();
    for (what, request, reason, set) in [
        (
            "S1: hemming on the day of sale",
            Request::Hemming,
            R::S1Hemming,
            as_is as fn(&mut AfterSaleCase),
        ),
        (
            "S1: overlocking without receipt, cut, clearance",
            Request::Overlocking,
            R::S1Overlocking,
            |c: &mut AfterSaleCase| {
                c.receipt = false;
                c.condition = vec![Condition::Cut];
                c.line.clearance = true;
            },
        ),
        (
            "S1: ironing while the garment has a quality defect",
            Request::Ironing,
            R::S1Ironing,
            defect,
        ),
        (
            "S1: ironing of a creased suit",
            Request::Ironing,
            R::S1Ironing,
            |c: &mut AfterSaleCase| {
                c.problem = Problem::Creasing;
                c.line.category = Category::Suit;
            },
        ),
        (
            "S1: hemming of made-to-order trousers",
            Request::Hemming,
            R::S1Hemming,
            |c: &mut AfterSaleCase| c.line.made_to_order = true,
        ),
    ] {
        for today in ["2026-03-01", "2026-03-09", "2026-06-02", "2036-03-01"] {
            let mut c = case(today);
            set(&mut c);
            c.request = request;
            let r = decide(&c, &terms).unwrap();
            let at = format!("{what}, on {today}");
            assert_eq!(r.decision, D::FreeService, "{at}");
            assert_eq!(r.reasons, vec![reason], "{at}");
            assert_eq!(r.amount_fen, 0, "{at}");
            assert!(!r.shop_pays_shipping, "{at}");
        }
    }
}

#[test]
fn cases_that_make_no_sense_name_the_fact() {
    let terms = shop_terms();
    for (what, set, field) in [
        (
            "today before the sale",
            (|c| c.today = date("2026-02-28")) as fn(&mut AfterSaleCase),
            "today",
        ),
        ("negative price paid", |c| c.line.paid_fen = -1, "paid_fen"),
        (
            "negative price today",
            |c| c.line.current_price_fen = -1,
            "current_price_fen",
        ),
        (
            "a repair of nothing",
            |c| c.request = Request::Repair,
            "problem",
        ),
        (
            "an open seam on a lipstick",
            |c| {
                c.line.category = Category::Cosmetic;
                c.problem = Problem::OpenSeam;
            },
            "problem",
        ),
        (
            "hemming a cream",
            |c| {
                c.line.category = Category::Cosmetic;
                c.request = Request::Hemming;
            },
            "request",
        ),
    ] {
        let mut c = case("2026-03-02");
        set(&mut c);
        let e = decide(&c, &terms).unwrap_err();
        assert_eq!(e.field(), field, "{what}");
        assert!(e.to_string().starts_with(field), "{what}: {e}");
    }
}
