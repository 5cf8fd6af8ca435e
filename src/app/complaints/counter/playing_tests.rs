//! The scripted customer's reactions and the counter card's score, on the
//! shipped cards and the English words.

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::app::complaints::fields::{Fields, Fld};
use crate::app::practice::Said;
use crate::shop_data::files::Files;
use crate::shop_data::training_cards::counter_from_source;

fn setup(id: &str) -> (CounterPractice, Locale) {
    let files = Files::built_in();
    let loc = Locale::load(&files, "en").unwrap();
    let cards = counter_from_source(&files.read("data/training/counter.en.toml").unwrap()).unwrap();
    let card = cards.iter().find(|c| c.id == id).unwrap();
    (
        CounterPractice::new(card, "Ms Ma", "13900000001", &loc),
        loc,
    )
}

/// A step's fields with the trainee's words in "say".
fn saying(words: &str) -> Fields {
    let mut f = Fields::new(vec![Fld::text("say", "You say", "", 300)]);
    f.set_text("say", words);
    f
}

fn at(minute: u32) -> Option<DateTime<Utc>> {
    Some(Utc.with_ymd_and_hms(2026, 11, 23, 2, minute, 0).unwrap())
}

/// Ticks all nine with `words` at each, `resolution` chosen at Resolve.
fn play(p: &mut CounterPractice, loc: &Locale, words: &[&str; 9], resolution: &str) {
    for (i, step) in Step::ALL.iter().enumerate() {
        let angry = p.proposing(*step, resolution, loc);
        p.ticked(*step, &saying(words[i]), angry, loc);
    }
}

fn last_customer(p: &CounterPractice) -> Vec<(Mood, String)> {
    (p.playing.said.iter())
        .filter_map(|s| match s {
            Said::Customer(m, t) => Some((*m, t.clone())),
            Said::Coach(_) => None,
        })
        .collect()
}

const GOOD: [&str; 9] = [
    "Please tell me everything.",
    "That must have been frightening.",
    "I am truly sorry.",
    "So the night cream gave you a rash?",
    "Quality will examine the jar and its batch.",
    "A full refund today.",
    "A fragrance-free balm, for your trouble.",
    "Are you satisfied with this?",
    "We will call you on Thursday.",
];

#[test]
fn a_card_handled_well_calms_the_customer_and_passes() {
    let (mut p, loc) = setup("cream_rash");
    play(&mut p, &loc, &GOOD, "refund");
    let said = last_customer(&p);
    assert_eq!(said[0].1, p.card.steps[0].says);
    assert!(said.iter().all(|(m, _)| *m != Mood::Angrier), "{said:?}");
    assert!(said.iter().any(|(_, t)| *t == p.card.steps[5].calmer));
    let ticks = [
        at(1),
        at(2),
        at(3),
        at(4),
        at(5),
        at(6),
        at(7),
        at(8),
        at(9),
    ];
    let (card, lines, escalated) = p.score(&ticks, &Thresholds::default(), &loc);
    assert!(card.passed && !escalated);
    assert_eq!(card.percent, 100);
    assert_eq!(lines.len(), card.lines.len() + 1);
    assert_eq!(lines[0].what, "Step 1 Listen: done, in order");
    assert!(lines[0].why.contains("[S1]"), "{}", lines[0].why);
    assert_eq!(
        lines.last().unwrap().what,
        "Ending: the customer left satisfied"
    );
}

#[test]
fn a_skin_reaction_sent_to_the_manufacturer_is_heard_and_fails_the_card() {
    let (mut p, loc) = setup("cream_rash");
    play(&mut p, &loc, &GOOD, "refer_manufacturer");
    let said = last_customer(&p);
    assert!(
        said.contains(&(Mood::Angrier, p.card.steps[5].angrier.clone())),
        "{said:?}"
    );
    let ticks = [
        at(1),
        at(2),
        at(3),
        at(4),
        at(5),
        at(6),
        at(7),
        at(8),
        at(9),
    ];
    let (card, lines, escalated) = p.score(&ticks, &Thresholds::default(), &loc);
    assert!(!card.passed && escalated);
    let sent = (lines.iter())
        .find(|l| l.what == "Answered: Refer to the manufacturer")
        .expect("the answer named");
    assert!(!sent.right && sent.why.contains("[S4]"), "{sent:?}");
}

#[test]
fn a_forbidden_phrase_is_matched_without_case_and_angers_the_customer() {
    let (mut p, loc) = setup("shrunk_shirt");
    let mut words = GOOD;
    words[1] = "Honestly, You Washed It Wrong.";
    play(&mut p, &loc, &words, "exchange");
    let said = last_customer(&p);
    assert!(said.contains(&(Mood::Angrier, p.card.steps[1].angrier.clone())));
    let ticks = [
        at(1),
        at(2),
        at(3),
        at(4),
        at(5),
        at(6),
        at(7),
        at(8),
        at(9),
    ];
    let (card, lines, escalated) = p.score(&ticks, &Thresholds::default(), &loc);
    assert!(!card.passed && escalated, "{}", card.percent);
    let l = (lines.iter())
        .find(|l| l.what == "Said \"you washed it wrong\"")
        .unwrap();
    assert!(!l.right && l.why.contains("[S3]"));
}

#[test]
fn steps_that_are_only_words_ticked_in_silence_are_not_done_and_the_customer_escalates() {
    let (mut p, loc) = setup("rude_associate");
    let mut words = GOOD;
    words[2] = "";
    words[4] = " ";
    play(&mut p, &loc, &words, "other");
    let ticks = [
        at(1),
        at(2),
        at(3),
        at(4),
        at(5),
        at(6),
        at(7),
        at(8),
        at(9),
    ];
    let (card, lines, escalated) = p.score(&ticks, &Thresholds::default(), &loc);
    assert!(escalated);
    assert_eq!(
        lines[2].what,
        "Step 3 Apologise: ticked without a word to the customer"
    );
    assert!(!lines[2].right && !lines[4].right && lines[3].right);
    // 9 steps and 3 phrases: two steps missed.
    assert_eq!(card.percent, 10 * 100 / 12);
    assert_eq!(lines.last().unwrap().what, "Ending: the customer escalated");
}

#[test]
fn one_angry_step_without_a_forbidden_word_still_ends_satisfied() {
    let (mut p, loc) = setup("late_repair");
    let mut words = GOOD;
    words[1] = "";
    play(&mut p, &loc, &words, "repair");
    let ticks = [
        at(1),
        at(2),
        at(3),
        at(4),
        at(5),
        at(6),
        at(7),
        at(8),
        at(9),
    ];
    let (_, _, escalated) = p.score(&ticks, &Thresholds::default(), &loc);
    assert!(!escalated);
}

#[test]
fn steps_are_scored_in_the_order_they_were_ticked() {
    let (mut p, loc) = setup("torn_parcel");
    play(&mut p, &loc, &GOOD, "exchange");
    // Step 3 ticked after step 4 (the counter forbids it; the score still checks).
    let ticks = [
        at(1),
        at(2),
        at(5),
        at(4),
        at(6),
        at(7),
        at(8),
        at(9),
        at(10),
    ];
    let (_, lines, _) = p.score(&ticks, &Thresholds::default(), &loc);
    assert_eq!(lines[3].what, "Step 4 Restate: done, out of order");
}
