use super::*;

fn map() -> ColumnMap {
    ColumnMap::load(&Files::locate(None), None).unwrap()
}

#[test]
fn till_headers_in_chinese_and_english_find_their_fields() {
    let m = map();
    assert_eq!(m.field(Kind::Customers, "会员卡号"), Some("member_no"));
    assert_eq!(m.field(Kind::Customers, " *手机号码 "), Some("phone"));
    assert_eq!(m.field(Kind::Customers, "Phone"), Some("phone"));
    assert_eq!(m.field(Kind::Sales, "单号"), Some("receipt_no"));
    assert_eq!(m.field(Kind::Sales, "Sale Date"), Some("date"));
    assert_eq!(m.field(Kind::Products, "款号"), Some("style_no"));
    assert_eq!(m.field(Kind::Products, "shoe"), None);
}

#[test]
fn a_header_row_is_resolved_or_refused_by_name() {
    let m = map();
    let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let c = m
        .resolve(Kind::Customers, &h(&["姓名", "手机号", "积分"]))
        .unwrap();
    assert_eq!(c.ignored, vec!["积分"]);
    assert_eq!(c.get(&h(&["王芳", "138"]), "phone"), "138");
    assert_eq!(
        m.resolve(Kind::Customers, &h(&["姓名"])).unwrap_err(),
        HeaderError::Missing(vec!["phone"])
    );
    assert!(matches!(
        m.resolve(Kind::Customers, &h(&["姓名", "手机", "手机号"])),
        Err(HeaderError::Twice { field: "phone", .. })
    ));
    let by_barcode = m.resolve(Kind::Sales, &h(&["单号", "日期", "条码", "实收"]));
    assert!(by_barcode.is_ok());
}

#[test]
fn a_shops_map_is_checked_with_file_and_line() {
    let mut m = map();
    let bad = Source {
        label: "map.toml".into(),
        text: "[customers]\nname = [\"客户\"]\nshoe = [\"鞋\"]\n".into(),
    };
    let e = m.add(&bad).unwrap_err();
    assert_eq!((e.file.as_str(), e.line), ("map.toml", Some(3)));
    let good = Source {
        label: "map.toml".into(),
        text: "[sales]\nprice = [\"成交金额(元)\"]\n".into(),
    };
    m.add(&good).unwrap();
    assert_eq!(m.field(Kind::Sales, "成交金额（元）"), Some("price"));
    assert!(help(&m, Kind::Sales).contains("成交金额(元)"));
}
