//! The text side of Composure's engine: what runs over every post on every keystroke.
//!
//! - [`normalize`]: the text as word matching sees it (lowercase, no diacritics, no leet,
//!   "f u c k" joined, ...), with a map from each normalised byte back to the original.
//! - [`WordStartTrie`]: finds terms that can only match at a word start, reading the text
//!   sixteen bytes at a time.
//!
//! A crate of its own so that the wasm, built for size, can build this part for speed.

mod bytes16;
mod normalize;
mod word_starts;

pub use normalize::{normalize, normalize_term, Normalized};
pub use word_starts::{TermAt, WordStartTrie};
