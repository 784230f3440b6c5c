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
# Each head may warn on at most BENIGN_BUDGET of the benign dev posts. The budget itself is
# chosen on dev from BUDGETS: the largest whose heads, together with the rules (which run
# first and already warn on some benign posts), warn on at most COMBINED_BENIGN of the benign
# dev posts. The product allows 6 %; the margin is for posts unlike ours.
BUDGETS = [0.004, 0.006, 0.008, 0.010, 0.012, 0.015, 0.020, 0.025]
COMBINED_BENIGN = 0.05
BENIGN_BUDGET = BUDGETS[0]
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


def rule_flags(texts, cli):
    """Per post and category: does a rule (warn or block) flag it? From `composure check
    --no-model --jsonl`."""
    lines = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    out = subprocess.run([cli, "check", "--no-model", "--jsonl", "-"], input=lines.encode("utf-8"),
                         capture_output=True, check=False)
    if out.returncode not in (0, 1):
        sys.exit("train: composure check failed: " + out.stderr.decode("utf-8", "replace"))
    flags = np.zeros((len(texts), len(CATEGORIES)), dtype=bool)
    for i, line in enumerate(out.stdout.decode("utf-8").splitlines()):
        for f in json.loads(line)["findings"]:
            if f["severity"] in ("warn", "block") and f["category"] in CATEGORIES:
                flags[i, CATEGORIES.index(f["category"])] = True
    return flags


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data/corpus/train-*.jsonl")
    ap.add_argument("--model", required=True)
    ap.add_argument("--embed", required=True, help="the embed command (reads JSON lines, writes f32 vectors)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--cache", default="target/train-cache")
    ap.add_argument("--rules", required=True, help="the composure CLI, to see what the rules already flag on dev")
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
    R = rule_flags([t for t, d in zip(texts, dev) if d], args.rules)
    Yd, bd = Y[dev].astype(bool), benign[dev]
    log(f"the rules alone warn on {np.mean(R.any(axis=1)[bd]):.3f} of the benign dev posts")
    global BENIGN_BUDGET
    chosen = None
    for budget in BUDGETS:
        BENIGN_BUDGET = budget
        flags = R.copy()
        for i in range(len(CATEGORIES)):
            flags[:, i] |= P[:, i] >= choose_threshold(P[:, i], Yd[:, i], bd)
        combined = float(np.mean(flags.any(axis=1)[bd]))
        mean_recall = float(np.mean([np.mean(flags[Yd[:, i], i]) for i in range(len(CATEGORIES))]))
        log(f"budget {budget:.3f} per head: rules and heads warn on {combined:.3f} of benign dev posts, "
            f"mean recall {mean_recall:.3f}")
        if combined <= COMBINED_BENIGN:
            chosen = budget
    BENIGN_BUDGET = chosen if chosen is not None else BUDGETS[0]
    log(f"chosen: {BENIGN_BUDGET:.3f} per head")

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
            "combined_benign_target": COMBINED_BENIGN,
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
