//! `composure check --jsonl FILE`: one JSON object per line in, one per line out, in order.
//!
//! In: `{"id": 1, "site": "x.com", "text": "..."}`; every field but `text` is passed through
//! as written and in its order, and `site` is the site the post is checked for. Out:
//! `{"id": 1, "site": "x.com", "findings": [{"rule", "category", "severity", "start", "end",
//! "message"}]}` with `start`/`end` in UTF-16 code units. A bad line gets
//! `{"id": ..., "error": "line N: ..."}` and the run goes on. Blank lines are skipped.
//!
//! Streaming: the engine is built once, lines are read and written through buffers, and
//! the output is flushed whenever no more input is waiting, so a pipe gets its answers.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::marker::PhantomData;
use std::process::ExitCode;

use composure_engine::utf16::byte_to_utf16_offsets;
use composure_engine::{Lang, RawFinding, Severity};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::detect::Detector;
use crate::progress::Progress;
use crate::{io_message, Failure, Result};

pub fn run(detector: &Detector, input: &str, lang: Lang, site: Option<&str>, fail_on: Severity) -> Result<ExitCode> {
    let (name, source, size): (String, Box<dyn Read>, Option<u64>) = if input == "-" {
        ("stdin".into(), Box::new(io::stdin()), None)
    } else {
        let file = File::open(input).map_err(|e| Failure::new(format!("cannot read {input}: {}", io_message(&e))))?;
        let meta = file.metadata().map_err(|e| Failure::new(format!("cannot read {input}: {}", io_message(&e))))?;
        if meta.is_dir() {
            return Err(Failure::new(format!("cannot read {input}: is a directory, not a file")));
        }
        let size = meta.is_file().then_some(meta.len());
        (input.to_string(), Box::new(file), size)
    };
    let mut reader = BufReader::with_capacity(1 << 16, source);
    let mut progress = Progress::new(&name, size);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut state = State { detector, lang, site, raw: Vec::new(), offsets: Vec::new(), line: Vec::new() };

    let mut buf = Vec::new();
    let mut number = 0usize;
    let (mut bad, mut worst) = (0usize, None::<Severity>);
    loop {
        buf.clear();
        let read = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Failure::new(format!("cannot read {name}: {}", io_message(&e))))?;
        if read == 0 {
            break;
        }
        number += 1;
        progress.line(read);
        let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line = if number == 1 { line.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(line) } else { line };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match state.answer(line, number) {
            Ok(severity) => worst = worst.max(severity),
            Err(()) => bad += 1,
        }
        out.write_all(&state.line)?;
        if reader.buffer().is_empty() {
            out.flush()?; // Nothing more waiting (or the end): let whoever reads us see it.
        }
    }
    out.flush()?;
    progress.finish();
    if bad > 0 {
        let (lines, their) = if bad == 1 { ("line", "its") } else { ("lines", "their") };
        return Err(Failure::new(format!(
            "{bad} {lines} of {name} could not be checked; see {their} \"error\" field in the output"
        )));
    }
    Ok(if worst.is_some_and(|w| w >= fail_on) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

struct State<'e, 's> {
    detector: &'e Detector<'e>,
    lang: Lang,
    site: Option<&'s str>,
    raw: Vec<(RawFinding, Option<f32>)>,
    offsets: Vec<usize>,
    /// The output line being written.
    line: Vec<u8>,
}

/// A finding as `--jsonl` writes it (`check` and `audit` alike).
#[derive(Serialize)]
pub struct FindingOut<'a> {
    pub rule: &'a str,
    pub category: &'a str,
    pub severity: &'a str,
    /// UTF-16 code units.
    pub start: usize,
    pub end: usize,
    pub message: &'a str,
    /// The sentence model's score, for its findings only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

impl State<'_, '_> {
    /// Checks one line and writes its answer to `self.line`: `Ok` with the worst severity
    /// found, or `Err` when the line was bad (and the answer is an error).
    fn answer(&mut self, line: &[u8], number: usize) -> std::result::Result<Option<Severity>, ()> {
        self.line.clear();
        let Ok(line) = std::str::from_utf8(line) else {
            self.error(None, &format!("line {number}: not valid UTF-8"));
            return Err(());
        };
        let fields: Fields = match serde_json::from_str(line) {
            Ok(fields) => fields,
            Err(e) => {
                let message = serde_message(&e);
                let message = if e.is_data() {
                    format!("line {number}: {message}")
                } else {
                    format!("line {number}: not valid JSON: {message} at column {}", e.column())
                };
                self.error(None, &message);
                return Err(());
            }
        };
        let field = |key: &str| fields.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| *v);
        let id = field("id");
        let Some(text) = field("text") else {
            self.error(id, &format!("line {number}: no \"text\" field"));
            return Err(());
        };
        let Ok(text) = serde_json::from_str::<String>(text.get()) else {
            self.error(id, &format!("line {number}: \"text\" is not a string"));
            return Err(());
        };
        let site = match field("site").map(|s| serde_json::from_str::<Option<String>>(s.get())) {
            None | Some(Ok(None)) => None,
            Some(Ok(Some(site))) => Some(site),
            Some(Err(_)) => {
                self.error(id, &format!("line {number}: \"site\" is not a string"));
                return Err(());
            }
        };

        self.raw.clear();
        self.detector.check_raw(&text, site.as_deref().or(self.site), &mut self.raw);
        self.offsets.clear();
        for (f, _) in &self.raw {
            self.offsets.extend([f.start, f.end]);
        }
        byte_to_utf16_offsets(&text, &mut self.offsets);

        let out = &mut self.line;
        out.push(b'{');
        for (key, value) in &fields.0 {
            if key == "text" || key == "findings" {
                continue;
            }
            serde_json::to_writer(&mut *out, key).expect("writing to a Vec");
            out.push(b':');
            out.extend_from_slice(value.get().as_bytes());
            out.push(b',');
        }
        out.extend_from_slice(b"\"findings\":[");
        let mut worst = None;
        let rules = self.detector.engine().rules();
        for (i, ((f, confidence), span)) in self.raw.iter().zip(self.offsets.chunks_exact(2)).enumerate() {
            let rule = &rules[f.rule_index];
            worst = worst.max(Some(rule.severity));
            if i > 0 {
                out.push(b',');
            }
            let finding = FindingOut {
                rule: &rule.id,
                category: &rule.category,
                severity: rule.severity.as_str(),
                start: span[0],
                end: span[1],
                message: rule.message(self.lang),
                confidence: confidence.map(|c| (c * 1000.0).round() / 1000.0),
            };
            serde_json::to_writer(&mut *out, &finding).expect("writing to a Vec");
        }
        out.extend_from_slice(b"]}\n");
        Ok(worst)
    }

    fn error(&mut self, id: Option<&RawValue>, message: &str) {
        self.line.clear();
        self.line.extend_from_slice(b"{\"id\":");
        self.line.extend_from_slice(id.map_or("null", |v| v.get()).as_bytes());
        self.line.extend_from_slice(b",\"error\":");
        serde_json::to_writer(&mut self.line, message).expect("writing to a Vec");
        self.line.extend_from_slice(b"}\n");
    }
}

/// serde_json's message without its " at line L column C".
fn serde_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// A JSON object's fields in their order, values as written.
struct Fields<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct FieldsVisitor<'a>(PhantomData<&'a ()>);
        impl<'de> Visitor<'de> for FieldsVisitor<'de> {
            type Value = Fields<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object with a \"text\" field")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Fields<'de>, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                    fields.push(entry);
                }
                Ok(Fields(fields))
            }
        }
        deserializer.deserialize_map(FieldsVisitor(PhantomData))
    }
}
