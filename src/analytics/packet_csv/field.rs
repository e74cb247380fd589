//! One CSV field as RFC 4180 writes it, made safe for spreadsheets.

use std::fmt::Write;

/// Characters that make a spreadsheet read a cell as a formula when they start it.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Appends `text` as one CSV field: quoted when it holds a comma, a quote, a line break or starts with a
/// formula character, quotes doubled; text starting with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'`
/// so a spreadsheet shows it instead of evaluating it (OWASP's CSV injection advice).
pub fn push_text(out: &mut String, text: &str) {
    let formula = text.starts_with(FORMULA_STARTS);
    let quote = formula || text.contains([',', '"', '\n', '\r']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in text.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
}

/// Appends a number or another value whose `Display` never needs quoting (digits, signs, dots, hex).
pub fn push_plain(out: &mut String, value: impl std::fmt::Display) {
    let _ = write!(out, "{value}");
}

#[cfg(test)]
mod tests {
    use super::push_text;

    fn field(text: &str) -> String {
        let mut out = String::new();
        push_text(&mut out, text);
        out
    }

    #[test]
    fn plain_text_is_left_alone() {
        assert_eq!(field("Roof repeater"), "Roof repeater");
        assert_eq!(field(""), "");
    }

    #[test]
    fn separators_and_quotes_are_quoted_and_doubled() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("cr\rhere"), "\"cr\rhere\"");
    }

    #[test]
    fn formula_starts_are_defused() {
        assert_eq!(field("=1+1"), "\"'=1+1\"");
        assert_eq!(field("+cmd"), "\"'+cmd\"");
        assert_eq!(field("-2"), "\"'-2\"");
        assert_eq!(field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(field("=\"x\",y"), "\"'=\"\"x\"\",y\"");
        assert_eq!(field("a=b"), "a=b");
    }
}
