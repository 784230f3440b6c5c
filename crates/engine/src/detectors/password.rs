//! Passwords written down: `password=…`, `password: …`, `passwd=`, `pwd=`, `pass:`, `pw:`,
//! `ww:`, `wachtwoord: …`, `wachtwoord is …`, `my password is …`, `DB_PASSWORD=…`, JSON
//! `"password": "…"`, case-insensitive.
//!
//! The span covers the key and the value (`password: hunter2`; for a quoted JSON key, from its
//! opening quote to the value's closing quote). The value must be a single token of at least 4
//! characters that is not a mask (`****`), a placeholder (`<password>`, `${PASS}`, `{{pw}}`,
//! `[redacted]`) or an ordinary word ("keep your password *confidential*", "my password is
//! *safe*"). After a weak key (`pass`, `pw`, `ww`) or in a sentence (`… is …`), a value of
//! letters only flags only if it is a common password (`changeme`, `welkom`) or has inner
//! capitals (`SuperGeheim`).

use std::ops::Range;

use super::Detector;

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Password;

impl Password {
    pub(crate) fn new() -> Password {
        Password
    }
}

/// Keys, longest first where one is a prefix of another; `true` for keys that only ever mean
/// a password.
const KEYS: &[(&str, bool)] = &[
    ("passphrase", true),
    ("password", true),
    ("passwort", true),
    ("passwd", true),
    ("pass", false),
    ("pwd", true),
    ("pw", false),
    ("wachtwoord", true),
    ("ww", false),
];

/// Longest value we read; a longer token is not a password.
const MAX_VALUE: usize = 128;
/// Most whitespace between key, separator and value.
const MAX_GAP: usize = 8;

/// Words that follow "password:" or "password is" in ordinary sentences.
#[rustfmt::skip]
const NOT_PASSWORDS: &[&str] = &[
    "your", "yours", "jouw", "mijn", "mine", "zelf", "self", "confidential", "vertrouwelijk",
    "private", "privé", "prive", "secret", "secure", "veilig", "safe", "strong", "sterk", "weak",
    "zwak", "geheim", "hidden", "verborgen", "required", "verplicht", "mandatory", "optional",
    "optioneel", "incorrect", "wrong", "fout", "onjuist", "correct", "juist", "invalid",
    "ongeldig", "expired", "verlopen", "changed", "gewijzigd", "veranderd", "reset", "forgotten",
    "forgot", "vergeten", "protected", "beschermd", "beveiligd", "same", "hetzelfde", "dezelfde",
    "different", "anders", "unknown", "onbekend", "redacted", "removed", "verwijderd", "masked",
    "placeholder", "example", "voorbeeld", "sample", "dummy", "below", "hieronder", "above",
    "hierboven", "here", "hier", "there", "daar", "must", "moet", "moeten", "should", "needs",
    "need", "minimum", "maximum", "least", "minstens", "tenminste", "minimaal", "maximaal",
    "enter", "invoeren", "invullen", "type", "typen", "use", "gebruik", "contains", "bevat",
    "please", "graag", "alstublieft", "okay", "yes", "nope", "none", "null", "empty", "leeg",
    "geen", "niet", "nooit", "never", "very", "heel", "zeer", "really", "echt", "just", "gewoon",
    "also", "still", "sent", "verstuurd", "gestuurd", "send", "stuur", "manager", "beheerder",
    "temporary", "tijdelijk", "nieuw", "updated", "bijgewerkt", "shared", "gedeeld", "encrypted",
    "versleuteld", "hashed", "stored", "opgeslagen", "saved", "bewaard", "short", "kort", "long",
    "lang", "complex", "complicated", "moeilijk", "makkelijk", "simple", "simpel", "easy",
    "difficult", "hard", "personal", "persoonlijk", "something", "iets", "anything", "nothing",
    "niets", "niks", "this", "that", "what", "welk", "welke", "with", "voor", "from", "door",
    "have", "heeft", "hebben", "will", "wordt", "worden", "cannot", "kunnen", "does", "doet",
    "deed", "enabled", "disabled", "uitgeschakeld", "ingeschakeld", "true", "false", "ingesteld",
    "klik", "click", "see", "zie", "only", "alleen", "exactly", "precies", "case-sensitive",
    "hoofdlettergevoelig", "unique", "uniek", "sent", "mailed", "gemaild", "same", "too", "ook",
    "the", "een", "het", "not",
];

/// Common passwords that are words: flagged even where a word would not be.
#[rustfmt::skip]
const COMMON_PASSWORDS: &[&str] = &[
    "changeme", "password", "passwort", "wachtwoord", "welkom", "welcome", "qwerty", "qwertz",
    "azerty", "letmein", "admin", "administrator", "root", "toor", "hunter", "monkey", "dragon",
    "sunshine", "iloveyou", "princess", "football", "voetbal", "baseball", "master", "shadow",
    "superman", "batman", "whatever", "trustno", "zomer", "summer", "winter", "lente", "herfst",
    "spring", "autumn", "test", "testtest", "guest", "gast", "login", "default", "standaard",
    "abcdef", "abcd", "asdf", "asdfgh", "secret123",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `password: x`, `password=x`
    Assign,
    /// `password is x`
    Sentence,
    /// `password x`: no separator, so `x` must look like a password, not a word.
    Bare,
}

impl Detector for Password {
    fn find(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if matches!(b[i] | 0x20, b'p' | b'w') && key_boundary(text, i) {
                if let Some((key_len, strong)) = key_at(text, i) {
                    if let Some(range) = assignment(text, i, key_len, strong) {
                        i = range.end;
                        out.push(range);
                        continue;
                    }
                    i += key_len;
                    continue;
                }
            }
            i += 1;
        }
        let first = out.len();
        curl_user(text, out);
        if out.len() > first {
            out.sort_unstable_by_key(|r| r.start);
            out.dedup_by(|b, a| b.start < a.end);
        }
    }
}

/// `curl -u user:password`, `curl --user 'user:password'`: the span is the `user:password`.
fn curl_user(text: &str, out: &mut Vec<Range<usize>>) {
    let mut from = 0;
    while let Some(at) = text[from..].find("curl ") {
        let line_start = from + at;
        from = line_start + 5;
        let line_end = text[line_start..].find('\n').map_or(text.len(), |n| line_start + n);
        let line = &text[line_start..line_end];
        for flag in [" -u ", " --user ", " --user=", " -u"] {
            let Some(f) = line.find(flag) else { continue };
            let mut p = line_start + f + flag.len();
            let b = text.as_bytes();
            while p < line_end && b[p] == b' ' {
                p += 1;
            }
            let quote = matches!(b.get(p), Some(b'\'' | b'"'));
            let start = p + usize::from(quote);
            let len = text[start..line_end]
                .find(|c: char| c.is_whitespace() || c == '\'' || c == '"')
                .unwrap_or(line_end - start);
            // Trailing punctuation and a closing backtick belong to the sentence.
            let token = text[start..start + len].trim_end_matches(['.', ',', ';', ')', '`']);
            let len = token.len();
            let Some((user, _)) = token.split_once(':') else { continue };
            let pw_start = start + user.len() + 1;
            if !user.is_empty()
                && !placeholder(user)
                && is_password(text, pw_start..start + len, start + len, Form::Assign, true, quote)
            {
                out.push(start..start + len);
            }
            break;
        }
    }
}

/// Not glued to a word before it; `DB_PASSWORD`, `db.password` and `mysql-pass` are fine.
fn key_boundary(text: &str, i: usize) -> bool {
    match text[..i].chars().next_back() {
        None => true,
        Some(c) => !c.is_alphanumeric(),
    }
}

/// The key at `i` (its length and strength), not glued to a word after it.
fn key_at(text: &str, i: usize) -> Option<(usize, bool)> {
    let b = &text.as_bytes()[i..];
    KEYS.iter().find_map(|&(key, strong)| {
        let n = key.len();
        if b.len() < n || !b[..n].eq_ignore_ascii_case(key.as_bytes()) {
            return None;
        }
        let glued = text[i + n..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_');
        (!glued).then_some((n, strong))
    })
}

fn skip_space(b: &[u8], mut p: usize) -> (usize, usize) {
    let from = p;
    while p < b.len() && p - from <= MAX_GAP && matches!(b[p], b' ' | b'\t' | b'\r' | b'\n') {
        p += 1;
    }
    (p, p - from)
}

/// `key [quote] sep value` at `start`: the span of key and value, if the value is a password.
fn assignment(text: &str, start: usize, key_len: usize, strong: bool) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let mut p = start + key_len;
    // A quoted key (JSON, YAML): span from its opening quote.
    let mut span_start = start;
    if let Some(q) = text[p..].chars().next().filter(|c| matches!(c, '"' | '\'' | '”' | '’')) {
        p += q.len_utf8();
        if let Some(open) = text[..start].chars().next_back().filter(|c| matches!(c, '"' | '\'' | '“' | '‘')) {
            span_start = start - open.len_utf8();
        }
    }
    let (after_key, gap) = skip_space(b, p);
    p = after_key;
    let form = match b.get(p) {
        Some(b':' | b'=') => {
            p += 1;
            if matches!(b.get(p), Some(b'=' | b'>')) {
                p += 1;
            }
            Form::Assign
        }
        Some(_) if gap > 0 => match is_after_words(b, p) {
            // "password is …", or "wachtwoord van de gedeelde mailbox is …".
            Some(after) => {
                p = after;
                // "is:" reads like an assignment.
                if b.get(p) == Some(&b':') {
                    p += 1;
                }
                p = skip_adverb(b, skip_space(b, p).0);
                Form::Sentence
            }
            // "password Expo-2026!", "wachtwoord 'Tulpen#2025'": a strong key and a value that
            // cannot be a word.
            None if strong || !text[start..start + key_len].eq_ignore_ascii_case("pass") => Form::Bare,
            None => return None,
        },
        _ => return None,
    };
    if form == Form::Sentence && text[start..start + key_len].eq_ignore_ascii_case("pass") {
        // "the pass is valid"
        return None;
    }
    p = skip_space(b, p).0;
    let (value, end, quoted) = value_at(text, p, value_stop(text, start))?;
    is_password(text, value, end, form, strong, quoted).then_some(span_start..end)
}

/// Prepositions that can follow the key in "the password *for* the wifi is …".
const PREPOSITIONS: &[&[u8]] =
    &[b"van", b"voor", b"bij", b"op", b"naar", b"for", b"of", b"to", b"on", b"at", b"from", b"in"];

/// `is`/`was` at `p`, or after a preposition and at most three more words of letters
/// (`van de gedeelde mailbox is`): the position after it.
fn is_after_words(b: &[u8], mut p: usize) -> Option<usize> {
    for words in 0..=4 {
        for verb in [&b"is"[..], b"was"] {
            if starts_word(b, p, verb) {
                return Some(p + verb.len());
            }
        }
        let len = b[p..].iter().take(21).take_while(|c| c.is_ascii_alphabetic()).count();
        let word = &b[p..p + len];
        if words == 0 && !PREPOSITIONS.iter().any(|w| w.eq_ignore_ascii_case(word)) {
            return None;
        }
        // "pw for the vpn this week: …"
        if words > 0 && len > 0 && len <= 20 && b.get(p + len) == Some(&b':') {
            return Some(p + len);
        }
        if len == 0 || len > 20 || b.get(p + len) != Some(&b' ') || words == 4 {
            return None;
        }
        p += len + 1;
    }
    None
}

/// Past an adverb after "is": "the password is *literally* …", "het wachtwoord is *gewoon* …".
fn skip_adverb(b: &[u8], p: usize) -> usize {
    #[rustfmt::skip]
    const ADVERBS: &[&[u8]] = &[
        b"literally", b"just", b"simply", b"still", b"now", b"currently", b"letterlijk", b"gewoon",
        b"nog steeds", b"nog", b"nu", b"momenteel", b"simpelweg", b"set to", b"changed to",
        b"veranderd in", b"gewijzigd in",
    ];
    for adverb in ADVERBS {
        if starts_word(b, p, adverb) && b.get(p + adverb.len()) == Some(&b' ') {
            return skip_space(b, p + adverb.len()).0;
        }
    }
    p
}

/// `word` (lower case) at `p`, followed by a non-letter.
fn starts_word(b: &[u8], p: usize, word: &[u8]) -> bool {
    b.len() >= p + word.len()
        && b[p..p + word.len()].eq_ignore_ascii_case(word)
        && !b.get(p + word.len()).is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Where an unquoted value stops besides white space: at `&` for a URL query parameter
/// (`?user=jan&password=…`), at `;` in a connection string (`Server=db;Password=…;`).
fn value_stop(text: &str, start: usize) -> Option<char> {
    let line = &text[text[..start].rfind('\n').map_or(0, |n| n + 1)..start];
    match line.chars().next_back() {
        Some('?' | '&') => Some('&'),
        Some(';') => Some(';'),
        _ if line.contains(';') && line.contains('=') => Some(';'),
        _ => None,
    }
}

/// The value at `p`: (value range, end of span, quoted).
fn value_at(text: &str, p: usize, stop: Option<char>) -> Option<(Range<usize>, usize, bool)> {
    let rest = &text[p..];
    let first = rest.chars().next()?;
    let closing = match first {
        '"' => Some('"'),
        '\'' => Some('\''),
        '`' => Some('`'),
        '“' | '”' => Some('”'),
        '‘' | '’' => Some('’'),
        '«' => Some('»'),
        _ => None,
    };
    if let Some(close) = closing {
        let inner = p + first.len_utf8();
        let mut seen = 0;
        for (k, c) in text[inner..].char_indices() {
            if c == close || (close == '”' && c == '“') {
                let value = inner..inner + k;
                return Some((value, inner + k + c.len_utf8(), true));
            }
            seen += 1;
            if c.is_whitespace() || seen > MAX_VALUE {
                break;
            }
        }
        // No closing quote on the token: read it unquoted, after the quote.
        return bare_value(text, inner, stop);
    }
    bare_value(text, p, stop)
}

/// An unquoted value at `p`: up to whitespace (or `stop`), without trailing
/// punctuation.
fn bare_value(text: &str, p: usize, stop: Option<char>) -> Option<(Range<usize>, usize, bool)> {
    let rest = &text[p..];
    let mut len = 0;
    let mut count = 0;
    for c in rest.chars() {
        if c.is_whitespace() || stop == Some(c) {
            break;
        }
        count += 1;
        if count > MAX_VALUE {
            return None;
        }
        len += c.len_utf8();
    }
    // Trailing punctuation belongs to the sentence.
    let value = rest[..len].trim_end_matches(['.', ',', ';', ':', ')', ']', '}', '"', '\'', '’', '”', '»', '…']);
    let end = p + value.len();
    Some((p..end, end, false))
}

fn is_password(text: &str, value: Range<usize>, end: usize, form: Form, strong: bool, quoted: bool) -> bool {
    let value_start = value.start;
    let v = &text[value];
    let core = v.trim_end_matches(['!', '?']);
    let chars = core.chars().count();
    if chars < 4 || !core.chars().any(char::is_alphanumeric) {
        return false;
    }
    let first = core.chars().next().unwrap_or(' ');
    if core.chars().all(|c| c == first) || core.chars().all(|c| "*•●·xX#-_.".contains(c)) {
        return false;
    }
    if placeholder(core) || code(core) || one_of(core, NOT_PASSWORDS) {
        return false;
    }
    // A vendor token is the `api_key` detector's finding.
    if super::api_key::vendor_token_at(text, value_start).is_some() {
        return false;
    }
    // `DB_PASSWORD=changeme` is the default a config file ships with, to be replaced.
    if form == Form::Assign && one_of(core, &["changeme", "change_me", "change-me", "changeit"]) {
        return false;
    }
    if form == Form::Bare {
        // No separator: only what cannot be a word ("password Expo-2026!").
        let letters = core.chars().any(char::is_alphabetic);
        let digits = core.chars().any(|c| c.is_ascii_digit());
        let symbols = core.chars().any(|c| !c.is_alphanumeric() && !"-./'’".contains(c));
        // After `ww` or `pw`, letters and digits ("ww Ontwerp2026").
        if !strong {
            return chars >= 6 && letters && digits && !quoted;
        }
        return chars >= 6 && letters && (quoted || digits || (symbols && !followed_by_word(text, end)));
    }
    // `password = password` in code assigns a variable.
    if !quoted && form == Form::Assign && KEYS.iter().any(|(k, _)| k.eq_ignore_ascii_case(core)) {
        return false;
    }
    if !core.chars().all(char::is_alphabetic) {
        // Has digits or symbols. After a weak key it needs a letter too ("pass: 2024/2025").
        return strong || form == Form::Sentence || core.chars().any(char::is_alphabetic);
    }
    // Letters only. `password: Amsterdam` flags; `Password: Welcome to the team` does not.
    if !quoted && followed_by_word(text, end) {
        return false;
    }
    one_of(core, COMMON_PASSWORDS) || inner_capitals(core) || (form == Form::Assign && strong)
}

/// A common password that is a word (`admin`, `welkom`, `changeme`).
pub(crate) fn is_common_password(word: &str) -> bool {
    one_of(word, COMMON_PASSWORDS)
}

/// A reference in code rather than a value: `os.environ['PW']`, `getenv("PW")`,
/// `process.env.PW`, `config.password`.
fn code(v: &str) -> bool {
    #[rustfmt::skip]
    const PREFIXES: &[&str] = &[
        "os.", "process.env", "env.", "secrets.", "vars.", "config.", "settings.", "self.",
        "this.", "args.", "opts.", "options.", "params.", "request.", "req.",
    ];
    let b = v.as_bytes();
    let call = b.windows(2).any(|w| (w[0].is_ascii_alphanumeric() || w[0] == b'_') && w[1] == b'(');
    let index = v.contains("['") || v.contains("[\"");
    call || index
        || PREFIXES.iter().any(|p| v.len() > p.len() && v.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
}

/// `word` is in `list` (lower case), ignoring case.
fn one_of(word: &str, list: &[&str]) -> bool {
    if word.is_ascii() {
        list.iter().any(|w| w.len() == word.len() && w.eq_ignore_ascii_case(word))
    } else {
        let lower = word.to_lowercase();
        list.iter().any(|w| *w == lower)
    }
}

/// `<password>`, `[redacted]`, `{{pw}}`, `${DB_PASS}`, `$DB_PASS`, `%PASSWORD%`, `(hidden)`,
/// URLs, elisions.
fn placeholder(v: &str) -> bool {
    let env_var = v.len() > 1
        && v.starts_with('$')
        && v[1..].bytes().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_');
    v.starts_with(['<', '[', '{', '('])
        || v.ends_with(['>', ']', '}'])
        || v.starts_with("${")
        || env_var
        || (v.len() > 2 && v.starts_with('%') && v.ends_with('%'))
        || v.contains("...")
        || v.contains('…')
        || v.starts_with("http://")
        || v.starts_with("https://")
        || v.starts_with("www.")
}

/// An upper-case letter after a lower-case one: `SuperGeheim`, `hunterTwo`.
fn inner_capitals(v: &str) -> bool {
    let mut prev_lower = false;
    for c in v.chars() {
        if c.is_uppercase() && prev_lower {
            return true;
        }
        prev_lower = c.is_lowercase();
    }
    false
}

/// The value is followed, on the same line, by another word: it starts a sentence.
fn followed_by_word(text: &str, end: usize) -> bool {
    let mut after = text[end..].chars();
    matches!(after.next(), Some(' ' | '\t')) && after.next().is_some_and(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        Password::new().find(text, &mut out);
        out.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn flags_passwords() {
        for (text, span) in [
            ("Inloggen kan met password: hunter2", "password: hunter2"),
            ("wifi password=BlauweFiets42 voor de gasten", "password=BlauweFiets42"),
            ("Mijn wachtwoord is Welkom123!", "wachtwoord is Welkom123!"),
            ("My password is changeme", "password is changeme"),
            ("wachtwoord: Zomer2024. Niet doorvertellen", "wachtwoord: Zomer2024"),
            ("DB_PASSWORD=S3cr3t!x", "PASSWORD=S3cr3t!x"),
            ("{\"user\": \"jan\", \"password\": \"hunter22\"}", "\"password\": \"hunter22\""),
            ("pwd: Tr0ub4dor&3", "pwd: Tr0ub4dor&3"),
            ("ww: Fiets123 🚲", "ww: Fiets123"),
            ("PW: hunter2", "PW: hunter2"),
            ("pass: Welkom01", "pass: Welkom01"),
            ("Het wachtwoord van de wifi is... grapje. wachtwoord = 'geheim123'", "wachtwoord = 'geheim123'"),
            ("passwd:\n  qwerty", "passwd:\n  qwerty"),
            ("wachtwoord: Amsterdam", "wachtwoord: Amsterdam"),
            ("mijn wachtwoord is SuperGeheim", "wachtwoord is SuperGeheim"),
            ("https://acme.nl/login?user=jan&password=Geheim99&next=/", "password=Geheim99"),
            ("e\u{301} password: hunter2\u{301}", "password: hunter2\u{301}"),
            ("“password”: “Zomer2024”", "“password”: “Zomer2024”"),
            ("my password is 1234", "password is 1234"),
            (
                "het wachtwoord van de gedeelde mailbox is Welkom123! voor wie het kwijt is",
                "wachtwoord van de gedeelde mailbox is Welkom123!",
            ),
            ("The password for the guest wifi is Tulp2024", "password for the guest wifi is Tulp2024"),
            ("\"password\": \"password\"", "\"password\": \"password\""),
            ("Password: Welcome!", "Password: Welcome!"),
            ("Server=db01.corp.local;Database=Sales;User Id=app;Password=Wint3r!Rain;", "Password=Wint3r!Rain"),
            ("curl -u deploy:Kr8s!pine https://ci.example.org/api", "deploy:Kr8s!pine"),
            ("curl --user 'ops:Gl4cier' -X POST", "ops:Gl4cier"),
            ("het wachtwoord is gewoon Fietsen99", "wachtwoord is gewoon Fietsen99"),
            ("log in with password Maple#2031 and you're in", "password Maple#2031"),
            ("pw for the vpn this week: Blue-Heron-42", "pw for the vpn this week: Blue-Heron-42"),
            ("wachtwoord 'Tulpen#2025' voor iedereen", "wachtwoord 'Tulpen#2025'"),
            ("account van de webshop, ww Kassa2031", "ww Kassa2031"),
        ] {
            assert_eq!(find(text), [span], "in {text:?}");
        }
    }

    #[test]
    fn ignores_near_misses() {
        for text in [
            "keep your password confidential!",
            "Houd je wachtwoord geheim.",
            "Never share your password with anyone",
            "My password is safe with me",
            "Wachtwoord vergeten? Klik hier",
            "password: ********",
            "password=<your password>",
            "password: xxx",
            "password: ${DB_PASSWORD}",
            "password: {{ vault.pw }}",
            "Password: [REDACTED]",
            "password: secret",
            "Password: must contain 8 characters",
            "Password: min. 8 tekens",
            "Wachtwoord: vergeten?",
            "Mijn wachtwoord is niet veilig",
            "Your password is incorrect",
            "the pass is valid until friday",
            "Boarding pass: tomorrow",
            "season pass: 2024/2025",
            "bypass: hunter2",
            "compass: north",
            "passport: NL1234567",
            "www.example.com",
            "password reset link: https://acme.nl/reset",
            "Password: https://acme.nl/reset",
            "password_hash: abc123def",
            "wachtwoord is: geheim",
            "my password is incredibly long",
            "The password for your account is safe with us",
            "password reset is done, 2024 edition",
            "het wachtwoord van iedereen in het team is geheim",
            "Password: Welcome to the team!",
            "password = os.environ['DB_PASSWORD']",
            "password=getenv(\"PW\")",
            "password: process.env.DB_PASS",
            "self.password = password",
            "password = None",
            "curl -u $USER:$TOKEN https://api.example.com",
            "curl -u admin https://example.org (it asks for the password)",
            "run `curl -u user:pass` with your own",
            "DB_PASSWORD=changeme in the compose example",
            "password manager 1Password is great",
            "the password policy v2 is out",
            "Server=localhost;Database=Test;Trusted_Connection=True;",
            "password = pypi-AgEIcHlwaS5vcmcCJGQ4ZmY0Y2NhLTJjOTQtNDZhMi05ZWJhLWFlMjE1ZjBkZmQ0YgACKlszLCJlNmM",
            "Password strength: use 12+ characters",
            "Boarding pass KL1234 to Rome",
            "pw 2024 rules",
        ] {
            assert!(find(text).is_empty(), "{text:?}: {:?}", find(text));
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            "p",
            "password",
            "password:",
            "password: ",
            "password: \"",
            "password: \"abc",
            "password is",
            "ww",
            "pw=é",
            "password: “",
            "password:'é'",
            "\"password\"",
            "PASSWORD=🙈🙈🙈🙈",
        ] {
            let _ = find(text);
        }
        let _ = find(&"password=".repeat(20_000));
        let _ = find(&"password: \"".repeat(20_000));
        let _ = find(&format!("password: {}", "«".repeat(100_000)));
        let _ = find(&format!("password: {}", "“".repeat(100_000)));
        let _ = find(&format!("password={}", "x1".repeat(100_000)));
    }
}
