//! Products: matched by style number. A new one goes in through the
//! catalogue's own checks; for one already there, only what the file changed
//! since it was last imported (the first time: only what is empty). A new
//! current price is recorded as a dated, audited price change, as a markdown
//! made in the app is.

use anyhow::Result;
use rusqlite::Connection;
use std::collections::HashMap;

use super::columns::{Columns, normal};
use super::reader::Row;
use super::{Context, FileValues, Handler, Kind, Outcome, Problem, Unit, values};
use crate::domain::text::clean;
use crate::store::products::{self, CATEGORIES, Product, SaveError};

pub struct Products<'a> {
    cols: Columns,
    cx: &'a Context<'a>,
    /// Category names in both languages → category id.
    categories: HashMap<String, &'static str>,
}

impl<'a> Products<'a> {
    pub fn new(cols: Columns, cx: &'a Context<'a>) -> Self {
        let mut categories = HashMap::new();
        for c in CATEGORIES {
            categories.insert(normal(c), c);
            for loc in cx.locales {
                let key = format!("category.{c}");
                if loc.has(&key) {
                    categories.insert(normal(loc.t(&key)), c);
                }
            }
        }
        Products {
            cols,
            cx,
            categories,
        }
    }

    fn read(&self, cells: &[String]) -> Result<FileValues, Vec<Problem>> {
        let mut out = FileValues::new();
        let mut problems = Vec::new();
        for field in self.cols.present() {
            let raw = clean(self.cols.get(cells, field), 300);
            let bad = |code| Problem::new(self.cols.header(field), code, raw.clone());
            let v = match field {
                "list_price" | "current_price" if raw.is_empty() => String::new(),
                "list_price" | "current_price" => match values::money(&raw) {
                    Some(f) if f >= 0 => f.to_string(),
                    _ => {
                        problems.push(bad("money"));
                        continue;
                    }
                },
                "category" => match self.categories.get(&normal(&raw)) {
                    Some(c) => c.to_string(),
                    None => {
                        problems.push(bad("category"));
                        continue;
                    }
                },
                "clearance" | "made_to_order" | "retired" if raw.is_empty() => "0".into(),
                "clearance" | "made_to_order" | "retired" => match values::yes_no(&raw) {
                    Some(y) => if y { "1" } else { "0" }.to_string(),
                    None => {
                        problems.push(bad("yes_no"));
                        continue;
                    }
                },
                _ => raw.clone(),
            };
            out.insert(field.to_string(), v);
        }
        for required in ["style_no", "name", "list_price"] {
            if out.get(required).is_some_and(String::is_empty) {
                problems.push(Problem::new(self.cols.header(required), "required", ""));
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    fn one(&self, tx: &Connection, row: &Row) -> Result<Result<Outcome, Vec<Problem>>> {
        let file = match self.read(&row.cells) {
            Ok(f) => f,
            Err(p) => return Ok(Err(p)),
        };
        let json = super::to_json(&file);
        let staff = self.cx.staff_id;
        let get = |k: &str| file.get(k).cloned().unwrap_or_default();
        let fen = |k: &str| get(k).parse::<i64>().ok();
        let codes = |s: &str| split(s);
        let Some(current) = products::by_style(tx, &get("style_no"))? else {
            return self.create(tx, &file, &json);
        };
        let id = current.id;
        let before = super::remembered(tx, Kind::Products, &id.to_string())?;
        if before.as_deref() == Some(json.as_str()) {
            return Ok(Ok(Outcome::Unchanged));
        }
        let before = before.map(|b| super::from_json(&b));
        let barcodes = products::barcodes(tx, id)?.join(",");
        let retired = products::retired_on(tx, id)?.is_some();
        let now = |k: &str| shop_value(&current, &barcodes, k);
        let apply = super::to_apply(&file, before.as_ref(), now);
        let has = |k: &str| apply.iter().any(|a| a == k);
        let mut p = current.clone();
        let mut edited = false;
        for k in &apply {
            let v = get(k);
            edited |= match k.as_str() {
                "name" => replace(&mut p.name, v),
                "category" => replace(&mut p.category, v),
                "list_price" => replace(&mut p.list_price_fen, v.parse().unwrap_or(0)),
                "sizes" => replace(&mut p.sizes, v),
                "colours" => replace(&mut p.colours, v),
                "clearance" => replace(&mut p.clearance, v == "1"),
                "made_to_order" => replace(&mut p.made_to_order, v == "1"),
                _ => false,
            };
        }
        let new_codes = if has("barcodes") {
            codes(&get("barcodes"))
        } else {
            split(&barcodes)
        };
        if (edited || has("barcodes"))
            && let Err(e) = products::update(tx, &p, &new_codes, staff, &CATEGORIES)
        {
            return self.refused(e);
        }
        if has("current_price")
            && let Some(price) = fen("current_price")
            && price != current.current_price_fen
            && let Err(e) =
                products::change_price(tx, id, price, self.cx.today, staff, self.cx.today)
        {
            return self.refused(e);
        }
        if has("retired") {
            match get("retired").as_str() {
                "1" if !retired => products::retire(tx, id, self.cx.today, staff)?,
                "0" if retired => products::reinstate(tx, id, staff)?,
                _ => {}
            }
        }
        super::remember(tx, Kind::Products, &id.to_string(), &json)?;
        Ok(Ok(if apply.is_empty() {
            Outcome::Unchanged
        } else {
            Outcome::Updated
        }))
    }

    /// A style new to the shop, retired if the file says so.
    fn create(
        &self,
        tx: &Connection,
        file: &FileValues,
        json: &str,
    ) -> Result<Result<Outcome, Vec<Problem>>> {
        let staff = self.cx.staff_id;
        let get = |k: &str| file.get(k).cloned().unwrap_or_default();
        let fen = |k: &str| get(k).parse::<i64>().ok();
        let list = fen("list_price").unwrap_or(0);
        let p = Product {
            id: 0,
            style_no: get("style_no"),
            name: get("name"),
            category: get("category"),
            list_price_fen: list,
            current_price_fen: fen("current_price").unwrap_or(list),
            clearance: get("clearance") == "1",
            made_to_order: get("made_to_order") == "1",
            sizes: get("sizes"),
            colours: get("colours"),
        };
        let id = match products::create(tx, &p, &split(&get("barcodes")), staff, &CATEGORIES) {
            Ok(id) => id,
            Err(e) => return self.refused(e),
        };
        if get("retired") == "1" {
            products::retire(tx, id, self.cx.today, staff)?;
        }
        super::remember(tx, Kind::Products, &id.to_string(), json)?;
        Ok(Ok(Outcome::New))
    }

    fn refused(&self, e: SaveError) -> Result<Result<Outcome, Vec<Problem>>> {
        if let SaveError::Db(e) = e {
            return Err(e);
        }
        let (field, value) = match &e {
            SaveError::Required(f) => (*f, String::new()),
            SaveError::Category(c) => ("category", c.clone()),
            SaveError::Price => ("current_price", String::new()),
            SaveError::StyleTaken(s) => ("style_no", s.clone()),
            SaveError::BarcodeTaken(b) => ("barcodes", b.clone()),
            SaveError::Missing | SaveError::Db(_) => ("style_no", String::new()),
        };
        Ok(Err(vec![Problem::new(
            self.cols.header(field),
            e.code(),
            value,
        )]))
    }
}

/// The shop's value of column `k` for a product, as the import compares it.
fn shop_value(current: &Product, barcodes: &str, k: &str) -> String {
    match k {
        "name" => current.name.clone(),
        "category" => current.category.clone(),
        "list_price" => current.list_price_fen.to_string(),
        "current_price" => current.current_price_fen.to_string(),
        "sizes" => current.sizes.clone(),
        "colours" => current.colours.clone(),
        "barcodes" => barcodes.to_string(),
        // Flags are never "empty": the first import leaves them as the shop set them.
        "clearance" | "made_to_order" | "retired" => "set".into(),
        _ => String::new(),
    }
}

fn replace<T: PartialEq>(slot: &mut T, v: T) -> bool {
    let changed = *slot != v;
    *slot = v;
    changed
}

fn split(s: &str) -> Vec<String> {
    s.split([',', '，', '/', '、', ';'])
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

impl Handler for Products<'_> {
    fn row(&mut self, tx: &Connection, row: Row) -> Result<Vec<Unit>> {
        let r = self.one(tx, &row)?;
        Ok(vec![vec![(row, r)]])
    }
}
