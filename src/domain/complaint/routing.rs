//! Where a complaint goes (DOMAIN §4 [S1]): quality or function to the QC
//! department and on to the manufacturer; damaged or spoiled packaging to
//! the warehouse and distribution; store marketing, staff attitude or
//! neglect to the sales department; the rest as the shop defines in
//! `data/routing.toml`.

use serde::Deserialize;

use super::Resolution;

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Department {
    pub id: String,
    /// Where the matter goes after this department (QC → manufacturer).
    #[serde(default)]
    pub then: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub department: String,
    /// The product must be named (a purchase line or the product itself).
    #[serde(default)]
    pub needs_product: bool,
    /// The batch number 批号 must be written down (cosmetics).
    #[serde(default)]
    pub needs_batch: bool,
    /// Resolutions this category may never be answered with.
    #[serde(default)]
    pub forbidden: Vec<String>,
    /// The revisit is booked when the complaint is taken, not only after feedback.
    #[serde(default)]
    pub revisit_at_intake: bool,
    /// Taken as urgent unless the person taking it says otherwise.
    #[serde(default)]
    pub urgent: bool,
}

impl Category {
    pub fn forbids(&self, r: Resolution) -> bool {
        self.forbidden.iter().any(|f| f == r.id())
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Routing {
    #[serde(rename = "department")]
    pub departments: Vec<Department>,
    #[serde(rename = "category")]
    pub categories: Vec<Category>,
}

/// A complaint's way through the shop: the department that takes it, then
/// where it goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub department: String,
    pub then: Vec<String>,
}

/// A fault in the routing table: which entry (`category` or `department`,
/// its position from 0), which key, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingFault {
    pub table: &'static str,
    pub index: usize,
    pub key: &'static str,
    pub message: String,
}

impl Routing {
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn department(&self, id: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.id == id)
    }

    /// The route of a category: its department and the chain after it.
    pub fn route(&self, category: &str) -> Option<Route> {
        let c = self.category(category)?;
        let mut then = Vec::new();
        let mut at = self.department(&c.department)?;
        while let Some(next) = at.then.as_deref() {
            if next == c.department || then.iter().any(|t| t == next) {
                break;
            }
            then.push(next.to_string());
            at = self.department(next)?;
        }
        Some(Route {
            department: c.department.clone(),
            then,
        })
    }

    /// Everything serde cannot check: ids unique and well formed, every
    /// department named exists, no department sends a matter in a circle,
    /// forbidden resolutions are known ones.
    pub fn check(&self) -> Result<(), RoutingFault> {
        if self.departments.is_empty() {
            return fault(
                "department",
                0,
                "id",
                "at least one department is needed".into(),
            );
        }
        if self.categories.is_empty() {
            return fault(
                "category",
                0,
                "id",
                "at least one category is needed".into(),
            );
        }
        self.check_departments()?;
        self.check_categories()
    }

    /// Department ids unique and well formed; each `then` names a
    /// department, and no chain of them goes round in a circle.
    fn check_departments(&self) -> Result<(), RoutingFault> {
        for (i, d) in self.departments.iter().enumerate() {
            if !is_id(&d.id) {
                return fault("department", i, "id", bad_id(&d.id));
            }
            if self.departments[..i].iter().any(|e| e.id == d.id) {
                return fault(
                    "department",
                    i,
                    "id",
                    format!("\"{}\" is listed twice", d.id),
                );
            }
        }
        for (i, d) in self.departments.iter().enumerate() {
            let Some(next) = &d.then else { continue };
            if self.department(next).is_none() {
                return fault(
                    "department",
                    i,
                    "then",
                    format!("no department has the id \"{next}\""),
                );
            }
            let mut seen = vec![d.id.as_str()];
            let mut at = next.as_str();
            loop {
                if seen.contains(&at) {
                    return fault(
                        "department",
                        i,
                        "then",
                        format!("goes round in a circle: {} → {at}", seen.join(" → ")),
                    );
                }
                seen.push(at);
                match self.department(at).and_then(|x| x.then.as_deref()) {
                    Some(n) => at = n,
                    None => break,
                }
            }
        }
        Ok(())
    }

    /// Category ids unique and well formed, their department known, their
    /// forbidden resolutions known ones, a batch asked only with the product.
    fn check_categories(&self) -> Result<(), RoutingFault> {
        for (i, c) in self.categories.iter().enumerate() {
            if !is_id(&c.id) {
                return fault("category", i, "id", bad_id(&c.id));
            }
            if self.categories[..i].iter().any(|e| e.id == c.id) {
                return fault("category", i, "id", format!("\"{}\" is listed twice", c.id));
            }
            if self.department(&c.department).is_none() {
                let known: Vec<&str> = self.departments.iter().map(|d| d.id.as_str()).collect();
                return fault(
                    "category",
                    i,
                    "department",
                    format!(
                        "no department has the id \"{}\"; known: {}",
                        c.department,
                        known.join(", ")
                    ),
                );
            }
            for f in &c.forbidden {
                if Resolution::from_id(f).is_none() {
                    let known: Vec<&str> = Resolution::ALL.iter().map(|r| r.id()).collect();
                    return fault(
                        "category",
                        i,
                        "forbidden",
                        format!("unknown resolution \"{f}\"; known: {}", known.join(", ")),
                    );
                }
            }
            if c.needs_batch && !c.needs_product {
                return fault(
                    "category",
                    i,
                    "needs_batch",
                    "a batch number needs the product too: set needs_product = true".into(),
                );
            }
        }
        Ok(())
    }
}

/// A fault of row `index` of `table`, at `key`.
fn fault(
    table: &'static str,
    index: usize,
    key: &'static str,
    message: String,
) -> Result<(), RoutingFault> {
    Err(RoutingFault {
        table,
        index,
        key,
        message,
    })
}

/// Ids are lower-case ASCII words, so they can name locale keys.
fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn bad_id(s: &str) -> String {
    format!("\"{s}\" is not an id: use lower-case letters, digits and _")
}
