//! Cloud and API keys and tokens, recognised by their documented prefixes and shapes:
//!
//! * AWS access key ids: `AKIA`/`ASIA` + 16 upper-case letters and digits
//! * Google API keys: `AIza` + 35 of `[0-9A-Za-z_-]`
//! * GitHub tokens: `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` + 36 letters and digits, and
//!   `github_pat_` + 22 + `_` + 59
//! * GitLab personal access tokens: `glpat-` + 20 or more of `[0-9A-Za-z_-]`
//! * Slack tokens: `xoxb-`, `xoxa-`, `xoxp-`, `xoxr-`, `xoxs-` + dash-separated parts
//! * Stripe secret and restricted live keys: `sk_live_`/`rk_live_` + 24 or more letters and digits
//! * OpenAI-style secret keys: `sk-` (also `sk-proj-`, …) + 32 or more of `[0-9A-Za-z_-]` with
//!   digits, upper and lower case
//! * JSON Web Tokens: `eyJ…` `.` `eyJ…` `.` signature
//! * Azure storage account keys: `AccountKey=` + 86–88 base64 characters (the span is the key)
//!
//! Keys must stand alone (not glued to a word) and their random part must look random: digits
//! and letters, no long runs or sequences, no `EXAMPLE`/`xxxx`/`your…here` placeholders.

use std::ops::Range;

use super::Detector;

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ApiKey;

impl ApiKey {
    pub(crate) fn new() -> ApiKey {
        ApiKey
    }
}

/// Longest variable-length key we read; anything longer is not one of these keys.
const MAX_KEY: usize = 512;
/// Longest JWT part.
const MAX_JWT_PART: usize = 16 * 1024;

impl Detector for ApiKey {
    fn find(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if matches!(b[i], b'A' | b'g' | b'x' | b's' | b'r' | b'e') && boundary_before(text, i) {
                if let Some(range) = match_at(text, i) {
                    i = range.end;
                    out.push(range);
                    continue;
                }
            }
            i += 1;
        }
    }
}

fn is_alnum(c: &u8) -> bool {
    c.is_ascii_alphanumeric()
}
fn is_upper_alnum(c: &u8) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit()
}
fn is_b64url(c: &u8) -> bool {
    c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_'
}
fn is_b64(c: &u8) -> bool {
    c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/'
}
fn is_slack(c: &u8) -> bool {
    c.is_ascii_alphanumeric() || *c == b'-'
}

/// Not glued to a word, a `-` or `_` before it.
fn boundary_before(text: &str, i: usize) -> bool {
    !text[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// The token ends at `end`: the next character is neither in its class nor a letter or digit.
fn ends(text: &str, end: usize, class: fn(&u8) -> bool) -> bool {
    match text.as_bytes().get(end) {
        None => true,
        Some(c) if c.is_ascii() => !class(c) && !c.is_ascii_alphanumeric() && *c != b'_',
        Some(_) => !text[end..].chars().next().is_some_and(char::is_alphanumeric),
    }
}

/// How many bytes from `from` are in `class`, counting at most `max + 1`.
fn run(b: &[u8], from: usize, max: usize, class: fn(&u8) -> bool) -> usize {
    b.get(from..).map_or(0, |rest| rest.iter().take(max + 1).take_while(|c| class(c)).count())
}

/// A fixed-length body of `len` bytes in `class` after a prefix of `prefix` bytes.
fn fixed(text: &str, i: usize, prefix: usize, len: usize, class: fn(&u8) -> bool) -> Option<Range<usize>> {
    let body = i + prefix;
    let end = body + len;
    (run(text.as_bytes(), body, len, class) == len
        && ends(text, end, class)
        && looks_random(&text.as_bytes()[body..end]))
    .then_some(i..end)
}

/// A body of `min..=max` bytes in `class` after a prefix of `prefix` bytes.
fn variable(text: &str, i: usize, prefix: usize, min: usize, class: fn(&u8) -> bool) -> Option<Range<usize>> {
    let body = i + prefix;
    let len = run(text.as_bytes(), body, MAX_KEY, class);
    let end = body + len;
    ((min..=MAX_KEY).contains(&len) && ends(text, end, class)).then_some(i..end)
}

fn match_at(text: &str, i: usize) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let rest = &b[i..];
    let has = |p: &[u8]| rest.starts_with(p);
    match rest[0] {
        b'A' if has(b"AKIA") || has(b"ASIA") => fixed(text, i, 4, 16, is_upper_alnum),
        b'A' if has(b"AIza") => fixed(text, i, 4, 35, is_b64url),
        b'A' if has(b"AccountKey=") => azure(text, i + "AccountKey=".len()),
        b'g' if has(b"github_pat_") => {
            let body = i + 11;
            let end = body + 22 + 1 + 59;
            let ok = run(b, body, 22, is_alnum) == 22
                && b.get(body + 22) == Some(&b'_')
                && run(b, body + 23, 59, is_alnum) == 59
                && ends(text, end, is_alnum)
                && looks_random(&b[body..end]);
            ok.then_some(i..end)
        }
        b'g' if has(b"ghp_") || has(b"gho_") || has(b"ghu_") || has(b"ghs_") || has(b"ghr_") => {
            fixed(text, i, 4, 36, is_alnum)
        }
        b'g' if has(b"glpat-") => variable(text, i, 6, 20, is_b64url).filter(|r| looks_random(&b[r.start + 6..r.end])),
        b'x' if rest.len() > 5 && has(b"xox") && b"baprs".contains(&rest[3]) && rest[4] == b'-' => {
            // Numeric ids, then a random secret: only the secret has to look random.
            variable(text, i, 5, 20, is_slack).filter(|r| {
                let body = &b[r.start + 5..r.end];
                let secret = body.rsplit(|&c| c == b'-').next().unwrap_or_default();
                body[0].is_ascii_digit() && secret.len() >= 8 && secret.len() < body.len() && looks_random(secret)
            })
        }
        b's' | b'r' if has(b"sk_live_") || has(b"rk_live_") => {
            variable(text, i, 8, 24, is_alnum).filter(|r| looks_random(&b[r.start + 8..r.end]))
        }
        b's' if has(b"sk-") => variable(text, i, 3, 32, is_b64url).filter(|r| {
            let body = &b[r.start + 3..r.end];
            let mixed = body.iter().any(u8::is_ascii_uppercase) && body.iter().any(u8::is_ascii_lowercase);
            mixed && looks_random(body)
        }),
        b'e' if has(b"eyJ") => jwt(text, i),
        _ => None,
    }
}

fn azure(text: &str, body: usize) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let len = run(b, body, 88, is_b64);
    let pad = run(b, body + len, 2, |c| *c == b'=').min(2);
    let end = body + len + pad;
    ((86..=88).contains(&(len + pad))
        && ends(text, end, |c| is_b64(c) || *c == b'=')
        && looks_random(&b[body..body + len]))
    .then_some(body..end)
}

/// `eyJ<header>.eyJ<payload>.<signature>`: base64url JSON objects and a signature.
fn jwt(text: &str, i: usize) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let header = run(b, i, MAX_JWT_PART, is_b64url);
    let p = i + header;
    if !(10..=MAX_JWT_PART).contains(&header) || b.get(p) != Some(&b'.') || !b[p + 1..].starts_with(b"eyJ") {
        return None;
    }
    let payload = run(b, p + 1, MAX_JWT_PART, is_b64url);
    let s = p + 1 + payload;
    if !(10..=MAX_JWT_PART).contains(&payload) || b.get(s) != Some(&b'.') {
        return None;
    }
    let signature = run(b, s + 1, MAX_JWT_PART, is_b64url);
    let end = s + 1 + signature;
    let next_is_part = b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(is_b64url);
    ((16..=MAX_JWT_PART).contains(&signature) && !next_is_part && ends(text, end, is_b64url)).then_some(i..end)
}

/// Random-looking: letters and digits, no run of 5 equal characters, not mostly an ascending
/// sequence (`abcdef…`, `123456…`), no placeholder words.
fn looks_random(s: &[u8]) -> bool {
    #[rustfmt::skip]
    const PLACEHOLDERS: &[&[u8]] = &[
        b"example", b"xxxx", b"your", b"here", b"dummy", b"sample", b"placeholder", b"redacted",
        b"fake", b"1234", b"abcd",
    ];
    if !s.iter().any(u8::is_ascii_digit) || !s.iter().any(u8::is_ascii_alphabetic) {
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
        assert_eq!(find(&conn), [azure_key.as_str()]);
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
