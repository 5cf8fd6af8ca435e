//! The fabric rules follow the material and the garment type, and the
//! shop pays the shipping of a fault of the goods.
//!
//! Seed S3 (`003_3ae817a830404807.txt`): not repaired "全棉面料服裝褪色、縮水、起球";
//! repaired free "毛衣小面積起球、脫針、開線免費修理" and "服裝開線,免費修理".

use super::*;
use Decision as D;
use Reason as R;

#[test]
fn fading_shrinking_and_pilling_are_refused_only_for_pure_cotton() {
    // "全棉面料服裝褪色、縮水、起球": the cotton reason only for cotton.
    let terms = shop_terms();
    for (what, category, problem, today, decision, reasons) in [
        (
            "cotton fades",
            Category::Cotton,
            Problem::Fading,
            "2026-03-20",
            D::Refused,
            vec![R::N1CottonFading],
        ),
        (
            "a blend fades: a quality problem, repaired free in warranty",
            Category::Textile,
            Problem::Fading,
            "2026-03-20",
            D::FreeRepair,
            vec![R::Q3FreeRepair],
        ),
        (
            "a suit shrinks in the first week: returned",
            Category::Suit,
            Problem::Shrinking,
            "2026-03-04",
            D::Return,
            vec![R::Q1Return],
        ),
        (
            "cotton shrinks",
            Category::Cotton,
            Problem::Shrinking,
            "2026-03-04",
            D::Refused,
            vec![R::N1CottonShrinking],
        ),
        (
            "cotton pills",
            Category::Cotton,
            Problem::Pilling,
            "2026-03-04",
            D::Refused,
            vec![R::N1CottonPilling],
        ),
    ] {
        let mut c = case(today);
        c.line.category = category;
        c.problem = problem;
        let r = decide(&c, &terms).unwrap();
        assert_eq!(r.decision, decision, "{what}");
        assert_eq!(r.reasons, reasons, "{what}");
    }
}

#[test]
fn pilling_and_dropped_stitches_are_mended_free_only_on_knitwear() {
    // "毛衣小面積起球、脫針": a sweater's, not a suit's or a leather coat's.
    let terms = shop_terms();
    for (category, problem, rule) in [
        (Category::Knit, Problem::Pilling, RuleId::F1),
        (Category::Knit, Problem::DroppedStitch, RuleId::F1),
        (Category::Textile, Problem::Pilling, RuleId::Q3),
        (Category::Suit, Problem::Pilling, RuleId::Q3),
        (Category::Leather, Problem::DroppedStitch, RuleId::Q3),
    ] {
        let mut c = case("2026-04-10");
        c.line.category = category;
        c.problem = problem;
        c.request = Request::Repair;
        let r = decide(&c, &terms).unwrap();
        assert_eq!(r.rules(), vec![rule], "{category} {problem}");
    }
}

#[test]
fn the_condition_follows_the_data_not_the_category_name() {
    // A shop that sells cotton sweaters as "knit": cotton wins, pilling is its nature.
    let mut terms = shop_terms();
    terms.fabric.knit.material = "cotton".into();
    let mut c = case("2026-04-10");
    c.line.category = Category::Knit;
    c.problem = Problem::Pilling;
    assert_eq!(
        decide(&c, &terms).unwrap().reasons,
        vec![R::N1CottonPilling]
    );
    // A shop whose suits are knitted: their dropped stitches are mended free.
    let mut terms = shop_terms();
    terms.fabric.suit.garment = "knitwear".into();
    c.line.category = Category::Suit;
    c.problem = Problem::DroppedStitch;
    assert_eq!(
        decide(&c, &terms).unwrap().reasons,
        vec![R::F1DroppedStitch]
    );
}

#[test]
fn the_shop_pays_the_shipping_of_an_open_seam() {
    // DOMAIN §5 [S2]: the shop pays for a quality problem; "服裝開線,免費修理" is one.
    let terms = shop_terms();
    for (problem, category, pays) in [
        (Problem::OpenSeam, Category::Textile, true),
        (Problem::OpenSeam, Category::Knit, true),
        (Problem::DroppedStitch, Category::Knit, true),
        (Problem::Creasing, Category::Suit, false),
        (Problem::Pilling, Category::Knit, false),
    ] {
        let mut c = case("2026-05-20");
        c.line.category = category;
        c.problem = problem;
        c.request = Request::Repair;
        let r = decide(&c, &terms).unwrap();
        assert_eq!(r.decision, D::FreeRepair, "{problem}");
        assert_eq!(r.shop_pays_shipping, pays, "{problem}");
    }
    let mut terms = shop_terms();
    terms.shop_pays_shipping_for.clear();
    let mut c = case("2026-05-20");
    c.problem = Problem::OpenSeam;
    assert!(!decide(&c, &terms).unwrap().shop_pays_shipping);
}
