//! What a policy author sees when a policy is wrong: the exact messages, each naming where
//! the problem is. These are the CLI's `validate` output and the extension's options page.

use composure_engine::Engine;

fn error(json: &str) -> String {
    match Engine::from_json(json) {
        Ok(_) => panic!("policy should be refused: {json}"),
        Err(e) => e.to_string(),
    }
}

const MSG: &str = r#""message": {"en": "m"}"#;

#[test]
fn invalid_json_names_line_and_column() {
    assert_eq!(error("{\n  \"rules\": [\n    {,\n  ]\n}"), "line 3, column 6: key must be a string");
}

#[test]
fn unknown_fields_name_their_path() {
    let e = error(r#"{"organization": {"nmes": ["Acme"]}}"#);
    assert!(
        e.starts_with("organization.nmes (line 1, column 24): unknown field `nmes`, expected one of `names`"),
        "{e}"
    );
}

#[test]
fn unknown_matcher_kind_names_the_rule_path() {
    let e = error(&format!(
        r#"{{"rules": [{{"id": "X1-a", "category": "c", "severity": "warn", {MSG}, "match": {{"kind": "wildcard"}}}}]}}"#
    ));
    assert!(e.starts_with("rules[0].match"), "{e}");
    assert!(e.contains("unknown variant `wildcard`, expected one of `terms`, `regex`, `detector`, `proximity`"), "{e}");
}

#[test]
fn bad_severity_is_named() {
    let e = error(&format!(
        r#"{{"rules": [{{"id": "X1-a", "category": "c", "severity": "error", {MSG}, "match": {{"kind": "terms", "terms": ["a"]}}}}]}}"#
    ));
    assert!(e.starts_with("rules[0].severity"), "{e}");
    assert!(e.contains("expected one of `info`, `warn`, `block`"), "{e}");
}

#[test]
fn regex_problems_name_the_rule() {
    let e = error(&format!(
        r#"{{"rules": [{{"id": "X2-bad-regex", "category": "c", "severity": "warn", {MSG}, "match": {{"kind": "regex", "pattern": "(unclosed"}}}}]}}"#
    ));
    assert!(e.starts_with("rules[0].match.pattern (rule X2-bad-regex): regex does not compile:"), "{e}");

    let huge = format!(r"(?:\\w{{50}}){{{}}}", 2000);
    let e = error(&format!(
        r#"{{"rules": [{{"id": "X3-huge", "category": "c", "severity": "warn", {MSG}, "match": {{"kind": "regex", "pattern": "{huge}"}}}}]}}"#
    ));
    assert!(e.starts_with("rules[0].match.pattern (rule X3-huge): regex compiles to more than"), "{e}");
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let e = error(&format!(
        r#"{{"extends": [], "overrides": {{"NOPE1-x": {{"disabled": true}}}}, "rules": [
            {{"id": "X4-a", "category": "Not Kebab", "severity": "warn", {MSG}, "match": {{"kind": "terms", "terms": ["{{nmes}}"]}}}},
            {{"id": "X4-a", "category": "c", "severity": "warn", "message": {{"en": "Ask {{boss}}"}}, "match": {{"kind": "terms", "terms": ["f*ck"]}}}}
        ]}}"#
    ));
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(
        lines,
        [
            "rules[1].id (rule X4-a): duplicate rule id; rules[0] already has it",
            "overrides.NOPE1-x: no rule has this id (see `composure rules` for the ids)",
            "rules[0].category (rule X4-a): category \"Not Kebab\" must be lowercase kebab-case, e.g. personal-data",
            "rules[0].match.terms[0] (rule X4-a): term \"{nmes}\" uses unknown placeholder {nmes} (known: {names}, {codenames}, {public_products}, {executives}, {email_domains})",
            "rules[1].match.terms[0] (rule X4-a): term \"f*ck\": '*' is only allowed at the start or end of a term",
            "rules[1].message.en (rule X4-a): message uses unknown placeholder {boss} (known: {name}, {spokesperson}, {code_url})",
        ]
    );
}

#[test]
fn unknown_pack_is_named() {
    assert_eq!(
        error(r#"{"extends": ["defualt"]}"#),
        "extends[0]: unknown pack \"defualt\"; the built-in pack is \"default\""
    );
}

#[test]
fn unsafe_links_are_refused() {
    let e = error(r#"{"organization": {"code_url": "javascript:alert(1)"}}"#);
    assert_eq!(e, "organization.code_url: link \"javascript:alert(1)\" must start with https://, http:// or mailto:");
}

#[test]
fn failing_examples_refuse_the_policy_and_show_the_example() {
    let e = error(&format!(
        r#"{{"rules": [{{"id": "X5-tender", "category": "confidential", "severity": "warn", {MSG},
            "match": {{"kind": "terms", "terms": ["tender"]}},
            "examples": {{"flag": ["our tender for the city", "the tenders are in"], "pass": ["a tender steak", "all fine"]}}}}]}}"#
    ));
    assert_eq!(
        e,
        "rules[0].examples.flag[1] (rule X5-tender): example should be flagged but was not: \"the tenders are in\"\n\
         rules[0].examples.pass[0] (rule X5-tender): example should pass but \"tender\" was flagged in: \"a tender steak\""
    );
}

/// The `match` object of a rule, refused with the message a policy author needs.
fn match_error(matcher: &str) -> String {
    error(&format!(
        r#"{{"rules": [{{"id": "X5-m", "category": "c", "severity": "warn", {MSG}, "match": {matcher}}}]}}"#
    ))
}

#[test]
fn a_match_names_what_is_missing_or_does_not_belong() {
    let e = match_error(r#"{"kind": "terms", "terms": ["a"], "pattern": "b"}"#);
    assert!(
        e.contains("unknown field `pattern`, expected one of `terms`, `negation`, `fuzzy`, `unless`, `unless_in_post`"),
        "{e}"
    );
    let e = match_error(r#"{"terms": ["a"], "kind": "proximity", "b": ["x"]}"#);
    assert!(
        e.contains("unknown field `terms`, expected one of `a`, `b`, `within`, `negation`, `order`, `unless`"),
        "{e}"
    );
    let e = match_error(r#"{"kind": "detector", "detectr": "iban"}"#);
    assert!(
        e.contains("unknown field `detectr`, expected one of `detector`, `domains`, `private_only`, `personal_only`, `unless`, `unless_in_post`"),
        "{e}"
    );
    let e = match_error(r#"{"kind": "proximity", "a": ["x"]}"#);
    assert!(e.contains("missing field `b`"), "{e}");
    let e = match_error(r#"{"terms": ["a"]}"#);
    assert!(e.contains("missing field `kind`"), "{e}");
    let e = match_error(r#"{"kind": "terms", "terms": ["a"], "terms": ["b"]}"#);
    assert!(e.contains("duplicate field `terms`"), "{e}");
    let e = match_error(r#"{"kind": "regex", "pattern": 5}"#);
    assert!(e.starts_with("rules[0].match.pattern"), "{e}");
    assert!(e.contains("invalid type: integer `5`, expected a string"), "{e}");
}

#[test]
fn a_match_takes_its_fields_in_any_order_with_their_defaults() {
    let policy = composure_engine::parse_policy(&format!(
        r#"{{"rules": [{{"id": "X6-p", "category": "c", "severity": "warn", {MSG}, "match": {{"b": ["idiot"], "a": ["boss"], "kind": "proximity"}}}}]}}"#
    ))
    .unwrap();
    let composure_engine::policy::MatcherSpec::Proximity { a, b, within, negation, order, unless, .. } =
        &policy.rules[0].matcher
    else {
        panic!("a proximity rule: {:?}", policy.rules[0].matcher);
    };
    assert_eq!((a.as_slice(), b.as_slice()), (&["boss".to_string()][..], &["idiot".to_string()][..]));
    assert_eq!((*within, *negation, *order, unless.len()), (5, true, composure_engine::policy::Order::Any, 0));
}
