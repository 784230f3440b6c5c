"""Trains the sentence model's heads, as the engine runs them (crates/engine/src/semantic.rs):
a hidden layer of 256 ReLU units shared by the six categories, then one logistic output per
category (a multi-label MLP). On the dev split it found more than six separate logistic
regressions at the same false-alarm budget (confidential 0.74 vs 0.60, speaking for the
company 0.76 vs 0.56, employer criticism 0.47 vs 0.40; 2026-12-03).

Data: data/corpus/train-*.jsonl (written for this from docs/labelling.md). The split is by
a hash of each post's text, so it is the same on every machine and stays put as posts are
added: 85 % train (fit), 15 % dev (choose C and each head's threshold). The frozen test set
(data/corpus/test-frozen.jsonl) is never read here.

Vectors come from the Rust encoder itself (the embed example of composure-model), so the
heads are fitted on exactly the vectors the CLI and the extension compute.

Deterministic: sorted inputs, lbfgs, one thread, fixed rounding of what is written.
"""

import argparse
import glob
import hashlib
import json
import os
import subprocess
import sys

import numpy as np
from sklearn.neural_network import MLPClassifier

CATEGORIES = [
    "employer-criticism",
    "confidential",
    "personal-data",
    "credentials",
    "profanity-insult",
    "speaking-for-company",
]
DEV_PERCENT = 15
HIDDEN = 256
ALPHA = 1e-2
EPOCHS = 200
# Each head may warn on at most this share of the benign dev posts: six heads together stay
# near the 6 % the product allows for every layer.
BENIGN_BUDGET = 0.008
DIMS = 512


def log(*args):
    print("train:", *args, file=sys.stderr, flush=True)


def load(pattern):
    posts, seen = [], set()
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    post = json.loads(line)
                except json.JSONDecodeError as e:
                    sys.exit(f"train: {path}:{number}: not JSON: {e}")
                labels = post.get("labels")
                if not isinstance(post.get("text"), str) or not isinstance(labels, list):
                    sys.exit(f"train: {path}:{number}: needs a \"text\" string and a \"labels\" list")
                unknown = [l for l in labels if l not in CATEGORIES]
                if unknown:
                    sys.exit(f"train: {path}:{number}: unknown category {unknown[0]!r}")
                if post["text"] in seen:
                    continue
                seen.add(post["text"])
                posts.append({"text": post["text"], "labels": labels, "lang": post.get("lang", "?")})
    return posts


def is_dev(text):
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 100 < DEV_PERCENT


def embed(texts, embed_cmd, model, cache_dir):
    """Vectors for texts, from the Rust encoder; cached by model and text."""
    with open(model, "rb") as f:
        model_sha = hashlib.sha256(f.read()).hexdigest()
    key = hashlib.sha256((model_sha + "\0" + "\0".join(texts)).encode("utf-8")).hexdigest()[:16]
    cache = os.path.join(cache_dir, f"vectors-{key}.npy")
    if os.path.exists(cache):
        return np.load(cache), model_sha
    log(f"embedding {len(texts)} posts with the Rust encoder")
    lines = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    out = subprocess.run(embed_cmd + [model], input=lines.encode("utf-8"), capture_output=True, check=False)
    if out.returncode != 0:
        sys.exit("train: the encoder failed: " + out.stderr.decode("utf-8", "replace"))
    vectors = np.frombuffer(out.stdout, dtype="<f4").reshape(len(texts), DIMS).astype(np.float64)
    os.makedirs(cache_dir, exist_ok=True)
    np.save(cache, vectors)
    return vectors, model_sha


def choose_threshold(scores, positive, benign):
    """The threshold with the best F1 on dev among those that warn on at most BENIGN_BUDGET
    of the benign dev posts."""
    benign_scores = np.sort(scores[benign])[::-1]
    allowed = int(np.floor(BENIGN_BUDGET * len(benign_scores)))
    floor = benign_scores[allowed] + 1e-6 if allowed < len(benign_scores) else 0.0
    best = (-1.0, 0.5)
    for t in np.unique(np.concatenate([scores, [0.5]])):
        if t < floor:
            continue
        flagged = scores >= t
        tp = np.sum(flagged & positive)
        if tp == 0:
            continue
        precision = tp / np.sum(flagged)
        recall = tp / np.sum(positive)
        f1 = 2 * precision * recall / (precision + recall)
        if f1 > best[0]:
            best = (f1, float(t))
    return max(best[1], float(floor))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data/corpus/train-*.jsonl")
    ap.add_argument("--model", required=True)
    ap.add_argument("--embed", required=True, help="the embed command (reads JSON lines, writes f32 vectors)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--cache", default="target/train-cache")
    args = ap.parse_args()

    posts = load(args.data)
    if not posts:
        sys.exit(f"train: no posts in {args.data}")
    texts = [p["text"] for p in posts]
    X, model_sha = embed(texts, args.embed.split(), args.model, args.cache)
    dev = np.array([is_dev(t) for t in texts])
    train = ~dev
    benign = np.array([not p["labels"] for p in posts])
    langs = np.array([p["lang"] for p in posts])
    log(f"{len(posts)} posts: {train.sum()} train, {dev.sum()} dev ({benign.sum()} benign in all)")

    Y = np.array([[c in p["labels"] for c in CATEGORIES] for p in posts]).astype(int)
    log(f"fitting a {HIDDEN}-unit MLP for {len(CATEGORIES)} categories ({EPOCHS} epochs)")
    import warnings
    from sklearn.exceptions import ConvergenceWarning
    with warnings.catch_warnings():
        # A fixed number of epochs is the point (same result every run), not convergence.
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp = MLPClassifier(hidden_layer_sizes=(HIDDEN,), alpha=ALPHA, max_iter=EPOCHS, random_state=0)
        mlp.fit(X[train], Y[train])
    P = mlp.predict_proba(X[dev])

    heads, report = [], {}
    for i, category in enumerate(CATEGORIES):
        y = Y[dev][:, i].astype(bool)
        scores = P[:, i]
        t = choose_threshold(scores, y, benign[dev])
        flagged = scores >= t
        recall = float(np.sum(flagged & y) / max(1, np.sum(y)))
        precision = float(np.sum(flagged & y) / max(1, np.sum(flagged)))
        per_lang = {}
        for lang in ("en", "nl"):
            m = langs[dev] == lang
            per_lang[lang] = {
                "recall": round(float(np.sum(flagged & y & m) / max(1, np.sum(y & m))), 3),
                "benign_warned": round(float(np.sum(flagged & benign[dev] & m) / max(1, np.sum(benign[dev] & m))), 4),
            }
        report[category] = {"threshold": round(t, 4), "recall": round(recall, 3), "precision": round(precision, 3),
                            **per_lang}
        log(f"{category:22} threshold={t:.3f} dev recall={recall:.2f} precision={precision:.2f} "
            f"en={per_lang['en']['recall']:.2f} nl={per_lang['nl']['recall']:.2f}")
        heads.append({
            "category": category,
            "weights": [float(f"{w:.6g}") for w in mlp.coefs_[1][:, i]],
            "bias": float(f"{mlp.intercepts_[1][i]:.6g}"),
            "threshold": round(t, 4),
        })
    any_flag = np.zeros(int(dev.sum()), dtype=bool)
    for i, h in enumerate(heads):
        any_flag |= P[:, i] >= h["threshold"]
    benign_warned = float(np.sum(any_flag & benign[dev]) / max(1, np.sum(benign[dev])))
    log(f"benign dev posts warned by any head: {benign_warned:.3f}")
    hidden = {
        # sklearn keeps inputs x units; the engine reads one row of inputs per unit.
        "weights": [float(f"{w:.6g}") for w in mlp.coefs_[0].T.reshape(-1)],
        "bias": [float(f"{b:.6g}") for b in mlp.intercepts_[0]],
    }

    doc = {
        "encoder": model_sha,
        "dims": DIMS,
        "hidden": hidden,
        "heads": heads,
        "training": {
            "data": args.data,
            "posts": int(len(posts)),
            "train": int(train.sum()),
            "dev": int(dev.sum()),
            "benign_budget_per_head": BENIGN_BUDGET,
            "benign_dev_warned_by_any_head": round(benign_warned, 4),
            "hidden_units": HIDDEN,
            "alpha": ALPHA,
            "epochs": EPOCHS,
            "dev_figures": report,
        },
    }
    with open(args.out, "w", encoding="utf-8") as f:
        # Compact: the hidden layer is 131,072 numbers.
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
