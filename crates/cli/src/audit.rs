//! `composure audit EXPORT`: every post in a person's own data export from X, Facebook,
//! LinkedIn, Mastodon or Reddit, checked as `check` checks one.
//!
//! The export is read by `composure-exports` one post at a time (media is never read), each
//! post is checked with the network's site as context (a Mastodon post's server), and only
//! posts with findings are shown: their date, link and text with carets, as `check` prints
//! them, then a summary by category and year. With `--jsonl`, one JSON object per flagged
//! post instead:
//! `{"network","id","date","url","text","findings":[{"rule","category","severity","start","end","message"}]}`
//! with `start`/`end` in UTF-16 code units of `text`, as `check --jsonl` gives them.
//!
//! What could not be read (a damaged file inside the export, a record without a date) is
//! reported on stderr and the rest is still checked. An export that cannot be read at all, or
//! is not one, is an error (exit 2) that names the file and what was expected.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use composure_engine::utf16::byte_to_utf16_offsets;
use composure_engine::{Engine, Finding, Lang, RawFinding, Severity};
use composure_exports::{Export, Post, Report};
use serde::Serialize;

use crate::check::render_finding;
use crate::jsonl::FindingOut;
use crate::progress::Progress;
use crate::style::Style;
use crate::{Failure, Result};

pub struct Options {
    pub lang: Lang,
    pub fail_on: Severity,
    pub jsonl: bool,
    pub style: Style,
}

#[derive(Serialize)]
struct PostOut<'a> {
    network: &'a str,
    id: Option<&'a str>,
    date: &'a str,
    url: Option<&'a str>,
    text: &'a str,
    findings: Vec<FindingOut<'a>>,
}

/// Counts for the summary.
#[derive(Default)]
struct Tally {
    posts: u64,
    flagged: u64,
    by_severity: BTreeMap<Severity, u64>,
    /// Posts with a finding of the category, per year.
    by_category: BTreeMap<String, BTreeMap<String, u64>>,
    worst: Option<Severity>,
}

pub fn run(engine: &Engine, path: &Path, options: &Options) -> Result<ExitCode> {
    let export = Export::open(path).map_err(|e| Failure::new(e.to_string()))?;
    let name = path.display().to_string();
    let mut posts = export.posts();
    let stdout_is_terminal = io::stdout().is_terminal();
    let mut progress = Progress::counting(&name, posts.progress().1, "posts");
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut tally = Tally::default();
    let mut raw: Vec<RawFinding> = Vec::new();
    let mut offsets: Vec<usize> = Vec::new();
    let mut line: Vec<u8> = Vec::new();

    while let Some(post) = posts.next() {
        tally.posts += 1;
        if tally.posts % 256 == 0 {
            let (done, _) = posts.progress();
            progress.set(done, tally.posts);
        }
        let site = site_of(&post);
        raw.clear();
        engine.check_raw(&post.text, site.as_deref(), &mut raw);
        if raw.is_empty() {
            continue;
        }
        tally.count(engine, &post, &raw);
        if stdout_is_terminal {
            progress.finish(); // the bar comes back with the next update
        }
        if options.jsonl {
            write_jsonl(&mut line, engine, &post, &raw, &mut offsets, options.lang);
            out.write_all(&line)?;
        } else {
            let findings = findings(engine, &raw, options.lang);
            out.write_all(render_post(&post, &findings, options.style).as_bytes())?;
        }
    }
    out.flush()?;
    progress.finish();

    let report = posts.finish().map_err(|e| Failure::new(e.to_string()))?;
    report_problems(&report);
    if report.posts() == 0 && report.has_problems() {
        return Err(Failure::new(format!("{name}: no post could be read (see the warnings above)")));
    }
    if !options.jsonl {
        let summary = summary(&name, &report, &tally, options.style);
        out.write_all(summary.as_bytes())?;
        out.flush()?;
    }
    Ok(if tally.worst.is_some_and(|w| w >= options.fail_on) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The host the post was written on, for rules limited to `sites`: the network's, or for
/// Mastodon the server in the post's link.
fn site_of(post: &Post) -> Option<String> {
    if let Some(site) = post.network.site() {
        return Some(site.to_string());
    }
    let url = post.url.as_deref()?;
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| host.to_string())
}

fn findings<'e>(engine: &'e Engine, raw: &[RawFinding], lang: Lang) -> Vec<Finding<'e>> {
    raw.iter()
        .map(|r| {
            let rule = &engine.rules()[r.rule_index];
            Finding {
                rule_id: &rule.id,
                category: &rule.category,
                severity: rule.severity,
                span: r.start..r.end,
                message: rule.message(lang),
                tip: rule.tip(lang),
                link: rule.link.as_deref(),
                rule_index: r.rule_index,
            }
        })
        .collect()
}

fn write_jsonl(
    line: &mut Vec<u8>,
    engine: &Engine,
    post: &Post,
    raw: &[RawFinding],
    offsets: &mut Vec<usize>,
    lang: Lang,
) {
    offsets.clear();
    for f in raw {
        offsets.extend([f.start, f.end]);
    }
    byte_to_utf16_offsets(&post.text, offsets);
    let rules = engine.rules();
    let findings = raw
        .iter()
        .zip(offsets.chunks_exact(2))
        .map(|(f, span)| {
            let rule = &rules[f.rule_index];
            FindingOut {
                rule: &rule.id,
                category: &rule.category,
                severity: rule.severity.as_str(),
                start: span[0],
                end: span[1],
                message: rule.message(lang),
                confidence: None,
            }
        })
        .collect();
    let out = PostOut {
        network: post.network.as_str(),
        id: post.id.as_deref(),
        date: &post.date,
        url: post.url.as_deref(),
        text: &post.text,
        findings,
    };
    line.clear();
    serde_json::to_writer(&mut *line, &out).expect("writing to a Vec");
    line.push(b'\n');
}

/// ```text
/// 2018-10-10T20:19:24Z https://x.com/jan/status/1050118621198921728
/// warn[EC001-insult-near-employer] This reads as criticism of your employer. ...
///  --> 1:26
///   |
/// 1 | Q&A with the team today: my boss is an idiot >:( https://example.com/...
///   |                          ^^^^^^^^^^^^^^^^^^^
/// ```
fn render_post(post: &Post, findings: &[Finding], style: Style) -> String {
    let link = match &post.url {
        Some(url) => url.clone(),
        None => format!("({}: the export has no link to the post)", post.network.title()),
    };
    let mut out = format!("{}\n", style.bold(&format!("{} {link}", post.date)));
    for finding in findings {
        render_finding(&mut out, &post.text, finding, None, style);
        out.push('\n');
    }
    out
}

impl Tally {
    fn count(&mut self, engine: &Engine, post: &Post, raw: &[RawFinding]) {
        self.flagged += 1;
        let year = post.date.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit())).unwrap_or("????");
        let mut categories: Vec<&str> = Vec::new();
        for f in raw {
            let rule = &engine.rules()[f.rule_index];
            *self.by_severity.entry(rule.severity).or_default() += 1;
            self.worst = self.worst.max(Some(rule.severity));
            if !categories.contains(&rule.category.as_str()) {
                categories.push(&rule.category);
            }
        }
        for category in categories {
            *self.by_category.entry(category.to_string()).or_default().entry(year.to_string()).or_default() += 1;
        }
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// ```text
/// checked 4 posts from x.zip (X), 2 left out (retweets, boosts, posts without text): 3 posts
/// with findings (1 block, 3 warn)
///
/// posts with findings     2018  2020  2021  total
/// employer-criticism         1     .     .      1
/// personal-data              .     1     1      2
/// ```
fn summary(name: &str, report: &Report, tally: &Tally, style: Style) -> String {
    let networks: Vec<&str> = report.networks().iter().map(|n| n.title()).collect();
    let networks = if networks.is_empty() { String::new() } else { format!(" ({})", networks.join(", ")) };
    let left_out: u64 = report.files.iter().map(|f| f.left_out).sum();
    let left_out = if left_out > 0 {
        format!(", {left_out} left out (retweets, boosts, posts without text)")
    } else {
        String::new()
    };
    let checked = format!("checked {} from {name}{networks}{left_out}", plural(tally.posts, "post", "posts"));
    if tally.flagged == 0 {
        return format!("{checked}: {}\n", style.ok("no findings"));
    }
    let severities: Vec<String> = [Severity::Block, Severity::Warn, Severity::Info]
        .into_iter()
        .filter_map(|s| tally.by_severity.get(&s).map(|n| format!("{n} {}", s.as_str())))
        .collect();
    let mut out = format!(
        "{checked}: {}\n\n",
        style.bold(&format!("{} with findings ({})", plural(tally.flagged, "post", "posts"), severities.join(", ")))
    );

    let mut years: Vec<&str> = tally.by_category.values().flat_map(|y| y.keys().map(String::as_str)).collect();
    years.sort_unstable();
    years.dedup();
    let head = "posts with findings";
    let width = tally.by_category.keys().map(|c| c.len()).max().unwrap_or(0).max(head.len());
    out.push_str(&format!("{head:<width$}"));
    for year in &years {
        out.push_str(&format!("  {year:>4}"));
    }
    out.push_str("  total\n");
    for (category, per_year) in &tally.by_category {
        out.push_str(&format!("{category:<width$}"));
        for year in &years {
            match per_year.get(*year) {
                Some(n) => out.push_str(&format!("  {n:>4}")),
                None => out.push_str(&format!("  {:>4}", ".")),
            }
        }
        out.push_str(&format!("  {:>5}\n", per_year.values().sum::<u64>()));
    }
    out
}

/// What was skipped, on stderr: files that could not be read (whole or in part) and records
/// that could not be read.
fn report_problems(report: &Report) {
    let mut err = io::stderr().lock();
    for file in &report.files {
        for problem in &file.problems {
            let _ = writeln!(err, "warning: {}: skipped {problem}", file.name);
        }
        let listed = file.problems.len() as u64 + u64::from(file.stopped.is_some());
        if file.problem_count > listed {
            let _ = writeln!(err, "warning: {}: skipped {} more", file.name, file.problem_count - listed);
        }
        if let Some(why) = &file.stopped {
            let read =
                if file.posts > 0 { format!(" after {}", plural(file.posts, "post", "posts")) } else { String::new() };
            let _ = writeln!(err, "warning: {}: could not be read{read}: {why}", file.name);
        }
    }
}
