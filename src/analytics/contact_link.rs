//! The `meshcore://contact/add` link of a node, as the MeshCore apps read it from a QR code (firmware
//! `docs/qr_codes.md`): `name`, `public_key` (64 hex digits) and `type` (the advert role number).

/// The link that adds the node `name` with key `public_key_hex` and advert role number `role` to a contact
/// list; the name is percent-encoded (UTF-8, every byte but `A-Z a-z 0-9 - . _ ~`).
pub fn contact_link(name: &str, public_key_hex: &str, role: u8) -> String {
    format!(
        "meshcore://contact/add?name={}&public_key={}&type={role}",
        percent_encode(name),
        percent_encode(public_key_hex)
    )
}

/// `text` with every byte but the URL-unreserved ones written as `%XX`.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn links_encode_names() {
        let key = "ab".repeat(32);
        assert_eq!(
            contact_link("Hill Top 🌲", &key, 2),
            format!(
                "meshcore://contact/add?name=Hill%20Top%20%F0%9F%8C%B2&public_key={key}&type=2"
            )
        );
        assert_eq!(percent_encode("a&b=c#d<e>"), "a%26b%3Dc%23d%3Ce%3E");
        assert_eq!(percent_encode("A-z.0_9~"), "A-z.0_9~");
    }

    #[test]
    fn round_trips_through_the_channel_link_decoder() {
        // The channel link reader decodes the same escapes: a name survives the trip.
        let name = "Grüße & <Freunde>";
        let link = format!(
            "meshcore://channel/add?name={}&secret=8b3387e9c5cdea6ac9e5edbaa115cd72",
            percent_encode(name)
        );
        let spec = crate::protocol::crypto::ChannelSpec::parse(&link).unwrap();
        assert_eq!(spec.name, name);
    }
}
