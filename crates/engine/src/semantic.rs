//! The second layer of detection: what a post *means*, from a sentence model.
//!
//! Word lists and detectors find what has a shape. Sarcasm, venting without a swear word, a
//! hint at unannounced news or a promise made for the company have none; a sentence encoder
//! places posts that mean similar things near each other, and a small linear head per
//! category reads a verdict from that place. Two kinds of rule use it:
//!
//! - `model`: the head for the rule's category (trained by `scripts/train`, shipped as
//!   `heads.json`), with the head's own threshold unless the rule or an override sets one;
//! - `similar`: posts close to example posts an organisation lists (any language), so it can
//!   write a rule by example without retraining.
//!
//! The engine knows no model: the caller hands an [`Embedder`] (the CLI and the extension's
//! worker use `composure-model`). This layer never runs on the keystroke path: the rules pass
//! ([`Engine::check`]) does not wait for it.
//!
//! Spans: when a post has several sentences, the finding's span is the sentence that scores
//! highest, so the underline sits where the problem is.

use std::ops::Range;

use serde::Deserialize;

use crate::engine::{Context, Engine, ExampleFailure, Finding, Rule};
use crate::error::{PolicyError, Problem};
use crate::text::Structure;

/// Turns text into a vector. Vectors need not be unit length; they are normalised here.
pub trait Embedder {
    /// Length of every vector `embed` returns.
    fn dims(&self) -> usize;
    fn embed(&self, text: &str) -> Vec<f32>;
}

/// At most this many sentences of a post are scored on their own (the post as a whole is
/// always scored): a 5,000-character post should not cost a hundred model runs.
const MAX_SENTENCES: usize = 24;
/// Sentences shorter than this (in bytes, trimmed) are scored with their neighbour: "Lol." on
/// its own says nothing.
const MIN_SENTENCE: usize = 12;

/// What a `model` or `similar` rule asks for, compiled by [`Engine::new`].
#[derive(Debug, Clone)]
pub(crate) enum SemanticSpec {
    Model { threshold: Option<f32> },
    Similar { examples: Vec<String>, threshold: f32 },
}

/// Logistic heads, one per category, over the encoder's vectors or over a hidden layer they
/// share: `packs/model-heads.json`, written by `scripts/train`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Heads {
    /// Which encoder the heads were trained on (the model file's sha256), so that heads and
    /// model cannot be mixed up silently.
    pub encoder: String,
    pub dims: usize,
    /// A layer between the encoder and the heads, `relu(W v + b)`, shared by every head.
    #[serde(default)]
    pub hidden: Option<Hidden>,
    pub heads: Vec<Head>,
    /// How the heads were made (data, split sizes, dev figures): informative only.
    #[serde(default)]
    pub training: serde_json::Value,
}

/// A dense layer with ReLU: `weights` row-major, one row of `dims` values per unit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hidden {
    pub weights: Vec<f32>,
    pub bias: Vec<f32>,
}

impl Hidden {
    fn apply(&self, v: &[f32]) -> Vec<f32> {
        self.weights.chunks_exact(v.len()).zip(&self.bias).map(|(row, b)| (dot(row, v) + b).max(0.0)).collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Head {
    pub category: String,
    pub weights: Vec<f32>,
    pub bias: f32,
    /// The score from which a post is flagged, chosen on the dev split.
    pub threshold: f32,
}

impl Heads {
    pub fn from_json(json: &str) -> Result<Heads, String> {
        let heads: Heads = serde_json::from_str(json).map_err(|e| format!("heads: {e}"))?;
        let inputs = match &heads.hidden {
            Some(hidden) => {
                if hidden.bias.is_empty() || hidden.weights.len() != hidden.bias.len() * heads.dims {
                    return Err(format!(
                        "heads: the hidden layer has {} weights for {} units of {} inputs",
                        hidden.weights.len(),
                        hidden.bias.len(),
                        heads.dims
                    ));
                }
                hidden.bias.len()
            }
            None => heads.dims,
        };
        for h in &heads.heads {
            if h.weights.len() != inputs {
                return Err(format!(
                    "heads: the {} head has {} weights for {inputs} inputs",
                    h.category,
                    h.weights.len()
                ));
            }
        }
        Ok(heads)
    }

    fn head(&self, category: &str) -> Option<&Head> {
        self.heads.iter().find(|h| h.category == category)
    }
}

/// A compiled policy's model rules, ready to check posts with an encoder.
pub struct Semantic<'e> {
    engine: &'e Engine,
    embedder: &'e dyn Embedder,
    rules: Vec<ActiveRule>,
}

struct ActiveRule {
    rule_index: usize,
    threshold: f32,
    scorer: Scorer,
}

enum Scorer {
    Head {
        hidden: Option<std::sync::Arc<Hidden>>,
        weights: Vec<f32>,
        bias: f32,
    },
    /// Unit vectors of the rule's example posts.
    Similar(Vec<Vec<f32>>),
}

impl Scorer {
    fn score(&self, p: &Vector) -> f32 {
        match self {
            Scorer::Head { hidden: None, weights, bias } => sigmoid(dot(weights, &p.unit) + bias),
            Scorer::Head { hidden: Some(hidden), weights, bias } => {
                // Every head of a policy shares the one hidden layer of its `Heads`: computed
                // once per passage, not once per head.
                sigmoid(dot(weights, p.hidden.get_or_init(|| hidden.apply(&p.unit))) + bias)
            }
            Scorer::Similar(examples) => examples.iter().map(|e| dot(e, &p.unit)).fold(f32::MIN, f32::max),
        }
    }
}

/// A passage's vector (length 1) and, once a head asked for it, the shared hidden layer's
/// output for it.
struct Vector {
    unit: Vec<f32>,
    hidden: std::cell::OnceCell<Vec<f32>>,
}

/// What the model said of one post, with the score behind each finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored<'e> {
    pub finding: Finding<'e>,
    /// The head's probability (model rules) or the cosine to the nearest example (similar).
    pub confidence: f32,
}

impl<'e> Semantic<'e> {
    /// Prepares the engine's `model` and `similar` rules. Refuses, naming the rule, when a
    /// `model` rule's category has no head, when the heads do not fit the encoder, or when the
    /// policy's own examples of these rules fail with this encoder (as [`Engine::new`] does
    /// for the other rules).
    pub fn new(engine: &'e Engine, embedder: &'e dyn Embedder, heads: &Heads) -> Result<Semantic<'e>, PolicyError> {
        if heads.dims != embedder.dims() {
            return Err(PolicyError::new(
                "model",
                None,
                format!("the heads expect {} dimensions, the encoder gives {}", heads.dims, embedder.dims()),
            ));
        }
        let mut problems = Vec::new();
        let mut rules = Vec::new();
        let hidden = heads.hidden.clone().map(std::sync::Arc::new);
        for (rule_index, spec) in engine.semantic_rules() {
            let rule = &engine.rules()[rule_index];
            match spec {
                SemanticSpec::Model { threshold } => match heads.head(&rule.category) {
                    Some(head) => rules.push(ActiveRule {
                        rule_index,
                        threshold: engine.threshold_override(rule_index).or(*threshold).unwrap_or(head.threshold),
                        scorer: Scorer::Head { hidden: hidden.clone(), weights: head.weights.clone(), bias: head.bias },
                    }),
                    None => problems.push(Problem {
                        location: format!("{}.match", rule.location()),
                        rule: Some(rule.id.clone()),
                        message: format!(
                            "the sentence model has no head for category \"{}\" (it has: {})",
                            rule.category,
                            heads.heads.iter().map(|h| h.category.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                    }),
                },
                SemanticSpec::Similar { examples, threshold } => rules.push(ActiveRule {
                    rule_index,
                    threshold: engine.threshold_override(rule_index).unwrap_or(*threshold),
                    scorer: Scorer::Similar(examples.iter().map(|e| unit(embedder.embed(e))).collect()),
                }),
            }
        }
        if !problems.is_empty() {
            return Err(PolicyError::from_problems(problems));
        }
        let semantic = Semantic { engine, embedder, rules };
        // As in Engine::new: the policy's own examples; the packs' are checked by their tests.
        let failures = semantic.example_failures(|r| r.origin == crate::Origin::Policy);
        if !failures.is_empty() {
            let problems = failures
                .into_iter()
                .map(|f| Problem { location: f.location.clone(), rule: Some(f.rule.clone()), message: f.to_string() })
                .collect();
            return Err(PolicyError::from_problems(problems));
        }
        Ok(semantic)
    }

    /// Whether any rule uses the model: without one, callers can skip the encoder entirely.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Checks a post with the model rules. Never fails; findings sorted by position.
    ///
    /// A `model` rule's verdict is read from the post as a whole, as its head was trained
    /// and calibrated; a `similar` rule's from the post or any sentence of it, since one
    /// sentence may be what an example post says. Sentences are only embedded when they are
    /// needed: for a `similar` rule, or to place the span of a verdict in a longer post.
    pub fn check(&self, text: &str, ctx: &Context) -> Vec<Scored<'e>> {
        let active: Vec<&ActiveRule> =
            self.rules.iter().filter(|r| self.engine.rules()[r.rule_index].applies_on(ctx.site)).collect();
        if active.is_empty() || text.trim().is_empty() {
            return Vec::new();
        }
        let mut post = Post::new(text);
        let mut out = Vec::new();
        for rule in active {
            let Some(confidence) = post.verdict(self.embedder, rule) else { continue };
            let span = post.best_sentence(self.embedder, &rule.scorer);
            out.push(Scored { finding: self.engine.finding(rule.rule_index, span, ctx.lang), confidence });
        }
        out.sort_by_key(|s| (s.finding.span.start, s.finding.rule_index));
        out
    }

    /// Runs the examples of the model rules `select` picks and returns those that fail.
    pub fn example_failures(&self, select: impl Fn(&Rule) -> bool) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for active in &self.rules {
            let rule = &self.engine.rules()[active.rule_index];
            if !select(rule) {
                continue;
            }
            let fires = |text: &str| Post::new(text).verdict(self.embedder, active).is_some();
            let location = |kind: &str, i: usize| format!("{}.examples.{kind}[{i}]", rule.location());
            for (i, text) in rule.examples.flag.iter().enumerate() {
                if !fires(text) {
                    failures.push(ExampleFailure {
                        rule: rule.id.clone(),
                        location: location("flag", i),
                        text: text.clone(),
                        expected_flag: true,
                        flagged: None,
                    });
                }
            }
            for (i, text) in rule.examples.pass.iter().enumerate() {
                if fires(text) {
                    failures.push(ExampleFailure {
                        rule: rule.id.clone(),
                        location: location("pass", i),
                        text: text.clone(),
                        expected_flag: false,
                        flagged: Some(text.clone()),
                    });
                }
            }
        }
        failures
    }
}

/// One post's passages and, once computed, their vectors.
struct Post<'t> {
    text: &'t str,
    /// The whole post, then its sentences when it has more than one.
    passages: Vec<Range<usize>>,
    vectors: Vec<Vector>,
}

impl<'t> Post<'t> {
    fn new(text: &'t str) -> Post<'t> {
        Post { text, passages: passages(text), vectors: Vec::new() }
    }

    /// The vectors of the first `n` passages (the whole post is passage 0).
    fn vectors(&mut self, embedder: &dyn Embedder, n: usize) -> &[Vector] {
        while self.vectors.len() < n.min(self.passages.len()) {
            let p = self.passages[self.vectors.len()].clone();
            let unit = unit(embedder.embed(&self.text[p]));
            self.vectors.push(Vector { unit, hidden: std::cell::OnceCell::new() });
        }
        &self.vectors[..n.min(self.passages.len())]
    }

    /// The rule's score when it flags the post.
    fn verdict(&mut self, embedder: &dyn Embedder, rule: &ActiveRule) -> Option<f32> {
        let n = match rule.scorer {
            Scorer::Head { .. } => 1,
            Scorer::Similar(_) => usize::MAX,
        };
        let score = self.vectors(embedder, n).iter().map(|v| rule.scorer.score(v)).fold(f32::MIN, f32::max);
        (score >= rule.threshold).then_some(score)
    }

    /// The sentence that scores highest, or the whole post when it is one sentence.
    fn best_sentence(&mut self, embedder: &dyn Embedder, scorer: &Scorer) -> Range<usize> {
        let vectors = self.vectors(embedder, usize::MAX);
        let best = (1..vectors.len()).map(|i| (i, scorer.score(&vectors[i]))).max_by(|a, b| a.1.total_cmp(&b.1));
        self.passages[best.map_or(0, |(i, _)| i)].clone()
    }
}

/// Rules and model together give one warning per passage: a model finding is dropped where a
/// rule finding at least as severe overlaps it (the rule's message is the more specific one).
/// A mere `info` from a rule ("damn") does not hide a model warning on the same sentence.
pub fn without_repeats<'e>(rules: &[Finding<'e>], model: Vec<Scored<'e>>) -> Vec<Scored<'e>> {
    model
        .into_iter()
        .filter(|m| {
            !rules.iter().any(|r| {
                r.severity >= m.finding.severity
                    && r.span.start < m.finding.span.end
                    && m.finding.span.start < r.span.end
            })
        })
        .collect()
}

/// The whole post (trimmed), then its sentences when it has more than one, each trimmed;
/// short sentences join a neighbour, and at most [`MAX_SENTENCES`] are kept.
pub fn passages(text: &str) -> Vec<Range<usize>> {
    let whole = trim(text, 0..text.len());
    let mut out = vec![whole.clone()];
    let mut sentences: Vec<Range<usize>> = Vec::new();
    for sentence in Structure::new(text).sentences(text.len()) {
        let t = trim(text, sentence);
        if t.is_empty() {
            continue;
        }
        match sentences.last_mut() {
            // A short sentence joins the one before it, and the one after a short one joins it.
            Some(last) if t.len() < MIN_SENTENCE || last.len() < MIN_SENTENCE => last.end = t.end,
            _ => sentences.push(t),
        }
    }
    if sentences.len() > 1 {
        sentences.truncate(MAX_SENTENCES);
        out.extend(sentences);
    }
    out
}

fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn unit(mut v: Vec<f32>) -> Vec<f32> {
    let norm = dot(&v, &v).sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}
