//! IP addresses. IPv4: four dotted octets 0–255 without leading zeros, not part of a longer
//! dotted number (`1.2.3.4.5`) and not a version (`v1.2.3.4`, `version 1.2.3.4`). IPv6: full and
//! compressed forms (at least two colons) that `std::net::Ipv6Addr` parses, with a digit in them
//! (so `dead::beef` and times like `12:30:45` are not addresses). With `private_only`, only
//! private and internal ranges: 10/8, 172.16/12, 192.168/16, 100.64/10, 169.254/16, 127/8,
//! fc00::/7, fe80::/10 and ::1 (and IPv4-mapped IPv6 forms of the IPv4 ones).

use std::net::{Ipv4Addr, Ipv6Addr};
use std::ops::Range;
use std::str::FromStr;

use super::Detector;

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct IpAddress {
    pub private_only: bool,
}

/// Longest IPv6 text: `ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255`.
const MAX_V6: usize = 45;

impl Detector for IpAddress {
    fn find(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let base = out.len();
        self.find_v6(text, out);
        let v6_end = out.len();
        self.find_v4(text, base, v6_end, out);
        if out.len() > v6_end && v6_end > base {
            out[base..].sort_unstable_by_key(|r| r.start);
        }
    }
}

impl IpAddress {
    fn find_v6(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let b = text.as_bytes();
        // Every IPv6 address has a colon: jump from colon to colon instead of walking every
        // run of hex-looking letters ("deaf", "cafe") in the text.
        let mut from = 0;
        while let Some(offset) = memchr::memchr(b':', &b[from..]) {
            let colon = from + offset;
            let mut i = colon;
            while i > from && is_v6_byte(b[i - 1]) {
                i -= 1;
            }
            let mut j = i;
            let mut colons = 0;
            while j < b.len() && is_v6_byte(b[j]) {
                colons += usize::from(b[j] == b':');
                j += 1;
            }
            if colons >= 2 {
                if let Some(range) = v6_candidate(text, i, j) {
                    let addr = &text[range.clone()];
                    if let Ok(ip) = Ipv6Addr::from_str(addr) {
                        if plausible_v6(addr) && (!self.private_only || private_v6(&ip)) {
                            out.push(range);
                        }
                    }
                }
            }
            from = j.max(colon + 1);
        }
    }

    /// IPv4 addresses, skipping those inside the IPv6 addresses in `out[v6.0..v6.1]`.
    fn find_v4(&self, text: &str, v6_start: usize, v6_end: usize, out: &mut Vec<Range<usize>>) {
        let b = text.as_bytes();
        let mut next_v6 = v6_start;
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let Some((end, ip)) = parse_v4(b, i) else {
                // Skip the rest of this digit run.
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                continue;
            };
            while next_v6 < v6_end && out[next_v6].end <= i {
                next_v6 += 1;
            }
            let inside_v6 = next_v6 < v6_end && out[next_v6].start <= i;
            if !inside_v6 && v4_boundaries(text, i, end) && (!self.private_only || private_v4(ip)) {
                out.push(i..end);
            }
            i = end;
        }
    }
}

fn is_v6_byte(c: u8) -> bool {
    c.is_ascii_hexdigit() || c == b':' || c == b'.'
}

/// Trims a run of hex digits, colons and dots to a candidate address: no trailing dots, no
/// single leading or trailing colon (`IP:fe80::1`, `fe80::1:`), and not glued to a word.
fn v6_candidate(text: &str, mut start: usize, mut end: usize) -> Option<Range<usize>> {
    let b = text.as_bytes();
    while end > start && b[end - 1] == b'.' {
        end -= 1;
    }
    if end - start >= 2 && b[end - 1] == b':' && b[end - 2] != b':' {
        end -= 1;
    }
    if end - start >= 2 && b[start] == b':' && b[start + 1] != b':' {
        start += 1;
    }
    if end - start < 2 || end - start > MAX_V6 {
        return None;
    }
    let glued_before = text[..start].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
    let glued_after = text[end..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_');
    (!glued_before && !glued_after).then_some(start..end)
}

/// At least one digit, and either two groups (`fe80::1`, `2001:db8::1`) or `::1`.
fn plausible_v6(addr: &str) -> bool {
    let groups = addr.split(':').filter(|g| !g.is_empty()).count();
    addr.bytes().any(|c| c.is_ascii_digit()) && (groups >= 2 || addr == "::1")
}

/// Four dotted octets at `start`: their end and value. Octets are 0–255 without leading zeros.
fn parse_v4(b: &[u8], start: usize) -> Option<(usize, [u8; 4])> {
    let mut octets = [0u8; 4];
    let mut pos = start;
    for (k, octet) in octets.iter_mut().enumerate() {
        if k > 0 {
            if b.get(pos) != Some(&b'.') {
                return None;
            }
            pos += 1;
        }
        let run_start = pos;
        let mut value = 0u32;
        while pos < b.len() && b[pos].is_ascii_digit() && pos - run_start < 4 {
            value = value * 10 + u32::from(b[pos] - b'0');
            pos += 1;
        }
        let len = pos - run_start;
        if len == 0 || len > 3 || value > 255 || (len > 1 && b[run_start] == b'0') {
            return None;
        }
        *octet = value as u8;
    }
    Some((pos, octets))
}

/// Standalone: not inside a word or a longer dotted number, and not a version number.
fn v4_boundaries(text: &str, start: usize, end: usize) -> bool {
    // A range like 10.0.0.1-10.0.0.255 is two addresses; ab-1.2.3.4 and 1.2.3.4-beta are not.
    let mut before = text[..start].chars().rev();
    match before.next() {
        Some(c) if c.is_alphanumeric() || c == '_' || c == '.' => return false,
        Some('-') if before.next().is_some_and(char::is_alphabetic) => return false,
        _ => {}
    }
    let mut after = text[end..].chars();
    match after.next() {
        Some(c) if c.is_alphanumeric() || c == '_' => return false,
        Some('.') if after.next().is_some_and(char::is_alphanumeric) => return false,
        Some('-') if after.next().is_some_and(char::is_alphabetic) => return false,
        _ => {}
    }
    !after_version_word(&text[..start])
}

/// `version 1.2.3.4`, `versie: 1.2.3.4`, `v. 1.2.3.4`, `build 1.2.3.4`.
fn after_version_word(before: &str) -> bool {
    let trimmed = before.trim_end_matches(|c: char| c.is_whitespace() || c == ':' || c == '.' || c == '#');
    let word_start =
        trimmed.char_indices().rev().take_while(|&(_, c)| c.is_alphanumeric()).last().map_or(trimmed.len(), |(i, _)| i);
    let word = &trimmed[word_start..];
    ["version", "versie", "v", "ver", "build", "release", "firmware", "patch"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
}

fn private_v4([a, b, _, _]: [u8; 4]) -> bool {
    a == 10
        || (a == 172 && (16..=31).contains(&b))
        || (a == 192 && b == 168)
        || (a == 100 && (64..=127).contains(&b))
        || (a == 169 && b == 254)
        || a == 127
}

fn private_v6(ip: &Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || ip.is_loopback()
        || ip.to_ipv4_mapped().is_some_and(|v4: Ipv4Addr| private_v4(v4.octets()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find_with(private_only: bool, text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        IpAddress { private_only }.find(text, &mut out);
        out.iter().map(|r| &text[r.clone()]).collect()
    }

    fn find(text: &str) -> Vec<&str> {
        find_with(false, text)
    }

    #[test]
    fn flags_ipv4() {
        assert_eq!(find("Server draait op 192.168.1.10, poort 8080"), ["192.168.1.10"]);
        assert_eq!(find("ssh naar 10.0.0.1:22 en klaar."), ["10.0.0.1"]);
        assert_eq!(find("Our DNS is 8.8.8.8."), ["8.8.8.8"]);
        assert_eq!(find("http://172.16.254.1/admin"), ["172.16.254.1"]);
        assert_eq!(find("🔥203.0.113.7🔥"), ["203.0.113.7"]);
        assert_eq!(find("IP:127.0.0.1"), ["127.0.0.1"]);
        assert_eq!(find("e\u{301} 0.0.0.0\u{301}"), ["0.0.0.0"]);
        assert_eq!(find("(255.255.255.255)"), ["255.255.255.255"]);
        assert_eq!(find("10.0.0.1-10.0.0.255"), ["10.0.0.1", "10.0.0.255"]);
    }

    #[test]
    fn flags_ipv6() {
        assert_eq!(find("Ping 2001:db8::1 eens"), ["2001:db8::1"]);
        assert_eq!(find("fe80::1ff:fe23:4567:890a%eth0 is link-local"), ["fe80::1ff:fe23:4567:890a"]);
        assert_eq!(find("full: 2001:0db8:85a3:0000:0000:8a2e:0370:7334."), ["2001:0db8:85a3:0000:0000:8a2e:0370:7334"]);
        assert_eq!(find("http://[2001:db8::8a2e:370:7334]:8080/"), ["2001:db8::8a2e:370:7334"]);
        assert_eq!(find("localhost is ::1"), ["::1"]);
        assert_eq!(find("IP:2001:db8::1"), ["2001:db8::1"]);
        // An IPv4-mapped address is one finding, not two.
        assert_eq!(find("::ffff:192.168.1.1 en 10.1.1.1"), ["::ffff:192.168.1.1", "10.1.1.1"]);
    }

    #[test]
    fn private_only() {
        let text = "8.8.8.8 10.1.2.3 172.15.0.1 172.16.0.1 172.31.255.255 172.32.0.1 192.168.0.1 \
                    100.64.0.1 100.128.0.1 169.254.1.1 127.0.0.1 2001:db8::1 fd12:3456::1 fe80::1 ::1 ::ffff:10.0.0.1";
        assert_eq!(
            find_with(true, text),
            [
                "10.1.2.3",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.0.1",
                "100.64.0.1",
                "169.254.1.1",
                "127.0.0.1",
                "fd12:3456::1",
                "fe80::1",
                "::1",
                "::ffff:10.0.0.1"
            ]
        );
        assert_eq!(find(text).len(), 16);
    }

    #[test]
    fn ignores_lookalikes() {
        assert!(find("Update naar v1.2.3.4 vandaag").is_empty());
        assert!(find("version 1.2.3.4 is out").is_empty());
        assert!(find("Versie: 10.0.0.1").is_empty());
        assert!(find("1.2.3.4.5").is_empty());
        assert!(find("256.1.1.1 en 1.2.3.999").is_empty());
        assert!(find("01.02.03.04").is_empty());
        assert!(find("build-1.2.3.4 en 1.2.3.4-beta").is_empty());
        assert!(find("1.2.3").is_empty());
        assert!(find("a1.2.3.4 1.2.3.4b").is_empty());
        assert!(find("Meeting at 12:30:45, tijd 09:15").is_empty());
        assert!(find("std::vec::Vec and Foo::bar, dead::beef").is_empty());
        assert!(find("MAC 00:1A:2B:3C:4D:5E").is_empty());
        assert!(find("price 1.234.567.890 euro").is_empty());
        assert!(find("dates 2024.01.15").is_empty());
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            ":",
            "::",
            ":::",
            "1.",
            "1.2.3.",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "١.٢.٣.٤",
            "::ffff:1.2.3.4.5",
        ] {
            let _ = find(text);
            let _ = find_with(true, text);
        }
        let _ = find(&"1.".repeat(50_000));
        let _ = find(&"a:".repeat(50_000));
        let _ = find(&"1.2.3.4 ::1 ".repeat(5_000));
    }
}
