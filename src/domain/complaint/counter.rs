//! The nine steps at the counter [S1]: listen, talk, apologise, analyse and
//! restate, explain, resolve, compensate, result, feedback. The associate
//! ticks them while the customer talks; each step checks what it records.

use super::flow::{MoveFault, check_resolution};
use super::routing::Category;
use super::{Compensation, Resolution, ids, parse_yuan};

ids! {
    Step {
        /// 倾听, 移情: let them say everything.
        Listen = "listen",
        /// 交谈: calm the feelings.
        Talk = "talk",
        /// 真诚的道歉: right or wrong.
        Apologise = "apologise",
        /// 分析, 复述: analyse and restate the problem.
        Restate = "restate",
        /// 解释: show the will to resolve.
        Explain = "explain",
        /// 处理: a fair solution, action not words.
        Resolve = "resolve",
        /// 赔偿: something of added value.
        Compensate = "compensate",
        /// 结果: satisfied? if not, a final offer on the spot.
        Result = "result",
        /// 反馈: a follow-up action.
        Feedback = "feedback",
    }
}

impl Step {
    /// 1 to 9.
    pub fn number(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }
}

ids! {
    /// What a step records, for messages beside the field.
    CounterField {
        Customer = "customer",
        Words = "words",
        Category = "category",
        Product = "product",
        Batch = "batch",
        Restated = "restated",
        Resolution = "resolution",
        Solution = "solution",
        CompensationValue = "compensation_value",
        Satisfied = "satisfied",
        FinalOffer = "final_offer",
        FinalAccepted = "final_accepted",
        FollowUp = "follow_up",
    }
}

/// What has been recorded at the counter so far.
#[derive(Debug, Clone, Default)]
pub struct CounterRecord<'a> {
    pub customer_known: bool,
    pub words: &'a str,
    pub category: Option<&'a Category>,
    pub product: &'a str,
    pub batch: &'a str,
    pub restated: &'a str,
    pub resolution: Option<Resolution>,
    pub solution: &'a str,
    pub compensation: Option<Compensation>,
    pub compensation_value: &'a str,
    pub satisfied: Option<bool>,
    pub final_offer: &'a str,
    pub final_accepted: Option<bool>,
    pub follow_up: &'a str,
}

impl CounterRecord<'_> {
    /// The compensation's value in fen (0 when none was given).
    pub fn compensation_fen(&self) -> Option<i64> {
        match self.compensation {
            None | Some(Compensation::None) => Some(0),
            Some(_) => parse_yuan(self.compensation_value),
        }
    }

    /// Settled on the spot: satisfied, or the final offer accepted.
    pub fn resolved_here(&self) -> bool {
        self.satisfied == Some(true)
            || (self.satisfied == Some(false) && self.final_accepted == Some(true))
    }
}

/// The problems of one step, each on its field with a message code.
pub fn check_step(step: Step, r: &CounterRecord) -> Vec<(CounterField, &'static str)> {
    let mut out = Vec::new();
    let empty = |s: &str| s.trim().is_empty();
    match step {
        Step::Listen => {
            if !r.customer_known {
                out.push((CounterField::Customer, "customer_required"));
            }
            if empty(r.words) {
                out.push((CounterField::Words, "required"));
            }
        }
        Step::Talk | Step::Apologise | Step::Explain => {}
        Step::Restate => {
            match r.category {
                None => out.push((CounterField::Category, "choose")),
                Some(c) => {
                    if c.needs_product && empty(r.product) {
                        out.push((CounterField::Product, "product_required"));
                    }
                    if c.needs_batch && empty(r.batch) {
                        out.push((CounterField::Batch, "batch_required"));
                    }
                }
            }
            if empty(r.restated) {
                out.push((CounterField::Restated, "required"));
            }
        }
        Step::Resolve => {
            match r.resolution {
                None => out.push((CounterField::Resolution, "choose")),
                Some(res) => {
                    if let Err(MoveFault::Forbidden(_)) = check_resolution(r.category, res) {
                        out.push((CounterField::Resolution, "forbidden"));
                    }
                }
            }
            if empty(r.solution) {
                out.push((CounterField::Solution, "required"));
            }
        }
        Step::Compensate => match r.compensation_fen() {
            None => out.push((CounterField::CompensationValue, "amount")),
            Some(0) if !matches!(r.compensation, None | Some(Compensation::None)) => {
                out.push((CounterField::CompensationValue, "amount_zero"))
            }
            Some(_) => {}
        },
        Step::Result => match r.satisfied {
            None => out.push((CounterField::Satisfied, "choose")),
            Some(true) => {}
            Some(false) => {
                if empty(r.final_offer) {
                    out.push((CounterField::FinalOffer, "final_offer_required"));
                }
                if r.final_accepted.is_none() {
                    out.push((CounterField::FinalAccepted, "choose"));
                }
            }
        },
        Step::Feedback => {
            if empty(r.follow_up) {
                out.push((CounterField::FollowUp, "required"));
            }
        }
    }
    out
}

/// The first step with a problem, with its problems; none when all nine pass.
pub fn first_unfinished(r: &CounterRecord) -> Option<(Step, Vec<(CounterField, &'static str)>)> {
    Step::ALL.iter().find_map(|s| {
        let e = check_step(*s, r);
        (!e.is_empty()).then_some((*s, e))
    })
}
