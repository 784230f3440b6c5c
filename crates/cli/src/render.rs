//! Where a finding is: the post's line as the terminal shows it, and carets under the span.
//!
//! Columns are terminal cells (`unicode-width`): CJK and most emoji take two, combining
//! marks and zero-width joiners none (a joined emoji sequence is measured as a whole).
//! Tabs show as four spaces; control and bidirectional-override characters as `�`, so a post
//! cannot move the terminal's cursor or reorder what is shown. Long lines are cut around
//! the span, with `…` where text is left out.

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

/// Columns of post text shown per line.
pub const MAX_COLUMNS: usize = 100;

/// The byte ranges of the text's lines, without their line breaks (`\n` or `\r\n`).
pub fn lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            let end = if i > start && text.as_bytes()[i - 1] == b'\r' { i - 1 } else { i };
            out.push(start..end);
            start = i + 1;
        }
    }
    out.push(start..text.len());
    out
}

/// 1-based line and column (counted in characters) of byte offset `at`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// One line of the text as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// 1-based.
    pub number: usize,
    pub text: String,
    /// Column (0-based, in cells from the start of `text`) and width of the carets.
    pub marks: Option<(usize, usize)>,
}

/// The lines `span` covers, each with the carets for its part of the span.
pub fn snippet(text: &str, span: Range<usize>) -> Vec<Shown> {
    let mut out = Vec::new();
    for (i, line) in lines(text).into_iter().enumerate() {
        let contains_start = line.start <= span.start && span.start <= line.end;
        let overlaps = span.start < line.end && line.start < span.end;
        if !(contains_start || (overlaps && !out.is_empty())) {
            if !out.is_empty() {
                break;
            }
            continue;
        }
        let s = span.start.max(line.start) - line.start;
        let e = span.end.clamp(line.start, line.end) - line.start;
        out.push(show_line(&text[line], i + 1, Some(s..e.max(s))));
    }
    out
}

/// A character cluster as the terminal shows it: a character with the zero-width ones
/// after it (combining marks, variation selectors, what a zero-width joiner joins).
struct Cell {
    start: usize,
    end: usize,
    shown: String,
    width: usize,
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn cells(line: &str) -> Vec<Cell> {
    let mut cells: Vec<Cell> = Vec::new();
    let mut after_joiner = false;
    for (i, c) in line.char_indices() {
        let end = i + c.len_utf8();
        let unsafe_char = (c.is_control() && c != '\t') || is_bidi_control(c);
        let zero_width = !unsafe_char && c != '\t' && c.to_string().width() == 0;
        let skin_tone = ('\u{1F3FB}'..='\u{1F3FF}').contains(&c);
        let is_flag_half = |c: char| ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
        let second_flag_half = is_flag_half(c)
            && cells.last().is_some_and(|l| l.shown.chars().count() == 1 && l.shown.chars().all(is_flag_half));
        let joins = after_joiner || zero_width || skin_tone || second_flag_half;
        if let Some(last) = cells.last_mut().filter(|_| !unsafe_char && joins) {
            last.end = end;
            last.shown.push(c);
        } else {
            let shown = match c {
                '\t' => "    ".to_string(),
                _ if unsafe_char => "\u{FFFD}".to_string(),
                c => c.to_string(),
            };
            cells.push(Cell { start: i, end, shown, width: 0 });
        }
        after_joiner = c == '\u{200D}';
    }
    for cell in &mut cells {
        cell.width = cell.shown.width();
    }
    cells
}

/// Shows `line`, cut to [`MAX_COLUMNS`] around `span` (byte range within the line).
pub fn show_line(line: &str, number: usize, span: Option<Range<usize>>) -> Shown {
    show_line_within(line, number, span, MAX_COLUMNS)
}

fn show_line_within(line: &str, number: usize, span: Option<Range<usize>>, max: usize) -> Shown {
    let cells = cells(line);
    let n = cells.len();
    let width = |r: Range<usize>| cells[r].iter().map(|c| c.width).sum::<usize>();
    let (sc, ec) = match &span {
        Some(span) if span.start < span.end => {
            let sc = cells.iter().position(|c| c.end > span.start).unwrap_or(n);
            let ec = cells.iter().position(|c| c.start >= span.end).unwrap_or(n).max(sc);
            (sc, ec)
        }
        Some(span) => {
            let sc = cells.iter().position(|c| c.start >= span.start).unwrap_or(n);
            (sc, sc)
        }
        None => (0, 0),
    };

    let (mut a, mut b) = (0, n);
    if width(0..n) > max {
        let budget = max.saturating_sub(2).max(1); // room for the two `…`
        let span_width = width(sc..ec);
        a = sc;
        let mut used = 0;
        if span_width < budget {
            let left = (budget - span_width) / 2;
            while a > 0 && used + cells[a - 1].width <= left {
                a -= 1;
                used += cells[a].width;
            }
            used += span_width;
            b = ec;
        } else {
            b = sc;
        }
        while b < n && used + cells[b].width <= budget {
            used += cells[b].width;
            b += 1;
        }
        while b == n && a > 0 && used + cells[a - 1].width <= budget {
            a -= 1;
            used += cells[a].width;
        }
        if b == a && a < n {
            b = a + 1;
        }
    }

    let mut text = String::new();
    if a > 0 {
        text.push('…');
    }
    for cell in &cells[a..b] {
        text.push_str(&cell.shown);
    }
    if b < n {
        text.push('…');
    }
    let marks = span.map(|_| {
        let col = usize::from(a > 0) + width(a..sc.max(a));
        let len = width(sc.max(a)..ec.min(b).max(sc.max(a))).max(1);
        (col, len)
    });
    Shown { number, text, marks }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(line: &str, needle: &str) -> String {
        let start = line.find(needle).unwrap();
        let shown = show_line(line, 1, Some(start..start + needle.len()));
        let (col, len) = shown.marks.unwrap();
        format!("{}\n{}{}", shown.text, " ".repeat(col), "^".repeat(len))
    }

    #[test]
    fn ascii() {
        assert_eq!(marked("Mijn BSN is 111222333", "111222333"), "Mijn BSN is 111222333\n            ^^^^^^^^^");
    }

    #[test]
    fn wide_and_emoji_take_two_columns() {
        assert_eq!(marked("🎉🎉 BSN 111222333", "111222333"), "🎉🎉 BSN 111222333\n         ^^^^^^^^^");
        assert_eq!(marked("東京 Falcon", "Falcon"), "東京 Falcon\n     ^^^^^^");
        assert_eq!(marked("東京 Falcon", "東京"), "東京 Falcon\n^^^^");
    }

    #[test]
    fn joined_emoji_and_combining_marks_are_one_cluster() {
        // family (ZWJ sequence), e + combining acute, thumbs up with skin tone.
        let line = "👨\u{200D}👩\u{200D}👧 e\u{301} 👍🏽 🇳🇱 x";
        let shown = show_line(line, 1, Some(line.len() - 1..line.len()));
        assert_eq!(shown.marks, Some((2 + 1 + 1 + 1 + 2 + 1 + 2 + 1, 1)));
    }

    #[test]
    fn tabs_and_controls_are_made_harmless() {
        let shown = show_line("a\tb\x1b[2Jc\u{202E}d", 1, Some(7..8));
        assert_eq!(shown.text, "a    b\u{FFFD}[2Jc\u{FFFD}d");
        assert_eq!(shown.marks, Some((10, 1)));
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let line = format!("{}Falcon{}", "a ".repeat(100), " b".repeat(100));
        let start = line.find("Falcon").unwrap();
        let shown = show_line_within(&line, 1, Some(start..start + 6), 20);
        assert!(shown.text.starts_with('…') && shown.text.ends_with('…'), "{}", shown.text);
        assert!(shown.text.width() <= 20);
        let (col, len) = shown.marks.unwrap();
        assert_eq!(len, 6);
        let before: String = shown.text.chars().skip(col).take(6).collect();
        assert_eq!(before, "Falcon");
    }

    #[test]
    fn spans_at_the_end_of_long_lines() {
        let line = format!("{}Falcon", "a ".repeat(100));
        let shown = show_line_within(&line, 1, Some(line.len() - 6..line.len()), 20);
        assert!(shown.text.starts_with('…') && shown.text.ends_with("Falcon"), "{}", shown.text);
        let (col, len) = shown.marks.unwrap();
        assert_eq!((col + len), shown.text.chars().count());
    }

    #[test]
    fn multi_line_spans_and_line_columns() {
        let text = "first\r\nmy Falcon\nlaunch day\nlast";
        let start = text.find("Falcon").unwrap();
        let end = text.find("launch").unwrap() + 6;
        let lines = snippet(text, start..end);
        assert_eq!(lines.len(), 2);
        assert_eq!((lines[0].number, lines[0].text.as_str(), lines[0].marks), (2, "my Falcon", Some((3, 6))));
        assert_eq!((lines[1].number, lines[1].text.as_str(), lines[1].marks), (3, "launch day", Some((0, 6))));
        assert_eq!(line_col(text, start), (2, 4));
        assert_eq!(line_col("é Falcon", "é ".len()), (1, 3));
    }

    #[test]
    fn empty_and_odd_spans_do_not_panic() {
        for line in ["", "a", "é", "👍🏽", "\u{301}x"] {
            for s in 0..=line.len() {
                for e in s..=line.len() {
                    if line.is_char_boundary(s) && line.is_char_boundary(e) {
                        let shown = show_line_within(line, 1, Some(s..e), 1);
                        assert!(shown.marks.unwrap().1 >= 1);
                        show_line_within(line, 1, Some(s..e), 100);
                    }
                }
            }
        }
        assert_eq!(snippet("", 0..0).len(), 1);
    }
}
