//! PEM and PGP private key blocks: `-----BEGIN (RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE
//! KEY( BLOCK)?-----`. The span runs from the BEGIN line to the end of the next END line; without
//! one, to the end of the base64 body that follows (or just the BEGIN line). Public keys and
//! certificates are not flagged.

use std::ops::Range;

use super::Detector;

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PrivateKey;

const BEGIN: &str = "-----BEGIN ";
const END: &str = "-----END ";
const KINDS: &[&str] = &["RSA ", "EC ", "DSA ", "OPENSSH ", "ENCRYPTED ", "PGP "];

impl Detector for PrivateKey {
    fn find(&self, text: &str, out: &mut Vec<Range<usize>>) {
        // The next END marker at or after `from`, searched for again only once passed.
        let mut next_end: Option<Option<usize>> = None;
        let mut from = 0;
        while let Some(offset) = text[from..].find(BEGIN) {
            let start = from + offset;
            let Some(header_end) = header_end(text, start + BEGIN.len()) else {
                from = start + BEGIN.len();
                continue;
            };
            if next_end.is_some_and(|e| e.is_some_and(|e| e < header_end)) {
                next_end = None;
            }
            let end_marker = *next_end.get_or_insert_with(|| text[header_end..].find(END).map(|e| header_end + e));
            // The END line belongs to this key unless another BEGIN comes first.
            let next_begin = text[header_end..].find(BEGIN).map(|b| header_end + b);
            let end = match (end_marker, next_begin) {
                (Some(e), None) => end_line_end(text, e),
                (Some(e), Some(b)) if e < b => end_line_end(text, e),
                _ => body_end(text, header_end),
            };
            out.push(start..end);
            from = end;
        }
    }
}

/// After `-----BEGIN `: the kind, `PRIVATE KEY`, optional ` BLOCK` and `-----`. Returns the end
/// of the closing dashes.
fn header_end(text: &str, mut pos: usize) -> Option<usize> {
    if let Some(kind) = KINDS.iter().find(|k| text[pos..].starts_with(**k)) {
        pos += kind.len();
    }
    pos += strip(text, pos, "PRIVATE KEY")?;
    if let Some(n) = strip(text, pos, " BLOCK") {
        pos += n;
    }
    Some(pos + strip(text, pos, "-----")?)
}

fn strip(text: &str, pos: usize, s: &str) -> Option<usize> {
    text[pos..].starts_with(s).then_some(s.len())
}

/// The end of an END line starting at `e`: after its closing `-----`, or else at the end of
/// the label (a truncated line).
fn end_line_end(text: &str, e: usize) -> usize {
    let label_start = e + END.len();
    let label_len = text[label_start..].bytes().take(40).take_while(|&c| c.is_ascii_uppercase() || c == b' ').count();
    let after = label_start + label_len;
    let dashes = text[after..].bytes().take(5).take_while(|&c| c == b'-').count();
    after + dashes
}

/// Without an END line: the base64 body after the header. A word belongs to the body if it is
/// base64 and either long (a full line) or has a digit, `+`, `/` or `=` in it; `Proc-Type:`
/// style header lines right after the BEGIN line are included too.
fn body_end(text: &str, header_end: usize) -> usize {
    let mut end = header_end;
    let mut seen_base64 = false;
    let mut pos = header_end;
    let b = text.as_bytes();
    loop {
        while pos < b.len() && b[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let word_end = pos + b[pos..].iter().take_while(|c| !c.is_ascii_whitespace()).count();
        let word = &b[pos..word_end];
        if word.is_empty() {
            break;
        }
        let base64 = word.iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='));
        let looks_encoded =
            word.len() >= 16 || word.iter().any(|&c| c.is_ascii_digit() || matches!(c, b'+' | b'/' | b'='));
        if base64 && looks_encoded {
            seen_base64 = true;
        } else if !seen_base64
            && word.ends_with(b":")
            && word.iter().all(|&c| c.is_ascii_alphabetic() || c == b'-' || c == b':')
        {
            // `Proc-Type: 4,ENCRYPTED` / `DEK-Info: AES-128-CBC,…`: skip to the end of the line.
            let line_end = b[word_end..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| word_end + p);
            end = text[..line_end].trim_end().len();
            pos = line_end;
            continue;
        } else {
            break;
        }
        end = word_end;
        pos = word_end;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        PrivateKey.find(text, &mut out);
        out.iter().map(|r| &text[r.clone()]).collect()
    }

    const BODY: &str = "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\naqcvXhFjVbFs+JwJQ9e7ntQNsGD6Z9VCg8CXA4HT2R4D7u4yJxv3jTJ8ddk1SXH4\nAbCd==";

    #[test]
    fn flags_key_blocks() {
        let rsa = format!("-----BEGIN RSA PRIVATE KEY-----\n{BODY}\n-----END RSA PRIVATE KEY-----");
        assert_eq!(find(&format!("Hier is de key:\n{rsa}\nNiet delen!")), [rsa.as_str()]);
        let pk = format!("-----BEGIN PRIVATE KEY-----\n{BODY}\n-----END PRIVATE KEY-----");
        assert_eq!(find(&format!("🔑{pk}🔑")), [pk.as_str()]);
        let ssh = format!("-----BEGIN OPENSSH PRIVATE KEY-----\n{BODY}\n-----END OPENSSH PRIVATE KEY-----");
        assert_eq!(find(&ssh), [ssh.as_str()]);
        let pgp = format!("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n{BODY}\n-----END PGP PRIVATE KEY BLOCK-----");
        assert_eq!(find(&format!("my key: {pgp} bye")), [pgp.as_str()]);
        let ec_one_line = "-----BEGIN EC PRIVATE KEY----- MHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49 -----END EC PRIVATE KEY-----";
        assert_eq!(find(&format!("oeps {ec_one_line}.")), [ec_one_line]);
        let enc = format!("-----BEGIN ENCRYPTED PRIVATE KEY-----\r\n{BODY}\r\n-----END ENCRYPTED PRIVATE KEY-----");
        assert_eq!(find(&enc), [enc.as_str()]);
    }

    #[test]
    fn truncated_keys() {
        // No END line: the header and the base64 body, not the chatter after it.
        let text = format!("-----BEGIN RSA PRIVATE KEY-----\n{BODY}\nThanks for helping!");
        assert_eq!(find(&text), [format!("-----BEGIN RSA PRIVATE KEY-----\n{BODY}")]);
        assert_eq!(find("-----BEGIN PRIVATE KEY----- wat moet ik hiermee?"), ["-----BEGIN PRIVATE KEY-----"]);
        let legacy = format!("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\n{BODY}\nok");
        assert_eq!(find(&legacy), [&legacy[..legacy.len() - 3]]);
        // Two keys, the first without END: the END after the second BEGIN is the second's.
        let two = format!(
            "-----BEGIN PRIVATE KEY-----\n{BODY}\n-----BEGIN EC PRIVATE KEY-----\n{BODY}\n-----END EC PRIVATE KEY-----"
        );
        let found = find(&two);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0], format!("-----BEGIN PRIVATE KEY-----\n{BODY}"));
        assert!(found[1].starts_with("-----BEGIN EC") && found[1].ends_with("-----END EC PRIVATE KEY-----"));
    }

    #[test]
    fn ignores_lookalikes() {
        for text in [
            "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\n-----END PUBLIC KEY-----",
            "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkq\n-----END CERTIFICATE-----",
            "-----BEGIN RSA PUBLIC KEY-----",
            "-----BEGIN OPENSSH PUBLIC KEY-----",
            "Never post your private key, e.g. BEGIN PRIVATE KEY",
            "----BEGIN PRIVATE KEY----",
            "-----BEGIN private key-----",
            "-----BEGIN PGP PUBLIC KEY BLOCK-----",
            "Mijn privésleutel staat in de kluis 🔐",
        ] {
            assert!(find(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            "-----",
            "-----BEGIN ",
            "-----BEGIN PRIVATE KEY",
            "-----BEGIN PRIVATE KEY-----",
            "-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----é-----END é",
            "-----BEGIN PRIVATE KEY-----\n-----END ",
        ] {
            let _ = find(text);
        }
        let _ = find(&"-----BEGIN PRIVATE KEY-----".repeat(10_000));
        let _ = find(&"-----BEGIN PRIVATE KEY----- -----END PRIVATE KEY----- ".repeat(5_000));
    }
}
