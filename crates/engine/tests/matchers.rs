//! Each matcher kind, driven through real policy documents as a policy author writes them.

use composure_engine::{Context, Engine, Lang, Severity};

fn engine(rules: &str) -> Engine {
    engine_with(rules, r#"{"names": ["Acme", "Acme BV"], "codenames": ["Falcon"]}"#)
}

fn engine_with(rules: &str, org: &str) -> Engine {
    let json = format!(r#"{{"organization": {org}, "rules": [{rules}]}}"#);
    Engine::from_json(&json).unwrap_or_else(|e| panic!("policy should compile:\n{e}"))
}

/// The texts of what `engine` flags in `text`, in order.
fn flagged(engine: &Engine, text: &str) -> Vec<String> {
    engine.check(text, &Context::default()).iter().map(|f| text[f.span.clone()].to_string()).collect()
}

fn rule(id: &str, matcher: &str) -> String {
    format!(
        r#"{{"id": "{id}", "category": "test", "severity": "warn",
            "message": {{"en": "Risky.", "nl": "Riskant."}}, "match": {matcher}}}"#
    )
}

#[test]
fn terms_match_whole_words_through_disguises() {
    let e = engine(&rule("T1-insults", r#"{"kind": "terms", "terms": ["idiot*", "klootzak"]}"#));
    assert_eq!(flagged(&e, "What an IDIOT"), ["IDIOT"]);
    assert_eq!(flagged(&e, "total 1d10ts"), ["1d10ts"]);
    assert_eq!(flagged(&e, "i d i o t"), ["i d i o t"]);
    assert_eq!(flagged(&e, "kl00tzak!!"), ["kl00tzak"]);
    assert_eq!(flagged(&e, "𝐢𝐝𝐢𝐨𝐭"), ["𝐢𝐝𝐢𝐨𝐭"]);
    assert_eq!(flagged(&e, "id\u{200b}iot"), ["id\u{200b}iot"]);
    assert!(flagged(&e, "idiom, patriot, klootzakken-free").is_empty());
}

#[test]
fn terms_expand_organisation_lists_and_skip_empty_ones() {
    let e = engine(&rule("T2-codenames", r#"{"kind": "terms", "terms": ["{codenames}", "{executives}"]}"#));
    assert_eq!(flagged(&e, "Falcon launches in May"), ["Falcon"]);
    assert!(flagged(&e, "falconry is a hobby").is_empty());
}

#[test]
fn proximity_needs_both_sides_in_one_sentence() {
    let e = engine(&rule(
        "T3-employer-insult",
        r#"{"kind": "proximity", "a": ["{names}", "my boss"], "b": ["idiot*", "clowns", "🤬"], "within": 4}"#,
    ));
    assert_eq!(flagged(&e, "Acme is run by clowns"), ["Acme is run by clowns"]);
    assert_eq!(flagged(&e, "Idiots, all of them at Acme BV"), ["Idiots, all of them at Acme BV"]);
    assert_eq!(flagged(&e, "my boss 🤬"), ["my boss 🤬"]);
    // Too far apart, or in different sentences.
    assert!(flagged(&e, "Acme is a company where one two three four five clowns work").is_empty());
    assert!(flagged(&e, "I love Acme. My neighbour is an idiot.").is_empty());
    // "..." does not end the thought.
    assert_eq!(flagged(&e, "Acme... clowns"), ["Acme... clowns"]);
}

#[test]
fn proximity_respects_negation() {
    let e = engine(&rule(
        "T4-employer-insult",
        r#"{"kind": "proximity", "a": ["{names}"], "b": ["scam", "idiots"], "within": 5}"#,
    ));
    assert!(flagged(&e, "Acme is not a scam").is_empty());
    assert!(flagged(&e, "Acme is geen scam").is_empty());
    assert!(flagged(&e, "Acme isn't a scam").is_empty());
    assert_eq!(flagged(&e, "Acme is a scam"), ["Acme is a scam"]);
    let without =
        engine(&rule("T5-no-negation", r#"{"kind": "proximity", "a": ["{names}"], "b": ["scam"], "negation": false}"#));
    assert_eq!(flagged(&without, "Acme is not a scam"), ["Acme is not a scam"]);
}

#[test]
fn terms_with_negation_skip_negated_words() {
    let e = engine(&rule("T4-name-calling", r#"{"kind": "terms", "terms": ["idiot", "sukkel"], "negation": true}"#));
    assert_eq!(flagged(&e, "that idiot next door"), ["idiot"]);
    assert!(flagged(&e, "he's no idiot").is_empty());
    assert!(flagged(&e, "he isn't an idiot").is_empty());
    assert!(flagged(&e, "je bent geen sukkel").is_empty());
    // Only the negated one goes: "not" reaches three words back, within its sentence.
    assert_eq!(flagged(&e, "Not an idiot. That sukkel is."), ["sukkel"]);
    let plain = engine(&rule("T4-plain", r#"{"kind": "terms", "terms": ["idiot"]}"#));
    assert_eq!(flagged(&plain, "he's no idiot"), ["idiot"]);
}

#[test]
fn fuzzy_terms_catch_a_swapped_or_dropped_letter_in_long_words() {
    let e =
        engine(&rule("T4-fuzzy", r#"{"kind": "terms", "terms": ["randdebiel*", "klootzak", "idiot"], "fuzzy": true}"#));
    assert_eq!(flagged(&e, "die randdebeil weer"), ["randdebeil"]);
    assert_eq!(flagged(&e, "wat een klotzak"), ["klotzak"]);
    assert_eq!(flagged(&e, "kl00tazk!"), ["kl00tazk"]);
    // Short words stay exact, and the first letter must be right.
    assert!(flagged(&e, "what an idoit, lootzak").is_empty());
    let exact = engine(&rule("T4-exact", r#"{"kind": "terms", "terms": ["klootzak"]}"#));
    assert!(flagged(&exact, "wat een klotzak").is_empty());
}

#[test]
fn proximity_order_requires_one_side_first() {
    let verb_first = engine(&rule(
        "T5-hate-then-group",
        r#"{"kind": "proximity", "a": ["women"], "b": ["hate"], "within": 3, "order": "b-first"}"#,
    ));
    assert_eq!(flagged(&verb_first, "I hate women"), ["hate women"]);
    assert!(flagged(&verb_first, "Women hate it when the bus is late").is_empty());
    let group_first = engine(&rule(
        "T5-group-then-predicate",
        r#"{"kind": "proximity", "a": ["refugees"], "b": ["disgusting"], "within": 4, "order": "a-first"}"#,
    ));
    assert_eq!(flagged(&group_first, "refugees are disgusting"), ["refugees are disgusting"]);
    assert!(flagged(&group_first, "It is disgusting how refugees are treated").is_empty());
    // Negation still applies before the `b` term.
    assert!(flagged(&group_first, "refugees are not disgusting").is_empty());
    let e = Engine::from_json(&format!(
        r#"{{"rules": [{}]}}"#,
        rule("T5-bad-order", r#"{"kind": "proximity", "a": ["x"], "b": ["y"], "order": "a-then-b"}"#)
    ))
    .unwrap_err()
    .to_string();
    assert!(e.contains("unknown variant `a-then-b`, expected one of `any`, `a-first`, `b-first`"), "{e}");
}

#[test]
fn unless_cancels_matches_in_the_same_sentence_only() {
    let e = engine(&rule(
        "T6-layoffs",
        r#"{"kind": "terms", "terms": ["layoffs"], "unless": ["press release", "announced"]}"#,
    ));
    assert!(flagged(&e, "As announced today, layoffs at our plant.").is_empty());
    assert_eq!(flagged(&e, "Press release soon. Layoffs next week!"), ["Layoffs"]);
}

#[test]
fn unless_in_post_cancels_every_match_of_its_rule_wherever_the_term_is() {
    let rules = [
        rule("T6b-phone", r#"{"kind": "detector", "detector": "phone", "unless_in_post": ["te koop", "bel me"]}"#),
        rule("T6c-phone-always", r#"{"kind": "detector", "detector": "phone"}"#),
    ]
    .join(",");
    let e = engine(&rules);
    let ids = |text: &str| e.check(text, &Context::default()).iter().map(|f| f.rule_id).collect::<Vec<_>>();
    // In another sentence, even another line: only the rule that lists the term is quiet.
    assert_eq!(ids("Te koop: bureaustoel, €25.\nInteresse? 06-12345678"), ["T6c-phone-always"]);
    assert_eq!(ids("BEL ME gerust: 06-12345678"), ["T6c-phone-always"]);
    assert_eq!(ids("Zijn nummer is 06-12345678"), ["T6b-phone", "T6c-phone-always"]);
}

#[test]
fn personal_only_leaves_out_role_mailboxes() {
    let rules = [
        rule("T6d-mail", r#"{"kind": "detector", "detector": "email", "personal_only": true}"#),
        rule("T6e-mail-all", r#"{"kind": "detector", "detector": "email"}"#),
    ]
    .join(",");
    let e = engine(&rules);
    let ids = |text: &str| e.check(text, &Context::default()).iter().map(|f| f.rule_id).collect::<Vec<_>>();
    assert_eq!(ids("CV naar sollicitaties@bakker.example"), ["T6e-mail-all"]);
    assert_eq!(ids("of mail Ans: ans.kok@bakker.example"), ["T6d-mail", "T6e-mail-all"]);
}

#[test]
fn regex_runs_on_the_original_text() {
    let e = engine(&rule("T7-tickets", r#"{"kind": "regex", "pattern": "\\bINC-\\d{5}\\b"}"#));
    assert_eq!(flagged(&e, "see INC-12345 and inc-12345"), ["INC-12345"]);
}

#[test]
fn detectors_flag_only_valid_values() {
    let e = engine(&rule("T8-cards", r#"{"kind": "detector", "detector": "payment_card"}"#));
    assert_eq!(flagged(&e, "card 4111 1111 1111 1111 ok"), ["4111 1111 1111 1111"]);
    assert!(flagged(&e, "order 4111 1111 1111 1112").is_empty());
}

#[test]
fn email_detector_can_be_limited_to_the_organisations_domains() {
    let e = engine_with(
        &rule("T9-internal-mail", r#"{"kind": "detector", "detector": "email", "domains": ["{email_domains}"]}"#),
        r#"{"email_domains": ["acme.nl"]}"#,
    );
    assert_eq!(flagged(&e, "mail jan@acme.nl or jan@gmail.com"), ["jan@acme.nl"]);
    // No domains configured: the rule checks nothing rather than every address.
    let none = engine_with(
        &rule("T9-internal-mail", r#"{"kind": "detector", "detector": "email", "domains": ["{email_domains}"]}"#),
        "{}",
    );
    assert!(flagged(&none, "mail jan@acme.nl").is_empty());
}

#[test]
fn findings_of_one_rule_merge_and_come_in_text_order() {
    let rules = [
        rule("A1-one", r#"{"kind": "terms", "terms": ["acme", "acme bv"]}"#),
        rule("A2-two", r#"{"kind": "terms", "terms": ["falcon"]}"#),
    ]
    .join(",");
    let e = engine(&rules);
    let text = "Falcon by Acme BV";
    let found: Vec<(&str, &str)> =
        e.check(text, &Context::default()).iter().map(|f| (f.rule_id, &text[f.span.clone()])).collect();
    assert_eq!(found, [("A2-two", "Falcon"), ("A1-one", "Acme BV")]);
}

#[test]
fn messages_come_in_the_requested_language_with_organisation_details() {
    let json = r#"{
        "organization": {"names": ["Acme"], "spokesperson": "pers@acme.nl", "code_url": "https://acme.example/code"},
        "rules": [{"id": "S1-press", "category": "speaking-for-company", "severity": "info",
                   "message": {"en": "Press questions go to {spokesperson}.", "nl": "Vragen van de pers gaan naar {spokesperson}."},
                   "match": {"kind": "terms", "terms": ["journalist"]}}]}"#;
    let e = Engine::from_json(json).unwrap();
    let en = e.check("a journalist asked", &Context::default());
    assert_eq!(en[0].message, "Press questions go to pers@acme.nl.");
    assert_eq!(en[0].link, Some("https://acme.example/code"), "rules link to the organisation's code by default");
    let nl = e.check("een journalist vroeg", &Context { lang: Lang::Nl, ..Default::default() });
    assert_eq!(nl[0].message, "Vragen van de pers gaan naar pers@acme.nl.");
}

#[test]
fn rules_can_be_limited_to_sites() {
    let json = r#"{"rules": [{"id": "W1-linkedin", "category": "test", "severity": "info",
        "message": {"en": "m"}, "sites": ["linkedin.com"],
        "match": {"kind": "terms", "terms": ["open to work"]}}]}"#;
    let e = Engine::from_json(json).unwrap();
    let on = |site| e.check("I am open to work", &Context { site, ..Default::default() }).len();
    assert_eq!(on(Some("www.linkedin.com")), 1);
    assert_eq!(on(Some("linkedin.com")), 1);
    assert_eq!(on(Some("notlinkedin.com")), 0);
    assert_eq!(on(None), 0);
}

#[test]
fn overrides_change_or_disable_pack_rules() {
    let base = Engine::from_json(r#"{"extends": ["default"]}"#).unwrap();
    let some = &base.rules()[0];
    let other = if some.severity == Severity::Info { "warn" } else { "info" };
    let json = format!(
        r#"{{"extends": ["default"], "overrides": {{"{}": {{"severity": "{other}"}}, "{}": {{"disabled": true}}}}}}"#,
        some.id,
        base.rules()[1].id
    );
    let e = Engine::from_json(&json).unwrap();
    assert_eq!(e.rule(&some.id).unwrap().severity.as_str(), other);
    assert!(e.rule(&base.rules()[1].id).is_none());
    assert_eq!(e.rules().len(), base.rules().len() - 1);
}

#[test]
fn check_never_panics_on_odd_input() {
    let e = Engine::from_json(r#"{"extends": ["default"], "organization": {"names": ["Acme"]}}"#).unwrap();
    for text in ["", " ", "\u{0}", "\u{200b}\u{200b}", "#", "@", "$$$", "...", "a\u{301}\u{301}", "🏳️‍🌈", "\u{FEFF}acme"]
    {
        for f in e.check(text, &Context::default()) {
            assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        }
    }
    let long = "Acme idiots 06-12345678 ".repeat(20_000);
    assert!(!e.check(&long, &Context::default()).is_empty());
}
