//! Which column of a file is which field: the names in
//! `data/import_columns.toml` (a shop may add its till's names) and in a
//! `--map FILE` for one export's odd names, matched loosely (case, spaces,
//! underscores, dashes, brackets and a leading `*` do not count).

use std::collections::HashMap;
use std::path::Path;

use crate::shop_data::files::{DataError, Files, Source};

/// The kinds of file an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Customers,
    Products,
    Sales,
    Staff,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Customers, Kind::Products, Kind::Sales, Kind::Staff];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Customers => "customers",
            Kind::Products => "products",
            Kind::Sales => "sales",
            Kind::Staff => "staff",
        }
    }

    pub fn from_id(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == s)
    }
}

/// One field a kind of file may carry.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub field: &'static str,
    pub required: bool,
    /// What the column holds and its value forms, for `--help`.
    pub about: &'static str,
    pub example: &'static str,
}

const fn s(
    field: &'static str,
    required: bool,
    about: &'static str,
    example: &'static str,
) -> Spec {
    Spec {
        field,
        required,
        about,
        example,
    }
}

const CUSTOMERS: &[Spec] = &[
    s(
        "member_no",
        false,
        "the till's member card number; matches the customer on a re-run",
        "V000123",
    ),
    s("name", true, "name", "王芳"),
    s(
        "phone",
        true,
        "mobile or any phone; matches the customer when there is no member number",
        "13812345678",
    ),
    s("gender", false, "男/女/M/F", "女"),
    s(
        "birthday",
        false,
        "2025-07-08, 2025/7/8, 1990年5月6日, an Excel date, or 05-06 without the year",
        "1990/5/6",
    ),
    s("approx_age", false, "approximate age in years", "35"),
    s("ethnicity", false, "ethnicity", "汉"),
    s("email", false, "email", "wang@example.com"),
    s("address", false, "address", "杭州市西湖区"),
    s("clothing_size", false, "clothing size", "M"),
    s("work", false, "soft profile: work", "教师"),
    s("family", false, "soft profile: family", ""),
    s("personality", false, "soft profile: personality", ""),
    s(
        "shopping_habits",
        false,
        "soft profile: shopping habits",
        "",
    ),
    s(
        "dress_preferences",
        false,
        "soft profile: dress preferences",
        "",
    ),
    s("hobbies", false, "soft profile: hobbies", "爬山"),
    s("lifestyle", false, "soft profile: lifestyle", ""),
    s(
        "service_preference",
        false,
        "soft profile: preferred way of being served",
        "",
    ),
    s(
        "promotion_attitude",
        false,
        "soft profile: attitude to promotions",
        "",
    ),
    s("values_note", false, "soft profile: values", ""),
    s(
        "greetings_ok",
        false,
        "accepts greeting messages: 是/否/Y/N (blank: yes)",
        "是",
    ),
    s(
        "promotions_ok",
        false,
        "accepts promotion messages: 是/否/Y/N (blank: no)",
        "否",
    ),
    s(
        "referred_by",
        false,
        "phone of the customer who brought them",
        "",
    ),
];

const PRODUCTS: &[Spec] = &[
    s(
        "style_no",
        true,
        "style number 款号; matches the product on a re-run",
        "A1001",
    ),
    s("name", true, "product name", "羊毛大衣"),
    s(
        "category",
        true,
        "textile, knit, cotton, suit, leather or cosmetic (or its Chinese name)",
        "textile",
    ),
    s(
        "list_price",
        true,
        "tag price: 1,299.00 or ¥1299",
        "1299.00",
    ),
    s(
        "current_price",
        false,
        "today's price (blank: the list price); a change is recorded as a markdown",
        "999",
    ),
    s("clearance", false, "sold as clearance 处理品: 是/否", "否"),
    s("made_to_order", false, "made to order 定制: 是/否", "否"),
    s("sizes", false, "sizes, separated by , / or 、", "S/M/L"),
    s("colours", false, "colours, separated by , / or 、", "黑,灰"),
    s(
        "barcodes",
        false,
        "barcodes, separated by , / or 、",
        "6901234567890",
    ),
    s("retired", false, "no longer sold: 是/否", "否"),
];

const SALES: &[Spec] = &[
    s(
        "receipt_no",
        true,
        "receipt number; the lines of one receipt are consecutive rows",
        "X20250708-0012",
    ),
    s(
        "date",
        true,
        "day of the sale: 2025-07-08, 2025/7/8, 2025年7月8日 or an Excel date",
        "2025/7/8",
    ),
    s(
        "phone",
        false,
        "customer's phone (blank with no member number: a walk-in)",
        "13812345678",
    ),
    s(
        "member_no",
        false,
        "customer's member card number",
        "V000123",
    ),
    s(
        "associate",
        false,
        "the associate's name as in the staff list",
        "李娜",
    ),
    s(
        "style_no",
        true,
        "style number (or give a barcode column instead)",
        "A1001",
    ),
    s(
        "barcode",
        false,
        "a barcode of the product, instead of the style number",
        "",
    ),
    s("size", false, "size", "M"),
    s("colour", false, "colour", "黑"),
    s(
        "price",
        true,
        "price paid for the line: 1,299.00 or ¥1299",
        "¥999.00",
    ),
];

const STAFF: &[Spec] = &[
    s(
        "name",
        true,
        "name as shown on the sign-in list; matches on a re-run",
        "李娜",
    ),
    s(
        "role",
        true,
        "导购/店长/客服 or associate/manager/service",
        "导购",
    ),
    s(
        "pin",
        false,
        "first PIN (4-8 digits), needed for a new member; change it at first sign-in",
        "2580",
    ),
    s(
        "active",
        false,
        "still working here: 是/否 (blank: yes)",
        "是",
    ),
];

pub fn specs(kind: Kind) -> &'static [Spec] {
    match kind {
        Kind::Customers => CUSTOMERS,
        Kind::Products => PRODUCTS,
        Kind::Sales => SALES,
        Kind::Staff => STAFF,
    }
}

/// A header as compared: lower case, without spaces, `_`, `-`, brackets or `*`.
pub fn normal(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace() && !"_-*()（）[]【】:：".contains(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The names of every field, per kind.
#[derive(Debug, Clone, Default)]
pub struct ColumnMap {
    names: HashMap<(Kind, String), &'static str>,
    /// For `--help`: the names of each field, in file order.
    listed: HashMap<(Kind, &'static str), Vec<String>>,
}

impl ColumnMap {
    /// `data/import_columns.toml`, then `--map FILE` on top of it.
    pub fn load(files: &Files, extra: Option<&Path>) -> Result<ColumnMap, DataError> {
        let mut map = ColumnMap::default();
        map.add(&files.read("data/import_columns.toml")?)?;
        if let Some(p) = extra {
            map.add(&Files::read_path(p)?)?;
        }
        Ok(map)
    }

    /// Adds the names of one file; a later file's name wins.
    pub fn add(&mut self, src: &Source) -> Result<(), DataError> {
        let table: toml::Table = src.parse()?;
        for (kind_id, fields) in &table {
            let Some(kind) = Kind::from_id(kind_id) else {
                return Err(src.error(
                    src.line_of("", kind_id),
                    format!(
                        "[{kind_id}]: not a kind of import (customers, products, sales, staff)"
                    ),
                ));
            };
            let Some(fields) = fields.as_table() else {
                return Err(src.error(
                    src.line_of("", kind_id),
                    format!("{kind_id}: must be a table"),
                ));
            };
            for (field, names) in fields {
                let line = src.line_of(kind_id, field);
                let Some(spec) = specs(kind).iter().find(|s| s.field == field.as_str()) else {
                    let known: Vec<&str> = specs(kind).iter().map(|s| s.field).collect();
                    return Err(src.error(
                        line,
                        format!(
                            "{field}: no such field in {kind_id} (known: {})",
                            known.join(", ")
                        ),
                    ));
                };
                let Some(list) = names.as_array() else {
                    return Err(src.error(line, format!("{field}: must be a list of column names")));
                };
                for n in list {
                    let Some(n) = n.as_str().filter(|n| !normal(n).is_empty()) else {
                        return Err(src.error(line, format!("{field}: a column name must be text")));
                    };
                    self.names.insert((kind, normal(n)), spec.field);
                    let shown = self.listed.entry((kind, spec.field)).or_default();
                    if !shown.iter().any(|x| normal(x) == normal(n)) {
                        shown.push(n.to_string());
                    }
                }
            }
        }
        Ok(())
    }

    pub fn field(&self, kind: Kind, header: &str) -> Option<&'static str> {
        self.names
            .get(&(kind, normal(header)))
            .copied()
            .or_else(|| {
                // The field's own id always works.
                specs(kind)
                    .iter()
                    .find(|s| normal(s.field) == normal(header))
                    .map(|s| s.field)
            })
    }

    pub fn names_of(&self, kind: Kind, field: &str) -> &[String] {
        self.listed
            .iter()
            .find(|((k, f), _)| *k == kind && *f == field)
            .map(|(_, v)| v.as_slice())
            .unwrap_or(&[])
    }

    /// Which field each column of the header row holds.
    pub fn resolve(&self, kind: Kind, headers: &[String]) -> Result<Columns, HeaderError> {
        let fields: Vec<Option<&'static str>> =
            headers.iter().map(|h| self.field(kind, h)).collect();
        for (i, f) in fields.iter().enumerate() {
            if let Some(f) = f
                && let Some(j) = fields[..i].iter().position(|g| g == &Some(*f))
            {
                return Err(HeaderError::Twice {
                    field: f,
                    first: headers[j].clone(),
                    second: headers[i].clone(),
                });
            }
        }
        let missing: Vec<&'static str> = specs(kind)
            .iter()
            .filter(|s| s.required && !fields.contains(&Some(s.field)))
            // A sale line may name its product by barcode instead.
            .filter(|s| {
                !(kind == Kind::Sales && s.field == "style_no" && fields.contains(&Some("barcode")))
            })
            .map(|s| s.field)
            .collect();
        if !missing.is_empty() {
            return Err(HeaderError::Missing(missing));
        }
        let ignored = headers
            .iter()
            .zip(&fields)
            .filter(|(h, f)| f.is_none() && !h.trim().is_empty())
            .map(|(h, _)| h.clone())
            .collect();
        Ok(Columns {
            fields,
            headers: headers.to_vec(),
            ignored,
        })
    }
}

/// Why a header row cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    Missing(Vec<&'static str>),
    Twice {
        field: &'static str,
        first: String,
        second: String,
    },
}

/// The fields of a file's columns.
#[derive(Debug, Clone)]
pub struct Columns {
    fields: Vec<Option<&'static str>>,
    headers: Vec<String>,
    /// Headers no field claims: left out, and said so.
    pub ignored: Vec<String>,
}

impl Columns {
    /// The row's value for `field` ("" when the column is absent or short).
    pub fn get<'a>(&self, cells: &'a [String], field: &str) -> &'a str {
        self.fields
            .iter()
            .position(|f| *f == Some(field))
            .and_then(|i| cells.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The column's name as the file gives it (the field's id when absent).
    pub fn header<'a>(&'a self, field: &'a str) -> &'a str {
        self.fields
            .iter()
            .position(|f| *f == Some(field))
            .map_or(field, |i| self.headers[i].trim())
    }

    pub fn has(&self, field: &str) -> bool {
        self.fields.contains(&Some(field))
    }

    /// The fields present, in column order.
    pub fn present(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().flatten().copied()
    }
}

/// The `--help` text of one kind: every field, the names it goes by, an example.
pub fn help(map: &ColumnMap, kind: Kind) -> String {
    let mut out = String::from("Columns (a header row names them; * = required):\n");
    for s in specs(kind) {
        out.push_str(&format!(
            "  {}{}  {}\n      names: {}\n",
            s.field,
            if s.required { " *" } else { "" },
            s.about,
            map.names_of(kind, s.field).join(", ")
        ));
    }
    let header: Vec<&str> = specs(kind)
        .iter()
        .filter(|s| s.required || !s.example.is_empty())
        .map(|s| {
            map.names_of(kind, s.field)
                .iter()
                .find(|n| !n.is_ascii())
                .map_or(s.field, |n| n.as_str())
        })
        .collect();
    let example: Vec<&str> = specs(kind)
        .iter()
        .filter(|s| s.required || !s.example.is_empty())
        .map(|s| s.example)
        .collect();
    out.push_str(&format!(
        "\nExample ({}.csv):\n  {}\n  {}\n",
        kind.id(),
        header.join(","),
        example.join(",")
    ));
    out
}

#[cfg(test)]
mod tests;
