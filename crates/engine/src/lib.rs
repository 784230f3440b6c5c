//! Composure's rule engine: checks a social media post against an organisation's social
//! media code and says what is risky, where, how bad, and why.
//!
//! Compile a policy once, check many posts:
//!
//! ```
//! use composure_engine::{Context, Engine, Lang, Severity};
//!
//! let engine = Engine::from_json(r#"{
//!     "extends": ["default"],
//!     "organization": { "names": ["Acme"], "codenames": ["Falcon"] }
//! }"#).unwrap();
//! let post = "Can't wait for Falcon to launch! Card: 4111 1111 1111 1111";
//! let findings = engine.check(post, &Context { lang: Lang::En, ..Default::default() });
//! assert!(findings.iter().any(|f| f.category == "confidential" && &post[f.span.clone()] == "Falcon"));
//! assert!(findings.iter().any(|f| f.severity == Severity::Block));
//! ```
//!
//! Spans are byte ranges into the checked text; [`utf16`] converts them to the offsets
//! JavaScript uses. `check` never fails and never panics; a policy's problems are all
//! reported by [`Engine::new`], with their location.

mod detectors;
mod engine;
mod error;
mod matchers;
mod packs;
pub mod policy;
mod semantic;
mod text;
pub mod utf16;

pub use engine::{parse_policy, Context, Engine, ExampleFailure, Finding, Lang, Origin, PolicyInfo, RawFinding, Rule};
pub use error::{PolicyError, Problem};
pub use packs::{provide_default_pack, PACK_NAMES};
#[cfg(feature = "embedded-pack")]
pub use packs::{DEFAULT_HEADS_JSON, DEFAULT_PACK_JSON};
pub use policy::{Policy, Severity};
pub use semantic::{passages, without_repeats, Embedder, Head, Heads, Hidden, Scored, Semantic};
