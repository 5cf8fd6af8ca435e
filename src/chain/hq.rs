//! Head office's schema in PostgreSQL: versioned migrations, one role per
//! shop that may write only its own rows, and a read role for reports.
//!
//! Everything lives in the schema `aftercare`. Rows of every shop are in
//! `aftercare.shop_rows` (shop code, table, the shop's row id, the row as
//! jsonb), partitioned by table; typed views (`aftercare.purchases`, …) are
//! what the reports read. Row-level security: a shop's role sees and writes
//! only rows with its own code; `aftercare_report` reads everything.

use anyhow::{Context as _, Result, bail};
use postgres::Client;

/// Group role of every shop's login role.
pub const SHOP_GROUP: &str = "aftercare_shop";
/// Group role that may read every shop's rows (reports).
pub const REPORT_GROUP: &str = "aftercare_report";

/// The head office schema steps, in order; step `i` brings it to version `i + 1`.
const STEPS: &[&str] = &[r#"
CREATE TABLE aftercare.shops (
    code        text PRIMARY KEY,
    role        text NOT NULL UNIQUE,
    name        text,
    acked_seq   bigint NOT NULL DEFAULT 0,
    last_sync   timestamptz,
    added_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE aftercare.shop_rows (
    shop_code   text NOT NULL REFERENCES aftercare.shops(code),
    tbl         text NOT NULL,
    row_id      bigint NOT NULL,
    seq         bigint NOT NULL,
    data        jsonb NOT NULL,
    PRIMARY KEY (tbl, shop_code, row_id)
) PARTITION BY LIST (tbl);
CREATE TABLE aftercare.shop_rows_customers PARTITION OF aftercare.shop_rows FOR VALUES IN ('customers');
CREATE TABLE aftercare.shop_rows_purchases PARTITION OF aftercare.shop_rows FOR VALUES IN ('purchases');
CREATE TABLE aftercare.shop_rows_purchase_lines PARTITION OF aftercare.shop_rows FOR VALUES IN ('purchase_lines');
CREATE TABLE aftercare.shop_rows_contacts PARTITION OF aftercare.shop_rows FOR VALUES IN ('contacts');
CREATE TABLE aftercare.shop_rows_other PARTITION OF aftercare.shop_rows DEFAULT;
-- The directory: a name, pinyin or initials starting with what was typed, or the phone.
CREATE INDEX shop_rows_customers_name ON aftercare.shop_rows_customers (lower(data->>'name') text_pattern_ops);
CREATE INDEX shop_rows_customers_pinyin ON aftercare.shop_rows_customers ((data->>'name_pinyin') text_pattern_ops);
CREATE INDEX shop_rows_customers_phone ON aftercare.shop_rows_customers ((data->>'phone_digits'));

-- The shop whose role is connected (NULL for anyone else).
CREATE FUNCTION aftercare.current_shop() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, aftercare
    AS $$ SELECT code FROM aftercare.shops WHERE role = session_user $$;

ALTER TABLE aftercare.shop_rows ENABLE ROW LEVEL SECURITY;
ALTER TABLE aftercare.shops ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_own ON aftercare.shop_rows FOR ALL TO aftercare_shop
    USING (shop_code = (SELECT aftercare.current_shop()))
    WITH CHECK (shop_code = (SELECT aftercare.current_shop()));
CREATE POLICY report_all ON aftercare.shop_rows FOR SELECT TO aftercare_report USING (true);
CREATE POLICY shop_self ON aftercare.shops FOR ALL TO aftercare_shop
    USING (code = (SELECT aftercare.current_shop()))
    WITH CHECK (code = (SELECT aftercare.current_shop()));
CREATE POLICY report_shops ON aftercare.shops FOR SELECT TO aftercare_report USING (true);

GRANT USAGE ON SCHEMA aftercare TO aftercare_shop, aftercare_report;
GRANT SELECT, INSERT, UPDATE, DELETE ON aftercare.shop_rows TO aftercare_shop;
GRANT SELECT, UPDATE (acked_seq, last_sync, name) ON aftercare.shops TO aftercare_shop;
GRANT SELECT ON aftercare.shop_rows, aftercare.shops TO aftercare_report;
GRANT EXECUTE ON FUNCTION aftercare.current_shop() TO aftercare_shop, aftercare_report;

-- Typed views for the reports (security_invoker: the reader's own rights apply).
CREATE VIEW aftercare.customers WITH (security_invoker = true) AS
    SELECT shop_code, row_id AS id, data->>'name' AS name, data->>'tier' AS tier,
           data->>'phone_digits' AS phone_digits, data->>'last_purchase_on' AS last_purchase_on,
           (data->>'total_spend_fen')::bigint AS total_spend_fen,
           (data->>'purchase_count')::bigint AS purchase_count,
           data->>'erased_at' AS erased_at, COALESCE((data->>'chain_ok')::int, 1) AS chain_ok
    FROM aftercare.shop_rows WHERE tbl = 'customers';
CREATE VIEW aftercare.purchases WITH (security_invoker = true) AS
    SELECT shop_code, row_id AS id, (data->>'customer_id')::bigint AS customer_id,
           (data->>'staff_id')::bigint AS staff_id, data->>'purchased_on' AS purchased_on,
           (data->>'total_fen')::bigint AS total_fen
    FROM aftercare.shop_rows WHERE tbl = 'purchases';
CREATE VIEW aftercare.purchase_lines WITH (security_invoker = true) AS
    SELECT shop_code, row_id AS id, (data->>'purchase_id')::bigint AS purchase_id,
           (data->>'price_fen')::bigint AS price_fen, data->>'settled' AS settled,
           (data->>'return_id')::bigint AS return_id
    FROM aftercare.shop_rows WHERE tbl = 'purchase_lines';
CREATE VIEW aftercare.returns WITH (security_invoker = true) AS
    SELECT shop_code, row_id AS id, (data->>'amount_fen')::bigint AS amount_fen,
           data->>'decision' AS decision
    FROM aftercare.shop_rows WHERE tbl = 'returns';
CREATE VIEW aftercare.staff WITH (security_invoker = true) AS
    SELECT shop_code, row_id AS id, data->>'name' AS name, data->>'role' AS role
    FROM aftercare.shop_rows WHERE tbl = 'staff';
CREATE VIEW aftercare.complaints WITH (security_invoker = true) AS
    SELECT shop_code, row_id AS id, data->>'category' AS category, data->>'state' AS state,
           data->>'received_on' AS received_on, data->>'urgency' AS urgency,
           (data->>'major')::int AS major, (data->>'satisfied')::int AS satisfied
    FROM aftercare.shop_rows WHERE tbl = 'complaints';
CREATE VIEW aftercare.surveys WITH (security_invoker = true) AS
    SELECT shop_code, row_id AS id, data->>'source' AS source, data->>'taken_on' AS taken_on,
           (data->>'mean_x100')::int AS mean_x100, (data->>'staff_id')::bigint AS staff_id
    FROM aftercare.shop_rows WHERE tbl = 'surveys';
CREATE VIEW aftercare.care_jobs WITH (security_invoker = true) AS
    SELECT shop_code, row_id AS id, data->>'kind' AS kind, data->>'received_on' AS received_on,
           (data->>'done')::int AS done
    FROM aftercare.shop_rows WHERE tbl = 'care_jobs';
CREATE VIEW aftercare.repair_jobs WITH (security_invoker = true) AS
    SELECT shop_code, row_id AS id, data->>'state' AS state, data->>'received_on' AS received_on
    FROM aftercare.shop_rows WHERE tbl = 'repair_jobs';
CREATE VIEW aftercare.contacts WITH (security_invoker = true) AS
    SELECT shop_code, row_id AS id, (data->>'staff_id')::bigint AS staff_id,
           data->>'kind' AS kind, data->>'outcome' AS outcome, data->>'at' AS at
    FROM aftercare.shop_rows WHERE tbl = 'contacts';
GRANT SELECT ON ALL TABLES IN SCHEMA aftercare TO aftercare_report;

-- The chain directory, for shops: other shops' customers who may be found,
-- with the phone masked; their own rows stay out of reach otherwise.
CREATE FUNCTION aftercare.chain_find(q text, lim int)
    RETURNS TABLE (shop_code text, shop_name text, id bigint, name text, tier text,
                   phone_digits text, last_purchase_on text, purchase_count bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, aftercare
    AS $$
    DECLARE
        me text := aftercare.current_shop();
        lq text := lower(q);
        -- Prefix ranges, not LIKE: the indexes serve them in any plan.
        top text := lower(q) || chr(1114111);
        phone text := CASE WHEN q ~ '^[0-9]{7,}$' THEN q END;
    BEGIN
        IF length(q) < 2 THEN RETURN; END IF;
        RETURN QUERY
        SELECT r.shop_code, s.name, r.row_id, r.data->>'name', r.data->>'tier',
               r.data->>'phone_digits', r.data->>'last_purchase_on',
               (r.data->>'purchase_count')::bigint
        FROM aftercare.shop_rows r JOIN aftercare.shops s ON s.code = r.shop_code
        WHERE r.tbl = 'customers'
          AND r.shop_code IS DISTINCT FROM me
          AND r.data->>'erased_at' IS NULL
          AND COALESCE((r.data->>'chain_ok')::int, 1) = 1
          AND ((lower(r.data->>'name') ~>=~ lq AND lower(r.data->>'name') ~<~ top)
               OR ((r.data->>'name_pinyin') ~>=~ lq AND (r.data->>'name_pinyin') ~<~ top)
               OR r.data->>'phone_digits' = phone)
        ORDER BY r.data->>'last_purchase_on' DESC NULLS LAST, r.shop_code, r.row_id
        LIMIT lim;
    END
    $$;
-- A customer's file for taking on at another shop: refused (no row) when
-- erased or not to be found by the chain.
CREATE FUNCTION aftercare.chain_file(from_shop text, customer bigint)
    RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, aftercare
    AS $$
    SELECT r.data FROM aftercare.shop_rows r
    WHERE r.tbl = 'customers' AND r.shop_code = from_shop AND r.row_id = customer
      AND r.data->>'erased_at' IS NULL
      AND COALESCE((r.data->>'chain_ok')::int, 1) = 1
      AND aftercare.current_shop() IS NOT NULL
    $$;
REVOKE ALL ON FUNCTION aftercare.chain_find(text, int), aftercare.chain_file(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aftercare.chain_find(text, int), aftercare.chain_file(text, bigint) TO aftercare_shop, aftercare_report;
"#];

/// The head office schema version this build writes.
pub const CURRENT: i32 = STEPS.len() as i32;

/// Creates or upgrades head office's schema (and the two group roles).
/// Run by the database's owner; safe to run again. Returns (from, to) versions.
pub fn init(client: &mut Client) -> Result<(i32, i32)> {
    client.batch_execute(&format!(
        // Roles belong to the whole cluster: another head office database
        // being set up at the same moment may create them first.
        "DO $$ BEGIN
           IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{SHOP_GROUP}') THEN
             BEGIN CREATE ROLE {SHOP_GROUP} NOLOGIN;
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
           END IF;
           IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{REPORT_GROUP}') THEN
             BEGIN CREATE ROLE {REPORT_GROUP} NOLOGIN;
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
           END IF;
         END $$;
         CREATE SCHEMA IF NOT EXISTS aftercare;
         CREATE TABLE IF NOT EXISTS aftercare.schema_version (version int NOT NULL);"
    ))?;
    let mut tx = client.transaction()?;
    // One upgrade at a time.
    tx.batch_execute("LOCK TABLE aftercare.schema_version IN EXCLUSIVE MODE")?;
    let found: i32 = tx
        .query_opt("SELECT version FROM aftercare.schema_version", &[])?
        .map(|r| r.get(0))
        .unwrap_or(0);
    if found > CURRENT {
        bail!(
            "head office's schema is version {found}, written by a newer aftercare; this one knows up to {CURRENT}"
        );
    }
    for (i, step) in STEPS.iter().enumerate().skip(found as usize) {
        tx.batch_execute(step)
            .with_context(|| format!("head office schema step {}", i + 1))?;
    }
    tx.execute("DELETE FROM aftercare.schema_version", &[])?;
    tx.execute(
        "INSERT INTO aftercare.schema_version(version) VALUES ($1)",
        &[&CURRENT],
    )?;
    tx.commit()?;
    Ok((found, CURRENT))
}

/// A new random password: 24 letters and digits.
fn new_password() -> String {
    use rand::Rng as _;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..24)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Quotes a literal for SQL (role passwords cannot be bound parameters).
fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Adds a shop: its row in `aftercare.shops` and its login role (member of
/// `aftercare_shop`), with a new password. Returns (role, password). A shop
/// added again gets a new password.
pub fn add_shop(client: &mut Client, code: &str, name: Option<&str>) -> Result<(String, String)> {
    let role = super::shop_role(code)?;
    let password = new_password();
    let mut tx = client.transaction()?;
    let exists = tx
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&role])?
        .is_some();
    let verb = if exists { "ALTER" } else { "CREATE" };
    tx.batch_execute(&format!(
        "{verb} ROLE {role} LOGIN PASSWORD {}",
        literal(&password)
    ))?;
    tx.batch_execute(&format!("GRANT {SHOP_GROUP} TO {role}"))?;
    let db: String = tx.query_one("SELECT current_database()", &[])?.get(0);
    tx.batch_execute(&format!("GRANT CONNECT ON DATABASE \"{db}\" TO {role}"))?;
    tx.execute(
        "INSERT INTO aftercare.shops(code, role, name) VALUES ($1, $2, $3)
         ON CONFLICT (code) DO UPDATE SET name = COALESCE(EXCLUDED.name, aftercare.shops.name)",
        &[&code, &role, &name],
    )?;
    tx.commit()?;
    Ok((role, password))
}

/// Adds a login role that may read every shop's rows (for reports).
pub fn add_reader(client: &mut Client, name: &str) -> Result<(String, String)> {
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        || name.is_empty()
    {
        bail!("'{name}' is not a role name: lower-case letters, digits and '_'");
    }
    let password = new_password();
    let mut tx = client.transaction()?;
    let exists = tx
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&name])?
        .is_some();
    let verb = if exists { "ALTER" } else { "CREATE" };
    tx.batch_execute(&format!(
        "{verb} ROLE {name} LOGIN PASSWORD {}",
        literal(&password)
    ))?;
    tx.batch_execute(&format!("GRANT {REPORT_GROUP} TO {name}"))?;
    let db: String = tx.query_one("SELECT current_database()", &[])?.get(0);
    tx.batch_execute(&format!("GRANT CONNECT ON DATABASE \"{db}\" TO {name}"))?;
    tx.commit()?;
    Ok((name.to_string(), password))
}

/// What head office holds per shop: rows, acknowledged sequence, last sync.
#[derive(Debug, Clone, PartialEq)]
pub struct ShopStatus {
    pub code: String,
    pub name: Option<String>,
    pub rows: i64,
    pub acked_seq: i64,
    pub last_sync: Option<String>,
}

pub fn status(client: &mut Client) -> Result<Vec<ShopStatus>> {
    Ok(client
        .query(
            "SELECT s.code, s.name,
                    (SELECT COUNT(*) FROM aftercare.shop_rows r WHERE r.shop_code = s.code),
                    s.acked_seq, to_char(s.last_sync, 'YYYY-MM-DD HH24:MI:SS TZ')
             FROM aftercare.shops s ORDER BY s.code",
            &[],
        )?
        .iter()
        .map(|r| ShopStatus {
            code: r.get(0),
            name: r.get(1),
            rows: r.get(2),
            acked_seq: r.get(3),
            last_sync: r.get(4),
        })
        .collect())
}
