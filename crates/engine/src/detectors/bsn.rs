//! Dutch citizen service numbers (burgerservicenummer, BSN): 9 digits (or 8, read with a
//! leading zero), compact or written `123.456.782`, `123 456 782`, `1234.56.782` or
//! `1234 56 782`, that pass the elfproef. Numbers inside longer numbers, after `+`, and right
//! after order, invoice, tracking, package or serial words are not flagged; neither are 8-digit
//! numbers that read as a date, nor the well-known example numbers `111222333` and `123456782`
//! in a post about examples or tests.

use std::ops::Range;

use super::{reference, Detector};

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Bsn;

impl Detector for Bsn {
    fn find(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let b = text.as_bytes();
        let mut last_end = None;
        // Whether the post is about examples: read once, only if an example number turns up.
        let mut docs: Option<bool> = None;
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let run_end = digit_run_end(b, i);
            if boundary_before(text, i, last_end) {
                if let Some((end, digits)) = parse(text, i, run_end) {
                    let mut example = || {
                        DOCUMENTATION_EXAMPLES.contains(&&digits)
                            && *docs.get_or_insert_with(|| reference::documentation_context(text))
                    };
                    if elfproef(&digits) && !after_reference_word(text, i) && !example() {
                        out.push(i..end);
                        last_end = Some(end);
                        i = end;
                        continue;
                    }
                }
            }
            i = run_end;
        }
    }
}

/// Reads a BSN-shaped number at `start` (first digit run ending at `first_end`): its end and
/// its nine digits.
fn parse(text: &str, start: usize, first_end: usize) -> Option<(usize, [u8; 9])> {
    let b = text.as_bytes();
    let mut digits = [b'0'; 9];
    match first_end - start {
        9 => {
            digits.copy_from_slice(&b[start..first_end]);
            boundary_after(text, first_end, None).then_some((first_end, digits))
        }
        8 => {
            let run = &b[start..first_end];
            if looks_like_date(run) {
                return None;
            }
            digits[1..].copy_from_slice(run);
            boundary_after(text, first_end, None).then_some((first_end, digits))
        }
        3 | 4 => {
            // 123.456.782, 123 456 782, 1234.56.782
            let sep = *b.get(first_end)?;
            let shape: &[usize] = match (first_end - start, sep) {
                (3, b'.' | b' ') => &[3, 3],
                (4, b'.' | b' ') => &[2, 3],
                _ => return None,
            };
            let mut n = first_end - start;
            digits[..n].copy_from_slice(&b[start..first_end]);
            let mut pos = first_end;
            for &len in shape {
                if b.get(pos) != Some(&sep) {
                    return None;
                }
                let group_end = digit_run_end(b, pos + 1);
                if group_end - (pos + 1) != len {
                    return None;
                }
                digits[n..n + len].copy_from_slice(&b[pos + 1..group_end]);
                n += len;
                pos = group_end;
            }
            boundary_after(text, pos, Some(sep)).then_some((pos, digits))
        }
        _ => None,
    }
}

/// 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11), and not all zeros.
fn elfproef(digits: &[u8; 9]) -> bool {
    let mut sum: i32 = 0;
    for (k, &d) in digits.iter().enumerate() {
        let v = i32::from(d - b'0');
        sum += if k == 8 { -v } else { (9 - k as i32) * v };
    }
    sum % 11 == 0 && digits.iter().any(|&d| d != b'0')
}

/// 8 digits that read as YYYYMMDD or DDMMYYYY (a date in 1900–2099).
fn looks_like_date(d: &[u8]) -> bool {
    let num = |r: Range<usize>| d[r].iter().fold(0u32, |a, &c| a * 10 + u32::from(c - b'0'));
    let date = |day: u32, month: u32, year: u32| {
        (1..=31).contains(&day) && (1..=12).contains(&month) && (1900..=2099).contains(&year)
    };
    date(num(6..8), num(4..6), num(0..4)) || date(num(0..2), num(2..4), num(4..8))
}

fn digit_run_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// Not inside a word or a longer number: not after a letter, `+`, or a digit and a separator
/// (`06 111222333`, `12.111222333`) — unless that digit ended the previous BSN (a list).
fn boundary_before(text: &str, i: usize, last_end: Option<usize>) -> bool {
    let mut before = text[..i].char_indices().rev();
    match before.next() {
        None => true,
        Some((_, c)) if c.is_alphanumeric() || matches!(c, '_' | '+' | '€' | '$' | '£') => false,
        Some((at, c @ ('.' | ',' | '-' | '/' | ':' | ' '))) => {
            // `12 345…`, `1,234…`, `ab-123…`: part of something longer; `€ 123.456.782`: money.
            let glued = before.next().is_some_and(|(_, p)| {
                p.is_ascii_digit()
                    || (matches!(c, '.' | '-' | '/') && p.is_alphanumeric())
                    || (c == ' ' && matches!(p, '€' | '$' | '£'))
            });
            !glued || last_end == Some(at)
        }
        Some(_) => true,
    }
}

/// Not followed by more of a word or number. A grouped number must not continue with another
/// group (`123 456 782 12`).
fn boundary_after(text: &str, i: usize, sep: Option<u8>) -> bool {
    let mut after = text[i..].chars();
    match after.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' => false,
        Some(c @ ('.' | ',' | '-' | '/' | ':' | ' ')) => {
            let continues = after.next().is_some_and(|c| c.is_ascii_digit());
            !(continues && (c != ' ' || sep == Some(b' ')))
        }
        Some(_) => true,
    }
}

/// Numbers of the same shape that are not BSNs: company (KvK, RSIN, VAT), product, bank and
/// phone numbers.
#[rustfmt::skip]
const OTHER_NUMBER_WORDS: &[&str] = &[
    "kvk", "rsin", "btw", "vat", "isbn", "ean", "iban", "rekening", "account", "tel", "phone", "fax", "mobiel",
    "mobile", "gsm", "whatsapp", "telefoon", "call",
];

/// Words that introduce a BSN, which win over a reference word further back.
const BSN_WORDS: &[&str] = &["bsn", "burgerservicenummer", "sofinummer", "sofi", "citizen"];

/// The example numbers every explanation of the elfproef uses.
const DOCUMENTATION_EXAMPLES: &[&[u8; 9]] = &[b"111222333", b"123456782"];

fn after_reference_word(text: &str, start: usize) -> bool {
    reference::after_reference_word(text, start, 80, OTHER_NUMBER_WORDS, BSN_WORDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        Bsn.find(text, &mut out);
        out.iter().map(|r| &text[r.clone()]).collect()
    }

    fn check(s: &str) -> bool {
        let d: Vec<u8> = s.bytes().filter(u8::is_ascii_digit).collect();
        let mut nine = [b'0'; 9];
        nine[9 - d.len()..].copy_from_slice(&d);
        elfproef(&nine)
    }

    /// The elfproef-valid numbers with these first 8 digits (at most one: the last digit is
    /// the weighted sum mod 11, unless that is 10).
    fn complete(first8: &str) -> Option<String> {
        (0..10).map(|d| format!("{first8}{d}")).find(|s| check(s))
    }

    #[test]
    fn elfproef_samples() {
        // 9·1 + 8·1 + 7·1 + 6·2 + 5·2 + 4·2 + 3·3 + 2·3 − 3 = 66 = 6·11
        assert!(check("111222333"));
        assert!(check("123456782"));
        assert!(!check("123456789"));
        assert!(!check("000000000"));
    }

    #[test]
    fn flags_real_bsns() {
        assert_eq!(find("Mijn BSN is 111222333, kun je dat invullen?"), ["111222333"]);
        assert_eq!(find("burgerservicenummer: 123.456.782"), ["123.456.782"]);
        assert_eq!(find("BSN 123 456 782 staat op mijn pas"), ["123 456 782"]);
        assert_eq!(find("sofinummer 1234.56.782!"), ["1234.56.782"]);
        assert_eq!(find("bsn: 1234 56 782."), ["1234 56 782"]);
        assert_eq!(find("My citizen service number is 111222333."), ["111222333"]);
        // Eight digits: read with a leading zero.
        let eight = complete("01234567").unwrap();
        assert_eq!(eight.len(), 9);
        assert_eq!(find(&format!("bsn {}", &eight[1..])), [&eight[1..]]);
        // Emoji and combining marks around the number.
        assert_eq!(find("🙈111222333🙈"), ["111222333"]);
        assert_eq!(find("é\u{301} 111222333\u{301}"), ["111222333"]);
        // A list.
        assert_eq!(find("BSNs: 111222333 123456782"), ["111222333", "123456782"]);
        // A BSN word wins over an order word further back.
        assert_eq!(find("Over mijn order: mijn BSN is 111222333"), ["111222333"]);
        assert_eq!(find("Order kwijt, dus hier: 111222333"), ["111222333"]);
    }

    #[test]
    fn ignores_lookalikes() {
        // Elfproef fails.
        assert!(find("Mijn BSN is 123456789").is_empty());
        assert!(find("000000000").is_empty());
        // Order, invoice and tracking numbers that happen to pass.
        assert!(find("Ordernummer: 111222333").is_empty());
        assert!(find("order nr. 111222333 is onderweg").is_empty());
        assert!(find("Your invoice number is 123456782").is_empty());
        assert!(find("Track&Trace 111222333").is_empty());
        assert!(find("klantnummer 123 456 782").is_empty());
        assert!(find("customer number: 111222333").is_empty());
        assert!(find("KvK 12345674, RSIN 123456782").is_empty());
        assert!(find("Prijs: € 123.456.782 of $111222333").is_empty());
        // Parts of longer numbers, phone numbers, IBANs, card numbers.
        assert!(find("+111222333").is_empty());
        assert!(find("0111222333").is_empty());
        assert!(find("1112223330").is_empty());
        assert!(find("06 111222333").is_empty());
        assert!(find("123 456 782 12").is_empty());
        assert!(find("111.222.333.444").is_empty());
        assert!(find("NL91ABNA0417164300").is_empty());
        assert!(find("4111 1111 1111 1111").is_empty());
        assert!(find("v111222333").is_empty());
        assert!(find("111222333kg").is_empty());
        assert!(find("1,111222333").is_empty());
        // More reference words; the example numbers in a post about tests.
        assert!(find("Parcel 123456782 is stuck").is_empty());
        let phone_like = complete("61234567").unwrap();
        assert!(find(&format!("whatsapp: {phone_like}")).is_empty());
        assert_eq!(find(&format!("bsn {phone_like}")), [phone_like.as_str()]);
        assert!(find("mobiel 111222333").is_empty());
        assert!(find("serienummer 111222333 op de doos").is_empty());
        assert!(find("Ticket 1234 56 782 bij de helpdesk").is_empty());
        assert!(find("Test data for the form: BSN 111222333").is_empty());
        assert!(find("bijv. 123.456.782 als voorbeeld").is_empty());
        // Eight-digit dates.
        for date in ["20240115", "15012024", "19991231"] {
            assert!(find(date).is_empty(), "{date}");
        }
        // Odd groupings.
        assert!(find("11 1222 333").is_empty());
        assert!(find("111-222-333").is_empty());
        assert!(find("111.222 333").is_empty());
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in ["", "1", "123.", "123.456.", "1234.56.", "١٢٣٤٥٦٧٨٢", "𝟏𝟏𝟏𝟐𝟐𝟐𝟑𝟑𝟑", "ordér 111222333"]
        {
            let _ = find(text);
        }
        let _ = find(&"111222333 ".repeat(10_000));
        let _ = find(&"9".repeat(100_000));
    }
}
