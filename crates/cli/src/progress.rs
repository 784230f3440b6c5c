//! A progress bar on stderr for long runs (`check --jsonl`, `audit`): only when stderr is a
//! terminal and the input is a file of more than 1 MB or 1000 lines (posts). Measured in bytes
//! of the file read (for `audit`, of the export's files with posts, compressed).

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

const MIN_BYTES: u64 = 1_000_000;
const MIN_LINES: u64 = 1000;
const EVERY: Duration = Duration::from_millis(100);
const BAR: usize = 30;

pub struct Progress {
    label: String,
    /// The file's size; `None`: no bar (stdin, or stderr is not a terminal).
    total: Option<u64>,
    done: u64,
    lines: u64,
    /// What is counted: "lines", "posts".
    unit: &'static str,
    visible: bool,
    last: Instant,
}

impl Progress {
    pub fn new(label: &str, file_size: Option<u64>) -> Progress {
        Progress::counting(label, file_size, "lines")
    }

    pub fn counting(label: &str, file_size: Option<u64>, unit: &'static str) -> Progress {
        let total = file_size.filter(|_| io::stderr().is_terminal());
        Progress { label: label.to_string(), total, done: 0, lines: 0, unit, visible: false, last: Instant::now() }
    }

    /// One line of `bytes` bytes was read.
    pub fn line(&mut self, bytes: usize) {
        self.set(self.done + bytes as u64, self.lines + 1);
    }

    /// `done` bytes and `count` lines (posts) read so far.
    pub fn set(&mut self, done: u64, count: u64) {
        let Some(total) = self.total else { return };
        self.done = done;
        self.lines = count;
        if !self.visible {
            if total <= MIN_BYTES && self.lines <= MIN_LINES {
                return;
            }
            self.visible = true;
        } else if self.last.elapsed() < EVERY {
            return;
        }
        self.last = Instant::now();
        let fraction = if total == 0 { 1.0 } else { (self.done as f64 / total as f64).min(1.0) };
        let filled = (fraction * BAR as f64) as usize;
        let bar = format!("{}{}", "=".repeat(filled), " ".repeat(BAR - filled));
        let mut err = io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2Kchecking {} [{bar}] {:>3}% {} {}",
            self.label,
            (fraction * 100.0) as u32,
            self.lines,
            self.unit
        );
        let _ = err.flush();
    }

    /// Clears the bar.
    pub fn finish(&mut self) {
        if self.visible {
            let mut err = io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.visible = false;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
