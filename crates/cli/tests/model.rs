//! The sentence model as the CLI runs it, with the real model file (scripts/model builds it;
//! scripts/test runs that first): the built-in model rules' examples, findings with a score
//! and a span on the sentence, and the rules-only fallback.

mod support;

use std::path::PathBuf;

use composure_engine::{Engine, Heads, Semantic, DEFAULT_HEADS_JSON};
use support::run;

fn model_file() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/model/composure-use-m.bin");
    assert!(path.is_file(), "{} is missing: run scripts/model (scripts/test does)", path.display());
    path
}

#[test]
fn every_built_in_model_rule_passes_its_own_examples_with_the_shipped_model() {
    let model = composure_model::Model::from_bytes(&std::fs::read(model_file()).unwrap()).unwrap();
    let engine = Engine::default_pack();
    let heads = Heads::from_json(DEFAULT_HEADS_JSON).unwrap();
    let semantic = Semantic::new(&engine, &model, &heads).unwrap();
    let failures = semantic.example_failures(|_| true);
    let shown: Vec<String> = failures.iter().map(|f| format!("{}: {f}", f.rule)).collect();
    assert!(failures.is_empty(), "{}", shown.join("\n"));
    let model_rules = engine.rules().iter().filter(|r| r.kind == "model").count();
    assert_eq!(model_rules, 6, "one model rule per category");
}

#[test]
fn the_heads_were_trained_on_the_model_that_is_built() {
    // A model file rebuilt differently (other pruning, other quantisation) needs new heads.
    let bytes = std::fs::read(model_file()).unwrap();
    let heads = Heads::from_json(DEFAULT_HEADS_JSON).unwrap();
    let out = std::process::Command::new("sha256sum").arg(model_file()).output().unwrap();
    let sha = String::from_utf8(out.stdout).unwrap();
    assert!(sha.starts_with(&heads.encoder), "heads for {}, model {sha}; run scripts/train", heads.encoder);
    assert!(bytes.len() > 1_000_000);
}

#[test]
fn a_model_finding_shows_its_score_and_underlines_the_sentence_that_carries_it() {
    let post = "Nice weather today, went for a run.\nWat een bedrijf. Salaris weer te laat en de directie koopt nieuwe leasebakken.";
    let out =
        run(&["check", "--lang", "en", "--jsonl", "-"], Some(&format!("{}\n", serde_json::json!({ "text": post }))));
    let line: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap();
    let model: Vec<&serde_json::Value> = line["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "SM001-employer-criticism-meaning")
        .collect();
    assert_eq!(model.len(), 1, "{line}");
    let confidence = model[0]["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&confidence));
    // UTF-16 offsets; this post is ASCII, so they are byte offsets too.
    let (start, end) = (model[0]["start"].as_u64().unwrap() as usize, model[0]["end"].as_u64().unwrap() as usize);
    assert!(start >= post.find('\n').unwrap(), "the span is on the second line: {}", &post[start..end]);
}

#[test]
fn without_the_model_the_rules_still_run_and_stderr_says_so() {
    let out = run(&["check", "--model", "/nonexistent/model.bin", "my password is Zomer2024!"], None);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot read the model /nonexistent/model.bin"), "{}", out.stderr);

    let out = run(
        &["check", "--no-model", "Wat een bedrijf. Salaris weer te laat en de directie koopt nieuwe leasebakken."],
        None,
    );
    assert!(!out.stdout.contains("SM001"), "{}", out.stdout);
}

/// Floors on the frozen test set (written before this round's rules and model, never tuned
/// on; README "How well it detects"): a change that loses detection or adds false alarms
/// fails here. The floors sit a little under the figures measured on 2026-12-03.
#[test]
fn rules_and_model_keep_their_floors_on_the_frozen_test_set() {
    let out = run(&["eval", "--json", "--show", "0", "../../data/corpus/test-frozen.jsonl"], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(report["policy"].as_str().unwrap().contains("sentence model"), "{}", report["policy"]);
    let recall = |category: &str| {
        report["categories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["category"] == category && r["lang"] == "all")
            .and_then(|r| r["recall"].as_f64())
            .unwrap_or_else(|| panic!("no figure for {category}"))
    };
    let floors = [
        ("employer-criticism", 0.43),
        ("confidential", 0.48),
        ("personal-data", 0.84),
        ("credentials", 0.87),
        ("profanity-insult", 0.87),
        ("speaking-for-company", 0.76),
    ];
    for (category, floor) in floors {
        assert!(recall(category) >= floor, "{category}: recall {} under its floor {floor}", recall(category));
    }
    let benign = report["benign"].as_array().unwrap().iter().find(|b| b["lang"] == "all").unwrap();
    let rate = benign["rate"].as_f64().unwrap();
    assert!(rate <= 0.07, "benign posts warned: {rate} (ceiling 0.07)");
}
