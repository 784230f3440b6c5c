//! The built-in social media code: every rule's own examples pass, and every rule is
//! documented the way the extension and `composure explain` show it.

use composure_engine::policy::{DetectorKind, MatcherSpec};
use composure_engine::{parse_policy, Engine, Severity, DEFAULT_PACK_JSON};

const CATEGORIES: &[&str] =
    &["employer-criticism", "confidential", "personal-data", "credentials", "profanity-insult", "speaking-for-company"];

#[test]
fn every_rule_passes_its_examples_with_the_example_organisation() {
    let mut pack = parse_policy(DEFAULT_PACK_JSON).unwrap();
    pack.organization = pack.example_organization.clone().expect("the pack has an example_organization");
    // Loading the pack's rules as a policy's own rules runs all their examples.
    if let Err(e) = Engine::new(&pack) {
        panic!("default pack examples fail:\n{e}");
    }
}

#[test]
fn every_rule_is_documented_in_both_languages_with_enough_examples() {
    let pack = parse_policy(DEFAULT_PACK_JSON).unwrap();
    let mut problems = Vec::new();
    for r in &pack.rules {
        let (code, name) = r.id.split_once('-').unwrap_or((&r.id, ""));
        let letters = code.trim_end_matches(|c: char| c.is_ascii_digit());
        if letters.len() < 2 || letters.len() == code.len() || name.is_empty() || name != name.to_lowercase() {
            problems.push(format!("{}: id must be a code plus a kebab-case name", r.id));
        }
        if !CATEGORIES.contains(&r.category.as_str()) {
            problems.push(format!("{}: unknown category {}", r.id, r.category));
        }
        if r.message.nl.as_deref().is_none_or(str::is_empty) {
            problems.push(format!("{}: no Dutch message", r.id));
        }
        if r.examples.flag.len() < 3 || r.examples.pass.len() < 3 {
            problems.push(format!("{}: needs at least 3 flag and 3 pass examples", r.id));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_category_is_covered() {
    let pack = parse_policy(DEFAULT_PACK_JSON).unwrap();
    for c in CATEGORIES {
        assert!(pack.rules.iter().any(|r| r.category == *c), "no rule for {c}");
    }
}

#[test]
fn cards_bsns_and_secrets_hold_the_post() {
    let pack = parse_policy(DEFAULT_PACK_JSON).unwrap();
    for r in &pack.rules {
        if let MatcherSpec::Detector { detector, .. } = &r.matcher {
            let must_block = matches!(
                detector,
                DetectorKind::PaymentCard
                    | DetectorKind::Bsn
                    | DetectorKind::ApiKey
                    | DetectorKind::PrivateKey
                    | DetectorKind::Password
                    | DetectorKind::UrlCredentials
            );
            if must_block {
                assert_eq!(r.severity, Severity::Block, "{} must be block", r.id);
            }
        }
        // The sentence model's rules are never `block` by default: a meaning is a judgement.
        if matches!(r.matcher, MatcherSpec::Model { .. }) {
            assert_eq!(r.severity, Severity::Warn, "{} is a model rule: warn by default", r.id);
        } else if r.category == "credentials" {
            assert_eq!(r.severity, Severity::Block, "{} must be block", r.id);
        }
    }
}

#[test]
fn the_pack_alone_compiles_without_an_organisation() {
    let e = Engine::default_pack();
    assert!(e.rules().len() >= 20);
}
