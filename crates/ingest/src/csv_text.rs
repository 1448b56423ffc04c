//! Positions in a CSV file, shared by the score-sheet and coding readers: the line and column
//! of a byte offset, and line numbers that stay right where the csv crate's own count drifts.

/// The 1-based line and column (in characters) of byte `offset`.
pub(crate) fn position_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Line numbers from byte offsets. The csv crate's own line count drifts after blank lines, and
/// a record's byte offset points at the blank lines before it, so those are skipped first.
pub(crate) struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The line of the first character at or after `byte` that is not a line break. Offsets
    /// must not decrease from one call to the next.
    pub(crate) fn line_at(&mut self, byte: u64) -> usize {
        let mut target = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        while self
            .bytes
            .get(target)
            .is_some_and(|b| *b == b'\n' || *b == b'\r')
        {
            target += 1;
        }
        if target > self.offset {
            // A line ends at `\n`, or at a `\r` not followed by `\n` (old Mac files).
            let span = &self.bytes[self.offset..target];
            self.line += span
                .iter()
                .enumerate()
                .filter(|&(i, &b)| {
                    b == b'\n'
                        || (b == b'\r' && self.bytes.get(self.offset + i + 1) != Some(&b'\n'))
                })
                .count();
            self.offset = target;
        }
        self.line
    }
}
