//! A year of the till's sales brought in: the derived figures come out as
//! for sales made in the shop (spend, tier, closest associate, last
//! purchase, care entitlements), a purchase callback only for a recent sale,
//! and a re-run changes nothing.

mod import_support;

use aftercare::import::Kind;
use import_support::{opts, skip_bad, stocked};

const SALES: &str = "单号,销售日期,会员卡号,手机号,导购,款号,尺码,颜色,实收\n\
R1,2026/6/1,V001,,张敏,A1,M,黑,\"2,800.00\"\n\
R1,2026/6/1,V001,,张敏,K1,M,灰,¥399\n\
R2,2026年11月20日,,13800000002,张敏,L1,L,棕,3000\n\
R3,2026-11-21,,,,K1,S,灰,399\n";

#[test]
fn sales_make_the_same_figures_as_a_sale_in_the_shop() {
    let mut shop = stocked();
    let file = shop.write("sales.csv", SALES.as_bytes());
    let r = shop.import(Kind::Sales, &file, &opts());
    assert_eq!(
        (r.rows, r.new, r.refused.len()),
        (4, 4, 0),
        "{:?}",
        r.refused
    );
    let zhang = shop.count("SELECT id FROM staff WHERE name = '张敏'");
    let figures = |member: &str| {
        shop.text(&format!(
            "SELECT total_spend_fen || '|' || purchase_count || '|' || last_purchase_on || '|' || tier || '|' || closest_staff_id
             FROM customers WHERE member_no = '{member}'"
        ))
    };
    assert_eq!(
        figures("V001"),
        format!("319900|1|2026-06-01|silver|{zhang}")
    );
    assert_eq!(
        figures("V002"),
        format!("300000|1|2026-11-20|silver|{zhang}")
    );
    // The walk-in's receipt is kept without a customer.
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM purchases WHERE receipt_no = 'R3' AND customer_id IS NULL"
        ),
        1
    );
    // Care entitlements: the suit at 2,800 gets a dry-clean for twelve months (data/policy.toml dry_clean_reading); the leather a care.
    assert_eq!(
        shop.text("SELECT group_concat(kind || '@' || granted_on || '~' || COALESCE(valid_until, '-'), ' ') FROM entitlements ORDER BY id"),
        "dry_clean@2026-06-01~2027-06-01 leather_care@2026-11-20~-"
    );
    // A callback for the recent sale only: June's history does not flood the task list.
    assert_eq!(
        shop.text("SELECT group_concat(kind || '@' || due_on, ' ') FROM tasks WHERE kind = 'purchase_callback'"),
        "purchase_callback@2026-11-27"
    );
    let june_tasks = shop.count(
        "SELECT COUNT(*) FROM tasks WHERE customer_id = (SELECT id FROM customers WHERE member_no = 'V001')",
    );
    assert_eq!(june_tasks, 0);

    // The task engine agrees: nothing more is owed for the June sale.
    aftercare::store::tasks::generate(&mut shop.conn, import_support::Shop::today(), &shop.policy)
        .unwrap();
    assert_eq!(
        shop.count("SELECT COUNT(*) FROM tasks WHERE kind = 'purchase_callback'"),
        1
    );

    let before = shop.snapshot();
    let r = shop.import(Kind::Sales, &file, &opts());
    assert_eq!((r.new, r.unchanged), (0, 4));
    assert_eq!(shop.snapshot(), before, "a re-run changes nothing");
}

#[test]
fn a_bad_line_refuses_its_whole_receipt_and_the_file_unless_skip_bad() {
    let mut shop = stocked();
    let sales = SALES.replace("R1,2026/6/1,V001,,张敏,K1", "R1,2026/6/1,V001,,张敏,ZZ9");
    let file = shop.write("sales.csv", sales.as_bytes());
    let before = shop.snapshot();
    let r = shop.import(Kind::Sales, &file, &opts());
    assert_eq!(
        r.refused.iter().map(|x| x.line).collect::<Vec<_>>(),
        vec![2, 3]
    );
    assert_eq!(
        r.refused[1].problems[0].describe(&shop.en),
        "款号: no product with this style number or barcode (import the products first): ZZ9"
    );
    assert_eq!(
        r.refused[0].problems[0].describe(&shop.en),
        "another line of receipt R1 was refused"
    );
    assert_eq!(shop.snapshot(), before);
    let r = shop.import(Kind::Sales, &file, &skip_bad());
    assert_eq!((r.new, r.refused.len(), r.went_in), (2, 2, 2));
    assert_eq!(shop.count("SELECT COUNT(*) FROM purchases"), 2);
    assert_eq!(
        shop.count("SELECT COUNT(*) FROM purchases WHERE receipt_no = 'R1'"),
        0
    );
}

#[test]
fn unknown_customers_staff_split_receipts_and_changed_receipts_are_refused() {
    let mut shop = stocked();
    let sales = "单号,日期,手机号,导购,款号,实收\n\
                 A,2026-11-01,13999999999,张敏,K1,399\n\
                 B,2026-11-01,,路人,K1,399\n\
                 C,2026-11-01,,,K1,399\n\
                 D,2026-11-01,,,K1,399\n\
                 C,2026-11-01,,,K1,399\n\
                 E,2027-01-01,,,K1,399\n";
    let file = shop.write("s.csv", sales.as_bytes());
    let r = shop.import(Kind::Sales, &file, &skip_bad());
    let codes: Vec<(u64, &str)> = r
        .refused
        .iter()
        .map(|x| (x.line, x.problems[0].code))
        .collect();
    assert_eq!(
        codes,
        vec![
            (2, "no_customer"),
            (3, "no_staff"),
            (6, "receipt_split"),
            (7, "date_future")
        ]
    );
    // D's lines change after it went in: a recorded sale is not rewritten.
    let file = shop.write(
        "s2.csv",
        "单号,日期,款号,实收\nD,2026-11-01,K1,299\n".as_bytes(),
    );
    let r = shop.import(Kind::Sales, &file, &opts());
    assert_eq!(r.refused[0].problems[0].code, "receipt_exists");
}
