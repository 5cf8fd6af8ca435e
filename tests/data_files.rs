//! The files we ship, good and bad: every shipped data file loads; every
//! broken one is refused naming its file and line; every string the code
//! asks for exists in both languages.

use aftercare::app::action::BINDABLE;
use aftercare::domain::customer::Field;
use aftercare::i18n::{LANGS, Locale};
use aftercare::keymap::{Context, KeyMap};
use aftercare::shop_data::files::{Files, Source};
use aftercare::shop_data::policy::Policy;
use std::path::Path;

fn files() -> Files {
    Files::at(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn shipped_files_load() {
    let f = files();
    Policy::load(&f).unwrap();
    aftercare::shop_data::visit_flow::VisitData::load(&f).unwrap();
    aftercare::shop_data::greetings::GreetingData::load(&f, 7).unwrap();
    for lang in LANGS {
        Locale::load(&f, lang).unwrap();
    }
    for name in ["default", "vim"] {
        KeyMap::load(&f, name, None).unwrap();
    }
}

/// Each file in tests/invalid_keymaps says on its first line which line and
/// message it must produce: `# expect line N: text`.
#[test]
fn broken_key_maps_are_refused_with_file_and_line() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid_keymaps");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let src = Files::read_path(&path).unwrap();
        let first = src.text.lines().next().unwrap();
        let (line, text) = first
            .strip_prefix("# expect line ")
            .and_then(|r| r.split_once(": "))
            .unwrap_or_else(|| {
                panic!(
                    "{}: first line must be '# expect line N: text'",
                    path.display()
                )
            });
        let errors = KeyMap::from_source(&src).expect_err(&path.display().to_string());
        let e = &errors[0];
        assert_eq!(e.line, Some(line.parse().unwrap()), "{e}");
        assert!(e.message.contains(text.trim()), "{}: {e}", path.display());
        assert!(
            e.to_string().starts_with(&path.display().to_string()),
            "{e}"
        );
        n += 1;
    }
    assert!(n >= 6);
}

/// Keys the code builds from names: every one of them must exist.
fn dynamic_keys() -> Vec<String> {
    let mut keys = Vec::new();
    for (name, _) in BINDABLE {
        keys.push(format!("action.{name}"));
    }
    for c in Context::ALL {
        keys.push(format!("context.{}", c.name()));
    }
    for f in Field::ALL {
        keys.push(format!("field.{}", f.key()));
    }
    for r in ["associate", "manager", "service"] {
        keys.push(format!("role.{r}"));
    }
    for c in ["textile", "knit", "cotton", "suit", "leather", "cosmetic"] {
        keys.push(format!("category.{c}"));
    }
    for s in [
        "received",
        "at_centre",
        "repairing",
        "ready",
        "collected",
        "returned_unrepaired",
    ] {
        keys.push(format!("repair_state.{s}"));
    }
    for g in ["unset", "female", "male", "other"] {
        keys.push(format!("gender.{g}"));
    }
    use aftercare::domain::aftersale::{Condition, Decision, Problem, Request};
    for r in Request::ALL {
        keys.push(format!("request.{}", r.as_str()));
    }
    for p in Problem::ALL {
        keys.push(format!("problem.{}", p.as_str()));
    }
    for c in Condition::ALL {
        keys.push(format!("condition.{}", c.as_str()));
    }
    for d in Decision::ALL {
        keys.push(format!("decision.{}", d.as_str()));
    }
    for f in aftercare::app::repair_form::RFIELDS {
        keys.push(format!("intake.{}", f.key()));
    }
    for s in aftercare::domain::repair::REPAIR_STATES {
        keys.push(format!("repair_state.{s}"));
        if s != "received" {
            keys.push(format!("desk.to_{s}"));
        }
    }
    let policy = Policy::load(&files()).unwrap();
    for kind in ["dry_clean", "leather_care"] {
        keys.push(format!("care_kind.{kind}"));
        for stage in policy.care_jobs.stages(kind) {
            keys.push(format!("care_stage.{stage}"));
        }
    }
    keys.push("care_stage.done".into());
    // Refusals of the after-sale store, shown as desk.<code>.
    for file in ["src/store/repairs.rs", "src/store/care.rs"] {
        let src =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
        for part in src.split("Refused(\"").skip(1) {
            keys.push(format!("desk.{}", part.split('"').next().unwrap()));
        }
    }
    let src = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app/repair_form/save.rs"),
    )
    .unwrap();
    for part in src.split("errors.push((RField::").skip(1) {
        if let Some(code) = part.split('"').nth(1) {
            keys.push(format!("error.{code}"));
        }
    }
    for t in Policy::load(&files()).unwrap().customers.tiers {
        keys.push(format!("tier.{}", t.id));
    }
    keys.extend(complaint_keys());
    // The visit: text fields, objection kinds, closing methods, outcomes, problems.
    keys.extend(aftercare::ui::visit::field_keys());
    keys.extend(aftercare::ui::visit::objection_keys());
    for c in aftercare::domain::visit::Closing::ALL {
        keys.push(format!("closing.{}", c.id()));
    }
    for o in ["bought", "not_bought"] {
        keys.push(format!("outcome.{o}"));
    }
    // The greetings' occasions and kinds, named from their ids.
    for (f, _) in aftercare::domain::occasions::FESTIVALS {
        keys.push(format!("greetings.festival.{f}"));
    }
    for (id, _) in aftercare::domain::occasions::SEASONS {
        keys.push(format!("greetings.season.{id}"));
    }
    for k in aftercare::domain::occasions::Kind::ALL {
        keys.push(format!("greetings.kind.{}", k.id()));
    }
    for lang in LANGS {
        keys.push(format!("greetings.lang_{lang}"));
    }
    for c in ["phone", "name", "occasion", "text", "associate"] {
        keys.push(format!("greetings.csv.{c}"));
    }
    for p in ["no_outcome", "nothing_bought", "lines_marked"] {
        keys.push(format!("visit.problem.{p}"));
    }
    // Every error code the customer checks can return.
    let src = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain/customer.rs"),
    )
    .unwrap()
        + &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/customers.rs"),
        )
        .unwrap();
    for pat in ["Some(\"", "then_some(\"", "code: \""] {
        for part in src.split(pat).skip(1) {
            let code = part.split('"').next().unwrap();
            if code.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                keys.push(format!("error.{code}"));
            }
        }
    }
    keys
}

/// Literal keys in the source: `t("a.b")`, `f("a.b", …)`, `has("a.b")`.
fn literal_keys() -> Vec<String> {
    let mut keys = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for pat in ["t(\"", "f(\"", "has(\""] {
                for part in text.split(pat).skip(1) {
                    let key = part.split('"').next().unwrap();
                    if key.contains('.')
                        && key
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
                    {
                        keys.push(key.to_string());
                    }
                }
            }
        }
    }
    keys
}

#[test]
fn every_string_the_code_asks_for_exists_in_both_languages() {
    assert!(
        literal_keys().len() > 80,
        "the source scan found too few keys"
    );
    let mut missing = Vec::new();
    for lang in LANGS {
        let loc = Locale::load(&files(), lang).unwrap();
        for key in literal_keys().into_iter().chain(dynamic_keys()) {
            if !loc.has(&key) {
                missing.push(format!("{lang}: {key}"));
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "missing locale strings:\n{}",
        missing.join("\n")
    );
}

#[test]
fn a_broken_locale_file_names_its_line() {
    let src = Source {
        label: "data/locales/en.toml".into(),
        text: "[home]\ncallbacks = \"Callbacks\"\ngreetings = \n".into(),
    };
    let e = Locale::from_source("en", &src).unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
}

/// Keys the complaint screens build from ids: states, channels, steps,
/// categories and departments of the shipped routing, export columns,
/// every message code the checks return.
fn complaint_keys() -> Vec<String> {
    use aftercare::domain::complaint::counter::Step;
    use aftercare::domain::complaint::flow::MoveFault;
    use aftercare::domain::complaint::limits::Limit;
    use aftercare::domain::complaint::{Channel, Compensation, Resolution, State, Urgency};
    use aftercare::domain::survey::{SurveyFault, SurveySource};
    use aftercare::export::complaints as ex;
    use aftercare::store::complaints::opinions::OpinionKind;
    let mut keys = Vec::new();
    let mut add = |section: &str, ids: Vec<&str>| {
        for id in ids {
            keys.push(format!("complaints.{section}.{id}"));
        }
    };
    add("state", State::ALL.iter().map(|s| s.id()).collect());
    add("note_for", State::ALL[1..].iter().map(|s| s.id()).collect());
    add("channel", Channel::ALL.iter().map(|s| s.id()).collect());
    add("urgency", Urgency::ALL.iter().map(|s| s.id()).collect());
    add(
        "resolution",
        Resolution::ALL.iter().map(|s| s.id()).collect(),
    );
    add(
        "compensation",
        Compensation::ALL.iter().map(|s| s.id()).collect(),
    );
    add(
        "survey_source",
        SurveySource::ALL.iter().map(|s| s.id()).collect(),
    );
    add(
        "opinion_kind",
        OpinionKind::ALL.iter().map(|s| s.id()).collect(),
    );
    add(
        "limit",
        vec![Limit::FirstResponse.id(), Limit::Resolution.id()],
    );
    add("event", vec!["major", "not_major", "seen", "suggestion"]);
    add(
        "escalation",
        vec!["urgent", "major", "first_response_late", "resolution_late"],
    );
    add("stats", vec!["page0", "page1", "page2", "page3"]);
    add("register", vec!["surveys", "complaints", "opinions"]);
    add(
        "draft",
        vec!["complaint_intake", "complaint_counter", "survey", "opinion"],
    );
    for s in Step::ALL {
        add(&format!("step.{}", s.id()), vec!["title", "tip"]);
    }
    add("export.complaints", ex::COMPLAINT_COLUMNS.to_vec());
    let mut survey_cols = ex::SURVEY_COLUMNS.to_vec();
    survey_cols.extend(ex::SURVEY_TAIL);
    add("export.surveys", survey_cols);
    add("export.opinions", ex::OPINION_COLUMNS.to_vec());
    let rules = aftercare::shop_data::complaint_rules::ServiceRules::load(&files()).unwrap();
    add(
        "category",
        rules
            .routing
            .categories
            .iter()
            .map(|c| c.id.as_str())
            .collect(),
    );
    add(
        "department",
        rules
            .routing
            .departments
            .iter()
            .map(|d| d.id.as_str())
            .collect(),
    );
    let faults = [
        MoveFault::Closed,
        MoveFault::RevisitFirst,
        MoveFault::NotNext {
            next: State::Verified,
        },
        MoveFault::NoteRequired,
        MoveFault::ResolutionRequired,
        MoveFault::Forbidden(Resolution::Refused),
    ];
    let mut codes: Vec<&str> = faults.iter().map(|f| f.code()).collect();
    codes.extend([
        SurveyFault::Unanswered(0).code(),
        SurveyFault::OutOfRange(0).code(),
    ]);
    // The codes the counter and intake checks return, read from their source.
    let src = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain/complaint/counter.rs"),
    )
    .unwrap()
        + &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain/complaint/flow.rs"),
        )
        .unwrap();
    let mut found: Vec<String> = Vec::new();
    for part in src.split("Field::").skip(1) {
        if let Some(code) = part.split('"').nth(1)
            && part.split('"').next().is_some_and(|b| b.ends_with(", "))
            && code.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        {
            found.push(code.to_string());
        }
    }
    assert!(
        found.len() >= 8,
        "the scan of the counter checks found too few codes"
    );
    for c in codes.iter().map(|c| c.to_string()).chain(found) {
        keys.push(format!("complaints.error.{c}"));
    }
    keys
}

// ---- The desk, counter and phone cards (issue 16) ----

mod training_cards {
    use super::files;
    use aftercare::domain::aftersale::decide;
    use aftercare::domain::training_skills::score_desk;
    use aftercare::i18n::LANGS;
    use aftercare::shop_data::files::{Files, Source};
    use aftercare::shop_data::policy::Policy;
    use aftercare::shop_data::training_cards::{
        TrainingCards, counter_from_source, desk_against_policy, desk_from_source,
        phone_from_source, practice_day, thresholds_from_source,
    };

    fn shipped(rel: &str) -> Source {
        files().read(rel).unwrap()
    }

    /// The shipped text with `from` replaced by `to` (once), and the line
    /// where `to` now stands.
    fn broken(rel: &str, from: &str, to: &str) -> (Source, usize) {
        let src = shipped(rel);
        assert!(src.text.contains(from), "{rel} has no {from:?}");
        let text = src.text.replacen(from, to, 1);
        let line = text[..text.find(to).unwrap()].matches('\n').count() + 1;
        (
            Source {
                label: rel.to_string(),
                text,
            },
            line,
        )
    }

    #[test]
    fn every_shipped_card_loads_in_both_languages() {
        let f = files();
        let policy = Policy::load(&f).unwrap();
        let cards = TrainingCards::load(&f, &policy.aftersale).unwrap();
        for lang in LANGS {
            assert!(cards.desk(lang).len() >= 6, "{lang}");
            assert!(cards.counter(lang).len() >= 6, "{lang}");
            assert!(cards.phone(lang).len() >= 6, "{lang}");
            let ids = |v: Vec<&str>| v.join(",");
            assert_eq!(
                ids(cards.desk(lang).iter().map(|c| c.id.as_str()).collect()),
                ids(cards.desk("en").iter().map(|c| c.id.as_str()).collect())
            );
            assert_eq!(
                ids(cards.counter(lang).iter().map(|c| c.id.as_str()).collect()),
                ids(cards.counter("en").iter().map(|c| c.id.as_str()).collect())
            );
            assert_eq!(
                ids(cards.phone(lang).iter().map(|c| c.id.as_str()).collect()),
                ids(cards.phone("en").iter().map(|c| c.id.as_str()).collect())
            );
        }
        // The built-in copies are the same cards.
        TrainingCards::load(&Files::built_in(), &policy.aftersale).unwrap();
    }

    /// Each desk card's facts fed to the policy engine give the card's
    /// decision and rule; a trainee who reaches them passes.
    #[test]
    fn every_desk_card_is_what_the_policy_engine_decides() {
        let f = files();
        let policy = Policy::load(&f).unwrap();
        let cards = TrainingCards::load(&f, &policy.aftersale).unwrap();
        let mut rules = Vec::new();
        for card in cards.desk("en") {
            let ruling = decide(&card.case(), &policy.aftersale).unwrap();
            assert_eq!(ruling.decision, card.decision, "{}", card.id);
            assert!(ruling.rules().contains(&card.rule_id()), "{}", card.id);
            let s = score_desk(
                card.decision,
                card.rule_id(),
                Some(ruling.decision),
                Some(card.rule_id()),
                &cards.thresholds,
            );
            assert!(s.passed, "{}", card.id);
            rules.push(card.rule.clone());
        }
        // The cards cover returns, exchanges, repairs, refusals and care.
        for r in ["R1", "R2", "F1", "N1", "Q2", "Q4", "S1", "C1"] {
            assert!(rules.iter().any(|x| x == r), "no card for {r}");
        }
    }

    #[test]
    fn an_unknown_decision_is_refused_with_its_line() {
        let policy = Policy::load(&files()).unwrap();
        let (src, line) = broken(
            "data/training/desk.en.toml",
            "decision = \"refused\"",
            "decision = \"sent_away\"",
        );
        let e = desk_from_source(&src, &policy.aftersale).unwrap_err();
        assert_eq!(e.line, Some(line), "{e}");
    }

    #[test]
    fn an_unknown_field_is_refused_with_its_line() {
        let policy = Policy::load(&files()).unwrap();
        let (src, line) = broken(
            "data/training/desk.en.toml",
            "receipt = true\n",
            "receipt = true\ncolour = \"red\"\n",
        );
        let e = desk_from_source(&src, &policy.aftersale).unwrap_err();
        assert_eq!(e.line, Some(line + 1), "{e}");
        assert!(e.to_string().contains("colour"), "{e}");
    }

    /// A card whose stated answer the policy does not give still loads (a
    /// shop changing its policy keeps working); it is reported with its
    /// line, which stops `aftercare train` (tests/e2e_train_desk.rs).
    #[test]
    fn a_decision_the_policy_does_not_give_is_reported_with_its_line() {
        let policy = Policy::load(&files()).unwrap();
        // The washed coat, promised a refund.
        let (src, line) = broken(
            "data/training/desk.en.toml",
            "decision = \"refused\"\nrule = \"R2\"",
            "decision = \"return\"\nrule = \"R1\"",
        );
        let cards = desk_from_source(&src, &policy.aftersale).unwrap();
        let errors = desk_against_policy(&src, &cards, &policy.aftersale, practice_day());
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = &errors[0];
        assert_eq!(e.line, Some(line), "{e}");
        assert!(e.to_string().contains("washed_coat"), "{e}");
        assert!(e.to_string().contains("refused under R2"), "{e}");
    }

    /// The shipped cards agree with the shipped policy on any day of play.
    #[test]
    fn the_shipped_desk_cards_agree_with_the_policy_on_the_day_of_play() {
        let f = files();
        let policy = Policy::load(&f).unwrap();
        let cards = TrainingCards::load(&f, &policy.aftersale).unwrap();
        let mut day = practice_day();
        for _ in 0..366 {
            let errors = cards.desk_disagreements(&policy.aftersale, day);
            assert!(errors.is_empty(), "{day}: {errors:?}");
            day = day.succ_opt().unwrap();
        }
    }

    /// A shop's folder whose cards (both languages) promise the washed coat
    /// a refund: loaded, and each file's card named by line.
    #[test]
    fn a_shop_folder_with_a_card_the_policy_disagrees_with_loads_and_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let training = dir.path().join("data/training");
        std::fs::create_dir_all(&training).unwrap();
        for lang in LANGS {
            let rel = format!("data/training/desk.{lang}.toml");
            let text = shipped(&rel).text.replacen(
                "decision = \"refused\"\nrule = \"R2\"",
                "decision = \"return\"\nrule = \"R1\"",
                1,
            );
            std::fs::write(dir.path().join(&rel), text).unwrap();
        }
        let f = Files::at(dir.path());
        let policy = Policy::load(&files()).unwrap();
        let cards = TrainingCards::load(&f, &policy.aftersale).unwrap();
        let errors = cards.desk_disagreements(&policy.aftersale, practice_day());
        assert_eq!(errors.len(), LANGS.len(), "{errors:?}");
        for (e, lang) in errors.iter().zip(LANGS) {
            assert!(e.file.ends_with(&format!("desk.{lang}.toml")), "{e}");
            assert!(e.line.is_some(), "{e}");
        }
    }

    #[test]
    fn a_card_without_words_is_refused_with_its_line() {
        let policy = Policy::load(&files()).unwrap();
        let (src, line) = broken(
            "data/training/desk.en.toml",
            "customer = \"Zhao Min\"",
            "customer = \" \"",
        );
        let e = desk_from_source(&src, &policy.aftersale).unwrap_err();
        // The card's line (its id, just above).
        assert_eq!(e.line, Some(line - 2), "{e}");
        assert!(e.to_string().contains("customer"), "{e}");
    }

    #[test]
    fn a_missing_counter_step_is_refused_with_its_line() {
        let src = shipped("data/training/counter.en.toml");
        let apologise = src
            .text
            .lines()
            .find(|l| l.contains("step = \"apologise\""))
            .unwrap()
            .to_string();
        let line = src.text[..src.text.find(&apologise).unwrap()]
            .matches('\n')
            .count()
            + 1;
        let (src, _) = broken(
            "data/training/counter.en.toml",
            &format!("{apologise}\n"),
            "",
        );
        let e = counter_from_source(&src).unwrap_err();
        // The line that now stands where "apologise" stood: "restate".
        assert_eq!(e.line, Some(line), "{e}");
        assert!(e.to_string().contains("step 3 is \"restate\""), "{e}");
    }

    #[test]
    fn a_phone_card_without_a_follow_up_is_refused() {
        let src = shipped("data/training/phone.en.toml");
        let text = src.text.replacen("follow_ups = [", "follow_ups_x = [", 1);
        let e = phone_from_source(&Source {
            label: "phone.toml".into(),
            text,
        })
        .unwrap_err();
        assert!(e.line.is_some(), "{e}");
        assert!(e.to_string().starts_with("phone.toml:"), "{e}");
    }

    #[test]
    fn a_pass_mark_over_100_is_refused_with_its_line() {
        let (src, line) = broken(
            "data/training/skills.toml",
            "counter_percent = 80",
            "counter_percent = 180",
        );
        let e = thresholds_from_source(&src).unwrap_err();
        assert_eq!(e.line, Some(line), "{e}");
    }

    /// A shop's own folder whose Chinese desk file renames a card.
    #[test]
    fn languages_with_different_cards_are_refused_with_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let training = dir.path().join("data/training");
        std::fs::create_dir_all(&training).unwrap();
        let zh = shipped("data/training/desk.zh-CN.toml").text.replacen(
            "id = \"change_of_mind\"",
            "id = \"changed_mind\"",
            1,
        );
        let line = zh[..zh.find("changed_mind").unwrap()].matches('\n').count() + 1;
        std::fs::write(training.join("desk.zh-CN.toml"), zh).unwrap();
        let f = Files::at(dir.path());
        let policy = Policy::load(&files()).unwrap();
        let errors = TrainingCards::load(&f, &policy.aftersale).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = &errors[0];
        assert!(e.file.ends_with("desk.zh-CN.toml"), "{e}");
        assert_eq!(e.line, Some(line), "{e}");
    }
}
