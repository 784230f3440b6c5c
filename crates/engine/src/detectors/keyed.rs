//! Keyed generic secrets, for `api_key`: a random-looking value whose key says it is secret.
//!
//! * Assignments in code, `.env`, YAML, JSON and headers: `API_SECRET=…`, `"client_secret":
//!   "…"`, `accessToken: '…'`, `x-api-key: …`, `Authorization: Bearer …`, `--token …`; XML
//!   `<add key="PaymentApiKey" value="…"/>` and `<ApiKey>…</ApiKey>`. The span covers key
//!   and value.
//! * In plain words, a key word up to eight words before the value on the same line: "auth
//!   token bf5a…", "de api key voor de koppeling: c9cb…". The span is the value.
//!
//! A key says it is secret when one of its words (split at `_`, `-`, `.` and camelCase) is
//! `secret`, `token`, `apikey`, `bearer`, `auth`, `credentials`, `sleutel`, …, or its last word
//! is `key`; not when a word is `public`, `id`, `name`, `url`, `path`, … (`client_id`,
//! `token_url`), except GCP's `private_key_id`. The value must be 16 or more characters of
//! `[A-Za-z0-9+/_.~-]` (plus `=` padding) with two kinds of character, at least ten distinct
//! characters, a chunk that mixes letters and digits (so `prod_db_2024_key` is not a secret),
//! no placeholder (`EXAMPLE`, `xxxx`, `your…`, `${VAR}`, `<key>`, `ENC[…]`, `settings.KEY`) and
//! not an SSH public key. In plain words it must be 20 or more characters and no word such as
//! "commit", "sha256", "hash", "like" or "public" may stand between key word and value.

use std::ops::Range;

use super::api_key::looks_random;

/// Longest value read.
const MAX_VALUE: usize = 1024;
/// How far back, in bytes, a key word may be in plain words.
const LOOSE_REACH: usize = 90;

fn is_value_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'_' | b'.' | b'~' | b'-')
}

pub(crate) fn find(text: &str, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !is_value_byte(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && is_value_byte(b[i]) {
            i += 1;
        }
        if i - start < 16 || i - start > MAX_VALUE {
            continue;
        }
        // Glued to a non-ASCII letter, or inside a placeholder: not a value.
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '$' | '{' | '%' | '[' | '@' | '#' | '\\')) {
            continue;
        }
        let mut end = i;
        while end < b.len() && b[end] == b'=' && end - i < 2 {
            end += 1;
        }
        if text[end..].starts_with(|c: char| c.is_alphanumeric() || matches!(c, '}' | ']' | '(' | '@')) {
            i = end;
            continue;
        }
        // Trailing punctuation belongs to the sentence.
        let mut vend = i;
        while vend > start && matches!(b[vend - 1], b'.' | b'-' | b'~' | b'_' | b'/') {
            vend -= 1;
        }
        if end == i {
            end = vend;
        }
        let value = &b[start..vend];
        if !strong_value(value) {
            i = end;
            continue;
        }
        if let Some(key_start) = tight_key(text, start) {
            out.push(key_start..end);
        } else if value.len() >= 20 && loose_key(text, start) {
            out.push(start..end);
        }
        i = end;
    }
}

/// A value that looks like a generated secret, not a word, a name or a placeholder.
fn strong_value(v: &[u8]) -> bool {
    const SSH_PUBLIC: &[&[u8]] = &[b"AAAAB3NzaC1", b"AAAAC3NzaC1", b"AAAAE2VjZHNh"];
    if v.len() < 16 || SSH_PUBLIC.iter().any(|p| v.starts_with(p)) || !looks_random(v) {
        return false;
    }
    let mut seen = [false; 128];
    for &c in v {
        seen[(c & 0x7f) as usize] = true;
    }
    if seen.iter().filter(|&&s| s).count() < 10 {
        return false;
    }
    v.split(|c| matches!(c, b'_' | b'.' | b'-' | b'/' | b'+' | b'~')).any(|chunk| {
        let letters = chunk.iter().any(u8::is_ascii_alphabetic);
        let digits = chunk.iter().any(u8::is_ascii_digit);
        let mixed_case = chunk.iter().any(u8::is_ascii_uppercase) && chunk.iter().any(u8::is_ascii_lowercase);
        (chunk.len() >= 6 && letters && digits) || (chunk.len() >= 20 && mixed_case)
    })
}

/// The start of a secret key assigned the value at `value` (`KEY=`, `"key": "`, `key: '`,
/// `<add key="…Key" value="`, `<ApiKey>`, `Bearer `, `--token `), if there is one.
fn tight_key(text: &str, value: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut p = value;
    let quoted = p > 0 && matches!(b[p - 1], b'"' | b'\'' | b'`');
    if quoted {
        p -= 1;
    }
    let spaces = |mut p: usize| {
        let from = p;
        while p > 0 && from - p < 4 && matches!(b[p - 1], b' ' | b'\t') {
            p -= 1;
        }
        p
    };
    p = spaces(p);
    let sep = p.checked_sub(1).map(|q| b[q]);
    let (p, xml_element) = match sep {
        Some(b'=' | b':') => {
            let mut q = p - 1;
            if q > 0 && matches!(b[q - 1], b':' | b'=') {
                q -= 1;
            }
            (spaces(q), false)
        }
        Some(b'>') if !quoted => (p - 1, true),
        // `Bearer …`, `--token …`, `token …`: a space only.
        _ if p < value => {
            let (start, key) = identifier_before(text, p)?;
            let word = key.trim_start_matches('-');
            let flag = key.starts_with("--") && secret_key(word);
            let scheme = ["bearer", "token", "ssws"].iter().any(|w| w.eq_ignore_ascii_case(word));
            return (flag || scheme).then_some(start);
        }
        _ => return None,
    };
    // The key, maybe quoted.
    let p = if p > 0 && matches!(b[p - 1], b'"' | b'\'' | b'`') { p - 1 } else { p };
    let (start, key) = identifier_before(text, p)?;
    if xml_element {
        // `then`, not `then_some`: its argument is computed even when the test fails, and at the
        // text's start `start - 1` would underflow.
        return (start > 0 && b[start - 1] == b'<' && secret_key(key)).then(|| start - 1);
    }
    if key.eq_ignore_ascii_case("value") {
        // `<add key="PaymentApiKey" value="…"`: the key is an attribute before it.
        let element = text[..start].rfind('<').filter(|&lt| start - lt < 200)?;
        let attrs = &text[element..start];
        let name = ["key=\"", "name=\"", "key='", "name='"].iter().find_map(|a| {
            let at = attrs.find(a)? + a.len();
            let len = attrs[at..].find(['"', '\''])?;
            Some((element + at, &attrs[at..at + len]))
        })?;
        return secret_key(name.1).then_some(element);
    }
    let start = if start > 0 && matches!(b[start - 1], b'"' | b'\'' | b'`') { start - 1 } else { start };
    secret_key(key).then_some(start)
}

/// The identifier (`[A-Za-z0-9_.-]`, at most 64 bytes) ending at `end`, with its start.
fn identifier_before(text: &str, end: usize) -> Option<(usize, &str)> {
    let b = text.as_bytes();
    let len = b[..end]
        .iter()
        .rev()
        .take(65)
        .take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
        .count();
    (1..=64).contains(&len).then(|| (end - len, &text[end - len..end]))
}

/// A key word up to eight words back on the same line, with no word between it and the value
/// that makes the value something else (a commit, a hash, a public key, an example).
fn loose_key(text: &str, value: usize) -> bool {
    #[rustfmt::skip]
    const OTHER: &[&str] = &[
        "commit", "sha", "sha1", "sha256", "sha512", "md5", "hash", "checksum", "fingerprint",
        "digest", "build", "order", "bestelling", "version", "versie", "release", "tx",
        "transaction", "like", "zoals", "format", "formaat", "example", "voorbeeld", "eg",
        "bijv", "bijvoorbeeld", "public", "pub", "publiek", "publieke", "publishable", "id",
    ];
    let mut from = value.saturating_sub(LOOSE_REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = &text[from..value];
    let window = window.rsplit('\n').next().unwrap_or_default();
    let list: Vec<&str> = window.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')')).collect();
    let mut between_ok = true;
    for (n, word) in list.iter().enumerate().rev().take(9) {
        if word.contains(['[', '{', '<', '$']) {
            between_ok = false;
        }
        let w = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '_' && c != '-');
        if w.is_empty() {
            continue;
        }
        if secret_key(w) {
            // "public key", "publishable key"
            let before = list[..n].iter().rev().find(|w| !w.is_empty()).copied().unwrap_or_default();
            let adjective = ["public", "publishable", "publieke", "pub"].iter().any(|a| a.eq_ignore_ascii_case(before));
            return between_ok && !adjective;
        }
        if OTHER.iter().any(|o| o.eq_ignore_ascii_case(w)) || words(w).iter().any(|x| NOT_SECRET.contains(&x.as_str()))
        {
            between_ok = false;
        }
    }
    false
}

/// Words that say the key is secret.
#[rustfmt::skip]
const SECRET_WORDS: &[&str] = &[
    "secret", "secrets", "token", "tokens", "apikey", "apikeys", "accesskey", "secretkey",
    "privatekey", "authkey", "masterkey", "signingkey", "encryptionkey", "licensekey", "bearer",
    "sleutel", "apisleutel", "auth", "authorization", "credential", "credentials", "creds", "pat",
    "sig", "signature",
];

/// Words that say the key names something that is not the secret itself.
#[rustfmt::skip]
const NOT_SECRET: &[&str] = &[
    "public", "publishable", "pub", "publiek", "publieke", "id", "ids", "name", "names", "naam",
    "type", "url", "uri", "endpoint", "file", "path", "length", "size", "count", "expiry",
    "expires", "expiration", "ttl", "hash", "format", "header", "field", "prefix", "version",
    "tokenizer", "tokenizers", "holder", "ring", "chain", "pair", "board", "word", "words",
];

/// Whether the key `key` says its value is secret.
pub(crate) fn secret_key(key: &str) -> bool {
    let words = words(key);
    let Some(last) = words.last() else { return false };
    if words == ["private", "key", "id"] {
        return true;
    }
    if words.iter().any(|w| NOT_SECRET.contains(&w.as_str())) {
        return false;
    }
    last == "key" || last == "keys" || words.iter().any(|w| SECRET_WORDS.contains(&w.as_str()))
}

/// The words of an identifier, lower case: split at non-alphanumerics and camelCase.
fn words(key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find_all(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        find(text, &mut out);
        out.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn a_key_at_the_start_of_the_text_before_a_bracket_does_not_panic() {
        // Found by the property test in tests/spans.rs: `>` after a key at byte 0.
        assert_eq!(find_all("Acme>NL91ABNA0417164300"), Vec::<&str>::new());
    }

    #[test]
    fn flags_keyed_secrets() {
        for (text, span) in [
            ("SECRET_KEY_BASE=q8Vn2LxR4tK9mWz7Pd3sYb6H\n", "SECRET_KEY_BASE=q8Vn2LxR4tK9mWz7Pd3sYb6H"),
            ("{\"clientSecret\": \"Zr7-kP2qW9xLmN4vT8sB1cY6\"}", "\"clientSecret\": \"Zr7-kP2qW9xLmN4vT8sB1cY6"),
            ("x-api-key: 5e0b9c2fa17d4e88b3c61f09a2d7e4b5", "x-api-key: 5e0b9c2fa17d4e88b3c61f09a2d7e4b5"),
            ("Authorization: Bearer uT7qLm2Zx9Rk4Vn8Bs3Pw6Yc1Hd5", "Bearer uT7qLm2Zx9Rk4Vn8Bs3Pw6Yc1Hd5"),
            ("cli --token=Ab3dE9fG2hJ7kL4mN8pQ login", "--token=Ab3dE9fG2hJ7kL4mN8pQ"),
            (
                "<add key=\"SmsApiKey\" value=\"w4Kp9Tz2Lq7Xv3Nm8Rb6\" />",
                "<add key=\"SmsApiKey\" value=\"w4Kp9Tz2Lq7Xv3Nm8Rb6",
            ),
            ("<AccessToken>Jd8sK2mX7qP4vL9nB3tR</AccessToken>", "<AccessToken>Jd8sK2mX7qP4vL9nB3tR"),
            ("  signing_secret: 'a9f3c7e1b5d2f8046c3e9a7b'", "signing_secret: 'a9f3c7e1b5d2f8046c3e9a7b"),
            (
                "\"private_key_id\": \"8e2f4a6c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f\"",
                "\"private_key_id\": \"8e2f4a6c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f",
            ),
            ("de api-sleutel voor de koppeling: 4b8e1d7a2c9f3e6b0a5d8c1f7e2b9a4d", "4b8e1d7a2c9f3e6b0a5d8c1f7e2b9a4d"),
            ("the access token we got is 0c7a3e9b5d1f8a2c6e4b0d9f3a7c5e1b, nice", "0c7a3e9b5d1f8a2c6e4b0d9f3a7c5e1b"),
        ] {
            assert_eq!(find_all(text), [span], "in {text:?}");
        }
    }

    #[test]
    fn ignores_near_misses() {
        for text in [
            "API_KEY=your_api_key_here_please",
            "api_key: ${PAYMENT_SERVICE_API_KEY}",
            "client_secret: {{ vault_client_secret_prod }}",
            "secret: ENC[AES256_GCM,data:Qm9vYmFyYmF6cXV4,iv:abc,tag:def,type:str]",
            "token = settings.SLACK_BOT_TOKEN_PROD",
            "token_url: https://login.example.com/oauth2/v2.0/token",
            "client_id: 3f7a9c2e-1b4d-4e8f-a6c0-5d9b2e7f1a3c",
            "partition_key: created_at_desc_2024_v2",
            "the key fix is in commit 9b1e4c7a2f8d3e6b0c5a9f2e7d4b1c8a6f3e0d9b",
            "my public key: AAAAC3NzaC1lZDI1NTE5AAAAIMq2Zx8Lr4Tn7Vb1Kp9Wd3Fs6Hy0Gc5Jm",
            "Stripe publishable key pk_test_Xy7Lq2Mn8Rt4Vb9Kp3Wd6Fs1Hg",
            "token format looks like ABC-DEF1234ghIkl-zyx57W2v1u123ew11",
            "secret_key = os.environ[\"DJANGO_SECRET_KEY_VALUE\"]",
            "api_key: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "the build 3e9f1a7c5b2d8e4f0a6c9b1d took 4 minutes",
            "monkey = Xq7Lm2Zp9Rk4Vn8Bs3Pw6Yc1",
        ] {
            assert!(find_all(text).is_empty(), "{text:?}: {:?}", find_all(text));
        }
    }

    #[test]
    fn secret_keys() {
        for key in ["API_SECRET", "accessToken", "PaymentApiKey", "x-api-key", "_authToken", "aws_secret_access_key"] {
            assert!(secret_key(key), "{key}");
        }
        for key in ["monkey", "client_id", "token_url", "public_key", "keyboard", "api_key_name", "tokenizer"] {
            assert!(!secret_key(key), "{key}");
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            "=",
            "\"",
            "é=Xq7Lm2Zp9Rk4Vn8Bs3Pw6Yc1",
            "<value=\"Xq7Lm2Zp9Rk4Vn8Bs3Pw6Yc1\"",
            "token é Xq7Lm2Zp9Rk4Vn8Bs3Pw6Yc1",
        ] {
            let _ = find_all(text);
        }
        let _ = find_all(&"token: Xq7Lm2Zp9Rk4Vn8Bs3Pw6Yc1 ".repeat(5_000));
        let _ = find_all(&"a1".repeat(100_000));
    }
}
