//! Line assembly over chunks: lines split anywhere come out whole, memory bounded by a cap.

/// One line out of a [`LineSplitter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineEvent<'a> {
    /// A whole line, without its `\n` or `\r\n`.
    Line {
        /// 1-based line number.
        number: u64,
        /// The line's bytes.
        text: &'a [u8],
    },
    /// A line longer than the cap, skipped without being buffered.
    TooLong {
        /// 1-based line number.
        number: u64,
        /// Its length in bytes before the `\n` (a `\r` included).
        len: u64,
    },
}

/// Splits a byte stream into lines; a line split across chunks is gathered in one reusable buffer of
/// at most `max_len` bytes. A line of more than `max_len` bytes before its `\n` is skipped.
#[derive(Debug, Clone)]
pub(crate) struct LineSplitter {
    carry: Vec<u8>,
    number: u64,
    skipped: Option<u64>,
    max_len: usize,
}

impl LineSplitter {
    pub(crate) fn new(max_len: usize) -> Self {
        LineSplitter {
            carry: Vec::new(),
            number: 1,
            skipped: None,
            max_len,
        }
    }

    /// Hands every line completed by `chunk` to `on_line`; keeps the unfinished tail.
    pub(crate) fn feed(&mut self, chunk: &[u8], on_line: &mut dyn FnMut(LineEvent<'_>)) {
        let mut rest = chunk;
        while let Some(end) = memchr::memchr(b'\n', rest) {
            let (piece, after) = rest.split_at(end);
            rest = after.get(1..).unwrap_or_default();
            self.end_line(piece, on_line);
        }
        if rest.is_empty() {
            return;
        }
        if let Some(skipped) = &mut self.skipped {
            *skipped += rest.len() as u64;
        } else if self.carry.len() + rest.len() > self.max_len {
            self.skipped = Some((self.carry.len() + rest.len()) as u64);
            self.carry.clear();
        } else {
            self.carry.extend_from_slice(rest);
        }
    }

    /// Hands the last line to `on_line` if the input did not end with a line break.
    pub(crate) fn finish(&mut self, on_line: &mut dyn FnMut(LineEvent<'_>)) {
        if self.skipped.is_some() || !self.carry.is_empty() {
            self.end_line(&[], on_line);
        }
    }

    /// Ends the current line with `piece`, its bytes in the last chunk.
    fn end_line(&mut self, piece: &[u8], on_line: &mut dyn FnMut(LineEvent<'_>)) {
        let number = self.number;
        self.number += 1;
        let event = if let Some(skipped) = self.skipped.take() {
            LineEvent::TooLong {
                number,
                len: skipped + piece.len() as u64,
            }
        } else if self.carry.is_empty() {
            if piece.len() > self.max_len {
                LineEvent::TooLong {
                    number,
                    len: piece.len() as u64,
                }
            } else {
                LineEvent::Line {
                    number,
                    text: without_cr(piece),
                }
            }
        } else if self.carry.len() + piece.len() > self.max_len {
            let len = (self.carry.len() + piece.len()) as u64;
            self.carry.clear();
            LineEvent::TooLong { number, len }
        } else {
            self.carry.extend_from_slice(piece);
            on_line(LineEvent::Line {
                number,
                text: without_cr(&self.carry),
            });
            self.carry.clear();
            return;
        };
        on_line(event);
    }
}

fn without_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod test {
    use super::*;

    fn split(chunks: &[&[u8]], max_len: usize) -> Vec<String> {
        let mut splitter = LineSplitter::new(max_len);
        let mut out = Vec::new();
        let mut on_line = |event: LineEvent<'_>| {
            out.push(match event {
                LineEvent::Line { number, text } => {
                    format!("{number}:{}", String::from_utf8_lossy(text))
                }
                LineEvent::TooLong { number, len } => format!("{number}:too long {len}"),
            })
        };
        for chunk in chunks {
            splitter.feed(chunk, &mut on_line);
        }
        splitter.finish(&mut on_line);
        out
    }

    #[test]
    fn lines_across_chunks() {
        assert_eq!(
            split(&[b"ab\ncd", b"ef\r\n\ngh"], 10),
            vec!["1:ab", "2:cdef", "3:", "4:gh"]
        );
        assert_eq!(split(&[b"ab\r", b"\n"], 10), vec!["1:ab"]);
        assert_eq!(split(&[b""], 10), Vec::<String>::new());
    }

    #[test]
    fn long_lines_are_skipped_unbuffered() {
        assert_eq!(
            split(&[b"0123456789AB\nok\n"], 10),
            vec!["1:too long 12", "2:ok"]
        );
        assert_eq!(
            split(&[b"01234", b"56789", b"AB", b"CD\r\nok"], 10),
            vec!["1:too long 15", "2:ok"]
        );
        assert_eq!(
            split(&[b"0123456", b"789AB\r", b"\nok"], 10),
            vec!["1:too long 13", "2:ok"]
        );
        assert_eq!(split(&[b"0123456789", b"\n"], 10), vec!["1:0123456789"]);
        assert_eq!(split(&[b"0123456789A"], 10), vec!["1:too long 11"]);
    }

    #[test]
    fn memory_stays_bounded_by_the_cap() {
        // A 64 MiB line in 64 KiB chunks with a 1 KiB cap: the buffer never holds more than the cap
        // (and its allocation never grows past twice the cap).
        let mut splitter = LineSplitter::new(1024);
        let chunk = vec![b'x'; 64 * 1024];
        let mut events = Vec::new();
        for _ in 0..1024 {
            splitter.feed(&chunk, &mut |event| events.push(format!("{event:?}")));
            assert!(splitter.carry.capacity() <= 2048);
        }
        splitter.feed(b"\nok\n", &mut |event| events.push(format!("{event:?}")));
        assert_eq!(
            events,
            vec![
                "TooLong { number: 1, len: 67108864 }",
                "Line { number: 2, text: [111, 107] }"
            ]
        );
    }
}
