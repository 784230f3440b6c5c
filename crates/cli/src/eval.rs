//! `composure eval FILE.jsonl`: how well a policy does on labelled posts.
//!
//! In: one JSON object per line with `text` and `labels` (the categories a careful reader
//! would warn about; `[]` is a benign post), optionally `lang` (`en`, `nl`) and `site`. The
//! project's own corpora also use `expect` for `labels`; either is read.
//!
//! A post counts as flagged for a category when a finding of that category is at least
//! `--min-severity` (default `warn`: an `info` is not a warning). Per category and language:
//! recall (labelled posts flagged for it), precision (flagged posts labelled with it), and per
//! language the share of benign posts that got any warning. Then the misses and false alarms,
//! so that the figures come with the posts behind them.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use composure_engine::{Engine, Severity};
use serde::{Deserialize, Serialize};

use crate::detect::Detector;
use crate::{read_file, Failure, Result};

/// The categories the default code and the labelling guide (docs/labelling.md) know.
const CATEGORIES: [&str; 6] =
    ["employer-criticism", "confidential", "personal-data", "credentials", "profanity-insult", "speaking-for-company"];

#[derive(Deserialize)]
struct Line {
    text: String,
    #[serde(default, alias = "expect")]
    labels: Option<Vec<String>>,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    site: Option<String>,
}

/// One labelled post and what the policy said of it.
struct Post {
    line: usize,
    text: String,
    lang: String,
    labels: Vec<String>,
    /// Rule ids and categories of the findings at or above the minimum severity.
    flagged: Vec<(String, String)>,
}

#[derive(Default, Serialize, Clone, Copy)]
struct Counts {
    /// Posts labelled with the category.
    posts: usize,
    /// Labelled and flagged.
    found: usize,
    /// Flagged but not labelled with it.
    false_alarms: usize,
}

impl Counts {
    fn recall(&self) -> Option<f64> {
        (self.posts > 0).then(|| self.found as f64 / self.posts as f64)
    }
    fn precision(&self) -> Option<f64> {
        let flagged = self.found + self.false_alarms;
        (flagged > 0).then(|| self.found as f64 / flagged as f64)
    }
}

#[derive(Default, Serialize, Clone, Copy)]
struct Benign {
    posts: usize,
    warned: usize,
}

#[derive(Serialize)]
struct CategoryJson {
    category: String,
    lang: String,
    posts: usize,
    found: usize,
    false_alarms: usize,
    recall: Option<f64>,
    precision: Option<f64>,
}

#[derive(Serialize)]
struct BenignJson {
    lang: String,
    posts: usize,
    warned: usize,
    rate: Option<f64>,
}

#[derive(Serialize)]
struct PostJson<'a> {
    line: usize,
    lang: &'a str,
    labels: &'a [String],
    /// The category missed, for a miss; the rules that fired, for a false alarm.
    #[serde(skip_serializing_if = "Option::is_none")]
    missed: Option<&'a str>,
    rules: Vec<&'a str>,
    text: &'a str,
}

pub struct Options<'a> {
    pub min_severity: Severity,
    pub json: bool,
    /// How many misses and false alarms to list per category.
    pub show: usize,
    pub policy_name: &'a str,
}

pub fn run(detector: &Detector, path: &Path, options: &Options) -> Result<ExitCode> {
    let engine = detector.engine();
    let posts = read_posts(detector, path, options.min_severity)?;
    let langs = languages(&posts);

    let mut categories: BTreeMap<(String, String), Counts> = BTreeMap::new();
    let mut benign: BTreeMap<String, Benign> = BTreeMap::new();
    let known = known_categories(engine, &posts);
    for post in &posts {
        for lang in [post.lang.as_str(), "all"] {
            for category in &known {
                let labelled = post.labels.iter().any(|l| l == category);
                let flagged = post.flagged.iter().any(|(_, c)| c == category);
                let counts = categories.entry((category.clone(), lang.to_string())).or_default();
                counts.posts += usize::from(labelled);
                counts.found += usize::from(labelled && flagged);
                counts.false_alarms += usize::from(!labelled && flagged);
            }
            if post.labels.is_empty() {
                let b = benign.entry(lang.to_string()).or_default();
                b.posts += 1;
                b.warned += usize::from(!post.flagged.is_empty());
            }
        }
    }

    let misses: Vec<PostJson> = known
        .iter()
        .flat_map(|category| {
            posts
                .iter()
                .filter(move |p| {
                    p.labels.iter().any(|l| l == category) && !p.flagged.iter().any(|(_, c)| c == category)
                })
                .map(move |p| post_json(p, Some(category)))
                .take(options.show)
        })
        .collect();
    let false_alarms: Vec<PostJson> = posts
        .iter()
        .filter(|p| p.labels.is_empty() && !p.flagged.is_empty())
        .map(|p| post_json(p, None))
        .take(options.show * 2)
        .collect();

    let mut out = io::stdout().lock();
    if options.json {
        let report = serde_json::json!({
            "posts": posts.len(),
            "min_severity": options.min_severity.as_str(),
            "policy": options.policy_name,
            "categories": categories.iter().filter(|(_, c)| c.posts + c.false_alarms > 0).map(|((category, lang), c)| CategoryJson {
                category: category.clone(), lang: lang.clone(), posts: c.posts, found: c.found,
                false_alarms: c.false_alarms, recall: c.recall(), precision: c.precision(),
            }).collect::<Vec<_>>(),
            "benign": benign.iter().map(|(lang, b)| BenignJson {
                lang: lang.clone(), posts: b.posts, warned: b.warned,
                rate: (b.posts > 0).then(|| b.warned as f64 / b.posts as f64),
            }).collect::<Vec<_>>(),
            "misses": misses,
            "false_alarms": false_alarms,
        });
        serde_json::to_writer_pretty(&mut out, &report).expect("a report serializes");
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }

    let by_lang: Vec<String> = langs.iter().map(|(l, n)| format!("{n} {l}")).collect();
    writeln!(
        out,
        "{} posts ({}), {}; a post is flagged for a category by a finding of {} or above",
        posts.len(),
        by_lang.join(", "),
        options.policy_name,
        options.min_severity.as_str()
    )?;
    writeln!(out)?;
    writeln!(out, "{:<22} {:<4} {:>6} {:>7} {:>9}", "category", "lang", "posts", "recall", "precision")?;
    let mut macro_recall: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for ((category, lang), c) in &categories {
        if c.posts + c.false_alarms == 0 {
            continue;
        }
        writeln!(
            out,
            "{:<22} {:<4} {:>6} {:>7} {:>9}",
            category,
            lang,
            c.posts,
            ratio(c.recall()),
            ratio(c.precision())
        )?;
        if let Some(r) = c.recall() {
            let m = macro_recall.entry(lang.clone()).or_default();
            m.0 += r;
            m.1 += 1;
        }
    }
    writeln!(out)?;
    for (lang, (sum, n)) in &macro_recall {
        writeln!(out, "mean recall over categories, {lang}: {}", ratio(Some(sum / *n as f64)))?;
    }
    for (lang, b) in &benign {
        let rate = (b.posts > 0).then(|| b.warned as f64 / b.posts as f64);
        writeln!(out, "benign posts warned, {lang}: {} of {} ({})", b.warned, b.posts, percent(rate))?;
    }
    if !misses.is_empty() {
        writeln!(out, "\nMisses (up to {} per category):", options.show)?;
        for m in &misses {
            writeln!(
                out,
                "  {}:{} {} [{}] {}",
                path.display(),
                m.line,
                m.missed.unwrap_or(""),
                m.lang,
                excerpt(m.text)
            )?;
        }
    }
    if !false_alarms.is_empty() {
        writeln!(out, "\nFalse alarms on benign posts (up to {}):", options.show * 2)?;
        for f in &false_alarms {
            writeln!(out, "  {}:{} {} [{}] {}", path.display(), f.line, f.rules.join(","), f.lang, excerpt(f.text))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn read_posts(detector: &Detector, path: &Path, min_severity: Severity) -> Result<Vec<Post>> {
    let engine = detector.engine();
    let text = read_file(path)?;
    let name = path.display();
    let mut posts = Vec::new();
    let mut errors = Vec::new();
    let mut raw = Vec::new();
    let rules = engine.rules();
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let parsed: Line = match serde_json::from_str(line) {
            Ok(l) => l,
            Err(e) => {
                errors.push(format!("{name}:{number}: not a labelled post: {e}"));
                continue;
            }
        };
        let Some(labels) = parsed.labels else {
            errors.push(format!("{name}:{number}: no \"labels\" field (a list of categories, [] for benign)"));
            continue;
        };
        for label in &labels {
            if !CATEGORIES.contains(&label.as_str()) && !rules.iter().any(|r| &r.category == label) {
                errors
                    .push(format!("{name}:{number}: unknown category \"{label}\" (known: {})", CATEGORIES.join(", ")));
            }
        }
        raw.clear();
        detector.check_raw(&parsed.text, parsed.site.as_deref(), &mut raw);
        let mut flagged: Vec<(String, String)> = Vec::new();
        for (f, _) in &raw {
            let rule = &rules[f.rule_index];
            if rule.severity >= min_severity && !flagged.iter().any(|(id, _)| *id == rule.id) {
                flagged.push((rule.id.clone(), rule.category.clone()));
            }
        }
        posts.push(Post {
            line: number,
            text: parsed.text,
            lang: parsed.lang.unwrap_or_else(|| "?".into()),
            labels,
            flagged,
        });
    }
    if !errors.is_empty() {
        errors.truncate(20);
        return Err(Failure::Errors(errors));
    }
    if posts.is_empty() {
        return Err(Failure::new(format!("{name} has no labelled posts")));
    }
    Ok(posts)
}

/// The categories to report on: the standard six, and any other the file or policy uses.
fn known_categories(engine: &Engine, posts: &[Post]) -> Vec<String> {
    let mut known: Vec<String> = CATEGORIES.iter().map(|c| c.to_string()).collect();
    let extra = engine.rules().iter().map(|r| &r.category).chain(posts.iter().flat_map(|p| &p.labels));
    for category in extra {
        if !known.contains(category) {
            known.push(category.clone());
        }
    }
    known
}

fn languages(posts: &[Post]) -> BTreeMap<String, usize> {
    let mut langs = BTreeMap::new();
    for p in posts {
        *langs.entry(p.lang.clone()).or_default() += 1;
    }
    langs
}

fn post_json<'a>(post: &'a Post, missed: Option<&'a str>) -> PostJson<'a> {
    PostJson {
        line: post.line,
        lang: &post.lang,
        labels: &post.labels,
        missed,
        rules: post.flagged.iter().map(|(id, _)| id.as_str()).collect(),
        text: &post.text,
    }
}

fn ratio(value: Option<f64>) -> String {
    value.map_or_else(|| "-".into(), |v| format!("{v:.2}"))
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "-".into(), |v| format!("{:.1} %", v * 100.0))
}

/// A post on one line, cut at 100 characters.
fn excerpt(text: &str) -> String {
    let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if flat.chars().count() > 100 {
        format!("\"{}…\"", flat.chars().take(99).collect::<String>())
    } else {
        format!("\"{flat}\"")
    }
}
