//! API keys and tokens: the vendor formats of `tokens.rs` (AWS, Google, Azure, GitHub, GitLab,
//! Slack, Stripe, OpenAI, Anthropic, JWTs and about a hundred more), found by their literal
//! prefixes, and keyed generic secrets (`keyed.rs`): a random-looking value assigned to a key
//! that says it is secret (`API_SECRET=…`, `"client_secret": "…"`, `auth token …`).
//!
//! Tokens must stand alone (not glued to a word) and their random part must look random: no
//! long runs or sequences, no `EXAMPLE`/`xxxx`/`your…here` placeholders. Where a vendor token
//! and a keyed secret overlap, the vendor token is the finding.

use std::ops::Range;

use std::sync::OnceLock;

use super::keyed;
use super::tokens::{Check, Class, Part, Shape, FORMATS};
use super::Detector;

#[derive(Debug, Clone, Copy)]
pub(crate) struct ApiKey;

/// The token table, parsed once per process.
#[derive(Debug)]
struct Table {
    shapes: Vec<Shape>,
    /// For each first byte: the (format, prefix, second byte) of the prefixes that start with
    /// it, in table order (the second byte turns most words away before a call). `at_start`
    /// prefixes start a token; `inner` ones follow a `lead` run.
    at_start: Vec<Vec<(u16, u8, u8)>>,
    inner: Vec<Vec<(u16, u8, u8)>>,
    /// For each byte: 1 if an `at_start` prefix starts with it, 2 if an `inner` one does.
    first: [u8; 256],
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        // A shape that does not parse is skipped here and fails the table test.
        let shapes: Vec<Shape> = FORMATS.iter().filter_map(|f| Shape::parse(f.shape)).collect();
        let mut at_start = vec![Vec::new(); 256];
        let mut inner = vec![Vec::new(); 256];
        for (f, shape) in shapes.iter().enumerate() {
            for (p, prefix) in shape.prefixes.iter().enumerate() {
                let list = if shape.lead.is_some() { &mut inner } else { &mut at_start };
                let b = prefix.as_bytes();
                list[b[0] as usize].push((f as u16, p as u8, b.get(1).copied().unwrap_or(0)));
            }
        }
        let mut first = [0u8; 256];
        for c in 0..256 {
            first[c] = u8::from(!at_start[c].is_empty()) | (u8::from(!inner[c].is_empty()) << 1);
        }
        Table { shapes, at_start, inner, first }
    })
}

impl ApiKey {
    pub(crate) fn new() -> ApiKey {
        table();
        ApiKey
    }

    /// Vendor tokens in `text`, in order, not overlapping.
    fn vendor(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let t = table();
        let b = text.as_bytes();
        let mut i = 0;
        let mut last_end = 0;
        while i < b.len() {
            let c = b[i] as usize;
            if t.first[c] == 0 {
                i += 1;
                continue;
            }
            let second = b.get(i + 1).copied().unwrap_or(0);
            let try_list = |list: &[(u16, u8, u8)]| {
                list.iter()
                    .filter(|e| e.2 == second)
                    .find_map(|&(f, p, _)| match_format(text, i, &t.shapes[f as usize], p))
            };
            let mut found = None;
            if t.first[c] & 1 == 1 && boundary_before(text, i) {
                found = try_list(&t.at_start[c]);
            }
            if found.is_none() && t.first[c] & 2 == 2 {
                found = try_list(&t.inner[c]).filter(|r| r.start >= last_end);
            }
            if let Some(range) = found {
                i = range.end;
                last_end = range.end;
                out.push(range);
                continue;
            }
            i += 1;
        }
    }
}

impl Detector for ApiKey {
    fn find(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let first = out.len();
        self.vendor(text, out);
        let mut generic = Vec::new();
        keyed::find(text, &mut generic);
        if generic.is_empty() {
            return;
        }
        let tokens = out[first..].to_vec();
        generic.retain(|g| !tokens.iter().any(|t| t.start < g.end && g.start < t.end));
        out.extend(generic);
        out[first..].sort_unstable_by_key(|r| r.start);
    }
}

/// Documentation examples that have the shape of a real key (Stripe's public test key in its
/// API reference): they pass.
const DOCS_EXAMPLES: &[&str] = &["sk_test_4eC39HqLyjWDarjtT1zdp7dc"];

/// Whether a vendor token starts at `i` (for the other credentials detectors, which leave
/// such values to this one).
pub(crate) fn vendor_token_at(text: &str, i: usize) -> Option<Range<usize>> {
    let t = table();
    let c = *text.as_bytes().get(i)?;
    t.at_start[c as usize].iter().find_map(|&(f, p, _)| match_format(text, i, &t.shapes[f as usize], p))
}

/// Not glued to a word, a `-` or `_` before it (a Telegram token may follow `/bot`).
fn boundary_before(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    match i.checked_sub(1).map(|j| b[j]) {
        None => true,
        Some(c) if c.is_ascii() => !(c.is_ascii_alphanumeric() || c == b'_' || c == b'-'),
        Some(_) => !text[..i].chars().next_back().is_some_and(char::is_alphanumeric),
    }
}

/// The token ends at `end`: the next character is neither in its class nor a letter or digit.
fn ends(text: &str, end: usize, class: Class) -> bool {
    match text.as_bytes().get(end) {
        None => true,
        Some(&c) if c.is_ascii() => !class.has(c) && !c.is_ascii_alphanumeric() && c != b'_',
        Some(_) => !text[end..].chars().next().is_some_and(char::is_alphanumeric),
    }
}

/// How many bytes from `from` are in `class`, counting at most `max + 1`.
fn run(b: &[u8], from: usize, max: usize, class: Class) -> usize {
    b.get(from..).map_or(0, |rest| rest.iter().take(max + 1).take_while(|&&c| class.has(c)).count())
}

/// Format `format` with its prefix number `p` at `i` (the prefix's position): the token's range.
fn match_format(text: &str, i: usize, format: &Shape, p: u8) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let prefix = format.prefixes[p as usize].as_bytes();
    if !b[i..].starts_with(prefix) {
        return None;
    }
    let mut start = i;
    if let Some((class, min, max)) = format.lead {
        let n = b[..i].iter().rev().take(max as usize + 1).take_while(|&&c| class.has(c)).count();
        start = i - n;
        if n < min as usize || n > max as usize || !(boundary_before(text, start) || text[..start].ends_with("/bot")) {
            return None;
        }
    }
    let mut pos = i + prefix.len();
    let mut last = Class::AlNum;
    for part in &format.parts {
        match *part {
            Part::Lit(s) => {
                if !b[pos..].starts_with(s.as_bytes()) {
                    return None;
                }
                pos += s.len();
            }
            Part::Run(class, min, max) => {
                let mut n = run(b, pos, max as usize, class);
                // A dotted run does not take the sentence's full stop.
                if matches!(class, Class::Dotted | Class::AzureSecret) {
                    while n > min as usize && matches!(b[pos + n - 1], b'.' | b'-' | b'~') {
                        n -= 1;
                    }
                }
                if n < min as usize || n > max as usize {
                    return None;
                }
                pos += n;
                last = class;
            }
        }
    }
    let ends_ok = match format.parts.last() {
        Some(Part::Lit(s)) => !text[pos..].starts_with(|c: char| c.is_alphanumeric()) || s.ends_with('/'),
        _ => ends(text, pos, last),
    };
    (ends_ok && passes(text, start, i, pos, format) && !DOCS_EXAMPLES.contains(&&text[start..pos]))
        .then_some(start..pos)
}

/// The format's check on the token `start..end` whose prefix is at `i`.
fn passes(text: &str, start: usize, i: usize, end: usize, format: &Shape) -> bool {
    let b = text.as_bytes();
    let body = &b[i + format.prefixes.iter().find(|p| b[i..].starts_with(p.as_bytes())).map_or(0, |p| p.len())..end];
    let runs_random = || {
        let lead_ok = format.lead.is_none_or(|(class, ..)| class == Class::Digit || looks_random(&b[start..i]));
        lead_ok
            && body
                .split(|c| !c.is_ascii_alphanumeric() && !matches!(c, b'+' | b'/' | b'%'))
                .filter(|part| part.len() >= 12 && part.iter().any(u8::is_ascii_alphabetic))
                .all(looks_random)
    };
    match format.check {
        Check::Random => runs_random(),
        Check::Mixed => {
            runs_random()
                && body.iter().any(u8::is_ascii_uppercase)
                && body.iter().any(u8::is_ascii_lowercase)
                && body.iter().any(u8::is_ascii_digit)
        }
        Check::Crc32Tail => crc32_tail(body) || runs_random(),
        Check::DiscordId => {
            let id = b[i..end].split(|&c| c == b'.').next().unwrap_or_default();
            let decoded = decode_b64url(id);
            (17..=20).contains(&decoded.len()) && decoded.iter().all(u8::is_ascii_digit) && runs_random()
        }
        Check::Jwt => {
            let header = b[i..end].split(|&c| c == b'.').next().unwrap_or_default();
            let json = decode_b64url(&header[..header.len().min(1024)]);
            let object = json.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'{');
            object && json.windows(5).any(|w| w == b"\"alg\"")
        }
    }
}

/// GitHub's and npm's checksum: the last 6 characters are the CRC32 of the 30 before them, in
/// base62 (`0-9A-Za-z`), zero-padded.
fn crc32_tail(body: &[u8]) -> bool {
    if body.len() != 36 {
        return false;
    }
    let mut n = crc32(&body[..30]) as u64;
    let mut tail = [b'0'; 6];
    for slot in tail.iter_mut().rev() {
        let d = (n % 62) as u8;
        *slot = match d {
            0..=9 => b'0' + d,
            10..=35 => b'A' + d - 10,
            _ => b'a' + d - 36,
        };
        n /= 62;
    }
    n == 0 && tail == body[30..]
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (!(crc & 1)).wrapping_add(1));
        }
    }
    !crc
}

/// Base64url (or standard base64) without padding, decoded; stops at the first other byte.
fn decode_b64url(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for &c in s {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => break,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// Random-looking: two kinds of character (upper, lower, digit), no run of 5 equal characters,
/// not mostly an ascending sequence (`abcdef…`, `123456…`), no placeholder words.
pub(crate) fn looks_random(s: &[u8]) -> bool {
    #[rustfmt::skip]
    const PLACEHOLDERS: &[&[u8]] = &[
        b"example", b"xxxx", b"your", b"here", b"dummy", b"sample", b"placeholder", b"redacted",
        b"fake", b"1234", b"abcd", b"secret", b"token", b"changeme",
    ];
    let kinds = usize::from(s.iter().any(u8::is_ascii_digit))
        + usize::from(s.iter().any(u8::is_ascii_uppercase))
        + usize::from(s.iter().any(u8::is_ascii_lowercase));
    if kinds < 2 {
        return false;
    }
    let mut same = 1;
    let mut ascending = 0;
    for w in s.windows(2) {
        same = if w[0] == w[1] { same + 1 } else { 1 };
        if same >= 5 {
            return false;
        }
        ascending += usize::from(w[1] == w[0].wrapping_add(1));
    }
    ascending * 3 < s.len() && !PLACEHOLDERS.iter().any(|p| s.windows(p.len()).any(|w| w.eq_ignore_ascii_case(p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        ApiKey::new().find(text, &mut out);
        out.iter().map(|r| &text[r.clone()]).collect()
    }

    /// A deterministic random-looking string of `len` characters from `alphabet`.
    fn random(seed: u64, len: usize, alphabet: &[u8]) -> String {
        let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                alphabet[(x % alphabet.len() as u64) as usize] as char
            })
            .collect()
    }

    const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    fn flags_in(sentence: &str, key: &str) {
        let text = sentence.replace("{}", key);
        assert_eq!(find(&text), [key], "in {text:?}");
    }

    #[test]
    fn flags_keys() {
        let aws = format!("AKIA{}", random(1, 16, UPPER));
        flags_in("Oeps, mijn AWS key {} staat in de repo", &aws);
        flags_in("aws_access_key_id = {}\n", &format!("ASIA{}", random(2, 16, UPPER)));
        flags_in("key=\"{}\";", &format!("AIza{}", random(3, 35, B64URL)));
        flags_in("Use token {} to deploy.", &format!("ghp_{}", random(4, 36, ALNUM)));
        flags_in("GITHUB_TOKEN={}", &format!("github_pat_{}_{}", random(5, 22, ALNUM), random(6, 59, ALNUM)));
        flags_in("glpat: {} 🙈", &format!("glpat-{}", random(7, 20, ALNUM)));
        flags_in("slack bot: {}", &format!("xoxb-2958472013648-5810274639127-{}", random(8, 24, ALNUM)));
        flags_in("stripe {}!", &format!("sk_live_{}", random(9, 24, ALNUM)));
        flags_in("rk: {}", &format!("rk_live_{}", random(10, 99, ALNUM)));
        flags_in("OPENAI_API_KEY='{}'", &format!("sk-{}", random(11, 48, ALNUM)));
        flags_in("nieuwe key: {}", &format!("sk-proj-{}", random(12, 120, B64URL)));
        let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        flags_in("Authorization: Bearer {}", jwt);
        flags_in("e\u{301} {}\u{301}", jwt);
        let azure_key = format!("{}==", random(13, 86, B64));
        let conn = format!(
            "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={azure_key};EndpointSuffix=core.windows.net"
        );
        assert_eq!(find(&conn), [format!("AccountKey={azure_key}")]);
    }

    /// Every row of the token table: its example is found whole, alone, in a sentence, in
    /// quotes and at the end of a line, and not when glued to a word; its near misses are not
    /// found; a separator after a run never starts with a character of the run (the greedy
    /// match relies on it).
    #[test]
    fn token_table_examples() {
        let detector = ApiKey::new();
        assert_eq!(table().shapes.len(), FORMATS.len(), "a shape does not parse");
        let vendor = |text: &str| {
            let mut out = Vec::new();
            detector.vendor(text, &mut out);
            out.iter().map(|r| text[r.clone()].to_string()).collect::<Vec<_>>()
        };
        for (row, format) in FORMATS.iter().zip(&table().shapes) {
            let name = format!("{} {}", row.provider, row.what);
            assert!(!row.flag.is_empty(), "{name}: no example");
            for pair in format.parts.windows(2) {
                if let [Part::Run(class, min, max), Part::Lit(s)] = pair {
                    assert!(!class.has(s.as_bytes()[0]) || min == max, "{name}: {s:?} after a run of {class:?}");
                }
            }
            for example in row.flag {
                for sentence in ["{}", "my key is {}, help", "key=\"{}\";", "token:\n{}\n", "e\u{301} {} 🙈"] {
                    let text = sentence.replace("{}", example);
                    assert_eq!(vendor(&text), [*example], "{name}: {text:?}");
                }
                assert!(!vendor(&format!("glued{example}")).contains(&format!("glued{example}")), "{name}");
                assert!(vendor(&format!("x{example}")).iter().all(|t| t != example), "{name}: glued to a word");
            }
            for near in row.pass {
                let this_row = (0..near.len())
                    .filter(|&i| near.is_char_boundary(i))
                    .any(|i| (0..format.prefixes.len()).any(|p| match_format(near, i, format, p as u8).is_some()));
                assert!(!this_row, "{name}: near miss {near:?} matches");
            }
        }
        let providers: std::collections::BTreeSet<&str> = FORMATS.iter().map(|f| f.provider).collect();
        println!("{} formats, {} providers", FORMATS.len(), providers.len());
    }

    #[test]
    fn several_keys() {
        let a = format!("AKIA{}", random(20, 16, UPPER));
        let g = format!("ghp_{}", random(21, 36, ALNUM));
        let text = format!("{a},{g}");
        assert_eq!(find(&text), [a.as_str(), g.as_str()]);
    }

    #[test]
    fn ignores_lookalikes() {
        for text in [
            "pip install scikit-learn, import sk-learn",
            "sk-this-is-a-very-long-slug-with-2-numbers-ok",
            "AKIAIOSFODNN7EXAMPLE",
            "AKIAEXAMPLE",
            "AKIA1234567890ABCDEF",
            "AKIAAAAAAAAAAAAAAAAA",
            "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "ghp_1234567890abcdefghijklmnopqrstuvwxyz",
            "sk_live_YOUR_KEY_HERE",
            "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
            "pk_live_51Hx8sQKpZ1c9VbE2nLr7TmWq4yJ0aGfUoXkD3hS6iN5tPeR8vMwB",
            "eyJhbGciOiJIUzI1NiJ9 is a JWT header",
            "xoxb-not-a-token",
            "AccountKey=<your account key>",
            "glpat-xxxxxxxxxxxxxxxxxxxx",
        ] {
            assert!(find(text).is_empty(), "{text:?}: {:?}", find(text));
        }
        // Glued to a word, or the wrong length.
        let body = random(30, 36, ALNUM);
        assert!(find(&format!("xghp_{body}")).is_empty());
        assert!(find(&format!("ghp_{body}x")).is_empty());
        assert!(find(&format!("ghp_{}", &body[..35])).is_empty());
        assert!(find(&format!("my-AKIA{}", random(31, 16, UPPER))).is_empty());
        assert!(find(&format!("AKIA{}", random(32, 17, UPPER))).is_empty());
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            "A",
            "AKIA",
            "AIza",
            "ghp_",
            "github_pat_",
            "xox",
            "xoxb-",
            "sk-",
            "sk_live_",
            "eyJ",
            "eyJ.eyJ.",
            "AccountKey=",
            "AccountKey===",
            "ghp_é",
        ] {
            let _ = find(text);
        }
        let _ = find(&"eyJa.".repeat(20_000));
        let _ = find(&"AccountKey=".repeat(10_000));
        let _ = find(&"sk-".repeat(20_000));
        let _ = find(&format!("sk-{}", "a1B".repeat(100_000)));
    }
}
