//! The channel table, channel totals and the chat view on hand-built stores: messages, distinct and top senders,
//! last activity, messages per hour, encrypted hash bytes, message lengths without the sender prefix, and chat
//! messages (repeats, observers, longest path, best SNR), newest last, capped, paged.

mod store_support;

use meshscope::analytics::{channel_messages, channel_stats, channels};
use meshscope::protocol::crypto::ChannelKey;
use meshscope::store::Store;
use store_support::{Heard, T0, flood, group_text, store_of};

const HOUR: i64 = 3_600_000;

fn hearing(offset_ms: i64, observer: u32, snr: Option<f32>, packet: &[u8]) -> Heard {
    Heard {
        time_ms: T0 + offset_ms,
        observer,
        snr_db: snr,
        rssi_dbm: Some(-100),
        packet: packet.to_vec(),
    }
}

/// Public: Ann three times, Bo once, Cy once (heard by three observers); #secret (unknown key): two packets.
fn chatter() -> Vec<Heard> {
    let public = ChannelKey::public();
    let secret = ChannelKey::from_hashtag("#secret");
    let popular = group_text(&public, 500, "Cy", "héllo", flood(&[0x11]));
    vec![
        hearing(
            0,
            0,
            Some(1.0),
            &group_text(&public, 100, "Ann", "hi", flood(&[])),
        ),
        hearing(
            10,
            0,
            Some(1.0),
            &group_text(&public, 101, "Ann", "again", flood(&[])),
        ),
        hearing(
            HOUR,
            1,
            Some(1.0),
            &group_text(&public, 102, "Bo", "yo", flood(&[])),
        ),
        // Cy's message: observer 2 hears it over one hop and again over two; observer 3 once.
        hearing(2 * HOUR, 2, Some(-3.0), &popular),
        hearing(
            2 * HOUR + 50,
            2,
            Some(4.5),
            &group_text(&public, 500, "Cy", "héllo", flood(&[0x11, 0x22])),
        ),
        hearing(2 * HOUR + 20, 3, None, &popular),
        // Ann's third message was first heard earliest, but arrives last.
        hearing(
            -HOUR,
            1,
            Some(2.0),
            &group_text(&public, 99, "Ann", "early", flood(&[])),
        ),
        hearing(
            3 * HOUR,
            0,
            None,
            &group_text(&secret, 7, "Eve", "x", flood(&[])),
        ),
        hearing(
            3 * HOUR + 5,
            0,
            None,
            &group_text(&secret, 8, "Eve", "y", flood(&[])),
        ),
    ]
}

#[test]
fn channel_table() {
    let mut store = store_of(&chatter());
    store.add_channel("#test", ChannelKey::from_hashtag("#test"));
    let entries = channels(&store);
    let secret_hash = format!("{:02x}", ChannelKey::from_hashtag("#secret").hash());
    let summary: Vec<(&str, &str, usize, usize, bool)> = entries
        .iter()
        .map(|e| {
            (
                e.name.as_str(),
                e.hash.as_str(),
                e.messages,
                e.senders,
                e.encrypted,
            )
        })
        .collect();
    let secret_name = format!("hash {secret_hash}");
    assert_eq!(
        summary,
        [
            ("Public", "11", 5, 3, false),
            ("#test", "d9", 0, 0, false),
            (secret_name.as_str(), secret_hash.as_str(), 2, 0, true),
        ]
    );
    let public = &entries[0];
    assert_eq!(public.last_activity_ms, Some(T0 + 2 * HOUR));
    let per_hour: Vec<(i64, u64)> = public
        .messages_per_hour
        .iter()
        .map(|h| (h.hour_ms - T0, h.messages))
        .collect();
    assert_eq!(per_hour, [(-HOUR, 1), (0, 2), (HOUR, 1), (2 * HOUR, 1)]);
    let top: Vec<(&str, u64)> = public
        .top_senders
        .iter()
        .map(|s| (s.name.as_str(), s.messages))
        .collect();
    assert_eq!(top, [("Ann", 3), ("Bo", 1), ("Cy", 1)]);
    assert_eq!(entries[1].last_activity_ms, None);
    assert_eq!(entries[2].last_activity_ms, Some(T0 + 3 * HOUR + 5));
    assert!(entries[2].top_senders.is_empty());
    // The CLI's `channels` key keeps its fields and adds the new ones.
    let json = serde_json::to_value(&entries[0]).unwrap();
    assert_eq!(
        (
            &json["name"],
            &json["hash"],
            &json["messages"],
            &json["senders"]
        ),
        (&"Public".into(), &"11".into(), &5.into(), &3.into())
    );
    assert_eq!(json["encrypted"], false);
}

#[test]
fn totals_lengths_and_chat() {
    let stats = channel_stats(&store_of(&chatter()));
    assert_eq!(stats.channels, channels(&store_of(&chatter())));
    let summary = &stats.summary;
    assert_eq!((summary.active, summary.decryptable), (2, 1));
    assert_eq!(summary.top_senders[0].name, "Ann");
    // Lengths after "sender: ": "early" 5, "hi" 2, "again" 5, "yo" 2, "héllo" 6 bytes.
    let lengths = summary.message_length.unwrap();
    assert_eq!(
        (lengths.count, lengths.min, lengths.max, lengths.median),
        (5, 2.0, 6.0, 5.0)
    );
    assert_eq!(lengths.mean, 4.0);
    let bins = summary.message_length_histogram.as_ref().unwrap();
    assert_eq!(
        (bins.bins.len(), bins.bins[0].count, bins.bins[19].count),
        (20, 2, 1)
    );
    let public = &stats.messages[0];
    assert_eq!((public.name.as_str(), public.total), ("Public", 5));
    let chat: Vec<(Option<&str>, &str, u32, i64)> = public
        .messages
        .iter()
        .map(|m| {
            (
                m.sender.as_deref(),
                m.text.as_str(),
                m.sender_timestamp,
                m.first_heard_ms - T0,
            )
        })
        .collect();
    assert_eq!(
        chat,
        [
            (Some("Ann"), "early", 99, -HOUR),
            (Some("Ann"), "hi", 100, 0),
            (Some("Ann"), "again", 101, 10),
            (Some("Bo"), "yo", 102, HOUR),
            (Some("Cy"), "héllo", 500, 2 * HOUR),
        ]
    );
    let popular = &public.messages[4];
    assert_eq!(
        (
            popular.repeats,
            popular.observers,
            popular.hops,
            popular.best_snr
        ),
        (3, 2, 2, Some(4.5))
    );
    assert_eq!(popular.hash.len(), 16);
    assert_eq!(public.messages[0].best_snr, Some(2.0));
    // The unknown channel has no chat; the JSON of the snapshot leaves the channel id out.
    assert_eq!(stats.messages.len(), 1);
    let json = serde_json::to_value(public).unwrap();
    assert!(json.get("channel").is_none());
    assert_eq!(json["messages"][4]["text"], "héllo");
}

#[test]
fn the_chat_keeps_the_latest_and_pages_older_ones() {
    let public = ChannelKey::public();
    let hearings: Vec<Heard> = (0..620)
        .map(|i| {
            let text = format!("m{i}");
            hearing(
                i * 1_000,
                0,
                Some(1.0),
                &group_text(&public, i as u32, "Ann", &text, flood(&[])),
            )
        })
        .collect();
    let store = store_of(&hearings);
    let stats = channel_stats(&store);
    let chat = &stats.messages[0];
    assert_eq!((chat.total, chat.messages.len()), (620, 500));
    assert_eq!(chat.messages.first().map(|m| m.text.as_str()), Some("m120"));
    assert_eq!(chat.messages.last().map(|m| m.text.as_str()), Some("m619"));
    let page = channel_messages(&store, chat.channel, 120, 100);
    let texts: Vec<&str> = page.iter().map(|m| m.text.as_str()).collect();
    assert_eq!((texts.len(), texts[0], texts[99]), (100, "m20", "m119"));
    let oldest = channel_messages(&store, chat.channel, 20, 100);
    assert_eq!(oldest.len(), 20);
    assert_eq!(oldest[0].text, "m0");
    assert!(channel_messages(&store, chat.channel, 0, 100).is_empty());
    assert_eq!(
        channel_messages(&store, chat.channel, 10_000, 1)[0].text,
        "m619"
    );
    // Sender counts are over every message, not only the kept ones.
    assert_eq!(stats.summary.top_senders[0].messages, 620);
}

#[test]
fn empty_store() {
    let stats = channel_stats(&Store::new());
    assert_eq!(stats.channels.len(), 1, "Public is always known");
    assert_eq!(stats.channels[0].messages, 0);
    assert_eq!((stats.summary.active, stats.summary.decryptable), (0, 0));
    assert_eq!(stats.summary.message_length, None);
    assert_eq!(stats.messages[0].total, 0);
}
