//! Unigram segmentation into the model's word pieces, as SentencePiece does it: of all ways to
//! cut the normalised text into known pieces, the one whose pieces' log-probabilities sum
//! highest (Viterbi). A character no piece starts with becomes `<unk>`.
//!
//! Ties and arithmetic follow the package's tokenizer exactly: scores add up in f64, a later
//! candidate replaces the best only when strictly better, candidates are visited by start
//! position and then by length.

use std::collections::HashMap;

pub(crate) struct Vocab {
    pub(crate) pieces: Vec<Box<str>>,
    pub(crate) scores: Vec<f32>,
    index: HashMap<Box<str>, u32>,
    /// Longest piece in characters: no lookup needs to go further.
    max_chars: usize,
    pub(crate) unk: u32,
    unk_score: f64,
}

impl Vocab {
    pub(crate) fn new(pieces: Vec<Box<str>>, scores: Vec<f32>, unk: u32, unk_score: f64, max_chars: usize) -> Self {
        let mut index = HashMap::with_capacity(pieces.len());
        for (id, p) in pieces.iter().enumerate() {
            // The first id wins if a piece were listed twice (the original has no duplicates).
            index.entry(p.clone()).or_insert(id as u32);
        }
        Vocab { pieces, scores, index, max_chars, unk, unk_score }
    }

    /// The piece ids of normalised text (as [`crate::normalize`] makes it), without `<s>`/`</s>`.
    pub(crate) fn segment(&self, normalized: &str) -> Vec<u32> {
        if normalized.is_empty() {
            return vec![self.unk];
        }
        // Character boundaries: position k in characters is byte bounds[k].
        let bounds: Vec<usize> = normalized.char_indices().map(|(i, _)| i).chain([normalized.len()]).collect();
        let n = bounds.len() - 1;
        let mut best = vec![f64::NEG_INFINITY; n + 1];
        best[0] = 0.0;
        let mut start_of = vec![0usize; n + 1];
        let mut piece_of = vec![self.unk; n + 1];
        for i in 0..n {
            let base = best[i];
            let stop = (i + self.max_chars).min(n);
            let mut has_single = false;
            for j in i + 1..=stop {
                if let Some(&id) = self.index.get(&normalized[bounds[i]..bounds[j]]) {
                    let score = base + self.scores[id as usize] as f64;
                    if score > best[j] {
                        best[j] = score;
                        start_of[j] = i;
                        piece_of[j] = id;
                    }
                    if j == i + 1 {
                        has_single = true;
                    }
                }
            }
            if !has_single {
                let score = base + self.unk_score;
                if score > best[i + 1] {
                    best[i + 1] = score;
                    start_of[i + 1] = i;
                    piece_of[i + 1] = self.unk;
                }
            }
        }
        let mut ids = Vec::new();
        let mut p = n;
        while p > 0 {
            ids.push(piece_of[p]);
            p = start_of[p];
        }
        ids.reverse();
        ids
    }
}
