//! "Order 123456782", "factuurnummer 0612345678": numbers that follow an order, invoice,
//! customer or tracking word are references, not personal data. Shared by the detectors of
//! numbers that look like personal ones (BSN, phone, payment card). Also: whether a post is
//! about examples and formats, where the documentation's example values are not personal data.

/// Words after which a number is an order, invoice, customer or tracking number (prefixes:
/// "factuur" also covers "factuurnummer").
#[rustfmt::skip]
const REFERENCE_WORDS: &[&str] = &[
    "order", "bestel", "factuur", "invoice", "tracking", "track", "ref", "klantn", "klantnr", "customer",
    "artikel", "zending", "pakket", "dossier", "kenmerk", "polis", "contract", "package", "parcel", "shipment",
    "verzend", "serial", "serie", "ticket", "case", "zaaknummer", "aanvraag", "lidnummer", "member", "licen",
    "product", "transactie", "transaction", "boeking", "booking", "reserver", "reservation", "confirmation",
    "bevestiging",
];

/// Words that say a post is about examples, formats or tests (prefixes, at a word start).
#[rustfmt::skip]
const DOCUMENTATION_WORDS: &[&str] = &[
    "example", "voorbeeld", "e.g.", "bijv", "test", "dummy", "sample", "fictie", "fictief", "fictitious",
    "fake", "placeholder", "format", "formaat", "documentat", "docs", "registry", "register", "validat",
    "checksum", "elfproef", "mod-97", "mod 97", "regex", "fixture", "demo", "mock",
];

/// Whether the post talks about examples, formats or tests ("voorbeeld", "e.g.", "validator",
/// "elfproef"): then the well-known example values of the documentation are not someone's.
pub(crate) fn documentation_context(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len()).any(|i| {
        (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && b[i].is_ascii_alphabetic()
            && DOCUMENTATION_WORDS
                .iter()
                .any(|w| b[i..].len() >= w.len() && b[i..i + w.len()].eq_ignore_ascii_case(w.as_bytes()))
    })
}

/// Words that may stand between a reference word and its number: "invoice *number is* …".
const FILLER_WORDS: &[&str] = &[
    "nr", "no", "num", "nummer", "number", "id", "code", "is", "was", "the", "de", "het", "een", "van", "of", "your",
    "je", "jouw", "uw", "mijn", "my", "our", "ons", "onze", "me", "mij", "us", "at", "on", "op",
];

/// Whether the number at `start` follows a reference word (or one of `also`), with only filler
/// words and punctuation in between, looking back at most `reach` bytes and four words. A word
/// of `named_as_ours` on the way ("BSN 123…") means it is not a reference after all.
pub(crate) fn after_reference_word(
    text: &str,
    start: usize,
    reach: usize,
    also: &[&str],
    named_as_ours: &[&str],
) -> bool {
    let mut from = start.saturating_sub(reach);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let words = text[from..start]
        .split(|c: char| !(c.is_alphanumeric() || c == '&'))
        .rev()
        .filter(|w| !w.is_empty() && !w.bytes().all(|b| b.is_ascii_digit()))
        .take(4);
    for word in words {
        let starts = |p: &&str| word.len() >= p.len() && word.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
        if named_as_ours.iter().any(starts) {
            return false;
        }
        if REFERENCE_WORDS.iter().chain(also).any(starts) {
            return true;
        }
        if !FILLER_WORDS.iter().any(|f| f.eq_ignore_ascii_case(word)) {
            return false;
        }
    }
    false
}
