//! SentencePiece's text normalisation as this model was trained with it (`nmt_nfkc`: NFKC plus
//! a few NMT rules such as tabs and other spaces to a plain space), then the whitespace rules of
//! its normaliser spec: leading, trailing and repeated spaces removed, a word-start mark `▁`
//! put before the text and in place of every space.
//!
//! The rules come as SentencePiece's precompiled charsmap: a darts-clone double-array trie
//! over UTF-8 bytes whose leaves point at NUL-terminated replacement strings. At each position
//! the longest key that matches wins; where none does, one character is copied as it is.

use crate::ModelError;

/// The word-start mark that stands for a space in pieces.
pub const SPACE_MARK: &str = "\u{2581}";

pub(crate) struct Normalizer {
    units: Vec<u32>,
    replacements: Vec<u8>,
}

impl Normalizer {
    /// Parses a precompiled charsmap (u32 trie size, the trie's units, the replacements).
    pub(crate) fn from_charsmap(blob: &[u8]) -> Result<Self, ModelError> {
        let bad = |why: &'static str| ModelError::Invalid { what: "charsmap", why };
        if blob.len() < 4 {
            return Err(bad("shorter than its size field"));
        }
        let trie_size = u32::from_le_bytes([blob[0], blob[1], blob[2], blob[3]]) as usize;
        if !trie_size.is_multiple_of(4) || trie_size == 0 || 4 + trie_size > blob.len() {
            return Err(bad("trie size does not fit the charsmap"));
        }
        let units =
            blob[4..4 + trie_size].chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        Ok(Normalizer { units, replacements: blob[4 + trie_size..].to_vec() })
    }

    fn offset(unit: u32) -> usize {
        ((unit >> 10) << ((unit & 0x200) >> 6)) as usize
    }

    /// The longest charsmap key at the start of `s`: (bytes it covers, its replacement).
    /// A trie walk that leaves the array (a corrupt file) simply stops matching.
    fn longest_match(&self, s: &[u8]) -> Option<(usize, &[u8])> {
        let units = &self.units;
        let mut node = Self::offset(*units.first()?);
        let mut best: Option<(usize, usize)> = None;
        for (i, &c) in s.iter().enumerate() {
            node ^= c as usize;
            let unit = *units.get(node)?;
            if unit & 0x8000_00FF != c as u32 {
                break;
            }
            node ^= Self::offset(unit);
            if unit & 0x100 != 0 {
                let value = (*units.get(node)? & 0x7FFF_FFFF) as usize;
                best = Some((i + 1, value));
            }
        }
        let (len, value) = best?;
        let rest = self.replacements.get(value..)?;
        let end = rest.iter().position(|&b| b == 0)?;
        Some((len, &rest[..end]))
    }

    /// The normalised text, `▁` for every space, `""` for text of spaces only.
    pub(crate) fn normalize(&self, text: &str) -> String {
        let raw = text.as_bytes();
        let mut pos = 0;
        let prefix = |pos: usize| -> (&[u8], usize) {
            match self.longest_match(&raw[pos..]) {
                Some((len, rep)) => (rep, len),
                None => {
                    // One whole character (one byte if a corrupt charsmap left `pos` inside one).
                    let len = text.get(pos..).and_then(|t| t.chars().next()).map_or(1, char::len_utf8);
                    (&raw[pos..pos + len], len)
                }
            }
        };
        // Leading characters that normalise to exactly one space are dropped.
        while pos < raw.len() {
            let (rep, len) = prefix(pos);
            if rep != b" " {
                break;
            }
            pos += len;
        }
        if pos >= raw.len() {
            return String::new();
        }
        let mut out: Vec<u8> = Vec::with_capacity(raw.len() + 16);
        out.extend_from_slice(SPACE_MARK.as_bytes());
        let mut prev_space = true;
        while pos < raw.len() {
            let (mut rep, len) = prefix(pos);
            pos += len;
            if prev_space {
                while let [b' ', rest @ ..] = rep {
                    rep = rest;
                }
            }
            if let Some(&last) = rep.last() {
                for &b in rep {
                    if b == b' ' {
                        out.extend_from_slice(SPACE_MARK.as_bytes());
                    } else {
                        out.push(b);
                    }
                }
                prev_space = last == b' ';
            }
        }
        while out.ends_with(SPACE_MARK.as_bytes()) {
            out.truncate(out.len() - SPACE_MARK.len());
        }
        // Replacements are UTF-8 in a well-formed charsmap; a corrupt one must not panic.
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}
