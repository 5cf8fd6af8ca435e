//! The value forms tills and spreadsheets write: dates (2025-07-08,
//! 2025/7/8, 2025年7月8日, an Excel serial day), money (1,299.00, ¥1299),
//! gender (男/女/M/F), yes/no (是/否/Y/N). Each reader returns `None` for a
//! value it cannot read; an empty cell is the caller's business.

use chrono::{Duration, NaiveDate};

/// A date in any of the forms above; a bare number between 1 and 2958465 is
/// an Excel serial day (1900 date system, day 60 being Excel's 29 February).
pub fn date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    // A time after the date (2025-07-08 14:30:00) is left out.
    let s = s.split([' ', 'T']).next().unwrap_or(s);
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.') && !s.contains("..") {
        if let Some(d) = compact(s) {
            return Some(d);
        }
        if let Ok(serial) = s.parse::<f64>() {
            return excel_serial(serial);
        }
    }
    let parts: Vec<&str> = s
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3 || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if parts[0].len() == 4 {
        NaiveDate::from_ymd_opt(n[0] as i32, n[1], n[2])
    } else if parts[2].len() == 4 {
        // 8/7/2025 is read day first, as in China and most of the world.
        NaiveDate::from_ymd_opt(n[2] as i32, n[1], n[0])
    } else {
        None
    }
}

/// `20250708`.
fn compact(s: &str) -> Option<NaiveDate> {
    if s.len() != 8 || !s.starts_with(['1', '2']) {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y%m%d").ok()
}

/// Excel's day number (1900 system): day 1 is 1900-01-01, and Excel counts a
/// 29 February 1900 that never was, so from day 61 the base is 1899-12-30.
pub fn excel_serial(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let day = serial.floor() as i64;
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    if day < 61 {
        return Some(base + Duration::days(day + 1));
    }
    Some(base + Duration::days(day))
}

/// Money in fen from `1,299.00`, `¥1299`, `￥1 299.5`, `RMB 1299`, `1299元`.
/// No floating point: the yuan and up to two decimals are read as digits.
pub fn money(s: &str) -> Option<i64> {
    let t: String = s
        .trim()
        .trim_start_matches(['¥', '￥'])
        .trim_start_matches("RMB")
        .trim_start_matches("CNY")
        .trim_end_matches('元')
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{a0}'))
        .collect();
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.as_str()),
    };
    let t = t.trim_start_matches(['¥', '￥']);
    let (yuan, cents) = t.split_once('.').unwrap_or((t, ""));
    if yuan.is_empty() && cents.is_empty() {
        return None;
    }
    if !yuan.chars().all(|c| c.is_ascii_digit()) || !cents.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // Excel may write 1299.5 or 1299.500000: the digits past the fen must be zero.
    if cents.len() > 2 && cents[2..].chars().any(|c| c != '0') {
        return None;
    }
    let y: i64 = if yuan.is_empty() {
        0
    } else {
        yuan.parse().ok()?
    };
    let c2: String = cents.chars().chain("00".chars()).take(2).collect();
    let fen = y.checked_mul(100)?.checked_add(c2.parse::<i64>().ok()?)?;
    Some(if neg { -fen } else { fen })
}

/// `female`, `male` or `other` from 女/男/F/M/female/male/其他.
pub fn gender(s: &str) -> Option<&'static str> {
    match s.trim().to_lowercase().as_str() {
        "女" | "f" | "female" | "w" | "女士" => Some("female"),
        "男" | "m" | "male" | "男士" => Some("male"),
        "其他" | "other" | "o" | "x" => Some("other"),
        _ => None,
    }
}

/// Yes or no from 是/否/Y/N/yes/no/1/0/true/false/√/×.
pub fn yes_no(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "1" | "y" | "yes" | "true" | "是" | "√" | "✓" | "接受" | "同意" => Some(true),
        "0" | "n" | "no" | "false" | "否" | "×" | "x" | "不接受" | "拒绝" => Some(false),
        _ => None,
    }
}

/// A number as a spreadsheet may write it: `12`, `12.0`.
pub fn whole(s: &str) -> Option<i64> {
    let s = s.trim();
    let s = s.strip_suffix(".0").unwrap_or(s);
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn dates_in_the_forms_tills_write() {
        for s in [
            "2025-07-08",
            "2025/7/8",
            "2025年7月8日",
            "2025.7.8",
            "20250708",
            "45846",
            "45846.5",
            "2025-07-08 14:30:00",
            "8/7/2025",
        ] {
            assert_eq!(date(s), Some(d("2025-07-08")), "{s}");
        }
        assert_eq!(excel_serial(1.0), Some(d("1900-01-01")));
        assert_eq!(excel_serial(59.0), Some(d("1900-02-28")));
        assert_eq!(excel_serial(61.0), Some(d("1900-03-01")));
        for bad in ["", "2025-13-01", "2025/2/30", "July 8", "7/8", "=1+1", "0"] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }

    #[test]
    fn money_is_read_to_the_fen_without_floating_point() {
        assert_eq!(money("1,299.00"), Some(129_900));
        assert_eq!(money("¥1299"), Some(129_900));
        assert_eq!(money("￥1 299.5"), Some(129_950));
        assert_eq!(money("1299元"), Some(129_900));
        assert_eq!(money("0.07"), Some(7));
        assert_eq!(money("1299.500000"), Some(129_950));
        assert_eq!(money("-¥10"), Some(-1000));
        for bad in ["", "abc", "12.345", "1.2.3", "=SUM(A1)", "¥"] {
            assert_eq!(money(bad), None, "{bad}");
        }
    }

    #[test]
    fn gender_and_yes_no() {
        assert_eq!(gender("女"), Some("female"));
        assert_eq!(gender("M"), Some("male"));
        assert_eq!(gender("?"), None);
        assert_eq!(yes_no("是"), Some(true));
        assert_eq!(yes_no("N"), Some(false));
        assert_eq!(yes_no("maybe"), None);
        assert_eq!(whole("12.0"), Some(12));
    }
}
