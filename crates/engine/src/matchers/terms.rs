//! The `terms` matcher, and the term index every list-based matcher shares.
//!
//! All term lists of a policy (terms rules, both sides of proximity rules, `unless` lists)
//! go into one index over normalised text, so a check reads the text once however many rules
//! there are: a trie walked from each word start for the terms that begin with a letter or
//! digit and no `*` (`composure_text::WordStartTrie`), one Aho-Corasick automaton for the
//! others. A hit remembers its list; word boundaries and `*` wildcards are checked per list
//! entry after.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use composure_text::{normalize_term, TermAt, WordStartTrie};

use crate::policy::Organization;

/// Identifies one term list (one rule's terms, one side of a proximity rule, an unless list).
pub(crate) type ListId = u32;

/// Where a term list came from, so its hits can be routed to the right rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListRole {
    /// The terms of a `terms` rule: each hit is a finding.
    Terms,
    /// Side `a` of a proximity rule.
    NearA,
    /// Side `b` of a proximity rule.
    NearB,
    /// An `unless` list: a hit cancels the rule's findings in its sentence.
    Unless,
    /// An `unless_in_post` list: a hit cancels all the rule's findings.
    UnlessInPost,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    list: ListId,
    /// `*term`: the term may end a longer word.
    open_start: bool,
    /// `term*`: the term may begin a longer word.
    open_end: bool,
}

/// A term found in the normalised text, with the span widened to whole words for wildcards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Hit {
    pub list: ListId,
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Default)]
pub(crate) struct TermIndexBuilder {
    patterns: Vec<String>,
    by_pattern: HashMap<String, usize>,
    entries: Vec<Vec<Entry>>,
    pub lists: Vec<(usize, ListRole)>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct TermIndex {
    /// The patterns that can only match at a word start, and their ids (trie id -> pattern).
    word_start: Option<(WordStartTrie, Vec<u32>)>,
    /// The other patterns, and their ids (automaton pattern -> pattern).
    automaton: Option<(AhoCorasick, Vec<u32>)>,
    /// For each pattern, the list entries it stands for.
    entries: Vec<Vec<Entry>>,
    /// For each list: the rule (index into the engine's rules) and the list's role.
    pub lists: Vec<(usize, ListRole)>,
}

/// Replaces `{names}`, `{codenames}`, ... with each value of that organisation list.
/// A term whose list is empty expands to nothing.
pub(crate) fn expand_placeholders(term: &str, org: &Organization) -> Result<Vec<String>, String> {
    let Some(open) = term.find('{') else {
        return Ok(vec![term.to_string()]);
    };
    let close = term[open..]
        .find('}')
        .map(|c| open + c)
        .ok_or_else(|| format!("term \"{term}\" has a '{{' without a closing '}}'"))?;
    let key = &term[open + 1..close];
    let values: &[String] = match key {
        "names" => &org.names,
        "codenames" => &org.codenames,
        "public_products" => &org.public_products,
        "executives" => &org.executives,
        "email_domains" => &org.email_domains,
        _ => {
            return Err(format!(
                "term \"{term}\" uses unknown placeholder {{{key}}} (known: {{names}}, \
                 {{codenames}}, {{public_products}}, {{executives}}, {{email_domains}})"
            ))
        }
    };
    let mut out = Vec::new();
    for value in values {
        let replaced = format!("{}{}{}", &term[..open], value, &term[close + 1..]);
        out.extend(expand_placeholders(&replaced, org)?);
    }
    Ok(out)
}

/// Shortest word (in letters) that `fuzzy` terms get variants for: below it a swapped or
/// dropped letter too often gives another word. Even above it, "contract" minus a letter is
/// "contact", which is why `fuzzy` is per rule, for lists of insults and slurs.
pub(crate) const FUZZY_MIN_LETTERS: usize = 7;

/// The misspellings a `fuzzy` term also matches: two neighbouring letters swapped, or one
/// letter dropped (which covers a double letter written once); the first and last letter
/// stay, as readers go by them. Only for one-word terms of letters (wildcards kept) of at
/// least [`FUZZY_MIN_LETTERS`] letters.
pub(crate) fn fuzzy_variants(term: &str) -> Vec<String> {
    let open_start = term.starts_with('*');
    let open_end = term.len() > 1 && term.ends_with('*');
    let core: Vec<char> = term.trim_start_matches('*').trim_end_matches('*').to_lowercase().chars().collect();
    if core.len() < FUZZY_MIN_LETTERS || !core.iter().all(|c| c.is_alphabetic()) {
        return Vec::new();
    }
    let wrap = |v: Vec<char>| {
        let mut s = String::with_capacity(term.len());
        if open_start {
            s.push('*');
        }
        s.extend(v);
        if open_end {
            s.push('*');
        }
        s
    };
    let n = core.len();
    let mut out: Vec<String> = Vec::new();
    for i in 1..n - 2 {
        if core[i] != core[i + 1] {
            let mut v = core.clone();
            v.swap(i, i + 1);
            out.push(wrap(v));
        }
    }
    for i in 1..n - 1 {
        // Of a double letter, dropping either gives the same word: once is enough.
        if core[i] != core[i - 1] {
            let mut v = core.clone();
            v.remove(i);
            out.push(wrap(v));
        }
    }
    out.sort();
    out.dedup();
    out
}

impl TermIndexBuilder {
    /// Starts a new list for `rule` and returns its id.
    pub fn new_list(&mut self, rule: usize, role: ListRole) -> ListId {
        self.lists.push((rule, role));
        (self.lists.len() - 1) as ListId
    }

    /// Adds one term (placeholders already expanded) to `list`.
    pub fn add(&mut self, list: ListId, term: &str) -> Result<(), String> {
        let open_start = term.starts_with('*');
        let open_end = term.len() > 1 && term.ends_with('*');
        let core = term.trim_start_matches('*').trim_end_matches('*');
        if core.contains('*') {
            return Err(format!("term \"{term}\": '*' is only allowed at the start or end of a term"));
        }
        let pattern = normalize_term(core);
        if pattern.is_empty() {
            return Err(format!("term \"{term}\" is empty after normalisation"));
        }
        let id = match self.by_pattern.get(&pattern) {
            Some(&id) => id,
            None => {
                self.patterns.push(pattern.clone());
                self.entries.push(Vec::new());
                self.by_pattern.insert(pattern, self.patterns.len() - 1);
                self.patterns.len() - 1
            }
        };
        self.entries[id].push(Entry { list, open_start, open_end });
        Ok(())
    }

    pub fn build(self) -> Result<TermIndex, String> {
        // A pattern that starts with a letter or digit, for entries none of which has a `*` in
        // front, only counts at a word start (`TermIndex::hits_at`): the trie's. The rest
        // (`*bedrijf`, `#not`, emoji) may start anywhere: the automaton's.
        let (at_word_start, anywhere): (Vec<usize>, Vec<usize>) = (0..self.patterns.len()).partition(|&id| {
            self.patterns[id].chars().next().is_some_and(is_word) && self.entries[id].iter().all(|e| !e.open_start)
        });
        let word_start = (!at_word_start.is_empty()).then(|| {
            let trie = WordStartTrie::new(at_word_start.iter().map(|&id| self.patterns[id].as_bytes()));
            (trie, at_word_start.iter().map(|&id| id as u32).collect())
        });
        let automaton = if anywhere.is_empty() {
            None
        } else {
            // The contiguous NFA: building a DFA took over half of `Engine::new` for the
            // default pack and saved little per check, since normalising the text costs more
            // than scanning it.
            let automaton = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(anywhere.iter().map(|&id| &self.patterns[id]))
                .map_err(|e| format!("the term lists are too large to compile: {e}"))?;
            Some((automaton, anywhere.iter().map(|&id| id as u32).collect()))
        };
        Ok(TermIndex { word_start, automaton, entries: self.entries, lists: self.lists })
    }
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

impl TermIndex {
    pub fn is_empty(&self) -> bool {
        self.word_start.is_none() && self.automaton.is_none()
    }

    /// All hits in `normalized`, sorted by list and position, duplicates removed.
    pub fn scan(&self, normalized: &str, hits: &mut Vec<Hit>) {
        if let Some((trie, ids)) = &self.word_start {
            let mut found: Vec<TermAt> = Vec::new();
            trie.find(normalized, &mut found);
            for t in found {
                self.hits_at(normalized, t.start as usize..t.end as usize, ids[t.term as usize], hits);
            }
        }
        if let Some((automaton, ids)) = &self.automaton {
            for m in automaton.find_overlapping_iter(normalized) {
                self.hits_at(normalized, m.range(), ids[m.pattern().as_usize()], hits);
            }
        }
        hits.sort_unstable();
        hits.dedup();
    }

    /// The hits of the entries of pattern `id`, found at `range` of the normalised text: whole
    /// words unless a `*` allows more, widened to the whole word where it does.
    fn hits_at(&self, normalized: &str, range: Range<usize>, id: u32, hits: &mut Vec<Hit>) {
        let (start, end) = (range.start, range.end);
        let pattern = &normalized[range];
        let first_is_word = pattern.chars().next().is_some_and(is_word);
        let last_is_word = pattern.chars().next_back().is_some_and(is_word);
        let glued_before = first_is_word && char_before(normalized, start).is_some_and(is_word);
        let glued_after = last_is_word && char_at(normalized, end).is_some_and(is_word);
        for entry in &self.entries[id as usize] {
            if (glued_before && !entry.open_start) || (glued_after && !entry.open_end) {
                continue;
            }
            let mut s = start;
            let mut e = end;
            if entry.open_start {
                while let Some(c) = char_before(normalized, s).filter(|&c| is_word(c)) {
                    s -= c.len_utf8();
                }
            }
            if entry.open_end {
                while let Some(c) = char_at(normalized, e).filter(|&c| is_word(c)) {
                    e += c.len_utf8();
                }
            }
            hits.push(Hit { list: entry.list, start: s as u32, end: e as u32 });
        }
    }
}

/// The `terms` matcher: each hit of the rule's list is a finding (normalised range).
pub(crate) fn findings<'h>(hits: impl IntoIterator<Item = &'h Hit>, out: &mut Vec<Range<usize>>) {
    out.extend(hits.into_iter().map(|h| h.start as usize..h.end as usize));
}

#[cfg(test)]
mod tests {
    use super::*;
    use composure_text::normalize;

    fn index(lists: &[&[&str]]) -> TermIndex {
        let mut b = TermIndexBuilder::default();
        for (rule, terms) in lists.iter().enumerate() {
            let list = b.new_list(rule, ListRole::Terms);
            for t in *terms {
                b.add(list, t).unwrap();
            }
        }
        b.build().unwrap()
    }

    fn found(index: &TermIndex, text: &str) -> Vec<(u32, String)> {
        let n = normalize(text);
        let mut hits = Vec::new();
        index.scan(&n.text, &mut hits);
        hits.iter().map(|h| (h.list, text[n.original(h.start as usize..h.end as usize)].to_string())).collect()
    }

    #[test]
    fn matches_whole_words_only() {
        let ix = index(&[&["kut", "my boss"]]);
        assert_eq!(found(&ix, "Kut! says MY  Boss"), vec![(0, "Kut".into()), (0, "MY  Boss".into())]);
        assert!(found(&ix, "kutje? no: Kutch, my bossa nova").is_empty());
    }

    #[test]
    fn wildcards_match_the_rest_of_the_word() {
        let ix = index(&[&["idiot*", "*bedrijf"]]);
        assert_eq!(
            found(&ix, "Idiots! rotbedrijf, bedrijf, idiotic"),
            vec![(0, "Idiots".into()), (0, "rotbedrijf".into()), (0, "bedrijf".into()), (0, "idiotic".into())]
        );
        assert!(found(&ix, "bedrijfsuitje").is_empty());
    }

    #[test]
    fn one_scan_serves_many_lists() {
        let ix = index(&[&["acme"], &["acme sucks"], &["🤬"]]);
        let hits = found(&ix, "Acme sucks 🤬");
        assert_eq!(hits, vec![(0, "Acme".into()), (1, "Acme sucks".into()), (2, "🤬".into())]);
    }

    /// Every pattern in one automaton over every byte: what the index found before it walked
    /// word starts, and what it must still find.
    fn hits_by_full_scan(index: &TermIndex, patterns: &[String], normalized: &str) -> Vec<Hit> {
        let automaton = AhoCorasick::builder().match_kind(MatchKind::Standard).build(patterns).unwrap();
        let mut hits = Vec::new();
        for m in automaton.find_overlapping_iter(normalized) {
            index.hits_at(normalized, m.range(), m.pattern().as_u32(), &mut hits);
        }
        hits.sort_unstable();
        hits.dedup();
        hits
    }

    proptest::proptest! {
        #[test]
        fn word_start_walk_finds_what_a_full_scan_finds(
            lists in proptest::collection::vec(proptest::collection::vec(proptest::sample::select(vec![
                "ab", "b", "a b", "*ab", "ab*", "*b*", "é", "😀", "#a", "x1", "a", "ba", "aab", "b.a", "ék", "1",
            ]), 1..5), 1..4),
            text in proptest::collection::vec(proptest::sample::select(vec![
                "a", "b", "ab", " ", ".", "é", "k", "😀", "#", "x", "1", "\n", "ba ", "aab",
            ]), 0..40),
        ) {
            let text = text.concat();
            let mut b = TermIndexBuilder::default();
            for (rule, terms) in lists.iter().enumerate() {
                let list = b.new_list(rule, ListRole::Terms);
                for t in terms {
                    b.add(list, t).unwrap();
                }
            }
            let patterns = b.patterns.clone();
            let index = b.build().unwrap();
            let n = normalize(&text);
            let mut hits = Vec::new();
            index.scan(&n.text, &mut hits);
            proptest::prop_assert_eq!(hits, hits_by_full_scan(&index, &patterns, &n.text));
        }
    }

    #[test]
    fn expands_organisation_placeholders() {
        let org = Organization { names: vec!["Acme".into(), "Acme BV".into()], ..Default::default() };
        assert_eq!(expand_placeholders("we at {names}", &org).unwrap(), vec!["we at Acme", "we at Acme BV"]);
        assert!(expand_placeholders("{codenames}", &org).unwrap().is_empty());
        let err = expand_placeholders("{nmes}", &org).unwrap_err();
        assert!(err.contains("unknown placeholder {nmes}"), "{err}");
    }

    #[test]
    fn fuzzy_variants_swap_and_drop_inner_letters_of_long_words() {
        let v = fuzzy_variants("randdebiel*");
        for want in ["randdebeil*", "randebiel*", "randdbiel*"] {
            assert!(v.contains(&want.to_string()), "{want} in {v:?}");
        }
        // First and last letters stay; the term itself is not a variant.
        assert!(v.iter().all(|t| t.starts_with('r') && t.ends_with("l*") && t != "randdebiel*"), "{v:?}");
        // klootzak: 4 swaps (not the two o's, not the last pair), 5 drops (not the second o).
        assert_eq!(fuzzy_variants("klootzak").len(), 9, "{:?}", fuzzy_variants("klootzak"));
        assert!(fuzzy_variants("sukkel").is_empty(), "too short");
        assert!(fuzzy_variants("piece of shit").is_empty(), "phrases stay exact");
    }

    #[test]
    fn rejects_wildcards_inside_terms() {
        let mut b = TermIndexBuilder::default();
        let l = b.new_list(0, ListRole::Terms);
        assert!(b.add(l, "f*ck").unwrap_err().contains("only allowed at the start or end"));
        assert!(b.add(l, "\u{200b}").unwrap_err().contains("empty after normalisation"));
    }
}
