//! A channel as a user writes it: `#name`, `public`, a secret in hex or base64, `NAME=SECRET`, or a
//! `meshcore://channel/add?name=…&secret=…` link (FW `docs/qr_codes.md`).

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};

use super::{ChannelKey, KeyError};
use crate::hex;

/// A named channel key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelSpec {
    /// What to call the channel: `#name`, `public`, the link's or the given name, or `channel-XX` (XX = hash).
    pub name: String,
    /// The key.
    pub key: ChannelKey,
}

const LINK_PREFIX: &str = "meshcore://channel/add?";

impl ChannelSpec {
    /// Parses one channel text; surrounding whitespace is ignored.
    pub fn parse(text: &str) -> Result<ChannelSpec, KeyError> {
        let text = text.trim();
        if let Some(query) = text.strip_prefix(LINK_PREFIX) {
            return parse_link(query);
        }
        if text.starts_with('#') {
            return Ok(ChannelSpec {
                name: text.to_owned(),
                key: ChannelKey::from_hashtag(text),
            });
        }
        if text.eq_ignore_ascii_case("public") {
            return Ok(ChannelSpec {
                name: "public".to_owned(),
                key: ChannelKey::public(),
            });
        }
        if let Ok(key) = parse_secret(text) {
            return Ok(ChannelSpec {
                name: format!("channel-{:02x}", key.hash()),
                key,
            });
        }
        match text.split_once('=') {
            Some((name, secret)) if !name.is_empty() => Ok(ChannelSpec {
                name: name.to_owned(),
                key: parse_secret(secret)?,
            }),
            _ => Err(KeyError::UnknownChannelText),
        }
    }
}

/// A 16- or 32-byte secret as 32/64 hex digits or as base64 (standard or URL-safe alphabet).
pub fn parse_secret(text: &str) -> Result<ChannelKey, KeyError> {
    if matches!(text.len(), 32 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return ChannelKey::from_secret(&hex::decode(text)?);
    }
    let bytes = STANDARD
        .decode(text)
        .or_else(|_| URL_SAFE.decode(text))
        .map_err(|_| KeyError::UnknownChannelText)?;
    ChannelKey::from_secret(&bytes)
}

fn parse_link(query: &str) -> Result<ChannelSpec, KeyError> {
    let mut name = None;
    let mut secret = None;
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("name", value)) => name = Some(percent_decode(value)),
            Some(("secret", value)) => secret = Some(percent_decode(value)),
            _ => {}
        }
    }
    let key = parse_secret(&secret.ok_or(KeyError::LinkMissing {
        parameter: "secret",
    })?)?;
    Ok(ChannelSpec {
        name: name.ok_or(KeyError::LinkMissing { parameter: "name" })?,
        key,
    })
}

/// Decodes `%XX` escapes and `+` (space) of a URL query value; malformed escapes stay as they are.
fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let escaped = (b == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|digits| {
                let mut byte = [0];
                hex::decode_to_slice(digits, &mut byte)
                    .ok()
                    .and_then(|out| out.first().copied())
            });
        match (b, escaped) {
            (_, Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (other, None) => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn forms() {
        let public = ChannelSpec::parse("public").unwrap();
        assert_eq!(
            (public.name.as_str(), public.key),
            ("public", ChannelKey::public())
        );
        let bot = ChannelSpec::parse("#bot").unwrap();
        assert_eq!((bot.name.as_str(), bot.key.hash()), ("#bot", 0xca));
        let by_hex = ChannelSpec::parse("8b3387e9c5cdea6ac9e5edbaa115cd72").unwrap();
        assert_eq!(
            (by_hex.name.as_str(), by_hex.key),
            ("channel-11", ChannelKey::public())
        );
        let by_base64 = ChannelSpec::parse("izOH6cXN6mrJ5e26oRXNcg==").unwrap();
        assert_eq!(by_base64.key, ChannelKey::public());
        let named = ChannelSpec::parse("Friends=8B3387E9C5CDEA6AC9E5EDBAA115CD72").unwrap();
        assert_eq!(
            (named.name.as_str(), named.key),
            ("Friends", ChannelKey::public())
        );
        let long = ChannelSpec::parse(&"ab".repeat(32)).unwrap();
        assert_eq!(long.key.secret(), &[0xab; 32]);
    }

    #[test]
    fn links() {
        let link = "meshcore://channel/add?name=My%20Group+%F0%9F%8C%B2&secret=8b3387e9c5cdea6ac9e5edbaa115cd72";
        let spec = ChannelSpec::parse(link).unwrap();
        assert_eq!(
            (spec.name.as_str(), spec.key),
            ("My Group 🌲", ChannelKey::public())
        );
        let missing = "meshcore://channel/add?name=x";
        assert_eq!(
            ChannelSpec::parse(missing),
            Err(KeyError::LinkMissing {
                parameter: "secret"
            })
        );
        assert_eq!(percent_decode("100%+%zz%4"), "100% %zz%4");
    }

    #[test]
    fn refusals() {
        assert_eq!(
            ChannelSpec::parse("nonsense!"),
            Err(KeyError::UnknownChannelText)
        );
        assert_eq!(
            ChannelSpec::parse("AAAA"),
            Err(KeyError::UnknownChannelText)
        );
        assert_eq!(
            ChannelSpec::parse("x=AAAA"),
            Err(KeyError::ChannelSecretLength { len: 3 })
        );
    }
}
