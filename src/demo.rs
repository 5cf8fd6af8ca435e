//! The demo shop.

use anyhow::Result;
use chrono::NaiveDate;
use std::path::Path;

use crate::domain::customer::{Field, Values};
use crate::domain::staff::Role;
use crate::store::{self, customers, staff};

pub struct DemoSpec {
    pub customers: u64,
    pub seed: u64,
    pub today: NaiveDate,
}

#[derive(Debug)]
pub struct DemoSummary {
    pub customers: u64,
}

pub fn write_demo(path: &Path, spec: &DemoSpec) -> Result<DemoSummary> {
    let mut conn = store::open(path)?;
    let hash = staff::hash_pin("0000")?;
    let ids = store::write(&mut conn, |tx| {
        store::shop::create(tx, "示范店 Demo Shop")?;
        let m = staff::add(tx, "李娜", Role::Manager, &hash)?;
        let a = staff::add(tx, "王芳", Role::Associate, &hash)?;
        Ok((m, a))
    })?;
    for i in 0..spec.customers {
        let mut v = Values::new_customer();
        v.set(Field::Name, ["张三", "李四", "Emily Chen"][i as usize % 3]);
        v.set(Field::Phone, format!("138{:08}", i + spec.seed));
        customers::create(&mut conn, &v, ids.1, spec.today)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    }
    Ok(DemoSummary {
        customers: spec.customers,
    })
}
