//! E-mail addresses: `local@domain.tld`. The local part is letters, digits and `. _ % + -`
//! (not starting or ending with a dot, no `..`); the domain is dot-separated labels of letters,
//! digits and inner hyphens, ending in an alphabetic top-level domain of at least two letters.
//! Trailing punctuation is not part of the address; `@handle` mentions are not addresses, and
//! neither is the `user:pass@host` part of a URL (that is `url_credentials`). Addresses written
//! out against scrapers count too: `jan [at] acme [dot] nl`, `jan(at)acme.nl`, `jan @ acme.nl`,
//! `jan at acme dot nl`.

use std::ops::Range;

use super::Detector;

#[derive(Debug, Clone, Default)]
pub(crate) struct Email {
    /// Lower-case domains; empty: every address. Otherwise only addresses whose domain is one
    /// of these or a subdomain of one.
    domains: Vec<String>,
    /// Leave out role mailboxes ([`ROLE_MAILBOXES`]): they belong to a job, not a person.
    personal_only: bool,
}

/// Local parts of mailboxes that belong to a role or a team, not a person (English and
/// Dutch), space-separated. Matched whole, or before a `-`, `.` or `_` (`jobs-nl@`,
/// `info.utrecht@`).
const ROLE_MAILBOXES: &str = "\
    info contact hello hallo hi mail office kantoor admin administratie support help helpdesk service \
    klantenservice customerservice customercare care sales verkoop orders bestellingen order shop \
    webshop winkel jobs job careers career vacatures vacature werkenbij werken recruitment recruiting \
    talent sollicitaties sollicitatie solliciteren apply hr personeelszaken pz press pers media \
    communicatie communications marketing finance billing invoices facturen factuur facturatie \
    crediteuren debiteuren accounts privacy security abuse postmaster webmaster noreply no-reply \
    donotreply team secretariaat receptie reception planning reserveringen reserveren reservations \
    booking bookings events evenementen feedback klachten complaints partners enquiries inquiries vragen \
    redactie editor newsroom tips gemeente servicedesk it ict facilitair inkoop purchasing legal \
    juridisch";

fn is_role_mailbox(local: &str) -> bool {
    let head = local.split(['-', '.', '_', '+']).next().unwrap_or(local);
    ROLE_MAILBOXES.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case(local) || r.eq_ignore_ascii_case(head))
}

impl Email {
    pub(crate) fn new(domains: &[String], personal_only: bool) -> Email {
        let domains = domains
            .iter()
            .map(|d| d.trim().trim_start_matches('@').trim_matches('.').to_lowercase())
            .filter(|d| !d.is_empty())
            .collect();
        Email { domains, personal_only }
    }

    fn domain_allowed(&self, domain: &str) -> bool {
        if self.domains.is_empty() {
            return true;
        }
        self.domains.iter().any(|d| {
            let (dom, d) = (domain.as_bytes(), d.as_bytes());
            dom.len() >= d.len()
                && dom[dom.len() - d.len()..].eq_ignore_ascii_case(d)
                && (dom.len() == d.len() || dom[dom.len() - d.len() - 1] == b'.')
        })
    }
}

const MAX_LOCAL: usize = 64;
const MAX_DOMAIN: usize = 253;
const MAX_LABEL: usize = 63;

impl Detector for Email {
    fn find(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let b = text.as_bytes();
        let first = out.len();
        // Where the previous address ended: a local part never reaches back into it.
        let mut floor = 0;
        let mut at = 0;
        while let Some(offset) = memchr::memchr(b'@', &b[at..]) {
            let at_sign = at + offset;
            at = at_sign + 1;
            let Some(start) = local_start(text, floor, at_sign) else { continue };
            // `@lisa@mastodon.social` is a fediverse handle.
            if text[..start].ends_with('@') {
                continue;
            }
            let Some(end) = domain_end(text, at_sign + 1) else { continue };
            if in_url_userinfo(text, start)
                || !self.domain_allowed(&text[at_sign + 1..end])
                || (self.personal_only && is_role_mailbox(&text[start..at_sign]))
            {
                continue;
            }
            out.push(start..end);
            floor = end;
            at = end;
        }
        self.find_written_out(text, out, first);
    }
}

impl Email {
    /// `jan [at] acme [dot] nl`, `jan(at)acme.nl`, `jan @ acme.nl`, `jan at acme dot nl`: an
    /// address written so that scrapers miss it, which every reader still understands. Plain
    /// " at " counts only with a written-out dot (`dot`, `[dot]`), or "meet me at acme.nl"
    /// would be an address. Added in order among the addresses found before (from `first`).
    fn find_written_out(&self, text: &str, out: &mut Vec<Range<usize>>, first: usize) {
        let b = text.as_bytes();
        let mut i = 1;
        while i + 3 < b.len() {
            let Some((local_end, after, plain_at)) = at_marker(b, i) else {
                i += 1;
                continue;
            };
            let found = written_local_start(b, local_end).and_then(|start| {
                let (end, domain, spelled_dot) = written_domain(b, after)?;
                let ok = (spelled_dot || !plain_at)
                    && self.domain_allowed(&domain)
                    && !(self.personal_only && is_role_mailbox(&text[start..local_end]));
                ok.then_some(start..end)
            });
            match found {
                Some(r) => {
                    i = r.end;
                    // Insertion into the sorted list: a post has a handful of addresses at most.
                    let k = out[first..].partition_point(|o| o.start < r.start) + first;
                    if !out[first..].iter().any(|o| o.start < r.end && r.start < o.end) {
                        out.insert(k, r);
                    }
                }
                None => i += 1,
            }
        }
    }
}

/// An "at" written out at `i`: ` @ `, ` at `, `[at]`, `(at)`, `{at}` (with or without spaces
/// around the brackets). Returns where the local part ends, where the domain may start, and
/// whether it was a plain ` at `.
fn at_marker(b: &[u8], i: usize) -> Option<(usize, usize, bool)> {
    let is_at = |k: usize| b.get(k..k + 2).is_some_and(|w| w.eq_ignore_ascii_case(b"at"));
    let skip_space = |k: usize| if b.get(k) == Some(&b' ') { k + 1 } else { k };
    match b[i] {
        b' ' if b.get(i + 1) == Some(&b'@') && b.get(i + 2) == Some(&b' ') => Some((i, i + 3, false)),
        b' ' if is_at(i + 1) && b.get(i + 3) == Some(&b' ') => Some((i, i + 4, true)),
        open @ (b'[' | b'(' | b'{') if is_at(i + 1) => {
            let close = match open {
                b'[' => b']',
                b'(' => b')',
                _ => b'}',
            };
            (b.get(i + 3) == Some(&close)).then(|| {
                let local_end = if b[i - 1] == b' ' { i - 1 } else { i };
                (local_end, skip_space(i + 4), false)
            })
        }
        _ => None,
    }
}

/// The start of an ASCII local part ending at `end` (`jan.de-vries`), not glued to a word.
fn written_local_start(b: &[u8], end: usize) -> Option<usize> {
    let mut start = end;
    while start > 0 && (b[start - 1].is_ascii_alphanumeric() || matches!(b[start - 1], b'.' | b'_' | b'-' | b'+')) {
        start -= 1;
    }
    while start < end && !b[start].is_ascii_alphanumeric() {
        start += 1;
    }
    let glued = start > 0 && (b[start - 1] >= 0x80 || b[start - 1] == b'@');
    (start < end && end - start <= MAX_LOCAL && !glued).then_some(start)
}

/// A domain written with `.` or a spelled-out dot (` dot `, `[dot]`, `(dot)`) between its
/// labels, from `from`: its end, the domain with plain dots, and whether a dot was spelled out.
fn written_domain(b: &[u8], from: usize) -> Option<(usize, String, bool)> {
    let label_end = |k: usize| {
        let mut e = k;
        while e < b.len() && (b[e].is_ascii_alphanumeric() || b[e] == b'-') {
            e += 1;
        }
        e
    };
    let mut domain = String::new();
    let mut spelled = false;
    let mut pos = from;
    let mut last = from..from;
    loop {
        let end = label_end(pos);
        if end == pos || end - pos > MAX_LABEL {
            break;
        }
        domain.push_str(std::str::from_utf8(&b[pos..end]).ok()?);
        last = pos..end;
        // The separator to the next label, if there is one.
        let rest = &b[end..];
        let sep = [
            (&b"."[..], false),
            (b" . ", true),
            (b"[dot]", true),
            (b"(dot)", true),
            (b" [dot] ", true),
            (b" (dot) ", true),
            (b" dot ", true),
        ]
        .into_iter()
        .find(|(s, _)| {
            rest.len() > s.len() && rest[..s.len()].eq_ignore_ascii_case(s) && rest[s.len()].is_ascii_alphanumeric()
        });
        match sep {
            Some((s, is_spelled)) => {
                spelled |= is_spelled;
                domain.push('.');
                pos = end + s.len();
            }
            None => {
                pos = end;
                break;
            }
        }
    }
    let tld = &b[last.clone()];
    let ok = domain.contains('.')
        && (2..=24).contains(&tld.len())
        && tld.iter().all(u8::is_ascii_alphabetic)
        && !b.get(pos).is_some_and(|&c| c.is_ascii_alphanumeric() || c >= 0x80);
    ok.then_some((pos, domain, spelled))
}

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

/// The start of the local part ending at `at_sign`, if it is a plausible one.
fn local_start(text: &str, floor: usize, at_sign: usize) -> Option<usize> {
    let mut start = at_sign;
    for (i, c) in text[floor..at_sign].char_indices().rev() {
        if !is_local_char(c) {
            break;
        }
        start = floor + i;
        if at_sign - start > 4 * MAX_LOCAL {
            return None;
        }
    }
    // Leading punctuation ("--jan@", "...jan@") is not part of the address.
    while start < at_sign && !text[start..].starts_with(|c: char| c.is_alphanumeric()) {
        start += text[start..].chars().next().map_or(1, char::len_utf8);
    }
    let local = &text[start..at_sign];
    if local.is_empty() || local.len() > MAX_LOCAL || local.ends_with('.') || local.contains("..") {
        return None;
    }
    Some(start)
}

fn is_label_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// The end of the domain starting at `from`, if it is a plausible one.
fn domain_end(text: &str, from: usize) -> Option<usize> {
    let mut pos = from;
    let mut last_label = from..from;
    let mut labels = 0;
    loop {
        let rest = &text[pos..];
        let (chars, len) = rest
            .chars()
            .take_while(|&c| is_label_char(c))
            .take(MAX_LABEL + 1)
            .fold((0, 0), |(n, len), c| (n + 1, len + c.len_utf8()));
        // A label does not end with a hyphen: "jan@acme.nl--" ends at "nl".
        let label = rest[..len].trim_end_matches('-');
        let len = label.len();
        if label.is_empty() || chars > MAX_LABEL || label.starts_with('-') {
            break;
        }
        labels += 1;
        last_label = pos..pos + len;
        pos += len;
        if pos - from > MAX_DOMAIN {
            return None;
        }
        // Another label only after a single dot followed by a label character.
        let mut next = text[pos..].chars();
        if next.next() == Some('.') && next.next().is_some_and(|c| c.is_alphanumeric()) {
            pos += 1;
        } else {
            break;
        }
    }
    let end = last_label.end;
    let tld = &text[last_label];
    let mut after = text[end..].chars();
    let glued = match after.next() {
        Some(c) if c.is_alphanumeric() || c == '_' || c == '@' => true,
        // git@github.com:acme/app.git is an SSH remote.
        Some(':') => after.next().is_some_and(|c| c.is_alphanumeric() || c == '/'),
        _ => false,
    };
    let file = FILE_EXTENSIONS.iter().any(|ext| ext.eq_ignore_ascii_case(tld));
    (labels >= 2 && tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic) && !glued && !file).then_some(end)
}

/// File names like `logo@2x.png` are not addresses: these are not top-level domains.
const FILE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "heic", "avif", "bmp", "ico", "pdf", "doc", "docx", "xls", "xlsx",
    "ppt", "pptx", "txt", "csv", "json", "xml", "html", "htm", "css", "js", "mp3", "mp4", "wav", "webm",
];

/// Whether the local part at `start` is the user info of a URL (`https://user:pass@host`).
fn in_url_userinfo(text: &str, start: usize) -> bool {
    let mut from = start.saturating_sub(256);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..start];
    let token = before.rsplit(char::is_whitespace).next().unwrap_or("");
    match token.rfind("://") {
        Some(i) => !token[i + 3..].contains(['/', '?', '#', '=', '&']),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find_in(domains: &[&str], text: &str) -> Vec<String> {
        let domains: Vec<String> = domains.iter().map(|d| d.to_string()).collect();
        let mut out = Vec::new();
        Email::new(&domains, false).find(text, &mut out);
        out.iter().map(|r| text[r.clone()].to_string()).collect()
    }

    fn find(text: &str) -> Vec<String> {
        find_in(&[], text)
    }

    #[test]
    fn flags_real_addresses() {
        assert_eq!(find("Mail jan@acme.nl."), ["jan@acme.nl"]);
        assert_eq!(find("Stuur je cv naar j.de-vries+jobs@mail.acme.co.uk!"), ["j.de-vries+jobs@mail.acme.co.uk"]);
        assert_eq!(find("(contact: info@example.com)"), ["info@example.com"]);
        assert_eq!(find("mailto:pers@acme.nl"), ["pers@acme.nl"]);
        assert_eq!(find("\"piet_jansen@acme.nl\", ok?"), ["piet_jansen@acme.nl"]);
        assert_eq!(find("📧jan@acme.nl📧 en ook 👉 klaas@acme.nl"), ["jan@acme.nl", "klaas@acme.nl"]);
        assert_eq!(find("josé@müller.de, zie boven"), ["josé@müller.de"]);
        assert_eq!(find("e\u{301} jan@acme.nl\u{301}"), ["jan@acme.nl"]);
        assert_eq!(find("--jan@acme.nl--"), ["jan@acme.nl"]);
        assert_eq!(find("ping HR@ACME.NL today"), ["HR@ACME.NL"]);
        assert_eq!(find("راسلني jan@acme.nl من فضلك"), ["jan@acme.nl"]);
        assert_eq!(find("\u{202e}jan@acme.nl\u{202c}"), ["jan@acme.nl"]);
    }

    #[test]
    fn addresses_written_out_against_scrapers() {
        assert_eq!(find("mail hem: wim.bos [at] ziggo [dot] nl"), ["wim.bos [at] ziggo [dot] nl"]);
        assert_eq!(find("her address is tara(at)proton.me, ask her"), ["tara(at)proton.me"]);
        assert_eq!(find("jan @ acme.nl of piet@acme.nl"), ["jan @ acme.nl", "piet@acme.nl"]);
        assert_eq!(find("piet@acme.nl of jan @ acme.nl"), ["piet@acme.nl", "jan @ acme.nl"]);
        assert_eq!(find("karin dot smit at gmail dot com"), ["smit at gmail dot com"]);
        assert_eq!(find("kees at hotmail dot com"), ["kees at hotmail dot com"]);
        assert_eq!(find("J.Bakker{AT}Bedrijf.nl"), ["J.Bakker{AT}Bedrijf.nl"]);
        assert_eq!(
            find_in(&["acme.nl"], "jan [at] acme [dot] nl, kim [at] other [dot] nl"),
            ["jan [at] acme [dot] nl"]
        );
    }

    #[test]
    fn written_out_lookalikes() {
        for text in [
            "meet me at acme.nl headquarters",
            "I work at google.com",
            "see you at 10.30",
            "it's at home dot",
            "look at this [at] sign",
            "price @ 12.50",
            "x [at] y",
            "jan [at] acme [dot] n",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn personal_only_leaves_out_role_mailboxes() {
        let find = |text: &str| {
            let mut out = Vec::new();
            Email::new(&[], true).find(text, &mut out);
            out.iter().map(|r| text[r.clone()].to_string()).collect::<Vec<_>>()
        };
        let text = "CV naar Vacatures@bakker.nl of werkenbij@bakker.nl, vragen: hr.utrecht@bakker.nl";
        assert!(find(text).is_empty(), "{:?}", find(text));
        assert!(find("orders: webshop-nl@tuin.example, pers: pers@gemeente.example").is_empty());
        // A person's address, also one that merely starts with a role word.
        assert_eq!(find("mail Ingrid: ingrid.vos@bakker.nl"), ["ingrid.vos@bakker.nl"]);
        assert_eq!(find("infosec lead: hrvoje@kpn.example"), ["hrvoje@kpn.example"]);
        assert_eq!(find("support@x.example en teun.support@x.example"), ["teun.support@x.example"]);
    }

    #[test]
    fn domain_filter() {
        let text = "jan@acme.nl, piet@sales.acme.nl, kees@notacme.nl, anna@gmail.com";
        assert_eq!(find_in(&["acme.nl"], text), ["jan@acme.nl", "piet@sales.acme.nl"]);
        assert_eq!(find_in(&["ACME.NL"], "JAN@Acme.NL"), ["JAN@Acme.NL"]);
        assert_eq!(find_in(&["@acme.nl"], "jan@acme.nl"), ["jan@acme.nl"]);
        assert_eq!(find_in(&[], text).len(), 4);
    }

    #[test]
    fn ignores_lookalikes() {
        assert!(find("Follow @acme_nl and @acme.nl on X").is_empty());
        assert!(find("Thanks @lisa@mastodon.social for the tip").is_empty());
        assert!(find("jan@acme").is_empty());
        assert!(find("jan@acme.n").is_empty());
        assert!(find("jan@10.0.0.1").is_empty());
        assert!(find("jan@acme.123").is_empty());
        assert!(find("jan@-acme.nl").is_empty());
        assert!(find("jan.@acme.nl").is_empty());
        assert!(find("jan..piet@acme.nl").is_empty());
        assert!(find("meet me @ 5 o'clock").is_empty());
        assert!(find("user@acme.nl_x").is_empty());
        assert!(find("https://user:hunter2@db.acme.nl/app").is_empty());
        assert!(find("@@@ .@. a@.b @a.b").is_empty());
        assert!(find("icon@2x.png en logo@3x.JPG").is_empty());
        assert!(find("git clone git@github.com:acme/app.git").is_empty());
        assert!(find("npm i lodash@4.17.21").is_empty());
    }

    #[test]
    fn email_in_url_query_still_flags() {
        assert_eq!(find("https://acme.nl/unsubscribe?email=jan@acme.nl"), ["jan@acme.nl"]);
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in ["", "@", "a@", "@b.c", "a@b.", "a@b.c.", "é@é.éé", "\u{202e}jan@acme.nl\u{202c}", "a@🎉.nl"]
        {
            let _ = find(text);
        }
        let _ = find(&"a@".repeat(50_000));
        let _ = find(&"a.".repeat(50_000));
        let _ = find(&format!("{}@{}", "a".repeat(100_000), "b.".repeat(100_000)));
    }
}
