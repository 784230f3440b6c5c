//! Words and sentences of a normalised text, for proximity rules and `unless` lists.

use std::ops::Range;

#[derive(Debug, Default)]
pub(crate) struct Structure {
    words: Vec<Range<usize>>,
    /// Byte offsets where a sentence ends (the end mark itself belongs to the sentence).
    sentence_ends: Vec<usize>,
}

impl Structure {
    pub fn new(text: &str) -> Structure {
        let mut s = Structure::default();
        let mut word_start: Option<usize> = None;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // Normalised text is mostly ASCII: decode a char only for the other bytes.
            let (is_word, len) = if b < 0x80 {
                (b.is_ascii_alphanumeric(), 1)
            } else {
                let c = text[i..].chars().next().expect("on a char boundary");
                (c.is_alphanumeric(), c.len_utf8())
            };
            if is_word {
                word_start.get_or_insert(i);
                i += len;
                continue;
            }
            if let Some(ws) = word_start.take() {
                s.words.push(ws..i);
            }
            let ends_sentence = match b {
                b'\n' => true,
                // "!!!" and "?!" end one sentence; so does "." unless it is part of "..."
                // (which people use to go on with the same thought) or of a number ("3.5").
                b'!' | b'?' => !matches!(bytes.get(i + 1), Some(b'!' | b'?')),
                b'.' => {
                    let prev_dot = i > 0 && bytes[i - 1] == b'.';
                    let next = bytes.get(i + 1).copied();
                    !prev_dot && next != Some(b'.') && !next.is_some_and(|b| b.is_ascii_alphanumeric())
                }
                _ => false,
            };
            if ends_sentence {
                s.sentence_ends.push(i + 1);
            }
            i += len;
        }
        if let Some(ws) = word_start {
            s.words.push(ws..text.len());
        }
        s
    }

    pub fn word(&self, index: usize) -> Range<usize> {
        self.words[index].clone()
    }

    /// Index of the sentence that contains byte `at`.
    pub fn sentence_of(&self, at: usize) -> usize {
        self.sentence_ends.partition_point(|&end| end <= at)
    }

    /// The byte range of sentence `index`.
    pub fn sentence(&self, index: usize, text_len: usize) -> Range<usize> {
        let start = if index == 0 { 0 } else { self.sentence_ends[index - 1] };
        let end = self.sentence_ends.get(index).copied().unwrap_or(text_len);
        start..end
    }

    /// Every sentence's byte range, in order (the last one ends at `text_len`).
    pub fn sentences(&self, text_len: usize) -> impl Iterator<Item = Range<usize>> + '_ {
        (0..=self.sentence_ends.len()).map(move |i| self.sentence(i, text_len))
    }

    /// The words a range covers, as `first..past` word indices (equal for a range with no
    /// word in it, such as an emoji: it then sits just before word `first`).
    pub fn words_covering(&self, range: Range<usize>) -> (usize, usize) {
        let first = self.words.partition_point(|w| w.end <= range.start);
        let past = self.words.partition_point(|w| w.start < range.end);
        (first, past.max(first))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_sentences_but_not_in_ellipses_or_numbers() {
        let text = "acme is 3.5 times worse... really! ok?! yes\nno";
        let s = Structure::new(text);
        let sentence_of = |w: &str| s.sentence_of(text.find(w).unwrap());
        assert_eq!(sentence_of("acme"), sentence_of("really"));
        assert_ne!(sentence_of("really"), sentence_of("ok"));
        assert_ne!(sentence_of("ok"), sentence_of("yes"));
        assert_ne!(sentence_of("yes"), sentence_of("no"));
    }

    #[test]
    fn places_ranges_among_words() {
        let text = "my boss 🤬 is dumb";
        let s = Structure::new(text);
        let boss = text.find("my boss").unwrap();
        assert_eq!(s.words_covering(boss..boss + 7), (0, 2));
        let emoji = text.find('🤬').unwrap();
        assert_eq!(s.words_covering(emoji..emoji + 4), (2, 2));
    }
}
