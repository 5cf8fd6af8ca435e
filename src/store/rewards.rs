//! The VIP rewards given at a visit's checkout [S1]: the make-up service
//! with evening wear, designated-style gifts, festival gifts (once per
//! customer per festival per year). Written in the visit's own finishing
//! transaction; read for the checkout's offers and the customer's file.

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::practices::{FestivalGift, Gift, GiftFor, Makeup, festival_year, in_festival};

/// One reward on the customer's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RewardRow {
    pub given_on: NaiveDate,
    /// makeup, style_gift or festival_gift.
    pub kind: String,
    /// The style bought or the festival's id.
    pub reason: String,
    /// The gift's id; for the make-up service, the answer.
    pub gift: String,
    pub staff: String,
}

/// The festivals of `today` whose gift this customer already has this year.
pub fn festivals_given(
    conn: &Connection,
    customer: i64,
    festivals: &[FestivalGift],
    today: NaiveDate,
) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT 1 FROM vip_rewards WHERE kind = 'festival_gift' AND customer_id = ?1
         AND reason = ?2 AND festival_year = ?3",
    )?;
    for f in festivals.iter().filter(|f| in_festival(f, today)) {
        let given = stmt
            .query_row(params![customer, f.id, festival_year(f, today)], |_| Ok(()))
            .optional()?
            .is_some();
        if given {
            out.push(f.id.clone());
        }
    }
    Ok(out)
}

/// What a finished visit gave, to be written with it.
pub struct Given<'a> {
    pub visit_id: Option<i64>,
    pub customer: Option<i64>,
    pub staff_id: i64,
    pub on: NaiveDate,
    pub makeup: Option<Makeup>,
    pub gifts: &'a [Gift],
}

/// Writes the rewards inside the caller's transaction. A festival gift the
/// customer already had this year (given meanwhile at another till) is not
/// written twice; returns how many festival gifts were left out so.
pub fn record_in(tx: &Connection, g: &Given, festivals: &[FestivalGift]) -> Result<usize> {
    let now = super::now_utc();
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO vip_rewards(visit_id, customer_id, staff_id, given_on, kind,
             reason, gift, festival_year, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let on = g.on.to_string();
    if let Some(m) = g.makeup {
        insert.execute(params![
            g.visit_id,
            g.customer,
            g.staff_id,
            on,
            "makeup",
            "",
            m.id(),
            None::<i32>,
            now
        ])?;
    }
    let mut skipped = 0;
    for gift in g.gifts {
        let (kind, reason, year) = match &gift.given_for {
            GiftFor::Style(s) => ("style_gift", s.as_str(), None),
            GiftFor::Festival(id) => {
                let Some(f) = festivals.iter().find(|f| &f.id == id) else {
                    continue;
                };
                if g.customer.is_none() {
                    continue;
                }
                ("festival_gift", id.as_str(), Some(festival_year(f, g.on)))
            }
        };
        let n = insert.execute(params![
            g.visit_id, g.customer, g.staff_id, on, kind, reason, gift.gift, year, now
        ])?;
        if n == 0 {
            skipped += 1;
        }
    }
    Ok(skipped)
}

/// The customer's rewards, newest first.
pub fn for_customer(conn: &Connection, customer: i64, limit: usize) -> Result<Vec<RewardRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.given_on, r.kind, r.reason, r.gift, COALESCE(s.name, '')
         FROM vip_rewards r LEFT JOIN staff s ON s.id = r.staff_id
         WHERE r.customer_id = ?1 ORDER BY r.given_on DESC, r.id DESC LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![customer, limit as i64], |r| {
            Ok(RewardRow {
                given_on: r.get::<_, String>(0)?.parse().unwrap_or_default(),
                kind: r.get(1)?,
                reason: r.get(2)?,
                gift: r.get(3)?,
                staff: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{self, customers, staff};

    fn shop() -> (Connection, i64, i64) {
        let mut conn = store::open_in_memory().unwrap();
        store::shop::create(&conn, "示范店").unwrap();
        let a = staff::add(&conn, "王芳", crate::domain::staff::Role::Associate, "x").unwrap();
        let mut v = crate::domain::customer::Values::new_customer();
        v.set(crate::domain::customer::Field::Name, "周阿姨");
        v.set(crate::domain::customer::Field::Phone, "13700002222");
        let c = customers::create(&mut conn, &v, a, d(5, 1)).unwrap();
        (conn, a, c)
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    /// [S1] "节假日回馈如母亲节送康乃馨": once per customer per festival per year.
    #[test]
    fn a_festival_gift_is_written_once_a_year() {
        let (conn, a, c) = shop();
        let festivals = crate::shop_data::practices::Practices::default().festival_gifts;
        let carnations = [Gift {
            given_for: GiftFor::Festival("mothers_day".into()),
            gift: "carnations".into(),
        }];
        let given = |on| Given {
            visit_id: None,
            customer: Some(c),
            staff_id: a,
            on,
            makeup: None,
            gifts: &carnations,
        };
        assert!(
            festivals_given(&conn, c, &festivals, d(5, 10))
                .unwrap()
                .is_empty()
        );
        assert_eq!(record_in(&conn, &given(d(5, 10)), &festivals).unwrap(), 0);
        assert_eq!(
            festivals_given(&conn, c, &festivals, d(5, 12)).unwrap(),
            vec!["mothers_day".to_string()]
        );
        assert_eq!(record_in(&conn, &given(d(5, 12)), &festivals).unwrap(), 1);
        let next_year = NaiveDate::from_ymd_opt(2027, 5, 9).unwrap();
        assert!(
            festivals_given(&conn, c, &festivals, next_year)
                .unwrap()
                .is_empty()
        );
        let rows = for_customer(&conn, c, 10).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (
                rows[0].kind.as_str(),
                rows[0].gift.as_str(),
                rows[0].staff.as_str()
            ),
            ("festival_gift", "carnations", "王芳")
        );
    }

    /// [S1] "消费晚装产品送化妆服务", "消费指定款号送礼品": recorded with who and when.
    #[test]
    fn the_makeup_answer_and_a_style_gift_are_recorded() {
        let (conn, a, c) = shop();
        let scarf = [Gift {
            given_for: GiftFor::Style("CT2401".into()),
            gift: "scarf".into(),
        }];
        let g = Given {
            visit_id: None,
            customer: Some(c),
            staff_id: a,
            on: d(3, 2),
            makeup: Some(Makeup::Booked),
            gifts: &scarf,
        };
        record_in(&conn, &g, &[]).unwrap();
        let rows = for_customer(&conn, c, 10).unwrap();
        let got: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|r| (r.kind.as_str(), r.reason.as_str(), r.gift.as_str()))
            .collect();
        assert!(got.contains(&("makeup", "", "booked")), "{got:?}");
        assert!(got.contains(&("style_gift", "CT2401", "scarf")), "{got:?}");
        assert!(rows.iter().all(|r| r.given_on == d(3, 2)));
    }
}
