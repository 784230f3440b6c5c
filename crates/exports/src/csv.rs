//! CSV records (RFC 4180) one at a time: fields separated by commas, quoted fields may hold
//! commas, line breaks and doubled quotes (`""` for `"`); records end with CRLF or LF.

use std::io::{self, BufRead};

/// No post is this long: a longer field is a quote that is never closed, not held in memory.
const MAX_FIELD: usize = 16 << 20;

pub struct CsvReader<R> {
    reader: R,
    /// The line the next record starts on (1-based), for messages.
    pub line: u64,
    field: Vec<u8>,
}

impl<R: BufRead> CsvReader<R> {
    pub fn new(reader: R) -> CsvReader<R> {
        CsvReader { reader, line: 1, field: Vec::new() }
    }

    /// The next record into `fields` (cleared first); `false` at the end of the input.
    /// Invalid UTF-8 in a field is replaced with U+FFFD rather than losing the record.
    pub fn next_record(&mut self, fields: &mut Vec<String>) -> io::Result<bool> {
        fields.clear();
        self.field.clear();
        // Skip blank lines between records.
        loop {
            let buf = self.reader.fill_buf()?;
            match buf.first() {
                None => return Ok(false),
                Some(b'\n') => {
                    self.reader.consume(1);
                    self.line += 1;
                }
                Some(b'\r') if buf.get(1) == Some(&b'\n') => {
                    self.reader.consume(2);
                    self.line += 1;
                }
                Some(_) => break,
            }
        }
        let start_line = self.line;
        let CsvReader { reader, line, field } = self;
        let mut quoted = false; // inside a quoted field
        let mut after_quote = false; // just read a `"` inside a quoted field
        loop {
            let buf = reader.fill_buf()?;
            if buf.is_empty() {
                if quoted && !after_quote {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("line {start_line}: a quoted field is not closed before the end of the file"),
                    ));
                }
                push_field(field, fields);
                return Ok(true);
            }
            let mut used = 0;
            let mut done = false;
            for &b in buf {
                used += 1;
                if quoted {
                    if after_quote {
                        after_quote = false;
                        if b == b'"' {
                            field.push(b'"');
                            continue;
                        }
                        quoted = false; // the closing quote; fall through to read `b` unquoted
                    } else if b == b'"' {
                        after_quote = true;
                        continue;
                    } else {
                        if b == b'\n' {
                            *line += 1;
                        }
                        if field.len() >= MAX_FIELD {
                            return Err(io::Error::new(
                                io::ErrorKind::InvalidData,
                                format!("line {start_line}: a field over 16 MiB (a quote not closed?)"),
                            ));
                        }
                        field.push(b);
                        continue;
                    }
                }
                match b {
                    b',' => push_field(field, fields),
                    b'\n' => {
                        *line += 1;
                        if field.last() == Some(&b'\r') {
                            field.pop();
                        }
                        push_field(field, fields);
                        done = true;
                        break;
                    }
                    b'"' if field.is_empty() => quoted = true,
                    _ if field.len() >= MAX_FIELD => {
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            format!("line {start_line}: a field over 16 MiB"),
                        ));
                    }
                    _ => field.push(b),
                }
            }
            reader.consume(used);
            if done {
                return Ok(true);
            }
        }
    }
}

fn push_field(field: &mut Vec<u8>, fields: &mut Vec<String>) {
    let text = match std::str::from_utf8(field) {
        Ok(s) => s.to_string(),
        Err(_) => String::from_utf8_lossy(field).into_owned(),
    };
    fields.push(text);
    field.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str) -> Vec<Vec<String>> {
        let mut reader = CsvReader::new(io::BufReader::with_capacity(2, text.as_bytes()));
        let mut out = Vec::new();
        let mut fields = Vec::new();
        while reader.next_record(&mut fields).unwrap() {
            out.push(fields.clone());
        }
        out
    }

    #[test]
    fn quoted_fields_with_newlines_commas_and_quotes() {
        let text = "Date,ShareLink,ShareCommentary\r\n2023-05-04 10:22:33,https://l.example/1,\"Line one, with a comma\r\nLine \"\"two\"\"\"\r\n\r\n2023-05-05 08:00:00,,plain\n";
        assert_eq!(
            records(text),
            [
                vec!["Date", "ShareLink", "ShareCommentary"],
                vec!["2023-05-04 10:22:33", "https://l.example/1", "Line one, with a comma\r\nLine \"two\""],
                vec!["2023-05-05 08:00:00", "", "plain"],
            ]
        );
    }

    #[test]
    fn last_record_without_newline_and_empty_fields() {
        assert_eq!(records("a,b\n,\n\"\",x"), [vec!["a", "b"], vec!["", ""], vec!["", "x"]]);
    }

    #[test]
    fn a_quote_never_closed_is_not_held_in_memory() {
        let text = format!("a\n\"{}", "x".repeat(MAX_FIELD + 10));
        let mut reader = CsvReader::new(io::BufReader::new(text.as_bytes()));
        let mut fields = Vec::new();
        assert!(reader.next_record(&mut fields).unwrap());
        let e = reader.next_record(&mut fields).unwrap_err();
        assert_eq!(e.to_string(), "line 2: a field over 16 MiB (a quote not closed?)");
    }

    #[test]
    fn unclosed_quote_is_an_error_with_its_line() {
        let mut reader = CsvReader::new("a\nb,\"open\nmore".as_bytes());
        let mut fields = Vec::new();
        assert!(reader.next_record(&mut fields).unwrap());
        let e = reader.next_record(&mut fields).unwrap_err();
        assert!(e.to_string().starts_with("line 2:"), "{e}");
    }
}
