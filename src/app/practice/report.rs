//! `aftercare train --progress`: every trainee's progress (or one's) as
//! text for a manager to read, or as a stable JSON document for a script.

use serde_json::{Value, json};

use super::progress::describe;
use crate::domain::training_progress::{SkillProgress, TraineeProgress};
use crate::i18n::Locale;
use crate::shop_data::training_cards::TrainingCards;
use crate::shop_data::visit_flow::VisitData;

/// The JSON document: the rule a skill passes by, then each trainee's
/// ready mark and skills (`visit`, `desk`, `counter`, `phone`) with their
/// attempts, cards passed, last and best, whether each passes, what is
/// still weak and the scores over time. Keys never change with the
/// language; the `what`/`why` words of a weakness are in `loc`'s.
pub fn json(
    trainees: &[TraineeProgress],
    loc: &Locale,
    visit: &VisitData,
    cards: &TrainingCards,
) -> Value {
    let th = &cards.thresholds;
    let skill = |s: &SkillProgress| {
        let weak: Vec<Value> = (s.weak.iter())
            .map(|w| {
                let (what, why) = describe(w, s.skill, loc, visit);
                json!({"check": w.check, "missed": w.missed, "of": w.of, "what": what, "why": why})
            })
            .collect();
        let history: Vec<Value> = (s.history.iter())
            .map(|p| json!({"at": p.at, "card": p.card, "percent": p.percent, "passed": p.passed}))
            .collect();
        json!({
            "attempts": s.attempts,
            "passed_cards": s.cards_passed,
            "cards_needed": s.needed,
            "last": s.last,
            "best": s.best,
            "passes": s.passes,
            "weak": weak,
            "history": history,
        })
    };
    let list: Vec<Value> = (trainees.iter())
        .map(|t| {
            let skills: serde_json::Map<String, Value> = (t.skills.iter())
                .map(|s| (s.skill.id().to_string(), skill(s)))
                .collect();
            let left: Vec<&str> = t.still_to_pass().iter().map(|s| s.id()).collect();
            json!({"trainee": t.trainee, "ready": t.ready, "still_to_pass": left, "skills": skills})
        })
        .collect();
    json!({
        "pass_marks": {
            "visit_percent": th.visit_percent,
            "desk_percent": th.desk_percent,
            "counter_percent": th.counter_percent,
            "phone_percent": th.phone_percent,
            "cards_passed": cards.ready.cards_passed,
            "latest_passed": cards.ready.latest_passed,
            "recent": cards.ready.recent,
        },
        "trainees": list,
    })
}

/// The text: per trainee the ready mark, then per skill its state, figures,
/// scores over time and what is still weak with the reason.
pub fn text(trainees: &[TraineeProgress], loc: &Locale, visit: &VisitData) -> String {
    let mut out = Vec::new();
    for t in trainees {
        let ready = if t.ready {
            loc.t("progress.ready").to_string()
        } else {
            let left: Vec<&str> = (t.still_to_pass().into_iter())
                .map(|s| crate::ui::practice::skill_name(loc, s))
                .collect();
            loc.f(
                "progress.not_ready",
                &[("skills", &left.join(loc.t("progress.list_sep")))],
            )
        };
        out.push(loc.f(
            "progress.cli_trainee",
            &[("trainee", &t.trainee), ("ready", &ready)],
        ));
        for s in &t.skills {
            out.extend(skill_text(s, loc, visit));
        }
    }
    out.join("\n")
}

fn skill_text(s: &SkillProgress, loc: &Locale, visit: &VisitData) -> Vec<String> {
    let name = crate::ui::practice::skill_name(loc, s.skill);
    if s.attempts == 0 {
        return vec![loc.f("progress.cli_none", &[("skill", name)])];
    }
    let state = if s.passes {
        format!("✓ {}", loc.t("progress.passes"))
    } else {
        loc.t("progress.not_yet").to_string()
    };
    let figures = loc.f(
        "progress.figures",
        &[
            ("attempts", &s.attempts.to_string()),
            ("passed", &s.cards_passed.len().to_string()),
            ("needed", &s.needed.to_string()),
            ("last", &s.last.unwrap_or(0).to_string()),
            ("best", &s.best.unwrap_or(0).to_string()),
        ],
    );
    let mut out = vec![loc.f(
        "progress.cli_skill",
        &[("skill", name), ("state", &state), ("figures", &figures)],
    )];
    let history: Vec<String> = (s.history.iter().rev())
        .map(|p| {
            format!(
                "{} {} {}%{}",
                crate::app::form::local_time(&p.at),
                p.card,
                p.percent,
                if p.passed { " ✓" } else { "" }
            )
        })
        .collect();
    out.push(format!(
        "    {} {}",
        loc.t("progress.newest"),
        history.join(" · ")
    ));
    for w in &s.weak {
        let (what, why) = describe(w, s.skill, loc, visit);
        let missed = loc.f(
            "progress.missed",
            &[("n", &w.missed.to_string()), ("of", &w.of.to_string())],
        );
        out.push(loc.f("progress.cli_weak", &[("what", &what), ("missed", &missed)]));
        if !why.is_empty() {
            out.push(loc.f("progress.cli_why", &[("why", &why)]));
        }
    }
    out
}
