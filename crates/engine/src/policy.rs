//! The policy document: an organisation's social media code as data.
//!
//! These types are the one definition of the format. The JSON Schema in
//! `schema/policy.schema.json` is generated from them (`composure schema`), and the
//! README's format section describes the same fields.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A policy document, as written by an organisation (or the built-in pack).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Reference to the JSON Schema, for editors. Ignored by the engine.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// A human name for this policy, shown in the options page and the CLI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The policy's version or date (e.g. "2026-11-01"), shown where the policy's source is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Built-in packs to include before this policy's own rules. The built-in pack is `default`.
    /// A policy without `extends` stands alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extends: Vec<String>,
    /// Facts about the organisation that built-in rules use (its names, codenames, ...).
    #[serde(default)]
    pub organization: Organization,
    /// The organisation's own rules, checked after the included packs' rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleSpec>,
    /// Changes to rules of included packs, by rule id: a new severity, or `"disabled": true`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub overrides: BTreeMap<String, Override>,
    /// Only in packs: the organisation the pack's own examples are checked with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example_organization: Option<Organization>,
}

/// What the organisation is called and what it keeps to itself. Terms in rules can refer to
/// these lists as `{names}`, `{codenames}`, `{public_products}`, `{executives}`,
/// `{email_domains}`; messages can use `{spokesperson}`, `{code_url}` and `{name}`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// The employer's names and abbreviations, e.g. `["Acme", "Acme BV", "ACME Group"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// Products that are already public: mentioning these is fine.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub public_products: Vec<String>,
    /// Confidential project names: mentioning one in public is a leak.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codenames: Vec<String>,
    /// The organisation's e-mail domains, e.g. `["acme.nl"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub email_domains: Vec<String>,
    /// Names of executives, whose names near criticism count as employer criticism.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub executives: Vec<String>,
    /// Link to the organisation's own social media code; the default link of every rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_url: Option<String>,
    /// Who may speak for the organisation, e.g. "the press office (pers@acme.nl)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spokesperson: Option<String>,
}

/// One rule of the code.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Stable id: a code and a kebab-case name, e.g. `PD003-iban`. Never reused.
    pub id: String,
    /// What kind of risk this is, e.g. `personal-data`.
    pub category: String,
    /// How bad: `info` (a reminder), `warn` (underlined), `block` (post held until confirmed).
    pub severity: Severity,
    /// Why this is risky, in a coaching tone, per language.
    pub message: Messages,
    /// A better way to say it, per language (shown in the popover and the trainer demo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tip: Option<Messages>,
    /// Where to read more; defaults to the organisation's `code_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Only check this rule on these sites (host names; subdomains match too).
    /// Empty: on every site.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<String>,
    /// What the rule looks for.
    #[serde(rename = "match")]
    pub matcher: MatcherSpec,
    /// Texts the rule must flag and texts it must pass; checked when the policy loads.
    #[serde(default)]
    pub examples: Examples,
}

/// A message in each interface language. English is required; Dutch falls back to English.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Messages {
    pub en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nl: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Each of these texts must get at least one finding from this rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flag: Vec<String>,
    /// None of these texts may get a finding from this rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pass: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warn,
    Block,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warn => "warn",
            Severity::Block => "block",
        }
    }
}

// Read by hand: see the `Deserialize` impl below.
/// What a rule looks for. Each kind is one file under `matchers/`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum MatcherSpec {
    /// Words and phrases, matched on word boundaries after normalisation (case, diacritics,
    /// look-alike characters, spaced-out letters). A `*` at the start or end of a term matches
    /// the rest of the word (`idiot*` matches "idiots", "idiotic"). `{codenames}` and the other
    /// organisation lists expand in place.
    Terms {
        terms: Vec<String>,
        /// A negation ("not", "no", "niet", "geen", ...) up to three words before a term
        /// cancels that match ("he's no idiot"). Off by default.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        negation: bool,
        /// Also match a one-word term of at least 7 letters with two neighbouring letters
        /// swapped, one inner letter dropped, or a double letter written once (`randdebeil`,
        /// `klotzak`). Only for lists whose long words are not close to ordinary words. Off by
        /// default.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        fuzzy: bool,
        /// Suppress a match when one of these terms is in the same sentence.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        unless: Vec<String>,
        /// Suppress every match of the rule when one of these terms is anywhere in the post:
        /// the author offering their own details on purpose ("contact me", "te koop").
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        unless_in_post: Vec<String>,
    },
    /// A regular expression (Rust `regex` syntax), run on the original text. Use `(?i)` for
    /// case-insensitive matching. Linear time, with size and nesting limits.
    Regex {
        pattern: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        unless: Vec<String>,
        /// Suppress every match of the rule when one of these terms is anywhere in the post:
        /// the author offering their own details on purpose ("contact me", "te koop").
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        unless_in_post: Vec<String>,
    },
    /// A built-in detector that validates what it finds (checksums, formats).
    Detector {
        detector: DetectorKind,
        /// For `email`: only addresses at these domains (may use `{email_domains}`).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        domains: Vec<String>,
        /// For `ip_address`: only private and internal addresses (10/8, 192.168/16, ...).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        private_only: bool,
        /// For `email`: only the addresses of people; role mailboxes (`info@`, `jobs@`,
        /// `support@`, `sollicitaties@`, ...) are left out.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        personal_only: bool,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        unless: Vec<String>,
        /// Suppress every match of the rule when one of these terms is anywhere in the post:
        /// the author offering their own details on purpose ("contact me", "te koop").
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        unless_in_post: Vec<String>,
    },
    /// A term from `a` within `within` words of a term from `b`, in the same sentence
    /// (e.g. the employer's name near an insult). With `negation` (on by default), a negation
    /// ("not", "never", "niet", "geen", ...) just before the `b` term cancels the match.
    /// `order` can require `a` to come first ("refugees ... are vermin") or `b` to come first
    /// ("I hate ... women"), so that "women hate it when" is not "I hate women".
    Proximity {
        a: Vec<String>,
        b: Vec<String>,
        #[serde(default = "default_within")]
        within: u32,
        #[serde(default = "default_true")]
        negation: bool,
        #[serde(default, skip_serializing_if = "Order::is_any")]
        order: Order,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        unless: Vec<String>,
        /// Suppress every match of the rule when one of these terms is anywhere in the post:
        /// the author offering their own details on purpose ("contact me", "te koop").
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        unless_in_post: Vec<String>,
    },
    /// The sentence model's verdict for the rule's category (one of the six the model was
    /// trained on): catches what a post means (sarcasm, venting, hints, promises) rather than
    /// words. Runs beside the rules, never on the keystroke path; needs the model (CLI,
    /// extension worker).
    Model {
        /// The score (0 to 1) from which a post is flagged. Default: the head's own threshold,
        /// chosen when it was trained. Higher flags less.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        threshold: Option<f32>,
    },
    /// Posts close in meaning, in any language, to one of these example posts (cosine of the
    /// sentence model's vectors). A rule by example: "posts like these about our tender".
    Similar {
        examples: Vec<String>,
        /// The cosine (0 to 1) from which a post is flagged. Higher flags less; 0.6 to 0.8 is usual.
        threshold: f32,
    },
}

/// Which term of a proximity match must come first in the sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Order {
    /// Either order (the default).
    #[default]
    Any,
    /// The `a` term before the `b` term.
    AFirst,
    /// The `b` term before the `a` term.
    BFirst,
}

impl Order {
    fn is_any(&self) -> bool {
        *self == Order::Any
    }
}

// `MatcherSpec` is read by hand: serde's derive for an internally tagged enum buffers the
// whole object into a generic tree first, and that code was ~6 KB of the wasm's gzip. Read
// in one pass instead, with the same messages: an unknown `kind` lists the kinds, a field
// the kind does not have lists the kind's fields, a missing one is named.
impl<'de> Deserialize<'de> for MatcherSpec {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<MatcherSpec, D::Error> {
        deserializer.deserialize_map(MatcherVisitor)
    }
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum MatcherKind {
    Terms,
    Regex,
    Detector,
    Proximity,
    Model,
    Similar,
}

impl MatcherKind {
    /// The fields each kind has (besides `kind`), as the error for any other field lists them.
    fn fields(self) -> &'static [&'static str] {
        match self {
            MatcherKind::Terms => &["terms", "negation", "fuzzy", "unless", "unless_in_post"],
            MatcherKind::Regex => &["pattern", "unless", "unless_in_post"],
            MatcherKind::Detector => {
                &["detector", "domains", "private_only", "personal_only", "unless", "unless_in_post"]
            }
            MatcherKind::Proximity => &["a", "b", "within", "negation", "order", "unless", "unless_in_post"],
            MatcherKind::Model => &["threshold"],
            MatcherKind::Similar => &["examples", "threshold"],
        }
    }
}

struct MatcherVisitor;

impl<'de> serde::de::Visitor<'de> for MatcherVisitor {
    type Value = MatcherSpec;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a match object with a \"kind\"")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<MatcherSpec, A::Error> {
        use serde::de::Error;
        let mut kind: Option<MatcherKind> = None;
        let (mut terms, mut pattern, mut detector, mut domains) = (None, None, None, None);
        let (mut private_only, mut a, mut b, mut within, mut negation, mut unless) =
            (None, None, None, None, None, None);
        let (mut examples, mut threshold) = (None, None);
        let mut order: Option<Order> = None;
        let mut fuzzy: Option<bool> = None;
        let (mut personal_only, mut unless_in_post) = (None, None);
        // The fields read, in order: one the kind does not have is refused once it is known.
        let mut seen: Vec<&'static str> = Vec::new();
        let mut unknown: Option<String> = None;
        fn once<T, E: Error>(slot: &mut Option<T>, value: T, name: &'static str) -> Result<&'static str, E> {
            if slot.replace(value).is_some() {
                return Err(E::duplicate_field(name));
            }
            Ok(name)
        }
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let name = match key.as_ref() {
                "kind" => {
                    once(&mut kind, map.next_value()?, "kind")?;
                    continue;
                }
                "terms" => once(&mut terms, map.next_value()?, "terms")?,
                "pattern" => once(&mut pattern, map.next_value()?, "pattern")?,
                "detector" => once(&mut detector, map.next_value()?, "detector")?,
                "domains" => once(&mut domains, map.next_value()?, "domains")?,
                "private_only" => once(&mut private_only, map.next_value()?, "private_only")?,
                "a" => once(&mut a, map.next_value()?, "a")?,
                "b" => once(&mut b, map.next_value()?, "b")?,
                "within" => once(&mut within, map.next_value()?, "within")?,
                "negation" => once(&mut negation, map.next_value()?, "negation")?,
                "order" => once(&mut order, map.next_value()?, "order")?,
                "fuzzy" => once(&mut fuzzy, map.next_value()?, "fuzzy")?,
                "unless" => once(&mut unless, map.next_value()?, "unless")?,
                "examples" => once(&mut examples, map.next_value()?, "examples")?,
                "threshold" => once(&mut threshold, map.next_value()?, "threshold")?,
                "unless_in_post" => once(&mut unless_in_post, map.next_value()?, "unless_in_post")?,
                "personal_only" => once(&mut personal_only, map.next_value()?, "personal_only")?,
                other => {
                    // Refused once the kind is known, naming that kind's fields.
                    unknown.get_or_insert_with(|| other.to_string());
                    map.next_value::<serde::de::IgnoredAny>()?;
                    continue;
                }
            };
            seen.push(name);
        }
        let kind = kind.ok_or_else(|| Error::missing_field("kind"))?;
        if let Some(name) = unknown {
            return Err(Error::unknown_field(&name, kind.fields()));
        }
        if let Some(stray) = seen.iter().find(|f| !kind.fields().contains(f)) {
            return Err(Error::unknown_field(stray, kind.fields()));
        }
        let unless = unless.unwrap_or_default();
        let unless_in_post = unless_in_post.unwrap_or_default();
        Ok(match kind {
            MatcherKind::Terms => MatcherSpec::Terms {
                terms: terms.ok_or_else(|| Error::missing_field("terms"))?,
                negation: negation.unwrap_or(false),
                fuzzy: fuzzy.unwrap_or(false),
                unless,
                unless_in_post,
            },
            MatcherKind::Regex => MatcherSpec::Regex {
                pattern: pattern.ok_or_else(|| Error::missing_field("pattern"))?,
                unless,
                unless_in_post,
            },
            MatcherKind::Detector => MatcherSpec::Detector {
                detector: detector.ok_or_else(|| Error::missing_field("detector"))?,
                domains: domains.unwrap_or_default(),
                private_only: private_only.unwrap_or(false),
                personal_only: personal_only.unwrap_or(false),
                unless,
                unless_in_post,
            },
            MatcherKind::Proximity => MatcherSpec::Proximity {
                a: a.ok_or_else(|| Error::missing_field("a"))?,
                b: b.ok_or_else(|| Error::missing_field("b"))?,
                within: within.unwrap_or_else(default_within),
                negation: negation.unwrap_or_else(default_true),
                order: order.unwrap_or_default(),
                unless,
                unless_in_post,
            },
            MatcherKind::Model => MatcherSpec::Model { threshold },
            MatcherKind::Similar => MatcherSpec::Similar {
                examples: examples.ok_or_else(|| Error::missing_field("examples"))?,
                threshold: threshold.ok_or_else(|| Error::missing_field("threshold"))?,
            },
        })
    }
}

fn default_within() -> u32 {
    5
}
fn default_true() -> bool {
    true
}

impl MatcherSpec {
    pub fn unless(&self) -> &[String] {
        match self {
            MatcherSpec::Terms { unless, .. }
            | MatcherSpec::Regex { unless, .. }
            | MatcherSpec::Detector { unless, .. }
            | MatcherSpec::Proximity { unless, .. } => unless,
            MatcherSpec::Model { .. } | MatcherSpec::Similar { .. } => &[],
        }
    }

    pub fn unless_in_post(&self) -> &[String] {
        match self {
            MatcherSpec::Terms { unless_in_post, .. }
            | MatcherSpec::Regex { unless_in_post, .. }
            | MatcherSpec::Detector { unless_in_post, .. }
            | MatcherSpec::Proximity { unless_in_post, .. } => unless_in_post,
            MatcherSpec::Model { .. } | MatcherSpec::Similar { .. } => &[],
        }
    }
}

/// The built-in detectors. Each is one file under `detectors/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DetectorKind {
    /// E-mail addresses.
    Email,
    /// Phone numbers: Dutch national and mobile numbers, and international numbers with `+`/`00`.
    Phone,
    /// IBANs whose mod-97 check digits are right.
    Iban,
    /// Dutch citizen service numbers (BSN) that pass the elfproef.
    Bsn,
    /// Home addresses: a street and house number (Dutch, English), Dutch and UK postcodes, US
    /// `City, ST 12345`.
    Address,
    /// Payment card numbers with a known issuer prefix that pass the Luhn check.
    PaymentCard,
    /// IPv4 and IPv6 addresses.
    IpAddress,
    /// Vendor API keys and tokens (AWS, Google, Azure, GitHub, Slack, Stripe, OpenAI, JWTs and
    /// over a hundred more formats) and random-looking values under a secret key (`API_SECRET=…`).
    ApiKey,
    /// PEM private key blocks.
    PrivateKey,
    /// `password=...` / `wachtwoord: ...` style assignments with a real-looking value.
    Password,
    /// URLs with a user name and password in them (`https://user:pass@host`).
    UrlCredentials,
    /// Codes and logins in plain words: door, alarm and key-safe codes, PINs, `name / password`
    /// near a login or Wi-Fi word (what `password` finds is left to it).
    SecretInWords,
}

/// A change to an included rule.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Override {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
    /// For `model` and `similar` rules: the score from which a post is flagged (0 to 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f32>,
}
