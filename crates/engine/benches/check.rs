//! Compile and check times for the default pack and a generated 1,000-rule policy, on
//! realistic posts of 280, 5,000 and 1,000,000 characters.
//!
//! Run: `cargo bench -p composure-engine --bench check` (or `scripts/bench`). Targets (native):
//! default pack compiles ≤ 10 ms, checks 280 chars ≤ 10 µs and 5,000 chars ≤ 100 µs; the
//! 1,000-rule policy compiles ≤ 100 ms and checks 5,000 chars ≤ 300 µs; 1 MB ≤ 50 ms.

use std::hint::black_box;
use std::time::Duration;

use composure_engine::{Context, Engine};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// Sentences as people post them, in both languages, a few of them risky.
const SENTENCES: &[&str] = &[
    "Had a great day at the office with the team, proud of what we shipped! 🚀",
    "Mijn baas is echt een sukkel, ik ben er klaar mee. ",
    "Anyone know a good place for lunch near the station? #foodie ",
    "Vandaag de nieuwe RoadRunner app gelanceerd, check it out: https://example.com/rr ",
    "Call me on 06-12345678 if you want the tickets. ",
    "Weer vergaderd tot zes uur, maar wel lekker gegeten 😅 ",
    "Our quarterly numbers look strong, can't say more yet. ",
    "Wie gaat er mee naar het concert zaterdag? ",
    "The new Falcon project is going to blow your mind. ",
    "Thanks @acme for the quick support today, much appreciated. ",
    "Ugh, trains delayed again, what a day. ",
    "Fijne feestdagen allemaal en tot in het nieuwe jaar! ",
];

fn post(chars: usize) -> String {
    let mut text = String::new();
    let mut i = 0;
    while text.chars().count() < chars {
        text.push_str(SENTENCES[i % SENTENCES.len()]);
        i += 1;
    }
    text.chars().take(chars).collect()
}

fn default_policy() -> String {
    r#"{"extends": ["default"], "organization": {"names": ["Acme", "Acme BV"], "codenames": ["Falcon"],
        "public_products": ["RoadRunner"], "email_domains": ["acme.nl"], "executives": ["Jan de Vries"]}}"#
        .to_string()
}

/// 1,000 terms rules of 10 pseudo-words each (deterministic), as a big organisation's
/// generated word lists would be.
fn thousand_rule_policy() -> String {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    const SYLLABLES: &[&str] =
        &["ka", "lo", "mi", "te", "ru", "sa", "ven", "dor", "pli", "gat", "zu", "nek", "bro", "fi"];
    let mut rules = Vec::with_capacity(1000);
    for r in 0..1000 {
        let words: Vec<String> = (0..10)
            .map(|_| {
                let n = 2 + (next() % 3) as usize;
                (0..n).map(|_| SYLLABLES[(next() % SYLLABLES.len() as u64) as usize]).collect::<String>()
            })
            .map(|w| format!("\"{w}\""))
            .collect();
        rules.push(format!(
            r#"{{"id": "G{r:04}-generated", "category": "generated", "severity": "warn",
                "message": {{"en": "Generated rule {r}."}}, "match": {{"kind": "terms", "terms": [{}]}}}}"#,
            words.join(", ")
        ));
    }
    format!(r#"{{"rules": [{}]}}"#, rules.join(","))
}

fn benches(c: &mut Criterion) {
    let policies = [("default-pack", default_policy()), ("1000-rules", thousand_rule_policy())];
    let mut compile = c.benchmark_group("compile");
    for (name, json) in &policies {
        compile.bench_function(*name, |b| b.iter(|| Engine::from_json(black_box(json)).unwrap()));
    }
    compile.finish();

    let ctx = Context { site: Some("x.com"), ..Default::default() };
    let mut check = c.benchmark_group("check");
    for (name, json) in &policies {
        let engine = Engine::from_json(json).unwrap();
        for chars in [280usize, 5_000, 1_000_000] {
            let text = post(chars);
            check.throughput(Throughput::Bytes(text.len() as u64));
            if chars >= 1_000_000 {
                check.sample_size(10).measurement_time(Duration::from_secs(4));
            } else {
                check.sample_size(50).measurement_time(Duration::from_secs(2));
            }
            check.bench_with_input(BenchmarkId::new(*name, chars), &text, |b, text| {
                b.iter(|| engine.check(black_box(text), &ctx))
            });
        }
    }
    check.finish();
}

criterion_group! {
    name = group;
    config = Criterion::default().warm_up_time(Duration::from_millis(500)).without_plots();
    targets = benches
}
criterion_main!(group);
