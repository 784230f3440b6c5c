//! The sentence model: Google's multilingual Universal Sentence Encoder v3, its vocabulary
//! pruned to English and Dutch, run on the device.
//!
//! A [`Model`] is made from the bytes of one file (`target/model/composure-use-m.bin`, built
//! by `scripts/model`; format in [`format`]). It turns a post into a 512-wide vector of length
//! 1 whose cosine with another post's vector says how close their meanings are, across
//! languages. It reads nothing and writes nothing: the caller brings the bytes, so the same
//! code runs natively and in wasm.
//!
//! ```no_run
//! # fn main() -> Result<(), composure_model::ModelError> {
//! let bytes = std::fs::read("target/model/composure-use-m.bin").unwrap();
//! let model = composure_model::Model::from_bytes(&bytes)?;
//! let a = model.embed("my boss is an idiot");
//! let b = model.embed("mijn baas is een idioot");
//! println!("{:.2}", composure_model::cosine(&a, &b));
//! # Ok(()) }
//! ```

use std::fmt;

mod encoder;
pub mod format;
mod normalize;
mod tokenizer;

pub use encoder::DIM;
pub use normalize::SPACE_MARK;

use format::{Reader, MAGIC, VERSION};

/// The most pieces a model file may have.
const MAX_PIECES: usize = 1 << 20;

/// A sentence vector: 512 values, Euclidean length 1.
pub type Embedding = [f32; DIM];

/// Why a model file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModelError {
    /// The file does not start with `CMPSUSEM`: not a model file.
    BadMagic,
    /// A model file of another format version.
    UnsupportedVersion { found: u32, supported: u32 },
    /// The file ends while `what` is being read, at byte `offset`.
    Truncated { what: &'static str, offset: usize },
    /// A field holds a value this model cannot have.
    Invalid { what: &'static str, why: &'static str },
    /// A dense tensor is missing, misplaced or misshapen.
    Tensor { expected: &'static str, why: &'static str },
    /// Bytes follow the last field, from `offset` on.
    TrailingBytes { offset: usize },
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::BadMagic => write!(f, "not a Composure model file (bad magic)"),
            ModelError::UnsupportedVersion { found, supported } => write!(
                f,
                "model file format version {found}, this build reads version {supported}: rebuild it with scripts/model"
            ),
            ModelError::Truncated { what, offset } => {
                write!(f, "model file truncated: it ends at byte {offset} while reading the {what}")
            }
            ModelError::Invalid { what, why } => write!(f, "model file: bad {what}: {why}"),
            ModelError::Tensor { expected, why } => {
                write!(f, "model file: tensor {expected}: {why}")
            }
            ModelError::TrailingBytes { offset } => {
                write!(f, "model file: unexpected bytes after the end, from byte {offset}")
            }
        }
    }
}

impl std::error::Error for ModelError {}

/// The embedding table. Rows below `n8` (the most frequent pieces): 8 bits,
/// `q × scale[r] + min[r]`. The others: 4 bits, `book[q] × sd[r] + mean[r]`.
struct Table {
    n8: usize,
    scales: Vec<f32>,
    mins: Vec<f32>,
    bytes8: Vec<u8>,
    book: [f32; 16],
    means: Vec<f32>,
    sds: Vec<f32>,
    packed: Vec<u8>,
}

impl Table {
    fn read(r: &mut Reader, count: usize) -> Result<Table, ModelError> {
        let n8 = r.u32("8-bit row count")? as usize;
        if n8 > count {
            return Err(ModelError::Invalid { what: "8-bit row count", why: "more rows than pieces" });
        }
        let scales = r.f32s(n8, "8-bit row scales")?;
        let mins = r.f32s(n8, "8-bit row minimums")?;
        let bytes8 = r.bytes(n8 * DIM, "8-bit rows")?.to_vec();
        let mut book = [0.0; 16];
        book.copy_from_slice(&r.f32s(16, "4-bit codebook")?);
        let n4 = count - n8;
        let means = r.f32s(n4, "4-bit row means")?;
        let sds = r.f32s(n4, "4-bit row deviations")?;
        let packed = r.bytes(n4 * DIM / 2, "4-bit rows")?.to_vec();
        Ok(Table { n8, scales, mins, bytes8, book, means, sds, packed })
    }

    fn row(&self, id: u32, out: &mut [f32]) {
        let id = id as usize;
        if id < self.n8 {
            let (s, m) = (self.scales[id], self.mins[id]);
            for (o, &q) in out.iter_mut().zip(&self.bytes8[id * DIM..][..DIM]) {
                *o = q as f32 * s + m;
            }
        } else {
            let r = id - self.n8;
            let (sd, mean) = (self.sds[r], self.means[r]);
            let levels = self.book.map(|b| b * sd + mean);
            for (pair, &b) in out.chunks_exact_mut(2).zip(&self.packed[r * DIM / 2..][..DIM / 2]) {
                pair[0] = levels[(b & 15) as usize];
                pair[1] = levels[(b >> 4) as usize];
            }
        }
    }
}

/// The tokenizer, the embedding table and the encoder's weights.
pub struct Model {
    normalizer: normalize::Normalizer,
    vocab: tokenizer::Vocab,
    table: Table,
    encoder: encoder::Encoder,
    bos: u32,
    eos: u32,
}

impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Model").field("pieces", &self.vocab.pieces.len()).finish_non_exhaustive()
    }
}

impl Model {
    /// Reads a model file (see [`format`]). Everything is checked: magic, version, lengths,
    /// tensor names and shapes, ids in range, nothing left over.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader::new(bytes);
        if r.bytes(MAGIC.len(), "magic").map_err(|_| ModelError::BadMagic)? != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let version = r.u32("version")?;
        if version != VERSION {
            return Err(ModelError::UnsupportedVersion { found: version, supported: VERSION });
        }
        let count = r.u32("piece count")? as usize;
        // The original has 128,000; a bound keeps a corrupt count from allocating or
        // overflowing (usize is 32 bits in wasm).
        if count == 0 || count > MAX_PIECES {
            return Err(ModelError::Invalid { what: "piece count", why: "not between 1 and 1,048,576" });
        }
        let dim = r.u32("dimension")? as usize;
        if dim != DIM {
            return Err(ModelError::Invalid { what: "dimension", why: "this encoder is 512 wide" });
        }
        let (unk, bos, eos) = (r.u32("unk id")?, r.u32("bos id")?, r.u32("eos id")?);
        if [unk, bos, eos].iter().any(|&id| id as usize >= count) {
            return Err(ModelError::Invalid { what: "special ids", why: "beyond the vocabulary" });
        }
        let max_chars = r.u32("max piece length")? as usize;
        if max_chars == 0 || max_chars > 255 {
            return Err(ModelError::Invalid { what: "max piece length", why: "not between 1 and 255" });
        }
        let unk_score = r.f64("unk score")?;
        let mut pieces = Vec::with_capacity(count);
        for _ in 0..count {
            let len = r.u8("piece length")? as usize;
            let b = r.bytes(len, "piece")?;
            let s = std::str::from_utf8(b).map_err(|_| ModelError::Invalid { what: "piece", why: "not UTF-8" })?;
            pieces.push(Box::<str>::from(s));
        }
        let scores = r.f32s(count, "piece scores")?;
        let charsmap_len = r.u32("charsmap length")? as usize;
        let normalizer = normalize::Normalizer::from_charsmap(r.bytes(charsmap_len, "charsmap")?)?;
        let table = Table::read(&mut r, count)?;
        let encoder = encoder::read(&mut r)?;
        if r.remaining() != 0 {
            return Err(ModelError::TrailingBytes { offset: r.pos() });
        }
        Ok(Model {
            normalizer,
            vocab: tokenizer::Vocab::new(pieces, scores, unk, unk_score, max_chars),
            table,
            encoder,
            bos,
            eos,
        })
    }

    /// Number of pieces in the (pruned) vocabulary.
    pub fn vocab_len(&self) -> usize {
        self.vocab.pieces.len()
    }

    /// The text of piece `id` (`▁` marks a word start), `None` beyond the vocabulary.
    pub fn piece(&self, id: u32) -> Option<&str> {
        self.vocab.pieces.get(id as usize).map(|p| &**p)
    }

    /// The text as the tokenizer sees it: normalised (NFKC and the model's rules), spaces as
    /// `▁`, one `▁` in front.
    pub fn normalize(&self, text: &str) -> String {
        self.normalizer.normalize(text)
    }

    /// The piece ids the encoder reads for `text`: `<s>`, the pieces, `</s>`. Text with nothing
    /// but spaces is `<s> <unk> </s>`, as in the original.
    pub fn tokenize(&self, text: &str) -> Vec<u32> {
        let mut ids = vec![self.bos];
        ids.extend(self.vocab.segment(&self.normalizer.normalize(text)));
        ids.push(self.eos);
        ids
    }

    /// The sentence vector of `text` (length 1).
    pub fn embed(&self, text: &str) -> Embedding {
        self.embed_ids(&self.tokenize(text))
    }

    /// The sentence vector of piece ids as [`Model::tokenize`] returns them. Ids beyond the
    /// vocabulary are read as `<unk>`; an empty slice is read as `<s> <unk> </s>`.
    pub fn embed_ids(&self, ids: &[u32]) -> Embedding {
        let fallback;
        let ids = if ids.is_empty() {
            fallback = [self.bos, self.vocab.unk, self.eos];
            &fallback[..]
        } else {
            ids
        };
        let mut emb = vec![0.0; ids.len() * DIM];
        for (row, &id) in emb.chunks_exact_mut(DIM).zip(ids) {
            let id = if (id as usize) < self.vocab_len() { id } else { self.vocab.unk };
            self.table.row(id, row);
        }
        self.encoder.forward(&emb, ids.len())
    }
}

/// The encoder as the engine's model rules ask for one (`composure_engine::Semantic`).
#[cfg(feature = "engine")]
impl composure_engine::Embedder for Model {
    fn dims(&self) -> usize {
        DIM
    }
    fn embed(&self, text: &str) -> Vec<f32> {
        Model::embed(self, text).to_vec()
    }
}

/// Cosine similarity of two vectors (their dot product when both have length 1, as
/// embeddings do).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}
