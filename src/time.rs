//! Timestamps as unix milliseconds: RFC 3339 / ISO-8601 parsing and formatting without a date crate.
//!
//! Parsing accepts `YYYY-MM-DD`, a `T`, `t` or space separator, `HH:MM[:SS[.fraction]]` with a fraction of
//! any length (truncated to milliseconds), and an offset `Z`, `z`, `±HH:MM`, `±HHMM` or `±HH`. A missing
//! offset is read as UTC. Seconds may be `60` (a leap second), which lands on the next minute as POSIX time
//! does. Formatting always writes UTC with milliseconds: `2024-01-01T12:00:00.000Z`.

use core::fmt;

/// Milliseconds in one day.
const MS_PER_DAY: i64 = 86_400_000;

/// Parses an RFC 3339 / ISO-8601 timestamp into unix milliseconds (see the module doc for the grammar).
///
/// The error names the byte offset of the first character that does not fit.
pub fn parse_rfc3339_ms(text: &str) -> Result<i64, TimeError> {
    let mut cursor = Cursor {
        bytes: text.as_bytes(),
        at: 0,
    };
    let year = cursor.digits(4)? as i64;
    cursor.expect(b'-')?;
    let month = cursor.bounded_digits(2, 1, 12, TimeErrorKind::BadMonth)?;
    cursor.expect(b'-')?;
    let day_at = cursor.at;
    let day = cursor.bounded_digits(2, 1, 31, TimeErrorKind::BadDay)?;
    if day > days_in_month(year, month) {
        return Err(TimeError {
            at: day_at,
            kind: TimeErrorKind::BadDay,
        });
    }
    match cursor.peek() {
        Some(b'T' | b't' | b' ') => cursor.at += 1,
        _ => return Err(cursor.error(TimeErrorKind::ExpectedDateTimeSeparator)),
    }
    let hour = cursor.bounded_digits(2, 0, 23, TimeErrorKind::BadHour)?;
    cursor.expect(b':')?;
    let minute = cursor.bounded_digits(2, 0, 59, TimeErrorKind::BadMinute)?;
    let mut second = 0;
    let mut millis = 0;
    if cursor.peek() == Some(b':') {
        cursor.at += 1;
        second = cursor.bounded_digits(2, 0, 60, TimeErrorKind::BadSecond)?;
        if matches!(cursor.peek(), Some(b'.' | b',')) {
            cursor.at += 1;
            millis = cursor.fraction_ms()?;
        }
    }
    let offset_minutes = cursor.offset()?;
    if cursor.at < cursor.bytes.len() {
        return Err(cursor.error(TimeErrorKind::TrailingCharacter));
    }
    let days = days_from_civil(year, month, day);
    let seconds = i64::from(hour * 3600 + minute * 60 + second) - i64::from(offset_minutes) * 60;
    Ok(days * MS_PER_DAY + seconds * 1000 + i64::from(millis))
}

/// Formats unix milliseconds as RFC 3339 UTC with milliseconds, e.g. `2024-01-01T12:00:00.000Z`.
///
/// Years outside 0000..=9999 are written with as many digits as they need (and a sign when negative),
/// which is no longer RFC 3339 and does not parse back.
pub fn format_rfc3339_ms(unix_ms: i64) -> String {
    Rfc3339Ms(unix_ms).to_string()
}

/// Displays unix milliseconds as [`format_rfc3339_ms`] does, without an intermediate `String`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rfc3339Ms(pub i64);

impl fmt::Display for Rfc3339Ms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(MS_PER_DAY);
        let in_day = self.0.rem_euclid(MS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let (hour, minute) = (in_day / 3_600_000, in_day / 60_000 % 60);
        let (second, millis) = (in_day / 1000 % 60, in_day % 1000);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{millis:03}Z"
        )
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
///
/// `month` is 1..=12 and `day` 1..=31; other values give a meaningless but non-panicking result.
pub const fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month as i64 + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian `(year, month, day)` of a day count since 1970-01-01; inverse of
/// [`days_from_civil`].
pub const fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

/// Whether `year` is a Gregorian leap year.
pub const fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Why a timestamp did not parse, and at which byte offset (0-based) of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeError {
    /// Byte offset of the offending character, or the text length when the text ended too early.
    pub at: usize,
    /// What was wrong there.
    pub kind: TimeErrorKind,
}

/// What was wrong in a timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeErrorKind {
    /// A digit was needed.
    ExpectedDigit,
    /// This exact character was needed (`-` or `:`).
    Expected(char),
    /// `T`, `t` or a space was needed between date and time.
    ExpectedDateTimeSeparator,
    /// The month is not 01..=12.
    BadMonth,
    /// The day does not exist in that month.
    BadDay,
    /// The hour is not 00..=23.
    BadHour,
    /// The minute is not 00..=59.
    BadMinute,
    /// The second is not 00..=60.
    BadSecond,
    /// The offset is not `Z` or `±HH[:MM]` with HH <= 23 and MM <= 59.
    BadOffset,
    /// Characters follow a complete timestamp.
    TrailingCharacter,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at character {}", self.kind, self.at + 1)
    }
}

impl fmt::Display for TimeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeErrorKind::ExpectedDigit => write!(f, "expected a digit"),
            TimeErrorKind::Expected(character) => write!(f, "expected '{character}'"),
            TimeErrorKind::ExpectedDateTimeSeparator => {
                write!(f, "expected 'T' or a space after the date")
            }
            TimeErrorKind::BadMonth => write!(f, "month out of range"),
            TimeErrorKind::BadDay => write!(f, "day out of range for the month"),
            TimeErrorKind::BadHour => write!(f, "hour out of range"),
            TimeErrorKind::BadMinute => write!(f, "minute out of range"),
            TimeErrorKind::BadSecond => write!(f, "second out of range"),
            TimeErrorKind::BadOffset => write!(f, "bad UTC offset (expected Z or +hh:mm)"),
            TimeErrorKind::TrailingCharacter => {
                write!(f, "unexpected character after the timestamp")
            }
        }
    }
}

impl std::error::Error for TimeError {}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A read position over the timestamp's bytes.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn error(&self, kind: TimeErrorKind) -> TimeError {
        TimeError { at: self.at, kind }
    }

    fn expect(&mut self, byte: u8) -> Result<(), TimeError> {
        if self.peek() != Some(byte) {
            return Err(self.error(TimeErrorKind::Expected(char::from(byte))));
        }
        self.at += 1;
        Ok(())
    }

    /// Exactly `count` ASCII digits as a number.
    fn digits(&mut self, count: usize) -> Result<u32, TimeError> {
        let mut value = 0;
        for _ in 0..count {
            match self.peek() {
                Some(digit @ b'0'..=b'9') => value = value * 10 + u32::from(digit - b'0'),
                _ => return Err(self.error(TimeErrorKind::ExpectedDigit)),
            }
            self.at += 1;
        }
        Ok(value)
    }

    fn bounded_digits(
        &mut self,
        count: usize,
        min: u32,
        max: u32,
        kind: TimeErrorKind,
    ) -> Result<u32, TimeError> {
        let start = self.at;
        let value = self.digits(count)?;
        if value < min || value > max {
            return Err(TimeError { at: start, kind });
        }
        Ok(value)
    }

    /// One or more fraction digits, truncated to milliseconds.
    fn fraction_ms(&mut self) -> Result<u32, TimeError> {
        let start = self.at;
        let mut millis = 0;
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            if self.at - start < 3 {
                millis = millis * 10 + u32::from(digit - b'0');
            }
            self.at += 1;
        }
        match self.at - start {
            0 => Err(self.error(TimeErrorKind::ExpectedDigit)),
            1 => Ok(millis * 100),
            2 => Ok(millis * 10),
            _ => Ok(millis),
        }
    }

    /// The UTC offset in minutes east; none at all means UTC.
    fn offset(&mut self) -> Result<i32, TimeError> {
        let sign = match self.peek() {
            None => return Ok(0),
            Some(b'Z' | b'z') => {
                self.at += 1;
                return Ok(0);
            }
            Some(b'+') => 1,
            Some(b'-') => -1,
            Some(_) => return Err(self.error(TimeErrorKind::BadOffset)),
        };
        self.at += 1;
        let hours = self.bounded_digits(2, 0, 23, TimeErrorKind::BadOffset)?;
        let minutes = match self.peek() {
            None => 0,
            Some(b':') => {
                self.at += 1;
                self.bounded_digits(2, 0, 59, TimeErrorKind::BadOffset)?
            }
            Some(_) => self.bounded_digits(2, 0, 59, TimeErrorKind::BadOffset)?,
        };
        Ok(sign * (hours * 60 + minutes) as i32)
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn epoch() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(format_rfc3339_ms(0), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn observer_feed_format() {
        // 2024-01-01T12:00:00Z is 1704110400 s (19723 days since 1970, plus 12 h).
        assert_eq!(
            parse_rfc3339_ms("2024-01-01T12:00:00.000000+00:00"),
            Ok(1_704_110_400_000)
        );
        assert_eq!(
            parse_rfc3339_ms("2024-01-01 12:00:00.123456+00:00"),
            Ok(1_704_110_400_123)
        );
        assert_eq!(
            format_rfc3339_ms(1_704_110_400_123),
            "2024-01-01T12:00:00.123Z"
        );
    }

    #[test]
    fn fractions_of_any_length_truncate() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:01.5Z"), Ok(1500));
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:01.05Z"), Ok(1050));
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:01.999999999Z"), Ok(1999));
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:01,25Z"), Ok(1250));
    }

    #[test]
    fn offsets() {
        // 12:00 at -05:30 is 17:30 UTC.
        let utc = parse_rfc3339_ms("2024-03-10T17:30:00Z");
        assert_eq!(parse_rfc3339_ms("2024-03-10T12:00:00-05:30"), utc);
        assert_eq!(parse_rfc3339_ms("2024-03-10T12:00:00-0530"), utc);
        assert_eq!(parse_rfc3339_ms("2024-03-11T03:30:00+10"), utc);
        assert_eq!(parse_rfc3339_ms("2024-03-10t17:30:00z"), utc);
        assert_eq!(parse_rfc3339_ms("2024-03-10T17:30:00"), utc);
        assert_eq!(parse_rfc3339_ms("2024-03-10T17:30"), utc);
        // A negative offset that crosses back over midnight into the previous year.
        assert_eq!(
            parse_rfc3339_ms("2023-12-31T23:00:00-02:00"),
            parse_rfc3339_ms("2024-01-01T01:00:00Z")
        );
    }

    #[test]
    fn leap_years() {
        // 2024-02-29 is day 19782; 2000 is a leap year, 1900 and 2100 are not.
        assert_eq!(
            parse_rfc3339_ms("2024-02-29T00:00:00Z"),
            Ok(19_782 * MS_PER_DAY)
        );
        assert_eq!(
            parse_rfc3339_ms("2000-02-29T00:00:00Z"),
            Ok(11_016 * MS_PER_DAY)
        );
        let bad_day = Err(TimeError {
            at: 8,
            kind: TimeErrorKind::BadDay,
        });
        for text in [
            "2023-02-29T00:00:00Z",
            "2100-02-29T00:00:00Z",
            "2023-04-31T00:00:00Z",
        ] {
            assert_eq!(parse_rfc3339_ms(text), bad_day, "{text}");
        }
        assert_eq!(
            format_rfc3339_ms(19_782 * MS_PER_DAY),
            "2024-02-29T00:00:00.000Z"
        );
    }

    #[test]
    fn beyond_2038_and_before_1970() {
        // 2^31 s is 2038-01-19T03:14:08Z; 2100-01-01 is day 47482.
        assert_eq!(
            parse_rfc3339_ms("2038-01-19T03:14:08Z"),
            Ok(2_147_483_648_000)
        );
        assert_eq!(
            parse_rfc3339_ms("2100-01-01T00:00:00Z"),
            Ok(47_482 * MS_PER_DAY)
        );
        assert_eq!(
            format_rfc3339_ms(2_147_483_648_000),
            "2038-01-19T03:14:08.000Z"
        );
        assert_eq!(parse_rfc3339_ms("1969-12-31T23:59:59.999Z"), Ok(-1));
        assert_eq!(format_rfc3339_ms(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(
            parse_rfc3339_ms("0000-03-01T00:00:00Z"),
            Ok(-719_468 * MS_PER_DAY)
        );
        assert_eq!(
            format_rfc3339_ms(253_402_300_799_999),
            "9999-12-31T23:59:59.999Z"
        );
    }

    #[test]
    fn leap_second_lands_on_the_next_minute() {
        assert_eq!(
            parse_rfc3339_ms("2016-12-31T23:59:60Z"),
            parse_rfc3339_ms("2017-01-01T00:00:00Z")
        );
    }

    #[test]
    fn civil_round_trip() {
        for days in (-800_000..3_000_000).step_by(997) {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(
                days_from_civil(year, month, day),
                days,
                "{year}-{month}-{day}"
            );
        }
    }

    #[test]
    fn errors_name_the_character() {
        use TimeErrorKind::*;
        let cases = [
            ("2024-1-01T00:00:00Z", 6, ExpectedDigit),
            ("2024/01/01T00:00:00Z", 4, Expected('-')),
            ("2024-13-01T00:00:00Z", 5, BadMonth),
            ("2024-01-01X00:00:00Z", 10, ExpectedDateTimeSeparator),
            ("2024-01-01T24:00:00Z", 11, BadHour),
            ("2024-01-01T00:60:00Z", 14, BadMinute),
            ("2024-01-01T00:00:61Z", 17, BadSecond),
            ("2024-01-01T00:00:00.", 20, ExpectedDigit),
            ("2024-01-01T00:00:00+24:00", 20, BadOffset),
            ("2024-01-01T00:00:00Q", 19, BadOffset),
            ("2024-01-01T00:00:00Zx", 20, TrailingCharacter),
            ("", 0, ExpectedDigit),
        ];
        for (text, at, kind) in cases {
            assert_eq!(
                parse_rfc3339_ms(text),
                Err(TimeError { at, kind }),
                "{text:?}"
            );
        }
        let message = parse_rfc3339_ms("2024-01-01T24:00:00Z").map_err(|error| error.to_string());
        assert_eq!(
            message,
            Err("hour out of range at character 12".to_string())
        );
    }
}
