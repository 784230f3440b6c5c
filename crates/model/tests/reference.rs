//! The converted model against the package it comes from (fixture written by
//! `crates/model/tools/reference.py` with the package's own tokenizer and encoder).
//!
//! Needs `target/model/composure-use-m.bin`, which `scripts/model` builds (`scripts/test` runs
//! it first). Without it these tests fail and say so.

use composure_model::{cosine, Model, ModelError};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::OnceLock;

#[derive(Deserialize)]
struct Reference {
    text: String,
    pieces: Vec<String>,
    pieces_pruned: Vec<String>,
    embedding: Vec<f32>,
    embedding_pruned: Vec<f32>,
}

fn model_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/model/composure-use-m.bin")
}

fn model_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let path = model_path();
        std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "the model file {} is missing ({e}): build it with `scripts/model` \
                 (scripts/test does this first)",
                path.display()
            )
        })
    })
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::from_bytes(model_bytes()).expect("the built model file loads"))
}

fn references() -> Vec<Reference> {
    include_str!("reference.jsonl")
        .lines()
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("reference.jsonl:{}: {e}", i + 1)))
        .collect()
}

fn pieces(model: &Model, text: &str) -> Vec<String> {
    model.tokenize(text).iter().map(|&id| model.piece(id).unwrap().to_string()).collect()
}

#[test]
fn tokenizer_matches_the_package_on_every_post() {
    let model = model();
    let refs = references();
    assert!(refs.len() >= 60, "the fixture has {} posts", refs.len());
    let kept: HashSet<&str> = (0..model.vocab_len() as u32).filter_map(|id| model.piece(id)).collect();
    let mut wrong = Vec::new();
    let mut as_unpruned = 0;
    for r in &refs {
        let got = pieces(model, &r.text);
        if got != r.pieces_pruned {
            wrong.push(format!("{:?}\n  rust:    {:?}\n  package: {:?}", r.text, got, r.pieces_pruned));
        }
        as_unpruned += usize::from(got == r.pieces);
        // Where the package's full tokenisation uses only kept pieces, pruning changed nothing.
        if r.pieces.iter().all(|p| kept.contains(p.as_str())) {
            assert_eq!(got, r.pieces, "{:?}: all its pieces are kept, yet it is cut differently", r.text);
        }
    }
    println!("tokenizer: {} of {} posts cut exactly as with the full vocabulary", as_unpruned, refs.len());
    assert!(
        wrong.is_empty(),
        "{} posts tokenised differently (if the converter's vocabulary changed on purpose, \
         rewrite the fixture: target/model-cache/venv/bin/python crates/model/tools/reference.py):\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The conversion (quantised weights, the Rust forward pass) against the package's own encoder
/// fed the same pieces.
#[test]
fn embeddings_are_within_cosine_0_99_of_the_package_on_the_same_pieces() {
    let model = model();
    let refs = references();
    let cosines: Vec<f32> = refs
        .iter()
        .map(|r| {
            let got = model.embed(&r.text);
            let norm: f32 = got.iter().map(|v| v * v).sum::<f32>().sqrt();
            assert!((norm - 1.0).abs() < 1e-4, "{:?}: length {norm}", r.text);
            cosine(&got, &r.embedding_pruned)
        })
        .collect();
    report("same pieces", &refs, &cosines);
    for (r, c) in refs.iter().zip(&cosines) {
        assert!(*c >= 0.99, "{:?}: cosine {c:.4} with the package's embedding", r.text);
    }
}

/// Pruning and quantisation together against the package on its full vocabulary. Pruning
/// re-cuts words whose pieces were dropped (names, CamelCase hashtags, decimals, stretched
/// words, other scripts), which moves a post's vector more than quantisation does. The bounds
/// are what was measured when the vocabulary was chosen (mean 0.976, lowest 0.732: README,
/// "The sentence model") with a small margin: they catch a vocabulary that got worse.
#[test]
fn embeddings_stay_close_to_the_unpruned_package() {
    let model = model();
    let refs = references();
    let cosines: Vec<f32> = refs.iter().map(|r| cosine(&model.embed(&r.text), &r.embedding)).collect();
    report("full vocabulary", &refs, &cosines);
    let mean = cosines.iter().sum::<f32>() / cosines.len() as f32;
    assert!(mean >= 0.97, "mean cosine {mean:.4}");
    for (r, c) in refs.iter().zip(&cosines) {
        assert!(*c >= 0.7, "{:?}: cosine {c:.4} with the unpruned package", r.text);
    }
}

fn report(what: &str, refs: &[Reference], cosines: &[f32]) {
    let mean = cosines.iter().sum::<f32>() / cosines.len() as f32;
    let (i, min) = cosines.iter().enumerate().fold((0, f32::MAX), |acc, (i, &c)| if c < acc.1 { (i, c) } else { acc });
    let at_99 = cosines.iter().filter(|&&c| c >= 0.99).count();
    println!(
        "cosine with the package ({what}): mean {mean:.4}, lowest {min:.4} ({:?}), {at_99} of {} posts at 0.99 or more",
        refs[i].text,
        cosines.len()
    );
}

#[test]
fn meaning_survives_translation_and_unrelated_posts_stay_apart() {
    let model = model();
    let en = model.embed("my boss is an idiot");
    let nl = model.embed("mijn baas is een idioot");
    let other = model.embed("Wat een prachtige dag in Utrecht");
    assert!(cosine(&en, &nl) > 0.6, "translation: {}", cosine(&en, &nl));
    assert!(cosine(&en, &other) < 0.3, "unrelated: {}", cosine(&en, &other));
}

#[test]
fn any_text_tokenises_and_embeds() {
    let model = model();
    for text in ["", "   ", "\u{0}", "𓀀𓀁 ꙮ", "\u{200b}", &"x".repeat(5000), "a\u{301}\u{301}\u{301}"] {
        let ids = model.tokenize(text);
        assert!(ids.len() >= 3, "{text:?}");
        let e = model.embed(text);
        assert!(e.iter().all(|v| v.is_finite()), "{text:?}");
    }
}

/// The pieces spell out the normalised text again: nothing is lost or invented by the
/// segmentation (checked on texts without `<unk>`, which stands for a character it drops).
#[test]
fn pieces_spell_the_normalised_text() {
    let model = model();
    let mut texts: Vec<String> = references().into_iter().map(|r| r.text).collect();
    // Every 1-4 character window of a string of awkward characters.
    let odd: Vec<char> = "aA 1.,!?#@ \tÉéëï ß ﬁ ｆ ① ½ İ ŉ x\u{301}\u{200b}😂👍🏽\u{a0}\n".chars().collect();
    for len in 1..=4 {
        for w in odd.windows(len) {
            texts.push(w.iter().collect());
        }
    }
    for text in &texts {
        let ids = model.tokenize(text);
        let inner = &ids[1..ids.len() - 1];
        if inner.iter().any(|&id| model.piece(id) == Some("<unk>")) {
            continue;
        }
        let spelled: String = inner.iter().map(|&id| model.piece(id).unwrap()).collect();
        assert_eq!(spelled, model.normalize(text), "{text:?}");
    }
}

/// Every code point, between two letters, normalises as in the package (those that change are
/// listed in normalize.jsonl; all others must stay as they are).
#[test]
fn normaliser_matches_the_package_on_every_code_point() {
    let model = model();
    let mut changed = std::collections::HashMap::new();
    for (i, line) in include_str!("normalize.jsonl").lines().enumerate() {
        let (c, n): (u32, String) =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("normalize.jsonl:{}: {e}", i + 1));
        changed.insert(c, n);
    }
    assert!(changed.len() > 4000, "{} entries", changed.len());
    let mut wrong = Vec::new();
    for c in (0..0x11_0000u32).filter_map(char::from_u32) {
        let got = model.normalize(&format!("a{c}b"));
        let want = changed.get(&(c as u32)).cloned().unwrap_or_else(|| format!("\u{2581}a{c}b"));
        if got != want {
            wrong.push(format!("U+{:04X}: {got:?}, package {want:?}", c as u32));
        }
    }
    assert!(wrong.is_empty(), "{} code points differ:\n{}", wrong.len(), wrong[..wrong.len().min(20)].join("\n"));
}

#[test]
fn damaged_files_are_refused_with_the_reason() {
    let bytes = model_bytes();
    assert_eq!(Model::from_bytes(b"").unwrap_err(), ModelError::BadMagic);
    assert_eq!(Model::from_bytes(b"PK\x03\x04 not a model").unwrap_err(), ModelError::BadMagic);

    let mut v2 = bytes[..64].to_vec();
    v2[8..12].copy_from_slice(&2u32.to_le_bytes());
    let err = Model::from_bytes(&v2).unwrap_err();
    assert_eq!(err, ModelError::UnsupportedVersion { found: 2, supported: 1 });
    assert!(err.to_string().contains("scripts/model"), "{err}");

    let mut huge = bytes[..64].to_vec();
    huge[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
    let err = Model::from_bytes(&huge).unwrap_err();
    assert!(matches!(err, ModelError::Invalid { what: "piece count", .. }), "{err}");

    // Cut anywhere: an error naming what was being read, never a panic.
    for cut in [9, 12, 40, 44, 1000, 300_000, bytes.len() / 2, bytes.len() - 5, bytes.len() - 1] {
        match Model::from_bytes(&bytes[..cut]) {
            Err(ModelError::Truncated { what, offset }) => {
                assert!(offset <= cut, "cut at {cut}: offset {offset} ({what})")
            }
            other => panic!("cut at {cut}: {other:?}"),
        }
    }
    let mut longer = bytes.to_vec();
    longer.push(0);
    assert_eq!(Model::from_bytes(&longer).unwrap_err(), ModelError::TrailingBytes { offset: bytes.len() });
}

/// A byte changed anywhere (header, pieces, charsmap, table, tensors) gives an error or a model
/// that still tokenises and embeds without panicking.
#[test]
fn corrupted_bytes_never_panic() {
    let bytes = model_bytes();
    // Every header byte, then 24 places spread over the rest (each load takes ~25 ms).
    let mut offsets: Vec<usize> = (0..48).collect();
    offsets.extend((0..24).map(|i| 48 + i * (bytes.len() / 24) + 13));
    for at in offsets {
        for flip in [0x01u8, 0xFF] {
            let mut b = bytes.to_vec();
            b[at] ^= flip;
            if let Ok(m) = Model::from_bytes(&b) {
                for text in ["Café ﬁ 😂 <s> mijn baas", "", "ＦＵＬＬ\t①"] {
                    let _ = m.embed(text);
                }
            }
        }
    }
}
