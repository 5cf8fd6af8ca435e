//! The customer file: create, read, edit (with a version check), erase.

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use std::sync::OnceLock;

use crate::domain::customer::{self, Birthday, Field, FieldError, Kind, Values};
use crate::domain::search_keys;

/// A customer file as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub id: i64,
    pub values: Values,
    pub version: i64,
    pub total_spend_fen: i64,
    pub purchase_count: i64,
    pub last_purchase_on: Option<String>,
    pub registered_by: Option<String>,
    pub referred_by_name: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: Option<String>,
    pub erased_at: Option<String>,
}

/// Why a save did not happen. The caller keeps the user's edits on screen.
#[derive(Debug)]
pub enum SaveError {
    /// Values that did not pass, one per field.
    Fields(Vec<FieldError>),
    /// Someone else saved this file since it was opened.
    Conflict {
        by: Option<String>,
        at: String,
    },
    Db(anyhow::Error),
}

impl From<anyhow::Error> for SaveError {
    fn from(e: anyhow::Error) -> Self {
        SaveError::Db(e)
    }
}

impl From<rusqlite::Error> for SaveError {
    fn from(e: rusqlite::Error) -> Self {
        SaveError::Db(e.into())
    }
}

/// The columns written from the form, in `Field::ALL` order but the referrer.
fn columns() -> impl Iterator<Item = Field> {
    Field::ALL.into_iter().filter(|f| *f != Field::ReferredBy)
}

fn to_sql(f: Field, v: &str) -> Value {
    if v.is_empty() {
        return match f.kind() {
            Kind::Yes => Value::Integer(0),
            _ => Value::Null,
        };
    }
    match f.kind() {
        Kind::Age => v.parse::<i64>().map(Value::Integer).unwrap_or(Value::Null),
        Kind::Yes => Value::Integer((v == "1") as i64),
        _ => Value::Text(v.to_string()),
    }
}

/// Checks the values, resolves the referrer and refuses a phone that is on
/// another file; returns the cleaned values and the referrer's id.
fn prepare(
    conn: &Connection,
    values: &Values,
    self_id: Option<i64>,
    today: NaiveDate,
) -> Result<(Values, Option<i64>), SaveError> {
    let clean = customer::validate(values, today).map_err(SaveError::Fields)?;
    let mut errors = Vec::new();
    let digits = customer::phone_digits(clean.get(Field::Phone));
    let taken: Option<i64> = conn
        .query_row(
            "SELECT id FROM customers WHERE phone_digits = ?1 AND erased_at IS NULL AND id IS NOT ?2 LIMIT 1",
            params![digits, self_id],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() {
        errors.push(FieldError {
            field: Field::Phone,
            code: "phone_taken",
        });
    }
    let referrer = clean.get(Field::ReferredBy);
    let referred_by = if referrer.is_empty() {
        None
    } else {
        let id: Option<i64> = conn
            .query_row(
                "SELECT id FROM customers WHERE phone_digits = ?1 AND erased_at IS NULL LIMIT 1",
                [customer::phone_digits(referrer)],
                |r| r.get(0),
            )
            .optional()?;
        match id {
            None => {
                errors.push(FieldError {
                    field: Field::ReferredBy,
                    code: "referrer_unknown",
                });
                None
            }
            Some(id) if Some(id) == self_id => {
                errors.push(FieldError {
                    field: Field::ReferredBy,
                    code: "referrer_self",
                });
                None
            }
            Some(id) => Some(id),
        }
    };
    if errors.is_empty() {
        Ok((clean, referred_by))
    } else {
        Err(SaveError::Fields(errors))
    }
}

fn birthday_md(v: &Values) -> Option<u32> {
    Birthday::parse(v.get(Field::Birthday)).map(|b| b.md())
}

/// A new customer file as [`create`] writes it.
pub(crate) struct NewFile<'a> {
    /// Values that passed `customer::validate`.
    pub clean: &'a Values,
    pub referred_by: Option<i64>,
    pub staff_id: i64,
    pub pinyin: &'a str,
    pub initials: &'a str,
    pub phone_digits: &'a str,
    /// When it was registered, UTC.
    pub now: &'a str,
}

/// Writes the row of a new file (not its search keys, not the audit) and
/// returns its id; the demo shop's bulk load writes its rows through here
/// too, so they are the rows `create` would have written.
pub(crate) fn insert_new(conn: &Connection, file: &NewFile) -> Result<i64> {
    static SQL: OnceLock<String> = OnceLock::new();
    let extra = [
        ("phone_digits", Value::Text(file.phone_digits.to_string())),
        (
            "birthday_md",
            birthday_md(file.clean)
                .map(|m| Value::Integer(m as i64))
                .unwrap_or(Value::Null),
        ),
        (
            "referred_by",
            file.referred_by.map(Value::Integer).unwrap_or(Value::Null),
        ),
        ("registered_by", Value::Integer(file.staff_id)),
        ("closest_staff_id", Value::Integer(file.staff_id)),
        ("name_pinyin", Value::Text(file.pinyin.to_string())),
        ("name_initials", Value::Text(file.initials.to_string())),
        ("created_at", Value::Text(file.now.to_string())),
        ("updated_at", Value::Text(file.now.to_string())),
        ("updated_by", Value::Integer(file.staff_id)),
    ];
    let sql = SQL.get_or_init(|| {
        let cols: Vec<&str> = columns()
            .map(Field::key)
            .chain(extra.iter().map(|(c, _)| *c))
            .collect();
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        format!(
            "INSERT INTO customers({}) VALUES ({})",
            cols.join(", "),
            marks.join(", ")
        )
    });
    let vals = columns()
        .map(|f| to_sql(f, file.clean.get(f)))
        .chain(extra.into_iter().map(|(_, v)| v));
    conn.prepare_cached(sql)?.execute(params_from_iter(vals))?;
    Ok(conn.last_insert_rowid())
}

/// Registers a new customer; returns the new id.
/// The closest associate: whoever made most of the customer's sales, the
/// latest sale breaking a tie; before any sale, whoever registered them.
const CLOSEST: &str = "COALESCE(
    (SELECT p.staff_id FROM purchases p
     WHERE p.customer_id = customers.id AND p.staff_id IS NOT NULL
     GROUP BY p.staff_id ORDER BY COUNT(*) DESC, MAX(p.purchased_on) DESC, p.staff_id LIMIT 1),
    registered_by)";

/// Works out the customer's closest associate again (after a purchase).
pub fn refresh_closest(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached(&format!(
        "UPDATE customers SET closest_staff_id = {CLOSEST} WHERE id = ?1"
    ))?
    .execute([id])?;
    Ok(())
}

/// Works out every customer's closest associate (after a bulk load).
pub fn refresh_closest_all(conn: &Connection) -> Result<()> {
    conn.execute(
        &format!("UPDATE customers SET closest_staff_id = {CLOSEST}"),
        [],
    )?;
    Ok(())
}

pub fn create(
    conn: &mut Connection,
    values: &Values,
    staff_id: i64,
    today: NaiveDate,
) -> Result<i64, SaveError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let id = create_in(&tx, values, staff_id, today)?;
    tx.commit()?;
    Ok(id)
}

/// [`create`] inside the caller's transaction (an import's).
pub fn create_in(
    tx: &Connection,
    values: &Values,
    staff_id: i64,
    today: NaiveDate,
) -> Result<i64, SaveError> {
    let (clean, referred_by) = prepare(tx, values, None, today)?;
    let now = super::now_utc();
    let name = clean.get(Field::Name).to_string();
    let (pinyin, initials) = search_keys::pinyin_of(&name);
    let digits = customer::phone_digits(clean.get(Field::Phone));
    let id = insert_new(
        tx,
        &NewFile {
            clean: &clean,
            referred_by,
            staff_id,
            pinyin: &pinyin,
            initials: &initials,
            phone_digits: &digits,
            now: &now,
        },
    )?;
    super::search::index_customer(tx, id, &name, &initials, &digits)?;
    super::audit::record(tx, Some(staff_id), "create", "customer", Some(id), "")?;
    // A new file starts in the first tier, so tier filters find it.
    super::vip::recompute(tx, id, today)?;
    Ok(id)
}

/// Saves an edit made on version `version` of the file. Refused when
/// someone else saved it meanwhile, saying who and when.
pub fn update(
    conn: &mut Connection,
    id: i64,
    version: i64,
    values: &Values,
    staff_id: i64,
    today: NaiveDate,
) -> Result<i64, SaveError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let v = update_in(&tx, id, version, values, staff_id, today)?;
    tx.commit()?;
    Ok(v)
}

/// [`update`] inside the caller's transaction (an import's).
pub fn update_in(
    tx: &Connection,
    id: i64,
    version: i64,
    values: &Values,
    staff_id: i64,
    today: NaiveDate,
) -> Result<i64, SaveError> {
    let current: Option<(i64, String, Option<String>)> = tx
        .query_row(
            "SELECT c.version, c.updated_at, s.name FROM customers c
             LEFT JOIN staff s ON s.id = c.updated_by WHERE c.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((now_version, at, by)) = current else {
        return Err(SaveError::Db(anyhow::anyhow!(
            "customer {id} no longer exists"
        )));
    };
    if now_version != version {
        return Err(SaveError::Conflict { by, at });
    }
    let (clean, referred_by) = prepare(tx, values, Some(id), today)?;
    let name = clean.get(Field::Name).to_string();
    let (pinyin, initials) = search_keys::pinyin_of(&name);
    let digits = customer::phone_digits(clean.get(Field::Phone));
    let mut sets: Vec<String> = Vec::new();
    let mut vals: Vec<Value> = Vec::new();
    for f in columns() {
        vals.push(to_sql(f, clean.get(f)));
        sets.push(format!("{} = ?{}", f.key(), vals.len()));
    }
    let extra = [
        ("phone_digits", Value::Text(digits.clone())),
        (
            "birthday_md",
            birthday_md(&clean)
                .map(|m| Value::Integer(m as i64))
                .unwrap_or(Value::Null),
        ),
        (
            "referred_by",
            referred_by.map(Value::Integer).unwrap_or(Value::Null),
        ),
        ("name_pinyin", Value::Text(pinyin.clone())),
        ("name_initials", Value::Text(initials.clone())),
        ("updated_at", Value::Text(super::now_utc())),
        ("updated_by", Value::Integer(staff_id)),
    ];
    for (c, v) in extra {
        vals.push(v);
        sets.push(format!("{c} = ?{}", vals.len()));
    }
    vals.push(Value::Integer(id));
    let id_mark = vals.len();
    vals.push(Value::Integer(version));
    let sql = format!(
        "UPDATE customers SET {}, version = version + 1 WHERE id = ?{id_mark} AND version = ?{}",
        sets.join(", "),
        vals.len()
    );
    let changed = tx.execute(&sql, params_from_iter(vals))?;
    if changed == 0 {
        return Err(SaveError::Conflict { by, at });
    }
    super::search::index_customer(tx, id, &name, &initials, &digits)?;
    super::audit::record(tx, Some(staff_id), "edit", "customer", Some(id), "")?;
    Ok(version + 1)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<Customer>> {
    let cols: Vec<String> = columns().map(|f| format!("c.{}", f.key())).collect();
    let sql = format!(
        "SELECT {}, c.version, c.total_spend_fen, c.purchase_count, c.last_purchase_on,
                reg.name, ref.name, ref.phone, c.created_at, c.updated_at, upd.name, c.erased_at
         FROM customers c
         LEFT JOIN staff reg ON reg.id = c.registered_by
         LEFT JOIN staff upd ON upd.id = c.updated_by
         LEFT JOIN customers ref ON ref.id = c.referred_by
         WHERE c.id = ?1",
        cols.join(", ")
    );
    let n = cols.len();
    conn.query_row(&sql, [id], |r| {
        let mut values = Values::default();
        for (i, f) in columns().enumerate() {
            let v: Value = r.get(i)?;
            let s = match v {
                Value::Null => String::new(),
                Value::Integer(x) => x.to_string(),
                Value::Text(t) => t,
                Value::Real(x) => x.to_string(),
                Value::Blob(_) => String::new(),
            };
            values.set(f, s);
        }
        let referrer_phone: Option<String> = r.get(n + 6)?;
        values.set(Field::ReferredBy, referrer_phone.unwrap_or_default());
        Ok(Customer {
            id,
            values,
            version: r.get(n)?,
            total_spend_fen: r.get(n + 1)?,
            purchase_count: r.get(n + 2)?,
            last_purchase_on: r.get(n + 3)?,
            registered_by: r.get(n + 4)?,
            referred_by_name: r.get(n + 5)?,
            created_at: r.get(n + 7)?,
            updated_at: r.get(n + 8)?,
            updated_by: r.get(n + 9)?,
            erased_at: r.get(n + 10)?,
        })
    })
    .optional()
    .map_err(Into::into)
}

/// Records that `staff_id` saw the full phone number of the file.
pub fn log_phone_view(conn: &mut Connection, id: i64, staff_id: i64) -> Result<()> {
    super::write(conn, |tx| {
        super::audit::record(tx, Some(staff_id), "view_phone", "customer", Some(id), "")
    })
}

/// Erases a customer on request (PIPL art. 47): every personal field is
/// wiped and the file leaves the search; spend and purchases stay.
pub fn erase(conn: &mut Connection, id: i64, staff_id: i64, reason: &str) -> Result<()> {
    super::write(conn, |tx| {
        super::staff::require(tx, staff_id, &[crate::domain::staff::Role::Manager])?;
        let needles = super::erasure::needles(tx, id)?;
        let personal: Vec<String> = columns()
            .filter(|f| !matches!(f, Field::Name | Field::GreetingsOk | Field::PromotionsOk))
            .map(|f| format!("{} = NULL", f.key()))
            .collect();
        let sql = format!(
            "UPDATE customers SET name = '', {}, phone_digits = NULL, birthday_md = NULL,
                 greetings_ok = 0, promotions_ok = 0, referred_by = NULL,
                 name_pinyin = NULL, name_initials = NULL, erased_at = ?2,
                 updated_at = ?2, updated_by = ?3, version = version + 1
             WHERE id = ?1 AND erased_at IS NULL",
            personal.join(", ")
        );
        let now = super::now_utc();
        let n = tx.execute(&sql, params![id, now, staff_id])?;
        if n == 0 {
            anyhow::bail!("customer {id} is already erased or does not exist");
        }
        super::search::unindex_customer(tx, id)?;
        super::tasks::close_for_erased(tx, id, &now)?;
        super::erasure::wipe_copies(tx, id, &needles)?;
        // The reason is the manager's words; the customer's name stays out of it.
        let reason = needles
            .iter()
            .fold(reason.to_string(), |r, n| r.replace(n.as_str(), "…"));
        super::audit::record(tx, Some(staff_id), "erase", "customer", Some(id), &reason)
    })?;
    super::erasure::flush_log(conn);
    Ok(())
}

#[cfg(test)]
mod tests;
