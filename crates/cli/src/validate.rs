//! `composure validate FILE`: parse, compile, run the examples; say what is wrong and where.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use composure_engine::policy::{MatcherSpec, Organization, RuleSpec};
use composure_engine::{parse_policy, Engine, Origin, Policy, PolicyError, DEFAULT_PACK_JSON};

use crate::{read_file, Failure, Result};

pub fn run(path: &Path, model: &crate::detect::ModelChoice) -> Result<ExitCode> {
    let json = read_file(path)?;
    let policy = parse_policy(&json).map_err(|e| refused(path, &e))?;
    let mut err = io::stderr().lock();
    for warning in warnings(&policy) {
        let _ = writeln!(err, "warning: {warning}");
    }
    drop(err);
    let engine = Engine::new(&policy).map_err(|e| refused(path, &e))?;
    // The examples of model and similar rules need the encoder: run them when it is there.
    let encoder = crate::detect::load_encoder(model)?;
    crate::detect::Detector::new(&engine, encoder.as_ref(), Some(path))?;
    let from_packs = engine.rules().iter().filter(|r| matches!(r.origin, Origin::Pack(_))).count();
    let own = engine.rules().len() - from_packs;
    writeln!(
        io::stdout().lock(),
        "ok: {} rules ({from_packs} from packs, {own} own), all examples pass",
        engine.rules().len()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Every problem, each naming the file, then one line that says the policy is refused.
pub fn refused(path: &Path, e: &PolicyError) -> Failure {
    let mut lines: Vec<String> = e.problems().iter().map(|p| format!("{}: {p}", path.display())).collect();
    let n = e.problems().len();
    lines.push(format!("{} is not a usable policy ({n} problem{})", path.display(), if n == 1 { "" } else { "s" }));
    Failure::Errors(lines)
}

/// What is allowed but probably not meant, found cheaply from the document.
fn warnings(policy: &Policy) -> Vec<String> {
    let mut out = Vec::new();
    let org = &policy.organization;
    let packs: Vec<Policy> = policy
        .extends
        .iter()
        .filter(|name| *name == "default")
        .filter_map(|_| parse_policy(DEFAULT_PACK_JSON).ok())
        .collect();
    let enabled = |spec: &&RuleSpec| !policy.overrides.get(&spec.id).is_some_and(|o| o.disabled);
    let pack_rules = packs.iter().flat_map(|p| p.rules.iter()).filter(enabled);
    let all_rules: Vec<&RuleSpec> = pack_rules.chain(policy.rules.iter().filter(enabled)).collect();

    if org.code_url.is_none() && all_rules.iter().any(|r| r.link.is_none()) {
        out.push("no organization.code_url; findings will not link to your code".to_string());
    }

    let mut empty: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for rule in &all_rules {
        for list in placeholders_used(rule) {
            if list_of(org, list).is_some_and(<[String]>::is_empty) {
                let ids = empty.entry(list).or_default();
                if !ids.contains(&rule.id.as_str()) {
                    ids.push(&rule.id);
                }
            }
        }
    }
    for (list, ids) in empty {
        let which = match ids.len() {
            1 => format!("rule {}", ids[0]),
            2 | 3 => format!("rules {}", ids.join(", ")),
            n => format!("rules {}, {} and {} more", ids[0], ids[1], n - 2),
        };
        out.push(format!("no organization.{list}; {{{list}}} in {which} matches nothing"));
    }

    for (i, rule) in policy.rules.iter().enumerate() {
        if rule.examples.flag.is_empty() {
            out.push(format!(
                "rules[{i}] (rule {}): no examples.flag; add a post the rule must flag, so validate can test it",
                rule.id
            ));
        }
    }
    out
}

fn list_of<'o>(org: &'o Organization, name: &str) -> Option<&'o [String]> {
    Some(match name {
        "names" => &org.names,
        "codenames" => &org.codenames,
        "public_products" => &org.public_products,
        "executives" => &org.executives,
        "email_domains" => &org.email_domains,
        _ => return None,
    })
}

/// The `{list}` placeholders a rule's matcher uses.
fn placeholders_used(rule: &RuleSpec) -> Vec<&str> {
    let mut strings: Vec<&String> = match &rule.matcher {
        MatcherSpec::Terms { terms, unless, .. } => terms.iter().chain(unless).collect(),
        MatcherSpec::Regex { unless, .. } => unless.iter().collect(),
        MatcherSpec::Detector { domains, unless, .. } => domains.iter().chain(unless).collect(),
        MatcherSpec::Proximity { a, b, unless, .. } => a.iter().chain(b).chain(unless).collect(),
        MatcherSpec::Model { .. } | MatcherSpec::Similar { .. } => Vec::new(),
    };
    strings.extend(rule.matcher.unless_in_post());
    let mut out = Vec::new();
    for s in strings {
        let mut rest = s.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            if !out.contains(&name) {
                out.push(name);
            }
            rest = &rest[open + close + 1..];
        }
    }
    out
}
