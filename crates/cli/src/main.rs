//! `composure`: test an organisation's social media policy before rolling it out.
//!
//! Commands: `check` (one post, or JSON lines with `--jsonl`), `audit` (every post of a data
//! export), `eval` (labelled posts), `validate`, `rules`, `explain` and `schema`. Every command
//! has `--help` with examples.
//!
//! Exit codes, the same for every command:
//!
//! - `0`: it ran, and nothing at or above the `--fail-on` severity was found (for
//!   `validate`: the policy is usable; warnings do not fail it).
//! - `1`: `check` or `audit` found something at or above `--fail-on` (default `warn`).
//! - `2`: usage or input error: bad arguments, an unreadable file, a policy with problems,
//!   a `--jsonl` line that is not a JSON object with a `text` string, an unknown rule id,
//!   an export that cannot be read or is not one.
//!   With `--jsonl`, every line is still answered; the exit code says some were bad.

mod audit;
mod check;
mod detect;
mod eval;
mod jsonl;
mod progress;
mod render;
mod rules;
mod style;
mod validate;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use composure_engine::{Engine, Lang, Severity};

use crate::style::Style;

const MAIN_HELP: &str = "\
Examples:
  composure check \"Mijn BSN is 111222333\"
  composure check --policy acme.json --jsonl posts.jsonl > findings.jsonl
  composure eval --policy acme.json labelled.jsonl
  composure audit --policy acme.json twitter-2024-11-01.zip
  composure validate acme.json
  composure rules --policy acme.json
  composure explain PD004-bsn

Without --policy, commands use the built-in default pack.

Exit codes:
  0  ran; nothing at or above --fail-on found (validate: the policy is usable)
  1  check or audit found something at or above --fail-on (default: warn)
  2  usage or input error: bad arguments, unreadable file or export, bad policy, bad JSON line";

const AUDIT_HELP: &str = "\
EXPORT is the data export as the network hands it over: the .zip (Mastodon before 4.2:
the .tar.gz), or the folder it unpacks to. Which network it is comes from the files inside:
  X            data/tweets.js (older: data/tweet.js; also tweets-part1.js ...), data/account.js
  Facebook     your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_N.json
               or posts/your_posts_N.json, and comments_and_reactions/comments.json
  LinkedIn     Shares.csv, Comments.csv
  Mastodon     outbox.json
  Reddit       posts.csv, comments.csv
Retweets and boosts are left out; media is never read.

Prints each post with findings (date, link, the text with carets under each finding), then
a summary by category and year. --jsonl prints one JSON line per post with findings instead:
  {\"network\":\"x\",\"id\":\"1050118621198921728\",\"date\":\"2018-10-10T20:19:24Z\",
   \"url\":\"https://x.com/jan/status/1050118621198921728\",\"text\":\"...\",
   \"findings\":[{\"rule\":\"EC001-insult-near-employer\",\"category\":\"employer-criticism\",
   \"severity\":\"warn\",\"start\":26,\"end\":45,\"message\":\"...\"}]}
id and url are null where the export has none; start and end count UTF-16 code units of text.
What could not be read is reported on stderr; the rest is still checked.

Examples:
  composure audit twitter-2024-11-01.zip
  composure audit --policy acme.json --lang nl facebook-jan-2024.zip
  composure audit --jsonl --fail-on block archive-20230201.tar.gz > findings.jsonl

Exit codes:
  0  nothing at or above --fail-on found
  1  something at or above --fail-on found (default: warn)
  2  the export cannot be read or is not one (the message names the file and what was
     expected), or a usage error or bad policy";

const CHECK_HELP: &str = "\
Examples:
  composure check \"Mijn BSN is 111222333\"
  echo \"Project Falcon ships Monday\" | composure check --policy acme.json
  composure check --lang nl --site x.com --fail-on block - < post.txt
  composure check --policy acme.json --jsonl posts.jsonl > findings.jsonl

--jsonl reads one JSON object per line, with a \"text\" string; \"site\" is used as the
site, and every field but \"text\" is passed through. It writes one line per input line:
  {\"id\":1,\"findings\":[{\"rule\":\"PD004-bsn\",\"category\":\"personal-data\",
   \"severity\":\"block\",\"start\":12,\"end\":21,\"message\":\"...\"}]}
start and end count UTF-16 code units, as JavaScript does. A bad line gets
{\"id\":...,\"error\":\"line N: ...\"}; the others are still checked, and the exit code is 2.

Exit codes:
  0  nothing at or above --fail-on found
  1  something at or above --fail-on found (default: warn)
  2  usage or input error: unreadable file, bad policy, bad JSON line";

const EVAL_HELP: &str = "\
Reads one JSON object per line with \"text\" and \"labels\" (the categories a careful
reader would warn about; [] for a benign post), and optionally \"lang\" (en, nl) and
\"site\". Prints, per category and language, how many labelled posts were flagged for it
(recall) and how many flagged posts were labelled with it (precision), the share of benign
posts that got a warning, then the misses and false alarms behind those figures.

A post is flagged for a category by a finding of that category at --min-severity or above
(default warn: an info is not a warning).

Examples:
  composure eval labelled.jsonl
  composure eval --policy acme.json --json labelled.jsonl | jq '.categories[]'

Exit codes:
  0  evaluated
  2  usage or input error (unreadable file, bad policy, a line without text or labels,
     an unknown category)";

const VALIDATE_HELP: &str = "\
Parses the policy, compiles every rule and runs every rule's examples; lists every
problem with where it is (line and column, or a path such as rules[2].match.pattern)
and the rule's id. Also warns about things that are allowed but probably unintended.

Examples:
  composure validate acme.json
  composure validate acme.json && cp acme.json /srv/policy/

Exit codes:
  0  the policy is usable (warnings do not fail it)
  2  the policy has problems, or the file cannot be read";

const RULES_HELP: &str = "\
Examples:
  composure rules
  composure rules --policy acme.json
  composure rules --policy acme.json --lang nl --json | jq '.[] | .id'

Exit codes:
  0  listed
  2  usage or input error (unreadable file, bad policy)";

const EXPLAIN_HELP: &str = "\
RULE_ID may be the full id (PD004-bsn) or its code (PD004).

Examples:
  composure explain PD004-bsn
  composure explain --policy acme.json --lang nl ACME001

Exit codes:
  0  explained
  2  usage or input error (unknown rule, unreadable file, bad policy)";

const SCHEMA_HELP: &str = "\
Point editors at it with \"$schema\" in the policy for completion and checking.

Examples:
  composure schema > policy.schema.json

Exit codes:
  0  printed";

/// Test an organisation's social media policy against posts before rolling it out.
#[derive(Debug, Parser)]
#[command(name = "composure", version, after_help = MAIN_HELP)]
struct Cli {
    /// When to use color: auto (stdout is a terminal and NO_COLOR is unset), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a post (or JSON lines of posts) against a policy.
    #[command(after_help = CHECK_HELP)]
    Check(CheckArgs),
    /// Measure a policy on labelled posts: recall, precision, benign posts warned.
    #[command(after_help = EVAL_HELP)]
    Eval(EvalArgs),
    /// Check every post of a data export from X, Facebook, LinkedIn, Mastodon or Reddit.
    #[command(after_help = AUDIT_HELP)]
    Audit(AuditArgs),
    /// Check a policy file: syntax, rules, examples.
    #[command(after_help = VALIDATE_HELP)]
    Validate(ValidateArgs),
    /// List the rules of a policy.
    #[command(after_help = RULES_HELP)]
    Rules(RulesArgs),
    /// Show a rule's documentation: why, tip, link and examples.
    #[command(after_help = EXPLAIN_HELP)]
    Explain(ExplainArgs),
    /// Print the JSON Schema of the policy format.
    #[command(after_help = SCHEMA_HELP)]
    Schema,
}

#[derive(Debug, clap::Args)]
struct PolicyArgs {
    /// The policy file (JSON). Default: the built-in default pack.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Language of the messages. Default: from LC_ALL, LC_MESSAGES or LANG, else en.
    #[arg(long, value_enum, value_name = "LANG")]
    lang: Option<LangArg>,
}

#[derive(Debug, clap::Args)]
struct ModelArgs {
    /// The sentence model file. Default: $COMPOSURE_MODEL, else composure-use-m.bin beside
    /// this program, else the build tree's target/model/ (scripts/model builds it).
    #[arg(long, value_name = "FILE", conflicts_with = "no_model")]
    model: Option<PathBuf>,
    /// Check with the rules only, without the sentence model.
    #[arg(long)]
    no_model: bool,
}

impl ModelArgs {
    fn choice(&self) -> detect::ModelChoice<'_> {
        detect::ModelChoice { path: self.model.as_deref(), disabled: self.no_model }
    }
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    policy: PolicyArgs,
    #[command(flatten)]
    model: ModelArgs,
    /// The host name of the site the post is for (rules with `sites` only apply there).
    #[arg(long, value_name = "HOST")]
    site: Option<String>,
    /// Exit with 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value_t = SeverityArg::Warn, value_name = "SEVERITY")]
    fail_on: SeverityArg,
    /// Read JSON lines from FILE ("-": stdin) and write one JSON line of findings per line.
    #[arg(long, value_name = "FILE", conflicts_with = "text")]
    jsonl: Option<String>,
    /// The post to check; "-" or nothing reads it from stdin.
    #[arg(value_name = "TEXT")]
    text: Option<String>,
}

#[derive(Debug, clap::Args)]
struct EvalArgs {
    /// The policy file (JSON). Default: the built-in default pack.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    #[command(flatten)]
    model: ModelArgs,
    /// The least severe finding that counts as a warning.
    #[arg(long, value_enum, default_value_t = SeverityArg::Warn, value_name = "SEVERITY")]
    min_severity: SeverityArg,
    /// Print the figures, misses and false alarms as one JSON object.
    #[arg(long)]
    json: bool,
    /// How many misses to list per category (and twice as many false alarms).
    #[arg(long, default_value_t = 5, value_name = "N")]
    show: usize,
    /// The labelled posts (JSON lines).
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

#[derive(Debug, clap::Args)]
struct AuditArgs {
    #[command(flatten)]
    policy: PolicyArgs,
    /// Exit with 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value_t = SeverityArg::Warn, value_name = "SEVERITY")]
    fail_on: SeverityArg,
    /// Write one JSON line per post with findings instead of the report.
    #[arg(long)]
    jsonl: bool,
    /// The export: a .zip, a .tar.gz, or the folder it unpacks to.
    #[arg(value_name = "EXPORT")]
    export: PathBuf,
}

#[derive(Debug, clap::Args)]
struct ValidateArgs {
    /// The policy file (JSON).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[command(flatten)]
    model: ModelArgs,
}

#[derive(Debug, clap::Args)]
struct RulesArgs {
    #[command(flatten)]
    policy: PolicyArgs,
    /// Print JSON (an array of rules) instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct ExplainArgs {
    /// The rule's id, or its code (the part before the first '-').
    #[arg(value_name = "RULE_ID")]
    rule: String,
    #[command(flatten)]
    policy: PolicyArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    En,
    Nl,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SeverityArg {
    Info,
    Warn,
    Block,
}

impl SeverityArg {
    fn severity(self) -> Severity {
        match self {
            SeverityArg::Info => Severity::Info,
            SeverityArg::Warn => Severity::Warn,
            SeverityArg::Block => Severity::Block,
        }
    }
}

/// Why a command could not do its job: each line is printed as `error: LINE`, exit code 2.
#[derive(Debug)]
pub enum Failure {
    Errors(Vec<String>),
    /// Whoever reads our output has gone (`| head`): stop quietly.
    BrokenPipe,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Failure {
        Failure::Errors(vec![message.into()])
    }
}

impl From<io::Error> for Failure {
    /// Only for errors writing to stdout; reading errors name their input.
    fn from(e: io::Error) -> Failure {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::new(format!("cannot write the output: {}", io_message(&e)))
        }
    }
}

pub type Result<T> = std::result::Result<T, Failure>;

/// An I/O error's message, lowercase and without the OS error number.
pub fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "is a directory, not a file".into(),
        io::ErrorKind::InvalidData => "not valid UTF-8".into(),
        _ => {
            let text = e.to_string();
            let text = match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            };
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

/// Reads a whole file as UTF-8 (without a byte order mark), with an error that names it.
pub fn read_file(path: &Path) -> Result<String> {
    let mut text = std::fs::read_to_string(path)
        .map_err(|e| Failure::new(format!("cannot read {}: {}", path.display(), io_message(&e))))?;
    if text.starts_with('\u{FEFF}') {
        text.drain(..3); // Notepad's UTF-8 BOM; JSON parsers refuse it.
    }
    Ok(text)
}

/// The policy's engine (or the default pack's); a bad policy lists all its problems.
pub fn load_engine(policy: Option<&Path>) -> Result<Engine> {
    let Some(path) = policy else {
        return Ok(Engine::default_pack());
    };
    let json = read_file(path)?;
    Engine::from_json(&json).map_err(|e| validate::refused(path, &e))
}

/// `--lang`, else the environment's language (LC_ALL, LC_MESSAGES, LANG), else English.
fn lang(arg: Option<LangArg>) -> Lang {
    match arg {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Nl) => Lang::Nl,
        None => ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|var| std::env::var(var).ok().filter(|v| !v.is_empty()))
            .map(|tag| Lang::from_tag(&tag))
            .unwrap_or(Lang::En),
    }
}

fn style(choice: ColorChoice) -> Style {
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && !matches!(std::env::var_os("NO_COLOR"), Some(v) if !v.is_empty())
        }
    };
    Style { color }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let style = style(cli.color);
    match cli.command {
        Command::Check(args) => {
            let engine = load_engine(args.policy.policy.as_deref())?;
            let encoder = detect::load_encoder(&args.model.choice())?;
            let detector = detect::Detector::new(&engine, encoder.as_ref(), args.policy.policy.as_deref())?;
            let lang = lang(args.policy.lang);
            let fail_on = args.fail_on.severity();
            let site = args.site.as_deref();
            match &args.jsonl {
                Some(input) => jsonl::run(&detector, input, lang, site, fail_on),
                None => check::run(&detector, args.text.as_deref(), lang, site, fail_on, style),
            }
        }
        Command::Eval(args) => {
            let engine = load_engine(args.policy.as_deref())?;
            let encoder = detect::load_encoder(&args.model.choice())?;
            let detector = detect::Detector::new(&engine, encoder.as_ref(), args.policy.as_deref())?;
            let policy_name = match &args.policy {
                Some(path) => format!("policy {}", path.display()),
                None => "the built-in default pack".to_string(),
            };
            let policy_name = format!(
                "{policy_name}, {}",
                if detector.uses_model() { "rules and sentence model" } else { "rules only" }
            );
            let options = eval::Options {
                min_severity: args.min_severity.severity(),
                json: args.json,
                show: args.show,
                policy_name: &policy_name,
            };
            eval::run(&detector, &args.file, &options)
        }
        Command::Audit(args) => {
            let engine = load_engine(args.policy.policy.as_deref())?;
            let options = audit::Options {
                lang: lang(args.policy.lang),
                fail_on: args.fail_on.severity(),
                jsonl: args.jsonl,
                style,
            };
            audit::run(&engine, &args.export, &options)
        }
        Command::Validate(args) => validate::run(&args.file, &args.model.choice()),
        Command::Rules(args) => {
            let engine = load_engine(args.policy.policy.as_deref())?;
            rules::list(&engine, lang(args.policy.lang), args.json, style)
        }
        Command::Explain(args) => {
            let engine = load_engine(args.policy.policy.as_deref())?;
            rules::explain(&engine, &args.rule, lang(args.policy.lang), args.policy.policy.as_deref(), style)
        }
        Command::Schema => {
            let schema = schemars::schema_for!(composure_engine::Policy);
            let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
            text.push('\n');
            io::stdout().lock().write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(Failure::Errors(lines)) => {
            let mut err = io::stderr().lock();
            for line in lines {
                let mut parts = line.lines();
                let _ = writeln!(err, "error: {}", parts.next().unwrap_or(""));
                for more in parts {
                    let _ = writeln!(err, "  {more}");
                }
            }
            ExitCode::from(2)
        }
    }
}
