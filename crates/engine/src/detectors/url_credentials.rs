//! URLs with a user name and password in them: `scheme://user:password@host…` for http(s),
//! ftp(s), sftp, ssh, smb, postgres(ql), mysql, mongodb(+srv), redis, amqp(s). The span is the
//! whole URL, without trailing punctuation. A vendor token as the password (`https://x:ghp_…@github.com`)
//! is left to `api_key`, so the post gets one finding. Placeholder passwords (`password`, `<password>`,
//! `${DB_PASS}`, `****`) are not flagged, nor are `https://host/@user` or `mailto:` links.

use std::ops::Range;

use super::Detector;

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct UrlCredentials;

#[rustfmt::skip]
const SCHEMES: &[&str] = &[
    "http", "https", "ftp", "ftps", "sftp", "ssh", "smb", "postgres", "postgresql", "mysql",
    "mongodb", "mongodb+srv", "redis", "rediss", "amqp", "amqps",
];
/// Longest scheme, in bytes.
const MAX_SCHEME: usize = 11;

#[rustfmt::skip]
const PLACEHOLDERS: &[&str] = &[
    "password", "passwd", "pass", "pwd", "wachtwoord", "secret", "geheim", "xxx", "xxxx",
    "yourpassword", "your_password", "your-password", "mypassword", "pw", "...", "…",
];

impl Detector for UrlCredentials {
    fn find(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let b = text.as_bytes();
        let mut from = 0;
        while let Some(offset) = text[from..].find("://") {
            let sep = from + offset;
            from = sep + 3;
            let Some(start) = scheme_start(text, sep) else { continue };
            let authority_end = sep + 3 + b[sep + 3..].iter().take_while(|&&c| is_authority_byte(c)).count();
            let authority = &text[sep + 3..authority_end];
            let Some(at) = authority.rfind('@') else { continue };
            let (userinfo, host) = (&authority[..at], &authority[at + 1..]);
            let Some((user, password)) = userinfo.split_once(':') else { continue };
            // A vendor token as the password is the `api_key` detector's finding.
            let token = super::api_key::vendor_token_at(text, sep + 3 + user.len() + 1);
            if user.is_empty()
                || !real_password(password)
                || token.is_some_and(|t| t.end == sep + 3 + at)
                || !host.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '[')
            {
                continue;
            }
            // Trailing punctuation may be stripped back to the host's first character.
            let end = url_end(text, authority_end, sep + 3 + at + 2);
            out.push(start..end);
            from = end;
        }
    }
}

/// The start of a known scheme right before `://` at `sep`, not glued to a word before it.
fn scheme_start(text: &str, sep: usize) -> Option<usize> {
    let b = text.as_bytes();
    let len =
        b[..sep].iter().rev().take(MAX_SCHEME + 1).take_while(|&&c| c.is_ascii_alphanumeric() || c == b'+').count();
    let start = sep - len;
    let scheme = &text[start..sep];
    let known = SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme));
    let glued = text[..start].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
    (known && !glued).then_some(start)
}

/// Characters of the authority part (user info and host), up to `/`, `?`, `#` or a space.
fn is_authority_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-._~%!$&'()*+,;=:@[]".contains(&c)
}

fn real_password(p: &str) -> bool {
    let core = p.trim_matches(|c| matches!(c, '<' | '>' | '[' | ']' | '{' | '}' | '$' | '%'));
    !p.is_empty()
        && core.len() == p.len()
        && !p.bytes().all(|c| c == p.as_bytes()[0])
        && !PLACEHOLDERS.iter().any(|w| w.eq_ignore_ascii_case(p))
}

/// The end of the URL whose path starts at `from`: up to whitespace or a character that does
/// not occur in URLs, without trailing punctuation (but not before `floor`).
fn url_end(text: &str, from: usize, floor: usize) -> usize {
    let b = text.as_bytes();
    let mut end =
        from + b[from..].iter().take_while(|&&c| c.is_ascii_graphic() && !b"<>\"`{}|\\^".contains(&c)).count();
    while end > floor && matches!(b[end - 1], b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'\'') {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        UrlCredentials.find(text, &mut out);
        out.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn flags_urls_with_credentials() {
        assert_eq!(
            find("Probeer https://jan:Welkom123@intranet.acme.nl/login eens."),
            ["https://jan:Welkom123@intranet.acme.nl/login"]
        );
        assert_eq!(
            find("db: postgres://app:s3cr3t!@10.0.0.5:5432/prod"),
            ["postgres://app:s3cr3t!@10.0.0.5:5432/prod"]
        );
        assert_eq!(
            find("Connection string mongodb+srv://admin:Hunter2x@cluster0.abcde.mongodb.net/test?retryWrites=true, works!"),
            ["mongodb+srv://admin:Hunter2x@cluster0.abcde.mongodb.net/test?retryWrites=true"]
        );
        assert_eq!(find("(ftp://upload:ftp2024@files.acme.nl)"), ["ftp://upload:ftp2024@files.acme.nl"]);
        assert_eq!(find("redis://default:p%40ss@cache:6379 🚀"), ["redis://default:p%40ss@cache:6379"]);
        assert_eq!(find("MYSQL://root:toor@db"), ["MYSQL://root:toor@db"]);
        assert_eq!(find("e\u{301} amqp://guest:gu3st@rabbit/\u{301}"), ["amqp://guest:gu3st@rabbit/"]);
        assert_eq!(find("jdbc:postgresql://u:p4ss@h/db"), ["postgresql://u:p4ss@h/db"]);
        assert_eq!(find("https://user:p@ss@host.nl/x"), ["https://user:p@ss@host.nl/x"]);
        assert_eq!(find("ssh://git:tok3n@[2001:db8::1]:22/repo"), ["ssh://git:tok3n@[2001:db8::1]:22/repo"]);
    }

    #[test]
    fn ignores_lookalikes() {
        for text in [
            "https://acme.nl/@jan",
            "https://x.com/@user:status",
            "mailto:jan@acme.nl",
            "https://jan@acme.nl/profile",
            "ssh://git@github.com:22/repo.git",
            "https://:secret1@host",
            "https://user:@host",
            "postgres://user:password@localhost/db",
            "postgres://user:<password>@localhost/db",
            "mysql://root:${DB_PASS}@db/app",
            // The token is `api_key`'s finding.
            "https://jan:ghp_Zq8mKx2Lr5Tn7Vb1Kp9Wd3Fs6Hy0Gc4Jm2Ae@github.com/acme/app.git",
            "https://user:****@host",
            "https://user:xxx@host",
            "gopher://user:pa55@host",
            "xhttps://user:pa55@host",
            "https://user:pa55@/path",
            "https://acme.nl/login?next=https://a.nl&user=jan:x@y",
        ] {
            assert!(find(text).is_empty(), "{text:?}: {:?}", find(text));
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            "://",
            "a://",
            "https://",
            "https://:@",
            "https://a:b@",
            "é://a:b@c",
            "https://a:b@é",
            "https://a:b@c/é",
        ] {
            let _ = find(text);
        }
        let _ = find(&"https://".repeat(20_000));
        let _ = find(&"https://a:b1@c ".repeat(5_000));
        let _ = find(&format!("https://{}", "a:".repeat(50_000)));
    }
}
