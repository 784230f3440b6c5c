//! Secrets written out in plain words, English and Dutch, that have no `password:` key:
//!
//! * codes: door, gate, alarm, key-safe, keypad and access codes, combinations and PINs followed
//!   by the code, or `code`/`pin` + a preposition + `is` ("code van de fietsenkelder is 2-7-7-1", "de
//!   deurcode is 4471#", "alarm code for the warehouse is 2580", "PIN 5531", "sleutelkluisje
//!   bij de voordeur, code 1964"): 4–8 digits (3 with a `#` or `*`), also spaced or dashed;
//! * a name and a password with a slash (or a colon, glued), near a login or Wi-Fi word ("wifi
//!   is NRTH-Guest / Harbour#77", "inlog: jansen.k / Rooster2026", "admin/admin as login",
//!   "creds are qa_lead:Otter#91").
//!
//! A negation or an example word between the code word and the digits ("niet 1234", "e.g.
//! 0000"), a unit after them ("4 digits", "5 pogingen") or a sentence end before them cancels
//! it. What the `password` detector finds is left to it, so a written-out password gives one
//! finding, not two.

use std::ops::Range;

use super::password::{is_common_password, Password};
use super::Detector;

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SecretInWords;

/// Words that announce a code (lower case, matched at a word start; those ending in `-` are
/// prefixes: `sleutelkluis-je`).
#[rustfmt::skip]
const CODE_WORDS: &[&str] = &[
    "deurcode", "poortcode", "hekcode", "alarmcode", "kluiscode", "toegangscode", "pincode",
    "garagecode", "codeslot", "sleutelkluis-", "sleutelkast-", "keysafe", "key safe", "lockbox",
    "lock box", "door code", "gate code", "alarm code", "alarm pin", "safe code", "access code",
    "entry code", "garage code", "pin code", "passcode", "keypad code", "keypad", "combo",
    "combination", "combinatie", "cijfercode", "slotcode", "pin", "code",
];

/// Prepositions after `pin` or `code` that lead to what it opens: "code *van* de
/// fietsenkelder is …", "PIN *for* the printer: …".
const OF: &[&str] = &["van", "voor", "bij", "op", "of", "for", "to", "at"];

/// Words that make a name/password pair a login.
#[rustfmt::skip]
const LOGIN_WORDS: &[&str] = &[
    "wifi", "wi-fi", "wlan", "ssid", "netwerk", "network", "login", "log-in", "inlog",
    "inloggen", "inloggegevens", "credentials", "creds", "account", "gebruiker",
    "gebruikersnaam", "username", "user", "router",
];

/// Words between a code word and the digits that say they are not the code.
#[rustfmt::skip]
const NOT_THE_CODE: &[&str] = &[
    "not", "niet", "geen", "never", "nooit", "e.g", "eg", "bijv", "bijvoorbeeld", "zoals", "like",
    "example", "voorbeeld", "since", "sinds", "until", "tot", "within", "binnen",
];

/// Units after a number that make it a count, not a code.
#[rustfmt::skip]
const UNITS: &[&str] = &[
    "digits", "digit", "cijfers", "cijfer", "characters", "tekens", "times", "keer", "tries",
    "attempts", "pogingen", "minutes", "minuten", "min", "days", "dagen", "euro", "eur",
    "dollars", "seconds", "seconden", "hours", "uur",
];

impl Detector for SecretInWords {
    fn find(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let first = out.len();
        codes(text, out);
        pairs(text, out);
        if out.len() == first {
            return;
        }
        let mut passwords = Vec::new();
        Password.find(text, &mut passwords);
        let mut mine = out.split_off(first);
        mine.retain(|r| !passwords.iter().any(|p| p.start < r.end && r.start < p.end));
        mine.sort_unstable_by_key(|r| r.start);
        mine.dedup_by(|b, a| b.start < a.end);
        out.extend(mine);
    }
}

/// The byte range of the word (letters, digits, `-`) starting at `i`.
fn word_at(b: &[u8], i: usize) -> usize {
    b[i..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'-').count()
}

fn at_word_start(b: &[u8], i: usize) -> bool {
    i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] >= 0x80)
}

fn codes(text: &str, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i] | 0x20;
        if !matches!(c, b'd' | b'p' | b'h' | b'a' | b'k' | b't' | b'g' | b'c' | b's' | b'l' | b'e')
            || !at_word_start(b, i)
        {
            i += 1;
            continue;
        }
        let Some((len, short)) = code_word_at(b, i) else {
            i += 1;
            continue;
        };
        let found =
            if short { short_word_code(text, i + len, b[i] | 0x20 == b'c') } else { code_after(text, i + len, 6) };
        if let Some(end) = found {
            out.push(i..end);
            i = end;
        } else {
            i += len;
        }
    }
}

/// A code word at `i`: its length, and whether it is the bare word `pin` or `code`, which need
/// the code right after them or after a preposition and `is`.
fn code_word_at(b: &[u8], i: usize) -> Option<(usize, bool)> {
    let (first, second) = (b[i] | 0x20, b.get(i + 1).map_or(0, |c| c | 0x20));
    CODE_WORDS.iter().filter(|w| w.as_bytes()[0] == first && w.as_bytes()[1] == second).find_map(|w| {
        let (word, prefix) = match w.strip_suffix('-') {
            Some(stem) => (stem, true),
            None => (*w, false),
        };
        let n = word.len();
        if b.len() < i + n || !b[i..i + n].eq_ignore_ascii_case(word.as_bytes()) {
            return None;
        }
        let len = if prefix { n + b[i + n..].iter().take_while(|c| c.is_ascii_alphabetic()).count() } else { n };
        let glued = b.get(i + len).is_some_and(|c| c.is_ascii_alphanumeric() || *c >= 0x80);
        (!glued).then_some((len, matches!(*w, "pin" | "code")))
    })
}

/// After `pin` or `code`: the code right away ("PIN 5531", "pin: 8316", "PIN is 8316"; not for
/// `code`, which is too common: "building code 2021"), or a preposition, at most three more
/// words and then `is` or `:` ("code van de fietsenkelder is 2-7-7-1").
fn short_word_code(text: &str, p: usize, code: bool) -> Option<usize> {
    let b = text.as_bytes();
    if !code {
        if let Some(end) = code_after(text, p, 1) {
            return Some(end);
        }
    }
    let mut q = p;
    while q < b.len() && b[q] == b' ' {
        q += 1;
    }
    let len = word_at(b, q);
    if !OF.iter().any(|w| w.eq_ignore_ascii_case(&text[q..q + len])) {
        return None;
    }
    q += len;
    for _ in 0..4 {
        while q < b.len() && b[q] == b' ' {
            q += 1;
        }
        if q < b.len() && b[q] == b':' {
            return code_after(text, q + 1, 0);
        }
        let len = word_at(b, q);
        if len == 0 {
            return None;
        }
        let word = &text[q..q + len];
        q += len;
        if ["is", "was", "="].iter().any(|w| w.eq_ignore_ascii_case(word)) {
            return code_after(text, q, 0);
        }
        if q < b.len() && b[q] == b':' {
            return code_after(text, q + 1, 0);
        }
    }
    None
}

/// The end of a code within `words` words after `p` in the same sentence.
fn code_after(text: &str, mut p: usize, words: usize) -> Option<usize> {
    let b = text.as_bytes();
    for _ in 0..=words {
        // Separators: spaces, `:`, `=`, `,`, quotes.
        while p < b.len() && matches!(b[p], b' ' | b'\t' | b':' | b'=' | b',' | b'"' | b'\'' | b'(') {
            p += 1;
        }
        if p >= b.len() || matches!(b[p], b'.' | b'!' | b'?' | b'\n' | b';') {
            return None;
        }
        if b[p].is_ascii_digit() || (matches!(b[p], b'#' | b'*') && b.get(p + 1).is_some_and(u8::is_ascii_digit)) {
            return code_at(text, p);
        }
        let len = word_at(b, p);
        if len == 0 {
            // Emoji and other symbols: skip one character.
            p += text[p..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let word = &text[p..p + len];
        if NOT_THE_CODE.iter().any(|w| w.eq_ignore_ascii_case(word)) {
            return None;
        }
        p += len;
    }
    None
}

/// A code at `p`: 4–8 digits, or 3 with `#`/`*`; spaced single digits (`1 9 8 7`) or groups
/// with `-` or a space (`38-12-77`). Not followed by a unit, a letter, `:`+digit (a time) or
/// `%`/`€`.
fn code_at(text: &str, p: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut q = p;
    let mut digits = 0;
    let mut marks = 0;
    while q < b.len() {
        match b[q] {
            b'0'..=b'9' => digits += 1,
            b'#' | b'*' => marks += 1,
            b'-' | b' ' if b.get(q + 1).is_some_and(u8::is_ascii_digit) && digits > 0 => {
                // A single-digit group joins only single digits: "1 9 8 7", not "2580 1".
                let group = b[..q].iter().rev().take_while(|c| c.is_ascii_digit()).count();
                let next = b[q + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                if b[q] == b' ' && !(group == 1 && next == 1) {
                    break;
                }
            }
            _ => break,
        }
        q += 1;
    }
    let enough = (4..=8).contains(&digits) || (digits == 3 && marks > 0);
    if !enough {
        return None;
    }
    let rest = &text[q..];
    if rest.starts_with(|c: char| {
        c.is_alphanumeric()
            || matches!(c, '%' | '€' | '/' | '.' | ',' | ':') && {
                // "2580." ends a sentence; "2580.5" or "14:30" is a number or time.
                let mut it = rest.chars();
                let first = it.next().unwrap_or(' ');
                first.is_alphanumeric()
                    || matches!(first, '%' | '€' | '/')
                    || it.next().is_some_and(|c| c.is_ascii_digit())
            }
    }) {
        return None;
    }
    let next_word = rest.trim_start().split(|c: char| !c.is_alphanumeric()).next().unwrap_or_default();
    if UNITS.iter().any(|u| u.eq_ignore_ascii_case(next_word)) {
        return None;
    }
    Some(q)
}

/// `name / password` or `name/password` near a login word.
fn pairs(text: &str, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(k) = text[from..].find(['/', ':']) {
        let slash = from + k;
        from = slash + 1;
        // `user:password` only glued ("staging_admin:Q7!rpLm2"), not "login: …" or a time.
        let colon = b[slash] == b':';
        if colon
            && (slash == 0
                || !is_name_byte(b[slash - 1])
                || b.get(slash + 1).is_none_or(|c| c.is_ascii_whitespace() || *c == b'/'))
        {
            continue;
        }
        // The name before the slash (one space allowed), the password after it.
        let mut l = slash;
        if !colon && l > 0 && b[l - 1] == b' ' {
            l -= 1;
        }
        let name_len = b[..l].iter().rev().take(41).take_while(|c| is_name_byte(**c)).count();
        let mut r = slash + 1;
        if !colon && b.get(r) == Some(&b' ') {
            r += 1;
        }
        let pw_len = text[r..].find(|c: char| c.is_whitespace() || c == '/' || c == ':').unwrap_or(text.len() - r);
        if !(2..=40).contains(&name_len) || !(4..=64).contains(&pw_len) {
            continue;
        }
        let start = l - name_len;
        let raw = &text[r..r + pw_len];
        let password = raw.trim_end_matches(['.', ',', ';', ')', '\'', '"']);
        let end = r + password.len();
        // Inside a URL, a path or a date: not a pair.
        // After the white space before it, which may be wider than a byte (a no-break space).
        let token_start =
            text[..start].char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
        if text[token_start..start].contains('/')
            || text[..start].ends_with("://")
            || b.get(start.wrapping_sub(1)).is_some_and(|c| matches!(c, b'/' | b':' | b'.'))
            || text[start..l].contains("://")
            || password.contains(['/', '@'])
            || !password_like(password)
        {
            continue;
        }
        if near_login_word(text, start, end) {
            out.push(start..end);
            from = end;
        }
    }
}

fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-' | b'@')
}

/// Letters with symbols, with digits and a capital, or with two digits (`Harbour#77`,
/// `Rooster2026`, `koffie42`), or a common password (`admin`, `password1`).
fn password_like(p: &str) -> bool {
    let letters = p.chars().any(char::is_alphabetic);
    let digits = p.chars().filter(char::is_ascii_digit).count();
    let upper = p.chars().any(char::is_uppercase);
    let symbols = p.chars().any(|c| !c.is_alphanumeric() && !matches!(c, '-' | '_' | '.'));
    (letters && p.chars().count() >= 5 && (symbols || (digits > 0 && upper) || digits >= 2))
        || is_common_password(p.trim_end_matches(|c: char| c.is_ascii_digit()))
}

/// A login word within 60 bytes before `start` or 40 after `end`, in the same sentence.
fn near_login_word(text: &str, start: usize, end: usize) -> bool {
    let mut a = start.saturating_sub(60);
    while !text.is_char_boundary(a) {
        a += 1;
    }
    let mut z = (end + 40).min(text.len());
    while !text.is_char_boundary(z) {
        z -= 1;
    }
    let before = text[a..start].rsplit(['.', '!', '?', '\n']).next().unwrap_or_default();
    let after = text[end..z].split(['.', '!', '?', '\n']).next().unwrap_or_default();
    let has = |s: &str| {
        s.split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .any(|w| LOGIN_WORDS.iter().any(|l| l.eq_ignore_ascii_case(w)))
    };
    has(before) || has(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        SecretInWords.find(text, &mut out);
        out.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn a_no_break_space_before_a_pair_does_not_split_a_char() {
        // Found by the property test in tests/spans.rs.
        assert_eq!(find("\u{a0}Acme:Acme"), Vec::<&str>::new());
    }

    #[test]
    fn flags_codes_and_logins() {
        for (text, span) in [
            ("de hekcode bij de fietsenstalling is 7310# hoor", "hekcode bij de fietsenstalling is 7310#"),
            ("Gate code for the yard: 4 1 7 9, see you at 6", "Gate code for the yard: 4 1 7 9"),
            ("toegangscode serverruimte 55-81-20", "toegangscode serverruimte 55-81-20"),
            ("sleutelkastje naast de lift, code 0472 🙏", "sleutelkastje naast de lift, code 0472"),
            ("my PIN is 8316, don't tell", "PIN is 8316"),
            ("Pincode van de zaakpas: 2947", "Pincode van de zaakpas: 2947"),
            ("guest network Tern-Visitors / Gannet!58 for the open day", "Tern-Visitors / Gannet!58"),
            ("inloggen bij de leverancier: inkoop.team/Kwartaal#3", "inkoop.team/Kwartaal#3"),
            ("the printer still uses admin/admin as its login", "admin/admin"),
            ("code van de fietsenkelder is 3-9-0-5, alleen voor personeel", "code van de fietsenkelder is 3-9-0-5"),
            ("PIN for the meeting room screen: 6620", "PIN for the meeting room screen: 6620"),
            ("the combo for the bike lock is 0385", "combo for the bike lock is 0385"),
            ("our test creds are qa_lead:Otter#91 for today", "qa_lead:Otter#91"),
            ("default router login: admin / welcome1", "admin / welcome1"),
            ("de deurcode voor de achteringang is 5190", "deurcode voor de achteringang is 5190"),
        ] {
            assert_eq!(find(text), [span], "in {text:?}");
        }
    }

    #[test]
    fn ignores_near_misses() {
        for text in [
            "De deurcode is veranderd, vraag hem bij de receptie",
            "Choose a PIN code, not 1234 or your birth year",
            "pincode van 4 cijfers, minstens",
            "Your PIN must have 6 digits",
            "alarm code reset at 14:30 today",
            "door code since 2019: ask Sam",
            "Pin the post to the top",
            "pin 2 of the connector is ground",
            "postcode 1234 AB",
            "login via https://portal.example.org/sso/Start2024 please",
            "inlog via het portaal, 2024/2025 schooljaar",
            "read/write access for the account",
            "wifi speeds 100/300 Mbit",
            "the pincode of my bank card got blocked after 3 tries",
            "user input/output2 is buffered",
            "Building code 2021 requires fire doors",
            "The code for the escape room turned out to be 1984",
            "De code voor de korting is ZOMER2026",
            "login at 10:30 for the standup",
            "the user:group is www-data:www-data",
            "the code of conduct is 12 pages",
        ] {
            assert!(find(text).is_empty(), "{text:?}: {:?}", find(text));
        }
    }

    #[test]
    fn leaves_passwords_to_the_password_detector() {
        assert!(find("login: jan / wachtwoord: Zomer2024!").iter().all(|s| !s.contains("Zomer")));
        assert!(find("wifi password: Tulp/2024x").is_empty());
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in ["", "/", " / ", "pin", "pin ", "deurcode: ", "é/é", "a/🙈🙈🙈🙈", "pincode 1 2", "code ###"]
        {
            let _ = find(text);
        }
        let _ = find(&"pin 1 ".repeat(20_000));
        let _ = find(&"x/y".repeat(30_000));
    }
}
