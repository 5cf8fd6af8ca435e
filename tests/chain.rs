//! A chain of shops on a real PostgreSQL (issue 15): demo shops with their
//! own codes sync into head office; counts add up; a second sync changes
//! nothing; a change appears after the next sync; a sync killed mid-batch
//! loses and doubles nothing; a shop's role cannot touch another shop's
//! rows; an erasure wipes the customer at head office; the directory finds a
//! customer of shop A from shop B and takes them on.

mod common;
mod pg;

use common::{BIN, Shop, base_env};
use pg::Cluster;
use rusqlite::Connection;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A shop of the chain: a demo shop with a code, and its head office login.
struct ChainShop {
    shop: Shop,
    code: String,
    hq_url: String,
    password: String,
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Runs `cmd` to its end, within a minute (a loaded machine is slow).
fn run_long(mut cmd: Command) -> Output {
    let child = cmd.spawn().expect("start aftercare");
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(Duration::from_secs(120)) {
        Ok(out) => out.expect("aftercare ran"),
        Err(_) => {
            // SAFETY: killing our own child.
            unsafe { libc::kill(pid as i32, libc::SIGKILL) };
            panic!("aftercare did not finish within two minutes");
        }
    }
}

/// The binary on `db` with head office's address in the environment.
fn command(shop: &Shop, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args).arg("--db").arg(&shop.db);
    cmd.env_clear();
    for (k, v) in base_env(shop.path()) {
        cmd.env(k, v);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.current_dir(shop.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn ok(out: Output, what: &str) -> String {
    assert!(out.status.success(), "{what} failed: {}", text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Head office in a fresh database of the shared cluster, its schema made
/// by `aftercare hq init` as the superuser.
struct HeadOffice {
    cluster: &'static Cluster,
    db: String,
    /// A folder to run the binary from.
    scratch: Shop,
}

impl HeadOffice {
    fn new(name: &str) -> Option<HeadOffice> {
        let cluster = Cluster::get()?;
        let db = cluster.database(name);
        let ho = HeadOffice {
            cluster,
            db,
            scratch: Shop::empty(),
        };
        let out = ho.admin_run(&["hq", "init"]);
        assert!(
            ok(out, "hq init").contains("version"),
            "hq init said nothing"
        );
        Some(ho)
    }

    fn admin_url(&self) -> String {
        self.cluster.url("postgres", &self.db)
    }

    fn admin_run(&self, args: &[&str]) -> Output {
        let url = self.admin_url();
        run_long(command(
            &self.scratch,
            args,
            &[
                ("AFTERCARE_HQ", &url),
                ("AFTERCARE_HQ_PASSWORD", pg::ADMIN_PASSWORD),
            ],
        ))
    }

    fn admin(&self) -> postgres::Client {
        self.cluster.admin(&self.db)
    }

    /// A demo shop of `customers` with `code`, added at head office.
    fn shop(&self, code: &str, seed: u64, customers: u32) -> ChainShop {
        let shop = Shop::empty();
        let out = run_long(command(
            &shop,
            &[
                "demo",
                "--customers",
                &customers.to_string(),
                "--seed",
                &seed.to_string(),
                "--no-ui",
                "--shop-code",
                code,
            ],
            &[],
        ));
        ok(out, "demo --shop-code");
        let added = ok(
            self.admin_run(&["hq", "add-shop", code, "--name", &format!("Shop {code}")]),
            "hq add-shop",
        );
        let value = |key: &str| {
            added
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .unwrap_or_else(|| panic!("add-shop printed no {key}: {added}"))
                .to_string()
        };
        let hq_url = value("AFTERCARE_HQ=");
        let password = value("AFTERCARE_HQ_PASSWORD=");
        assert!(
            !hq_url.contains(&password),
            "the password is kept out of the URL"
        );
        ChainShop {
            shop,
            code: code.to_string(),
            hq_url,
            password,
        }
    }
}

impl ChainShop {
    fn env(&self) -> [(&str, &str); 2] {
        [
            ("AFTERCARE_HQ", self.hq_url.as_str()),
            ("AFTERCARE_HQ_PASSWORD", self.password.as_str()),
        ]
    }

    fn run(&self, args: &[&str]) -> Output {
        run_long(command(&self.shop, args, &self.env()))
    }

    fn sync(&self) -> String {
        ok(self.run(&["sync"]), "sync")
    }

    fn conn(&self) -> Connection {
        self.shop.conn()
    }

    fn role(&self) -> String {
        format!(
            "aftercare_shop_{}",
            self.code.to_ascii_lowercase().replace('-', "_")
        )
    }
}

/// Rows per logged table at the shop.
fn local_counts(conn: &Connection) -> Vec<(String, i64)> {
    let mut out = vec![];
    for t in aftercare::store::changes::LOGGED_TABLES {
        let exists: bool = conn
            .query_row(
                "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1
                   AND sql NOT LIKE '%WITHOUT ROWID%'",
                [t],
                |r| r.get(0),
            )
            .unwrap();
        if exists {
            let n: i64 = conn
                .query_row(&format!("SELECT COUNT(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            out.push((t.to_string(), n));
        }
    }
    out
}

/// Rows per table for a shop at head office.
fn hq_counts(client: &mut postgres::Client, code: &str) -> Vec<(String, i64)> {
    aftercare::store::changes::LOGGED_TABLES
        .iter()
        .map(|t| {
            let n: i64 = client
                .query_one(
                    "SELECT COUNT(*) FROM aftercare.shop_rows WHERE shop_code = $1 AND tbl = $2",
                    &[&code, t],
                )
                .unwrap()
                .get(0);
            (t.to_string(), n)
        })
        .filter(|(t, _)| !t.is_empty())
        .collect()
}

/// The shop's sales by the shop's own definition (purchases less refunds of
/// returned lines), over a period.
fn local_net_sales(conn: &Connection, from: &str, until: &str) -> i64 {
    conn.query_row(
        "SELECT COALESCE(SUM(p.total_fen), 0) - COALESCE((
             SELECT SUM(r.amount_fen) FROM purchases p2
             JOIN purchase_lines l ON l.purchase_id = p2.id
             JOIN returns r ON r.id = l.return_id
             WHERE l.settled = 'returned' AND p2.purchased_on >= ?1 AND p2.purchased_on < ?2), 0)
         FROM purchases p WHERE p.purchased_on >= ?1 AND p.purchased_on < ?2",
        [from, until],
        |r| r.get(0),
    )
    .unwrap()
}

fn assert_same_counts(ho: &HeadOffice, s: &ChainShop) {
    let local = local_counts(&s.conn());
    let mut admin = ho.admin();
    let remote = hq_counts(&mut admin, &s.code);
    for (t, n) in &local {
        let m = remote.iter().find(|(r, _)| r == t).map(|(_, m)| *m);
        assert_eq!(Some(*n), m, "shop {} table {t}", s.code);
    }
}

#[test]
fn two_shops_sync_and_head_office_adds_them_up() {
    let Some(ho) = HeadOffice::new("chain_two") else {
        return;
    };
    let a = ho.shop("TA-01", 3, 300);
    let b = ho.shop("TB-02", 4, 250);
    let said = a.sync();
    assert!(said.contains("changes"), "{said}");
    b.sync();
    assert_same_counts(&ho, &a);
    assert_same_counts(&ho, &b);
    // Pushed and acknowledged: the log is empty at the shop.
    let left: i64 = a
        .conn()
        .query_row("SELECT COUNT(*) FROM change_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);

    // Head office's customers are the sum of the shops'.
    let mut admin = ho.admin();
    let total: i64 = admin
        .query_one("SELECT COUNT(*) FROM aftercare.customers", &[])
        .unwrap()
        .get(0);
    let count = |s: &ChainShop| -> i64 {
        s.conn()
            .query_row("SELECT COUNT(*) FROM customers", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(total, count(&a) + count(&b));

    // The sales report: per shop and in total, the shops' own figure.
    let out = ho.admin_run(&[
        "hq",
        "report",
        "sales",
        "--from",
        "2025-01-01",
        "--to",
        "2026-12-31",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&ok(out, "hq report sales")).unwrap();
    let rows = json["rows"].as_array().unwrap();
    let net_of = |shop: Option<&str>| -> i64 {
        let r = rows
            .iter()
            .find(|r| r["shop"].as_str() == shop)
            .unwrap_or_else(|| panic!("no row for {shop:?}: {json}"));
        r["values"][4].as_f64().unwrap() as i64
    };
    let (la, lb) = (
        local_net_sales(&a.conn(), "2025-01-01", "2027-01-01"),
        local_net_sales(&b.conn(), "2025-01-01", "2027-01-01"),
    );
    assert!(la > 0 && lb > 0);
    assert_eq!(net_of(Some("TA-01")), la);
    assert_eq!(net_of(Some("TB-02")), lb);
    assert_eq!(net_of(None), la + lb);
    // The other reports run and give a total.
    for what in ["complaints", "satisfaction", "staff", "care"] {
        let out = ho.admin_run(&[
            "hq",
            "report",
            what,
            "--from",
            "2025-01-01",
            "--to",
            "2026-12-31",
            "--shop",
            "TA-01",
        ]);
        let printed = ok(out, what);
        assert!(printed.starts_with(what), "{printed}");
    }

    // A second sync changes nothing.
    let seqs = |c: &mut postgres::Client| -> (i64, i64) {
        let r = c
            .query_one(
                "SELECT COUNT(*), COALESCE(SUM(seq), 0)::bigint FROM aftercare.shop_rows",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    let before = seqs(&mut admin);
    let said = a.sync();
    assert!(said.contains("sync: 0 changes"), "{said}");
    assert_eq!(seqs(&mut admin), before);

    // A change at shop A appears after the next sync.
    let id: i64 = a
        .conn()
        .query_row("SELECT MIN(id) FROM customers", [], |r| r.get(0))
        .unwrap();
    a.conn()
        .execute(
            "UPDATE customers SET name = '新名字', version = version + 1 WHERE id = ?1",
            [id],
        )
        .unwrap();
    let said = a.sync();
    assert!(said.contains("sync: 1 changes"), "{said}");
    let name: String = admin
        .query_one(
            "SELECT name FROM aftercare.customers WHERE shop_code = 'TA-01' AND id = $1",
            &[&id],
        )
        .unwrap()
        .get(0);
    assert_eq!(name, "新名字");
    assert_same_counts(&ho, &a);
}

#[test]
fn a_sync_killed_mid_batch_loses_and_doubles_nothing() {
    let Some(ho) = HeadOffice::new("chain_kill") else {
        return;
    };
    let a = ho.shop("TK-01", 5, 200);
    let logged: i64 = a
        .conn()
        .query_row("SELECT COUNT(*) FROM change_log", [], |r| r.get(0))
        .unwrap();
    assert!(logged > 2000, "the snapshot logged {logged} rows");
    let mut admin = ho.admin();
    // Small, slow batches, killed once some are in.
    for round in 0..3 {
        let mut cmd = command(&a.shop, &["sync"], &a.env());
        cmd.env("AFTERCARE_SYNC_BATCH", "300")
            .env("AFTERCARE_SYNC_PAUSE_MS", "150");
        let mut child = cmd.spawn().unwrap();
        let started = Instant::now();
        let target = (round + 1) as i64 * 600;
        loop {
            let acked: i64 = admin
                .query_one(
                    "SELECT acked_seq FROM aftercare.shops WHERE code = 'TK-01'",
                    &[],
                )
                .unwrap()
                .get(0);
            if acked >= target || started.elapsed() > Duration::from_secs(60) {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // Mid-batch: inside the next transaction's pause.
        std::thread::sleep(Duration::from_millis(70));
        child.kill().unwrap(); // SIGKILL
        let _ = child.wait();
    }
    let acked: i64 = admin
        .query_one(
            "SELECT acked_seq FROM aftercare.shops WHERE code = 'TK-01'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(
        acked > 0 && acked < logged,
        "killed part way: {acked} of {logged}"
    );
    // A change made between the kills travels too.
    a.conn()
        .execute(
            "UPDATE staff SET name = name || ' 2' WHERE id = (SELECT MIN(id) FROM staff)",
            [],
        )
        .unwrap();
    a.sync();
    assert_same_counts(&ho, &a);
    // Every row at head office is the shop's row as it is now.
    let conn = a.conn();
    let mut stmt = conn
        .prepare("SELECT id, name FROM customers ORDER BY id")
        .unwrap();
    let local: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let remote: Vec<(i64, String)> = admin
        .query(
            "SELECT id, name FROM aftercare.customers WHERE shop_code = 'TK-01' ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(local, remote);
    let staff: String = admin
        .query_one(
            "SELECT name FROM aftercare.staff WHERE shop_code = 'TK-01' ORDER BY id LIMIT 1",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(staff.ends_with(" 2"), "{staff}");
}

#[test]
fn a_shops_role_cannot_touch_another_shops_rows() {
    let Some(ho) = HeadOffice::new("chain_rls") else {
        return;
    };
    let a = ho.shop("TR-01", 6, 60);
    let b = ho.shop("TR-02", 7, 60);
    a.sync();
    b.sync();
    let mut as_a = ho.cluster.login(&a.role(), &a.password, &ho.db);
    // It sees only its own rows.
    let seen: Vec<String> = as_a
        .query("SELECT DISTINCT shop_code FROM aftercare.shop_rows", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(seen, vec!["TR-01".to_string()]);
    // It cannot write B's rows, nor B's acknowledged sequence.
    let insert = as_a.execute(
        "INSERT INTO aftercare.shop_rows(shop_code, tbl, row_id, seq, data)
         VALUES ('TR-02', 'customers', 999999, 1, '{}')",
        &[],
    );
    assert!(insert.is_err(), "A wrote a row as B");
    for sql in [
        "UPDATE aftercare.shop_rows SET data = '{}' WHERE shop_code = 'TR-02'",
        "DELETE FROM aftercare.shop_rows WHERE shop_code = 'TR-02'",
        "UPDATE aftercare.shops SET acked_seq = 0 WHERE code = 'TR-02'",
    ] {
        assert_eq!(as_a.execute(sql, &[]).unwrap(), 0, "{sql}");
    }
    // Moving its own row to B is refused too.
    let moved = as_a.execute(
        "UPDATE aftercare.shop_rows SET shop_code = 'TR-02' WHERE shop_code = 'TR-01'",
        &[],
    );
    assert!(moved.is_err(), "A moved its rows to B");
    // Nor may it create roles or read the report views.
    assert!(
        as_a.query("SELECT 1 FROM aftercare.purchases LIMIT 1", &[])
            .is_err()
    );
    // A shop syncing under another shop's login is refused.
    let mut wrong = command(&b.shop, &["sync"], &a.env());
    wrong.env("AFTERCARE_HQ_PASSWORD", &a.password);
    let out = run_long(wrong);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("does not know shop TR-02"),
        "{}",
        text(&out)
    );
    // B's rows are all there, untouched.
    assert_same_counts(&ho, &b);
}

#[test]
fn an_erased_customer_is_wiped_at_head_office() {
    let Some(ho) = HeadOffice::new("chain_erase") else {
        return;
    };
    let a = ho.shop("TE-01", 8, 80);
    a.sync();
    let mut conn = a.conn();
    let (id, name, phone): (i64, String, String) = conn
        .query_row(
            "SELECT id, name, phone FROM customers WHERE phone IS NOT NULL ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let manager: i64 = conn
        .query_row(
            "SELECT MIN(id) FROM staff WHERE role = 'manager'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    aftercare::store::customers::erase(&mut conn, id, manager, "customer asked").unwrap();
    drop(conn);
    a.sync();
    let mut admin = ho.admin();
    let row: serde_json::Value = admin
        .query_one(
            "SELECT data::text FROM aftercare.shop_rows WHERE shop_code = 'TE-01' AND tbl = 'customers' AND row_id = $1",
            &[&id],
        )
        .map(|r| serde_json::from_str(r.get::<_, &str>(0)).unwrap())
        .unwrap();
    let flat = row.to_string();
    assert!(
        !flat.contains(&name),
        "the name is still at head office: {flat}"
    );
    assert!(
        !flat.contains(&phone),
        "the phone is still at head office: {flat}"
    );
    assert!(row["erased_at"].is_string(), "{flat}");
    // Nowhere else at head office either.
    let anywhere: i64 = admin
        .query_one(
            "SELECT COUNT(*) FROM aftercare.shop_rows WHERE shop_code = 'TE-01'
               AND ((tbl = 'customers' AND row_id = $3::bigint) OR data->>'customer_id' = ($3::bigint)::text)
               AND (data::text LIKE '%' || $1 || '%' OR data::text LIKE '%' || $2 || '%')",
            &[&name, &phone, &id],
        )
        .unwrap()
        .get(0);
    assert_eq!(anywhere, 0, "{name} / {phone} still found at head office");
}

#[test]
fn the_directory_finds_a_customer_of_shop_a_from_shop_b_and_takes_them_on() {
    let Some(ho) = HeadOffice::new("chain_dir") else {
        return;
    };
    let a = ho.shop("TD-01", 9, 120);
    let b = ho.shop("TD-02", 10, 40);
    let (id, name, phone): (i64, String, String) = a
        .conn()
        .query_row(
            "SELECT id, name, phone_digits FROM customers c WHERE phone_digits IS NOT NULL
               AND purchase_count > 0
               AND NOT EXISTS (SELECT 1 FROM customers d WHERE d.name = c.name AND d.id <> c.id)
             ORDER BY total_spend_fen DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    // One who declined to be found by the chain.
    let (hidden_id, hidden_phone): (i64, String) = a
        .conn()
        .query_row(
            "SELECT id, phone_digits FROM customers WHERE phone_digits IS NOT NULL AND id <> ?1
             ORDER BY id LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    a.conn()
        .execute(
            "UPDATE customers SET chain_ok = 0 WHERE id = ?1",
            [hidden_id],
        )
        .unwrap();
    a.sync();
    b.sync();

    // By name and by phone, from shop B: masked phone, home shop, last purchase.
    for query in [name.as_str(), phone.as_str()] {
        let out = ok(b.run(&["hq", "find", query, "--json"]), "hq find");
        let found: serde_json::Value = serde_json::from_str(&out).unwrap();
        let hit = found
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["shop_code"] == "TD-01" && f["id"] == id)
            .unwrap_or_else(|| panic!("{query}: {out}"));
        assert_eq!(hit["name"], name.as_str());
        assert!(hit["last_purchase_on"].is_string(), "{hit}");
        assert!(!out.contains(&phone), "the full phone was shown: {out}");
        assert!(hit["phone"].as_str().unwrap().contains("****"), "{hit}");
    }
    // The customer who declined is not found, even by full phone.
    let out = ok(b.run(&["hq", "find", &hidden_phone, "--json"]), "hq find");
    assert_eq!(out.trim(), "[]", "{out}");
    // A's own customers are not offered to A.
    let out = ok(a.run(&["hq", "find", &phone, "--json"]), "hq find at A");
    assert_eq!(out.trim(), "[]");

    // Taken on at B: a new file with its origin and an audit entry.
    let said = ok(
        b.run(&["hq", "take-on", &format!("TD-01:{id}")]),
        "hq take-on",
    );
    assert!(said.contains("taken on as customer"), "{said}");
    let conn = b.conn();
    let (local, taken_name, taken_phone): (i64, String, String) = conn
        .query_row(
            "SELECT c.id, c.name, c.phone_digits FROM chain_origins o JOIN customers c ON c.id = o.customer_id
             WHERE o.shop_code = 'TD-01' AND o.remote_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (taken_name.as_str(), taken_phone.as_str()),
        (name.as_str(), phone.as_str())
    );
    let audited: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'take_on' AND entity_id = ?1",
            [local],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
    // Twice: the same file, not a second one.
    let said = ok(
        b.run(&["hq", "take-on", &format!("TD-01:{id}")]),
        "hq take-on again",
    );
    assert!(said.contains("taken on before"), "{said}");
    // The declined one cannot be taken on.
    let out = b.run(&["hq", "take-on", &format!("TD-01:{hidden_id}")]);
    assert!(!out.status.success(), "{}", text(&out));
    // The taking on travels to head office with the next sync.
    b.sync();
    assert_same_counts(&ho, &b);
}

#[test]
fn sync_watch_pushes_a_change_within_seconds() {
    let Some(ho) = HeadOffice::new("chain_watch") else {
        return;
    };
    let a = ho.shop("TW-01", 12, 40);
    let mut watch = command(&a.shop, &["sync", "--watch", "--every", "1"], &a.env())
        .spawn()
        .unwrap();
    let mut admin = ho.admin();
    let name_at_hq = |admin: &mut postgres::Client| -> Option<String> {
        admin
            .query_opt(
                "SELECT name FROM aftercare.customers WHERE shop_code = 'TW-01' AND id = 1",
                &[],
            )
            .unwrap()
            .map(|r| r.get(0))
    };
    // The first full sync, then a change.
    let started = Instant::now();
    while name_at_hq(&mut admin).is_none() {
        assert!(started.elapsed() < Duration::from_secs(60), "no first sync");
        std::thread::sleep(Duration::from_millis(100));
    }
    a.conn()
        .execute("UPDATE customers SET name = '观察' WHERE id = 1", [])
        .unwrap();
    let changed = Instant::now();
    while name_at_hq(&mut admin).as_deref() != Some("观察") {
        assert!(
            changed.elapsed() < Duration::from_secs(20),
            "the change did not reach head office"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    watch.kill().unwrap();
    let _ = watch.wait();
}

#[test]
fn an_unreachable_head_office_is_named_without_the_password() {
    let shop = Shop::empty();
    let out = run_long(command(
        &shop,
        &[
            "demo",
            "--customers",
            "20",
            "--no-ui",
            "--shop-code",
            "TU-01",
        ],
        &[],
    ));
    ok(out, "demo");
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    for (url, password) in [
        (
            format!("postgres://aftercare_shop_tu_01@127.0.0.1:{port}/chain"),
            "pw-in-env-41",
        ),
        (
            format!("postgres://aftercare_shop_tu_01:pw-in-url-42@127.0.0.1:{port}/chain"),
            "pw-in-url-42",
        ),
    ] {
        let out = run_long(command(
            &shop,
            &["sync"],
            &[
                ("AFTERCARE_HQ", &url),
                ("AFTERCARE_HQ_PASSWORD", "pw-in-env-41"),
            ],
        ));
        assert!(!out.status.success());
        let said = text(&out);
        assert!(
            said.contains("cannot reach head office at 127.0.0.1"),
            "{said}"
        );
        assert!(!said.contains(password), "the password was printed: {said}");
    }
    // Nothing was lost: the log still holds the first snapshot.
    let left: i64 = shop
        .conn()
        .query_row("SELECT COUNT(*) FROM change_log", [], |r| r.get(0))
        .unwrap();
    assert!(left > 0);
}

#[test]
fn a_search_that_finds_nobody_here_searches_the_chain_and_takes_the_customer_on() {
    use common::Key;
    let Some(ho) = HeadOffice::new("chain_screen") else {
        return;
    };
    let a = ho.shop("TS-01", 11, 80);
    let b = ho.shop("TS-02", 12, 30);
    let (id, name, phone): (i64, String, String) = a
        .conn()
        .query_row(
            "SELECT id, name, phone_digits FROM customers c WHERE phone_digits IS NOT NULL
               AND purchase_count > 0
               AND NOT EXISTS (SELECT 1 FROM customers d WHERE d.name = c.name AND d.id <> c.id)
             ORDER BY total_spend_fen DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let here: i64 = b
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM customers WHERE phone_digits = ?1",
            [&phone],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(here, 0, "shop B must not know the customer yet");
    a.sync();

    let staff = b.shop.staff();
    let [(k1, v1), (k2, v2)] = b.env();
    let mut t = b.shop.app().env(k1, v1).env(k2, v2).start();
    t.sign_in(&staff, 0).unwrap();
    t.key(Key::F(3));
    t.wait_for("Find a customer").unwrap();
    t.send(&phone);
    t.wait_for("F8").unwrap();
    t.wait_for("searches the chain").unwrap();
    t.key(Key::F(8));
    t.wait_for(&name).unwrap();
    t.wait_for("Shop TS-01").unwrap();
    // The query typed is echoed in the title; no row shows the full phone.
    let screen = t.screen();
    let rows: Vec<&str> = (screen.lines())
        .filter(|l| !l.contains("In the chain's other shops"))
        .collect();
    assert!(
        rows.iter().all(|l| !l.contains(&phone)),
        "the full phone was shown: {screen}"
    );
    assert!(screen.contains("****"), "{screen}");
    // Taken on: the file opens in shop B, with its origin and an audit entry.
    std::thread::sleep(Duration::from_millis(300));
    t.key(Key::Enter);
    t.wait_for("Taken on from Shop TS-01").unwrap();
    t.wait_for(&phone).unwrap();
    let conn = b.conn();
    let local: i64 = conn
        .query_row(
            "SELECT customer_id FROM chain_origins WHERE shop_code = 'TS-01' AND remote_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    let audited: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'take_on' AND entity_id = ?1",
            [local],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
    t.key(Key::Ctrl('q'));
    t.wait_exit(Duration::from_secs(5));
}

#[test]
fn without_head_office_the_search_offers_no_chain() {
    let shop = Shop::demo(20);
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.sign_in(&staff, 0).unwrap();
    t.key(common::Key::F(3));
    t.wait_for("Find a customer").unwrap();
    t.send("Nobody Atall");
    t.wait_for("Nobody").unwrap();
    t.wait_stable(Duration::from_millis(300)).unwrap();
    assert!(!t.screen().contains("searches the chain"), "{}", t.screen());
}
