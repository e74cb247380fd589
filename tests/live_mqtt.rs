//! The MQTT client session against broker bytes written by hand from the MQTT 3.1.1 specification,
//! and the MeshCore topic parser.

use meshscope::ingest::live::{
    MqttFault, MqttOptions, MqttPhase, MqttSession, Topic, TopicKind, mqtt::MAX_PACKET_LEN,
};
use proptest::prelude::*;

const CONNACK_OK: [u8; 4] = [0x20, 0x02, 0x00, 0x00];
const SUBACK_QOS1: [u8; 5] = [0x90, 0x03, 0x00, 0x01, 0x01];
const PINGREQ: [u8; 2] = [0xC0, 0x00];
const PINGRESP: [u8; 2] = [0xD0, 0x00];

fn options() -> MqttOptions {
    MqttOptions::new("meshcore/#", MqttOptions::client_id(0x0012_abcd))
}

/// A PUBLISH from the broker: QoS 0, or QoS 1 with packet id `pid`.
fn publish(topic: &str, payload: &[u8], pid: Option<u16>) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(&(topic.len() as u16).to_be_bytes());
    body.extend_from_slice(topic.as_bytes());
    if let Some(pid) = pid {
        body.extend_from_slice(&pid.to_be_bytes());
    }
    body.extend_from_slice(payload);
    let mut packet = vec![if pid.is_some() { 0x32 } else { 0x30 }];
    let mut len = body.len();
    loop {
        let byte = (len % 128) as u8;
        len /= 128;
        packet.push(if len > 0 { byte | 0x80 } else { byte });
        if len == 0 {
            break;
        }
    }
    packet.extend_from_slice(&body);
    packet
}

/// Feeds `bytes`, collecting (topic, payload) of each publish.
fn feed(session: &mut MqttSession, bytes: &[u8], now_ms: i64) -> Vec<(String, Vec<u8>)> {
    let mut seen = Vec::new();
    session.receive(bytes, now_ms, &mut |topic, payload| {
        seen.push((topic.to_owned(), payload.to_vec()))
    });
    seen
}

/// A session through CONNECT, CONNACK, SUBSCRIBE and SUBACK at time 0.
fn subscribed() -> MqttSession {
    let mut session = MqttSession::new(options()).unwrap();
    session.start(0);
    session.take_outgoing();
    feed(&mut session, &CONNACK_OK, 0);
    feed(&mut session, &SUBACK_QOS1, 0);
    session.take_outgoing();
    assert_eq!(session.phase(), MqttPhase::Subscribed);
    session
}

#[test]
fn connect_is_mqtt_311_clean_session_with_keep_alive() {
    let mut session = MqttSession::new(options()).unwrap();
    assert_eq!(session.phase(), MqttPhase::Idle);
    session.start(0);
    assert_eq!(session.phase(), MqttPhase::Connecting);
    let mut expected = vec![
        0x10, 30, 0x00, 0x04, b'M', b'Q', b'T', b'T', 0x04, 0x02, 0x00, 30,
    ];
    expected.extend_from_slice(&[0x00, 18]);
    expected.extend_from_slice(b"meshscope-0012abcd");
    assert_eq!(session.take_outgoing(), expected);
}

#[test]
fn connect_with_credentials() {
    let mut options = options();
    options.username = Some("user".into());
    options.password = Some("pw".into());
    let mut session = MqttSession::new(options).unwrap();
    session.start(0);
    let connect = session.take_outgoing();
    assert_eq!(
        connect[9], 0xC2,
        "user name, password and clean session flags"
    );
    assert!(connect.ends_with(&[0x00, 0x04, b'u', b's', b'e', b'r', 0x00, 0x02, b'p', b'w']));
}

#[test]
fn connack_then_subscribe_then_publishes() {
    let mut session = MqttSession::new(options()).unwrap();
    session.start(0);
    session.take_outgoing();
    assert!(feed(&mut session, &CONNACK_OK, 5).is_empty());
    assert_eq!(session.phase(), MqttPhase::Subscribing);
    let mut subscribe = vec![0x82, 15, 0x00, 0x01, 0x00, 10];
    subscribe.extend_from_slice(b"meshcore/#");
    subscribe.push(0x01);
    assert_eq!(session.take_outgoing(), subscribe);
    feed(&mut session, &SUBACK_QOS1, 6);
    assert_eq!(session.phase(), MqttPhase::Subscribed);

    let seen = feed(
        &mut session,
        &publish("meshcore/SEA/AB/packets", b"{}", None),
        7,
    );
    assert_eq!(
        seen,
        vec![("meshcore/SEA/AB/packets".to_owned(), b"{}".to_vec())]
    );
    assert!(session.take_outgoing().is_empty(), "QoS 0 needs no answer");

    let seen = feed(
        &mut session,
        &publish("meshcore/status", b"online", Some(0x1234)),
        8,
    );
    assert_eq!(seen.len(), 1);
    assert_eq!(
        session.take_outgoing(),
        vec![0x40, 0x02, 0x12, 0x34],
        "PUBACK"
    );
}

#[test]
fn keep_alive_pings_and_a_late_pingresp_ends_the_session() {
    let mut session = subscribed();
    assert_eq!(session.next_deadline(), Some(30_000));
    session.poll(29_999);
    assert!(session.take_outgoing().is_empty());
    session.poll(30_000);
    assert_eq!(session.take_outgoing(), PINGREQ);
    assert_eq!(
        session.next_deadline(),
        Some(40_000),
        "PINGRESP is due 10 s later"
    );

    // Answered: the connection lives on and the next ping is scheduled.
    feed(&mut session, &PINGRESP, 30_100);
    session.poll(45_000);
    assert_eq!(session.phase(), MqttPhase::Subscribed);
    session.poll(60_000);
    assert_eq!(session.take_outgoing(), PINGREQ);

    // Not answered within 10 s.
    session.poll(69_999);
    assert_eq!(session.phase(), MqttPhase::Subscribed);
    session.poll(70_000);
    assert_eq!(session.phase(), MqttPhase::Ended);
    assert_eq!(session.fault(), Some(MqttFault::PingTimeout));
    assert!(!MqttFault::PingTimeout.is_fatal());
}

#[test]
fn refusals_end_the_session() {
    let mut session = MqttSession::new(options()).unwrap();
    session.start(0);
    feed(&mut session, &[0x20, 0x02, 0x00, 0x05], 1);
    assert_eq!(session.fault(), Some(MqttFault::ConnectRefused(5)));
    assert!(MqttFault::ConnectRefused(5).is_fatal());
    assert!(!MqttFault::ConnectRefused(3).is_fatal());
    assert_eq!(
        MqttFault::ConnectRefused(5).to_string(),
        "broker refused the connection: not authorized (code 5)"
    );

    let mut session = MqttSession::new(options()).unwrap();
    session.start(0);
    feed(&mut session, &CONNACK_OK, 1);
    feed(&mut session, &[0x90, 0x03, 0x00, 0x01, 0x80], 2);
    assert_eq!(session.fault(), Some(MqttFault::SubscribeRefused));
    assert!(MqttFault::SubscribeRefused.is_fatal());
}

#[test]
fn a_packet_over_the_limit_ends_the_session_before_it_arrives() {
    let mut session = subscribed();
    // Remaining length 2^21 + 1, more than MAX_PACKET_LEN: rejected from the header alone.
    const { assert!(2 << 20 > MAX_PACKET_LEN) };
    feed(&mut session, &[0x30, 0x81, 0x80, 0x80, 0x01], 1);
    assert_eq!(session.phase(), MqttPhase::Ended);
    assert!(matches!(session.fault(), Some(MqttFault::Protocol(_))));
}

#[test]
fn publishing_once_subscribed() {
    let mut session = MqttSession::new(options()).unwrap();
    assert_eq!(
        session.publish("meshcore/x", b"1", false, 0),
        Err(MqttFault::NotConnected)
    );
    let mut session_live = subscribed();
    session_live
        .publish("meshcore/SEA/KEY/packets", b"{}", true, 1)
        .unwrap();
    let mut expected = vec![0x31, 28, 0x00, 24];
    expected.extend_from_slice(b"meshcore/SEA/KEY/packets{}");
    assert_eq!(session_live.take_outgoing(), expected);
    assert_eq!(
        session_live.publish("meshcore/+/x", b"", false, 2),
        Err(MqttFault::BadTopic)
    );
    session.closed(MqttFault::SocketClosed);
    assert_eq!(session.fault(), Some(MqttFault::SocketClosed));
}

#[test]
fn options_are_validated() {
    assert_eq!(options().validate(), Ok(()));
    let mut bad = options();
    bad.filter = "meshcore/#/packets".into();
    assert_eq!(bad.validate(), Err(MqttFault::BadTopic));
    assert_eq!(MqttSession::new(bad).err(), Some(MqttFault::BadTopic));
    let mut bad = options();
    bad.password = Some("secret".into());
    assert_eq!(bad.validate(), Err(MqttFault::BadOptions));
    let mut bad = options();
    bad.keep_alive_s = 0;
    assert_eq!(bad.validate(), Err(MqttFault::BadOptions));
    let mut ok = options();
    ok.filter = "meshcore/SEA/+/packets".into();
    assert_eq!(ok.validate(), Ok(()));
}

#[test]
fn topics() {
    let key = "AB".repeat(32);
    let topic = format!("meshcore/SEA/{key}/packets");
    assert_eq!(
        Topic::parse(&topic),
        Topic {
            iata: Some("SEA"),
            observer_key: Some(&key),
            kind: TopicKind::Packets
        }
    );
    let flat = Topic::parse("meshcore/status");
    assert_eq!(
        (flat.iata, flat.observer_key, flat.kind),
        (None, None, TopicKind::Status)
    );
    assert_eq!(Topic::parse("meshcore/raw").kind, TopicKind::Raw);
    assert_eq!(
        Topic::parse("meshcore/SEA/KEY/neighbors").kind,
        TopicKind::Other
    );
    assert!(!TopicKind::Other.is_read());
    let three = Topic::parse("meshcore/SEA/packets");
    assert_eq!(
        (three.iata, three.observer_key, three.kind),
        (None, None, TopicKind::Packets)
    );
}

/// The broker side of a whole session: CONNACK, SUBACK, then publishes of both QoS levels.
fn broker_stream(payloads: &[Vec<u8>]) -> Vec<u8> {
    let mut stream = Vec::new();
    stream.extend_from_slice(&CONNACK_OK);
    stream.extend_from_slice(&SUBACK_QOS1);
    for (i, payload) in payloads.iter().enumerate() {
        let pid = (i % 2 == 1).then_some(i as u16 + 1);
        stream.extend(publish(&format!("meshcore/SEA/K{i}/packets"), payload, pid));
    }
    stream
}

proptest! {
    /// A byte stream cut anywhere (packets split across messages, several packets in one) gives the
    /// same publishes and the same replies as the whole stream in one message.
    #[test]
    fn framing_is_independent_of_the_cuts(
        payloads in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..300), 0..12),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..20),
    ) {
        let stream = broker_stream(&payloads);
        let run = |pieces: Vec<&[u8]>| {
            let mut session = MqttSession::new(options()).unwrap();
            session.start(0);
            let mut seen = Vec::new();
            for piece in pieces {
                seen.extend(feed(&mut session, piece, 1));
            }
            (seen, session.take_outgoing(), session.phase())
        };
        let whole = run(vec![&stream]);
        let mut offsets: Vec<usize> = cuts.iter().map(|cut| cut.index(stream.len() + 1)).collect();
        offsets.sort_unstable();
        let mut pieces = Vec::new();
        let mut start = 0;
        for offset in offsets {
            pieces.push(&stream[start..offset]);
            start = offset;
        }
        pieces.push(&stream[start..]);
        let cut = run(pieces);
        prop_assert_eq!(&whole, &cut);
        prop_assert_eq!(whole.0.len(), payloads.len());
        prop_assert_eq!(whole.2, MqttPhase::Subscribed);
    }

    /// Whatever a broker sends, the session never panics.
    #[test]
    fn any_broker_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let mut session = subscribed();
        feed(&mut session, &bytes, 1);
        session.poll(1_000_000);
        let _ = session.publish("meshcore/x", b"1", false, 2);
    }
}

#[test]
fn filter_and_topic_name_rules() {
    use meshscope::ingest::live::mqtt::{is_valid_filter, is_valid_topic_name};
    for good in [
        "meshcore/#",
        "#",
        "+",
        "meshcore/SEA/+/packets",
        "+/+/#",
        "a//b",
    ] {
        assert!(is_valid_filter(good), "{good}");
    }
    for bad in ["", "meshcore/#/packets", "meshcore/SEA+/x", "a/b#", "x\0y"] {
        assert!(!is_valid_filter(bad), "{bad:?}");
    }
    assert!(is_valid_topic_name("meshcore/SEA/KEY/packets"));
    assert!(!is_valid_topic_name("meshcore/+/x"));
    assert!(!is_valid_topic_name("meshcore/#"));
}
