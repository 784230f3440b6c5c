//! Splitting a post into the spans a model verdict can point at.

use std::ops::Range;

/// The sentences and clauses of `text`, as half-open byte ranges into it, in order, trimmed of
/// white space at both ends, none empty.
///
/// A span ends after a run of `.`, `!`, `?`, `…`, `;` (with any closing quotes or brackets
/// after them) that is followed by white space or the end, and at every line break. So
/// `"Great culture guys 👍. Start polishing your CVs!"` is two spans, while `3.5`, `acme.nl`
/// and common English and Dutch abbreviations (`e.g.`, `Dr.`, `o.a.`, `bijv.`, `d.w.z.`: see
/// `ABBREVIATIONS`) stay whole. It is deliberately simple: commas never split (a clause
/// joined by a comma stays with its sentence), an abbreviation that does end a sentence does
/// not split it, and emoji stay with the sentence before them.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => Some(i),
            '.' | '!' | '?' | '…' | ';' => {
                let mut j = i + c.len_utf8();
                while let Some(&(k, d)) = chars.peek() {
                    if matches!(d, '.' | '!' | '?' | '…' | ';' | '"' | '\'' | ')' | ']' | '”' | '’' | '»') {
                        chars.next();
                        j = k + d.len_utf8();
                    } else {
                        break;
                    }
                }
                match chars.peek() {
                    _ if c == '.' && j == i + 1 && is_abbreviation(&text[start..j]) => None,
                    None => Some(j),
                    Some(&(_, d)) if d.is_whitespace() => Some(j),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(end) = end {
            push_trimmed(text, start..end, &mut spans);
            start = end;
        }
    }
    push_trimmed(text, start..text.len(), &mut spans);
    spans
}

/// Words ending in a full stop that rarely end a sentence (compared without case).
const ABBREVIATIONS: [&str; 30] = [
    "e.g.", "i.e.", "etc.", "vs.", "approx.", "dr.", "mr.", "mrs.", "ms.", "prof.", "st.", "no.", "fig.", "o.a.",
    "bijv.", "bv.", "d.w.z.", "m.b.t.", "i.p.v.", "t.a.v.", "t.o.v.", "z.s.m.", "ca.", "evt.", "incl.", "excl.", "nr.",
    "dhr.", "mevr.", "mr.drs.",
];

/// Whether the last word of `before` (which ends in a single `.`) is an abbreviation.
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

fn push_trimmed(text: &str, r: Range<usize>, spans: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        spans.push(r.start + lead..r.start + lead + trimmed.len());
    }
}

#[cfg(test)]
mod tests {
    use super::sentences;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_at_sentence_ends_and_line_breaks() {
        assert_eq!(
            split("Great culture guys 👍. Start polishing your CVs!\nNo joke... really?! ok"),
            ["Great culture guys 👍.", "Start polishing your CVs!", "No joke...", "really?!", "ok"]
        );
    }

    #[test]
    fn keeps_numbers_domains_and_closing_quotes_whole() {
        assert_eq!(split("Omzet 3.5% hoger, zie acme.nl; klaar."), ["Omzet 3.5% hoger, zie acme.nl;", "klaar."]);
        assert_eq!(split("He said \"stop.\" Then left"), ["He said \"stop.\"", "Then left"]);
    }

    #[test]
    fn abbreviations_do_not_end_a_sentence() {
        assert_eq!(
            split("Gesprek met o.a. de directie, bijv. over de reorg. Dr. Jansen was er ook."),
            ["Gesprek met o.a. de directie, bijv. over de reorg.", "Dr. Jansen was er ook."]
        );
        assert_eq!(split("Fruit, e.g. apples. Done"), ["Fruit, e.g. apples.", "Done"]);
    }

    #[test]
    fn spans_are_trimmed_and_never_empty() {
        assert_eq!(split("  \n\t  "), Vec::<&str>::new());
        assert_eq!(sentences("  hoi  "), vec![2..5]);
        assert_eq!(split("a.\n\n\nb"), ["a.", "b"]);
    }
}
