//! Export then import gives a store with the same contents.

mod store_support;

use meshscope::protocol::crypto::ChannelKey;
use store_support::*;

#[test]
fn export_then_import_is_identical() {
    let mut store = store_of(&mixed_hearings(600, 5));
    store.add_channel("#test", ChannelKey::from_hashtag("#test"));
    check_consistency(&store);
    let copy = reimport(&store);
    check_consistency(&copy);
    assert_eq!(contents(&copy), contents(&store));
    assert_eq!(
        copy.channels().message_count(),
        store.channels().message_count()
    );
    assert_eq!(copy.observers().len(), store.observers().len());
}

#[test]
fn the_export_names_channels_not_keys() {
    let mut store = Store::new();
    store.add_channel("#secret", ChannelKey::from_secret(&[9; 16]).unwrap());
    let mut out = Vec::new();
    store.write_export_header(T0, &mut out);
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text,
        "{\"meshscope_export\":1,\"channels\":[\"Public\",\"#secret\"],\"created\":\"2024-01-01T00:00:00.000Z\"}\n"
    );
}
