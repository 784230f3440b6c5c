//! The model layer's mechanics (`model` and `similar` rules, thresholds, spans, examples at
//! load, one warning per passage), with a small bag-of-words encoder so that the outcome of
//! each case can be worked out by hand. The real encoder's quality is measured by
//! `composure eval` on the frozen test set, not here.

use composure_engine::{passages, without_repeats, Context, Embedder, Engine, Heads};

/// Each word (lowercase, letters only) adds 1 to dimension hash(word) % 64.
struct BagOfWords;

const DIMS: usize = 64;

fn dim(word: &str) -> usize {
    word.bytes().fold(7usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize)) % DIMS
}

impl Embedder for BagOfWords {
    fn dims(&self) -> usize {
        DIMS
    }
    fn embed(&self, text: &str) -> Vec<f32> {
        let mut v = vec![0.0; DIMS];
        for word in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
            v[dim(&word.to_lowercase())] += 1.0;
        }
        v
    }
}

/// A head for `category` that scores posts with `word` high: weight 20 on its dimension.
fn heads_for(category: &str, word: &str) -> Heads {
    let mut weights = vec![0.0; DIMS];
    weights[dim(word)] = 20.0;
    let json = serde_json::json!({
        "encoder": "bag-of-words",
        "dims": DIMS,
        "heads": [{ "category": category, "weights": weights, "bias": -6.0, "threshold": 0.5 }],
    });
    Heads::from_json(&json.to_string()).unwrap()
}

fn policy(rules: serde_json::Value, overrides: serde_json::Value) -> Engine {
    let doc = serde_json::json!({ "rules": rules, "overrides": overrides });
    Engine::from_json(&doc.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn rule(id: &str, category: &str, matcher: serde_json::Value, flag: &[&str], pass: &[&str]) -> serde_json::Value {
    serde_json::json!({
        "id": id, "category": category, "severity": "warn",
        "message": { "en": "Careful." }, "match": matcher,
        "examples": { "flag": flag, "pass": pass },
    })
}

#[test]
fn a_similar_rule_flags_posts_near_its_examples_and_underlines_the_sentence() {
    let engine = policy(
        serde_json::json!([rule(
            "ACME010-tender",
            "confidential",
            serde_json::json!({ "kind": "similar", "threshold": 0.6,
                "examples": ["we submitted our tender for the bridge", "tender bridge submitted"] }),
            &["our bridge tender is submitted"],
            &["lovely weather at the beach"],
        )]),
        serde_json::json!({}),
    );
    let heads = heads_for("confidential", "unused");
    let semantic = composure_engine::Semantic::new(&engine, &BagOfWords, &heads).unwrap();
    let post = "Lovely weather today. Also we submitted the tender for the bridge!";
    let found = semantic.check(post, &Context::default());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].finding.rule_id, "ACME010-tender");
    assert_eq!(&post[found[0].finding.span.clone()], "Also we submitted the tender for the bridge!");
    assert!(found[0].confidence >= 0.6 && found[0].confidence <= 1.0);
    assert!(semantic.check("Lovely weather at the beach today", &Context::default()).is_empty());
}

#[test]
fn a_model_rule_uses_the_head_threshold_unless_an_override_sets_one() {
    let rules = serde_json::json!([rule(
        "EC100-meaning",
        "employer-criticism",
        serde_json::json!({ "kind": "model" }),
        &["my job is awful"],
        &["nice day"],
    )]);
    let heads = heads_for("employer-criticism", "awful");
    // One hit among n words scores sigmoid(20 / sqrt(n) - 6): 0.95 for this 5-word post,
    // 0.98 for the rule's 4-word flag example. The head's threshold is 0.5.
    let post = "the canteen food is awful";
    let engine = policy(rules.clone(), serde_json::json!({}));
    let semantic = composure_engine::Semantic::new(&engine, &BagOfWords, &heads).unwrap();
    let found = semantic.check(post, &Context::default());
    assert_eq!(found.len(), 1);
    assert!((found[0].confidence - 0.95).abs() < 0.01, "{}", found[0].confidence);

    let strict = policy(rules.clone(), serde_json::json!({ "EC100-meaning": { "threshold": 0.97 } }));
    let semantic = composure_engine::Semantic::new(&strict, &BagOfWords, &heads).unwrap();
    assert!(semantic.check(post, &Context::default()).is_empty());
    assert_eq!(semantic.check("my job is awful", &Context::default()).len(), 1);

    // Stricter still, the rule's own flag example fails: refused at load, naming it.
    let stricter = policy(rules, serde_json::json!({ "EC100-meaning": { "threshold": 0.99 } }));
    let Err(e) = composure_engine::Semantic::new(&stricter, &BagOfWords, &heads) else { panic!("example passes") };
    assert!(e.to_string().contains("rules[0].examples.flag[0]"), "{e}");
}

#[test]
fn failing_examples_of_a_similar_rule_refuse_the_policy_naming_the_example() {
    let engine = policy(
        serde_json::json!([rule(
            "ACME011-merger",
            "confidential",
            serde_json::json!({ "kind": "similar", "threshold": 0.5, "examples": ["merger with globex next month"] }),
            &["the globex merger is next month"],
            &["merger next month with globex confirmed"],
        )]),
        serde_json::json!({}),
    );
    let heads = heads_for("confidential", "unused");
    let Err(e) = composure_engine::Semantic::new(&engine, &BagOfWords, &heads) else {
        panic!("a pass example that is flagged must refuse the policy")
    };
    let text = e.to_string();
    assert!(text.contains("rules[0].examples.pass[0]") && text.contains("ACME011-merger"), "{text}");
}

#[test]
fn a_model_rule_without_a_head_for_its_category_is_refused() {
    let engine = policy(
        serde_json::json!([rule("X001-x", "gossip", serde_json::json!({ "kind": "model" }), &[], &[])]),
        serde_json::json!({}),
    );
    let heads = heads_for("confidential", "unused");
    let Err(e) = composure_engine::Semantic::new(&engine, &BagOfWords, &heads) else { panic!("no head") };
    assert!(e.to_string().contains("no head for category \"gossip\""), "{e}");
}

#[test]
fn thresholds_outside_0_to_1_and_on_word_rules_are_policy_errors() {
    let doc = serde_json::json!({
        "rules": [
            rule("A001-a", "confidential", serde_json::json!({ "kind": "similar", "threshold": 1.5, "examples": ["x y z"] }), &[], &[]),
            rule("A002-b", "confidential", serde_json::json!({ "kind": "terms", "terms": ["falcon"] }), &["falcon"], &["bird"]),
            rule("A003-c", "confidential", serde_json::json!({ "kind": "similar", "threshold": 0.7, "examples": [] }), &[], &[]),
        ],
        "overrides": { "A002-b": { "threshold": 0.5 } },
    });
    let e = Engine::from_json(&doc.to_string()).unwrap_err().to_string();
    assert!(e.contains("rules[0].match.threshold") && e.contains("between 0 and 1"), "{e}");
    assert!(e.contains("overrides.A002-b.threshold") && e.contains("only `model` and `similar` rules"), "{e}");
    assert!(e.contains("rules[2].match.examples") && e.contains("0 example posts"), "{e}");
}

#[test]
fn the_rules_pass_never_runs_model_rules() {
    let engine = policy(
        serde_json::json!([rule(
            "ACME012-x",
            "confidential",
            serde_json::json!({ "kind": "similar", "threshold": 0.1, "examples": ["anything at all"] }),
            &[],
            &[],
        )]),
        serde_json::json!({}),
    );
    assert!(engine.check("anything at all", &Context::default()).is_empty());
    assert!(engine.rules()[0].uses_model());
}

#[test]
fn one_passage_gets_one_warning() {
    let engine = policy(
        serde_json::json!([
            rule(
                "W001-word",
                "confidential",
                serde_json::json!({ "kind": "terms", "terms": ["falcon"] }),
                &["falcon"],
                &["bird"]
            ),
            rule(
                "S001-similar",
                "confidential",
                serde_json::json!({ "kind": "similar", "threshold": 0.5, "examples": ["falcon launches monday"] }),
                &[],
                &[]
            ),
        ]),
        serde_json::json!({}),
    );
    let heads = heads_for("confidential", "unused");
    let semantic = composure_engine::Semantic::new(&engine, &BagOfWords, &heads).unwrap();
    let post = "Falcon launches monday. Falcon launches soon, monday";
    let rules = engine.check(post, &Context::default());
    let model = semantic.check(post, &Context::default());
    assert!(!model.is_empty() && !rules.is_empty());
    assert!(without_repeats(&rules, model).is_empty());
}

#[test]
fn passages_are_the_post_then_its_sentences_with_short_ones_joined() {
    let post = "  Lol. My manager cancelled the party again! Why? Because budget.  ";
    let got: Vec<&str> = passages(post).into_iter().map(|r| &post[r]).collect();
    assert_eq!(
        got,
        [
            "Lol. My manager cancelled the party again! Why? Because budget.",
            "Lol. My manager cancelled the party again! Why?",
            "Because budget."
        ]
    );
    let single = "just one sentence here";
    let got = passages(single);
    assert_eq!((got.len(), got[0].clone()), (1, 0..single.len()));
}

#[test]
fn a_shared_hidden_layer_feeds_every_head_and_its_shape_is_checked() {
    // An identity hidden layer with ReLU leaves the bag-of-words vectors (all >= 0) as they
    // are, so the head scores exactly as without it.
    let identity: Vec<f32> = (0..DIMS * DIMS).map(|i| if i / DIMS == i % DIMS { 1.0 } else { 0.0 }).collect();
    let mut weights = vec![0.0; DIMS];
    weights[dim("awful")] = 20.0;
    let doc = |hidden_weights: &[f32]| {
        serde_json::json!({
            "encoder": "bag-of-words", "dims": DIMS,
            "hidden": { "weights": hidden_weights, "bias": vec![0.0; DIMS] },
            "heads": [{ "category": "employer-criticism", "weights": weights, "bias": -6.0, "threshold": 0.5 }],
        })
        .to_string()
    };
    let heads = Heads::from_json(&doc(&identity)).unwrap();
    let engine = policy(
        serde_json::json!([rule(
            "EC100-meaning",
            "employer-criticism",
            serde_json::json!({ "kind": "model" }),
            &[],
            &[]
        )]),
        serde_json::json!({}),
    );
    let semantic = composure_engine::Semantic::new(&engine, &BagOfWords, &heads).unwrap();
    let found = semantic.check("the canteen food is awful", &Context::default());
    assert_eq!(found.len(), 1);
    assert!((found[0].confidence - 0.95).abs() < 0.01, "{}", found[0].confidence);

    let e = Heads::from_json(&doc(&identity[..DIMS * 3])).unwrap_err();
    assert!(e.contains("hidden layer has 192 weights for 64 units of 64 inputs"), "{e}");
}

#[test]
fn a_rule_info_does_not_hide_a_model_warning_but_a_warning_of_any_category_does() {
    let mut info = rule(
        "I001-mild",
        "profanity-insult",
        serde_json::json!({ "kind": "terms", "terms": ["damn"] }),
        &["damn"],
        &["dam"],
    );
    info["severity"] = serde_json::json!("info");
    let warn = rule(
        "P001-card",
        "personal-data",
        serde_json::json!({ "kind": "terms", "terms": ["card"] }),
        &["card"],
        &["car"],
    );
    let similar = rule(
        "S002-similar",
        "confidential",
        serde_json::json!({ "kind": "similar", "threshold": 0.5, "examples": ["damn the merger card leaked"] }),
        &[],
        &[],
    );
    let engine = policy(serde_json::json!([info, warn, similar]), serde_json::json!({}));
    let heads = heads_for("confidential", "unused");
    let semantic = composure_engine::Semantic::new(&engine, &BagOfWords, &heads).unwrap();
    let ctx = Context::default();
    let kept = |post: &str| without_repeats(&engine.check(post, &ctx), semantic.check(post, &ctx)).len();
    assert_eq!(kept("damn the merger leaked"), 1, "an info underneath keeps the model warning");
    assert_eq!(kept("damn the merger card leaked"), 0, "a warning of another category on the passage hides it");
}
