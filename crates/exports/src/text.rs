//! Turning what an export stores into the post as its author wrote it: HTML entities decoded,
//! Mastodon's HTML reduced to text, Facebook's mojibake repaired, dates in ISO 8601.

/// Decodes character references. `only_basic`: just `&amp;`, `&lt;` and `&gt;` (what X and
/// Reddit escape; a literal `&quot;` someone typed stays as typed). Otherwise also `&quot;`,
/// `&apos;`, `&nbsp;` and numeric references (`&#39;`, `&#x1F600;`). Unknown ones stay.
pub fn decode_entities(s: &str, only_basic: bool, out: &mut String) {
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(|c: char| c == ';' || c == '&' || c.is_whitespace()).map(|e| e + 1);
        let decoded = match end.filter(|&e| rest.as_bytes()[e] == b';') {
            Some(e) => {
                let name = &rest[1..e];
                let c = match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    _ if only_basic => None,
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{A0}'),
                    _ => name.strip_prefix('#').and_then(|n| {
                        let code = match n.strip_prefix(['x', 'X']) {
                            Some(hex) => u32::from_str_radix(hex, 16).ok(),
                            None => n.parse::<u32>().ok(),
                        };
                        code.and_then(char::from_u32)
                    }),
                };
                c.map(|c| (c, e + 1))
            }
            None => None,
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

pub fn decoded(s: &str, only_basic: bool) -> String {
    let mut out = String::with_capacity(s.len());
    decode_entities(s, only_basic, &mut out);
    out
}

/// HTML (a Mastodon post) as plain text: paragraphs separated by a blank line, `<br>` a line
/// break, every other tag dropped and its text kept (a link's text, `@user` of a mention,
/// `#tag` of a hashtag, also the parts of a long link Mastodon hides with
/// `class="invisible"`, so the link reads whole), entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut pending_break = "";
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(&mut out, rest, &mut pending_break);
            break;
        };
        push_text(&mut out, &rest[..lt], &mut pending_break);
        rest = &rest[lt..];
        let Some(gt) = tag_end(rest) else {
            // A lone `<` is text.
            push_text(&mut out, "<", &mut pending_break);
            rest = &rest[1..];
            continue;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match (name.as_str(), closing) {
            ("br", _) => {
                out.push_str(pending_break);
                pending_break = "";
                out.push('\n');
            }
            ("p" | "div" | "blockquote" | "ul" | "ol" | "pre" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6", _)
                if !out.is_empty() =>
            {
                pending_break = "\n\n";
            }
            ("li", false) if !out.is_empty() && pending_break.is_empty() => pending_break = "\n",
            _ => {}
        }
    }
    let trimmed = out.trim_end_matches(['\n', ' ']).len();
    out.truncate(trimmed);
    out
}

/// Where the tag that starts `s` (at its `<`) ends: the `>` outside quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    if !bytes.get(1).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'!') {
        return None;
    }
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(1) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(i),
            None => {}
        }
    }
    None
}

fn push_text(out: &mut String, text: &str, pending_break: &mut &str) {
    if text.is_empty() {
        return;
    }
    // White space between block tags (`</p>\n<p>`) is markup, not text.
    if !pending_break.is_empty() && text.trim().is_empty() {
        return;
    }
    out.push_str(pending_break);
    *pending_break = "";
    decode_entities(text, false, out);
}

/// Facebook's JSON export writes each UTF-8 byte of a string as its own code point
/// (`"Caf\u00c3\u00a9"` for `Café`). Reverses that when the string is made only of code
/// points up to U+00FF and those bytes are valid UTF-8 (and not plain ASCII); any other
/// string is returned as it is, so text that was stored correctly is never damaged.
pub fn repair_mojibake(s: String) -> String {
    if s.is_ascii() || s.chars().any(|c| c as u32 > 0xFF) {
        return s;
    }
    let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
    match String::from_utf8(bytes) {
        Ok(repaired) => repaired,
        Err(_) => s,
    }
}

/// Seconds since 1970 (UTC) as `2018-10-10T20:19:24Z`.
pub fn iso_from_unix(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60)
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// X's `created_at` (`Wed Oct 10 20:19:24 +0000 2018`) as `2018-10-10T20:19:24Z` (an offset
/// other than +0000 is kept: `+02:00`).
pub fn iso_from_twitter(date: &str) -> Option<String> {
    let parts: Vec<&str> = date.split_ascii_whitespace().collect();
    let [_weekday, month, day, time, offset, year] = parts[..] else { return None };
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS.iter().position(|m| *m == month)? + 1;
    let day: u32 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    let year: u32 = year.parse().ok().filter(|_| year.len() == 4)?;
    let t = time.as_bytes();
    let time_ok = t.len() == 8 && t[2] == b':' && t[5] == b':' && time.bytes().filter(u8::is_ascii_digit).count() == 6;
    let o = offset.as_bytes();
    let offset_ok = o.len() == 5 && matches!(o[0], b'+' | b'-') && offset[1..].bytes().all(|b| b.is_ascii_digit());
    if !time_ok || !offset_ok {
        return None;
    }
    let zone = if &offset[1..] == "0000" { "Z".to_string() } else { format!("{}:{}", &offset[..3], &offset[3..]) };
    Some(format!("{year:04}-{month:02}-{day:02}T{time}{zone}"))
}

/// `2023-05-04 10:22:33` (LinkedIn) or `2021-03-04 12:34:56 UTC` (Reddit) as ISO 8601:
/// `2023-05-04T10:22:33`, `2021-03-04T12:34:56Z`. A date that already is ISO 8601 is kept.
pub fn iso_from_spaced(date: &str) -> Option<String> {
    let date = date.trim();
    let (date, utc) = match date.strip_suffix(" UTC") {
        Some(d) => (d, true),
        None => (date, false),
    };
    let b = date.as_bytes();
    let date_ok = b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b[..10].iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !date_ok {
        return None;
    }
    if b.len() == 10 {
        return Some(date.to_string());
    }
    if !matches!(b[10], b' ' | b'T') {
        return None;
    }
    let time = &date[11..];
    Some(format!("{}T{time}{}", &date[..10], if utc { "Z" } else { "" }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(
            decoded("Q&amp;A &lt;3 &gt; &amp;amp; &quot;x&quot; & &nope; &", true),
            "Q&A <3 > &amp; &quot;x&quot; & &nope; &"
        );
        assert_eq!(decoded("&quot;hi&quot; it&#39;s &#x1F600; &apos;&nbsp;&#0;", false), "\"hi\" it's 😀 '\u{A0}\u{0}");
        assert_eq!(decoded("&#xD800; &#99999999;", false), "&#xD800; &#99999999;");
    }

    #[test]
    fn mastodon_html() {
        let html = concat!(
            "<p>Hello <span class=\"h-card\" translate=\"no\"><a href=\"https://m.example/@ann\" class=\"u-url mention\">@<span>ann</span></a></span> ",
            "&amp; <a href=\"https://m.example/tags/work\" class=\"mention hashtag\" rel=\"tag\">#<span>work</span></a></p>\n",
            "<p>line one<br>line two<br />see <a href=\"https://example.com/a/very/long/path\" rel=\"nofollow noopener\" target=\"_blank\">",
            "<span class=\"invisible\">https://</span><span class=\"ellipsis\">example.com/a/very/lo</span><span class=\"invisible\">ng/path</span></a></p>",
            "<p>a &lt;b&gt; c &gt; d</p>"
        );
        assert_eq!(
            html_to_text(html),
            "Hello @ann & #work\n\nline one\nline two\nsee https://example.com/a/very/long/path\n\na <b> c > d"
        );
        assert_eq!(html_to_text("plain 1 < 2"), "plain 1 < 2");
        assert_eq!(html_to_text("<p></p>"), "");
        assert_eq!(html_to_text("<a title=\"x > y\">link</a>"), "link");
    }

    #[test]
    fn mojibake() {
        assert_eq!(
            repair_mojibake("Caf\u{c3}\u{a9} \u{e2}\u{80}\u{99}s \u{f0}\u{9f}\u{98}\u{80}".into()),
            "Café ’s 😀"
        );
        // Correct text is left alone: Latin-1 that is not UTF-8, text beyond U+00FF, ASCII.
        assert_eq!(repair_mojibake("café".into()), "café");
        assert_eq!(repair_mojibake("Ã© and ’".into()), "Ã© and ’");
        assert_eq!(repair_mojibake("plain".into()), "plain");
    }

    #[test]
    fn dates() {
        assert_eq!(iso_from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_from_unix(1_539_202_764), "2018-10-10T20:19:24Z");
        assert_eq!(iso_from_unix(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_from_unix(-1), "1969-12-31T23:59:59Z");
        assert_eq!(iso_from_twitter("Wed Oct 10 20:19:24 +0000 2018").unwrap(), "2018-10-10T20:19:24Z");
        assert_eq!(iso_from_twitter("Fri Jan 03 08:00:00 +0200 2020").unwrap(), "2020-01-03T08:00:00+02:00");
        assert_eq!(iso_from_twitter("yesterday"), None);
        assert_eq!(iso_from_spaced("2023-05-04 10:22:33").unwrap(), "2023-05-04T10:22:33");
        assert_eq!(iso_from_spaced("2021-03-04 12:34:56 UTC").unwrap(), "2021-03-04T12:34:56Z");
        assert_eq!(iso_from_spaced("2021-03-04").unwrap(), "2021-03-04");
        assert_eq!(iso_from_spaced("04/05/2023"), None);
    }
}
