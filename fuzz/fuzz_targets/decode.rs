//! `protocol::decode`, the dissector and the JSON builder on arbitrary bytes: no panic, and an error always
//! points inside the buffer.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use meshscope::protocol::crypto::{ChannelKey, Keyring};
use meshscope::protocol::decode;
use meshscope::protocol::dissect::dissect_with_keys;
use meshscope::protocol::json::PacketJson;

static KEYS: LazyLock<Keyring> = LazyLock::new(|| {
    let mut keys = Keyring::with_public_channel();
    keys.add_channel("#test", ChannelKey::from_hashtag("#test"));
    keys.add_region("#ottawa");
    keys
});

fuzz_target!(|data: &[u8]| {
    if let Err(error) = decode(data) {
        assert!(error.offset() <= data.len());
    }
    let _ = dissect_with_keys(data, &KEYS);
    let json = PacketJson::new(data, &KEYS);
    if let Some(error) = json.error {
        assert!(error.offset <= data.len());
    }
});
