//! `aftercare import` on the files shops have: GBK with CRLF, UTF-8 with a
//! BOM and line breaks inside quoted cells, an .xlsx workbook, all with
//! Chinese headers; all or nothing, --skip-bad, --dry-run, and a re-run
//! that changes nothing.

mod import_support;

use aftercare::import::Kind;
use import_support::{Shop, dry_run, gbk_crlf, opts, skip_bad};

const CUSTOMERS: &str = "会员卡号,姓名,手机号,性别,生日,爱好,积分\n\
V001,王芳芳,13800000001,女,1990/5/6,爬山,10\n\
V002,\"=HYPERLINK(\"\"http://x\"\")\",138 0000 0003,M,1985年3月2日,,\n\
V003,李四,12,男,,,\n";

#[test]
fn a_gbk_file_with_crlf_goes_in_all_or_nothing_and_reports_the_bad_row_by_line() {
    let mut shop = Shop::new();
    let file = shop.write("会员.csv", &gbk_crlf(CUSTOMERS));
    let before = shop.snapshot();
    let r = shop.import(Kind::Customers, &file, &opts());
    assert_eq!((r.rows, r.new, r.refused.len(), r.went_in), (3, 2, 1, 0));
    assert_eq!(r.refused[0].line, 4);
    assert_eq!(
        r.refused[0].problems[0].describe(&shop.zh),
        "手机号：不是电话：手机 13812345678、座机 0755-1234567(-123)、境外 +44 …"
    );
    assert_eq!(r.ignored_columns, vec!["积分"]);
    assert_eq!(
        shop.snapshot(),
        before,
        "a refused row leaves the shop exactly as it was"
    );
    // The refused rows, beside the input, in the user's language, with the row as it was.
    let csv = std::fs::read_to_string(r.refused_csv.as_ref().unwrap()).unwrap();
    assert!(
        csv.starts_with("\u{feff}行号,原因,会员卡号,姓名,手机号"),
        "{csv}"
    );
    assert!(
        csv.contains("4,手机号：不是电话：手机 13812345678、座机 0755-1234567(-123)、境外 +44 …,V003,李四,12,男"),
        "{csv}"
    );

    // --skip-bad takes the good rows.
    let r = shop.import(Kind::Customers, &file, &skip_bad());
    assert_eq!((r.new, r.refused.len(), r.went_in), (2, 1, 2));
    assert_eq!(
        shop.text("SELECT name || '|' || gender || '|' || birthday || '|' || hobbies || '|' || member_no FROM customers WHERE phone_digits = '13800000001'"),
        "王芳芳|female|1990-05-06|爬山|V001"
    );
    // A customer's spend comes from their sales (imported as sales), never from a
    // till's running total: it stays what their purchases less returns say.
    assert_eq!(
        shop.count("SELECT total_spend_fen FROM customers WHERE member_no = 'V001'"),
        0
    );
    // A formula is stored as the text it is, never run.
    assert_eq!(
        shop.text("SELECT name FROM customers WHERE member_no = 'V002'"),
        "=HYPERLINK(\"http://x\")"
    );
    let audited = shop
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND entity = 'customer'");
    assert_eq!(audited, 2, "registered as the form registers them");
}

#[test]
fn utf8_with_bom_and_quoted_line_breaks_keeps_the_true_line_and_cleans_text() {
    let mut shop = Shop::new();
    let text = "\u{feff}姓名,手机号,地址\n张\u{1b}[31m三\u{202e},13900000001,\"杭州\n西湖区\"\n李四,abc,上海\n";
    let file = shop.write("customers.csv", text.as_bytes());
    let r = shop.import(Kind::Customers, &file, &skip_bad());
    assert_eq!(r.refused.len(), 1);
    assert_eq!(r.refused[0].line, 4, "the row starts on line 4 of the file");
    assert_eq!(
        shop.text("SELECT name || '|' || address FROM customers"),
        "张三|杭州 西湖区"
    );
}

#[test]
fn a_dry_run_checks_everything_and_writes_nothing() {
    let mut shop = Shop::new();
    let file = shop.write("c.csv", &gbk_crlf(CUSTOMERS));
    let before = shop.snapshot();
    let r = shop.import(Kind::Customers, &file, &dry_run());
    assert_eq!((r.new, r.updated, r.refused.len(), r.went_in), (2, 0, 1, 0));
    assert!(r.dry_run);
    assert_eq!(shop.snapshot(), before);
    let r = shop.import(
        Kind::Customers,
        &file,
        &aftercare::import::Options {
            dry_run: true,
            skip_bad: true,
            ..Default::default()
        },
    );
    assert_eq!(r.went_in, 0);
    assert_eq!(shop.snapshot(), before);
}

#[test]
fn a_rerun_changes_nothing_and_a_changed_row_keeps_what_staff_added() {
    let mut shop = Shop::new();
    let good = CUSTOMERS.replace("V003,李四,12,", "V003,李四,13800000004,");
    let file = shop.write("c.csv", good.as_bytes());
    assert_eq!(shop.import(Kind::Customers, &file, &opts()).new, 3);
    let before = shop.snapshot();
    let r = shop.import(Kind::Customers, &file, &opts());
    assert_eq!((r.new, r.updated, r.unchanged), (0, 0, 3));
    assert_eq!(shop.snapshot(), before, "a re-run changes nothing");

    // Staff add to the file in the app: hobbies changed, work filled in.
    let id = shop.count("SELECT id FROM customers WHERE member_no = 'V001'");
    let c = aftercare::store::customers::get(&shop.conn, id)
        .unwrap()
        .unwrap();
    let mut v = c.values.clone();
    v.set(aftercare::domain::customer::Field::Hobbies, "读书");
    v.set(aftercare::domain::customer::Field::Work, "教师");
    aftercare::store::customers::update(
        &mut shop.conn,
        id,
        c.version,
        &v,
        shop.manager,
        Shop::today(),
    )
    .unwrap();
    // The till's next export changes the birthday and nothing else.
    let changed = good.replace("1990/5/6", "1990/5/7");
    let file = shop.write("c.csv", changed.as_bytes());
    let r = shop.import(Kind::Customers, &file, &opts());
    assert_eq!((r.new, r.updated, r.unchanged), (0, 1, 2));
    assert_eq!(
        shop.text("SELECT birthday || '|' || hobbies || '|' || work FROM customers WHERE member_no = 'V001'"),
        "1990-05-07|读书|教师"
    );
}

#[test]
fn a_workbook_with_chinese_headers_numbers_and_dates() {
    use rust_xlsxwriter::{Format, Workbook};
    let mut shop = Shop::new();
    let path = shop.dir.path().join("商品.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("说明").unwrap();
    ws.write_string(0, 0, "not this sheet").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("商品").unwrap();
    for (c, h) in ["款号", "品名", "品类", "吊牌价", "现价", "条形码", "尺码"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "A1001").unwrap();
    ws.write_string(1, 1, "羊毛大衣").unwrap();
    ws.write_string(1, 2, "纺织").unwrap();
    ws.write_number(1, 3, 1299.0).unwrap();
    ws.write_number(1, 4, 999.5).unwrap();
    ws.write_number(1, 5, 6901234567890.0).unwrap();
    ws.write_string(1, 6, "S/M/L").unwrap();
    ws.write_string(3, 0, "B2002").unwrap();
    ws.write_string(3, 1, "皮衣").unwrap();
    ws.write_string(3, 2, "皮衣").unwrap();
    ws.write_string(3, 3, "¥3,000").unwrap();
    wb.save(&path).unwrap();

    let sheet = aftercare::import::Options {
        read: aftercare::import::reader::ReadOptions {
            sheet: Some("商品".into()),
            encoding: None,
        },
        ..Default::default()
    };
    let r = shop.import(Kind::Products, &path, &sheet);
    assert_eq!((r.new, r.refused.len()), (2, 0), "{:?}", r.refused);
    let p = aftercare::store::products::lookup(&shop.conn, "6901234567890")
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            p.style_no.as_str(),
            p.category.as_str(),
            p.list_price_fen,
            p.current_price_fen,
            p.sizes.as_str()
        ),
        ("A1001", "textile", 129_900, 99_950, "S,M,L")
    );
    let leather = aftercare::store::products::by_style(&shop.conn, "B2002")
        .unwrap()
        .unwrap();
    assert_eq!(
        (leather.category.as_str(), leather.current_price_fen),
        ("leather", 300_000)
    );

    // Sales from a sheet whose dates are Excel dates.
    let sales = shop.dir.path().join("sales.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy/m/d");
    for (c, h) in ["单号", "销售日期", "款号", "实收"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "X1").unwrap();
    ws.write_number_with_format(1, 1, 46_340.0, &date).unwrap(); // 2026-11-14
    ws.write_string(1, 2, "A1001").unwrap();
    ws.write_number(1, 3, 999.5).unwrap();
    wb.save(&sales).unwrap();
    let r = shop.import(Kind::Sales, &sales, &opts());
    assert_eq!((r.new, r.refused.len()), (1, 0), "{:?}", r.refused);
    assert_eq!(
        shop.text("SELECT purchased_on FROM purchases WHERE receipt_no = 'X1'"),
        "2026-11-14"
    );
}

#[test]
fn a_markdown_in_the_products_file_is_an_audited_price_change() {
    let mut shop = Shop::new();
    let v1 = "款号,品名,品类,吊牌价,现价\nA1,大衣,textile,1299,1299\n";
    let file = shop.write("p.csv", v1.as_bytes());
    assert_eq!(shop.import(Kind::Products, &file, &opts()).new, 1);
    let file = shop.write("p.csv", v1.replace(",1299\n", ",999\n").as_bytes());
    let r = shop.import(Kind::Products, &file, &opts());
    assert_eq!(r.updated, 1);
    let p = aftercare::store::products::by_style(&shop.conn, "A1")
        .unwrap()
        .unwrap();
    assert_eq!((p.list_price_fen, p.current_price_fen), (129_900, 99_900));
    let changes = aftercare::store::products::price_changes(&shop.conn, p.id).unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].old_price_fen, changes[0].effective_on),
        (129_900, Shop::today())
    );
    assert_eq!(changes[0].staff.as_deref(), Some("王芳"));
}

#[test]
fn a_header_without_a_required_column_stops_before_anything() {
    let mut shop = Shop::new();
    let file = shop.write("c.csv", "姓名,生日\n王芳,1990-01-01\n".as_bytes());
    let locales = [&shop.zh];
    let cx = aftercare::import::Context {
        staff_id: Some(shop.manager),
        today: Shop::today(),
        policy: &shop.policy,
        map: &shop.map,
        locales: &locales,
    };
    let mut silent = aftercare::import::progress::Silent;
    let mut seen = |_: &aftercare::import::Refused| {};
    let mut watch = aftercare::import::Watch {
        stop: Default::default(),
        progress: &mut silent,
        on_refused: &mut seen,
    };
    let before = shop.snapshot();
    let e = aftercare::import::run(
        &mut shop.conn,
        Kind::Customers,
        &file,
        &opts(),
        &cx,
        &mut watch,
    );
    assert!(matches!(
        e,
        Err(aftercare::import::Fatal::Header(aftercare::import::HeaderError::Missing(ref f))) if f == &vec!["phone"]
    ));
    assert_eq!(shop.snapshot(), before);
}

/// Stops the import (as Ctrl-C or a lost connection does) once `after` rows are read.
struct StopAfter {
    after: u64,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl aftercare::import::progress::Progress for StopAfter {
    fn tick(&mut self, rows: u64, _: u64) {
        if rows >= self.after {
            self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
    fn done(&mut self) {}
}

#[test]
fn an_interrupted_import_says_how_many_rows_went_in() {
    let mut shop = Shop::new();
    let rows: String = (0..50)
        .map(|i| format!("顾客{i},1380000{i:04}\n"))
        .collect();
    let file = shop.write("c.csv", format!("姓名,手机号\n{rows}").as_bytes());
    let before = shop.snapshot();
    let run = |shop: &mut Shop, opts: &aftercare::import::Options| {
        let locales = [&shop.en];
        let cx = aftercare::import::Context {
            staff_id: Some(shop.manager),
            today: Shop::today(),
            policy: &shop.policy,
            map: &shop.map,
            locales: &locales,
        };
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut progress = StopAfter {
            after: 20,
            stop: stop.clone(),
        };
        let mut seen = |_: &aftercare::import::Refused| {};
        let mut watch = aftercare::import::Watch {
            stop,
            progress: &mut progress,
            on_refused: &mut seen,
        };
        aftercare::import::run(
            &mut shop.conn,
            Kind::Customers,
            &file,
            opts,
            &cx,
            &mut watch,
        )
        .unwrap()
    };
    let r = run(&mut shop, &opts());
    assert_eq!((r.stopped.as_deref(), r.went_in), (Some("interrupted"), 0));
    assert_eq!(
        shop.snapshot(),
        before,
        "all or nothing: an interrupted file leaves the shop as it was"
    );
    let r = run(&mut shop, &skip_bad());
    assert_eq!((r.stopped.as_deref(), r.went_in), (Some("interrupted"), 20));
    assert_eq!(shop.count("SELECT COUNT(*) FROM customers"), 20);
    // Running it again brings in the rest; what went in is unchanged.
    let r = shop.import(Kind::Customers, &file, &opts());
    assert_eq!((r.new, r.unchanged), (30, 20));
}

#[test]
fn an_import_that_fills_the_disk_says_how_many_rows_went_in() {
    let mut shop = Shop::new();
    let rows: String = (0..8000)
        .map(|i| format!("顾客{i},138{i:08},{}\n", "地址".repeat(40)))
        .collect();
    let file = shop.write("c.csv", format!("姓名,手机号,地址\n{rows}").as_bytes());
    // The disk fills up part of the way through: SQLite's own limit on the
    // file's size gives the same "database or disk is full".
    let pages: i64 = shop.count("PRAGMA page_count");
    shop.conn
        .query_row(
            &format!("PRAGMA max_page_count = {}", pages + 1000),
            [],
            |_| Ok(()),
        )
        .unwrap();
    let r = shop.import(Kind::Customers, &file, &skip_bad());
    let why = r.stopped.as_deref().unwrap_or_default();
    assert!(why.contains("full"), "{r:?}");
    let held = shop.count("SELECT COUNT(*) FROM customers") as usize;
    assert!(r.went_in > 0 && r.went_in < 8000, "{}", r.went_in);
    assert_eq!(r.went_in, held, "the report says what is in the database");
    // All or nothing without --skip-bad: nothing went in, and it says so.
    let mut fresh = Shop::new();
    let file = fresh.write("c.csv", format!("姓名,手机号,地址\n{rows}").as_bytes());
    let pages: i64 = fresh.count("PRAGMA page_count");
    fresh
        .conn
        .query_row(
            &format!("PRAGMA max_page_count = {}", pages + 1000),
            [],
            |_| Ok(()),
        )
        .unwrap();
    let r = fresh.import(Kind::Customers, &file, &opts());
    assert!(r.stopped.is_some(), "{r:?}");
    assert_eq!(
        (r.went_in, fresh.count("SELECT COUNT(*) FROM customers")),
        (0, 0)
    );
}
