//! The data-export reader for the extension's **Audit my posts** page: the person picks their
//! export, the page hands its bytes to `ExportReader`, takes the posts in batches (so it can
//! show progress and check them with the engine's own wasm as they come), and asks at the
//! end what could not be read. Nothing leaves the page.
//!
//! Posts cross as JSON: `[{"network","id","date","url","text"}]`, the shape of
//! `composure audit --jsonl` without the findings, which the page adds with the engine.

use composure_exports::{Export, Network, Posts, Report};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct ExportReader {
    posts: Option<Posts>,
    name: String,
}

#[derive(Serialize)]
struct PostOut<'a> {
    network: &'a str,
    id: Option<&'a str>,
    date: &'a str,
    url: Option<&'a str>,
    text: &'a str,
}

#[derive(Serialize)]
struct FileOut<'a> {
    name: &'a str,
    network: Option<&'a str>,
    posts: u64,
    #[serde(rename = "leftOut")]
    left_out: u64,
    problems: &'a [String],
    #[serde(rename = "problemCount")]
    problem_count: u64,
    stopped: Option<&'a str>,
}

#[derive(Serialize)]
struct ReportOut<'a> {
    posts: u64,
    networks: Vec<&'static str>,
    files: Vec<FileOut<'a>>,
}

fn report_json(report: &Report) -> String {
    let out = ReportOut {
        posts: report.posts(),
        networks: report.networks().into_iter().map(Network::as_str).collect(),
        files: report
            .files
            .iter()
            .map(|f| FileOut {
                name: &f.name,
                network: f.network.map(Network::as_str),
                posts: f.posts,
                left_out: f.left_out,
                problems: &f.problems,
                problem_count: f.problem_count,
                stopped: f.stopped.as_deref(),
            })
            .collect(),
    };
    serde_json::to_string(&out).expect("a report serializes")
}

#[wasm_bindgen]
impl ExportReader {
    /// Opens the export (a zip, a `.tar.gz`, or one export file such as `outbox.json`).
    /// Throws an error naming the file and what was expected when it is not one.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: Vec<u8>, name: &str) -> Result<ExportReader, String> {
        let export = Export::from_bytes(bytes, name).map_err(|e| e.to_string())?;
        Ok(ExportReader { posts: Some(export.posts()), name: name.to_string() })
    }

    /// Up to `max` further posts, as a JSON array; `[]` once all are read.
    #[wasm_bindgen(js_name = nextBatch)]
    pub fn next_batch(&mut self, max: usize) -> String {
        let Some(posts) = self.posts.as_mut() else { return "[]".into() };
        let batch: Vec<_> = posts.by_ref().take(max).collect();
        let out: Vec<PostOut> = batch
            .iter()
            .map(|p| PostOut {
                network: p.network.as_str(),
                id: p.id.as_deref(),
                date: &p.date,
                url: p.url.as_deref(),
                text: &p.text,
            })
            .collect();
        serde_json::to_string(&out).expect("posts serialize")
    }

    /// `[bytesRead, totalBytes]` of the export's files with posts (total -1 when unknown).
    pub fn progress(&self) -> Vec<f64> {
        match &self.posts {
            Some(posts) => {
                let (read, total) = posts.progress();
                vec![read as f64, total.map_or(-1.0, |t| t as f64)]
            }
            None => vec![0.0, 0.0],
        }
    }

    /// What was read and what was skipped, as JSON (`{"posts","networks","files":[...]}`).
    /// Throws when the export turned out not to be one (a `.tar.gz` without an export file).
    pub fn finish(&mut self) -> Result<String, String> {
        let posts = self.posts.take().ok_or_else(|| format!("{}: already finished", self.name))?;
        let report = posts.finish().map_err(|e| e.to_string())?;
        Ok(report_json(&report))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_in_batches_then_the_report() {
        let outbox =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../cli/tests/fixtures/exports/mastodon/outbox.json"))
                .unwrap();
        let mut reader = ExportReader::new(outbox, "outbox.json").unwrap();
        let first: serde_json::Value = serde_json::from_str(&reader.next_batch(2)).unwrap();
        assert_eq!(first.as_array().unwrap().len(), 2);
        assert_eq!(first[0]["network"], "mastodon");
        assert_eq!(first[0]["url"], "https://mastodon.example/@jan/109000000000000001");
        assert_eq!(first[1]["text"], "Nice weather for a walk today. Photos later!");
        let rest: serde_json::Value = serde_json::from_str(&reader.next_batch(100)).unwrap();
        assert_eq!(rest.as_array().unwrap().len(), 1);
        assert_eq!(reader.next_batch(100), "[]");
        let report: serde_json::Value = serde_json::from_str(&reader.finish().unwrap()).unwrap();
        assert_eq!(report["posts"], 3);
        assert_eq!(report["files"][0]["leftOut"], 1);
        assert!(reader.finish().is_err());
    }

    #[test]
    fn not_an_export_names_the_file() {
        let e = ExportReader::new(b"shopping list".to_vec(), "notes.txt").err().unwrap();
        assert!(e.starts_with("notes.txt: not a data export"), "{e}");
    }
}
