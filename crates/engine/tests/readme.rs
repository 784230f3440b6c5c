//! The policy example in README.md is a real policy: it compiles, its examples pass, and it
//! flags what the README says it flags.

use composure_engine::{Context, Engine};

fn readme_policy() -> String {
    let readme = include_str!("../../../README.md");
    let section = &readme[readme.find("## Policy format").expect("README has a Policy format section")..];
    let start = section.find("```json\n").expect("a json block") + "```json\n".len();
    let end = start + section[start..].find("```").expect("the block ends");
    section[start..end].to_string()
}

#[test]
fn the_readme_policy_compiles_and_flags_its_codename() {
    let engine = Engine::from_json(&readme_policy()).unwrap_or_else(|e| panic!("README policy:\n{e}"));
    let post = "Falcon is late again, my boss Jan de Vries is a clown 🤡. Mail me: j.jansen@acme.nl";
    let rules: Vec<&str> = engine.check(post, &Context::default()).iter().map(|f| f.rule_id).collect();
    assert!(rules.contains(&"CF001-codename"), "{rules:?}");
    assert!(engine.rule("PI003-mild-swearing").is_none(), "the override disables it");
}
