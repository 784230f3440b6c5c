//! The model file, `composure-use-m.bin`, written by `crates/model/tools/convert.py`.
//!
//! All numbers little-endian; no padding, no alignment. In order:
//!
//! | field | type | meaning |
//! |---|---|---|
//! | magic | 8 bytes | `CMPSUSEM` |
//! | version | u32 | [`VERSION`] (1) |
//! | pieces | u32 | number of vocabulary pieces, K |
//! | dim | u32 | embedding width, 512 |
//! | unk, bos, eos | 3 × u32 | ids of `<unk>`, `<s>`, `</s>` (0, 1, 2) |
//! | max piece length | u32 | in characters, of the original vocabulary (16) |
//! | unk score | f64 | Viterbi score of an unknown character |
//! | K pieces | u8 length + UTF-8 | the piece text, `▁` marking a word start |
//! | K scores | f32 | each piece's unigram log-probability |
//! | charsmap | u32 length + bytes | SentencePiece's precompiled `nmt_nfkc` normaliser: u32 trie size, darts-clone double array (u32 units), NUL-terminated replacements |
//! | 8-bit rows | u32 | N: the first N pieces (the most frequent) are stored at 8 bits |
//! | N row scales, N row minimums | f32 each | value = `q × scale[r] + min[r]` |
//! | N × dim bytes | u8 | `q`, row-major |
//! | codebook | 16 × f32 | the levels of the 4-bit rows |
//! | K − N row means, K − N row deviations | f32 each | value = `codebook[q] × sd[r] + mean[r]` |
//! | (K − N) × dim / 2 bytes | u8 | 4-bit `q`, row-major, even column in the low nibble |
//! | tensors | u32 | count, then each: u8 name length, ASCII name, u32 rows, u32 cols, u8 kind; kind 0: rows × cols f32; kind 1: cols f32 scales, then rows × cols i8, value = q × scale[col] |
//! | eps | f32 | layer-norm epsilon |
//!
//! The tensors are the ones [`TENSORS`] lists, in that order; the reader checks names and
//! shapes and refuses anything left over at the end.

use crate::ModelError;

/// The first eight bytes of every model file.
pub const MAGIC: &[u8; 8] = b"CMPSUSEM";
/// The format version this crate reads.
pub const VERSION: u32 = 1;

/// Name, rows, columns of each dense tensor in file order (rows 1 = a vector).
pub const TENSORS: [(&str, usize, usize); 34] = [
    ("proj2", 512, 256),
    ("proj_b2", 1, 256),
    ("ln_g2", 1, 256),
    ("ln_b2", 1, 256),
    ("w1_2", 512, 256),
    ("b1_2", 1, 256),
    ("w2_2", 512, 256),
    ("b2_2", 1, 256),
    ("proj3", 512, 256),
    ("proj_b3", 1, 256),
    ("ln_g3", 1, 256),
    ("ln_b3", 1, 256),
    ("w1_3", 768, 256),
    ("b1_3", 1, 256),
    ("w2_3", 768, 256),
    ("b2_3", 1, 256),
    ("proj5", 512, 256),
    ("proj_b5", 1, 256),
    ("ln_g5", 1, 256),
    ("ln_b5", 1, 256),
    ("w1_5", 1280, 256),
    ("b1_5", 1, 256),
    ("w2_5", 1280, 256),
    ("b2_5", 1, 256),
    ("ln_g", 1, 1280),
    ("ln_b", 1, 1280),
    ("cnn_W", 1280, 512),
    ("cnn_b", 1, 512),
    ("d0", 512, 320),
    ("d1", 320, 320),
    ("p1", 512, 320),
    ("d2", 320, 512),
    ("p3", 320, 512),
    ("d3", 512, 512),
];

/// A cursor over the file that turns running out of bytes into [`ModelError::Truncated`]
/// naming what was being read.
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    pub(crate) fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    pub(crate) fn bytes(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], ModelError> {
        if self.remaining() < n {
            return Err(ModelError::Truncated { what, offset: self.pos });
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    pub(crate) fn u8(&mut self, what: &'static str) -> Result<u8, ModelError> {
        Ok(self.bytes(1, what)?[0])
    }

    pub(crate) fn u32(&mut self, what: &'static str) -> Result<u32, ModelError> {
        let b = self.bytes(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn f32(&mut self, what: &'static str) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32(what)?))
    }

    pub(crate) fn f64(&mut self, what: &'static str) -> Result<f64, ModelError> {
        let b = self.bytes(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(f64::from_le_bytes(a))
    }

    /// `n` f32 values.
    pub(crate) fn f32s(&mut self, n: usize, what: &'static str) -> Result<Vec<f32>, ModelError> {
        let len = n.checked_mul(4).ok_or(ModelError::Truncated { what, offset: self.pos })?;
        let b = self.bytes(len, what)?;
        Ok(b.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }
}
