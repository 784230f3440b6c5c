//! Finding terms that can only match where a word starts, without reading every byte.
//!
//! Most terms begin with a letter or digit and no `*`: they count only where the text has a
//! word start (the char before is no letter or digit). So instead of running an automaton
//! over every byte, the index finds the word starts sixteen bytes at a time and walks a trie
//! of those terms from each one; a table of the terms' first two bytes turns most words away
//! before the walk. Terms that may start inside a word (`*bedrijf`) or with another char
//! (`#not`, an emoji) need another search (the engine's Aho-Corasick automaton).

use crate::bytes16::{ascii_set, ByteSet, Bytes16};

/// A trie of terms (byte strings), walked from a given position.
#[derive(Debug, Clone, Default)]
pub struct WordStartTrie {
    /// Bit `b0 * 256 + b1` is set when some term starts with the bytes `b0 b1`, or is the
    /// single byte `b0`: a walk from a position whose two bytes have no bit finds nothing.
    first_two: Vec<u64>,
    /// For each state, the edges out of it: `edges[first_edge[s]..first_edge[s + 1]]`.
    first_edge: Vec<u32>,
    /// Edge labels and targets, in order of label within a state.
    edge_byte: Vec<u8>,
    edge_to: Vec<u32>,
    /// For each state, the term that ends there (`NO_TERM` if none). State 0 is the root.
    term_of: Vec<u32>,
}

const NO_TERM: u32 = u32::MAX;

/// A term found in a text: bytes `start..end` are term number `term` (its index in the list
/// the trie was built from).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermAt {
    pub start: u32,
    pub end: u32,
    pub term: u32,
}

impl WordStartTrie {
    /// The trie of `terms`, each named by its index in the slice.
    pub fn new<'a>(terms: impl IntoIterator<Item = &'a [u8]>) -> WordStartTrie {
        // Built as a tree of child lists, then flattened with sorted edges.
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut term_of = vec![NO_TERM];
        let mut first_two = vec![0u64; 65536 / 64];
        for (id, term) in terms.into_iter().enumerate() {
            let mut state = 0usize;
            for &b in term {
                // Kept sorted by label as they are added (a sort would be one more instance of
                // the sort code in the wasm).
                let at = children[state].iter().position(|&(label, _)| label >= b).unwrap_or(children[state].len());
                state = match children[state].get(at) {
                    Some(&(label, to)) if label == b => to as usize,
                    _ => {
                        children.push(Vec::new());
                        term_of.push(NO_TERM);
                        let to = children.len() - 1;
                        children[state].insert(at, (b, to as u32));
                        to
                    }
                };
            }
            term_of[state] = id as u32;
            match *term {
                [] => {}
                [b0] => (0..=255u8).for_each(|b1| set_bit(&mut first_two, b0, b1)),
                [b0, b1, ..] => set_bit(&mut first_two, b0, b1),
            }
        }
        let mut trie = WordStartTrie { first_two, term_of, ..WordStartTrie::default() };
        for edges in children {
            trie.first_edge.push(trie.edge_byte.len() as u32);
            trie.edge_byte.extend(edges.iter().map(|(b, _)| b));
            trie.edge_to.extend(edges.iter().map(|(_, to)| to));
        }
        trie.first_edge.push(trie.edge_byte.len() as u32);
        trie
    }

    /// Appends each term found at a word start of `text` (see `for_each_word_start`), in
    /// order of start, then end.
    pub fn find(&self, text: &str, out: &mut Vec<TermAt>) {
        let bytes = text.as_bytes();
        for_each_word_start(text, |start| {
            self.walk(bytes, start, |end, term| out.push(TermAt { start: start as u32, end: end as u32, term }));
        });
    }

    /// Calls `found(end, term)` for each term that `text[start..]` begins with, shortest first.
    #[inline(always)]
    fn walk(&self, text: &[u8], start: usize, mut found: impl FnMut(usize, u32)) {
        let b0 = text[start];
        let b1 = text.get(start + 1).copied().unwrap_or(0);
        let bit = usize::from(b0) << 8 | usize::from(b1);
        let first_two: &[u64] = &self.first_two;
        if first_two[bit / 64] & (1 << (bit % 64)) == 0 {
            return;
        }
        // Slices, not `Vec`s: in the size-optimised wasm, indexing a `Vec` is a call.
        let (first_edge, edge_byte, edge_to, term_of) =
            (&*self.first_edge, &*self.edge_byte, &*self.edge_to, &*self.term_of);
        let mut state = 0usize;
        for (at, &b) in text.iter().enumerate().skip(start) {
            let edges = first_edge[state] as usize..first_edge[state + 1] as usize;
            match edge_byte[edges.clone()].iter().position(|&label| label == b) {
                Some(k) => state = edge_to[edges.start + k] as usize,
                None => return,
            }
            if term_of[state] != NO_TERM {
                found(at + 1, term_of[state]);
            }
        }
    }
}

fn set_bit(bits: &mut [u64], b0: u8, b1: u8) {
    let bit = usize::from(b0) << 8 | usize::from(b1);
    bits[bit / 64] |= 1 << (bit % 64);
}

/// ASCII letters and digits.
const ASCII_ALNUM: ByteSet = ascii_set!(is_ascii_alnum);

const fn is_ascii_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Calls `start(at)` for each byte offset of `text` where a word starts: a letter or digit
/// (of any script: `char::is_alphanumeric`) that follows none, or begins the text.
#[inline(always)]
fn for_each_word_start(text: &str, mut start: impl FnMut(usize)) {
    let bytes = text.as_bytes();
    let mut after_word = false;
    let mut at = 0;
    while at < bytes.len() {
        if at + 16 <= bytes.len() {
            let v = Bytes16::load(bytes, at);
            // Only ASCII: then byte k is char k, and a bit per byte says whether it is alnum.
            if v.bitmask() == 0 {
                let word = !ASCII_ALNUM.contains(v).eq(Bytes16::splat(0)).bitmask();
                let mut starts = word & !(word << 1 | u16::from(after_word));
                while starts != 0 {
                    start(at + starts.trailing_zeros() as usize);
                    starts &= starts - 1;
                }
                after_word = word & 0x8000 != 0;
                at += 16;
                continue;
            }
        }
        let c = text[at..].chars().next().expect("on a char boundary");
        let word = c.is_alphanumeric();
        if word && !after_word {
            start(at);
        }
        after_word = word;
        at += c.len_utf8();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn starts(text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        for_each_word_start(text, |at| out.push(at));
        out
    }

    /// One char at a time, as the definition says.
    fn starts_by_chars(text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut after_word = false;
        for (at, c) in text.char_indices() {
            if c.is_alphanumeric() && !after_word {
                out.push(at);
            }
            after_word = c.is_alphanumeric();
        }
        out
    }

    #[test]
    fn finds_word_starts_in_any_script() {
        assert_eq!(starts("my boss, (really) 2day"), [0, 3, 10, 18]);
        assert_eq!(starts("Ça va? 😀ok été x"), [0, 4, 12, 15, 21]);
    }

    proptest! {
        #[test]
        fn word_starts_agree_with_a_char_by_char_reading(
            pieces in prop::collection::vec(prop::sample::select(vec![
                "a", "Z", "7", " ", ".", ",", "é", "😀", "中", "ß", "-", "\n", "ab ", "word ", "x1",
            ]), 0..60)
        ) {
            let text = pieces.concat();
            prop_assert_eq!(starts(&text), starts_by_chars(&text));
        }
    }

    fn walk(trie: &WordStartTrie, text: &str, start: usize) -> Vec<(usize, u32)> {
        let mut out = Vec::new();
        trie.walk(text.as_bytes(), start, |end, term| out.push((end, term)));
        out
    }

    #[test]
    fn finds_terms_at_word_starts_only() {
        let terms = ["my", "my boss", "boss", "ss"];
        let trie = WordStartTrie::new(terms.iter().map(|t| t.as_bytes()));
        let mut found = Vec::new();
        trie.find("my boss, mybossy boss", &mut found);
        let found: Vec<(u32, u32, u32)> = found.iter().map(|t| (t.start, t.end, t.term)).collect();
        assert_eq!(found, [(0, 2, 0), (0, 7, 1), (3, 7, 2), (9, 11, 0), (17, 21, 2)]);
    }

    #[test]
    fn walks_every_term_a_position_begins_with() {
        let terms = ["my", "my boss", "mijn", "x", "boss"];
        let trie = WordStartTrie::new(terms.iter().map(|t| t.as_bytes()));
        assert_eq!(walk(&trie, "my boss!", 0), [(2, 0), (7, 1)]);
        assert_eq!(walk(&trie, "my boss!", 3), [(7, 4)]);
        assert_eq!(walk(&trie, "mijnheer", 0), [(4, 2)]);
        assert_eq!(walk(&trie, "x", 0), [(1, 3)]);
        assert_eq!(walk(&trie, "xylofoon", 0), [(1, 3)]);
        assert!(walk(&trie, "mo", 0).is_empty());
        assert!(walk(&trie, "m", 0).is_empty());
    }
}
