//! Both layers of detection for the commands that check posts: the rules (every post) and the
//! sentence model (when its file is there), merged so that one passage gets one warning per
//! category.
//!
//! The model file is found, in order: `--model FILE`; `$COMPOSURE_MODEL`; `composure-use-m.bin`
//! beside the executable; the build tree's `target/model/composure-use-m.bin` (built by
//! `scripts/model`). Without it the rules still run and a note on stderr says the model rules
//! were skipped: checking never turns off silently.

use std::ops::Range;
use std::path::{Path, PathBuf};

use composure_engine::{without_repeats, Context, Engine, Finding, Heads, Lang, RawFinding, Semantic};
use composure_model::Model;

use crate::{io_message, validate, Failure, Result};

const FILE_NAME: &str = "composure-use-m.bin";

/// `--model`/`--no-model` as given.
pub struct ModelChoice<'a> {
    pub path: Option<&'a Path>,
    pub disabled: bool,
}

/// Loads the encoder, or `None` (with a note on stderr) when there is none to load.
pub fn load_encoder(choice: &ModelChoice) -> Result<Option<Model>> {
    if choice.disabled {
        return Ok(None);
    }
    let explicit =
        choice.path.map(Path::to_path_buf).or_else(|| std::env::var_os("COMPOSURE_MODEL").map(PathBuf::from));
    let path = match explicit {
        Some(path) => path,
        None => match default_locations().into_iter().find(|p| p.is_file()) {
            Some(path) => path,
            None => {
                eprintln!(
                    "note: the sentence model is not built, so its rules (SM001-SM006, `similar`) were skipped; \
                     scripts/model builds it, or pass --model FILE"
                );
                return Ok(None);
            }
        },
    };
    let bytes = std::fs::read(&path)
        .map_err(|e| Failure::new(format!("cannot read the model {}: {}", path.display(), io_message(&e))))?;
    let model = Model::from_bytes(&bytes).map_err(|e| Failure::new(format!("{}: {e}", path.display())))?;
    Ok(Some(model))
}

fn default_locations() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(dir) = std::env::current_exe().ok().and_then(|p| p.parent().map(Path::to_path_buf)) {
        out.push(dir.join(FILE_NAME));
    }
    out.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/model").join(FILE_NAME));
    out
}

/// A finding of either layer, with the model's score for model findings.
pub struct Checked<'e> {
    pub finding: Finding<'e>,
    pub confidence: Option<f32>,
}

/// The rules and, when there is an encoder, the model rules of one policy.
pub struct Detector<'e> {
    engine: &'e Engine,
    semantic: Option<Semantic<'e>>,
}

impl<'e> Detector<'e> {
    /// Prepares the model rules; a policy whose model rules or `similar` examples fail is
    /// refused like any other bad policy.
    pub fn new(engine: &'e Engine, encoder: Option<&'e Model>, policy: Option<&Path>) -> Result<Detector<'e>> {
        let semantic = match encoder {
            None => None,
            Some(encoder) => {
                let heads = Heads::from_json(composure_engine::DEFAULT_HEADS_JSON).map_err(Failure::new)?;
                let semantic = Semantic::new(engine, encoder, &heads).map_err(|e| match policy {
                    Some(path) => validate::refused(path, &e),
                    None => Failure::new(format!("the built-in model rules: {e}")),
                })?;
                Some(semantic).filter(|s| !s.is_empty())
            }
        };
        Ok(Detector { engine, semantic })
    }

    pub fn engine(&self) -> &'e Engine {
        self.engine
    }

    /// Whether the model rules run (there is an encoder and the policy has model rules).
    pub fn uses_model(&self) -> bool {
        self.semantic.is_some()
    }

    /// Both layers' findings, sorted by position; a model finding is left out where a rule
    /// of the same category already flags the passage.
    pub fn check(&self, text: &str, site: Option<&str>, lang: Lang) -> Vec<Checked<'e>> {
        let ctx = Context { site, lang };
        let rules = self.engine.check(text, &ctx);
        let model = match &self.semantic {
            Some(semantic) => without_repeats(&rules, semantic.check(text, &ctx)),
            None => Vec::new(),
        };
        let mut out: Vec<Checked> = rules.into_iter().map(|finding| Checked { finding, confidence: None }).collect();
        out.extend(model.into_iter().map(|s| Checked { finding: s.finding, confidence: Some(s.confidence) }));
        out.sort_by_key(|c| (c.finding.span.start, std::cmp::Reverse(c.finding.severity), c.finding.rule_index));
        out
    }

    /// As [`Detector::check`], as rule indices and byte spans (for callers that render rule
    /// details themselves).
    pub fn check_raw(&self, text: &str, site: Option<&str>, out: &mut Vec<(RawFinding, Option<f32>)>) {
        for c in self.check(text, site, Lang::En) {
            let Range { start, end } = c.finding.span;
            out.push((RawFinding { rule_index: c.finding.rule_index, start, end }, c.confidence));
        }
    }
}
