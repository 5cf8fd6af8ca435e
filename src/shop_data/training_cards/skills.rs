//! The pass marks and the ready rule of `data/training/skills.toml`.

use super::*;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SkillsFile {
    skills: SkillsTable,
    /// Older files have none: the shipped values then.
    #[serde(default)]
    ready: Option<ReadyTable>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadyTable {
    cards_passed: u32,
    latest_passed: bool,
    recent: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SkillsTable {
    visit_percent: u32,
    desk_percent: u32,
    counter_percent: u32,
    phone_percent: u32,
    forbidden_phrase_fails: bool,
    /// Older files have none: 2, as shipped.
    #[serde(default = "two")]
    counter_angrier_steps_escalate: u32,
}

fn two() -> u32 {
    2
}

pub fn thresholds_from_source(src: &Source) -> Result<Thresholds, DataError> {
    let f: SkillsFile = src.parse()?;
    let s = f.skills;
    for (key, v) in [
        ("visit_percent", s.visit_percent),
        ("desk_percent", s.desk_percent),
        ("counter_percent", s.counter_percent),
        ("phone_percent", s.phone_percent),
    ] {
        if v > 100 {
            return Err(src.error(
                src.line_of("skills", key),
                format!("skills.{key}: a pass mark is a percent, 0 to 100; found {v}"),
            ));
        }
    }
    if !(1..=9).contains(&s.counter_angrier_steps_escalate) {
        return Err(src.error(
            src.line_of("skills", "counter_angrier_steps_escalate"),
            format!(
                "skills.counter_angrier_steps_escalate: 1 to 9 (the counter has nine steps); found {}",
                s.counter_angrier_steps_escalate
            ),
        ));
    }
    Ok(Thresholds {
        counter_angrier_steps_escalate: s.counter_angrier_steps_escalate,
        visit_percent: s.visit_percent,
        desk_percent: s.desk_percent,
        counter_percent: s.counter_percent,
        phone_percent: s.phone_percent,
        forbidden_phrase_fails: s.forbidden_phrase_fails,
    })
}

/// When a skill passes and a trainee is ready (`[ready]`); the shipped
/// values when the file has no such table.
pub fn ready_from_source(src: &Source) -> Result<Ready, DataError> {
    let f: SkillsFile = src.parse()?;
    let Some(r) = f.ready else {
        return Ok(Ready::default());
    };
    for (key, v, max) in [
        ("cards_passed", r.cards_passed, 100),
        ("recent", r.recent, 100),
    ] {
        if v == 0 || v > max {
            return Err(src.error(
                src.line_of("ready", key),
                format!("ready.{key}: 1 to {max}; found {v}"),
            ));
        }
    }
    Ok(Ready {
        cards_passed: r.cards_passed,
        latest_passed: r.latest_passed,
        recent: r.recent,
    })
}

/// Nobody could ever be ready when a skill has fewer cards than must pass.
pub(super) fn enough_cards(
    src: &Source,
    r: &Ready,
    counts: &[&dyn CardCount],
) -> Option<DataError> {
    let fewest = counts.iter().map(|c| c.fewest()).min()?;
    (r.cards_passed as usize > fewest).then(|| {
        src.error(
            src.line_of("ready", "cards_passed"),
            format!(
                "ready.cards_passed: {} different cards must pass, but a skill has only {fewest}",
                r.cards_passed
            ),
        )
    })
}

/// The fewest cards a skill has in any language.
pub(super) trait CardCount {
    fn fewest(&self) -> usize;
}

impl<T> CardCount for HashMap<String, Vec<T>> {
    fn fewest(&self) -> usize {
        self.values().map(Vec::len).min().unwrap_or(0)
    }
}
