//! The sentence model for the browser: one class, `ModelChecker`, built from a policy document,
//! the model file and the heads. It runs in the extension's background worker, never on the
//! keystroke path: the page's rules engine (`crates/wasm`) answers every keystroke, and this
//! module's verdict arrives later and adds to it.
//!
//! `check` returns one flat `Uint32Array` of `[rule, start, end, confidence]` quadruples:
//! offsets in UTF-16 code units as JavaScript counts them, confidence in thousandths. A model
//! finding is already left out where a rule finding at least as severe overlaps it
//! ([`without_repeats`]), so the caller shows what it gets beside its rule findings.

use composure_engine::utf16::byte_to_utf16_offsets;
use composure_engine::{without_repeats, Context, Engine, Heads, Lang, Semantic};
use composure_model::Model;
use wasm_bindgen::prelude::*;

/// Hands the engine the default pack (`engine/default-pack.json` in the extension), once,
/// before the first `ModelChecker`: this module has its own copy of the engine and does not
/// embed the pack. Throws if the JSON is no pack.
#[wasm_bindgen(js_name = provideDefaultPack)]
pub fn provide_default_pack(json: &str) -> Result<(), JsError> {
    composure_engine::provide_default_pack(json).map_err(|e| JsError::new(&e.to_string()))
}

/// The rules and model rules of one policy, with the encoder.
pub struct Prepared {
    // Field order is drop order: `semantic` borrows `engine` and `encoder`, so it goes first.
    semantic: Option<Semantic<'static>>,
    engine: Box<Engine>,
    #[allow(dead_code)] // only borrowed, through `semantic`
    encoder: Box<Model>,
}

impl Prepared {
    /// Compiles `policy_json` ("" = the default pack) and prepares its model rules with the
    /// model file and the heads. The error names what failed: the model file, the heads, or
    /// the policy (with its rule ids and locations).
    pub fn new(policy_json: &str, model_bytes: &[u8], heads_json: &str) -> Result<Prepared, String> {
        let policy_json = if policy_json.trim().is_empty() { r#"{"extends": ["default"]}"# } else { policy_json };
        let engine = Box::new(Engine::from_json(policy_json).map_err(|e| e.to_string())?);
        let model = Model::from_bytes(model_bytes).map_err(|e| format!("the model file: {e}"))?;
        let encoder = Box::new(model);
        let heads = Heads::from_json(heads_json)?;
        // SAFETY: `engine` and `encoder` live on the heap behind boxes that `Prepared` owns and
        // never replaces or hands out mutably, so their addresses stay valid for as long as
        // `semantic` exists: it is declared first and so dropped first. The 'static lifetime
        // never escapes: `check` hands out only plain numbers.
        let (e, m): (&'static Engine, &'static Model) =
            unsafe { (&*(engine.as_ref() as *const Engine), &*(encoder.as_ref() as *const Model)) };
        let semantic = Semantic::new(e, m, &heads).map_err(|e| e.to_string())?;
        Ok(Prepared { semantic: Some(semantic).filter(|s| !s.is_empty()), engine, encoder })
    }

    /// Whether the policy has any model rule (without one, `check` finds nothing).
    pub fn has_model_rules(&self) -> bool {
        self.semantic.is_some()
    }

    /// Model findings for `text` on `site`, as `(rule index, byte span, confidence)`, sorted
    /// by position; none where a rule finding at least as severe overlaps.
    pub fn check(&self, text: &str, site: Option<&str>) -> Vec<(usize, std::ops::Range<usize>, f32)> {
        let Some(semantic) = &self.semantic else { return Vec::new() };
        let ctx = Context { site, lang: Lang::En };
        let rules = self.engine.check(text, &ctx);
        without_repeats(&rules, semantic.check(text, &ctx))
            .into_iter()
            .map(|s| (s.finding.rule_index, s.finding.span, s.confidence))
            .collect()
    }
}

#[wasm_bindgen]
pub struct ModelChecker {
    inner: Prepared,
}

#[wasm_bindgen]
impl ModelChecker {
    /// Compiles a policy document (JSON; "" = the built-in default pack) and prepares its
    /// model rules with `model` (the bytes of `composure-use-m.bin`) and `heads` (the heads'
    /// JSON). Throws an `Error` saying what failed.
    #[wasm_bindgen(constructor)]
    pub fn new(policy_json: &str, model: &[u8], heads_json: &str) -> Result<ModelChecker, JsError> {
        Prepared::new(policy_json, model, heads_json).map(|inner| ModelChecker { inner }).map_err(|e| JsError::new(&e))
    }

    /// Whether the policy has any model rule: without one, the worker need not ask.
    #[wasm_bindgen(js_name = hasModelRules)]
    pub fn has_model_rules(&self) -> bool {
        self.inner.has_model_rules()
    }

    /// Checks `text` written on `site` (a host name, or "") with the model rules. Returns
    /// quadruples `[ruleIndex, start, end, confidence × 1000]` with UTF-16 offsets.
    pub fn check(&self, text: &str, site: &str) -> Vec<u32> {
        quadruples(text, &self.inner.check(text, (!site.is_empty()).then_some(site)))
    }
}

/// The findings as the flat array `check` returns, byte offsets turned into UTF-16 ones.
pub fn quadruples(text: &str, found: &[(usize, std::ops::Range<usize>, f32)]) -> Vec<u32> {
    let mut offsets: Vec<usize> = found.iter().flat_map(|(_, span, _)| [span.start, span.end]).collect();
    byte_to_utf16_offsets(text, &mut offsets);
    let mut out = Vec::with_capacity(found.len() * 4);
    for ((rule, _, confidence), span) in found.iter().zip(offsets.chunks_exact(2)) {
        out.extend([
            *rule as u32,
            span[0] as u32,
            span[1] as u32,
            (confidence.clamp(0.0, 1.0) * 1000.0).round() as u32,
        ]);
    }
    out
}

/// The module's version (the engine's).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
