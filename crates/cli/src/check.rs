//! `composure check TEXT`: the post with carets under each finding, like a compiler.

use std::io::{self, IsTerminal, Read, Write};
use std::process::ExitCode;

use composure_engine::{Finding, Lang, Severity};

use crate::detect::{Checked, Detector};

use crate::render::{self, Shown};
use crate::style::Style;
use crate::{io_message, Failure, Result};

pub fn run(
    detector: &Detector,
    text: Option<&str>,
    lang: Lang,
    site: Option<&str>,
    fail_on: Severity,
    style: Style,
) -> Result<ExitCode> {
    let text = match text {
        Some(text) if text != "-" => text.to_string(),
        _ => read_stdin()?,
    };
    let checked = detector.check(&text, site, lang);
    let mut out = String::new();
    for c in &checked {
        render_finding(&mut out, &text, &c.finding, c.confidence, style);
        out.push('\n');
    }
    let findings: Vec<Finding> = checked.into_iter().map(|c: Checked| c.finding).collect();
    out.push_str(&summary(&findings, style));
    out.push('\n');
    io::stdout().lock().write_all(out.as_bytes())?;
    Ok(if findings.iter().any(|f| f.severity >= fail_on) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn read_stdin() -> Result<String> {
    let mut stdin = io::stdin().lock();
    if stdin.is_terminal() {
        eprintln!("reading the post from stdin; end it with Ctrl-D (or pass it as an argument)");
    }
    let mut bytes = Vec::new();
    stdin.read_to_end(&mut bytes).map_err(|e| Failure::new(format!("cannot read stdin: {}", io_message(&e))))?;
    String::from_utf8(bytes).map_err(|_| Failure::new("cannot read stdin: not valid UTF-8"))
}

/// ```text
/// block[PD004-bsn] A citizen service number identifies someone ...
///  --> 1:13
///   |
/// 1 | Mijn BSN is 111222333
///   |             ^^^^^^^^^
///   = tip: ...
///   = see: https://...
/// ```
pub fn render_finding(out: &mut String, text: &str, f: &Finding, confidence: Option<f32>, style: Style) {
    let (line, col) = render::line_col(text, f.span.start);
    let shown = render::snippet(text, f.span.clone());
    let label = format!("{}[{}]", f.severity.as_str(), f.rule_id);
    out.push_str(&format!("{} {}\n", style.severity(f.severity, &label), style.bold(f.message)));
    let number_width = shown.last().map_or(1, |s| s.number.to_string().len());
    let pad = " ".repeat(number_width);
    out.push_str(&format!("{pad}{} {line}:{col}\n", style.gutter("-->")));
    out.push_str(&format!("{pad} {}\n", style.gutter("|")));
    push_lines(out, &shown, number_width, |carets| style.severity(f.severity, carets), style);
    if let Some(score) = confidence {
        out.push_str(&format!("{pad} {} sentence model: {score:.2}\n", style.gutter("=")));
    }
    if let Some(tip) = f.tip {
        out.push_str(&format!("{pad} {} tip: {tip}\n", style.gutter("=")));
    }
    if let Some(link) = f.link {
        out.push_str(&format!("{pad} {} see: {link}\n", style.gutter("=")));
    }
}

/// `N | line` and `  | ^^^` rows.
pub fn push_lines(
    out: &mut String,
    shown: &[Shown],
    number_width: usize,
    paint: impl Fn(&str) -> String,
    style: Style,
) {
    let pad = " ".repeat(number_width);
    for s in shown {
        let number = format!("{:>number_width$} |", s.number);
        let row = format!("{} {}", style.gutter(&number), s.text);
        out.push_str(row.trim_end());
        out.push('\n');
        if let Some((col, len)) = s.marks {
            out.push_str(&format!("{pad} {} {}{}\n", style.gutter("|"), " ".repeat(col), paint(&"^".repeat(len))));
        }
    }
}

fn summary(findings: &[Finding], style: Style) -> String {
    if findings.is_empty() {
        return style.ok("no findings");
    }
    let counts: Vec<String> = [Severity::Block, Severity::Warn, Severity::Info]
        .into_iter()
        .filter_map(|s| {
            let n = findings.iter().filter(|f| f.severity == s).count();
            (n > 0).then(|| format!("{n} {}", s.as_str()))
        })
        .collect();
    let n = findings.len();
    style.bold(&format!("found {n} finding{}: {}", if n == 1 { "" } else { "s" }, counts.join(", ")))
}
