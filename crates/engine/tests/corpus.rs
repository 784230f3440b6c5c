//! A held-out corpus of realistic posts (tests/corpus/posts.jsonl), written apart from the
//! rules: risky posts must be flagged in the expected categories, benign posts must get no
//! warn or block finding. Prints precision figures so changes to the pack can be compared.

use std::collections::BTreeSet;

use composure_engine::{parse_policy, Context, Engine, Lang, Policy, Severity, DEFAULT_PACK_JSON};

#[derive(serde::Deserialize)]
struct Post {
    text: String,
    lang: String,
    expect: Vec<String>,
}

#[test]
fn corpus_posts_are_flagged_as_expected() {
    let example_org = parse_policy(DEFAULT_PACK_JSON).unwrap().example_organization.unwrap();
    let engine =
        Engine::new(&Policy { extends: vec!["default".into()], organization: example_org, ..Default::default() })
            .unwrap();
    let corpus = include_str!("corpus/posts.jsonl");
    let (mut risky, mut benign, mut missed, mut false_alarms) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for (n, line) in corpus.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let post: Post = serde_json::from_str(line).unwrap_or_else(|e| panic!("posts.jsonl line {}: {e}", n + 1));
        let ctx = Context { lang: Lang::from_tag(&post.lang), ..Default::default() };
        let findings = engine.check(&post.text, &ctx);
        let flagged: BTreeSet<&str> =
            findings.iter().filter(|f| f.severity >= Severity::Warn).map(|f| f.category).collect();
        let expected: BTreeSet<&str> = post.expect.iter().map(String::as_str).collect();
        let describe = || {
            findings
                .iter()
                .map(|f| format!("{} {:?}", f.rule_id, &post.text[f.span.clone()]))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if expected.is_empty() {
            benign += 1;
            if !flagged.is_empty() {
                false_alarms += 1;
                failures.push(format!("line {}: benign post flagged [{}]: {:?}", n + 1, describe(), post.text));
            }
        } else {
            risky += 1;
            let missing: Vec<&&str> = expected.difference(&flagged).collect();
            if !missing.is_empty() {
                missed += 1;
                failures.push(format!("line {}: missed {missing:?} (found [{}]): {:?}", n + 1, describe(), post.text));
            }
        }
    }
    println!(
        "corpus: {} posts ({risky} risky, {benign} benign); missed {missed}, false alarms {false_alarms}",
        risky + benign
    );
    assert!(risky >= 50 && benign >= 50, "the corpus needs at least 50 risky and 50 benign posts");
    assert!(failures.is_empty(), "{} corpus failures:\n{}", failures.len(), failures.join("\n"));
}
