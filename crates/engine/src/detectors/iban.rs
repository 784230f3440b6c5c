//! IBANs (ISO 13616): two letters, two check digits and 11–30 letters and digits, compact
//! (`NL91ABNA0417164300`) or in groups of four separated by single spaces
//! (`NL91 ABNA 0417 1643 00`). Flagged only when the mod-97 check holds and, for the countries
//! in [`LENGTHS`], the length is the country's. Country letters may be lower case; an unknown
//! country code must be written in capitals.

use std::ops::Range;

use super::Detector;

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Iban;

const MIN_LEN: usize = 15;
const MAX_LEN: usize = 34;
const MAX_GROUPS: usize = MAX_LEN.div_ceil(4);

/// IBAN lengths per country (SWIFT IBAN registry, 2024).
#[rustfmt::skip]
const LENGTHS: &[(&[u8; 2], usize)] = &[
    (b"AD", 24), (b"AE", 23), (b"AL", 28), (b"AT", 20), (b"AZ", 28), (b"BA", 20), (b"BE", 16),
    (b"BG", 22), (b"BH", 22), (b"BI", 27), (b"BR", 29), (b"BY", 28), (b"CH", 21), (b"CR", 22),
    (b"CY", 28), (b"CZ", 24), (b"DE", 22), (b"DJ", 27), (b"DK", 18), (b"DO", 28), (b"EE", 20),
    (b"EG", 29), (b"ES", 24), (b"FI", 18), (b"FK", 18), (b"FO", 18), (b"FR", 27), (b"GB", 22),
    (b"GE", 22), (b"GI", 23), (b"GL", 18), (b"GR", 27), (b"GT", 28), (b"HN", 28), (b"HR", 21),
    (b"HU", 28), (b"IE", 22), (b"IL", 23), (b"IQ", 23), (b"IS", 26), (b"IT", 27), (b"JO", 30),
    (b"KW", 30), (b"KZ", 20), (b"LB", 28), (b"LC", 32), (b"LI", 21), (b"LT", 20), (b"LU", 20),
    (b"LV", 21), (b"LY", 25), (b"MC", 27), (b"MD", 24), (b"ME", 22), (b"MK", 19), (b"MN", 20),
    (b"MR", 27), (b"MT", 31), (b"MU", 30), (b"NI", 28), (b"NL", 18), (b"NO", 15), (b"OM", 23),
    (b"PK", 24), (b"PL", 28), (b"PS", 29), (b"PT", 25), (b"QA", 29), (b"RO", 24), (b"RS", 22),
    (b"RU", 33), (b"SA", 24), (b"SC", 31), (b"SD", 18), (b"SE", 24), (b"SI", 19), (b"SK", 24),
    (b"SM", 27), (b"SO", 23), (b"ST", 25), (b"SV", 28), (b"TL", 23), (b"TN", 24), (b"TR", 26),
    (b"UA", 29), (b"VA", 22), (b"VG", 24), (b"XK", 20), (b"YE", 30),
];

impl Detector for Iban {
    fn find(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let b = text.as_bytes();
        let mut i = 0;
        while i + 4 <= b.len() {
            if !b[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let run_end = alnum_run_end(b, i);
            if b[i].is_ascii_alphabetic()
                && b[i + 1].is_ascii_alphabetic()
                && b[i + 2].is_ascii_digit()
                && b.get(i + 3).is_some_and(u8::is_ascii_digit)
                && !text[..i].chars().next_back().is_some_and(is_word_char)
            {
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

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn alnum_run_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i
}

/// Not glued to a following word (`…4300ab`, `…4300é`).
fn ends_word(text: &str, i: usize) -> bool {
    !text[i..].chars().next().is_some_and(is_word_char)
}

fn parse(text: &str, start: usize, run_end: usize) -> Option<usize> {
    let b = text.as_bytes();
    let len = run_end - start;
    if len > 4 {
        // Compact: the whole word is the IBAN.
        return (ends_word(text, run_end) && valid(&b[start..run_end])).then_some(run_end);
    }
    if len != 4 || b.get(run_end) != Some(&b' ') {
        return None;
    }
    // Grouped: 4-character groups, the last one possibly shorter.
    let mut chars = [0u8; MAX_LEN + 4];
    chars[..4].copy_from_slice(&b[start..run_end]);
    let mut n = 4;
    let mut ends = [(0usize, 0usize); MAX_GROUPS + 1];
    ends[0] = (run_end, 4);
    let mut groups = 1;
    let mut pos = run_end;
    while groups <= MAX_GROUPS && b.get(pos) == Some(&b' ') {
        let group_end = alnum_run_end(b, pos + 1);
        let glen = group_end - (pos + 1);
        if glen == 0 || glen > 4 || n + glen > MAX_LEN {
            break;
        }
        chars[n..n + glen].copy_from_slice(&b[pos + 1..group_end]);
        n += glen;
        ends[groups] = (group_end, n);
        groups += 1;
        pos = group_end;
        if glen < 4 {
            break;
        }
    }
    // Longest reading first: "BE68 5390 0754 7034 voor de huur" stops before "voor".
    (1..groups).rev().map(|k| ends[k]).find(|&(end, n)| ends_word(text, end) && valid(&chars[..n])).map(|(end, _)| end)
}

/// ASCII letters and digits, starting with two letters and two digits.
fn valid(s: &[u8]) -> bool {
    if !(MIN_LEN..=MAX_LEN).contains(&s.len()) || !s.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let country = [s[0].to_ascii_uppercase(), s[1].to_ascii_uppercase()];
    let known = LENGTHS.iter().find(|(c, _)| **c == country).map(|&(_, len)| len);
    let length_ok = match known {
        Some(len) => s.len() == len,
        None => s[0].is_ascii_uppercase() && s[1].is_ascii_uppercase(),
    };
    length_ok && mod97(s) == 1
}

/// The IBAN with its first four characters moved to the end, letters as 10–35, mod 97.
fn mod97(s: &[u8]) -> u32 {
    s[4..].iter().chain(&s[..4]).fold(0u32, |acc, &c| {
        if c.is_ascii_digit() {
            (acc * 10 + u32::from(c - b'0')) % 97
        } else {
            (acc * 100 + u32::from(c.to_ascii_uppercase() - b'A') + 10) % 97
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        Iban.find(text, &mut out);
        out.iter().map(|r| &text[r.clone()]).collect()
    }

    /// Builds a valid IBAN for `country` and `bban` by computing its check digits.
    fn make(country: &str, bban: &str) -> String {
        let probe = format!("{country}00{bban}");
        let check = 98 - mod97(probe.as_bytes());
        format!("{country}{check:02}{bban}")
    }

    fn spaced(iban: &str) -> String {
        iban.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn known_samples_are_valid() {
        for s in [
            "NL91ABNA0417164300",
            "BE68539007547034",
            "DE89370400440532013000",
            "GB82WEST12345698765432",
            "FR1420041010050500013M02606",
            "ES9121000418450200051332",
            "IT60X0542811101000000123456",
            "LU280019400644750000",
        ] {
            assert!(valid(s.as_bytes()), "{s}");
        }
        assert_eq!(make("NL", "ABNA0417164300"), "NL91ABNA0417164300");
    }

    #[test]
    fn flags_real_ibans() {
        assert_eq!(find("Maak het over naar NL91ABNA0417164300."), ["NL91ABNA0417164300"]);
        assert_eq!(find("IBAN: NL91 ABNA 0417 1643 00 t.n.v. Jan"), ["NL91 ABNA 0417 1643 00"]);
        assert_eq!(find("Rekening BE68 5390 0754 7034 voor de huur"), ["BE68 5390 0754 7034"]);
        assert_eq!(find("pay to DE89 3704 0044 0532 0130 00 please"), ["DE89 3704 0044 0532 0130 00"]);
        assert_eq!(find("GB82WEST12345698765432, thanks!"), ["GB82WEST12345698765432"]);
        assert_eq!(find("nl91abna0417164300 (lower case)"), ["nl91abna0417164300"]);
        assert_eq!(find("🏦NL91 ABNA 0417 1643 00🏦"), ["NL91 ABNA 0417 1643 00"]);
        assert_eq!(find("חשבון NL91ABNA0417164300 תודה"), ["NL91ABNA0417164300"]);
        assert_eq!(find("é\u{301} NL91ABNA0417164300\u{301} ok"), ["NL91ABNA0417164300"]);
        let fr = make("FR", "20041010050500013M02606");
        let fr_spaced = spaced(&fr);
        assert_eq!(find(&format!("Virement: {fr_spaced}")), [fr_spaced.as_str()]);
        let lu = make("LU", "0019400644750000");
        assert_eq!(find(&format!("{lu} en NL91ABNA0417164300")), [lu.as_str(), "NL91ABNA0417164300"]);
    }

    #[test]
    fn ignores_lookalikes() {
        // Wrong check digits.
        assert!(find("NL92ABNA0417164300").is_empty());
        assert!(find("NL91 ABNA 0417 1643 01").is_empty());
        // Right check digits, wrong length for the country.
        let short = make("NL", "ABNA041716430");
        assert!(find(&short).is_empty());
        // Inside longer words.
        assert!(find("xNL91ABNA0417164300").is_empty());
        assert!(find("NL91ABNA0417164300x").is_empty());
        assert!(find("NL91ABNA0417164300é").is_empty());
        assert!(find("_NL91ABNA0417164300").is_empty());
        // Unknown country in lower case; code-like tokens.
        let unknown = make("ZZ", "ABCD12345678901");
        assert!(find(&unknown.to_lowercase()).is_empty());
        assert!(find("AB12 CDEF 1234 5678 90").is_empty());
        assert!(find("ISO 13616 and NL91 only").is_empty());
        // Double spaces, groups of the wrong size.
        assert!(find("NL91  ABNA 0417 1643 00").is_empty());
        assert!(find("NL91 ABNA0 417 1643 00").is_empty());
        // Cards, phone numbers, postcodes.
        assert!(find("4111 1111 1111 1111 en 06-12345678, 1234 AB").is_empty());
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in ["", "NL", "NL9", "NL91", "NL91 ", "NL91 ABNA ", "ÑL91ABNA0417164300", "NL91 ÄBNA 0417"] {
            let _ = find(text);
        }
        let _ = find(&"NL91 ".repeat(10_000));
        let _ = find(&"NL91ABNA0417164300".repeat(1_000));
    }
}
