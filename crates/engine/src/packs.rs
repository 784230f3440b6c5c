//! Rule packs. A policy includes them with `"extends": ["default"]`.
//!
//! Native builds (the CLI, the tests) embed the default pack with the `embedded-pack` feature.
//! The wasm does not: the pack is text, not code, and ships beside it in the extension
//! (`engine/default-pack.json`), handed over once with [`provide_default_pack`] before the first
//! policy is compiled. That keeps ~21 KB of gzip out of the module the browser compiles.

use std::sync::OnceLock;

use crate::error::PolicyError;
use crate::policy::Policy;

/// The default social media code, as JSON, with its rules' examples.
#[cfg(feature = "embedded-pack")]
pub const DEFAULT_PACK_JSON: &str = include_str!("../packs/default.json");

/// The sentence model's heads for the default pack's `model` rules (written by
/// `scripts/train`; see `Heads`). The wasm is handed them like the pack.
#[cfg(feature = "embedded-pack")]
pub const DEFAULT_HEADS_JSON: &str = include_str!("../packs/model-heads.json");

/// The names of the built-in packs.
pub const PACK_NAMES: &[&str] = &["default"];

static DEFAULT: OnceLock<Policy> = OnceLock::new();

/// Hands the engine the default pack's JSON (builds without `embedded-pack`). The first call
/// that parses wins; later calls change nothing.
pub fn provide_default_pack(json: &str) -> Result<(), PolicyError> {
    if DEFAULT.get().is_none() {
        let pack = crate::parse_policy(json)?;
        let _ = DEFAULT.set(pack);
    }
    Ok(())
}

/// A pack by name (as `'static`), parsed once; `Err` says why it is not there.
pub(crate) fn by_name(name: &str) -> Result<(&'static str, &'static Policy), String> {
    match name {
        "default" => default_pack().map(|pack| ("default", pack)),
        _ => Err(format!("unknown pack \"{name}\"; the built-in pack is \"default\"")),
    }
}

#[cfg(feature = "embedded-pack")]
fn default_pack() -> Result<&'static Policy, String> {
    Ok(DEFAULT.get_or_init(|| crate::parse_policy(DEFAULT_PACK_JSON).expect("the default pack parses (tested)")))
}

#[cfg(not(feature = "embedded-pack"))]
fn default_pack() -> Result<&'static Policy, String> {
    DEFAULT.get().ok_or_else(|| {
        "the default pack is not loaded: this build does not embed it, and \
         provide_default_pack was not called"
            .to_string()
    })
}
