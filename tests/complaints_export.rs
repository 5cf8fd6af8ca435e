//! `aftercare export …` run as a program on a real shop file: the CSV it
//! writes is read back and checked against the database rows.

use aftercare::domain::complaint::{Channel, Urgency};
use aftercare::domain::customer::{Field, Values};
use aftercare::domain::staff::Role;
use aftercare::domain::survey::SurveySource;
use aftercare::shop_data::complaint_rules::ServiceRules;
use aftercare::store::complaints::surveys::{self, NewSurvey};
use aftercare::store::complaints::{self, NewComplaint, opinions};
use aftercare::store::{self, customers, staff};
use chrono::{NaiveDate, TimeZone, Utc};
use std::path::Path;
use std::process::Command;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

/// A shop with three complaints (one outside the range), two surveys and
/// a suggestion kept.
fn shop(path: &Path) {
    let mut conn = store::open(path).unwrap();
    store::shop::create(&conn, "Test").unwrap();
    let who = staff::add(&conn, "王芳", Role::Service, "x").unwrap();
    let mut v = Values::new_customer();
    v.set(Field::Name, "张三");
    v.set(Field::Phone, "13812345678");
    let customer = customers::create(&mut conn, &v, who, day(1)).unwrap();
    let rules = ServiceRules::default();
    let mut ids = Vec::new();
    for (d, cat, words) in [
        (3, "quality", "拉链坏了, \"第一次穿\"\n就坏"),
        (10, "attitude", "=the associate ignored me"),
        (20, "packaging", "box crushed"),
    ] {
        let c = rules.routing.category(cat).unwrap().clone();
        let route = rules.routing.route(cat).unwrap();
        let at = Utc.with_ymd_and_hms(2026, 11, d, 2, 30, 0).unwrap();
        let id = store::write(&mut conn, |tx| {
            complaints::create(
                tx,
                &NewComplaint {
                    channel: Channel::Hotline,
                    customer_id: Some(customer),
                    purchase_line_id: None,
                    product: "",
                    batch_no: "",
                    category: &c,
                    route: &route,
                    urgency: Urgency::Normal,
                    major: false,
                    words,
                    taken_by: who,
                    received_at: at,
                    received_on: day(d),
                },
                &rules.complaints.revisit,
            )
        })
        .unwrap();
        ids.push(id);
    }
    for (d, scores) in [(4, [5, 4, 4, 5]), (25, [2, 2, 3, 1])] {
        store::write(&mut conn, |tx| {
            surveys::record(
                tx,
                &NewSurvey {
                    customer_id: Some(customer),
                    source: SurveySource::Complaint,
                    complaint_id: Some(ids[0]),
                    purchase_id: None,
                    task_id: None,
                    staff_id: Some(who),
                    answers: vec![
                        ("service", scores[0]),
                        ("product", scores[1]),
                        ("speed", scores[2]),
                        ("recommend", scores[3]),
                    ],
                    comment: "快",
                    taken_on: day(d),
                    taken_at: Utc.with_ymd_and_hms(2026, 11, d, 3, 0, 0).unwrap(),
                },
            )
        })
        .unwrap();
    }
    complaints::keep_suggestion(
        &mut conn,
        ids[1],
        "welcome every customer at the door",
        who,
        Utc.with_ymd_and_hms(2026, 11, 11, 3, 0, 0).unwrap(),
        day(11),
    )
    .unwrap();
}

fn export(db: &Path, home: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_aftercare"))
        .args(["--db", db.to_str().unwrap(), "--lang", "zh-CN", "export"])
        .args(args)
        .env("XDG_CONFIG_HOME", home)
        .env("XDG_DATA_HOME", home)
        .env("HOME", home)
        .env("TZ", "Asia/Shanghai")
        .env("AFTERCARE_NOW", "2026-11-30T18:00")
        .env_remove("AFTERCARE_HOME")
        .env_remove("AFTERCARE_DB")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn read_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let body = text
        .strip_prefix('\u{feff}')
        .expect("a UTF-8 byte-order mark");
    let mut r = csv::Reader::from_reader(body.as_bytes());
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn the_complaint_register_matches_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    shop(&db);
    let file = dir.path().join("complaints.csv");
    let (ok, _, err) = export(
        &db,
        dir.path(),
        &[
            "complaints",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-15",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(err.contains("2"), "{err}");
    let bytes = std::fs::read(&file).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    let (header, rows) = read_csv(&text);
    assert_eq!(header[0], "编号");
    assert_eq!(header[12], "顾客原话");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT complaint_no, words, category, state, compensation_fen FROM complaints
             WHERE received_on BETWEEN '2026-11-01' AND '2026-11-15' ORDER BY received_at DESC",
        )
        .unwrap();
    let db_rows: Vec<(String, String, String, String, i64)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), db_rows.len());
    assert_eq!(
        rows.len(),
        2,
        "the complaint of the 20th is outside the range"
    );
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, (no, words, category, state, fen)) in rows.iter().zip(&db_rows) {
        assert_eq!(&row[col("编号")], no);
        // A cell a spreadsheet would run as a formula is kept as text.
        let shown = row[col("顾客原话")].trim_start_matches('\'');
        assert_eq!(shown, words);
        let cat_name = match category.as_str() {
            "quality" => "质量或功能问题",
            "attitude" => "服务态度差",
            other => panic!("{other}"),
        };
        assert_eq!(row[col("类别")], cat_name);
        assert_eq!(state, "accepted");
        assert_eq!(row[col("状态")], "受理");
        assert_eq!(
            row[col("补偿金额（元）")],
            format!("{}.{:02}", fen / 100, fen % 100)
        );
        assert_eq!(row[col("电话")], "138****5678");
    }
    assert_eq!(rows[1][col("处理部门")], "质检部");
    assert_eq!(rows[1][col("转交")], "生产厂家");
    assert_eq!(
        rows[1][col("受理时间")],
        "2026-11-03 10:30",
        "local time, Asia/Shanghai"
    );
    assert_eq!(rows[0][col("顾客原话")], "'=the associate ignored me");
}

#[test]
fn surveys_and_opinions_export_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    shop(&db);
    let (ok, out, err) = export(&db, dir.path(), &["surveys", "--from", "2026-11-01"]);
    assert!(ok, "{err}");
    let (header, rows) = read_csv(&out);
    assert_eq!(rows.len(), 2);
    assert!(
        header.contains(&"您对我们员工的服务态度满意吗？".to_string()),
        "{header:?}"
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let means: Vec<i64> = conn
        .prepare("SELECT mean_x100 FROM surveys ORDER BY taken_at DESC")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mean_col = header.iter().position(|h| h == "平均分").unwrap();
    let got: Vec<String> = rows.iter().map(|r| r[mean_col].clone()).collect();
    let want: Vec<String> = means
        .iter()
        .map(|m| format!("{}.{:02}", m / 100, m % 100))
        .collect();
    assert_eq!(got, want);
    assert_eq!(got, ["2.00", "4.50"]);
    let (ok, out, err) = export(&db, dir.path(), &["opinions"]);
    assert!(ok, "{err}");
    let (header, rows) = read_csv(&out);
    assert_eq!(rows.len(), 1);
    let kept = opinions::register(
        &rusqlite::Connection::open(&db).unwrap(),
        &complaints::Filter::default(),
    )
    .unwrap();
    let text_col = header.iter().position(|h| h == "意见内容").unwrap();
    assert_eq!(rows[0][text_col], kept[0].text);
    assert_eq!(
        rows[0][header.iter().position(|h| h == "值得采纳").unwrap()],
        "是"
    );
}

#[test]
fn a_range_backwards_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    shop(&db);
    let (ok, _, err) = export(
        &db,
        dir.path(),
        &["complaints", "--from", "2026-11-20", "--to", "2026-11-01"],
    );
    assert!(!ok);
    assert!(err.contains("--from"), "{err}");
    let (ok, _, err) = export(&db, dir.path(), &["complaints", "--from", "11/20/2026"]);
    assert!(!ok);
    assert!(err.contains("--from"), "{err}");
}
