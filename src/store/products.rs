//! The product catalogue: style numbers 款号, barcodes, material category,
//! prices and their audited changes, retired products.
//!
//! A price change carries the day it takes effect: `price_on` answers what
//! the product sold for on any day (the returns policy pays the lower of the
//! price paid and today's price), and `current_price_fen` is kept to today's
//! price by `change_price` and `settle_prices`. A retired product keeps its
//! sales; it is only left out of the pickers' search.

mod prices;

pub use prices::{PriceChange, change_price, price_changes, price_on, settle_prices};

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// The material categories: the keys of the policy's warranty table and of
/// the locale's `category.<id>` names, and what the schema accepts.
pub const CATEGORIES: [&str; 6] = ["textile", "knit", "cotton", "suit", "leather", "cosmetic"];

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

/// Why a product could not be saved; the screen names the field.
#[derive(Debug)]
pub enum SaveError {
    /// Style number or name empty.
    Required(&'static str),
    /// Not one of the categories the shop's data names.
    Category(String),
    /// A negative price.
    Price,
    /// Another product has this style number.
    StyleTaken(String),
    /// Another product has this barcode.
    BarcodeTaken(String),
    /// No such product.
    Missing,
    Db(anyhow::Error),
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Required(what) => write!(f, "{what} is required"),
            SaveError::Category(c) => write!(f, "unknown category {c}"),
            SaveError::Price => write!(f, "a price cannot be negative"),
            SaveError::StyleTaken(s) => write!(f, "style number {s} is already in the catalogue"),
            SaveError::BarcodeTaken(b) => write!(f, "barcode {b} belongs to another product"),
            SaveError::Missing => write!(f, "no such product"),
            SaveError::Db(e) => write!(f, "{e:#}"),
        }
    }
}

impl std::error::Error for SaveError {}

impl SaveError {
    /// A short code for the locale files (`product_error.<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            SaveError::Required(_) => "required",
            SaveError::Category(_) => "category",
            SaveError::Price => "price",
            SaveError::StyleTaken(_) => "style_taken",
            SaveError::BarcodeTaken(_) => "barcode_taken",
            SaveError::Missing => "missing",
            SaveError::Db(_) => "db",
        }
    }
}

impl From<rusqlite::Error> for SaveError {
    fn from(e: rusqlite::Error) -> Self {
        SaveError::Db(e.into())
    }
}

impl From<anyhow::Error> for SaveError {
    fn from(e: anyhow::Error) -> Self {
        SaveError::Db(e)
    }
}

/// Adds a product as it stands (the demo, tests); no checks, no audit.
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

/// Cleans the text of `p` as typed input is and checks it against the
/// shop's categories (the keys of the policy's warranty months).
pub fn checked(p: &Product, categories: &[&str]) -> Result<Product, SaveError> {
    use crate::domain::text::clean;
    let list = |s: &str| {
        s.split([',', '，', '/', '、'])
            .map(|x| clean(x, 40))
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join(",")
    };
    let out = Product {
        id: p.id,
        style_no: clean(&p.style_no, 40),
        name: clean(&p.name, 120),
        category: clean(&p.category, 20).to_lowercase(),
        sizes: list(&p.sizes),
        colours: list(&p.colours),
        ..p.clone()
    };
    if out.style_no.is_empty() {
        return Err(SaveError::Required("style_no"));
    }
    if out.name.is_empty() {
        return Err(SaveError::Required("name"));
    }
    if !categories.contains(&out.category.as_str()) {
        return Err(SaveError::Category(out.category));
    }
    if out.list_price_fen < 0 || out.current_price_fen < 0 {
        return Err(SaveError::Price);
    }
    Ok(out)
}

/// Registers a new product with its barcodes, checked and audited.
/// Runs inside the caller's transaction.
pub fn create(
    conn: &Connection,
    p: &Product,
    barcodes: &[String],
    staff_id: Option<i64>,
    categories: &[&str],
) -> Result<i64, SaveError> {
    let p = checked(p, categories)?;
    if by_style(conn, &p.style_no)?.is_some() {
        return Err(SaveError::StyleTaken(p.style_no));
    }
    barcodes_free(conn, 0, barcodes)?;
    let id = add(conn, &p)?;
    set_barcodes(conn, id, barcodes)?;
    super::audit::record(
        conn,
        staff_id,
        "product_add",
        "product",
        Some(id),
        &p.style_no,
    )?;
    Ok(id)
}

/// Saves everything but the current price (a price changes only through
/// [`change_price`], so each change is dated and audited) and the barcodes.
pub fn update(
    conn: &Connection,
    p: &Product,
    barcodes: &[String],
    staff_id: Option<i64>,
    categories: &[&str],
) -> Result<(), SaveError> {
    let p = checked(p, categories)?;
    if let Some(other) = by_style(conn, &p.style_no)?
        && other.id != p.id
    {
        return Err(SaveError::StyleTaken(p.style_no));
    }
    barcodes_free(conn, p.id, barcodes)?;
    let n = conn
        .prepare_cached(
            "UPDATE products SET style_no = ?2, name = ?3, category = ?4, list_price_fen = ?5,
                 clearance = ?6, made_to_order = ?7, sizes = ?8, colours = ?9, version = version + 1
             WHERE id = ?1",
        )?
        .execute(params![
            p.id,
            p.style_no,
            p.name,
            p.category,
            p.list_price_fen,
            p.clearance,
            p.made_to_order,
            p.sizes,
            p.colours
        ])?;
    if n == 0 {
        return Err(SaveError::Missing);
    }
    set_barcodes(conn, p.id, barcodes)?;
    super::audit::record(
        conn,
        staff_id,
        "product_edit",
        "product",
        Some(p.id),
        &p.style_no,
    )?;
    Ok(())
}

fn clean_codes(barcodes: &[String]) -> Vec<String> {
    let mut codes: Vec<String> = barcodes
        .iter()
        .map(|b| crate::domain::text::clean(b, 64).replace(' ', ""))
        .filter(|b| !b.is_empty())
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// Refuses a barcode another product has (checked before any write, so a
/// refused save writes nothing).
fn barcodes_free(conn: &Connection, id: i64, barcodes: &[String]) -> Result<(), SaveError> {
    for c in clean_codes(barcodes) {
        if let Some(owner) = by_barcode(conn, &c)?
            && owner.id != id
        {
            return Err(SaveError::BarcodeTaken(c));
        }
    }
    Ok(())
}

/// Replaces the product's barcodes; one taken by another product is refused.
pub fn set_barcodes(conn: &Connection, id: i64, barcodes: &[String]) -> Result<(), SaveError> {
    barcodes_free(conn, id, barcodes)?;
    let codes = clean_codes(barcodes);
    conn.prepare_cached("DELETE FROM product_barcodes WHERE product_id = ?1")?
        .execute([id])?;
    let mut ins =
        conn.prepare_cached("INSERT INTO product_barcodes(barcode, product_id) VALUES (?1, ?2)")?;
    for c in &codes {
        ins.execute(params![c, id])?;
    }
    Ok(())
}

pub fn barcodes(conn: &Connection, id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT barcode FROM product_barcodes WHERE product_id = ?1 ORDER BY barcode",
    )?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
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

pub fn get(conn: &Connection, id: i64) -> Result<Option<Product>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLS} FROM products WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

/// The product with this style number, retired or not (exact).
pub fn by_style(conn: &Connection, style_no: &str) -> Result<Option<Product>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLS} FROM products WHERE style_no = ?1"))?
        .query_row([style_no], row)
        .optional()?)
}

/// The product a scanned barcode belongs to, retired or not (exact).
pub fn by_barcode(conn: &Connection, barcode: &str) -> Result<Option<Product>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLS} FROM products
             WHERE id = (SELECT product_id FROM product_barcodes WHERE barcode = ?1)"
        ))?
        .query_row([barcode.trim()], row)
        .optional()?)
}

/// What a picker does with a typed or scanned code: the style number first,
/// then a barcode; both exact, both by index.
pub fn lookup(conn: &Connection, code: &str) -> Result<Option<Product>> {
    let code = code.trim();
    if code.is_empty() {
        return Ok(None);
    }
    match by_style(conn, code)? {
        Some(p) => Ok(Some(p)),
        None => by_barcode(conn, code),
    }
}

/// Products on sale whose style number or name contains `q`, style numbers
/// first; retired products are left out.
pub fn find(conn: &Connection, q: &str, limit: usize) -> Result<Vec<Product>> {
    search(conn, q, limit, false)
}

/// Like [`find`]; `with_retired` keeps retired products (the catalogue).
pub fn search(
    conn: &Connection,
    q: &str,
    limit: usize,
    with_retired: bool,
) -> Result<Vec<Product>> {
    let like = format!("%{}%", q.trim().replace(['%', '_'], ""));
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM products
         WHERE (style_no LIKE ?1 OR name LIKE ?1) AND (?3 OR retired_on IS NULL)
         ORDER BY (style_no LIKE ?1) DESC, style_no LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![like, limit as i64, with_retired], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Takes the product off sale from `on`; its sales, returns and repairs stay.
pub fn retire(conn: &Connection, id: i64, on: NaiveDate, staff_id: Option<i64>) -> Result<()> {
    let n = conn.execute(
        "UPDATE products SET retired_on = ?2, version = version + 1 WHERE id = ?1 AND retired_on IS NULL",
        params![id, on.to_string()],
    )?;
    if n > 0 {
        super::audit::record(
            conn,
            staff_id,
            "product_retire",
            "product",
            Some(id),
            &on.to_string(),
        )?;
    }
    Ok(())
}

/// Puts a retired product back on sale.
pub fn reinstate(conn: &Connection, id: i64, staff_id: Option<i64>) -> Result<()> {
    let n = conn.execute(
        "UPDATE products SET retired_on = NULL, version = version + 1 WHERE id = ?1 AND retired_on IS NOT NULL",
        [id],
    )?;
    if n > 0 {
        super::audit::record(conn, staff_id, "product_reinstate", "product", Some(id), "")?;
    }
    Ok(())
}

/// The day the product was retired, if it was.
pub fn retired_on(conn: &Connection, id: i64) -> Result<Option<NaiveDate>> {
    let s: Option<Option<String>> = conn
        .query_row("SELECT retired_on FROM products WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(s.flatten().and_then(|s| s.parse().ok()))
}

#[cfg(test)]
#[path = "products_tests.rs"]
mod tests;
