//! The engine for the browser: one class, `Checker`, built from a policy document.
//!
//! Crossing the JS/wasm boundary costs more than checking a short post, so `check` returns
//! one flat `Uint32Array` (`[rule, start, end, rule, start, end, ...]`, offsets in UTF-16
//! code units as JavaScript counts them) and rule details are fetched once, as JSON, with
//! `rules()`. Offsets become UTF-16 here and nowhere else.

use composure_engine::policy::Organization;
use composure_engine::utf16::byte_to_utf16_offsets;
use composure_engine::{Engine, Lang, RawFinding};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Hands the engine the default pack (`engine/default-pack.json` in the extension), once,
/// before the first `Checker`: the wasm does not embed it. Throws if the JSON is no pack.
#[wasm_bindgen(js_name = provideDefaultPack)]
pub fn provide_default_pack(json: &str) -> Result<(), JsError> {
    composure_engine::provide_default_pack(json).map_err(|e| JsError::new(&e.to_string()))
}

#[wasm_bindgen]
pub struct Checker {
    engine: Engine,
    raw: Vec<RawFinding>,
    offsets: Vec<usize>,
    /// Where `checkInput` reads its text: written by the caller's `TextEncoder.encodeInto`.
    input: Vec<u8>,
}

#[wasm_bindgen]
impl Checker {
    /// Compiles a policy document (JSON). An empty string means the built-in default pack.
    /// Throws an `Error` whose message lists every problem with its location.
    #[wasm_bindgen(constructor)]
    pub fn new(policy_json: &str) -> Result<Checker, JsError> {
        let policy_json = if policy_json.trim().is_empty() { r#"{"extends": ["default"]}"# } else { policy_json };
        let engine = Engine::from_json(policy_json).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Checker { engine, raw: Vec::new(), offsets: Vec::new(), input: Vec::new() })
    }

    /// Checks `text` written on `site` (a host name, or ""). Returns triples
    /// `[ruleIndex, start, end]` with UTF-16 offsets, sorted by position.
    pub fn check(&mut self, text: &str, site: &str) -> Vec<u32> {
        self.check_text(text, site)
    }

    /// Room for a text of `bytes` UTF-8 bytes, for `checkInput`; valid until the next call
    /// into this module. The way in for long texts: the glue behind `check` copies a string
    /// into the wasm one char at a time (about 2 ns a char in Chromium), while
    /// `TextEncoder.encodeInto` straight into this buffer takes a fraction of that.
    #[wasm_bindgen(js_name = inputBuffer)]
    pub fn input_buffer(&mut self, bytes: usize) -> *mut u8 {
        if self.input.len() < bytes {
            self.input.resize(bytes, 0);
        }
        self.input.as_mut_ptr()
    }

    /// `check` of the first `len` bytes written into `inputBuffer`.
    #[wasm_bindgen(js_name = checkInput)]
    pub fn check_input(&mut self, len: usize, site: &str) -> Vec<u32> {
        let input = std::mem::take(&mut self.input);
        let bytes = &input[..len.min(input.len())];
        // `encodeInto` writes UTF-8 only. Should a caller get it wrong, the text up to the
        // first stray byte is checked rather than none. (Not `from_utf8_lossy`: 2 KB more wasm
        // for a case that does not happen.)
        let text = std::str::from_utf8(bytes)
            .unwrap_or_else(|e| std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default());
        let out = self.check_text(text, site);
        self.input = input;
        out
    }
}

impl Checker {
    fn check_text(&mut self, text: &str, site: &str) -> Vec<u32> {
        self.raw.clear();
        let site = (!site.is_empty()).then_some(site);
        self.engine.check_raw(text, site, &mut self.raw);
        self.offsets.clear();
        for f in &self.raw {
            self.offsets.push(f.start);
            self.offsets.push(f.end);
        }
        byte_to_utf16_offsets(text, &mut self.offsets);
        let mut out = Vec::with_capacity(self.raw.len() * 3);
        for (f, span) in self.raw.iter().zip(self.offsets.chunks_exact(2)) {
            out.extend([f.rule_index as u32, span[0] as u32, span[1] as u32]);
        }
        out
    }
}

#[wasm_bindgen]
impl Checker {
    /// The rules, indexed as in `check`'s results, as a JSON array of
    /// `{id, category, severity, message, tip, link, kind, origin}` in `lang` ("en"/"nl"/a tag).
    pub fn rules(&self, lang: &str) -> String {
        let lang = Lang::from_tag(lang);
        let rules: Vec<RuleJson> = self
            .engine
            .rules()
            .iter()
            .map(|r| RuleJson {
                id: &r.id,
                category: &r.category,
                severity: r.severity.as_str(),
                message: r.message(lang),
                tip: r.tip(lang),
                link: r.link.as_deref(),
                kind: &r.kind,
                origin: r.origin.name(),
            })
            .collect();
        serde_json::to_string(&rules).unwrap_or_default()
    }

    /// `{name, version, extends, rules, organization}` of the compiled policy, as JSON.
    pub fn info(&self) -> String {
        let info = self.engine.info();
        let json = InfoJson {
            name: info.name.as_deref(),
            version: info.version.as_deref(),
            extends: &info.extends,
            rules: self.engine.rules().len(),
            organization: &info.organization,
        };
        serde_json::to_string(&json).unwrap_or_default()
    }
}

// Plain structs rather than `serde_json::Value`: a `Value` brings float formatting into the
// wasm for no field we have.
#[derive(Serialize)]
struct RuleJson<'a> {
    id: &'a str,
    category: &'a str,
    severity: &'a str,
    message: &'a str,
    tip: Option<&'a str>,
    link: Option<&'a str>,
    kind: &'a str,
    origin: &'a str,
}

#[derive(Serialize)]
struct InfoJson<'a> {
    name: Option<&'a str>,
    version: Option<&'a str>,
    extends: &'a [String],
    rules: usize,
    organization: &'a Organization,
}

/// The engine's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
