//! The example policies in `examples/` are what administrators copy: each must compile (which
//! runs its own rules' examples), each own rule must flag its flag examples, and the managed
//! policy files in `examples/managed/` must carry policies that compile, under keys the
//! extension's `managed_schema.json` declares with the right types (Chromium silently drops
//! values that do not fit the schema).

use std::fs;
use std::path::{Path, PathBuf};

use composure_engine::{parse_policy, Context, Engine, Origin};
use serde_json::Value;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `*.json` files directly in `dir`, sorted, as (name for messages, contents).
fn json_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            let name = p.strip_prefix(repo_root()).unwrap_or(&p).display().to_string();
            (name, text)
        })
        .collect()
}

fn example_policies() -> Vec<(String, String)> {
    let files = json_files(&repo_root().join("examples"));
    for wanted in ["small-dutch-company.json", "police.json"] {
        assert!(files.iter().any(|(name, _)| name.ends_with(wanted)), "examples/{wanted} is missing");
    }
    files
}

/// Compiles a policy, or says which file it came from and everything the engine found wrong.
fn compile(name: &str, json: &str) -> Result<Engine, String> {
    Engine::from_json(json).map_err(|e| format!("{name} does not compile:\n{e}"))
}

#[test]
fn every_example_policy_compiles_and_its_rules_flag_their_examples() {
    let mut problems = Vec::new();
    for (name, json) in example_policies() {
        let engine = match compile(&name, &json) {
            Ok(engine) => engine,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let policy = parse_policy(&json).expect("it compiled, so it parses");
        if !policy.extends.iter().any(|p| p == "default") {
            problems.push(format!("{name}: should extend [\"default\"], as the guide tells administrators to"));
        }
        if policy.rules.is_empty() {
            problems.push(format!("{name}: has no rules of its own"));
        }
        for spec in &policy.rules {
            let rule = engine.rule(&spec.id).expect("every own rule is compiled");
            assert_eq!(rule.origin, Origin::Policy);
            // A rule limited to some sites only applies there: check its examples on the first.
            let site = spec.sites.first().map(String::as_str);
            let ctx = Context { site, ..Default::default() };
            for text in &spec.examples.flag {
                if !engine.check(text, &ctx).iter().any(|f| f.rule_id == spec.id) {
                    problems.push(format!("{name}: rule {} does not flag its example {text:?}", spec.id));
                }
            }
            if spec.examples.flag.len() < 3 || spec.examples.pass.len() < 3 {
                problems.push(format!("{name}: rule {} needs at least 3 flag and 3 pass examples", spec.id));
            }
            if spec.message.nl.as_deref().is_none_or(|m| m.trim().is_empty()) {
                problems.push(format!("{name}: rule {} has no Dutch message", spec.id));
            }
            if spec.tip.is_none() {
                problems.push(format!("{name}: rule {} has no tip", spec.id));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// Every string stored under a key named `policy`, anywhere in `value`, with its JSON path.
fn embedded_policies(value: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let here = format!("{path}.{key}");
                match v {
                    Value::String(s) if key == "policy" => out.push((here, s.clone())),
                    _ => embedded_policies(v, &here, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                embedded_policies(v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The per-extension values in a managed policy file: Chrome's `3rdparty.extensions.<ID>` or
/// Firefox's `policies.3rdparty.Extensions.<add-on id>`.
fn extension_values(file: &Value) -> Vec<(String, &serde_json::Map<String, Value>)> {
    let chrome = file.pointer("/3rdparty/extensions");
    let firefox = file.pointer("/policies/3rdparty/Extensions");
    chrome
        .or(firefox)
        .and_then(Value::as_object)
        .map(|exts| exts.iter().filter_map(|(id, v)| v.as_object().map(|o| (id.clone(), o))).collect())
        .unwrap_or_default()
}

#[test]
fn managed_policy_files_carry_policies_that_compile() {
    let examples: Vec<Value> = example_policies()
        .iter()
        .map(|(name, json)| serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: {e}")))
        .collect();
    let files = json_files(&repo_root().join("examples/managed"));
    assert!(files.len() >= 2, "examples/managed should hold a Chrome and a Firefox policy file");
    let mut problems = Vec::new();
    for (name, text) in &files {
        let file: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("{name}: not valid JSON: {e}"));
                continue;
            }
        };
        let mut found = Vec::new();
        embedded_policies(&file, "", &mut found);
        if found.is_empty() {
            problems.push(format!("{name}: no \"policy\" string found"));
        }
        for (path, policy) in found {
            if let Err(e) = compile(&format!("{name} at {path}"), &policy) {
                problems.push(e);
                continue;
            }
            // The wrappers are generated from the example policies; they must not drift apart.
            let embedded: Value = serde_json::from_str(&policy).expect("it compiled, so it parses");
            if !examples.contains(&embedded) {
                problems.push(format!(
                    "{name} at {path}: the policy is not the same as any examples/*.json; regenerate it \
                     (see docs/deploy.md, \"Turning a policy file into a string\")"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn managed_values_fit_the_extension_schema() {
    let schema_path = repo_root().join("extension/managed_schema.json");
    let schema: Value = serde_json::from_str(&fs::read_to_string(&schema_path).unwrap()).unwrap();
    assert_eq!(schema["type"], "object", "Chrome requires a top-level object schema");
    assert!(
        schema.get("additionalProperties").is_none() && schema.get("patternProperties").is_none(),
        "Chrome refuses additionalProperties/patternProperties at the top level"
    );
    let properties = schema["properties"].as_object().expect("the schema has properties");
    for (key, prop) in properties {
        for field in ["title", "description", "type"] {
            assert!(prop.get(field).and_then(Value::as_str).is_some(), "schema key {key} has no {field}");
        }
    }
    let fits = |value: &Value, prop: &Value| -> bool {
        match prop["type"].as_str() {
            Some("string") => value.is_string(),
            Some("boolean") => value.is_boolean(),
            Some("integer") => value.is_i64() || value.is_u64(),
            Some("number") => value.is_number(),
            Some("array") => value
                .as_array()
                .is_some_and(|items| items.iter().all(|i| prop["items"]["type"] != "string" || i.is_string())),
            Some("object") => value.is_object(),
            _ => false,
        }
    };

    // The Firefox add-on id is fixed in the manifest; the Chromium ID derives from its key.
    let gecko_id = fs::read_to_string(repo_root().join("manifest.json"))
        .ok()
        .and_then(|m| serde_json::from_str::<Value>(&m).ok())
        .and_then(|m| m.pointer("/browser_specific_settings/gecko/id").and_then(Value::as_str).map(str::to_string));

    let mut problems = Vec::new();
    for (name, text) in json_files(&repo_root().join("examples/managed")) {
        let file: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let values = extension_values(&file);
        if values.is_empty() {
            problems.push(format!("{name}: no 3rdparty extension values"));
        }
        for (id, settings) in values {
            if let Some(gecko) = &gecko_id {
                if file.pointer("/policies").is_some() && id != *gecko {
                    problems.push(format!("{name}: configures {id}, but manifest.json's Firefox id is {gecko}"));
                }
            }
            for (key, value) in settings {
                match properties.get(key) {
                    None => problems.push(format!("{name}: {id}.{key} is not in managed_schema.json")),
                    Some(prop) if !fits(value, prop) => {
                        problems.push(format!("{name}: {id}.{key} is not a {}", prop["type"]))
                    }
                    Some(_) => {}
                }
            }
            // The extension installed by ExtensionSettings must be the one that is configured.
            let installs = file
                .pointer("/ExtensionSettings")
                .or_else(|| file.pointer("/policies/ExtensionSettings"))
                .and_then(Value::as_object);
            if !installs.is_some_and(|m| m.contains_key(&id)) {
                problems.push(format!("{name}: ExtensionSettings does not install {id}, the id it configures"));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}
