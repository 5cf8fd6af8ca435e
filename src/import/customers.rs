//! Customers: matched by member card number, else by phone. A new one is
//! registered exactly as the form registers it (same cleaning, same checks);
//! one already in the shop gets only what the file changed since it was last
//! imported, or, the first time, only what the shop has left empty.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

use super::columns::Columns;
use super::reader::Row;
use super::{Context, FileValues, Handler, Kind, Outcome, Problem, Unit, values};
use crate::domain::customer::{Field, Values, phone_digits};
use crate::domain::text::clean;
use crate::store::customers::{self, SaveError};

pub struct Customers<'a> {
    cols: Columns,
    cx: &'a Context<'a>,
}

impl<'a> Customers<'a> {
    pub fn new(cols: Columns, cx: &'a Context<'a>) -> Self {
        Customers { cols, cx }
    }

    /// The file's values, read into the form's forms (dates, yes/no, gender).
    fn read(&self, cells: &[String]) -> Result<FileValues, Vec<Problem>> {
        let mut out = FileValues::new();
        let mut problems = Vec::new();
        for field in self.cols.present() {
            let raw = clean(self.cols.get(cells, field), 300);
            let bad = |code| Problem::new(self.cols.header(field), code, raw.clone());
            let v = match field {
                _ if raw.is_empty() => String::new(),
                "gender" => match values::gender(&raw) {
                    Some(g) => g.to_string(),
                    None => {
                        problems.push(bad("gender"));
                        continue;
                    }
                },
                "birthday" => match values::date(&raw) {
                    Some(d) => d.to_string(),
                    // 05-06 or --05-06: a birthday without its year, as the form takes it.
                    None => raw.clone(),
                },
                "greetings_ok" | "promotions_ok" => match values::yes_no(&raw) {
                    Some(y) => if y { "1" } else { "0" }.to_string(),
                    None => {
                        problems.push(bad("yes_no"));
                        continue;
                    }
                },
                "approx_age" => match values::whole(&raw) {
                    Some(n) => n.to_string(),
                    None => raw.clone(),
                },
                _ => raw.clone(),
            };
            out.insert(field.to_string(), v);
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    fn existing(&self, tx: &Connection, file: &FileValues) -> Result<Option<i64>> {
        if let Some(m) = file.get("member_no").filter(|m| !m.is_empty()) {
            let id: Option<i64> = tx
                .prepare_cached("SELECT id FROM customers WHERE member_no = ?1")?
                .query_row([m], |r| r.get(0))
                .optional()?;
            if id.is_some() {
                return Ok(id);
            }
        }
        let digits = phone_digits(file.get("phone").map_or("", String::as_str));
        if digits.is_empty() {
            return Ok(None);
        }
        Ok(tx
            .prepare_cached(
                "SELECT id FROM customers WHERE phone_digits = ?1 AND erased_at IS NULL LIMIT 1",
            )?
            .query_row([digits], |r| r.get(0))
            .optional()?)
    }

    fn one(&self, tx: &Connection, row: &Row) -> Result<Result<Outcome, Vec<Problem>>> {
        let file = match self.read(&row.cells) {
            Ok(f) => f,
            Err(p) => return Ok(Err(p)),
        };
        let json = super::to_json(&file);
        let today = self.cx.today;
        let found = self.existing(tx, &file)?;
        // Checked before anything is written: a refused row writes nothing.
        if let Some(m) = file.get("member_no").filter(|m| !m.is_empty()) {
            let owner: Option<i64> = tx
                .prepare_cached("SELECT id FROM customers WHERE member_no = ?1")?
                .query_row([m], |r| r.get(0))
                .optional()?;
            if owner.is_some() && owner != found {
                let p = Problem::new(self.cols.header("member_no"), "member_taken", m.as_str());
                return Ok(Err(vec![p]));
            }
        }
        let Some(staff) = self.cx.staff_id else {
            anyhow::bail!("an import of customers needs a member of staff to record");
        };
        let Some(id) = found else {
            let mut v = Values::new_customer();
            for (k, val) in &file {
                if let Some(f) = Field::from_key(k)
                    && !val.is_empty()
                {
                    v.set(f, val.clone());
                }
            }
            let id = match customers::create_in(tx, &v, staff, today) {
                Ok(id) => id,
                Err(e) => return self.refused(e),
            };
            self.extras(tx, id, &file, &file.keys().cloned().collect::<Vec<_>>())?;
            super::remember(tx, Kind::Customers, &id.to_string(), &json)?;
            return Ok(Ok(Outcome::New));
        };
        let before = super::remembered(tx, Kind::Customers, &id.to_string())?;
        if before.as_deref() == Some(json.as_str()) {
            return Ok(Ok(Outcome::Unchanged));
        }
        let Some(current) = customers::get(tx, id)? else {
            return Ok(Ok(Outcome::Unchanged));
        };
        let member: Option<String> =
            tx.query_row("SELECT member_no FROM customers WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        let before = before.map(|b| super::from_json(&b));
        let apply = super::to_apply(&file, before.as_ref(), |k| match k {
            "member_no" => member.clone().unwrap_or_default(),
            k => Field::from_key(k).map_or(String::new(), |f| current.values.get(f).to_string()),
        });
        let mut v = current.values.clone();
        let mut form_changed = false;
        for k in &apply {
            if let Some(f) = Field::from_key(k) {
                v.set(f, file[k].clone());
                form_changed = true;
            }
        }
        if form_changed
            && let Err(e) = customers::update_in(tx, id, current.version, &v, staff, today)
        {
            return self.refused(e);
        }
        self.extras(tx, id, &file, &apply)?;
        super::remember(tx, Kind::Customers, &id.to_string(), &json)?;
        Ok(Ok(if apply.is_empty() {
            Outcome::Unchanged
        } else {
            Outcome::Updated
        }))
    }

    /// The member number, which the form does not hold
    /// (the member number was checked free before anything was written).
    fn extras(&self, tx: &Connection, id: i64, file: &FileValues, apply: &[String]) -> Result<()> {
        if apply.iter().any(|k| k == "member_no") {
            let m = Some(file["member_no"].clone()).filter(|m| !m.is_empty());
            tx.prepare_cached("UPDATE customers SET member_no = ?2 WHERE id = ?1")?
                .execute(params![id, m])?;
        }
        Ok(())
    }

    fn refused(&self, e: SaveError) -> Result<Result<Outcome, Vec<Problem>>> {
        match e {
            SaveError::Fields(errs) => Ok(Err(errs
                .into_iter()
                .map(|e| Problem {
                    column: self.cols.header(e.field.key()).to_string(),
                    code: e.code,
                    value: String::new(),
                    from_form: true,
                })
                .collect())),
            SaveError::Conflict { .. } => Ok(Err(vec![Problem::new("", "changed", "")])),
            SaveError::Db(e) => Err(e),
        }
    }
}

impl Handler for Customers<'_> {
    fn row(&mut self, tx: &Connection, row: Row) -> Result<Vec<Unit>> {
        let r = self.one(tx, &row)?;
        Ok(vec![vec![(row, r)]])
    }
}
