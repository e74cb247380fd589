//! Serial framing (`meshcore-protocol.md` E.1): `start byte | length u16 LE | length bytes`.
//!
//! [`Deframer`] turns a byte stream cut into chunks of any size into frames, without allocating per
//! byte: a frame that lies whole in the input is handed out as a slice of it, and a frame split across
//! chunks is gathered in one reusable buffer. Bytes outside frames are skipped and counted.

use super::error::{Error, Result};

/// Start byte of radio-to-app frames, `'>'`.
pub const START_FROM_RADIO: u8 = 0x3E;
/// Start byte of app-to-radio frames, `'<'`.
pub const START_TO_RADIO: u8 = 0x3C;
/// Bytes before the frame body: start byte and u16 length.
pub const HEADER_LEN: usize = 3;
/// The firmware's `MAX_FRAME_SIZE`: it never sends longer frames and truncates longer commands.
pub const MAX_FRAME_SIZE: usize = 176;
/// The default bound on frame lengths a [`Deframer`] accepts, as meshcore_py does; above the firmware's
/// 176 so that a slightly different firmware still works.
pub const DEFAULT_MAX_LEN: usize = 300;

/// Which way a frame travels, given by its start byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Radio to app, start byte `'>'` (0x3E).
    FromRadio,
    /// App to radio, start byte `'<'` (0x3C).
    ToRadio,
}

impl Direction {
    /// The start byte of frames going this way.
    pub const fn start_byte(self) -> u8 {
        match self {
            Direction::FromRadio => START_FROM_RADIO,
            Direction::ToRadio => START_TO_RADIO,
        }
    }

    /// The direction a start byte announces, if it is one.
    pub const fn from_start_byte(byte: u8) -> Option<Self> {
        match byte {
            START_FROM_RADIO => Some(Direction::FromRadio),
            START_TO_RADIO => Some(Direction::ToRadio),
            _ => None,
        }
    }
}

/// One frame out of a [`Deframer`]; `body` borrows the input or the deframer's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<'a> {
    /// The direction its start byte announced.
    pub direction: Direction,
    /// Offset of the start byte in the whole stream fed so far.
    pub offset: u64,
    /// The frame body (code byte first), never empty.
    pub body: &'a [u8],
}

/// Counters of what a [`Deframer`] saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FramerStats {
    /// Frames handed out.
    pub frames: u64,
    /// Bytes skipped outside frames, including the start byte of each oversize header.
    pub garbage_bytes: u64,
    /// Well-formed frames of length zero, skipped.
    pub empty_frames: u64,
    /// Headers whose length exceeded the bound; reading resumed at the byte after their start byte.
    pub oversize: u64,
}

/// A frame cut off by the end of the input: see [`Deframer::pending`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingFrame {
    /// Offset of its start byte in the stream.
    pub offset: u64,
    /// Bytes of it seen so far, header included.
    pub have: usize,
    /// Its whole length, header included, once the length bytes have arrived.
    pub need: Option<usize>,
}

/// Where the deframer is inside the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Looking for a start byte.
    Idle,
    /// Start byte seen, waiting for the length's low byte.
    LenLow,
    /// Waiting for the length's high byte.
    LenHigh,
    /// Gathering `want` body bytes into `buffer`.
    Body,
}

/// The framing state machine: bytes in, frames out (sans-I/O).
///
/// Call [`Deframer::feed`] in a loop until the input is used up; the frame it returns lives until the
/// next call. Chunking never changes the frames or counters.
#[derive(Debug, Clone)]
pub struct Deframer {
    accept_from_radio: bool,
    accept_to_radio: bool,
    max_len: usize,
    state: State,
    direction: Direction,
    header: [u8; HEADER_LEN],
    frame_offset: u64,
    want: usize,
    buffer: Vec<u8>,
    stream_offset: u64,
    stats: FramerStats,
}

impl Default for Deframer {
    fn default() -> Self {
        Self::new()
    }
}

impl Deframer {
    /// A deframer for both directions with lengths up to [`DEFAULT_MAX_LEN`].
    pub fn new() -> Self {
        Deframer {
            accept_from_radio: true,
            accept_to_radio: true,
            max_len: DEFAULT_MAX_LEN,
            state: State::Idle,
            direction: Direction::FromRadio,
            header: [0; HEADER_LEN],
            frame_offset: 0,
            want: 0,
            buffer: Vec::new(),
            stream_offset: 0,
            stats: FramerStats::default(),
        }
    }

    /// The same, accepting only frames going `direction`; the other start byte counts as garbage.
    pub fn only(direction: Direction) -> Self {
        let mut deframer = Self::new();
        deframer.accept_from_radio = direction == Direction::FromRadio;
        deframer.accept_to_radio = direction == Direction::ToRadio;
        deframer
    }

    /// Sets the length bound: a header announcing more than `max_len` bytes is treated as garbage.
    pub fn with_max_len(mut self, max_len: usize) -> Self {
        self.max_len = max_len;
        self
    }

    /// What the deframer has counted so far.
    pub fn stats(&self) -> FramerStats {
        self.stats
    }

    /// Bytes fed so far.
    pub fn stream_offset(&self) -> u64 {
        self.stream_offset
    }

    /// The frame begun but not finished by the input so far, if any: at the end of a stream it is
    /// truncated, neither lost nor invented.
    pub fn pending(&self) -> Option<PendingFrame> {
        let (have, need) = match self.state {
            State::Idle => return None,
            State::LenLow => (1, None),
            State::LenHigh => (2, None),
            State::Body => (HEADER_LEN + self.buffer.len(), Some(HEADER_LEN + self.want)),
        };
        Some(PendingFrame {
            offset: self.frame_offset,
            have,
            need,
        })
    }

    /// Consumes bytes of `input` up to the end of the next complete frame, or all of it.
    ///
    /// Returns how many bytes were consumed and the frame, if one was completed. Call again with the
    /// rest of the input until it is empty.
    pub fn feed<'a>(&'a mut self, input: &'a [u8]) -> (usize, Option<Frame<'a>>) {
        let mut at = 0;
        while at < input.len() {
            if self.state == State::Body {
                return self.body(input, at);
            }
            let Some(rest) = input.get(at..) else { break };
            if self.state == State::Idle {
                match rest.iter().position(|&byte| self.accepts(byte)) {
                    Some(skip) => {
                        self.stats.garbage_bytes += skip as u64;
                        at += skip;
                    }
                    None => {
                        self.stats.garbage_bytes += rest.len() as u64;
                        at = input.len();
                        break;
                    }
                }
            }
            if let Some(&byte) = input.get(at) {
                let offset = self.stream_offset + at as u64;
                self.header_byte(byte, offset);
                at += 1;
            }
        }
        self.stream_offset += at as u64;
        (at, None)
    }

    fn accepts(&self, byte: u8) -> bool {
        (byte == START_FROM_RADIO && self.accept_from_radio)
            || (byte == START_TO_RADIO && self.accept_to_radio)
    }

    /// Advances the header states by one byte found at stream `offset`.
    fn header_byte(&mut self, byte: u8, offset: u64) {
        match self.state {
            State::Idle => {
                if let Some(direction) =
                    Direction::from_start_byte(byte).filter(|_| self.accepts(byte))
                {
                    self.direction = direction;
                    self.header[0] = byte;
                    self.frame_offset = offset;
                    self.state = State::LenLow;
                } else {
                    self.stats.garbage_bytes += 1;
                }
            }
            State::LenLow => {
                self.header[1] = byte;
                self.state = State::LenHigh;
            }
            State::LenHigh => {
                self.header[2] = byte;
                let len = usize::from(u16::from_le_bytes([self.header[1], byte]));
                if len == 0 {
                    self.stats.empty_frames += 1;
                    self.state = State::Idle;
                } else if len > self.max_len {
                    self.oversize();
                } else {
                    self.want = len;
                    self.buffer.clear();
                    self.state = State::Body;
                }
            }
            State::Body => {}
        }
    }

    /// Rejects the header just read: its start byte is garbage, and its two length bytes are read
    /// again from the idle state, since either may be the next start byte.
    fn oversize(&mut self) {
        self.stats.oversize += 1;
        self.stats.garbage_bytes += 1;
        self.state = State::Idle;
        let [_, low, high] = self.header;
        let start = self.frame_offset;
        self.header_byte(low, start + 1);
        self.header_byte(high, start + 2);
    }

    /// Gathers body bytes from `input[at..]`; `self.state` is `Body`.
    fn body<'a>(&'a mut self, input: &'a [u8], at: usize) -> (usize, Option<Frame<'a>>) {
        let direction = self.direction;
        let missing = self.want - self.buffer.len();
        let available = input.len() - at;
        if available < missing {
            self.buffer
                .extend_from_slice(input.get(at..).unwrap_or_default());
            self.stream_offset += input.len() as u64;
            return (input.len(), None);
        }
        let end = at + missing;
        self.stream_offset += end as u64;
        self.state = State::Idle;
        self.stats.frames += 1;
        let body = if self.buffer.is_empty() {
            input.get(at..end).unwrap_or_default()
        } else {
            self.buffer
                .extend_from_slice(input.get(at..end).unwrap_or_default());
            &self.buffer
        };
        (
            end,
            Some(Frame {
                direction,
                offset: self.frame_offset,
                body,
            }),
        )
    }
}

/// Appends one frame going `direction` (header and body) to `out`.
///
/// Fails for an empty body or one longer than [`MAX_FRAME_SIZE`], which the firmware would truncate.
pub fn encode_frame(direction: Direction, body: &[u8], out: &mut Vec<u8>) -> Result<()> {
    if body.is_empty() {
        return Err(Error::Empty);
    }
    if body.len() > MAX_FRAME_SIZE {
        return Err(Error::TooLong {
            len: body.len(),
            max: MAX_FRAME_SIZE,
        });
    }
    let len = body.len() as u16;
    out.push(direction.start_byte());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(body);
    Ok(())
}

#[cfg(test)]
mod test {
    use super::*;

    /// Feeds `input` in one go and collects `(direction, offset, body)` of every frame.
    fn frames(deframer: &mut Deframer, mut input: &[u8]) -> Vec<(Direction, u64, Vec<u8>)> {
        let mut out = Vec::new();
        while !input.is_empty() {
            let (used, frame) = deframer.feed(input);
            if let Some(frame) = frame {
                out.push((frame.direction, frame.offset, frame.body.to_vec()));
            }
            input = &input[used..];
        }
        out
    }

    #[test]
    fn spec_illustration() {
        let bytes = [
            0x3E, 0x0D, 0x00, 0x88, 0x30, 0xB5, 0x0D, 0x04, 0xB8, 0x91, 0x64, 0x7E, 0xBB, 0x40,
            0xBA, 0x70,
        ];
        let mut deframer = Deframer::new();
        assert_eq!(
            frames(&mut deframer, &bytes),
            vec![(Direction::FromRadio, 0, bytes[3..].to_vec())]
        );
        assert_eq!(
            deframer.stats(),
            FramerStats {
                frames: 1,
                ..FramerStats::default()
            }
        );
        assert_eq!(deframer.pending(), None);
        assert_eq!(deframer.stream_offset(), 16);
    }

    #[test]
    fn oversize_header_resyncs_on_its_length_bytes() {
        // '>' announcing 0x3E01 bytes (> 300): its start byte and low length byte are garbage, and its
        // high length byte 0x3E starts the real frame `3E 02 00 AA BB` at offset 2.
        let bytes = [0x3E, 0x01, 0x3E, 0x02, 0x00, 0xAA, 0xBB];
        let mut deframer = Deframer::new();
        assert_eq!(
            frames(&mut deframer, &bytes),
            vec![(Direction::FromRadio, 2, vec![0xAA, 0xBB])]
        );
        let stats = deframer.stats();
        assert_eq!(
            (stats.oversize, stats.garbage_bytes, stats.frames),
            (1, 2, 1)
        );
    }

    #[test]
    fn only_one_direction() {
        let bytes = [0x3C, 0x01, 0x00, 0x16, 0x3E, 0x01, 0x00, 0x00];
        let mut deframer = Deframer::only(Direction::FromRadio);
        assert_eq!(
            frames(&mut deframer, &bytes),
            vec![(Direction::FromRadio, 4, vec![0x00])]
        );
        assert_eq!(deframer.stats().garbage_bytes, 4);
    }

    #[test]
    fn encode() {
        let mut out = Vec::new();
        assert_eq!(
            encode_frame(Direction::ToRadio, &[0x16, 0x03], &mut out),
            Ok(())
        );
        assert_eq!(out, [0x3C, 0x02, 0x00, 0x16, 0x03]);
        assert_eq!(
            encode_frame(Direction::ToRadio, &[], &mut out),
            Err(Error::Empty)
        );
        assert_eq!(
            encode_frame(Direction::FromRadio, &[0; 177], &mut out),
            Err(Error::TooLong {
                len: 177,
                max: MAX_FRAME_SIZE
            })
        );
        assert_eq!(out.len(), 5);
    }
}
