//! The `regex` matcher: a policy's own regular expressions, on the original text.
//!
//! All regex rules share one `RegexSet` pass that says which of them match at all; only those
//! are then run for positions. Policies come from IT and may be wrong, so every pattern gets
//! size and nesting limits, and the `regex` crate's matching is linear in the text: no
//! pattern can hang a browser tab.

use std::ops::Range;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

/// Limits for one compiled pattern. Generous for real policies (a list of a few hundred
/// words in one alternation fits), small enough that a bad policy cannot exhaust memory.
pub(crate) const SIZE_LIMIT: usize = 2 * 1024 * 1024;
pub(crate) const NEST_LIMIT: u32 = 64;
pub(crate) const MAX_PATTERN_LEN: usize = 20_000;

/// From this many regex rules on, one `RegexSet` pass first says which can match at all.
/// Below it, running each regex costs less than compiling every pattern a second time.
const SET_FROM: usize = 16;

#[derive(Debug, Clone, Default)]
pub(crate) struct RegexRules {
    /// Present from `SET_FROM` rules on.
    set: Option<RegexSet>,
    /// For each pattern in the set: the rule it belongs to and its compiled regex.
    rules: Vec<(usize, Regex)>,
}

/// Compiles one pattern with the engine's limits; the error says what is wrong.
pub(crate) fn compile(pattern: &str) -> Result<Regex, String> {
    if pattern.len() > MAX_PATTERN_LEN {
        return Err(format!("regex is {} bytes long; the limit is {MAX_PATTERN_LEN}", pattern.len()));
    }
    if pattern.is_empty() {
        return Err("regex is empty".into());
    }
    let re = RegexBuilder::new(pattern).size_limit(SIZE_LIMIT).nest_limit(NEST_LIMIT).build().map_err(|e| match e {
        regex::Error::CompiledTooBig(limit) => format!(
            "regex compiles to more than {limit} bytes; split it into several rules or \
                 use a terms rule for word lists"
        ),
        other => format!("regex does not compile: {other}"),
    })?;
    if re.is_match("") {
        return Err("regex matches the empty text; it would flag every post".into());
    }
    Ok(re)
}

impl RegexRules {
    pub fn new(rules: Vec<(usize, Regex)>) -> Result<RegexRules, String> {
        if rules.len() < SET_FROM {
            return Ok(RegexRules { set: None, rules });
        }
        let set = RegexSetBuilder::new(rules.iter().map(|(_, r)| r.as_str()))
            .size_limit(SIZE_LIMIT * 4)
            .nest_limit(NEST_LIMIT)
            .build()
            .map_err(|e| format!("the policy's regexes together are too large: {e}"))?;
        Ok(RegexRules { set: Some(set), rules })
    }

    /// Calls `found(rule, range)` for every match of every regex rule in `text`.
    pub fn scan(&self, text: &str, mut found: impl FnMut(usize, Range<usize>)) {
        let mut run = |(rule, re): &(usize, Regex)| {
            for m in re.find_iter(text) {
                if !m.is_empty() {
                    found(*rule, m.range());
                }
            }
        };
        match &self.set {
            Some(set) => set.matches(text).iter().for_each(|i| run(&self.rules[i])),
            None => self.rules.iter().for_each(run),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_patterns_that_would_hurt() {
        assert!(compile("(").unwrap_err().starts_with("regex does not compile"));
        assert!(compile("a*").unwrap_err().contains("matches the empty text"));
        let huge = format!("(?:{}){{1000}}", "\\w".repeat(50));
        assert!(compile(&huge).unwrap_err().contains("compiles to more than"));
        let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
        assert!(compile(&deep).is_err());
    }

    #[test]
    fn reports_only_rules_that_match() {
        let rules =
            RegexRules::new(vec![(3, compile(r"(?i)\bproject\s+x\b").unwrap()), (7, compile(r"\bQ[1-4]\b").unwrap())])
                .unwrap();
        let mut found = Vec::new();
        rules.scan("About Project X in Q3.", |r, m| found.push((r, m)));
        assert_eq!(found, vec![(3, 6..15), (7, 19..21)]);
    }
}
