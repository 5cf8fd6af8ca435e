//! Visits for the demo shop: two months of finished visits per associate
//! (with and without purchases, each associate with their own conversion
//! and add-on habit, so the figures screen has something to compare), and
//! two open visits of the first associate to resume. Needs only staff,
//! customers and products; the demo generator calls [`fill`].

use anyhow::Result;
use chrono::{Duration, NaiveDate};
use rand::Rng;
use rusqlite::Connection;
use std::collections::BTreeMap;

use crate::app::visit::{Row, Saved, Text};
use crate::domain::visit::{
    ADD_ON, Closing, FITTING, Item, LinkedCustomer, Objection, ObjectionKind, Outcome, PRESENT,
    STEPS, StepStatus, Visit,
};
use crate::shop_data::files::Files;
use crate::shop_data::policy::Policy;
use crate::shop_data::visit_flow::VisitData;
use crate::store::products::Product;
use crate::store::visits;

/// How many days back the finished visits go.
const DAYS: i64 = 60;

fn products(conn: &Connection) -> Result<Vec<Product>> {
    let mut stmt = conn.prepare(
        "SELECT id, style_no, name, category, list_price_fen, current_price_fen, clearance,
                made_to_order, sizes, colours FROM products ORDER BY id LIMIT 200",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Product {
            id: r.get(0)?,
            style_no: r.get(1)?,
            name: r.get(2)?,
            category: r.get(3)?,
            list_price_fen: r.get(4)?,
            current_price_fen: r.get(5)?,
            clearance: r.get(6)?,
            made_to_order: r.get(7)?,
            sizes: r.get(8)?,
            colours: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn ids(conn: &Connection, sql: &str) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn item(p: &Product, step: usize) -> Item {
    let split = |s: &str| -> Vec<String> {
        s.split(',')
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect()
    };
    let sizes = split(&p.sizes);
    let colours = split(&p.colours);
    Item {
        product_id: p.id,
        style_no: p.style_no.clone(),
        name: p.name.clone(),
        category: p.category.clone(),
        size: sizes.first().cloned().unwrap_or_default(),
        colour: colours.first().cloned().unwrap_or_default(),
        sizes,
        colours,
        price_fen: p.current_price_fen,
        step,
        tried: step == FITTING,
        bought: false,
    }
}

fn state(v: &Visit, focus: Row) -> Result<String> {
    Ok(serde_json::to_string(&Saved {
        visit: v.clone(),
        texts: BTreeMap::<Text, String>::new(),
        focus,
        tips_open: false,
        obj_kind: ObjectionKind::Doubt,
        ask_more: false,
    })?)
}

/// Writes the demo visits; nothing when the shop has no staff or products.
pub fn fill(conn: &Connection, today: NaiveDate, rng: &mut impl Rng) -> Result<()> {
    let staff = ids(
        conn,
        "SELECT id FROM staff WHERE active = 1 ORDER BY role = 'associate' DESC, id",
    )?;
    let catalogue = products(conn)?;
    if staff.is_empty() || catalogue.is_empty() {
        return Ok(());
    }
    let customers = ids(
        conn,
        "SELECT id FROM customers WHERE erased_at IS NULL ORDER BY id LIMIT 2000",
    )?;
    let data = VisitData::load(&Files::built_in()).map_err(|e| anyhow::anyhow!("{}", e[0]))?;
    let checklists = data.flow("zh-CN").checklist_ids();
    let signals: Vec<String> = data
        .flow("zh-CN")
        .signals
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let rules = visits::rules(&Policy::load(&Files::built_in()).map_err(anyhow::Error::new)?);
    let associates: Vec<i64> = staff.iter().copied().take(4).collect();
    let shop = Shop {
        checklists,
        signals,
        customers,
        catalogue,
    };
    for (n, &who) in associates.iter().enumerate() {
        // Each associate has a habit: how often a visit buys, how often an add-on.
        let converts = 0.3 + 0.15 * n as f64;
        let adds_on = 0.7 - 0.2 * n as f64;
        for day in (1..=DAYS).rev() {
            let on = today - Duration::days(day);
            for _ in 0..rng.random_range(0..3) {
                let v = made_up(conn, rng, &shop, converts, adds_on)?;
                let json = state(&v, Row::Choice(crate::app::visit::Choice::Outcome))?;
                let id = visits::start_in(conn, who, on, &v, &json)?;
                visits::finish_in(conn, (id, 1), &v, &json, who, on, &rules).map_err(
                    |e| match e {
                        visits::VisitError::Db(e) => e,
                        visits::VisitError::Conflict { .. } => anyhow::anyhow!("demo visit {id}"),
                    },
                )?;
            }
        }
    }
    open_visits(conn, associates[0], today, &shop.catalogue)
}

/// What the demo visits are made of.
struct Shop {
    /// The ids of each step's checklist.
    checklists: Vec<Vec<String>>,
    signals: Vec<String>,
    customers: Vec<i64>,
    catalogue: Vec<Product>,
}

/// One finished visit: steps done or skipped, perhaps a customer, the
/// goods shown, an objection, the close; bought as the associate's habit
/// (`converts`, `adds_on`) has it.
fn made_up(
    conn: &Connection,
    rng: &mut impl Rng,
    shop: &Shop,
    converts: f64,
    adds_on: f64,
) -> Result<Visit> {
    let Shop {
        checklists,
        signals,
        customers,
        catalogue,
    } = shop;
    let mut v = Visit::default();
    for (step, ids) in checklists.iter().enumerate() {
        if rng.random_bool(0.85) {
            v.steps[step].status = StepStatus::Done;
            for id in ids {
                if rng.random_bool(0.8) {
                    v.steps[step].checked.push(id.clone());
                }
            }
            v.steps[step].seconds = rng.random_range(20..240);
        } else {
            v.steps[step].status = StepStatus::Skipped;
        }
    }
    v.current = STEPS - 1;
    if !customers.is_empty() && rng.random_bool(0.6) {
        let id = customers[rng.random_range(0..customers.len())];
        let name: String =
            conn.query_row("SELECT name FROM customers WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        v.customer = Some(LinkedCustomer {
            id,
            name,
            last_seen: None,
            birthday_percent: 0,
        });
    }
    let p = &catalogue[rng.random_range(0..catalogue.len())];
    v.items.push(item(p, PRESENT));
    if rng.random_bool(0.5) {
        let p = &catalogue[rng.random_range(0..catalogue.len())];
        v.items.push(item(p, FITTING));
    }
    let buys = rng.random_bool(converts);
    if buys && rng.random_bool(adds_on.max(0.05)) {
        let p = &catalogue[rng.random_range(0..catalogue.len())];
        v.items.push(item(p, ADD_ON));
    }
    if rng.random_bool(0.5) {
        v.objections.push(Objection {
            kind: ObjectionKind::ALL[rng.random_range(0..3)],
            words: "太贵了".into(),
            answer: "面料耐穿，算下来每次穿很划算。".into(),
        });
    }
    v.closing = Some(Closing::ALL[rng.random_range(0..3)]);
    if let Some(s) = signals.get(rng.random_range(0..signals.len().max(1))) {
        v.signals.push(s.clone());
    }
    if buys {
        for it in &mut v.items {
            it.bought = it.step != FITTING || rng.random_bool(0.5);
        }
        v.outcome = Some(Outcome::Bought);
    } else {
        v.outcome = Some(Outcome::NotBought);
    }
    Ok(v)
}

/// Two open visits of the first associate, to resume.
fn open_visits(conn: &Connection, who: i64, today: NaiveDate, catalogue: &[Product]) -> Result<()> {
    let mut v = Visit::default();
    v.go_to(1, true);
    v.go_to(PRESENT, true);
    v.need = "周末出游的外套".into();
    v.items.push(item(&catalogue[0], PRESENT));
    visits::start_in(
        conn,
        who,
        today,
        &v,
        &state(&v, Row::Text(Text::ProductSearch))?,
    )?;
    let mut v = Visit::default();
    for s in 0..4 {
        v.go_to(s + 1, true);
    }
    v.items.push(item(&catalogue[catalogue.len() / 2], PRESENT));
    v.objections.push(Objection {
        kind: ObjectionKind::Doubt,
        words: "会不会起球？".into(),
        answer: String::new(),
    });
    visits::start_in(
        conn,
        who,
        today,
        &v,
        &state(&v, Row::Text(Text::ObjAnswer))?,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::{Field, Values};
    use crate::domain::staff::Role;
    use crate::store::{self, customers, staff};
    use rand::SeedableRng;

    #[test]
    fn the_demo_visits_give_figures_and_open_visits() {
        let mut conn = store::open_in_memory().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
        let a = staff::add(&conn, "王芳", Role::Associate, "x").unwrap();
        staff::add(&conn, "赵敏", Role::Associate, "x").unwrap();
        for i in 0..20 {
            let mut v = Values::new_customer();
            v.set(Field::Name, format!("顾客{i}"));
            v.set(Field::Phone, format!("1380000{i:04}"));
            customers::create(&mut conn, &v, a, today).unwrap();
        }
        for (i, (cat, price)) in [("suit", 268_000), ("leather", 329_000), ("knit", 49_900)]
            .into_iter()
            .enumerate()
        {
            conn.execute(
                "INSERT INTO products(style_no, name, category, list_price_fen, current_price_fen, sizes, colours)
                 VALUES (?1, 'x', ?2, ?3, ?3, 'M,L', '黑')",
                rusqlite::params![format!("D{i}"), cat, price],
            )
            .unwrap();
        }
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        store::write(&mut conn, |tx| fill(tx, today, &mut rng)).unwrap();
        let figures = visits::figures(&conn, today - Duration::days(90), None).unwrap();
        assert!(figures.len() >= 2, "{figures:?}");
        assert!(figures.iter().all(|f| f.visits > 0));
        assert!(figures.iter().any(|f| f.add_on_fen > 0));
        let open = visits::open_list(&conn, Some(a)).unwrap();
        assert_eq!(open.len(), 2);
        for o in open {
            let s = visits::load(&conn, o.id).unwrap().unwrap();
            let saved: Saved = serde_json::from_str(&s.state).unwrap();
            assert!(saved.visit.current >= 2);
        }
        let tasks: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM tasks WHERE kind = 'purchase_callback'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(tasks > 0);
        assert!(store::check::run(&conn).unwrap().ok());
    }
}
