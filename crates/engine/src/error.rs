//! Policy errors: what is wrong and where, so the person who wrote the policy can fix it.

use std::fmt;

/// A policy that cannot be used. `Display` gives one line per problem, each starting with
/// where it is: `line 12, column 5`, a JSON path such as `rules[2].match.pattern`, and the
/// rule's id when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    problems: Vec<Problem>,
}

/// One problem in a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// A JSON path (`rules[2].match`) or `line L, column C`; empty for the document as a whole.
    pub location: String,
    /// The id of the rule the problem is in, when known.
    pub rule: Option<String>,
    pub message: String,
}

impl PolicyError {
    pub(crate) fn new(location: impl Into<String>, rule: Option<&str>, message: impl Into<String>) -> PolicyError {
        PolicyError {
            problems: vec![Problem {
                location: location.into(),
                rule: rule.map(str::to_string),
                message: message.into(),
            }],
        }
    }

    pub(crate) fn from_problems(problems: Vec<Problem>) -> PolicyError {
        debug_assert!(!problems.is_empty());
        PolicyError { problems }
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.location[..], &self.rule) {
            ("", None) => write!(f, "{}", self.message),
            ("", Some(rule)) => write!(f, "rule {rule}: {}", self.message),
            (loc, None) => write!(f, "{loc}: {}", self.message),
            (loc, Some(rule)) => write!(f, "{loc} (rule {rule}): {}", self.message),
        }
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PolicyError {}
