//! ANSI colors, only when asked for (a terminal without NO_COLOR, or `--color always`).

use composure_engine::Severity;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn severity(self, severity: Severity, text: &str) -> String {
        let code = match severity {
            Severity::Block => "1;31",
            Severity::Warn => "1;33",
            Severity::Info => "1;36",
        };
        self.paint(code, text)
    }

    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    /// Line numbers, `|`, `-->`.
    pub fn gutter(self, text: &str) -> String {
        self.paint("1;34", text)
    }

    pub fn ok(self, text: &str) -> String {
        self.paint("1;32", text)
    }
}
