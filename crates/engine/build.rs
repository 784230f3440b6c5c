//! Embeds the built-in pack: as written with the `pack-examples` feature, otherwise minified
//! and without examples, which only tests and `composure explain` use.

use std::{env, fs, path::PathBuf};

fn main() {
    let source = "packs/default.json";
    println!("cargo:rerun-if-changed={source}");
    let text = fs::read_to_string(source).expect("read packs/default.json");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("default.json");
    if env::var_os("CARGO_FEATURE_PACK_EXAMPLES").is_some() {
        fs::write(out, text).unwrap();
        return;
    }
    let mut pack: serde_json::Value = serde_json::from_str(&text).expect("packs/default.json is JSON");
    if let Some(obj) = pack.as_object_mut() {
        obj.remove("example_organization");
        if let Some(rules) = obj.get_mut("rules").and_then(|r| r.as_array_mut()) {
            for rule in rules {
                if let Some(rule) = rule.as_object_mut() {
                    rule.remove("examples");
                }
            }
        }
    }
    fs::write(out, serde_json::to_string(&pack).unwrap()).unwrap();
}
