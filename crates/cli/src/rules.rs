//! `composure rules` (a table, or JSON) and `composure explain RULE_ID`.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use composure_engine::{Context, Engine, Lang, Origin, Rule};
use serde::Serialize;

use crate::render;
use crate::style::Style;
use crate::{Failure, Result};

fn origin(rule: &Rule) -> &str {
    rule.origin.name()
}

#[derive(Serialize)]
struct RuleOut<'a> {
    id: &'a str,
    category: &'a str,
    severity: &'a str,
    kind: &'a str,
    origin: &'a str,
    message: &'a str,
    tip: Option<&'a str>,
    link: Option<&'a str>,
    examples: ExamplesOut<'a>,
}

#[derive(Serialize)]
struct ExamplesOut<'a> {
    flag: &'a [String],
    pass: &'a [String],
}

pub fn list(engine: &Engine, lang: Lang, json: bool, style: Style) -> Result<ExitCode> {
    let rules = engine.rules();
    let mut out = String::new();
    if json {
        let rows: Vec<RuleOut> = rules
            .iter()
            .map(|r| RuleOut {
                id: &r.id,
                category: &r.category,
                severity: r.severity.as_str(),
                kind: &r.kind,
                origin: origin(r),
                message: r.message(lang),
                tip: r.tip(lang),
                link: r.link.as_deref(),
                examples: ExamplesOut { flag: &r.examples.flag, pass: &r.examples.pass },
            })
            .collect();
        out = serde_json::to_string_pretty(&rows).expect("rules serialize");
        out.push('\n');
    } else {
        let header = ["ID", "CATEGORY", "SEVERITY", "KIND", "ORIGIN"];
        let rows: Vec<[&str; 5]> = rules
            .iter()
            .map(|r| [r.id.as_str(), r.category.as_str(), r.severity.as_str(), r.kind.as_str(), origin(r)])
            .collect();
        let mut widths = header.map(str::len);
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |cells: [String; 5]| {
            let mut s = String::new();
            for (i, cell) in cells.iter().enumerate() {
                s.push_str(cell);
                if i + 1 < cells.len() {
                    s.push_str(&" ".repeat(widths[i] + 2 - cells_len(cell)));
                }
            }
            s.trim_end().to_string() + "\n"
        };
        out.push_str(&line(header.map(|h| style.bold(h))));
        for (row, rule) in rows.iter().zip(rules) {
            let mut cells = row.map(str::to_string);
            cells[2] = style.severity(rule.severity, row[2]);
            out.push_str(&line(cells));
        }
    }
    io::stdout().lock().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// A cell's width as shown, ignoring color codes.
fn cells_len(s: &str) -> usize {
    let mut n = 0;
    let mut in_escape = false;
    for c in s.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, _) => n += 1,
        }
    }
    n
}

/// The rule `wanted` names: its id, case aside, or its code (the part before the first `-`).
fn find<'e>(engine: &'e Engine, wanted: &str) -> Option<&'e Rule> {
    if let Some(rule) = engine.rule(wanted) {
        return Some(rule);
    }
    let rules = engine.rules();
    if let Some(rule) = rules.iter().find(|r| r.id.eq_ignore_ascii_case(wanted)) {
        return Some(rule);
    }
    let mut by_code = rules.iter().filter(|r| r.id.split('-').next().is_some_and(|c| c.eq_ignore_ascii_case(wanted)));
    match (by_code.next(), by_code.next()) {
        (Some(rule), None) => Some(rule),
        _ => None,
    }
}

fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

pub fn explain(engine: &Engine, wanted: &str, lang: Lang, policy: Option<&Path>, style: Style) -> Result<ExitCode> {
    let source = policy.map_or_else(|| "the default pack".to_string(), |p| p.display().to_string());
    let Some(rule) = find(engine, wanted) else {
        let near = engine
            .rules()
            .iter()
            .map(|r| (distance(&r.id, wanted).min(distance(r.id.split('-').next().unwrap_or(""), wanted)), &r.id))
            .filter(|(d, _)| *d <= 2)
            .min();
        let mut message = format!("no rule \"{wanted}\" in {source}");
        match near {
            Some((_, id)) => message.push_str(&format!("; did you mean {id}?")),
            None => message.push_str("; `composure rules` lists the rules"),
        }
        return Err(Failure::new(message));
    };
    let index = engine.rules().iter().position(|r| std::ptr::eq(r, rule)).expect("the rule is the engine's");

    let mut out = String::new();
    out.push_str(&style.severity(rule.severity, &rule.id));
    out.push('\n');
    let origin = match rule.origin {
        Origin::Pack(name) => format!("{name} pack"),
        Origin::Policy => format!("policy ({source})"),
    };
    let mut fields = vec![
        ("category", rule.category.clone()),
        ("severity", style.severity(rule.severity, rule.severity.as_str())),
        ("kind", rule.kind.clone()),
        ("origin", origin),
    ];
    if let Some(link) = &rule.link {
        fields.push(("link", link.clone()));
    }
    for (name, value) in fields {
        out.push_str(&format!("  {:<9} {value}\n", format!("{name}:")));
    }
    out.push_str(&format!("\n{} {}\n", style.bold("why:"), rule.message(lang)));
    if let Some(tip) = rule.tip(lang) {
        out.push_str(&format!("{} {tip}\n", style.bold("tip:")));
    }
    let sections =
        [("examples it flags:", &rule.examples.flag, true), ("examples it passes:", &rule.examples.pass, false)];
    for (title, examples, flagged) in sections {
        if examples.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{}\n", style.bold(title)));
        for example in examples {
            let span = flagged
                .then(|| {
                    engine
                        .check(example, &Context { site: None, lang })
                        .into_iter()
                        .find(|f| f.rule_index == index)
                        .map(|f| f.span)
                })
                .flatten();
            example_lines(&mut out, example, span, rule, style);
        }
    }
    io::stdout().lock().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// An example, indented, with carets under what the rule flags in it.
fn example_lines(out: &mut String, text: &str, span: Option<std::ops::Range<usize>>, rule: &Rule, style: Style) {
    let marked = span.map(|s| render::snippet(text, s)).unwrap_or_default();
    let shown: Vec<render::Shown> = render::lines(text)
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            marked
                .iter()
                .find(|m| m.number == i + 1)
                .cloned()
                .unwrap_or_else(|| render::show_line(&text[line], i + 1, None))
        })
        .collect();
    for (i, s) in shown.iter().enumerate() {
        let row = format!("{} {}", if i == 0 { "  -" } else { "   " }, s.text);
        out.push_str(row.trim_end());
        out.push('\n');
        if let Some((col, len)) = s.marks {
            out.push_str(&format!("    {}{}\n", " ".repeat(col), style.severity(rule.severity, &"^".repeat(len))));
        }
    }
}
