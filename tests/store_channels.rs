//! Channels: Public decrypts at once, a channel added later decrypts what was stored, the rest stays listed.

mod store_support;

use meshscope::protocol::crypto::{ChannelKey, ChannelSpec};
use meshscope::store::{ChannelId, MessageKind, PUBLIC_NAME, Subject};
use store_support::*;

#[test]
fn public_messages_decrypt_on_ingest() {
    let public = ChannelKey::public();
    let packet = group_text(&public, 1_700_000_123, "Ann", "hello mesh", flood(&[0x01]));
    let store = store_of(&[heard(0, 0, &packet), heard(5, 1, &packet)]);
    let messages = store.messages(ChannelId(0));
    assert_eq!(
        messages.len(),
        1,
        "one message per transmission, not per observation"
    );
    let message = store.message(messages[0]).unwrap();
    assert_eq!(
        store.channels().message_text(messages[0]),
        Some("hello mesh")
    );
    assert_eq!(message.sender.and_then(|s| store.string(s)), Some("Ann"));
    assert_eq!(message.sender_timestamp, 1_700_000_123);
    assert_eq!(message.kind, MessageKind::Text { flags: 0 });
    assert_eq!(
        store.subject(message.tx),
        Some(Subject::Message(messages[0]))
    );
    assert_eq!(
        store.channels().get(ChannelId(0)).unwrap().name,
        PUBLIC_NAME
    );
    assert_eq!(store.channels().senders(ChannelId(0)), 1);
    assert_eq!(store.txs_by_channel_hash(0x11), [message.tx]);
    check_consistency(&store);
}

#[test]
fn a_channel_added_later_decrypts_what_is_stored() {
    let test = ChannelKey::from_hashtag("#test");
    let hearings: Vec<Heard> = (0..3u32)
        .map(|i| {
            heard(
                i64::from(i),
                0,
                &group_text(&test, i, "Bo", &format!("msg {i}"), flood(&[])),
            )
        })
        .collect();
    let mut store = store_of(&hearings);
    assert_eq!(store.undecrypted(0xd9).count(), 3);
    let added = store.add_channel_spec(&ChannelSpec::parse("#test").unwrap());
    assert!(added.new);
    assert_eq!(added.decrypted, 3);
    assert_eq!(store.undecrypted(0xd9).count(), 0);
    let texts: Vec<&str> = store
        .messages(added.id)
        .iter()
        .filter_map(|&m| store.channels().message_text(m))
        .collect();
    assert_eq!(texts, ["msg 0", "msg 1", "msg 2"]);
    // The same key again: known, nothing new.
    let again = store.add_channel("other name", test);
    assert_eq!((again.id, again.new, again.decrypted), (added.id, false, 0));
    // New packets on the channel decrypt on ingest now.
    let report = ingest(
        &mut store,
        &[heard(
            10,
            0,
            &group_text(&test, 9, "Cy", "later", flood(&[])),
        )],
    );
    assert_eq!(report.new_messages, 1);
    assert_eq!(store.messages(added.id).len(), 4);
    check_consistency(&store);
}

#[test]
fn unknown_keys_stay_listed_by_hash() {
    let secret = ChannelKey::from_secret(&[7; 16]).unwrap();
    let store = store_of(&[heard(
        0,
        0,
        &group_text(&secret, 1, "Di", "secret", flood(&[])),
    )]);
    assert_eq!(store.undecrypted(secret.hash()).count(), 1);
    assert_eq!(store.channels().message_count(), 0);
    let tx = store.by_time()[0];
    assert_eq!(store.subject(tx), None);
}
