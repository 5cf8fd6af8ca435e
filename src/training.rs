//! Training mode 新导购培训: the practice shop is a fresh copy of the demo
//! shop in a file of its own, never the real database; the scorecards go to
//! `training.db` beside the shop database (see `store::training`).

use anyhow::Result;
use rusqlite::{Connection, params};

use crate::domain::staff::Role;
use crate::shop_data::visit_flow::VisitData;
use crate::store::{self, staff};

/// Puts the practice catalogue and the trainee (PIN 0000) into the sandbox.
pub fn prepare_sandbox(
    conn: &mut Connection,
    data: &VisitData,
    trainee: Option<&str>,
) -> Result<()> {
    let hash = match trainee {
        Some(_) => Some(staff::hash_pin("0000")?),
        None => None,
    };
    store::write(conn, |tx| {
        for p in &data.catalogue {
            tx.execute(
                "INSERT OR IGNORE INTO products(style_no, name, category, list_price_fen,
                     current_price_fen, sizes, colours)
                 VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)",
                params![
                    p.style_no,
                    p.name,
                    p.category,
                    p.price_fen,
                    p.sizes,
                    p.colours
                ],
            )?;
        }
        if let (Some(name), Some(hash)) = (trainee, &hash) {
            let name = crate::domain::text::clean(name, 40);
            let exists: i64 = tx.query_row(
                "SELECT COUNT(*) FROM staff WHERE name = ?1 AND active = 1",
                [&name],
                |r| r.get(0),
            )?;
            if exists == 0 && !name.is_empty() {
                staff::add(tx, &name, Role::Associate, hash)?;
            }
        }
        Ok(())
    })
}
