//! Payment card numbers: 13–19 digits, compact or in groups separated by single spaces or
//! dashes (`4111 1111 1111 1111`, `3782-822463-10005`), with a known issuer prefix and length
//! and a valid Luhn checksum. A number that fails Luhn is never flagged. A compact number
//! right after an order, invoice or tracking word (`order #4389…`) is a reference; grouped
//! like a card (`4111 1111 1111 1111`) it is flagged wherever it is.

use std::ops::Range;

use super::{reference, Detector};

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PaymentCard;

const MIN_DIGITS: usize = 13;
const MAX_DIGITS: usize = 19;
/// Most groups a written card number has (4-4-4-4-3).
const MAX_GROUPS: usize = 5;

impl Detector for PaymentCard {
    fn find(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let run_end = digit_run_end(b, i);
            if boundary_before(text, i) {
                if let Some(end) = parse(text, i, run_end) {
                    out.push(i..end);
                    i = end;
                    continue;
                }
            }
            i = run_end;
        }
    }
}

/// Words that say the number is a card after all (`order: card 4111…`).
const CARD_WORDS: &[&str] = &["card", "kaart", "creditcard", "visa", "mastercard", "amex", "pas", "cc"];

/// Tries to read a card number starting at `start`, whose first digit run ends at `first_end`.
/// Returns the end of the number.
fn parse(text: &str, start: usize, first_end: usize) -> Option<usize> {
    let b = text.as_bytes();
    let first_len = first_end - start;
    if first_len >= MIN_DIGITS {
        let digits = &b[start..first_end];
        let card = first_len <= MAX_DIGITS && boundary_after(text, first_end) && valid(digits);
        return (card && !reference::after_reference_word(text, start, 60, &[], CARD_WORDS)).then_some(first_end);
    }
    // Grouped: the first group has 4 digits, middle groups 4 or 6, the last 1 to 6.
    if first_len != 4 {
        return None;
    }
    let sep = match b.get(first_end) {
        Some(&s @ (b' ' | b'-')) => s,
        _ => return None,
    };
    let mut digits = [0u8; MAX_DIGITS];
    digits[..4].copy_from_slice(&b[start..first_end]);
    let mut count = 4;
    // (end of group, digits so far, every group up to and including this one is 4 or 6 long)
    let mut ends = [(0usize, 0usize, false); MAX_GROUPS];
    ends[0] = (first_end, 4, true);
    let mut groups = 1;
    let mut pos = first_end;
    while groups < MAX_GROUPS && b.get(pos) == Some(&sep) && b.get(pos + 1).is_some_and(u8::is_ascii_digit) {
        let group_start = pos + 1;
        let group_end = digit_run_end(b, group_start);
        let len = group_end - group_start;
        if len > 6 || count + len > MAX_DIGITS {
            break;
        }
        digits[count..count + len].copy_from_slice(&b[group_start..group_end]);
        count += len;
        let regular = ends[groups - 1].2 && (len == 4 || len == 6);
        ends[groups] = (group_end, count, regular);
        groups += 1;
        pos = group_end;
    }
    // Longest reading first: "4111 1111 1111 1111 12/27" is the card and an expiry date.
    for k in (1..groups).rev() {
        let (end, n, _) = ends[k];
        // All groups before the last must be regular.
        if n < MIN_DIGITS || !ends[k - 1].2 {
            continue;
        }
        if boundary_after(text, end) && valid(&digits[..n]) {
            return Some(end);
        }
    }
    None
}

fn digit_run_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// Not inside a word or a longer number (`ref4111…`, `+4111…`, `1.4111…`, `12-4111…`).
fn boundary_before(text: &str, i: usize) -> bool {
    let mut before = text[..i].chars().rev();
    match before.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' || c == '+' => false,
        Some(c @ ('.' | ',' | '-' | '/' | ':')) => {
            !before.next().is_some_and(|p| p.is_ascii_digit() || (matches!(c, '.' | '-' | '/') && p.is_alphanumeric()))
        }
        Some(_) => true,
    }
}

/// Not followed by more of a word or number (`…1111x`, `…1111.5`, `…1111-22`).
fn boundary_after(text: &str, i: usize) -> bool {
    let mut after = text[i..].chars();
    match after.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' => false,
        Some('.' | ',' | '-' | '/' | ':') => !after.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    }
}

/// ASCII digits with a known issuer prefix and length and a valid Luhn check digit.
fn valid(digits: &[u8]) -> bool {
    (MIN_DIGITS..=MAX_DIGITS).contains(&digits.len()) && issuer_ok(digits) && luhn(digits)
}

fn prefix(digits: &[u8], k: usize) -> u32 {
    digits[..k].iter().fold(0, |acc, &d| acc * 10 + u32::from(d - b'0'))
}

/// Visa 4; Mastercard 51–55, 2221–2720; Amex 34/37; Discover 6011, 644–649, 65; JCB 3528–3589;
/// Diners 300–305, 3095, 36, 38–39; Maestro 50, 56–69; UnionPay 62; Mir 2200–2204; UATP 1;
/// RuPay 81–82; Troy 9792 — each with its card lengths.
fn issuer_ok(d: &[u8]) -> bool {
    let n = d.len();
    match d[0] {
        b'4' => matches!(n, 13 | 16 | 19),
        // Mastercard 2-series; Mir 2200–2204.
        b'2' => {
            (n == 16 && (2221..=2720).contains(&prefix(d, 4)))
                || ((2200..=2204).contains(&prefix(d, 4)) && (16..=19).contains(&n))
        }
        // UATP.
        b'1' => n == 15,
        b'5' => match prefix(d, 2) {
            51..=55 => n == 16,
            50 | 56..=59 => (16..=19).contains(&n),
            _ => false,
        },
        b'3' => {
            let p2 = prefix(d, 2);
            ((p2 == 34 || p2 == 37) && n == 15)
                || ((3528..=3589).contains(&prefix(d, 4)) && (16..=19).contains(&n))
                || (((300..=305).contains(&prefix(d, 3)) || prefix(d, 4) == 3095 || matches!(p2, 36 | 38 | 39))
                    && (14..=19).contains(&n))
        }
        // Discover, UnionPay and Maestro together cover every 6 prefix.
        b'6' => (16..=19).contains(&n),
        // RuPay 81–82; Troy 9792.
        b'8' => n == 16 && matches!(prefix(d, 2), 81 | 82),
        b'9' => n == 16 && prefix(d, 4) == 9792,
        _ => false,
    }
}

fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (k, &d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(d - b'0');
        if k % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        PaymentCard.find(text, &mut out);
        out.iter().map(|r| &text[r.clone()]).collect()
    }

    /// Completes `partial` (digits, without the check digit) with its Luhn check digit.
    fn with_check_digit(partial: &str) -> String {
        (0..10).map(|d| format!("{partial}{d}")).find(|s| luhn(s.as_bytes())).unwrap()
    }

    /// The same number with its check digit off by one: fails Luhn.
    fn broken(valid: &str) -> String {
        let mut s = valid.to_string();
        let last = s.pop().unwrap().to_digit(10).unwrap();
        s.push(char::from_digit((last + 1) % 10, 10).unwrap());
        s
    }

    fn grouped(digits: &str, sizes: &[usize], sep: &str) -> String {
        let mut parts = Vec::new();
        let mut at = 0;
        for &n in sizes {
            parts.push(&digits[at..at + n]);
            at += n;
        }
        parts.join(sep)
    }

    #[test]
    fn luhn_samples() {
        assert!(luhn(b"4111111111111111"));
        assert!(luhn(b"5555555555554444"));
        assert!(luhn(b"378282246310005"));
        assert!(!luhn(b"4111111111111112"));
    }

    #[test]
    fn flags_real_cards() {
        assert_eq!(find("Mijn pas: 4111 1111 1111 1111, verloopt 12/27"), ["4111 1111 1111 1111"]);
        assert_eq!(find("card 4111-1111-1111-1111 pls refund"), ["4111-1111-1111-1111"]);
        assert_eq!(find("Mastercard 5555555555554444."), ["5555555555554444"]);
        assert_eq!(find("kaart:4111111111111111"), ["4111111111111111"]);
        assert_eq!(find("Amex: 3782 822463 10005 (zakelijk)"), ["3782 822463 10005"]);
        assert_eq!(find("4111 1111 1111 1111 12/27 cvc 123"), ["4111 1111 1111 1111"]);
        let mc2 = with_check_digit("222100000000001");
        assert_eq!(find(&format!("nieuw: {mc2}")), [mc2.as_str()]);
        let jcb = with_check_digit("353011133330000");
        let spaced = grouped(&jcb, &[4, 4, 4, 4], " ");
        assert_eq!(find(&format!("JCB {spaced} 🎉")), [spaced.as_str()]);
        let diners = with_check_digit("3056930902590");
        assert_eq!(find(&format!("Diners {}", grouped(&diners, &[4, 6, 4], " "))).len(), 1);
        let visa19 = with_check_digit("411111111111111111");
        let g = grouped(&visa19, &[4, 4, 4, 4, 3], " ");
        assert_eq!(find(&format!("👉{g}👈")), [g.as_str()]);
        let maestro = with_check_digit("676770000000000");
        // A combining mark after the number does not glue it to a word.
        assert_eq!(find(&format!("e\u{301} {maestro}\u{301}")), [maestro.as_str()]);
        assert_eq!(find(&format!("é {maestro} é")), [maestro.as_str()]);
    }

    #[test]
    fn groupings_from_13_to_19_digits() {
        // Visa 13 (4-4-4-1) and 19 (4-4-4-4-3), Amex 15 (4-6-5), Diners 14 (4-6-4), Mastercard 16.
        for (compact, grouped) in [
            ("4222222222222", "4222 2222 2222 2"),
            ("4111111111111111003", "4111 1111 1111 1111 003"),
            ("378282246310005", "3782 822463 10005"),
            ("36227206271667", "3622-720627-1667"),
            ("5105105105105100", "5105-1051-0510-5100"),
        ] {
            assert!(luhn(compact.as_bytes()), "{compact}");
            assert_eq!(find(&format!("kaart {grouped}.")), [grouped], "{grouped}");
            assert_eq!(find(&format!("card: {compact}")), [compact], "{compact}");
        }
    }

    #[test]
    fn more_issuers() {
        // Luhn-completed numbers with Mir, UATP, RuPay, Troy and Diners 39 prefixes.
        for prefix in ["220138200000001", "13541001400495", "817290000000000", "979200000000000", "3912345678901"] {
            let card = (0..10).map(|d| format!("{prefix}{d}")).find(|c| luhn(c.as_bytes())).unwrap();
            assert_eq!(find(&format!("card {card}")), [card.as_str()], "{card}");
        }
        // An unknown issuer digit with a valid Luhn digit.
        let other = (0..10).map(|d| format!("700000000000000{d}")).find(|c| luhn(c.as_bytes())).unwrap();
        assert!(find(&other).is_empty());
    }

    #[test]
    fn compact_numbers_after_a_reference_word_are_references() {
        assert!(find("My order #4111111111111111 still hasn't arrived").is_empty());
        assert!(find("factuurnummer: 5555555555554444").is_empty());
        // A card word nearer to the number wins; grouped like a card it is one anyway.
        assert_eq!(find("order issue, card 4111111111111111"), ["4111111111111111"]);
        assert_eq!(find("order 4111 1111 1111 1111"), ["4111 1111 1111 1111"]);
    }

    #[test]
    fn two_cards() {
        assert_eq!(find("4111111111111111 en 5555 5555 5555 4444"), ["4111111111111111", "5555 5555 5555 4444"]);
    }

    #[test]
    fn ignores_luhn_failures_and_lookalikes() {
        assert!(find("Bestelling 4111 1111 1111 1112 is verzonden").is_empty());
        assert!(find(&broken("5555555555554444")).is_empty());
        // Luhn-valid but unknown issuer prefix.
        let unknown = with_check_digit("123456789012345");
        assert!(find(&format!("ordernummer {unknown}")).is_empty());
        // Right prefix, wrong length for the brand.
        let amex16 = with_check_digit("371449635398431");
        assert!(find(&amex16).is_empty());
        // Inside longer tokens and numbers.
        assert!(find("ref4111111111111111").is_empty());
        assert!(find("4111111111111111x").is_empty());
        assert!(find("+4111111111111111").is_empty());
        assert!(find(&with_check_digit("4111111111111111")).is_empty());
        assert!(find("1.4111111111111111").is_empty());
        assert!(find("ID-4111111111111111").is_empty());
        assert!(find("4111111111111111.5").is_empty());
        // Odd groupings, mixed separators and doubled separators.
        assert!(find("41 11 11 11 11 11 11 11").is_empty());
        assert!(find("4111 1111-1111 1111").is_empty());
        assert!(find("4111  1111  1111  1111").is_empty());
        // Dates, phone numbers, IBAN digits.
        assert!(find("2024-01-15 en 06-12345678").is_empty());
        assert!(find("NL91ABNA0417164300").is_empty());
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in ["", "4", "4111 ", "4111-", "٤١١١١١١١١١١١١١١١", "4111 1111 1111 1111 1111 1111 1111", "𝟒𝟏𝟏𝟏"]
        {
            let _ = find(text);
        }
        let long = "4111 ".repeat(10_000);
        let _ = find(&long);
    }
}
