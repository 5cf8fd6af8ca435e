//! Staff: matched by name. A new member needs a first PIN (hashed at once,
//! never stored as typed); one already on the list gets the role, the
//! active flag or the PIN the file changed since it was last imported. The
//! shop always keeps an active manager.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

use super::columns::{Columns, normal};
use super::reader::Row;
use super::{Context, FileValues, Handler, Kind, Outcome, Problem, Unit, values};
use crate::domain::signin::pin_is_well_formed;
use crate::domain::staff::Role;
use crate::domain::text::clean;

pub struct Staff<'a> {
    cols: Columns,
    cx: &'a Context<'a>,
}

impl<'a> Staff<'a> {
    pub fn new(cols: Columns, cx: &'a Context<'a>) -> Self {
        Staff { cols, cx }
    }

    fn role(&self, raw: &str) -> Option<Role> {
        let n = normal(raw);
        [Role::Associate, Role::Manager, Role::Service]
            .into_iter()
            .find(|r| {
                normal(r.id()) == n
                    || self
                        .cx
                        .locales
                        .iter()
                        .any(|l| normal(l.t(&format!("role.{}", r.id()))) == n)
            })
            .or(match n.as_str() {
                "导购员" | "营业员" | "销售" | "sales" | "salesassociate" => {
                    Some(Role::Associate)
                }
                "店长" | "经理" | "storemanager" => Some(Role::Manager),
                "售后" | "售后服务" | "customerservice" => Some(Role::Service),
                _ => None,
            })
    }

    fn read(&self, cells: &[String]) -> Result<FileValues, Vec<Problem>> {
        let mut out = FileValues::new();
        let mut problems = Vec::new();
        for field in self.cols.present() {
            let raw = clean(self.cols.get(cells, field), 60);
            let bad = |code| Problem::new(self.cols.header(field), code, raw.clone());
            let v = match field {
                "name" if raw.is_empty() => {
                    problems.push(bad("required"));
                    continue;
                }
                "role" => match self.role(&raw) {
                    Some(r) => r.id().to_string(),
                    None => {
                        problems.push(bad("role"));
                        continue;
                    }
                },
                "pin" if !raw.is_empty() && !pin_is_well_formed(&raw) => {
                    problems.push(Problem::new(self.cols.header(field), "pin", ""));
                    continue;
                }
                "active" if raw.is_empty() => "1".into(),
                "active" => match values::yes_no(&raw) {
                    Some(y) => if y { "1" } else { "0" }.to_string(),
                    None => {
                        problems.push(bad("yes_no"));
                        continue;
                    }
                },
                _ => raw,
            };
            out.insert(field.to_string(), v);
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    /// A staff member new to the shop, with the PIN's hash, inactive if the
    /// file says so.
    fn add(
        &self,
        tx: &Connection,
        file: &FileValues,
        json: &str,
        role: Role,
    ) -> Result<Result<Outcome, Vec<Problem>>> {
        let by = self.cx.staff_id;
        let id = crate::store::staff::add(tx, &file["name"], role, &file["pin"])?;
        if file.get("active").is_some_and(|a| a == "0") {
            tx.execute("UPDATE staff SET active = 0 WHERE id = ?1", [id])?;
        }
        crate::store::audit::record(tx, by, "add_staff", "staff", Some(id), role.id())?;
        super::remember(tx, Kind::Staff, &id.to_string(), json)?;
        Ok(Ok(Outcome::New))
    }

    fn one(&self, tx: &Connection, row: &Row) -> Result<Result<Outcome, Vec<Problem>>> {
        let mut file = match self.read(&row.cells) {
            Ok(f) => f,
            Err(p) => return Ok(Err(p)),
        };
        let pin = file.remove("pin").unwrap_or_default();
        let by = self.cx.staff_id;
        let name = file["name"].clone();
        let role = Role::from_id(&file["role"]).unwrap_or(Role::Associate);
        let existing: Option<(i64, String, bool)> = tx
            .prepare_cached("SELECT id, role, active FROM staff WHERE name = ?1 ORDER BY active DESC, id LIMIT 1")?
            .query_row([&name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let remembered = match &existing {
            Some((id, ..)) => super::remembered(tx, Kind::Staff, &id.to_string())?,
            None => None,
        };
        if !pin.is_empty() {
            file.insert("pin".into(), pin_mark(&pin, remembered.as_deref())?);
        }
        let json = super::to_json(&file);
        let Some((id, now_role, now_active)) = existing else {
            if pin.is_empty() {
                return Ok(Err(vec![Problem::new(
                    self.cols.header("pin"),
                    "pin_needed",
                    "",
                )]));
            }
            return self.add(tx, &file, &json, role);
        };
        let before = remembered;
        if before.as_deref() == Some(json.as_str()) {
            return Ok(Ok(Outcome::Unchanged));
        }
        let before = before.map(|b| super::from_json(&b));
        // Role, active and PIN are never "empty": the first import leaves them as the shop set them.
        let apply = super::to_apply(&file, before.as_ref(), |_| "set".into());
        let new_role = if apply.iter().any(|a| a == "role") {
            role.id().to_string()
        } else {
            now_role.clone()
        };
        let new_active = if apply.iter().any(|a| a == "active") {
            file["active"] == "1"
        } else {
            now_active
        };
        if (new_role != "manager" || !new_active)
            && now_role == "manager"
            && now_active
            && no_other_manager(tx, id)?
        {
            return Ok(Err(vec![Problem::new(
                self.cols.header("role"),
                "last_manager",
                &name,
            )]));
        }
        if new_role != now_role || new_active != now_active {
            tx.execute(
                "UPDATE staff SET role = ?2, active = ?3, version = version + 1 WHERE id = ?1",
                params![id, new_role, new_active],
            )?;
            crate::store::audit::record(tx, by, "edit_staff", "staff", Some(id), &new_role)?;
        }
        if apply.iter().any(|a| a == "pin") && !pin.is_empty() {
            tx.execute(
                "UPDATE staff SET pin_hash = ?2, failed_pins = 0, locked_until = NULL WHERE id = ?1",
                params![id, file["pin"]],
            )?;
            crate::store::audit::record(tx, by, "reset_pin", "staff", Some(id), "")?;
        }
        super::remember(tx, Kind::Staff, &id.to_string(), &json)?;
        Ok(Ok(if apply.is_empty() {
            Outcome::Unchanged
        } else {
            Outcome::Updated
        }))
    }
}

impl Handler for Staff<'_> {
    fn row(&mut self, tx: &Connection, row: Row) -> Result<Vec<Unit>> {
        let r = self.one(tx, &row)?;
        Ok(vec![vec![(row, r)]])
    }
}

/// What is remembered of a PIN: only a salted argon2 hash, like the staff
/// list keeps it; the one remembered before if the PIN is unchanged.
fn pin_mark(pin: &str, remembered: Option<&str>) -> Result<String> {
    let before = remembered.map(super::from_json);
    let kept = before
        .as_ref()
        .and_then(|b| b.get("pin"))
        .filter(|h| crate::store::staff::pin_matches(pin, h))
        .cloned();
    Ok(match kept {
        Some(h) => h,
        None => crate::store::staff::hash_pin(pin)?,
    })
}

/// Whether no other active manager than staff member `id` is left.
fn no_other_manager(tx: &Connection, id: i64) -> Result<bool> {
    let others: i64 = tx.query_row(
        "SELECT COUNT(*) FROM staff WHERE role = 'manager' AND active = 1 AND id != ?1",
        [id],
        |r| r.get(0),
    )?;
    Ok(others == 0)
}
