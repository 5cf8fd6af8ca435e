use super::*;
use chrono::Weekday;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn mds(days: &[BirthdayDay]) -> Vec<u32> {
    days.iter().flat_map(|b| b.mds.clone()).collect()
}

#[test]
fn the_birthday_window_crosses_the_year_end_and_keys_the_birthdays_year() {
    let days = birthday_days(d("2026-12-28"), 6);
    assert_eq!(mds(&days), vec![1228, 1229, 1230, 1231, 101, 102, 103]);
    assert_eq!(days[0].key(), "birthday:2026");
    assert_eq!(days[4].key(), "birthday:2027");
    assert_eq!(days[6].date, d("2027-01-03"));
    assert_eq!(days[6].in_days, 6);
}

#[test]
fn leap_day_birthdays_fall_on_28_february_in_common_years_only() {
    let days = birthday_days(d("2027-02-27"), 2);
    assert_eq!(mds(&days), vec![227, 228, 229, 301]);
    let days = birthday_days(d("2028-02-27"), 2);
    assert_eq!(mds(&days), vec![227, 228, 229]);
    assert_eq!(days[2].date, d("2028-02-29"));
}

#[test]
fn the_six_lunar_festivals_in_three_years_come_from_the_calendar() {
    let expect = [
        // (festival, 2025, 2026, 2027) from the published Chinese calendar.
        ("spring_festival", "2025-01-29", "2026-02-17", "2027-02-06"),
        ("lantern", "2025-02-12", "2026-03-03", "2027-02-20"),
        ("dragon_boat", "2025-05-31", "2026-06-19", "2027-06-09"),
        ("qixi", "2025-08-29", "2026-08-19", "2027-08-08"),
        ("mid_autumn", "2025-10-06", "2026-09-25", "2027-09-15"),
        ("double_ninth", "2025-10-29", "2026-10-18", "2027-10-08"),
    ];
    for (id, y25, y26, y27) in expect {
        assert_eq!(festival_date(id, 2025), Some(d(y25)), "{id} 2025");
        assert_eq!(festival_date(id, 2026), Some(d(y26)), "{id} 2026");
        assert_eq!(festival_date(id, 2027), Some(d(y27)), "{id} 2027");
    }
}

#[test]
fn mothers_day_is_the_second_sunday_of_may() {
    assert_eq!(festival_date("mothers_day", 2025), Some(d("2025-05-11")));
    assert_eq!(festival_date("mothers_day", 2026), Some(d("2026-05-10")));
    assert_eq!(festival_date("mothers_day", 2027), Some(d("2027-05-09")));
    // 1 May a Sunday: the second Sunday is the 8th.
    assert_eq!(festival_date("mothers_day", 2022), Some(d("2022-05-08")));
    let md = festival_date("mothers_day", 2028).unwrap();
    assert_eq!(md.weekday(), Weekday::Sun);
    assert!((8..=14).contains(&md.day()));
}

#[test]
fn solar_festivals_are_fixed_dates() {
    assert_eq!(festival_date("new_year", 2027), Some(d("2027-01-01")));
    assert_eq!(festival_date("womens_day", 2026), Some(d("2026-03-08")));
    assert_eq!(festival_date("teachers_day", 2026), Some(d("2026-09-10")));
    assert_eq!(festival_date("national_day", 2026), Some(d("2026-10-01")));
    assert_eq!(festival_date("no_such_day", 2026), None);
}

#[test]
fn the_four_season_changes_follow_the_solar_terms() {
    assert_eq!(season_date("li_chun", 2026), Some(d("2026-02-04")));
    assert_eq!(season_date("li_xia", 2026), Some(d("2026-05-05")));
    assert_eq!(season_date("li_qiu", 2026), Some(d("2026-08-07")));
    assert_eq!(season_date("li_dong", 2026), Some(d("2026-11-07")));
    assert_eq!(season_date("li_chun", 2025), Some(d("2025-02-03")));
    assert_eq!(season_date("li_dong", 2025), Some(d("2025-11-07")));
}

fn calendar() -> Calendar {
    Calendar {
        festivals: [("new_year", 7), ("mid_autumn", 10), ("spring_festival", 14)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        season_lead_days: 3,
        own_seasons: BTreeMap::new(),
        birthday_window_days: 7,
    }
}

#[test]
fn upcoming_occasions_show_within_their_lead_days_across_the_year_end() {
    let cal = calendar();
    let up = upcoming(d("2026-12-28"), &cal);
    let keys: Vec<&str> = up.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(keys, vec!["festival:new_year:2027"]);
    assert_eq!(up[0].in_days(d("2026-12-28")), 4);
    let up = upcoming(d("2026-09-15"), &cal);
    assert_eq!(up[0].key, "festival:mid_autumn:2026");
    assert!(upcoming(d("2026-09-14"), &cal).is_empty());
    let up = upcoming(d("2026-11-04"), &cal);
    assert_eq!(up[0].key, "season:li_dong:2026");
    assert_eq!(up[0].kind, Kind::Season);
    assert!(upcoming(d("2026-11-08"), &cal).is_empty());
}

#[test]
fn a_shops_own_season_dates_replace_the_solar_terms() {
    let mut cal = calendar();
    cal.own_seasons.insert("li_dong".into(), (11, 20));
    assert!(upcoming(d("2026-11-05"), &cal).is_empty());
    let up = upcoming(d("2026-11-18"), &cal);
    assert_eq!(up[0].key, "season:li_dong:2026");
    assert_eq!(up[0].date, d("2026-11-20"));
}

#[test]
fn only_tiers_above_the_first_get_a_birthday_discount() {
    assert_eq!(birthday_discount(0, 10), None);
    assert_eq!(birthday_discount(1, 10), Some(10));
    assert_eq!(birthday_discount(2, 0), None);
}
