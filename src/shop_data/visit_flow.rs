//! `data/flow/<lang>.toml` (the eight steps' checklists, tips, phrases,
//! greetings, objection answers, buying signals, care notes by material,
//! thanks) and `data/training/` (scenario cards and the practice catalogue).
//! Read once at start and checked; a bad file names its file and line.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

use crate::domain::greeting::FESTIVALS;
use crate::domain::visit::{ObjectionKind, STEP_IDS, STEPS};
use crate::i18n::LANGS;
use crate::shop_data::files::{DataError, Files, Source};

pub const CATEGORIES: [&str; 6] = ["textile", "knit", "cotton", "suit", "leather", "cosmetic"];
pub const MIN_SCENARIOS: usize = 8;
pub const CATALOGUE: &str = "data/training/catalogue.toml";

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepText {
    pub id: String,
    pub title: String,
    pub short: String,
    pub checklist: Vec<Entry>,
    pub tips: Vec<String>,
    pub phrases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Greetings {
    pub welcome: String,
    pub morning: String,
    pub noon: String,
    pub afternoon: String,
    pub evening: String,
    pub long_time: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    pub doubt: Vec<String>,
    pub misunderstanding: Vec<String>,
    pub drawback: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thanks {
    pub bought: String,
    pub not_bought: String,
}

/// One language's flow content.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    pub steps: Vec<StepText>,
    pub greetings: Greetings,
    pub festivals: BTreeMap<String, String>,
    pub objections: Answers,
    pub signals: Vec<Entry>,
    pub care: BTreeMap<String, Vec<String>>,
    pub thanks: Thanks,
}

impl Flow {
    pub fn answers(&self, kind: ObjectionKind) -> &[String] {
        match kind {
            ObjectionKind::Doubt => &self.objections.doubt,
            ObjectionKind::Misunderstanding => &self.objections.misunderstanding,
            ObjectionKind::Drawback => &self.objections.drawback,
        }
    }

    /// Each step's checklist ids, for the scorecard.
    pub fn checklist_ids(&self) -> Vec<Vec<String>> {
        self.steps
            .iter()
            .map(|s| s.checklist.iter().map(|c| c.id.clone()).collect())
            .collect()
    }

    pub fn checklist_items(&self) -> usize {
        self.steps.iter().map(|s| s.checklist.len()).sum()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioObjection {
    pub kind: ObjectionKind,
    pub words: String,
    pub good_answer: String,
}

/// A training scenario card.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub persona: String,
    /// What the customer says at each of the eight steps.
    pub says: Vec<String>,
    pub objections: Vec<ScenarioObjection>,
    /// What a good associate does.
    pub good: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    scenarios: Vec<Scenario>,
}

/// A product of the practice catalogue.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueProduct {
    pub style_no: String,
    pub name: String,
    pub category: String,
    pub price_fen: i64,
    pub sizes: String,
    pub colours: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    products: Vec<CatalogueProduct>,
}

/// Everything the visit screens and training read from `data/`.
#[derive(Debug, Clone)]
pub struct VisitData {
    flows: HashMap<String, Flow>,
    scenarios: HashMap<String, Vec<Scenario>>,
    pub catalogue: Vec<CatalogueProduct>,
}

impl VisitData {
    /// Reads and checks every file; every problem found is returned.
    pub fn load(files: &Files) -> Result<VisitData, Vec<DataError>> {
        let mut errors = Vec::new();
        let mut flows = HashMap::new();
        let mut scenarios = HashMap::new();
        let mut sources = HashMap::new();
        for lang in LANGS {
            let rel = format!("data/flow/{lang}.toml");
            match files.read(&rel).and_then(|src| {
                let f = flow_from_source(&src)?;
                Ok((src, f))
            }) {
                Ok((src, f)) => {
                    flows.insert(lang.to_string(), f);
                    sources.insert(lang.to_string(), src);
                }
                Err(e) => errors.push(e),
            }
            let rel = format!("data/training/{lang}.toml");
            match files.read(&rel).and_then(|src| scenarios_from_source(&src)) {
                Ok(s) => {
                    scenarios.insert(lang.to_string(), s);
                }
                Err(e) => errors.push(e),
            }
        }
        let catalogue = match files
            .read(CATALOGUE)
            .and_then(|s| catalogue_from_source(&s))
        {
            Ok(c) => c,
            Err(e) => {
                errors.push(e);
                Vec::new()
            }
        };
        if errors.is_empty() {
            if let Err(e) = same_ids(&flows, &sources) {
                errors.push(e);
            }
            if let Err(e) = same_scenarios(&scenarios, files) {
                errors.push(e);
            }
        }
        if errors.is_empty() {
            Ok(VisitData {
                flows,
                scenarios,
                catalogue,
            })
        } else {
            Err(errors)
        }
    }

    /// The flow in `lang` (English when the language has none).
    pub fn flow(&self, lang: &str) -> &Flow {
        self.flows
            .get(lang)
            .or_else(|| self.flows.get("en"))
            .expect("both languages are loaded")
    }

    pub fn scenarios(&self, lang: &str) -> &[Scenario] {
        self.scenarios
            .get(lang)
            .or_else(|| self.scenarios.get("en"))
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    pub fn scenario(&self, lang: &str, id: &str) -> Option<&Scenario> {
        self.scenarios(lang).iter().find(|s| s.id == id)
    }
}

/// The line of the `n`th line (0-based) whose trimmed text is `header`.
fn nth_line(src: &Source, header: &str, n: usize) -> Option<usize> {
    src.text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == header)
        .nth(n)
        .map(|(i, _)| i + 1)
}

/// The first line containing `needle`.
fn line_with(src: &Source, needle: &str) -> Option<usize> {
    src.text
        .lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
}

pub fn flow_from_source(src: &Source) -> Result<Flow, DataError> {
    let f: Flow = src.parse()?;
    if f.steps.len() != STEPS {
        return Err(src.error(
            nth_line(src, "[[steps]]", f.steps.len().min(STEPS)),
            format!(
                "steps: the flow has eight steps ({}), found {}",
                STEP_IDS.join(", "),
                f.steps.len()
            ),
        ));
    }
    check_steps(&f, src)?;
    for key in f.festivals.keys() {
        if !FESTIVALS.contains(&key.as_str()) {
            return Err(src.error(
                src.line_of("festivals", key),
                format!(
                    "festivals.{key}: unknown festival; known: {}",
                    FESTIVALS.join(", ")
                ),
            ));
        }
    }
    check_care(&f, src)?;
    for kind in ObjectionKind::ALL {
        if f.answers(kind).is_empty() {
            return Err(src.error(
                src.line_of("objections", kind.id())
                    .or_else(|| line_with(src, "[objections]")),
                format!("objections.{}: at least one suggested answer", kind.id()),
            ));
        }
    }
    if f.signals.is_empty() {
        return Err(src.error(None, "signals: at least one buying signal"));
    }
    Ok(f)
}

/// `[[steps]]`: each step's id in order, a checklist of distinct items, a
/// title and a short name.
fn check_steps(f: &Flow, src: &Source) -> Result<(), DataError> {
    for (i, (s, want)) in f.steps.iter().zip(STEP_IDS).enumerate() {
        let at = nth_line(src, "[[steps]]", i);
        if s.id != want {
            return Err(src.error(
                line_with(src, &format!("id = \"{}\"", s.id)).or(at),
                format!("steps[{}]: id \"{}\", expected \"{want}\"", i + 1, s.id),
            ));
        }
        if s.checklist.is_empty() {
            return Err(src.error(at, format!("steps[{}] {want}: an empty checklist", i + 1)));
        }
        let mut seen: Vec<&str> = Vec::new();
        for c in &s.checklist {
            if c.id.is_empty() || c.text.trim().is_empty() || seen.contains(&c.id.as_str()) {
                return Err(src.error(
                    line_with(src, &format!("id = \"{}\"", c.id)).or(at),
                    format!(
                        "steps[{}] {want}: checklist item \"{}\" is empty or listed twice",
                        i + 1,
                        c.id
                    ),
                ));
            }
            seen.push(&c.id);
        }
        if s.title.trim().is_empty() || s.short.trim().is_empty() {
            return Err(src.error(
                at,
                format!("steps[{}] {want}: title and short are needed", i + 1),
            ));
        }
    }
    Ok(())
}

/// `[care]`: notes for every material, and no unknown material.
fn check_care(f: &Flow, src: &Source) -> Result<(), DataError> {
    for c in CATEGORIES {
        match f.care.get(c) {
            Some(notes) if !notes.is_empty() => {}
            _ => {
                return Err(src.error(
                    src.line_of("care", c).or_else(|| line_with(src, "[care]")),
                    format!("care.{c}: care notes are needed for every material"),
                ));
            }
        }
    }
    for key in f.care.keys() {
        if !CATEGORIES.contains(&key.as_str()) {
            return Err(src.error(
                src.line_of("care", key),
                format!(
                    "care.{key}: unknown material; known: {}",
                    CATEGORIES.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

pub fn scenarios_from_source(src: &Source) -> Result<Vec<Scenario>, DataError> {
    let f: ScenarioFile = src.parse()?;
    if f.scenarios.len() < MIN_SCENARIOS {
        return Err(src.error(
            None,
            format!(
                "scenarios: at least {MIN_SCENARIOS} scenario cards, found {}",
                f.scenarios.len()
            ),
        ));
    }
    let mut ids: Vec<&str> = Vec::new();
    for (i, s) in f.scenarios.iter().enumerate() {
        let at = line_with(src, &format!("id = \"{}\"", s.id))
            .or_else(|| nth_line(src, "[[scenarios]]", i));
        if s.id.is_empty() || ids.contains(&s.id.as_str()) {
            return Err(src.error(
                at,
                format!(
                    "scenarios[{}]: id \"{}\" is empty or used twice",
                    i + 1,
                    s.id
                ),
            ));
        }
        ids.push(&s.id);
        if s.says.len() != STEPS {
            return Err(src.error(
                at,
                format!(
                    "scenarios[{}] {}: says needs one line per step (8), found {}",
                    i + 1,
                    s.id,
                    s.says.len()
                ),
            ));
        }
        if s.objections.is_empty() || s.good.is_empty() {
            return Err(src.error(
                at,
                format!(
                    "scenarios[{}] {}: objections and good need at least one entry",
                    i + 1,
                    s.id
                ),
            ));
        }
    }
    Ok(f.scenarios)
}

pub fn catalogue_from_source(src: &Source) -> Result<Vec<CatalogueProduct>, DataError> {
    let f: CatalogueFile = src.parse()?;
    let mut seen: Vec<&str> = Vec::new();
    for p in &f.products {
        let at = line_with(src, &format!("style_no = \"{}\"", p.style_no));
        if p.style_no.trim().is_empty() || seen.contains(&p.style_no.as_str()) {
            return Err(src.error(
                at,
                format!(
                    "products: style_no \"{}\" is empty or used twice",
                    p.style_no
                ),
            ));
        }
        seen.push(&p.style_no);
        if !CATEGORIES.contains(&p.category.as_str()) {
            return Err(src.error(
                line_with(src, &format!("category = \"{}\"", p.category)).or(at),
                format!(
                    "{}: unknown category \"{}\"; known: {}",
                    p.style_no,
                    p.category,
                    CATEGORIES.join(", ")
                ),
            ));
        }
        if p.price_fen < 0 {
            return Err(src.error(
                line_with(src, &format!("price_fen = {}", p.price_fen)).or(at),
                format!("{}: price_fen cannot be negative", p.style_no),
            ));
        }
    }
    Ok(f.products)
}

/// Both languages must tick the same checklist and signal ids.
fn same_ids(
    flows: &HashMap<String, Flow>,
    sources: &HashMap<String, Source>,
) -> Result<(), DataError> {
    let (Some(en), Some(zh)) = (flows.get("en"), flows.get("zh-CN")) else {
        return Ok(());
    };
    let src = &sources["zh-CN"];
    for (i, (a, b)) in en.steps.iter().zip(&zh.steps).enumerate() {
        let ia: Vec<&str> = a.checklist.iter().map(|c| c.id.as_str()).collect();
        let ib: Vec<&str> = b.checklist.iter().map(|c| c.id.as_str()).collect();
        if ia != ib {
            return Err(src.error(
                nth_line(src, "[[steps]]", i),
                format!(
                    "steps[{}] {}: checklist ids {ib:?} differ from the English file's {ia:?}",
                    i + 1,
                    a.id
                ),
            ));
        }
    }
    let sa: Vec<&str> = en.signals.iter().map(|s| s.id.as_str()).collect();
    let sb: Vec<&str> = zh.signals.iter().map(|s| s.id.as_str()).collect();
    if sa != sb {
        return Err(src.error(
            nth_line(src, "[[signals]]", 0),
            format!("signals: ids {sb:?} differ from the English file's {sa:?}"),
        ));
    }
    Ok(())
}

/// Both languages must hold the same cards with the same objection kinds.
fn same_scenarios(s: &HashMap<String, Vec<Scenario>>, files: &Files) -> Result<(), DataError> {
    let (Some(en), Some(zh)) = (s.get("en"), s.get("zh-CN")) else {
        return Ok(());
    };
    let src = files.read("data/training/zh-CN.toml")?;
    if en.len() != zh.len() {
        return Err(src.error(
            None,
            format!(
                "{} scenario cards here, {} in the English file",
                zh.len(),
                en.len()
            ),
        ));
    }
    for (a, b) in en.iter().zip(zh) {
        let ka: Vec<ObjectionKind> = a.objections.iter().map(|o| o.kind).collect();
        let kb: Vec<ObjectionKind> = b.objections.iter().map(|o| o.kind).collect();
        if a.id != b.id || ka != kb {
            return Err(src.error(
                line_with(&src, &format!("id = \"{}\"", b.id)),
                format!(
                    "scenario \"{}\": the English file has \"{}\" here, with objection kinds {ka:?}",
                    b.id, a.id
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(label: &str, text: String) -> Source {
        Source {
            label: label.into(),
            text,
        }
    }

    fn shipped(rel: &str) -> String {
        Files::built_in().read(rel).unwrap().text
    }

    #[test]
    fn the_shipped_files_load_in_both_languages() {
        let d = VisitData::load(&Files::locate(None)).unwrap();
        for lang in LANGS {
            assert_eq!(d.flow(lang).steps.len(), 8);
            assert!(d.scenarios(lang).len() >= MIN_SCENARIOS);
        }
        assert!(d.catalogue.iter().any(|p| p.category == "suit"));
        assert!(d.catalogue.iter().any(|p| p.category == "leather"));
        VisitData::load(&Files::built_in()).unwrap();
    }

    #[test]
    fn a_step_out_of_order_names_its_line() {
        let text = shipped("data/flow/en.toml").replacen("id = \"attend\"", "id = \"atend\"", 1);
        let e = flow_from_source(&src("f.toml", text.clone())).unwrap_err();
        let line = text.lines().position(|l| l.contains("\"atend\"")).unwrap() + 1;
        assert_eq!(e.line, Some(line), "{e}");
        assert!(e.message.contains("expected \"attend\""), "{e}");
    }

    #[test]
    fn malformed_toml_names_its_line() {
        let text = shipped("data/flow/zh-CN.toml").replacen("short = \"迎宾\"", "short = ", 1);
        let e = flow_from_source(&src("f.toml", text.clone())).unwrap_err();
        let line = text
            .lines()
            .position(|l| l.starts_with("short = "))
            .unwrap()
            + 1;
        assert_eq!(e.line, Some(line), "{e}");
    }

    #[test]
    fn an_unknown_festival_and_a_missing_material_are_refused() {
        let text = shipped("data/flow/en.toml").replacen("christmas =", "xmas =", 1);
        let e = flow_from_source(&src("f.toml", text)).unwrap_err();
        assert!(e.message.contains("unknown festival"), "{e}");
        let text = shipped("data/flow/en.toml").replacen("leather = [", "leathers = [", 1);
        let e = flow_from_source(&src("f.toml", text)).unwrap_err();
        assert!(e.message.contains("care.leather"), "{e}");
    }

    #[test]
    fn a_scenario_with_seven_lines_is_refused() {
        let text =
            shipped("data/training/en.toml").replacen("    \"(hurries in) Hello.\",\n", "", 1);
        let e = scenarios_from_source(&src("t.toml", text.clone())).unwrap_err();
        let line = text
            .lines()
            .position(|l| l.contains("\"business_suit\""))
            .unwrap()
            + 1;
        assert_eq!(e.line, Some(line), "{e}");
        assert!(e.message.contains("found 7"), "{e}");
    }

    #[test]
    fn an_unknown_objection_kind_is_refused_with_its_line() {
        let text =
            shipped("data/training/en.toml").replacen("kind = \"drawback\"", "kind = \"price\"", 1);
        let e = scenarios_from_source(&src("t.toml", text.clone())).unwrap_err();
        let line = text.lines().position(|l| l.contains("\"price\"")).unwrap() + 1;
        assert_eq!(e.line, Some(line), "{e}");
    }

    #[test]
    fn a_catalogue_product_of_unknown_material_is_refused() {
        let text = shipped(CATALOGUE).replacen("category = \"leather\"", "category = \"fur\"", 1);
        let e = catalogue_from_source(&src("c.toml", text.clone())).unwrap_err();
        let line = text.lines().position(|l| l.contains("\"fur\"")).unwrap() + 1;
        assert_eq!(e.line, Some(line), "{e}");
    }

    #[test]
    fn languages_with_different_checklist_ids_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("data/flow")).unwrap();
        let zh = shipped("data/flow/zh-CN.toml").replacen("id = \"smile\"", "id = \"grin\"", 1);
        std::fs::write(dir.path().join("data/flow/zh-CN.toml"), zh).unwrap();
        let e = VisitData::load(&Files::at(dir.path())).unwrap_err();
        assert!(e[0].message.contains("differ from the English"), "{}", e[0]);
        assert!(e[0].file.ends_with("data/flow/zh-CN.toml"), "{}", e[0]);
    }
}
