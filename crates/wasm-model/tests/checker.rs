//! The worker's model checker with the real model file (scripts/model builds it): findings with
//! UTF-16 offsets and a confidence, none where a rule already says as much, and errors that say
//! what failed.

use std::path::PathBuf;
use std::sync::OnceLock;

use composure_wasm_model::{quadruples, Prepared};

const HEADS: &str = include_str!("../../engine/packs/model-heads.json");

fn model_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/model/composure-use-m.bin");
        std::fs::read(&path).unwrap_or_else(|e| panic!("{} is missing ({e}): run scripts/model", path.display()))
    })
}

/// The default pack, as the extension hands it to the module (this crate does not embed it).
fn default_pack() -> Prepared {
    provide_pack();
    Prepared::new("", model_bytes(), HEADS).unwrap()
}

fn provide_pack() {
    static PROVIDED: OnceLock<()> = OnceLock::new();
    PROVIDED.get_or_init(|| {
        composure_engine::provide_default_pack(include_str!("../../engine/packs/default.json")).unwrap()
    });
}

fn rule_id(index: usize) -> String {
    provide_pack();
    let engine = composure_engine::Engine::from_json(r#"{"extends": ["default"]}"#).unwrap();
    engine.rules()[index].id.clone()
}

const VENTING: &str = "Wat een bedrijf. Salaris weer te laat en de directie koopt nieuwe leasebakken.";

#[test]
fn a_post_only_the_model_flags_gets_a_model_finding_on_its_sentence() {
    let prepared = default_pack();
    assert!(prepared.has_model_rules());
    let found = prepared.check(VENTING, None);
    let ids: Vec<String> = found.iter().map(|(rule, _, _)| rule_id(*rule)).collect();
    assert!(ids.iter().any(|id| id.starts_with("SM001")), "{ids:?}");
    for (_, span, confidence) in &found {
        assert!(span.end <= VENTING.len() && span.start < span.end);
        assert!((0.0..=1.0).contains(confidence));
    }
}

#[test]
fn a_plain_post_gets_nothing() {
    let prepared = default_pack();
    assert_eq!(prepared.check("Lovely walk along the beach with the dog this morning.", None), vec![]);
    assert_eq!(prepared.check("   ", None), vec![]);
}

#[test]
fn offsets_count_utf16_units_and_confidence_thousandths() {
    // "é" is 2 bytes and 1 UTF-16 unit, "😀" 4 bytes and 2 units
    let text = "é😀 Wat een bedrijf. Salaris weer te laat en de directie koopt nieuwe leasebakken.";
    let found = default_pack().check(text, None);
    assert!(!found.is_empty());
    let quads = quadruples(text, &found);
    assert_eq!(quads.len(), found.len() * 4);
    let utf16: Vec<u16> = text.encode_utf16().collect();
    for (q, (rule, span, confidence)) in quads.chunks_exact(4).zip(&found) {
        assert_eq!(q[0] as usize, *rule);
        let expected = String::from_utf16(&utf16[q[1] as usize..q[2] as usize]).unwrap();
        assert_eq!(expected, &text[span.clone()]);
        assert_eq!(q[3], (confidence * 1000.0).round() as u32);
    }
}

#[test]
fn a_rule_finding_at_least_as_severe_hides_the_model_finding_it_overlaps() {
    provide_pack();
    // a policy that blocks the sentence the model would flag: the rule says it, not the model
    let policy = r#"{"extends": ["default"], "rules": [{"id": "X1", "category": "employer-criticism",
        "severity": "block", "message": {"en": "Not about the company.", "nl": "Niet over het bedrijf."},
        "match": {"kind": "terms", "terms": ["wat een bedrijf"]}}]}"#;
    let prepared = Prepared::new(policy, model_bytes(), HEADS).unwrap();
    let found = prepared.check(VENTING, None);
    let at = VENTING.find("een bedrijf").unwrap();
    let covers =
        |found: &[(usize, std::ops::Range<usize>, f32)]| found.iter().any(|(_, s, _)| s.start <= at && at < s.end);
    assert!(covers(&default_pack().check(VENTING, None)), "without the rule the model flags the passage");
    assert!(!covers(&found), "{found:?}");
}

#[test]
fn errors_say_what_failed() {
    provide_pack();
    let e = Prepared::new("", b"not a model", HEADS).err().unwrap();
    assert!(e.contains("model file"), "{e}");
    let e = Prepared::new("", model_bytes(), "{}").err().unwrap();
    assert!(e.contains("heads"), "{e}");
    let e = Prepared::new(r#"{"rules": [{"id": "R1"}]}"#, model_bytes(), HEADS).err().unwrap();
    assert!(e.contains("line 1") && e.contains("category"), "{e}");
}
