//! Any policy document: compiling must return Ok or a PolicyError, never panic or hang,
//! and a policy that compiles must check a post without panicking.
#![no_main]

use composure_engine::{Context, Engine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|json: &str| {
    if let Ok(engine) = Engine::from_json(json) {
        let _ = engine.check("Acme is a scam, call 06-12345678 #fail 😀", &Context::default());
    }
});
