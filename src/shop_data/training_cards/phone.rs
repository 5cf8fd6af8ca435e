//! Phone cards: a purchase callback, a miss-you call or a repair-ready
//! call, with the questions that must become dated follow-ups.

use super::*;

/// The kind of call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    Purchase,
    MissYou,
    RepairReady,
}

impl CallKind {
    pub const ALL: [CallKind; 3] = [CallKind::Purchase, CallKind::MissYou, CallKind::RepairReady];

    pub fn id(self) -> &'static str {
        match self {
            CallKind::Purchase => "purchase",
            CallKind::MissYou => "miss_you",
            CallKind::RepairReady => "repair_ready",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneAnswer {
    pub asked: String,
    pub says: String,
}

/// A question that must become a dated follow-up.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneFollowUp {
    pub id: String,
    pub question: String,
    pub within_days: u32,
}

/// A phone card.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneCard {
    pub id: String,
    pub kind: CallKind,
    pub title: String,
    pub persona: String,
    pub answers: Vec<PhoneAnswer>,
    pub follow_ups: Vec<PhoneFollowUp>,
}

impl PhoneCard {
    /// What the scoring rules check.
    pub fn due(&self) -> Vec<DueFollowUp> {
        self.follow_ups
            .iter()
            .map(|f| DueFollowUp {
                id: f.id.clone(),
                within_days: f.within_days,
            })
            .collect()
    }
}

impl Card for PhoneCard {
    fn id(&self) -> &str {
        &self.id
    }
    fn facts(&self) -> String {
        let f: Vec<String> = self
            .follow_ups
            .iter()
            .map(|f| format!("{} within {} days", f.id, f.within_days))
            .collect();
        format!("{}: {}", self.kind.id(), f.join(", "))
    }
}

pub fn phone_from_source(src: &Source) -> Result<Vec<PhoneCard>, DataError> {
    let f: CardFile<PhoneCard> = src.parse()?;
    common_checks(src, &f.cards)?;
    for (i, c) in f.cards.iter().enumerate() {
        let at = card_line(src, &c.id, i);
        if blank(&[&c.title, &c.persona]) || c.answers.is_empty() || c.follow_ups.is_empty() {
            return Err(src.error(
                at,
                format!(
                    "cards[{}] {}: title, persona, at least one answer and at least one follow-up are needed",
                    i + 1,
                    c.id
                ),
            ));
        }
        let mut ids: Vec<&str> = Vec::new();
        for fu in &c.follow_ups {
            if fu.id.trim().is_empty()
                || fu.question.trim().is_empty()
                || ids.contains(&fu.id.as_str())
            {
                return Err(src.error(
                    line_with(src, &format!("id = \"{}\"", fu.id)).or(at),
                    format!(
                        "cards[{}] {}: follow-up \"{}\" has no question, or its id is empty or used twice",
                        i + 1,
                        c.id,
                        fu.id
                    ),
                ));
            }
            ids.push(&fu.id);
        }
    }
    for kind in CallKind::ALL {
        let n = f.cards.iter().filter(|c| c.kind == kind).count();
        if n < 2 {
            return Err(src.error(
                None,
                format!("cards: at least two {} calls, found {n}", kind.id()),
            ));
        }
    }
    Ok(f.cards)
}
