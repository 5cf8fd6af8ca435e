//! The shop's settings printed on its receipts: name, address and phone.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

use crate::printing::ShopHeading;

/// The shop's heading; `None` before the first-run set-up.
pub fn heading(conn: &Connection) -> Result<Option<ShopHeading>> {
    Ok(conn
        .query_row(
            "SELECT name, address, phone FROM shop WHERE id = 1",
            [],
            |r| {
                Ok(ShopHeading {
                    name: r.get(0)?,
                    address: r.get(1)?,
                    phone: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// Changes what is given; text is cleaned as typed input is. Returns the
/// heading as saved, or `None` when the shop is not set up yet.
pub fn update(
    conn: &mut Connection,
    name: Option<&str>,
    address: Option<&str>,
    phone: Option<&str>,
) -> Result<Option<ShopHeading>> {
    use crate::domain::text::clean;
    super::write(conn, |tx| {
        let Some(mut h) = heading(tx)? else {
            return Ok(None);
        };
        if let Some(n) = name.map(|n| clean(n, 80)).filter(|n| !n.is_empty()) {
            h.name = n;
        }
        if let Some(a) = address {
            h.address = clean(a, 200);
        }
        if let Some(p) = phone {
            h.phone = clean(p, 40);
        }
        tx.execute(
            "UPDATE shop SET name = ?1, address = ?2, phone = ?3 WHERE id = 1",
            params![h.name, h.address, h.phone],
        )?;
        Ok(Some(h))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heading_is_set_cleaned_and_kept() {
        let mut conn = crate::store::open_in_memory().unwrap();
        assert_eq!(update(&mut conn, None, Some("x"), None).unwrap(), None);
        crate::store::shop::create(&conn, "静安店").unwrap();
        let h = update(
            &mut conn,
            None,
            Some("南京西路1号\u{202e}"),
            Some("021-5555 0101"),
        )
        .unwrap()
        .unwrap();
        assert_eq!(h.name, "静安店");
        assert_eq!(h.address, "南京西路1号");
        let h2 = update(&mut conn, Some("Jing'an"), None, None)
            .unwrap()
            .unwrap();
        assert_eq!(h2.phone, "021-5555 0101");
        assert_eq!(heading(&conn).unwrap().unwrap().name, "Jing'an");
    }
}
