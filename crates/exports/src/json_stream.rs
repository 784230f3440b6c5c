//! The elements of one large JSON array, one at a time, so that an archive of 100,000 tweets
//! is never held in memory whole: a byte scanner finds where each element ends (depth of
//! brackets, strings and their escapes) and hands its bytes to serde.
//!
//! Where the array is: the whole document (`[...]`), the value of a field of the top-level
//! object (`{"orderedItems": [...]}`), or after the `=` of a JavaScript assignment
//! (`window.YTD.tweets.part0 = [...]`).

use std::io::{self, BufRead};

/// Where the array sits in the document.
#[derive(Debug, Clone, Copy)]
pub enum Start<'k> {
    /// After the first `=` (an X archive's `.js` files).
    Assignment,
    /// The document is the array, or the document is an object and the array is the value
    /// of the first of these fields present; an empty list takes the first array-valued field.
    Document(&'k [&'k str]),
}

/// No post is this long; a longer element means a damaged file, and is not held in memory.
const MAX_ELEMENT: usize = 16 << 20;

pub struct JsonArray<R> {
    reader: R,
    /// False once the closing `]` has been read.
    open: bool,
    /// Bytes read so far, for error messages.
    offset: u64,
}

fn invalid(offset: u64, what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("not the expected JSON at byte {offset}: {what}"))
}

impl<R: BufRead> JsonArray<R> {
    /// Reads up to the array's `[`. An error when the document has no such array.
    pub fn open(reader: R, start: Start) -> io::Result<JsonArray<R>> {
        let mut s = JsonArray { reader, open: true, offset: 0 };
        match start {
            Start::Assignment => {
                loop {
                    match s.next_byte()? {
                        Some(b'=') => break,
                        Some(_) => {}
                        None => return Err(invalid(s.offset, "no `= [` assignment")),
                    }
                }
                s.expect(b'[', "`[` after `=`")?;
            }
            Start::Document(keys) => {
                s.skip_bom()?;
                match s.peek_non_ws()? {
                    Some(b'[') => {
                        s.next_byte()?;
                    }
                    Some(b'{') => {
                        s.next_byte()?;
                        s.find_field(keys)?;
                    }
                    _ => return Err(invalid(s.offset, "expected `[` or `{` at the start")),
                }
            }
        }
        Ok(s)
    }

    /// The next element's bytes into `out` (cleared first); `false` after the last one.
    pub fn next_element(&mut self, out: &mut Vec<u8>) -> io::Result<bool> {
        out.clear();
        if !self.open {
            return Ok(false);
        }
        match self.peek_non_ws()? {
            Some(b']') => {
                self.next_byte()?;
                self.open = false;
                return Ok(false);
            }
            Some(b',') => {
                self.next_byte()?;
                if self.peek_non_ws()? == Some(b']') {
                    // A trailing comma (JavaScript allows it).
                    self.next_byte()?;
                    self.open = false;
                    return Ok(false);
                }
            }
            Some(_) => {}
            None => return Err(invalid(self.offset, "the file ends inside the array")),
        }
        self.value(Some(out))?;
        Ok(true)
    }

    fn skip_bom(&mut self) -> io::Result<()> {
        let buf = self.reader.fill_buf()?;
        if buf.starts_with(b"\xEF\xBB\xBF") {
            self.reader.consume(3);
            self.offset += 3;
        }
        Ok(())
    }

    fn next_byte(&mut self) -> io::Result<Option<u8>> {
        let buf = self.reader.fill_buf()?;
        let Some(&b) = buf.first() else { return Ok(None) };
        self.reader.consume(1);
        self.offset += 1;
        Ok(Some(b))
    }

    /// Skips white space; the next byte without consuming it.
    fn peek_non_ws(&mut self) -> io::Result<Option<u8>> {
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(None);
            }
            let ws = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
            if ws < buf.len() {
                let b = buf[ws];
                self.reader.consume(ws);
                self.offset += ws as u64;
                return Ok(Some(b));
            }
            let n = buf.len();
            self.reader.consume(n);
            self.offset += n as u64;
        }
    }

    fn expect(&mut self, byte: u8, what: &str) -> io::Result<()> {
        match self.peek_non_ws()? {
            Some(b) if b == byte => {
                self.next_byte()?;
                Ok(())
            }
            _ => Err(invalid(self.offset, &format!("expected {what}"))),
        }
    }

    /// Inside the top-level object: reads fields until one of `keys` (or, with no keys, any
    /// field) whose value is an array, and consumes that array's `[`.
    fn find_field(&mut self, keys: &[&str]) -> io::Result<()> {
        let mut key = Vec::new();
        loop {
            match self.peek_non_ws()? {
                Some(b'"') => {}
                Some(b'}') | None => {
                    let wanted =
                        if keys.is_empty() { "an array".to_string() } else { format!("\"{}\"", keys.join("\" or \"")) };
                    return Err(invalid(self.offset, &format!("no field with {wanted}")));
                }
                Some(_) => return Err(invalid(self.offset, "expected a field name")),
            }
            key.clear();
            self.value(Some(&mut key))?;
            self.expect(b':', "`:`")?;
            let name = key.get(1..key.len().saturating_sub(1)).unwrap_or_default();
            let wanted = keys.is_empty() || keys.iter().any(|k| k.as_bytes() == name);
            if wanted && self.peek_non_ws()? == Some(b'[') {
                self.next_byte()?;
                return Ok(());
            }
            self.value(None)?;
            match self.peek_non_ws()? {
                Some(b',') => {
                    self.next_byte()?;
                }
                _ => continue, // `}` or the end: reported above.
            }
        }
    }

    /// Reads one JSON value (any kind), copying its bytes into `out` when given.
    fn value(&mut self, mut out: Option<&mut Vec<u8>>) -> io::Result<()> {
        let first = self.peek_non_ws()?;
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        // Scalars (numbers, true, false, null) end at a delimiter, which is not consumed.
        let scalar = !matches!(first, Some(b'{' | b'[' | b'"'));
        let mut started = false;
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                if scalar && started {
                    return Ok(());
                }
                return Err(invalid(self.offset, "the file ends inside a value"));
            }
            let mut end = None;
            for (i, &b) in buf.iter().enumerate() {
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if b == b'\\' {
                        escaped = true;
                    } else if b == b'"' {
                        in_string = false;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    continue;
                }
                if scalar {
                    if matches!(b, b',' | b']' | b'}' | b':') || b.is_ascii_whitespace() {
                        end = Some(i);
                        break;
                    }
                    started = true;
                    continue;
                }
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth
                            .checked_sub(1)
                            .ok_or_else(|| invalid(self.offset + i as u64, "unbalanced brackets"))?;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let n = end.unwrap_or(buf.len());
            if let Some(out) = out.as_deref_mut() {
                if out.len() + n > MAX_ELEMENT {
                    return Err(invalid(self.offset, "an item over 16 MiB (a damaged file?)"));
                }
                out.extend_from_slice(&buf[..n]);
            }
            self.reader.consume(n);
            self.offset += n as u64;
            if end.is_some() {
                if scalar && n == 0 && !started {
                    return Err(invalid(self.offset, "expected a value"));
                }
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elements(doc: &str, start: Start) -> io::Result<Vec<String>> {
        // A 3-byte buffer, so that elements and strings cross buffer boundaries.
        let reader = io::BufReader::with_capacity(3, doc.as_bytes());
        let mut array = JsonArray::open(reader, start)?;
        let mut out = Vec::new();
        let mut buf = Vec::new();
        while array.next_element(&mut buf)? {
            out.push(String::from_utf8(buf.clone()).unwrap());
        }
        Ok(out)
    }

    #[test]
    fn javascript_assignment() {
        let doc = "window.YTD.tweets.part0 = [ {\n \"tweet\" : {\"a\": \"x]}\\\"\"} }, {\"b\":[1,2]}, ]";
        assert_eq!(
            elements(doc, Start::Assignment).unwrap(),
            ["{\n \"tweet\" : {\"a\": \"x]}\\\"\"} }", "{\"b\":[1,2]}"]
        );
    }

    #[test]
    fn document_array_and_object_field() {
        assert_eq!(
            elements("\u{FEFF}[1, \"a\", null ,{}]", Start::Document(&[])).unwrap(),
            ["1", "\"a\"", "null", "{}"]
        );
        let doc = r#"{"@context": ["x", {"y": "]"}], "totalItems": 2, "orderedItems": [{"id": 1}, {"id": 2}]}"#;
        assert_eq!(elements(doc, Start::Document(&["orderedItems"])).unwrap(), [r#"{"id": 1}"#, r#"{"id": 2}"#]);
        assert_eq!(elements(r#"{"n": 1, "status_updates": []}"#, Start::Document(&[])).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn an_endless_element_is_not_held_in_memory() {
        let doc = format!("[{{\"a\": \"{}", "x".repeat(MAX_ELEMENT + 10));
        let mut array = JsonArray::open(io::BufReader::new(doc.as_bytes()), Start::Document(&[])).unwrap();
        let e = array.next_element(&mut Vec::new()).unwrap_err();
        assert!(e.to_string().contains("an item over 16 MiB"), "{e}");
    }

    #[test]
    fn errors_say_where() {
        let e = elements(r#"{"a": 1}"#, Start::Document(&["orderedItems"])).unwrap_err();
        assert!(e.to_string().contains("no field with \"orderedItems\""), "{e}");
        let e = elements("[{\"a\": 1}, {\"b\"", Start::Document(&[])).unwrap_err();
        assert!(e.to_string().contains("ends inside a value"), "{e}");
        assert!(elements("hello", Start::Assignment).is_err());
        assert!(elements("PK\u{3}\u{4}", Start::Document(&[])).is_err());
    }
}
