//! Built-in rule packs. A policy includes them with `"extends": ["default"]`.

use std::sync::OnceLock;

use crate::policy::Policy;

/// The default social media code, as JSON. Without the `pack-examples` feature (the wasm),
/// minified and without the rules' examples.
pub const DEFAULT_PACK_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/default.json"));

/// The names of the built-in packs.
pub const PACK_NAMES: &[&str] = &["default"];

/// A built-in pack by name, parsed once.
pub fn by_name(name: &str) -> Option<(&'static str, &'static Policy)> {
    static DEFAULT: OnceLock<Policy> = OnceLock::new();
    match name {
        "default" => Some((
            "default",
            DEFAULT.get_or_init(|| crate::parse_policy(DEFAULT_PACK_JSON).expect("the default pack parses (tested)")),
        )),
        _ => None,
    }
}
