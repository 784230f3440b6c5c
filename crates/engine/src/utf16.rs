//! Byte offsets to UTF-16 code units, as JavaScript counts string positions.
//!
//! The engine works in UTF-8 byte offsets; the browser and the CLI's JSON output need
//! UTF-16 offsets. Converting all offsets of a check in one pass over the text keeps this
//! linear however many findings there are.

/// Rewrites each byte offset in `offsets` (each on a char boundary of `text`, in any order)
/// as the number of UTF-16 code units before it.
pub fn byte_to_utf16_offsets(text: &str, offsets: &mut [usize]) {
    if offsets.is_empty() || text.is_ascii() {
        return; // Nothing to convert, or one byte is one code unit.
    }
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| offsets[i]);
    let mut units = 0usize;
    let mut chars = text.char_indices().peekable();
    for i in order {
        let target = offsets[i];
        while let Some(&(at, c)) = chars.peek() {
            if at >= target {
                break;
            }
            units += c.len_utf16();
            chars.next();
        }
        offsets[i] = units;
    }
}

/// The number of UTF-16 code units in `text`.
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_surrogate_pairs_and_combining_marks() {
        let text = "a😀é\u{301}ب!";
        let mut offsets = vec![text.len(), 0, text.find('é').unwrap(), text.find('ب').unwrap(), 1];
        byte_to_utf16_offsets(text, &mut offsets);
        // a=1, 😀=2, é=1, U+0301=1, ب=1, !=1
        assert_eq!(offsets, vec![7, 0, 3, 5, 1]);
        assert_eq!(utf16_len(text), 7);
    }
}
