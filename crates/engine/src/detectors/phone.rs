//! Phone numbers as people write them.
//!
//! * Dutch national numbers: exactly 10 digits, `0` then `1`–`7` (`06-12345678`,
//!   `06 12 34 56 78`, `(06) 12345678`, `020-1234567`, `010 123 4567`). Service numbers
//!   (0800, 0900, 085, 088) are not flagged.
//! * British national numbers: 11 digits, `01`/`02`/`03`/`07` (`07700 900123`,
//!   `020 7946 0958`); North American ones written `(415) 555-0123`, `415-555-0123` or
//!   `415.555.0123`.
//! * International numbers with `+` or `00`: a country code and 8–15 digits in all (E.164),
//!   checked more strictly for a few countries (NL, US/CA, UK, FR, BE, DE). A `(0)` trunk
//!   prefix is allowed (`+31 (0)6 12345678`).
//!
//! Separators are single spaces, `-` and `.`, and parentheses. Dates (`15-01-2024`), digit runs
//! inside longer numbers or words, order/invoice numbers (after such a word) and the digits of
//! a spaced IBAN are not phone numbers.

use std::ops::Range;

use super::{reference, Detector};

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Phone;

/// More digits than any written phone number (15 for E.164, plus `00` and a trunk `0`).
const MAX_DIGITS: usize = 18;
const MAX_GROUPS: usize = 10;

#[derive(Debug, Clone, Copy, Default)]
struct Group {
    start: usize,
    end: usize,
    /// Written in parentheses: `(06)`, `(0)`, `(415)`.
    paren: bool,
    /// The separator before this group (0 for the first, `(` for `…31(0)`, `)` for `(0)6`).
    sep: u8,
}

impl Group {
    fn len(&self) -> usize {
        self.end - self.start
    }
}

impl Detector for Phone {
    fn find(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let b = text.as_bytes();
        let mut last_end = None;
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            let startable = c == b'+' || c == b'(' || (c.is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit()));
            if startable && boundary_before(text, i, last_end) {
                if let Some(end) = scan(text, i) {
                    out.push(i..end);
                    last_end = Some(end);
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
    }
}

/// Reads the groups of a phone-number-like sequence at `start` and returns the end of the
/// longest prefix of them that is a phone number.
fn scan(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let plus = b[start] == b'+';
    let mut pos = start + usize::from(plus);
    if plus && !b.get(pos).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let mut groups = [Group::default(); MAX_GROUPS];
    let mut n = 0;
    let mut digits = 0;
    let mut sep = 0u8;
    while n < MAX_GROUPS {
        let paren = b.get(pos) == Some(&b'(');
        let group_start = pos + usize::from(paren);
        let group_end = digit_run_end(b, group_start);
        let len = group_end - group_start;
        if len == 0 || digits + len > MAX_DIGITS || (paren && (len > 4 || b.get(group_end) != Some(&b')'))) {
            break;
        }
        groups[n] = Group { start: group_start, end: group_end, paren, sep };
        n += 1;
        digits += len;
        pos = group_end + usize::from(paren);
        // What joins this group to the next one.
        sep = match (b.get(pos), b.get(pos + 1)) {
            (Some(b'('), _) if !paren => b'(',
            (Some(d), _) if paren && d.is_ascii_digit() => b')',
            (Some(&s @ (b' ' | b'-' | b'.')), Some(&d)) if d.is_ascii_digit() || d == b'(' => {
                pos += 1;
                s
            }
            _ => break,
        };
    }
    (1..=n).rev().find_map(|k| {
        let last = groups[k - 1];
        (!last.paren && boundary_after(text, last.end) && valid(text, start, plus, &groups[..k])).then_some(last.end)
    })
}

fn digit_run_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

fn valid(text: &str, start: usize, plus: bool, groups: &[Group]) -> bool {
    let b = text.as_bytes();
    if looks_like_date(groups) {
        return false;
    }
    // The digits, without a `(0)` trunk prefix after the first group.
    let mut d = [0u8; MAX_DIGITS];
    let mut n = 0;
    let mut trunk = false;
    for (k, g) in groups.iter().enumerate() {
        if k > 0 && g.paren && &b[g.start..g.end] == b"0" {
            trunk = true;
            continue;
        }
        d[n..n + g.len()].copy_from_slice(&b[g.start..g.end]);
        n += g.len();
    }
    let d = &d[..n];
    if plus {
        international(d, groups[0].len(), trunk)
    } else if d.starts_with(b"00") {
        // 0031 6 12345678: `00` in the first group, with the country code or on its own.
        let first = groups[0].len();
        // `0 0...`: the `00` is split over groups, which no one writes before a country code.
        let in_first = match first {
            0 | 1 => return false,
            2 => groups.get(1).map_or(0, Group::len),
            _ => first - 2,
        };
        !after_iban_start(text, start) && international(&d[2..], in_first, trunk)
    } else {
        !trunk && national(b, groups) && !after_iban_start(text, start) && !after_reference_word(text, start)
    }
}

/// A number without country code: Dutch, British or North American.
fn national(b: &[u8], groups: &[Group]) -> bool {
    dutch(b, groups) || british(b, groups) || north_american(b, groups)
}

/// Dutch: 10 digits, `0[1-7]…`, sensible grouping.
fn dutch(b: &[u8], groups: &[Group]) -> bool {
    let total: usize = groups.iter().map(Group::len).sum();
    let first = groups[0];
    let first_digits = &b[first.start..first.end];
    if total != 10 || first_digits[0] != b'0' || !(b'1'..=b'7').contains(&first_digits.get(1).copied().unwrap_or(b'0'))
    {
        return false;
    }
    // The area code (or 06) first: 2–4 digits, or the whole number. Two digits only for 06.
    if !(matches!(first.len(), 3 | 4 | 10) || first_digits == b"06") {
        return false;
    }
    // Parentheses only around the area code.
    groups.iter().skip(1).all(|g| !g.paren)
}

/// British: 11 digits, `01…`, `02…`, `03…` or `07…`, the area or mobile code (3–5 digits)
/// first: `07700 900123`, `020 7946 0958`, `0161 496 0000`.
fn british(b: &[u8], groups: &[Group]) -> bool {
    let total: usize = groups.iter().map(Group::len).sum();
    let first = groups[0];
    let first_digits = &b[first.start..first.end];
    total == 11
        && first_digits[0] == b'0'
        && matches!(first_digits.get(1), Some(b'1' | b'2' | b'3' | b'7'))
        && matches!(first.len(), 3..=5 | 11)
        && groups.len() <= 4
        && groups.iter().skip(1).all(|g| !g.paren)
}

/// North American: `(415) 555-0123`, `415-555-0123`, `415.555.0123` (3-3-4, area code and
/// exchange starting with 2–9). Plain spaces are not enough: too many other numbers look so.
fn north_american(b: &[u8], groups: &[Group]) -> bool {
    let [area, exchange, line] = groups else { return false };
    let shape = area.len() == 3 && exchange.len() == 3 && line.len() == 4 && !exchange.paren && !line.paren;
    let first_ok = |g: &Group| b[g.start] >= b'2';
    let seps = if area.paren {
        matches!(exchange.sep, b' ' | b')') && matches!(line.sep, b'-' | b' ')
    } else {
        exchange.sep == line.sep && matches!(line.sep, b'-' | b'.')
    };
    shape && first_ok(area) && first_ok(exchange) && seps
}

/// `cc` + national number: digits after `+`/`00`; `first` is how many of them the first
/// written group holds (the country code must not be split).
fn international(d: &[u8], first: usize, trunk: bool) -> bool {
    if d.is_empty() || d[0] == b'0' {
        return false;
    }
    let cc_len = country_code_len(d);
    if first < cc_len || d.len() <= cc_len {
        return false;
    }
    let cc = &d[..cc_len];
    let mut nsn = &d[cc_len..];
    let total = |nsn: &[u8]| cc_len + nsn.len();
    match cc {
        b"31" => {
            // +31 06 12345678 is common (a trunk 0 that should not be there).
            if nsn.len() == 10 && nsn[0] == b'0' && !trunk {
                nsn = &nsn[1..];
            }
            nsn.len() == 9 && nsn[0] != b'0'
        }
        b"1" => nsn.len() == 10 && nsn[0] >= b'2' && nsn[3] >= b'2' && !trunk,
        b"44" => (9..=10).contains(&nsn.len()) && nsn[0] != b'0',
        b"33" => nsn.len() == 9 && nsn[0] != b'0',
        b"32" => (8..=9).contains(&nsn.len()) && nsn[0] != b'0',
        b"49" => (6..=13).contains(&nsn.len()) && nsn[0] != b'0',
        // Italy keeps the leading 0 of its area codes.
        b"39" => (6..=11).contains(&nsn.len()),
        _ => (8..=15).contains(&total(nsn)) && nsn[0] != b'0',
    }
}

/// ITU country codes: 1 and 7 are one digit; these two-digit codes exist; everything else is
/// read as three digits.
fn country_code_len(d: &[u8]) -> usize {
    const TWO: &[&[u8; 2]] = &[
        b"20", b"27", b"30", b"31", b"32", b"33", b"34", b"36", b"39", b"40", b"41", b"43", b"44", b"45", b"46", b"47",
        b"48", b"49", b"51", b"52", b"53", b"54", b"55", b"56", b"57", b"58", b"60", b"61", b"62", b"63", b"64", b"65",
        b"66", b"81", b"82", b"84", b"86", b"90", b"91", b"92", b"93", b"94", b"95", b"98",
    ];
    match d[0] {
        b'1' | b'7' => 1,
        _ if d.len() >= 2 && TWO.iter().any(|c| c[..] == d[..2]) => 2,
        _ => 3,
    }
}

/// Three groups that read as a date: dd-mm-yyyy or yyyy-mm-dd, with the same `-`, `.` or `/`.
fn looks_like_date(groups: &[Group]) -> bool {
    groups.windows(3).any(|w| {
        let same = w[1].sep == w[2].sep && matches!(w[1].sep, b'-' | b'.' | b'/');
        let (a, b, c) = (w[0].len(), w[1].len(), w[2].len());
        same && ((a <= 2 && b <= 2 && c == 4) || (a == 4 && b <= 2 && c <= 2))
    })
}

/// Not inside a word or a longer number. A digit, `+` or a connector glued to a word before
/// the number means it is part of something else — unless that digit ended the previous
/// phone number (`06-12345678 06-87654321`).
fn boundary_before(text: &str, i: usize, last_end: Option<usize>) -> bool {
    let mut before = text[..i].char_indices().rev();
    let Some((at, c)) = before.next() else { return true };
    if c.is_alphanumeric() || matches!(c, '_' | '+' | '#' | '@' | '€' | '$' | '£' | '/' | '\\' | '&' | '=') {
        return false;
    }
    let Some((_, pp)) = before.next() else { return true };
    // `1-06…`, `12.06…`, `3,06…`, `12 06…`: part of a longer number; `ABC-06…`: of a code.
    let glued =
        (matches!(c, '.' | ',' | '-' | ':' | ' ' | '(') && pp.is_ascii_digit()) || (c == '-' && pp.is_alphanumeric());
    !glued || last_end == Some(at)
}

/// Not followed by more of a word or number. A space and another digit is only a boundary
/// when a new phone number starts there (`0…`, `+…`, `(…`).
fn boundary_after(text: &str, i: usize) -> bool {
    let mut after = text[i..].chars();
    match after.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || matches!(c, '_' | '%' | '€') => false,
        Some(' ') => !after.next().is_some_and(|c| c.is_ascii_digit() && c != '0'),
        Some('.' | ',' | '-' | '/' | ':') => !after.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    }
}

/// Right after the first one or two groups of a spaced IBAN (`NL91 ABNA 0417 1643 00`).
fn after_iban_start(text: &str, start: usize) -> bool {
    let b = &text.as_bytes()[..start];
    let is_start =
        |g: &[u8]| g.len() == 4 && g[..2].iter().all(u8::is_ascii_alphabetic) && g[2..].iter().all(u8::is_ascii_digit);
    let group_before = |end: usize| -> Option<&[u8]> {
        // "XXXX " ending at `end`, preceded by a non-alphanumeric byte or the text start.
        if end < 5 || b[end - 1] != b' ' {
            return None;
        }
        let g = &b[end - 5..end - 1];
        let ok = g.iter().all(u8::is_ascii_alphanumeric) && (end == 5 || !b[end - 6].is_ascii_alphanumeric());
        ok.then_some(g)
    };
    match group_before(start) {
        Some(g) if is_start(g) => true,
        Some(_) => start >= 5 && group_before(start - 5).is_some_and(is_start),
        None => false,
    }
}

/// Numbers of other kinds that a national number can look like.
const OTHER_NUMBER_WORDS: &[&str] = &["isbn", "ean", "kvk", "btw", "vat", "iban", "serial"];

fn after_reference_word(text: &str, start: usize) -> bool {
    reference::after_reference_word(text, start, 60, OTHER_NUMBER_WORDS, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        Phone.find(text, &mut out);
        out.iter().map(|r| &text[r.clone()]).collect()
    }

    fn flags_exactly(text: &str, number: &str) {
        assert_eq!(find(text), [number], "in {text:?}");
    }

    #[test]
    fn flags_dutch_numbers() {
        for number in [
            "06-12345678",
            "06 1234 5678",
            "06 12 34 56 78",
            "(06) 12345678",
            "(06)-12345678",
            "020-1234567",
            "010 123 4567",
            "0201234567",
            "0612345678",
            "06.12.34.56.78",
            "0511-123456",
            "(020) 123 4567",
        ] {
            flags_exactly(&format!("Bel me op {number}, groetjes"), number);
        }
        flags_exactly("Mijn nummer: 06-12345678.", "06-12345678");
        flags_exactly("📞06-12345678📞", "06-12345678");
        flags_exactly("e\u{301} 06 1234 5678\u{301}", "06 1234 5678");
        flags_exactly("tel:0612345678", "0612345678");
        flags_exactly("Order 123 kwijt? Bel 06-12345678", "06-12345678");
        flags_exactly("اتصل بي على 06-12345678 شكرا", "06-12345678");
        flags_exactly("\u{202b}בבקשה התקשר 020-1234567\u{202c}", "020-1234567");
    }

    #[test]
    fn flags_international_numbers() {
        for number in [
            "+31 6 12345678",
            "+31 (0)6 12345678",
            "+31(0)6-12345678",
            "+31612345678",
            "0031 6 12345678",
            "0031612345678",
            "+31 20 123 4567",
            "+31 06 12345678",
            "+44 20 7946 0958",
            "+44 (0)20 7946 0958",
            "+1 415-555-0132",
            "+1 (415) 555-0132",
            "+49 30 1234567",
            "+49 (0)30 1234567",
            "+32 2 123 45 67",
            "+33 1 23 45 67 89",
            "+39 06 1234 5678",
            "+351 912 345 678",
        ] {
            flags_exactly(&format!("Call me at {number} tomorrow"), number);
        }
        flags_exactly("WhatsApp: +31612345678!", "+31612345678");
    }

    #[test]
    fn two_numbers() {
        assert_eq!(find("06-12345678 06-87654321"), ["06-12345678", "06-87654321"]);
        assert_eq!(find("020-1234567 of +31 6 12345678"), ["020-1234567", "+31 6 12345678"]);
    }

    #[test]
    fn flags_british_and_north_american_numbers_without_country_code() {
        for number in ["07700 900123", "07911 123 456", "07911123456", "020 7946 0958", "0161 496 0000"] {
            flags_exactly(&format!("ring Gemma on {number} tonight"), number);
        }
        for number in ["(415) 555-0123", "(415)555-0123", "415-555-0123", "415.555.0123", "(212) 555 0188"] {
            flags_exactly(&format!("Dave's cell: {number}."), number);
        }
    }

    #[test]
    fn ignores_other_national_shapes() {
        for text in [
            "0800 123 4567 is free to call",
            "415 555 0123 points",
            "115-555-0123",
            "415-155-0123",
            "415-555.0123",
            "order 415-555-0123",
            "ISBN 978-555-0123",
            "01234 567 8901 2",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn ignores_lookalikes() {
        for text in [
            "Bestelling 1234567890 is verzonden",
            "ordernummer 0612345678",
            "Factuur 020-1234567 betaald",
            "Your order number is 0612345678",
            "Op 2024-01-15 om 12:30:45",
            "Op 15-01-2024 en 06-01-2024 12:30",
            "01.02.2024 10:00",
            "Het kost €1.234.567,89",
            "versie 0.6.1234567.8",
            "v06.12.34.56.78",
            "IBAN NL91 ABNA 0417 1643 00",
            "NL91 0417 1643 0012 34",
            "BSN 111222333",
            "1234 AB Amsterdam, sinds 1999",
            "art0612345678",
            "0612345678abc",
            "06123456789",
            "061234567",
            "0800-1234567 en 0900-1234567",
            "0612345678.5",
            "1-06-12345678",
            "4111 1111 1111 1111",
            "+1 555",
            "+31 6 1234",
            "+5 12345678",
            "2+2 = 4, 3+31612345678",
            "#0612345678",
            "@0612345678",
            "06 1234 5678 9012",
            "+1 015-555-0132",
            "12.345.678.901",
        ] {
            assert!(find(text).is_empty(), "{text:?}: {:?}", find(text));
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in
            ["", "+", "(", "()", "(0", "(06", "+31 (", "+31 (0)", "0031", "00", "٠٦١٢٣٤٥٦٧٨", "+٣١", "06-", "06 ("]
        {
            let _ = find(text);
        }
        let _ = find(&"06 ".repeat(30_000));
        let _ = find(&"(0)".repeat(30_000));
        let _ = find(&"+".repeat(30_000));
        let _ = find(&"0".repeat(100_000));
    }

    /// Found by `scripts/fuzz check`: a `00` split over groups underflowed.
    #[test]
    fn split_double_zero_is_not_a_number_and_does_not_panic() {
        assert!(find(" 0 00 00/").is_empty());
        assert!(find("0 0031 6 12345678").len() <= 1);
    }
}
