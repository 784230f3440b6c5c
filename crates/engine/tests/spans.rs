//! Spans point at what the person typed, in any script, and convert to the UTF-16
//! offsets JavaScript uses.

use composure_engine::utf16::byte_to_utf16_offsets;
use composure_engine::{Context, Engine};
use proptest::prelude::*;

fn engine() -> Engine {
    Engine::from_json(
        r#"{"extends": ["default"], "organization": {"names": ["Acme"], "codenames": ["Falcon"]},
            "rules": [{"id": "T1-word", "category": "test", "severity": "warn", "message": {"en": "m"},
                       "match": {"kind": "terms", "terms": ["falcon", "idiot*"]}}]}"#,
    )
    .unwrap()
}

/// What JavaScript's `text.slice(start, end)` returns for UTF-16 offsets.
fn js_slice(text: &str, start: usize, end: usize) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[start..end]).unwrap()
}

fn utf16_spans(text: &str) -> Vec<(usize, usize, String)> {
    let e = engine();
    let findings = e.check(text, &Context::default());
    let mut offsets: Vec<usize> = findings.iter().flat_map(|f| [f.span.start, f.span.end]).collect();
    byte_to_utf16_offsets(text, &mut offsets);
    findings
        .iter()
        .zip(offsets.chunks(2))
        .filter(|(f, _)| f.rule_id == "T1-word")
        .map(|(f, o)| (o[0], o[1], text[f.span.clone()].to_string()))
        .collect()
}

#[test]
fn emoji_before_a_finding_count_as_two_units() {
    let text = "😀😀 Falcon";
    let spans = utf16_spans(text);
    assert_eq!(spans, [(5, 11, "Falcon".to_string())]);
    assert_eq!(js_slice(text, 5, 11), "Falcon");
}

#[test]
fn combining_marks_stay_inside_the_span() {
    // "idiot" with a combining acute on the i, and a decomposed é before it.
    let text = "cafe\u{301} i\u{301}diot";
    let spans = utf16_spans(text);
    assert_eq!(spans.len(), 1);
    let (s, e, typed) = &spans[0];
    assert_eq!(typed, "i\u{301}diot");
    assert_eq!(js_slice(text, *s, *e), "i\u{301}diot");
}

#[test]
fn right_to_left_text_around_a_finding() {
    let text = "مرحبا Falcon שלום";
    let spans = utf16_spans(text);
    assert_eq!(spans.len(), 1);
    assert_eq!(js_slice(text, spans[0].0, spans[0].1), "Falcon");
}

fn post_like() -> impl Strategy<Value = String> {
    // Words the rules know, mixed with the characters that break offset arithmetic.
    let pieces = prop::sample::select(vec![
        "Acme",
        "Falcon",
        "idiot",
        "1d10t",
        "f u c k",
        "06-12345678",
        "4111 1111 1111 1111",
        "NL91ABNA0417164300",
        "😀",
        "👩‍👩‍👧",
        "🇳🇱",
        "\u{301}",
        "\u{200b}",
        "é",
        "ß",
        "ｆｕｃｋ",
        "𝐢𝐝𝐢𝐨𝐭",
        "مرحبا",
        "שלום",
        "\u{202e}",
        " ",
        "\n",
        ".",
        "...",
        "!",
        "#",
        "@",
        "$",
        "a",
        "not",
        "niet",
        "password=hunter22",
    ]);
    prop::collection::vec(prop_oneof![pieces.prop_map(str::to_string), any::<char>().prop_map(String::from)], 0..40)
        .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn spans_are_in_bounds_and_on_char_boundaries(text in post_like()) {
        let e = engine();
        let findings = e.check(&text, &Context::default());
        let mut offsets = Vec::new();
        for f in &findings {
            prop_assert!(f.span.start < f.span.end && f.span.end <= text.len());
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            offsets.extend([f.span.start, f.span.end]);
        }
        byte_to_utf16_offsets(&text, &mut offsets);
        for (f, o) in findings.iter().zip(offsets.chunks(2)) {
            prop_assert_eq!(js_slice(&text, o[0], o[1]), &text[f.span.clone()]);
        }
    }
}
