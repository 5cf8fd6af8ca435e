use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn minimal() -> Values {
    let mut v = Values::new_customer();
    v.set(Field::Name, "张三");
    v.set(Field::Phone, "13812345678");
    v
}

#[test]
fn name_and_phone_make_a_complete_minimum() {
    assert!(validate(&minimal(), d("2026-11-23")).is_ok());
}

#[test]
fn missing_name_and_phone_are_both_reported() {
    let errs = validate(&Values::new_customer(), d("2026-11-23")).unwrap_err();
    let fields: Vec<Field> = errs.iter().map(|e| e.field).collect();
    assert_eq!(fields, vec![Field::Name, Field::Phone]);
    assert!(errs.iter().all(|e| e.code == "required"));
}

#[test]
fn bad_values_are_named_by_field() {
    let mut v = minimal();
    v.set(Field::Email, "not-an-email");
    v.set(Field::Birthday, "2026-02-30");
    v.set(Field::ApproxAge, "200");
    v.set(Field::Phone, "call me");
    v.set(Field::Gender, "robot");
    let errs = validate(&v, d("2026-11-23")).unwrap_err();
    let got: Vec<(Field, &str)> = errs.iter().map(|e| (e.field, e.code)).collect();
    assert_eq!(
        got,
        vec![
            (Field::Phone, "phone"),
            (Field::Gender, "choice"),
            (Field::Birthday, "date"),
            (Field::ApproxAge, "age"),
            (Field::Email, "email"),
        ]
    );
}

#[test]
fn birthdays_with_and_without_year() {
    assert_eq!(
        Birthday::parse("1990-05-06").unwrap().stored(),
        "1990-05-06"
    );
    assert_eq!(Birthday::parse("05-06").unwrap().stored(), "--05-06");
    assert_eq!(Birthday::parse("--02-29").unwrap().md(), 229);
    assert!(Birthday::parse("13-01").is_none());
    let mut v = minimal();
    v.set(Field::Birthday, "2030-01-01");
    let errs = validate(&v, d("2026-11-23")).unwrap_err();
    assert_eq!(errs[0].code, "date_future");
}

#[test]
fn days_until_birthday_wraps_the_year_and_handles_29_february() {
    let b = Birthday::parse("--01-02").unwrap();
    assert_eq!(b.days_until(d("2026-12-30")), 3);
    assert_eq!(b.days_until(d("2026-01-02")), 0);
    let leap = Birthday::parse("2000-02-29").unwrap();
    assert_eq!(leap.days_until(d("2027-02-27")), 1);
    assert_eq!(leap.days_until(d("2028-02-27")), 2);
}

#[test]
fn phones_are_masked_in_the_middle() {
    assert_eq!(mask_phone("13812345678"), "138****5678");
    assert_eq!(mask_phone("+44 20 7946 0958"), "+44*********0958");
    assert_eq!(mask_phone("12345"), "***45");
    assert_eq!(mask_phone(""), "");
}

#[test]
fn mobiles_landlines_and_foreign_numbers_are_taken_12345_is_not() {
    for p in [
        "13812345678",
        "+86 138-1234-5678",
        "(021) 6234 5678",
        "+44 20 7946 0958",
    ] {
        assert_eq!(check_phone(p), None, "{p}");
    }
    assert_eq!(check_phone("12"), Some("phone"));
    assert_eq!(check_phone("12345"), Some("phone"));
    assert_eq!(check_phone("138+1234"), Some("phone"));
    assert_eq!(check_phone("0755-1234567-123"), None);
}

#[test]
fn completeness_weighs_hard_20_soft_80() {
    let v = minimal();
    // 2 of 10 hard items, no soft: 20 * 2/10 = 4
    assert_eq!(completeness(&v, false, 20, 80), 4);
    let mut full = v.clone();
    for f in Field::ALL {
        if f.profile() == Profile::Soft {
            full.set(f, "x");
        }
    }
    assert_eq!(completeness(&full, false, 20, 80), 84);
    for f in Field::ALL {
        if f.profile() == Profile::Hard {
            full.set(f, "x");
        }
    }
    assert_eq!(completeness(&full, true, 20, 80), 100);
}

#[test]
fn tiers_by_cumulative_spend() {
    let tiers = vec![
        Tier {
            id: "regular".into(),
            min_spend_fen: 0,
        },
        Tier {
            id: "silver".into(),
            min_spend_fen: 300_000,
        },
        Tier {
            id: "gold".into(),
            min_spend_fen: 1_000_000,
        },
    ];
    assert_eq!(tier_for(&tiers, 0).id, "regular");
    assert_eq!(tier_for(&tiers, 299_999).id, "regular");
    assert_eq!(tier_for(&tiers, 300_000).id, "silver");
    assert_eq!(tier_for(&tiers, 5_000_000).id, "gold");
}
