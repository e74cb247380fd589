//! The lexer: filter text to tokens, each with its 1-based character column.

use super::error::{ErrorKind, FilterError};

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// `==` (or `=`): equal, case-insensitive for text.
    Eq,
    /// `!=`: present and not equal.
    Ne,
    /// `>`.
    Gt,
    /// `<`.
    Lt,
    /// `>=`.
    Ge,
    /// `<=`.
    Le,
    /// `contains`.
    Contains,
    /// `starts_with`.
    StartsWith,
    /// `ends_with`.
    EndsWith,
}

impl Operator {
    /// The operator as the reference writes it.
    pub const fn symbol(self) -> &'static str {
        match self {
            Operator::Eq => "==",
            Operator::Ne => "!=",
            Operator::Gt => ">",
            Operator::Lt => "<",
            Operator::Ge => ">=",
            Operator::Le => "<=",
            Operator::Contains => "contains",
            Operator::StartsWith => "starts_with",
            Operator::EndsWith => "ends_with",
        }
    }

    /// `>`, `<`, `>=` or `<=`.
    pub const fn is_ordering(self) -> bool {
        matches!(
            self,
            Operator::Gt | Operator::Lt | Operator::Ge | Operator::Le
        )
    }
}

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    /// `(`.
    Open,
    /// `)`.
    Close,
    /// `&&` or `and`.
    And,
    /// `||` or `or`.
    Or,
    /// `!` or `not`.
    Not,
    /// A comparison operator.
    Operator(Operator),
    /// A bare word: a field name or a value (`ADVERT`, `-5`, `A3`, `#test`).
    Word(String),
    /// A quoted string, without its quotes, escapes resolved.
    Quoted(String),
}

/// A token and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Its 1-based character column.
    pub column: usize,
    /// The text as written.
    pub text: String,
}

/// Splits `input` into tokens.
pub fn tokens(input: &str) -> Result<Vec<Token>, FilterError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(&c) = chars.get(at) {
        if c.is_whitespace() {
            at += 1;
            continue;
        }
        let start = at;
        let next = chars.get(at + 1).copied();
        let (kind, len) = match (c, next) {
            ('(', _) => (TokenKind::Open, 1),
            (')', _) => (TokenKind::Close, 1),
            ('&', Some('&')) => (TokenKind::And, 2),
            ('|', Some('|')) => (TokenKind::Or, 2),
            ('=', Some('=')) => (TokenKind::Operator(Operator::Eq), 2),
            ('=', _) => (TokenKind::Operator(Operator::Eq), 1),
            ('!', Some('=')) => (TokenKind::Operator(Operator::Ne), 2),
            ('!', _) => (TokenKind::Not, 1),
            ('>', Some('=')) => (TokenKind::Operator(Operator::Ge), 2),
            ('>', _) => (TokenKind::Operator(Operator::Gt), 1),
            ('<', Some('=')) => (TokenKind::Operator(Operator::Le), 2),
            ('<', _) => (TokenKind::Operator(Operator::Lt), 1),
            ('~', _) => (TokenKind::Operator(Operator::Contains), 1),
            ('"' | '\'', _) => {
                let (text, len) = quoted(&chars, at)?;
                (TokenKind::Quoted(text), len)
            }
            _ if is_word(c) => {
                let len = chars
                    .get(at..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|&&c| is_word(c))
                    .count();
                let word: String = chars.get(at..at + len).unwrap_or_default().iter().collect();
                (keyword(&word).unwrap_or(TokenKind::Word(word)), len)
            }
            _ => {
                return Err(FilterError::new(
                    ErrorKind::UnexpectedCharacter,
                    at + 1,
                    &c.to_string(),
                ));
            }
        };
        at += len;
        out.push(Token {
            kind,
            column: start + 1,
            text: chars.get(start..at).unwrap_or_default().iter().collect(),
        });
    }
    Ok(out)
}

/// Characters of a bare word: anything but spaces, quotes and the operator characters.
fn is_word(c: char) -> bool {
    !c.is_whitespace()
        && !matches!(
            c,
            '(' | ')' | '&' | '|' | '=' | '!' | '<' | '>' | '~' | '"' | '\''
        )
}

/// The keyword a bare word spells, if any.
fn keyword(word: &str) -> Option<TokenKind> {
    let lower = word.to_ascii_lowercase();
    Some(match lower.as_str() {
        "and" => TokenKind::And,
        "or" => TokenKind::Or,
        "not" => TokenKind::Not,
        "contains" => TokenKind::Operator(Operator::Contains),
        "starts_with" | "startswith" => TokenKind::Operator(Operator::StartsWith),
        "ends_with" | "endswith" => TokenKind::Operator(Operator::EndsWith),
        _ => return None,
    })
}

/// The string quoted at `start` and the characters it takes, quotes included. `\` escapes the next character.
fn quoted(chars: &[char], start: usize) -> Result<(String, usize), FilterError> {
    let quote = chars.get(start).copied().unwrap_or('"');
    let mut text = String::new();
    let mut at = start + 1;
    loop {
        match chars.get(at) {
            None => {
                let written: String = chars.get(start..).unwrap_or_default().iter().collect();
                return Err(FilterError::new(
                    ErrorKind::UnclosedString,
                    start + 1,
                    &written,
                ));
            }
            Some('\\') => {
                if let Some(&escaped) = chars.get(at + 1) {
                    text.push(escaped);
                }
                at += 2;
            }
            Some(&c) if c == quote => return Ok((text, at + 1 - start)),
            Some(&c) => {
                text.push(c);
                at += 1;
            }
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn kinds(input: &str) -> Vec<TokenKind> {
        tokens(input).unwrap().into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn operators_words_and_strings() {
        assert_eq!(
            kinds("type==ADVERT&&snr>-5.5"),
            [
                TokenKind::Word("type".into()),
                TokenKind::Operator(Operator::Eq),
                TokenKind::Word("ADVERT".into()),
                TokenKind::And,
                TokenKind::Word("snr".into()),
                TokenKind::Operator(Operator::Gt),
                TokenKind::Word("-5.5".into()),
            ]
        );
        assert_eq!(
            kinds(r#"!(name contains "Roof \"top\"") or x <= 'a b'"#),
            [
                TokenKind::Not,
                TokenKind::Open,
                TokenKind::Word("name".into()),
                TokenKind::Operator(Operator::Contains),
                TokenKind::Quoted("Roof \"top\"".into()),
                TokenKind::Close,
                TokenKind::Or,
                TokenKind::Word("x".into()),
                TokenKind::Operator(Operator::Le),
                TokenKind::Quoted("a b".into()),
            ]
        );
    }

    #[test]
    fn tilde_is_contains() {
        assert_eq!(
            kinds("hash~ab12"),
            [
                TokenKind::Word("hash".into()),
                TokenKind::Operator(Operator::Contains),
                TokenKind::Word("ab12".into()),
            ]
        );
    }

    #[test]
    fn columns_count_characters() {
        let tokens = tokens("name == \"é\" && hops >= 3").unwrap();
        let columns: Vec<usize> = tokens.iter().map(|t| t.column).collect();
        assert_eq!(columns, [1, 6, 9, 13, 16, 21, 24]);
        assert_eq!(tokens[2].text, "\"é\"");
    }

    #[test]
    fn errors() {
        let err = tokens("name == \"Roof").unwrap_err();
        assert_eq!((err.kind, err.column), (ErrorKind::UnclosedString, 9));
        let err = tokens("snr > 5 & x").unwrap_err();
        assert_eq!(
            (err.kind, err.column, err.found.as_str()),
            (ErrorKind::UnexpectedCharacter, 9, "&")
        );
    }
}
