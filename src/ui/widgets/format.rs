//! Numbers as people read them: grouped digits, byte sizes, rates.

/// `1234567` as `1,234,567`.
pub fn count(value: u64) -> String {
    let digits = value.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// A byte size with a binary-free decimal unit: `950 B`, `12.3 kB`, `4.56 MB`, `1.20 GB`.
pub fn bytes(value: u64) -> String {
    let value = value as f64;
    match value {
        v if v < 1e3 => format!("{v:.0} B"),
        v if v < 1e6 => format!("{:.1} kB", v / 1e3),
        v if v < 1e9 => format!("{:.2} MB", v / 1e6),
        v => format!("{:.2} GB", v / 1e9),
    }
}

/// A rate per second with a compact unit: `950/s`, `12.3k/s`, `1.25M/s`.
pub fn rate(per_second: f64) -> String {
    match per_second {
        v if v < 1e3 => format!("{v:.0}/s"),
        v if v < 1e6 => format!("{:.1}k/s", v / 1e3),
        v => format!("{:.2}M/s", v / 1e6),
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn grouped_counts() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn byte_sizes_and_rates() {
        assert_eq!(bytes(950), "950 B");
        assert_eq!(bytes(12_300), "12.3 kB");
        assert_eq!(bytes(4_560_000), "4.56 MB");
        assert_eq!(rate(1_250_000.0), "1.25M/s");
        assert_eq!(rate(12_345.0), "12.3k/s");
    }
}
