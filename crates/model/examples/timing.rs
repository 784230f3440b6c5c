//! Native speed and size figures for the sentence model:
//!
//!     cargo run -p composure-model --release --example timing [MODEL.bin]
//!
//! Prints the file size, the time to read it into a `Model`, and the time per post of 280,
//! 1,000 and 5,000 characters (tokenising and embedding; the fastest of repeated runs).

use composure_model::Model;
use std::time::{Duration, Instant};

const TEXT: &str = "Honestly, the new planning tool is a mess and nobody asked the people who \
actually use it. Eerlijk gezegd snap ik niet waarom we dit zo nodig moesten invoeren, want het \
oude systeem werkte prima. Anyway, coffee first ☕ and then back to the spreadsheets. Wie \
heeft er nog tips? #maandag #werk ";

fn post(chars: usize) -> String {
    TEXT.chars().cycle().take(chars).collect()
}

/// The fastest run: on a shared machine the others measure the neighbours as well.
fn fastest(d: Vec<Duration>) -> Duration {
    d.into_iter().min().unwrap()
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "target/model/composure-use-m.bin".to_string());
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e} (build it with scripts/model)"));
    println!("model file: {} bytes ({:.1} MB)", bytes.len(), bytes.len() as f64 / 1e6);
    let loads: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let m = Model::from_bytes(&bytes).unwrap();
            std::hint::black_box(&m);
            t.elapsed()
        })
        .collect();
    println!("load: {:.1} ms (fastest of 5)", fastest(loads).as_secs_f64() * 1e3);
    let model = Model::from_bytes(&bytes).unwrap();
    for chars in [280, 1000, 5000] {
        let text = post(chars);
        let pieces = model.tokenize(&text).len();
        let runs = if chars > 1000 { 11 } else { 31 };
        let tok: Vec<Duration> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(model.tokenize(&text));
                t.elapsed()
            })
            .collect();
        let emb: Vec<Duration> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(model.embed(&text));
                t.elapsed()
            })
            .collect();
        println!(
            "{chars:>5} chars, {pieces:>4} pieces: embed {:.2} ms (of which tokenize {:.3} ms)",
            fastest(emb).as_secs_f64() * 1e3,
            fastest(tok).as_secs_f64() * 1e3
        );
    }
}
