use super::*;

fn item(step: usize, price: i64, bought: bool) -> Item {
    Item {
        product_id: 1,
        style_no: "S1".into(),
        name: "x".into(),
        category: "suit".into(),
        sizes: vec!["M".into(), "L".into()],
        colours: vec![],
        size: "M".into(),
        colour: String::new(),
        price_fen: price,
        step,
        tried: false,
        bought,
    }
}

#[test]
fn moving_forward_marks_done_going_back_keeps_status() {
    let mut v = Visit::default();
    v.go_to(1, true);
    assert_eq!(v.steps[0].status, StepStatus::Done);
    v.skip();
    assert_eq!(v.steps[1].status, StepStatus::Skipped);
    assert_eq!(v.current, 2);
    v.go_to(0, true);
    assert_eq!(v.steps[2].status, StepStatus::Pending);
    v.go_to(7, false);
    assert_eq!(v.steps[0].status, StepStatus::Done);
    v.close_steps();
    assert_eq!(v.steps[7].status, StepStatus::Done);
    assert_eq!(v.steps[2].status, StepStatus::Skipped);
}

#[test]
fn the_basket_counts_lines_marked_bought_and_add_ons() {
    let v = Visit {
        items: vec![
            item(PRESENT, 10000, true),
            item(ADD_ON, 3000, true),
            item(FITTING, 99900, false),
        ],
        ..Visit::default()
    };
    assert_eq!(
        v.basket(),
        Basket {
            lines: 2,
            total_fen: 13000,
            add_on_fen: 3000
        }
    );
    assert_eq!(add_on_uplift_percent(13000, 3000), Some(30));
    assert_eq!(add_on_uplift_percent(3000, 3000), None);
}

#[test]
fn finishing_needs_an_outcome_that_fits_the_checkout() {
    let mut v = Visit::default();
    assert_eq!(v.check_finish(), Err(FinishProblem::NoOutcome));
    v.outcome = Some(Outcome::Bought);
    assert_eq!(v.check_finish(), Err(FinishProblem::NothingBought));
    v.items.push(item(PRESENT, 100, true));
    assert_eq!(v.check_finish(), Ok(Outcome::Bought));
    v.outcome = Some(Outcome::NotBought);
    assert_eq!(v.check_finish(), Err(FinishProblem::LinesMarked));
    v.items[0].bought = false;
    assert_eq!(v.check_finish(), Ok(Outcome::NotBought));
}

#[test]
fn checklist_items_toggle() {
    let mut v = Visit::default();
    v.toggle_check(0, "smile");
    assert!(v.is_checked(0, "smile"));
    v.toggle_check(0, "smile");
    assert!(!v.is_checked(0, "smile"));
}

#[test]
fn options_cycle_both_ways() {
    let o: Vec<String> = ["S", "M", "L"].iter().map(|s| s.to_string()).collect();
    assert_eq!(cycle(&o, "M", false), "L");
    assert_eq!(cycle(&o, "S", true), "L");
    assert_eq!(cycle(&o, "XL", false), "S");
    assert_eq!(cycle(&[], "M", false), "M");
}

#[test]
fn figures_per_associate() {
    let f = AssociateFigures {
        visits: 8,
        bought: 2,
        sales_fen: 26000,
        add_on_fen: 6000,
        ..Default::default()
    };
    assert_eq!(f.conversion_percent(), Some(25));
    assert_eq!(f.average_basket_fen(), Some(13000));
    assert_eq!(f.add_on_percent(), Some(30));
    assert_eq!(AssociateFigures::default().conversion_percent(), None);
}

#[test]
fn receipt_numbers_are_fixed_per_visit() {
    let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    assert_eq!(receipt_no(d, 42), "R20261123-000042");
}
