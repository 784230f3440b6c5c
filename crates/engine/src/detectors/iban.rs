//! IBANs (ISO 13616): two letters, two check digits and 11–30 letters and digits, as people
//! write them: compact (`NL91ABNA0417164300`), in groups of four (`NL91 ABNA 0417 1643 00`) or
//! in any other grouping with single spaces, dashes or dots (`ES 58 0049 0290 3424 1352 8341`,
//! `NO 0571 3905 25162`, `DE49-3907-5793-…`, `BE80.8326.6166.3049`), upper or lower case.
//! Flagged only when the mod-97 check holds and the length is the one the SWIFT IBAN registry
//! gives the country ([`LENGTHS`]: every registry country). A country code outside the
//! registry counts only in capitals, compact or in groups of four.
//!
//! The registry's own example IBANs ([`DOCUMENTATION_EXAMPLES`]) are not flagged in a post
//! that says it is about examples, formats or tests (see `reference::documentation_context`).

use std::ops::Range;

use super::{reference, Detector};

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Iban;

const MIN_LEN: usize = 15;
const MAX_LEN: usize = 34;

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

/// The IBAN registry's example for each country that documentation copies most (compact).
const DOCUMENTATION_EXAMPLES: &[&str] = &[
    "NL91ABNA0417164300",
    "GB82WEST12345698765432",
    "DE89370400440532013000",
    "BE68539007547034",
    "FR1420041010050500013M02606",
    "ES9121000418450200051332",
    "IT60X0542811101000000123456",
    "CH9300762011623852957",
    "AT611904300234573201",
    "LU280019400644750000",
];

impl Detector for Iban {
    fn find(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let b = text.as_bytes();
        // Whether the post is about examples: read once, only if an example IBAN turns up.
        let mut docs: Option<bool> = None;
        let mut i = 0;
        while i + 4 <= b.len() {
            if !b[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let run_end = alnum_run_end(b, i);
            if b[i].is_ascii_alphabetic()
                && b[i + 1].is_ascii_alphabetic()
                && check_digits_follow(b, i + 2)
                && !text[..i].chars().next_back().is_some_and(is_word_char)
            {
                if let Some((end, chars, len)) = parse(text, i) {
                    let iban = &chars[..len];
                    let example = DOCUMENTATION_EXAMPLES.iter().any(|e| e.as_bytes().eq_ignore_ascii_case(iban));
                    if !(example && *docs.get_or_insert_with(|| reference::documentation_context(text))) {
                        out.push(i..end);
                    }
                    i = end;
                    continue;
                }
            }
            i = run_end;
        }
    }
}

/// Two digits at `i`, each possibly after one separator (`NL91…`, `ES 58 …`, `PT5 000 …`):
/// the cheap test that keeps ordinary words from being read as IBANs.
fn check_digits_follow(b: &[u8], mut i: usize) -> bool {
    for _ in 0..2 {
        if matches!(b.get(i), Some(b' ' | b'-' | b'.')) {
            i += 1;
        }
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return false;
        }
        i += 1;
    }
    true
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

/// Reads an IBAN starting at `start`: runs of letters and digits separated by one space, dash
/// or dot (the same one throughout). Returns its end and its characters without separators
/// (the first `len` of the array).
fn parse(text: &str, start: usize) -> Option<(usize, [u8; MAX_LEN], usize)> {
    let b = text.as_bytes();
    // The characters, read straight from the text when there are no separators.
    let mut chars = [0u8; MAX_LEN];
    let mut n = 0;
    // Per run: (its end, characters so far, its length).
    let mut runs = [(0usize, 0usize, 0usize); MAX_LEN];
    let mut count = 0;
    let mut sep: Option<u8> = None;
    let mut pos = start;
    loop {
        let run_end = alnum_run_end(b, pos);
        let len = run_end - pos;
        if len == 0 || n + len > MAX_LEN {
            break;
        }
        chars[n..n + len].copy_from_slice(&b[pos..run_end]);
        n += len;
        runs[count] = (run_end, n, len);
        count += 1;
        match b.get(run_end) {
            Some(&c @ (b' ' | b'-' | b'.'))
                if sep.is_none_or(|s| s == c) && b.get(run_end + 1).is_some_and(u8::is_ascii_alphanumeric) =>
            {
                sep = Some(c);
                pos = run_end + 1;
            }
            _ => break,
        }
    }
    if n < 4 || !chars[2].is_ascii_digit() || !chars[3].is_ascii_digit() {
        return None;
    }
    let country = [chars[0].to_ascii_uppercase(), chars[1].to_ascii_uppercase()];
    let known = LENGTHS.iter().find(|(c, _)| **c == country).map(|&(_, len)| len);
    // Longest reading first: "BE68 5390 0754 7034 voor de huur" stops before "voor".
    let k = (0..count).rev().find(|&k| {
        let (end, len, last) = runs[k];
        let shape_ok = match known {
            Some(want) => len == want,
            // Outside the registry: capitals, compact or in groups of four (the last shorter).
            None => {
                b[start].is_ascii_uppercase()
                    && b[start + 1].is_ascii_uppercase()
                    && (k == 0 || (sep == Some(b' ') && last <= 4 && runs[..k].iter().all(|r| r.2 == 4)))
            }
        };
        shape_ok && ends_word(text, end) && valid(&chars[..len])
    })?;
    let (end, len, _) = runs[k];
    Some((end, chars, len))
}

/// Countries whose BBAN is digits only (SWIFT IBAN registry, `n` throughout).
#[rustfmt::skip]
const DIGITS_ONLY: &[&[u8; 2]] = &[
    b"AT", b"BA", b"BE", b"CZ", b"DE", b"DK", b"EE", b"ES", b"FI", b"FO", b"GL", b"HR", b"HU", b"IL", b"IS", b"LT",
    b"ME", b"NO", b"PL", b"PT", b"RS", b"SE", b"SI", b"SK", b"TN",
];

/// Countries whose BBAN is a four-letter bank code and then digits (NL `4!a10!n`, GB and IE
/// `4!a6!n8!n`).
const BANK_LETTERS_THEN_DIGITS: &[&[u8; 2]] = &[b"NL", b"GB", b"IE"];

/// The BBAN has the registry's letters and digits where this is a simple rule.
fn bban_shape_ok(country: &[u8; 2], bban: &[u8]) -> bool {
    if DIGITS_ONLY.contains(&country) {
        bban.iter().all(u8::is_ascii_digit)
    } else if BANK_LETTERS_THEN_DIGITS.contains(&country) {
        bban.len() > 4 && bban[..4].iter().all(u8::is_ascii_alphabetic) && bban[4..].iter().all(u8::is_ascii_digit)
    } else {
        true
    }
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
    length_ok && bban_shape_ok(&country, &s[4..]) && mod97(s) == 1
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
    fn any_grouping_and_case() {
        let es = make("ES", "00490290342413528341");
        let es_odd = format!("{} {} {}", &es[..2], &es[2..4], spaced(&es[4..]));
        assert_eq!(find(&format!("Rekening: {es_odd}.")), [es_odd.as_str()]);
        let no = make("NO", "71390525162");
        let no_odd = format!("{} {} {} {}", &no[..2], &no[2..6], &no[6..10], &no[10..]);
        assert_eq!(find(&format!("to {no_odd}, thanks")), [no_odd.as_str()]);
        let de = make("DE", "370400440532013000");
        let dashed = de.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join("-");
        assert_eq!(find(&format!("IBAN {dashed}!")), [dashed.as_str()]);
        let dotted = spaced(&de).replace(' ', ".").to_lowercase();
        assert_eq!(find(&format!("iban {dotted}.")), [dotted.as_str()]);
        let pt = make("PT", "000201231234567890154");
        let pt_three = pt.as_bytes().chunks(3).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(" ");
        assert_eq!(find(&pt_three), [pt_three.as_str()]);
        // A grouped IBAN followed by more numbers: the reading with the country's length.
        let be = make("BE", "539007547034");
        assert_eq!(find(&format!("{} 12 euro", spaced(&be))), [spaced(&be).as_str()]);
    }

    #[test]
    fn every_registry_country_with_its_length() {
        for &(country, len) in LENGTHS {
            let bank = if BANK_LETTERS_THEN_DIGITS.contains(&country) { "ABCD" } else { "1111" };
            let country = std::str::from_utf8(country).unwrap();
            let iban = make(country, &format!("{bank}{}", "1".repeat(len - 8)));
            assert_eq!(find(&format!("x {} y", spaced(&iban))), [spaced(&iban).as_str()], "{country}");
            assert!(find(&make(country, &format!("{bank}{}", "1".repeat(len - 7)))).is_empty(), "{country} too long");
        }
        assert_eq!(LENGTHS.len(), 89);
    }

    #[test]
    fn bban_letters_and_digits_where_the_registry_is_simple() {
        // Right length and check digits, wrong shape: letters in a German account, digits
        // where a Dutch bank code has letters.
        assert!(find(&make("DE", "37040044053201300A")).is_empty());
        assert!(find(&make("NL", "12340417164300")).is_empty());
        assert!(find(&make("GB", "WES712345698765432")).is_empty());
        assert_eq!(find(&make("GB", "WEST12345698765432")).len(), 1);
    }

    #[test]
    fn documentation_examples_pass_where_the_post_says_so() {
        assert!(find("Voorbeeld uit het register: NL91 ABNA 0417 1643 00").is_empty());
        assert!(find("our validator's test uses GB82WEST12345698765432").is_empty());
        // Without such words it is an account number like any other.
        assert_eq!(find("maak het over naar NL91 ABNA 0417 1643 00"), ["NL91 ABNA 0417 1643 00"]);
        // Another IBAN in an example post is still flagged.
        let other = make("NL", "RABO0123456789");
        assert_eq!(find(&format!("example: {other}")), [other.as_str()]);
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
        // Double spaces, mixed separators, a country outside the registry in odd groups.
        assert!(find("NL91  ABNA 0417 1643 00").is_empty());
        assert!(find("NL91 ABNA-0417-1643-00").is_empty());
        let odd = unknown.replace(&unknown[..6], &format!("{} {}", &unknown[..3], &unknown[3..6]));
        assert!(find(&odd).is_empty(), "{odd}");
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
