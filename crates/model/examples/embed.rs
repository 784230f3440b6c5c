//! Embeds posts in bulk, for training and evaluating what sits on top of the model:
//!
//!     cargo run -p composure-model --release --example embed < posts.jsonl > vectors.jsonl
//!
//! Reads JSON lines with a `text` field (other fields are ignored) and writes, for each, a
//! JSON line `{"line": N, "pieces": P, "embedding": [512 numbers]}`, in input order. The model
//! file is `target/model/composure-use-m.bin` or the path given as the first argument.
//! A line that is not JSON with a string `text` stops the run with its line number.

use composure_model::Model;
use std::io::{BufRead, BufWriter, Write};

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "target/model/composure-use-m.bin".to_string());
    let bytes = std::fs::read(&path).unwrap_or_else(|e| fail(&format!("{path}: {e} (build it with scripts/model)")));
    let model = Model::from_bytes(&bytes).unwrap_or_else(|e| fail(&format!("{path}: {e}")));
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for (i, line) in std::io::stdin().lock().lines().enumerate() {
        let n = i + 1;
        let line = line.unwrap_or_else(|e| fail(&format!("stdin line {n}: {e}")));
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| fail(&format!("stdin line {n}: not JSON: {e}")));
        let text = value
            .get("text")
            .and_then(|t| t.as_str())
            .unwrap_or_else(|| fail(&format!("stdin line {n}: no string field \"text\"")));
        let ids = model.tokenize(text);
        let embedding = model.embed_ids(&ids);
        let row = serde_json::json!({ "line": n, "pieces": ids.len(), "embedding": embedding.to_vec() });
        writeln!(out, "{row}").unwrap_or_else(|e| fail(&format!("stdout: {e}")));
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("embed: {msg}");
    std::process::exit(1)
}
