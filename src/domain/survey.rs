//! The satisfaction survey 顾客满意度调查 (DOMAIN §4, §8): a few questions
//! scored 1 to 5, free text after. Used alone, at the end of a complaint,
//! and as the outcome of a callback.

use serde::Deserialize;

use crate::domain::complaint::ids;

pub const MIN_SCORE: u8 = 1;
pub const MAX_SCORE: u8 = 5;

ids! {
    /// What a survey was taken for.
    SurveySource {
        /// On its own: in the shop, on the phone, a card filled in.
        Standalone = "standalone",
        /// At the end of a complaint.
        Complaint = "complaint",
        /// The outcome of a purchase callback 消费回访.
        Callback = "callback",
    }
}

/// A question, with its text in each language the app speaks.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub en: String,
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
}

impl Question {
    pub fn text(&self, lang: &str) -> &str {
        if lang == "zh-CN" {
            &self.zh_cn
        } else {
            &self.en
        }
    }
}

/// Why a survey cannot be kept; `code()` names the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyFault {
    /// The question at this position has no score yet.
    Unanswered(usize),
    /// A score outside 1–5 at this position.
    OutOfRange(usize),
}

impl SurveyFault {
    pub fn code(self) -> &'static str {
        match self {
            SurveyFault::Unanswered(_) => "score_required",
            SurveyFault::OutOfRange(_) => "score_range",
        }
    }

    pub fn index(self) -> usize {
        match self {
            SurveyFault::Unanswered(i) | SurveyFault::OutOfRange(i) => i,
        }
    }
}

/// Every question answered with a score from 1 to 5.
pub fn check_scores(scores: &[Option<u8>]) -> Result<Vec<u8>, Vec<SurveyFault>> {
    let mut faults = Vec::new();
    let mut out = Vec::new();
    for (i, s) in scores.iter().enumerate() {
        match s {
            None => faults.push(SurveyFault::Unanswered(i)),
            Some(v) if !(MIN_SCORE..=MAX_SCORE).contains(v) => {
                faults.push(SurveyFault::OutOfRange(i))
            }
            Some(v) => out.push(*v),
        }
    }
    if faults.is_empty() {
        Ok(out)
    } else {
        Err(faults)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_question_needs_a_score_from_one_to_five() {
        assert_eq!(check_scores(&[Some(5), Some(1)]), Ok(vec![5, 1]));
        assert_eq!(
            check_scores(&[Some(5), None, Some(6)]),
            Err(vec![SurveyFault::Unanswered(1), SurveyFault::OutOfRange(2)])
        );
        assert_eq!(SurveyFault::Unanswered(1).code(), "score_required");
    }
}
