//! Each language reads as one voice (issue 20): English screens carry no
//! Chinese terms or full-width punctuation outside customer data and shop
//! names, and no internal text (an engine's message, an id) reaches them.

use std::collections::BTreeSet;
use std::path::Path;

use aftercare::i18n::Locale;
use aftercare::shop_data::files::Files;

/// Chinese characters and full-width or CJK punctuation (「」：；、。，).
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// The runs of Chinese text in `s`.
fn runs(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if is_cjk(c) {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Values in an English data file that are Chinese on purpose: a
/// language's own name, and the till's own words an import accepts.
const ENGLISH_ALLOWED: &[&str] = &[
    "中文", "男", "女", "是", "否", "年", "月", "日", "导购", "店长", "客服",
];

/// The English data files: every line that is not a comment.
fn english_files() -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir("data/locales")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n == "en.toml" || n.ends_with(".en.toml")
        })
        .collect();
    for p in [
        "data/flow/en.toml",
        "data/training/en.toml",
        "data/templates/en.toml",
    ] {
        out.push(p.into());
    }
    out
}

#[test]
fn english_data_files_carry_no_chinese_terms() {
    let mut bad = Vec::new();
    for path in english_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with('#') {
                continue;
            }
            for run in runs(line) {
                if !ENGLISH_ALLOWED.contains(&run.as_str()) {
                    bad.push(format!("{}:{}: {run}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "Chinese in English text:\n{}",
        bad.join("\n")
    );
}

/// Every Chinese run written as data by the demo or a test (names,
/// places, notes): what may appear on an English screen.
fn data_runs() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![Path::new("src/demo").to_path_buf(), "tests".into()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if !p.ends_with("snapshots") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                out.extend(runs(&text));
            }
        }
    }
    out
}

/// The app's own Chinese words: every run in the Chinese data files.
fn app_vocabulary() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir("data/locales")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("zh-CN.toml"))
        .collect();
    for p in [
        "data/flow/zh-CN.toml",
        "data/training/zh-CN.toml",
        "data/templates/zh-CN.toml",
    ] {
        files.push(p.into());
    }
    for p in files {
        out.extend(runs(&std::fs::read_to_string(p).unwrap()));
    }
    out
}

/// Whether a snapshot was drawn in Chinese (its status line or hints are).
fn drawn_in_chinese(snapshot: &str, zh: &Locale) -> bool {
    [
        "status.signed_out",
        "action.help",
        "status.mode_demo",
        "status.mode_shop",
    ]
    .iter()
    .any(|k| snapshot.contains(zh.t(k)))
}

#[test]
fn english_screens_show_chinese_only_in_customer_data() {
    let zh = Locale::load(&Files::locate(None), "zh-CN").unwrap();
    let vocabulary = app_vocabulary();
    let allowed: BTreeSet<String> = data_runs()
        .into_iter()
        .filter(|r| !vocabulary.contains(r))
        .collect();
    let mut bad = Vec::new();
    let mut english = 0;
    for e in std::fs::read_dir("tests/snapshots").unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        // The snapshot's own body: after the header.
        let body = text.splitn(3, "---").nth(2).unwrap_or(&text);
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.contains("zh") || drawn_in_chinese(body, &zh) {
            continue;
        }
        english += 1;
        for run in runs(body) {
            let whole_word_of_data = allowed.contains(&run)
                || allowed
                    .iter()
                    .any(|a| a.chars().count() >= 2 && a.contains(&run));
            if !whole_word_of_data {
                bad.push(format!("{name}: {run}"));
            }
        }
    }
    assert!(english >= 20, "only {english} English snapshots found");
    assert!(
        bad.is_empty(),
        "Chinese on English screens, not customer data:\n{}",
        bad.join("\n")
    );
}

/// The one name of each task kind, in both languages: the home pane, the
/// callbacks, `due` and the exports all read `tasks.kind.*`.
#[test]
fn each_task_kind_has_one_name_in_each_language() {
    let files = Files::locate(None);
    for lang in ["en", "zh-CN"] {
        let loc = Locale::load(&files, lang).unwrap();
        assert!(!loc.has("due.kind.miss_you"), "{lang}: a second name");
        for kind in [
            "purchase_callback",
            "milestone_thanks",
            "miss_you",
            "repair_ready_call",
        ] {
            assert!(loc.has(&format!("tasks.kind.{kind}")), "{lang}: {kind}");
        }
    }
    let zh = Locale::load(&files, "zh-CN").unwrap();
    assert_eq!(zh.t("tasks.kind.miss_you"), zh.t("greetings.kind.miss_you"));
}

/// A case the rules cannot weigh is told in the desk's words.
#[test]
fn case_errors_have_words_in_both_languages() {
    let files = Files::locate(None);
    for lang in ["en", "zh-CN"] {
        let loc = Locale::load(&files, lang).unwrap();
        for id in [
            "today_before_sale",
            "negative_price",
            "nothing_to_repair",
            "not_for_cosmetics",
            "only_for_cosmetics",
        ] {
            let text = loc.t(&format!("case_error.{id}"));
            assert!(
                !text.contains(id) && !text.contains('['),
                "{lang}: {id}: {text}"
            );
        }
    }
}
