//! Sentence vectors for `scripts/train`, from the same Rust encoder the CLI and the extension
//! run, so the heads are fitted on exactly the vectors they will see:
//!
//!     embed MODEL.bin < posts.jsonl > vectors.f32
//!
//! Reads one JSON object per line with a `text` string; writes, per line, the 512 values of
//! its vector as little-endian f32, in order.

use std::io::{BufRead, Write};

use composure_model::Model;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "target/model/composure-use-m.bin".to_string());
    let bytes = std::fs::read(&path)
        .unwrap_or_else(|e| fail(&format!("cannot read {path}: {e} (build it with scripts/model)")));
    let model = Model::from_bytes(&bytes).unwrap_or_else(|e| fail(&format!("{path}: {e}")));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (number, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.unwrap_or_else(|e| fail(&format!("stdin: {e}")));
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| fail(&format!("line {}: {e}", number + 1)));
        let Some(text) = value.get("text").and_then(|t| t.as_str()) else {
            fail(&format!("line {}: no \"text\" string", number + 1))
        };
        for x in model.embed(text) {
            out.write_all(&x.to_le_bytes()).unwrap_or_else(|e| fail(&format!("stdout: {e}")));
        }
    }
    out.flush().unwrap_or_else(|e| fail(&format!("stdout: {e}")));
}

fn fail(message: &str) -> ! {
    eprintln!("embed: {message}");
    std::process::exit(2)
}
