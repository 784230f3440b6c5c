//! Any post text: `check` must not panic, and every span must be a valid range of the text.
#![no_main]

use std::sync::OnceLock;

use composure_engine::{Context, Engine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    let engine = ENGINE.get_or_init(|| {
        Engine::from_json(
            r#"{"extends": ["default"], "organization": {"names": ["Acme"], "codenames": ["Falcon"],
                "email_domains": ["acme.nl"], "executives": ["Jan de Vries"]}}"#,
        )
        .unwrap()
    });
    for f in engine.check(text, &Context::default()) {
        assert!(f.span.start < f.span.end && f.span.end <= text.len());
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
    }
});
