//! Running the built `composure` and comparing its output with golden files.
//!
//! Golden files live in `tests/snapshots/NAME.txt` and hold the command, its exit code,
//! stdout and stderr. They are compared exactly. After an intended change, regenerate them
//! with `COMPOSURE_BLESS=1 cargo test -p composure-cli` and review the diff before
//! committing; with `CI` set, blessing is refused so CI never writes snapshots.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_composure");

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The command with a clean environment: English, no color settings, run from the crate's
/// directory so fixture paths in the output are short and stable.
pub fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(manifest_dir())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("NO_COLOR");
    cmd
}

pub fn run(args: &[&str], stdin: Option<&str>) -> Output {
    run_with(command(args), stdin.map(|s| s.as_bytes().to_vec()))
}

pub fn run_with(mut cmd: Command, stdin: Option<Vec<u8>>) -> Output {
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("composure runs");
    let writer = stdin.map(|input| {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        })
    });
    let out = child.wait_with_output().expect("composure finishes");
    if let Some(w) = writer {
        w.join().expect("stdin writer");
    }
    Output {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs the command and compares everything it did with `tests/snapshots/NAME.txt`.
pub fn snapshot(name: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let out = run(args, stdin);
    let mut doc = format!("$ composure {}\n", shell_words(args));
    if let Some(input) = stdin {
        doc.push_str("--- stdin\n");
        doc.push_str(input);
        if !input.ends_with('\n') {
            doc.push_str("\n[no newline at end]\n");
        }
    }
    doc.push_str(&format!("--- exit code: {}\n--- stdout\n{}--- stderr\n{}", out.code, out.stdout, out.stderr));
    assert_golden(name, &doc);
    out
}

fn shell_words(args: &[&str]) -> String {
    args.iter()
        .map(|a| {
            if !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=@".contains(c)) {
                a.to_string()
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn snapshot_path(name: &str) -> PathBuf {
    manifest_dir().join("tests/snapshots").join(format!("{name}.txt"))
}

pub fn assert_golden(name: &str, actual: &str) {
    let path = snapshot_path(name);
    let bless = std::env::var_os("COMPOSURE_BLESS").is_some_and(|v| v == "1");
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    let expected = std::fs::read_to_string(&path).ok();
    if expected.as_deref() == Some(actual) {
        return;
    }
    if bless && !in_ci {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        eprintln!("wrote {}", path.display());
        return;
    }
    let how = "regenerate with `COMPOSURE_BLESS=1 cargo test -p composure-cli` (not in CI) and review the diff";
    match expected {
        None => panic!("no snapshot {}; {how}\n--- actual\n{actual}", path.display()),
        Some(expected) => panic!("{} differs; {how}\n{}", path.display(), diff(&expected, actual)),
    }
}

/// A line diff, good enough to see what changed.
fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    // Longest common subsequence table, then walk it.
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&format!("  {}\n", a[i]));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push_str(&format!("+ {}\n", b[j]));
            j += 1;
        } else {
            out.push_str(&format!("- {}\n", a[i]));
            i += 1;
        }
    }
    if expected.ends_with('\n') != actual.ends_with('\n') {
        out.push_str("(the final newline differs)\n");
    }
    out
}
