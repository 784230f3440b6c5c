//! The `proximity` matcher: a term from list `a` within N words of a term from list `b`, in
//! the same sentence, unless a negation comes just before the `b` term.
//!
//! "Acme is run by clowns" flags; "Acme is not a scam" and "I love Acme. My neighbour is an
//! idiot." do not.

use std::ops::Range;

use super::terms::Hit;
use crate::policy::Order;
use crate::text::Structure;

/// How many words before the `b` term a negation still applies to it.
const NEGATION_REACH: usize = 3;

/// Negations in English and Dutch, normalised. "n't" is handled as the word "t" after an
/// apostrophe ("isn't" → "isn", "'", "t").
const NEGATIONS: &[&str] = &[
    "not",
    "never",
    "no",
    "nothing",
    "nobody",
    "hardly",
    "cannot",
    "isnt",
    "arent",
    "wasnt",
    "werent",
    "dont",
    "doesnt",
    "didnt",
    "wont",
    "cant",
    "niet",
    "nooit",
    "geen",
    "niks",
    "niets",
    "nimmer",
    "allerminst",
    "nergens",
    "nauwelijks",
];

#[derive(Debug, Clone, Copy)]
pub(crate) struct ProximitySpec {
    pub within: usize,
    pub negation: bool,
    pub order: Order,
}

/// A hit placed among the words: the words it covers are `first..past`; a hit of no word
/// (an emoji) has `first == past`, sitting between word `first - 1` and word `first`.
#[derive(Clone, Copy)]
struct Placed {
    start: usize,
    end: usize,
    first: usize,
    past: usize,
    sentence: usize,
}

fn place(s: &Structure, h: &Hit) -> Placed {
    let (start, end) = (h.start as usize, h.end as usize);
    let (first, past) = s.words_covering(start..end);
    Placed { start, end, first, past, sentence: s.sentence_of(start) }
}

fn negated(s: &Structure, text: &str, b: &Placed) -> bool {
    let from = b.first.saturating_sub(NEGATION_REACH);
    (from..b.first).any(|w| {
        let word = s.word(w);
        if s.sentence_of(word.start) != b.sentence {
            return false;
        }
        let t = &text[word.clone()];
        NEGATIONS.contains(&t) || (t == "t" && text[..word.start].ends_with('\''))
    })
}

/// Whether a negation comes just before `hit` in its sentence ("not an idiot", "geen sukkel"),
/// for `terms` rules with `negation`.
pub(crate) fn negated_hit(s: &Structure, text: &str, hit: &Hit) -> bool {
    negated(s, text, &place(s, hit))
}

/// Findings (normalised ranges) for one proximity rule.
pub(crate) fn findings(
    spec: ProximitySpec,
    s: &Structure,
    text: &str,
    a_hits: &[Hit],
    b_hits: &[Hit],
    out: &mut Vec<Range<usize>>,
) {
    let bs: Vec<Placed> = b_hits.iter().map(|h| place(s, h)).collect();
    let bs: Vec<Placed> = bs.into_iter().filter(|b| !(spec.negation && negated(s, text, b))).collect();
    if bs.is_empty() {
        return;
    }
    for a in a_hits.iter().map(|h| place(s, h)) {
        for b in &bs {
            if a.sentence != b.sentence || (a.start < b.end && b.start < a.end) {
                continue;
            }
            let in_order = match spec.order {
                Order::Any => true,
                Order::AFirst => a.end <= b.start,
                Order::BFirst => b.end <= a.start,
            };
            if !in_order {
                continue;
            }
            let gap = if a.end <= b.start { b.first.saturating_sub(a.past) } else { a.first.saturating_sub(b.past) };
            if gap <= spec.within {
                out.push(a.start.min(b.start)..a.end.max(b.end));
            }
        }
    }
}
