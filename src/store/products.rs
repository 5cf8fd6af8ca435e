//! The product catalogue: style numbers 款号, material category, prices.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: i64,
    pub style_no: String,
    pub name: String,
    /// textile, knit, cotton, suit, leather or cosmetic.
    pub category: String,
    pub list_price_fen: i64,
    pub current_price_fen: i64,
    pub clearance: bool,
    pub made_to_order: bool,
    /// Comma-separated.
    pub sizes: String,
    pub colours: String,
}

pub fn add(conn: &Connection, p: &Product) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO products(style_no, name, category, list_price_fen, current_price_fen,
                              clearance, made_to_order, sizes, colours)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        p.style_no,
        p.name,
        p.category,
        p.list_price_fen,
        p.current_price_fen,
        p.clearance,
        p.made_to_order,
        p.sizes,
        p.colours
    ])?;
    Ok(conn.last_insert_rowid())
}

const COLS: &str = "id, style_no, name, category, list_price_fen, current_price_fen, clearance, made_to_order, sizes, colours";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product {
        id: r.get(0)?,
        style_no: r.get(1)?,
        name: r.get(2)?,
        category: r.get(3)?,
        list_price_fen: r.get(4)?,
        current_price_fen: r.get(5)?,
        clearance: r.get(6)?,
        made_to_order: r.get(7)?,
        sizes: r.get(8)?,
        colours: r.get(9)?,
    })
}

pub fn by_style(conn: &Connection, style_no: &str) -> Result<Option<Product>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLS} FROM products WHERE style_no = ?1"),
            [style_no],
            row,
        )
        .optional()?)
}

/// Products whose style number or name contains `q`, style numbers first.
pub fn find(conn: &Connection, q: &str, limit: usize) -> Result<Vec<Product>> {
    let like = format!("%{}%", q.replace(['%', '_'], ""));
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM products WHERE style_no LIKE ?1 OR name LIKE ?1
         ORDER BY (style_no LIKE ?1) DESC, style_no LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![like, limit as i64], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}
