//! A fresh shop on disk and the import run as the command runs it, for the
//! import tests.
#![allow(dead_code)]

use aftercare::domain::staff::Role;
use aftercare::i18n::Locale;
use aftercare::import::progress::Silent;
use aftercare::import::{ColumnMap, Context, Kind, Options, Refused, Report, Watch};
use aftercare::shop_data::files::Files;
use aftercare::shop_data::policy::Policy;
use aftercare::store;
use chrono::NaiveDate;
use rusqlite::Connection;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

pub const TODAY: &str = "2026-11-23";

pub struct Shop {
    pub dir: tempfile::TempDir,
    pub conn: Connection,
    pub manager: i64,
    pub policy: Policy,
    pub map: ColumnMap,
    pub en: Locale,
    pub zh: Locale,
}

impl Shop {
    pub fn new() -> Shop {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = store::open(&dir.path().join("shop.db")).unwrap();
        let manager = store::staff::add(&conn, "王芳", Role::Manager, "x").unwrap();
        let files = Files::locate(None);
        let policy = Policy::load(&files).unwrap();
        store::vip::sync_thresholds(&mut conn, &policy).unwrap();
        Shop {
            dir,
            conn,
            manager,
            policy,
            map: ColumnMap::load(&files, None).unwrap(),
            en: Locale::load(&files, "en").unwrap(),
            zh: Locale::load(&files, "zh-CN").unwrap(),
        }
    }

    pub fn today() -> NaiveDate {
        TODAY.parse().unwrap()
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn import(&mut self, kind: Kind, file: &std::path::Path, opts: &Options) -> Report {
        let locales = [&self.zh, &self.en];
        let cx = Context {
            staff_id: Some(self.manager),
            today: Shop::today(),
            policy: &self.policy,
            map: &self.map,
            locales: &locales,
        };
        let mut silent = Silent;
        let mut seen = |_: &Refused| {};
        let mut watch = Watch {
            stop: Arc::new(AtomicBool::new(false)),
            progress: &mut silent,
            on_refused: &mut seen,
        };
        match aftercare::import::run(&mut self.conn, kind, file, opts, &cx, &mut watch) {
            Ok(r) => r,
            Err(e) => panic!("the import could not run: {e:?}"),
        }
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    pub fn text(&self, sql: &str) -> String {
        self.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// Every row of every table, to show that nothing changed.
    pub fn snapshot(&self) -> String {
        let tables: Vec<String> = self
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut out = String::new();
        for t in tables {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1"))
                .unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            r.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
                .unwrap();
            for row in rows {
                out.push_str(&format!("{t}: {}\n", row.unwrap().join("|")));
            }
        }
        out
    }
}

pub fn opts() -> Options {
    Options::default()
}

pub fn skip_bad() -> Options {
    Options {
        skip_bad: true,
        ..Options::default()
    }
}

pub fn dry_run() -> Options {
    Options {
        dry_run: true,
        ..Options::default()
    }
}

/// GBK bytes with CRLF line ends, as Chinese Excel saves "CSV".
pub fn gbk_crlf(text: &str) -> Vec<u8> {
    let crlf = text.replace('\n', "\r\n");
    encoding_rs::GB18030.encode(&crlf).0.into_owned()
}

/// A catalogue and two customers, imported, for the sales tests.
pub fn stocked() -> Shop {
    let mut shop = Shop::new();
    let staff = shop.write(
        "staff.csv",
        "姓名,岗位,初始密码\n张敏,导购,2580\n".as_bytes(),
    );
    assert_eq!(shop.import(Kind::Staff, &staff, &opts()).new, 1);
    let products = shop.write(
        "products.csv",
        "款号,品名,品类,吊牌价,现价,条码\n\
         A1,羊毛西服,西服,\"2,800.00\",,6900000000011\n\
         L1,皮衣,leather,¥3000,,\n\
         K1,针织衫,knit,399,,\n"
            .as_bytes(),
    );
    assert_eq!(shop.import(Kind::Products, &products, &opts()).new, 3);
    let customers = shop.write(
        "customers.csv",
        "会员卡号,姓名,手机号\nV001,王芳芳,13800000001\nV002,李娜,13800000002\n".as_bytes(),
    );
    assert_eq!(shop.import(Kind::Customers, &customers, &opts()).new, 2);
    shop
}
