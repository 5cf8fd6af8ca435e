//! `aftercare import` as the built binary: the help lists every column with
//! its Chinese and English names, a GBK file is reported in Chinese with
//! the refused row's line, and a re-run says nothing changed.

mod common;

use common::Shop;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn new_shop() -> Shop {
    let shop = Shop::empty();
    let conn = aftercare::store::open(&shop.db).unwrap();
    aftercare::store::staff::add(&conn, "王芳", aftercare::domain::staff::Role::Manager, "x")
        .unwrap();
    shop
}

#[test]
fn each_kind_has_help_listing_its_columns_with_an_example() {
    let shop = Shop::empty();
    let out = shop.run(&["import", "sales", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for want in [
        "receipt_no *",
        "单号",
        "销售日期",
        "导购",
        "price *",
        "--skip-bad",
        "--dry-run",
        "--sheet",
        "--encoding",
        "Example (sales.csv)",
    ] {
        assert!(help.contains(want), "{want} missing from:\n{help}");
    }
    let out = shop.run(&["import", "customers", "--help"]);
    let help = text(&out.stdout);
    for want in ["会员卡号", "手机号", "姓名", "生日"] {
        assert!(help.contains(want), "{want} missing from:\n{help}");
    }
}

#[test]
fn a_gbk_file_is_reported_in_chinese_and_a_rerun_says_nothing_changed() {
    let shop = new_shop();
    let csv = "会员卡号,姓名,手机号\r\nV1,王芳芳,13800000001\r\nV2,李四,12\r\n";
    let gbk = encoding_rs::GB18030.encode(csv).0.into_owned();
    let file = shop.path().join("会员.csv");
    std::fs::write(&file, gbk).unwrap();
    let f = file.to_str().unwrap();
    let out = shop.run(&["--lang", "zh-CN", "import", "customers", f]);
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}{}", text(&out.stderr));
    assert!(
        said.contains("第 3 行：未导入（手机号：不是电话：手机 13812345678"),
        "{said}"
    );
    assert!(said.contains("未导入任何内容"), "{said}");
    assert!(shop.path().join("会员.refused.csv").is_file());
    assert_eq!(
        shop.conn()
            .query_row("SELECT COUNT(*) FROM customers", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        0
    );

    let out = shop.run(&["import", "customers", f, "--skip-bad"]);
    let said = text(&out.stdout);
    assert!(
        said.contains("2 rows: 1 new, 0 updated, 0 unchanged, 1 refused."),
        "{said}"
    );
    assert!(said.contains("1 rows went in"), "{said}");
    let out = shop.run(&["import", "customers", f, "--skip-bad", "--dry-run"]);
    let said = text(&out.stdout);
    assert!(
        said.contains("0 new, 0 updated, 1 unchanged, 1 refused"),
        "{said}"
    );
    assert!(said.contains("Dry run: nothing was written."), "{said}");
}

#[test]
fn a_missing_column_or_file_exits_2_with_a_clear_line() {
    let shop = new_shop();
    let file = shop.path().join("p.csv");
    std::fs::write(&file, "款号,品名\nA1,大衣\n").unwrap();
    let out = shop.run(&["import", "products", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no column for: category, list_price"),
        "{}",
        text(&out.stderr)
    );
    let out = shop.run(&["import", "products", "nope.csv"]);
    assert_eq!(out.status.code(), Some(2));
}
