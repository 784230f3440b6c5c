//! The compiled policy: `Engine::new` once, `Engine::check` for every post.

use std::collections::hash_map::{Entry, HashMap};
use std::ops::Range;

use composure_text::normalize;

use crate::detectors::DetectorOptions;
use crate::error::{PolicyError, Problem};
use crate::matchers::detector::DetectorRule;
use crate::matchers::proximity::{self, ProximitySpec};
use crate::matchers::regex::{self as regex_matcher, RegexRules};
use crate::matchers::terms::{self, expand_placeholders, Hit, ListRole, TermIndex, TermIndexBuilder};
use crate::packs;
use crate::policy::{Examples, MatcherSpec, Messages, Organization, Policy, RuleSpec, Severity};
use crate::semantic::SemanticSpec;
use crate::text::Structure;

/// Limits that keep a policy from making the browser slow; far above any real code of conduct.
const MAX_RULES: usize = 20_000;
const MAX_TERMS: usize = 500_000;
const MAX_WITHIN: u32 = 50;

/// Interface language for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Nl,
}

impl Lang {
    /// Reads a language tag such as `nl`, `nl-BE` or `en-GB`; anything else is English.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        if primary == "nl" {
            Lang::Nl
        } else {
            Lang::En
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }
}

/// Where and for whom a post is checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The host name of the site the post is written on (`x.com`), if known. Rules with
    /// `sites` only apply there.
    pub site: Option<&'a str>,
    /// The language messages are returned in.
    pub lang: Lang,
}

/// Where a rule came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A built-in pack, by name (`default`).
    Pack(&'static str),
    /// The policy document itself.
    Policy,
}

impl Origin {
    /// The pack's name, or `policy`: how the CLI and the extension show it.
    pub fn name(&self) -> &'static str {
        match self {
            Origin::Pack(name) => name,
            Origin::Policy => "policy",
        }
    }
}

/// A compiled rule: what the CLI's `rules`/`explain` and the extension show about it.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub category: String,
    pub severity: Severity,
    pub origin: Origin,
    /// The matcher kind, e.g. `terms`, `proximity`, `detector:iban`.
    pub kind: String,
    pub link: Option<String>,
    pub examples: Examples,
    message: [String; 2],
    tip: Option<[String; 2]>,
    sites: Vec<String>,
    /// A `terms` rule with `negation`: a negation just before a term cancels it.
    term_negation: bool,
    /// Where the rule is written (`rules[3]`, `default pack, rules[0]`), for error messages.
    location: String,
}

impl Rule {
    /// Why this is risky, in `lang`, with the organisation's details filled in.
    pub fn message(&self, lang: Lang) -> &str {
        &self.message[lang as usize]
    }

    /// A better way to say it, in `lang`, if the rule has one.
    pub fn tip(&self, lang: Lang) -> Option<&str> {
        self.tip.as_ref().map(|t| t[lang as usize].as_str())
    }

    /// Where the rule is written (`rules[3]`, `default pack, rules[0]`).
    pub(crate) fn location(&self) -> &str {
        &self.location
    }

    /// Whether the sentence model checks this rule (`model` and `similar` rules), beside the
    /// rules pass rather than in it.
    pub fn uses_model(&self) -> bool {
        self.kind == "model" || self.kind == "similar"
    }

    pub(crate) fn applies_on(&self, site: Option<&str>) -> bool {
        if self.sites.is_empty() {
            return true;
        }
        let Some(site) = site else { return false };
        let site = site.trim_end_matches('.').to_ascii_lowercase();
        self.sites.iter().any(|s| {
            site == *s
                || (site.len() > s.len()
                    && site.ends_with(s.as_str())
                    && site.as_bytes()[site.len() - s.len() - 1] == b'.')
        })
    }
}

/// One thing in a post that breaks the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding<'e> {
    pub rule_id: &'e str,
    pub category: &'e str,
    pub severity: Severity,
    /// Byte range in the checked text (half-open, on char boundaries). For JavaScript
    /// offsets use [`crate::utf16::byte_to_utf16_offsets`].
    pub span: Range<usize>,
    pub message: &'e str,
    pub tip: Option<&'e str>,
    pub link: Option<&'e str>,
    /// Index of the rule in [`Engine::rules`].
    pub rule_index: usize,
}

/// A finding as the engine produces it: which rule, which bytes. For callers that render
/// rule details themselves (the wasm binding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawFinding {
    pub rule_index: usize,
    pub start: usize,
    pub end: usize,
}

/// The policy's name and version, for showing where the active policy comes from.
#[derive(Debug, Clone, Default)]
pub struct PolicyInfo {
    pub name: Option<String>,
    pub version: Option<String>,
    pub extends: Vec<String>,
    pub organization: Organization,
}

/// A compiled policy. Cheap to share; `check` takes `&self`.
#[derive(Debug)]
pub struct Engine {
    rules: Vec<Rule>,
    terms: TermIndex,
    regexes: RegexRules,
    detectors: Vec<DetectorRule>,
    /// Per rule: its proximity settings, if it is a proximity rule.
    proximity: Vec<Option<ProximitySpec>>,
    /// The `model` and `similar` rules, by rule index: checked by [`crate::Semantic`].
    semantic: Vec<(usize, SemanticSpec)>,
    /// Thresholds set in `overrides`, by rule index.
    thresholds: Vec<(usize, f32)>,
    info: PolicyInfo,
}

/// A rule's example that did not do what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    /// `rules[3].examples.flag[1]`
    pub location: String,
    pub text: String,
    /// `true`: should have been flagged and was not; `false`: should pass and was flagged.
    pub expected_flag: bool,
    /// What was flagged instead, for a pass example.
    pub flagged: Option<String>,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.expected_flag {
            write!(f, "example should be flagged but was not: {:?}", self.text)
        } else {
            write!(
                f,
                "example should pass but {:?} was flagged in: {:?}",
                self.flagged.as_deref().unwrap_or(""),
                self.text
            )
        }
    }
}

struct Pending<'p> {
    spec: &'p RuleSpec,
    origin: Origin,
    location: String,
    overridden_severity: Option<Severity>,
    overridden_threshold: Option<f32>,
}

impl Engine {
    /// Compiles a policy. Refuses it, naming every problem and where it is, when it has
    /// unknown packs or overrides, bad rules, or examples that fail.
    pub fn new(policy: &Policy) -> Result<Engine, PolicyError> {
        let packs: Vec<(usize, &'static str, &'static Policy)> = policy
            .extends
            .iter()
            .enumerate()
            .map(|(i, name)| {
                packs::by_name(name)
                    .map(|(n, p)| (i, n, p))
                    .map_err(|why| PolicyError::new(format!("extends[{i}]"), None, why))
            })
            .collect::<Result<_, _>>()?;

        let mut pending: Vec<Pending> = Vec::new();
        for (_, name, pack) in &packs {
            for (i, spec) in pack.rules.iter().enumerate() {
                pending.push(Pending {
                    spec,
                    origin: Origin::Pack(name),
                    location: format!("{name} pack, rules[{i}]"),
                    overridden_severity: None,
                    overridden_threshold: None,
                });
            }
        }
        for (i, spec) in policy.rules.iter().enumerate() {
            pending.push(Pending {
                spec,
                origin: Origin::Policy,
                location: format!("rules[{i}]"),
                overridden_severity: None,
                overridden_threshold: None,
            });
        }

        let mut problems = Vec::new();
        if pending.len() > MAX_RULES {
            problems.push(Problem {
                location: "rules".into(),
                rule: None,
                message: format!("{} rules; the limit is {MAX_RULES}", pending.len()),
            });
        }
        // One pass with a map: comparing each rule with all before it is quadratic, which at
        // the rule limit would take seconds.
        let mut first_with_id: HashMap<&str, &str> = HashMap::new();
        for p in &pending {
            match first_with_id.entry(&p.spec.id) {
                Entry::Vacant(slot) => {
                    slot.insert(&p.location);
                }
                Entry::Occupied(first) => problems.push(Problem {
                    location: format!("{}.id", p.location),
                    rule: Some(p.spec.id.clone()),
                    message: format!("duplicate rule id; {} already has it", first.get()),
                }),
            }
        }
        let mut disabled = vec![false; pending.len()];
        for (id, ov) in &policy.overrides {
            match pending.iter().position(|p| &p.spec.id == id) {
                Some(k) => {
                    disabled[k] = ov.disabled;
                    pending[k].overridden_severity = ov.severity;
                    if let Some(t) = ov.threshold {
                        let uses_model =
                            matches!(pending[k].spec.matcher, MatcherSpec::Model { .. } | MatcherSpec::Similar { .. });
                        if !uses_model {
                            problems.push(Problem {
                                location: format!("overrides.{id}.threshold"),
                                rule: Some(id.clone()),
                                message: "only `model` and `similar` rules have a threshold".into(),
                            });
                        } else if let Err(e) = check_threshold(t) {
                            problems.push(Problem {
                                location: format!("overrides.{id}.threshold"),
                                rule: Some(id.clone()),
                                message: e,
                            });
                        }
                        pending[k].overridden_threshold = Some(t);
                    }
                }
                None => problems.push(Problem {
                    location: format!("overrides.{id}"),
                    rule: None,
                    message: "no rule has this id (see `composure rules` for the ids)".into(),
                }),
            }
        }
        let org = &policy.organization;
        if let Some(url) = &org.code_url {
            if let Err(e) = check_link(url) {
                problems.push(Problem { location: "organization.code_url".into(), rule: None, message: e });
            }
        }

        let mut engine = Engine {
            rules: Vec::new(),
            terms: TermIndex::default(),
            regexes: RegexRules::default(),
            detectors: Vec::new(),
            proximity: Vec::new(),
            semantic: Vec::new(),
            thresholds: Vec::new(),
            info: PolicyInfo {
                name: policy.name.clone(),
                version: policy.version.clone(),
                extends: policy.extends.clone(),
                organization: org.clone(),
            },
        };
        let mut terms = TermIndexBuilder::default();
        let mut term_count = 0usize;
        let mut regexes = Vec::new();
        for (k, p) in pending.iter().enumerate() {
            if disabled[k] {
                continue;
            }
            let index = engine.rules.len();
            match compile_rule(p, org, index, &mut terms, &mut term_count, &mut regexes) {
                Ok((rule, detector, prox, semantic)) => {
                    engine.rules.push(rule);
                    engine.proximity.push(prox);
                    if let Some(d) = detector {
                        engine.detectors.push(d);
                    }
                    if let Some(spec) = semantic {
                        engine.semantic.push((index, spec));
                    }
                    if let Some(t) = p.overridden_threshold {
                        engine.thresholds.push((index, t));
                    }
                }
                Err(mut ps) => {
                    problems.append(&mut ps);
                    // Keep indices aligned for the rules that did compile.
                    engine.rules.push(placeholder_rule(p.spec));
                    engine.proximity.push(None);
                }
            }
        }
        if term_count > MAX_TERMS {
            problems.push(Problem {
                location: "rules".into(),
                rule: None,
                message: format!("{term_count} terms in all; the limit is {MAX_TERMS}"),
            });
        }
        if !problems.is_empty() {
            return Err(PolicyError::from_problems(problems));
        }
        engine.terms = terms.build().map_err(|e| PolicyError::new("rules", None, e))?;
        engine.regexes = RegexRules::new(regexes).map_err(|e| PolicyError::new("rules", None, e))?;

        // A policy whose own examples fail is refused: it does not do what its author thinks.
        let failures = engine.example_failures(|r| r.origin == Origin::Policy);
        if !failures.is_empty() {
            let problems = failures
                .into_iter()
                .map(|f| Problem { location: f.location.clone(), rule: Some(f.rule.clone()), message: f.to_string() })
                .collect();
            return Err(PolicyError::from_problems(problems));
        }
        Ok(engine)
    }

    /// Parses and compiles a policy document. JSON errors name the line and column, and the
    /// path of the field when the JSON is valid but a field is not.
    pub fn from_json(json: &str) -> Result<Engine, PolicyError> {
        Engine::new(&parse_policy(json)?)
    }

    /// The built-in default pack on its own (what applies when no policy is given).
    pub fn default_pack() -> Engine {
        Engine::new(&Policy { extends: vec!["default".into()], ..Default::default() })
            .expect("the built-in default pack compiles (tested)")
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn info(&self) -> &PolicyInfo {
        &self.info
    }

    /// Checks a post. Never fails and never panics; findings come sorted by position.
    /// `model` and `similar` rules are not checked here but by [`crate::Semantic`].
    pub fn check<'e>(&'e self, text: &str, ctx: &Context) -> Vec<Finding<'e>> {
        let mut raw = Vec::new();
        self.check_raw(text, ctx.site, &mut raw);
        raw.into_iter().map(|r| self.finding(r.rule_index, r.start..r.end, ctx.lang)).collect()
    }

    /// Rule `rule_index`'s finding at `span`, with its details in `lang`.
    pub(crate) fn finding(&self, rule_index: usize, span: Range<usize>, lang: Lang) -> Finding<'_> {
        let rule = &self.rules[rule_index];
        Finding {
            rule_id: &rule.id,
            category: &rule.category,
            severity: rule.severity,
            span,
            message: rule.message(lang),
            tip: rule.tip(lang),
            link: rule.link.as_deref(),
            rule_index,
        }
    }

    /// The `model` and `similar` rules, by rule index.
    pub(crate) fn semantic_rules(&self) -> impl Iterator<Item = (usize, &SemanticSpec)> {
        self.semantic.iter().map(|(i, spec)| (*i, spec))
    }

    /// The threshold `overrides` sets for rule `rule_index`, if any.
    pub(crate) fn threshold_override(&self, rule_index: usize) -> Option<f32> {
        self.thresholds.iter().find(|(i, _)| *i == rule_index).map(|(_, t)| *t)
    }

    /// Checks a post and appends rule indices and byte spans to `out`, sorted by position,
    /// then severity (worst first). Overlapping matches of one rule are merged.
    pub fn check_raw(&self, text: &str, site: Option<&str>, out: &mut Vec<RawFinding>) {
        self.check_into(text, site, false, out);
    }

    fn check_into(&self, text: &str, site: Option<&str>, every_site: bool, out: &mut Vec<RawFinding>) {
        let active = |rule: usize| every_site || self.rules[rule].applies_on(site);
        let mut found: Vec<(usize, Range<usize>)> = Vec::new();
        let mut unless_regions: Vec<(usize, Range<usize>)> = Vec::new();
        let mut unless_rules: Vec<usize> = Vec::new();

        if !self.terms.is_empty() {
            let norm = normalize(text);
            let mut hits: Vec<Hit> = Vec::new();
            self.terms.scan(&norm.text, &mut hits);
            if !hits.is_empty() {
                let mut structure: Option<Structure> = None;
                let mut near_a: Vec<(usize, Range<usize>)> = Vec::new();
                let mut near_b: Vec<(usize, Range<usize>)> = Vec::new();
                let mut ranges = Vec::new();
                let mut i = 0;
                while i < hits.len() {
                    let list = hits[i].list;
                    let j = i + hits[i..].partition_point(|h| h.list == list);
                    let (rule, role) = self.terms.lists[list as usize];
                    if active(rule) {
                        match role {
                            ListRole::Terms => {
                                ranges.clear();
                                if self.rules[rule].term_negation {
                                    let s = structure.get_or_insert_with(|| Structure::new(&norm.text));
                                    let kept = hits[i..j].iter().filter(|h| !proximity::negated_hit(s, &norm.text, h));
                                    terms::findings(kept, &mut ranges);
                                } else {
                                    terms::findings(&hits[i..j], &mut ranges);
                                }
                                found.extend(ranges.drain(..).map(|r| (rule, norm.original(r))));
                            }
                            ListRole::NearA => near_a.push((rule, i..j)),
                            ListRole::NearB => near_b.push((rule, i..j)),
                            ListRole::UnlessInPost => unless_rules.push(rule),
                            ListRole::Unless => {
                                let s = structure.get_or_insert_with(|| Structure::new(&norm.text));
                                for h in &hits[i..j] {
                                    let sentence = s.sentence(s.sentence_of(h.start as usize), norm.text.len());
                                    if !sentence.is_empty() {
                                        unless_regions.push((rule, norm.original(sentence)));
                                    }
                                }
                            }
                        }
                    }
                    i = j;
                }
                for (rule, a) in &near_a {
                    let Some((_, b)) = near_b.iter().find(|(r, _)| r == rule) else { continue };
                    let Some(spec) = self.proximity[*rule] else { continue };
                    let s = structure.get_or_insert_with(|| Structure::new(&norm.text));
                    ranges.clear();
                    proximity::findings(spec, s, &norm.text, &hits[a.clone()], &hits[b.clone()], &mut ranges);
                    found.extend(ranges.drain(..).map(|r| (*rule, norm.original(r))));
                }
            }
        }
        self.regexes.scan(text, |rule, range| {
            if active(rule) {
                found.push((rule, range));
            }
        });
        let mut ranges = Vec::new();
        for d in &self.detectors {
            // A rule the post already cancelled (`unless_in_post`) need not scan it.
            if active(d.rule) && !unless_rules.contains(&d.rule) {
                ranges.clear();
                d.find(text, &mut ranges);
                found.extend(ranges.drain(..).map(|r| (d.rule, r)));
            }
        }
        if !unless_rules.is_empty() {
            found.retain(|(rule, _)| !unless_rules.contains(rule));
        }
        if !unless_regions.is_empty() {
            found.retain(|(rule, r)| {
                !unless_regions.iter().any(|(u, region)| u == rule && region.start <= r.start && r.start < region.end)
            });
        }

        found.retain(|(_, r)| r.start < r.end && r.end <= text.len());
        found.sort_unstable_by_key(|(rule, r)| (*rule, r.start, r.end));
        let first = out.len();
        for (rule, r) in found {
            if let Some(last) = out[first..].last_mut() {
                if last.rule_index == rule && r.start < last.end {
                    last.end = last.end.max(r.end);
                    continue;
                }
            }
            out.push(RawFinding { rule_index: rule, start: r.start, end: r.end });
        }
        // Unstable is enough: one rule has at most one finding per start after the merge above,
        // so no two keys tie (and the stable sort would be one more copy of a large function).
        out[first..].sort_unstable_by(|a, b| {
            (a.start, std::cmp::Reverse(self.rules[a.rule_index].severity), a.rule_index, a.end).cmp(&(
                b.start,
                std::cmp::Reverse(self.rules[b.rule_index].severity),
                b.rule_index,
                b.end,
            ))
        });
    }

    /// Runs the examples of the rules `select` picks and returns those that fail. The
    /// examples of `model` and `similar` rules need the model: [`crate::Semantic`] runs them.
    pub fn example_failures(&self, select: impl Fn(&Rule) -> bool) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        let mut raw = Vec::new();
        for (index, rule) in self.rules.iter().enumerate() {
            if !select(rule) || rule.uses_model() {
                continue;
            }
            let location = |kind: &str, i: usize| format!("{}.examples.{kind}[{i}]", rule.location);
            for (i, text) in rule.examples.flag.iter().enumerate() {
                raw.clear();
                self.check_into(text, None, true, &mut raw);
                if !raw.iter().any(|f| f.rule_index == index) {
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
                raw.clear();
                self.check_into(text, None, true, &mut raw);
                if let Some(f) = raw.iter().find(|f| f.rule_index == index) {
                    failures.push(ExampleFailure {
                        rule: rule.id.clone(),
                        location: location("pass", i),
                        text: text.clone(),
                        expected_flag: false,
                        flagged: Some(text[f.start..f.end].to_string()),
                    });
                }
            }
        }
        failures
    }
}

/// Parses a policy document, with errors that say where the problem is.
pub fn parse_policy(json: &str) -> Result<Policy, PolicyError> {
    #[cfg(feature = "json-paths")]
    {
        let de = &mut serde_json::Deserializer::from_str(json);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            json_error(e.into_inner(), &path)
        })
    }
    #[cfg(not(feature = "json-paths"))]
    {
        serde_json::from_str(json).map_err(|e| json_error(e, ""))
    }
}

fn json_error(inner: serde_json::Error, path: &str) -> PolicyError {
    let at = format!("line {}, column {}", inner.line(), inner.column());
    let message = strip_position(&inner.to_string());
    let location = if path.is_empty() || path == "." || inner.is_syntax() || inner.is_eof() {
        at
    } else {
        format!("{path} ({at})")
    };
    PolicyError::new(location, None, message)
}

/// serde_json appends " at line L column C" to its messages; we report the position ourselves.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn check_link(url: &str) -> Result<(), String> {
    let lower = url.trim().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:") {
        Ok(())
    } else {
        Err(format!("link \"{url}\" must start with https://, http:// or mailto:"))
    }
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn is_rule_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        && s.as_bytes()[0].is_ascii_alphanumeric()
}

/// Fills `{name}`, `{spokesperson}` and `{code_url}` in a message.
fn interpolate(text: &str, org: &Organization, lang: Lang) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            return Err("message has a '{' without a closing '}'".into());
        };
        let key = &rest[open + 1..close];
        let value = match key {
            "name" => org.names.first().cloned().unwrap_or_else(|| match lang {
                Lang::En => "your employer".into(),
                Lang::Nl => "je werkgever".into(),
            }),
            "spokesperson" => org.spokesperson.clone().unwrap_or_else(|| match lang {
                Lang::En => "your communications team".into(),
                Lang::Nl => "de afdeling communicatie".into(),
            }),
            "code_url" => org.code_url.clone().unwrap_or_else(|| match lang {
                Lang::En => "your organisation's social media code".into(),
                Lang::Nl => "de social-mediacode van je organisatie".into(),
            }),
            _ => {
                return Err(format!(
                    "message uses unknown placeholder {{{key}}} (known: {{name}}, {{spokesperson}}, {{code_url}})"
                ))
            }
        };
        out.push_str(&value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn messages(m: &Messages, org: &Organization, location: &str, field: &str) -> Result<[String; 2], Problem> {
    let problem =
        |lang: &str, message: String| Problem { location: format!("{location}.{field}.{lang}"), rule: None, message };
    if m.en.trim().is_empty() {
        return Err(problem("en", "message is empty".into()));
    }
    let en = interpolate(&m.en, org, Lang::En).map_err(|e| problem("en", e))?;
    let nl = match &m.nl {
        Some(nl) if !nl.trim().is_empty() => interpolate(nl, org, Lang::Nl).map_err(|e| problem("nl", e))?,
        _ => interpolate(&m.en, org, Lang::Nl).map_err(|e| problem("en", e))?,
    };
    Ok([en, nl])
}

fn matcher_kind(m: &MatcherSpec) -> String {
    match m {
        MatcherSpec::Terms { .. } => "terms".into(),
        MatcherSpec::Regex { .. } => "regex".into(),
        MatcherSpec::Proximity { .. } => "proximity".into(),
        MatcherSpec::Detector { detector, .. } => {
            let name = serde_json::to_value(detector).ok().and_then(|v| v.as_str().map(str::to_string));
            format!("detector:{}", name.unwrap_or_default())
        }
        MatcherSpec::Model { .. } => "model".into(),
        MatcherSpec::Similar { .. } => "similar".into(),
    }
}

fn check_threshold(t: f32) -> Result<(), String> {
    if (0.0..=1.0).contains(&t) {
        Ok(())
    } else {
        Err(format!("threshold is {t}; it must be between 0 and 1"))
    }
}

/// How many example posts a `similar` rule may list: each is embedded once at load.
const MAX_SIMILAR_EXAMPLES: usize = 200;

fn placeholder_rule(spec: &RuleSpec) -> Rule {
    Rule {
        id: spec.id.clone(),
        category: spec.category.clone(),
        severity: spec.severity,
        origin: Origin::Policy,
        kind: matcher_kind(&spec.matcher),
        link: None,
        examples: Examples::default(),
        message: [String::new(), String::new()],
        tip: None,
        sites: Vec::new(),
        term_negation: false,
        location: String::new(),
    }
}

type Compiled = (Rule, Option<DetectorRule>, Option<ProximitySpec>, Option<SemanticSpec>);

fn compile_rule(
    p: &Pending,
    org: &Organization,
    index: usize,
    terms: &mut TermIndexBuilder,
    term_count: &mut usize,
    regexes: &mut Vec<(usize, regex::Regex)>,
) -> Result<Compiled, Vec<Problem>> {
    let spec = p.spec;
    let loc = &p.location;
    let id = Some(spec.id.clone());
    let mut problems: Vec<Problem> = Vec::new();
    let at = |field: &str, message: String| Problem { location: format!("{loc}{field}"), rule: id.clone(), message };
    if !is_rule_id(&spec.id) {
        problems.push(at(
            ".id",
            format!(
                "rule id \"{}\" must be letters, digits and '-' (e.g. ACME001-tender-names), at most 64 characters",
                spec.id
            ),
        ));
    }
    if !is_kebab(&spec.category) {
        problems.push(at(
            ".category",
            format!("category \"{}\" must be lowercase kebab-case, e.g. personal-data", spec.category),
        ));
    }
    let link = spec.link.clone().or_else(|| org.code_url.clone());
    if let Some(l) = &spec.link {
        if let Err(e) = check_link(l) {
            problems.push(at(".link", e));
        }
    }
    let message = messages(&spec.message, org, loc, "message");
    let tip = spec.tip.as_ref().map(|t| messages(t, org, loc, "tip")).transpose();
    let sites: Vec<String> = spec.sites.iter().map(|s| s.trim().trim_end_matches('.').to_ascii_lowercase()).collect();

    let fuzzy = matches!(spec.matcher, MatcherSpec::Terms { fuzzy: true, .. });
    let mut add_list = |field: &str, list_terms: &[String], role: ListRole, problems: &mut Vec<Problem>| {
        let list = terms.new_list(index, role);
        let mut added = 0;
        for (i, term) in list_terms.iter().enumerate() {
            match expand_placeholders(term, org) {
                Ok(expanded) => {
                    for t in expanded {
                        match terms.add(list, &t) {
                            Ok(()) => added += 1,
                            Err(e) => problems.push(at(&format!(".match.{field}[{i}]"), e)),
                        }
                        if fuzzy && role == ListRole::Terms {
                            // A variant has the term's own shape: it cannot fail where the
                            // term did not, so an error here adds nothing to report.
                            for v in terms::fuzzy_variants(&t) {
                                if terms.add(list, &v).is_ok() {
                                    added += 1;
                                }
                            }
                        }
                    }
                }
                Err(e) => problems.push(at(&format!(".match.{field}[{i}]"), e)),
            }
        }
        *term_count += added;
        added
    };

    let mut detector = None;
    let mut prox = None;
    let mut semantic = None;
    match &spec.matcher {
        MatcherSpec::Terms { terms: list, .. } => {
            if list.is_empty() {
                problems.push(at(".match.terms", "terms list is empty".into()));
            }
            add_list("terms", list, ListRole::Terms, &mut problems);
        }
        MatcherSpec::Regex { pattern, .. } => match regex_matcher::compile(pattern) {
            Ok(re) => regexes.push((index, re)),
            Err(e) => problems.push(at(".match.pattern", e)),
        },
        MatcherSpec::Detector { detector: kind, domains, private_only, personal_only, .. } => {
            let mut expanded = Vec::new();
            for (i, d) in domains.iter().enumerate() {
                match expand_placeholders(d, org) {
                    Ok(ds) => {
                        expanded.extend(ds.into_iter().map(|d| d.trim().trim_start_matches('@').to_ascii_lowercase()))
                    }
                    Err(e) => problems.push(at(&format!(".match.domains[{i}]"), e)),
                }
            }
            // A rule for "addresses at our domains" with no domains configured checks nothing,
            // rather than every address.
            if domains.is_empty() || !expanded.is_empty() {
                let options =
                    DetectorOptions { domains: expanded, private_only: *private_only, personal_only: *personal_only };
                detector = Some(DetectorRule::new(index, *kind, &options));
            }
        }
        MatcherSpec::Proximity { a, b, within, negation, order, .. } => {
            if a.is_empty() || b.is_empty() {
                problems.push(at(".match", "proximity needs terms in both `a` and `b`".into()));
            }
            if *within > MAX_WITHIN {
                problems.push(at(".match.within", format!("within is {within} words; the limit is {MAX_WITHIN}")));
            }
            add_list("a", a, ListRole::NearA, &mut problems);
            add_list("b", b, ListRole::NearB, &mut problems);
            prox = Some(ProximitySpec { within: *within as usize, negation: *negation, order: *order });
        }
        MatcherSpec::Model { threshold } => {
            if let Some(Err(e)) = threshold.map(check_threshold) {
                problems.push(at(".match.threshold", e));
            }
            semantic = Some(SemanticSpec::Model { threshold: *threshold });
        }
        MatcherSpec::Similar { examples, threshold } => {
            if let Err(e) = check_threshold(*threshold) {
                problems.push(at(".match.threshold", e));
            }
            if examples.is_empty() || examples.len() > MAX_SIMILAR_EXAMPLES {
                problems.push(at(
                    ".match.examples",
                    format!("{} example posts; give 1 to {MAX_SIMILAR_EXAMPLES}", examples.len()),
                ));
            }
            if let Some(i) = examples.iter().position(|e| e.trim().is_empty()) {
                problems.push(at(&format!(".match.examples[{i}]"), "example post is empty".into()));
            }
            semantic = Some(SemanticSpec::Similar { examples: examples.clone(), threshold: *threshold });
        }
    }
    let unless = spec.matcher.unless();
    if !unless.is_empty() {
        add_list("unless", unless, ListRole::Unless, &mut problems);
    }
    let unless_in_post = spec.matcher.unless_in_post();
    if !unless_in_post.is_empty() {
        add_list("unless_in_post", unless_in_post, ListRole::UnlessInPost, &mut problems);
    }
    let message = match message {
        Ok(m) => Some(m),
        Err(p) => {
            problems.push(Problem { rule: id.clone(), ..p });
            None
        }
    };
    let tip = match tip {
        Ok(t) => t,
        Err(p) => {
            problems.push(Problem { rule: id.clone(), ..p });
            None
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let rule = Rule {
        id: spec.id.clone(),
        category: spec.category.clone(),
        severity: p.overridden_severity.unwrap_or(spec.severity),
        origin: p.origin.clone(),
        kind: matcher_kind(&spec.matcher),
        link,
        examples: spec.examples.clone(),
        message: message.expect("checked above"),
        tip,
        sites,
        term_negation: matches!(spec.matcher, MatcherSpec::Terms { negation: true, .. }),
        location: p.location.clone(),
    };
    Ok((rule, detector, prox, semantic))
}
