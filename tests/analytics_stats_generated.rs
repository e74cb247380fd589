//! The stats analytics on generated traffic, where the generator's truth knows the answers: totals and payload
//! types, channel messages and senders (the private channel as an encrypted hash byte), observer calibration
//! against the collectors' clock offsets, and each node's clock (accurate, skewed, drifting, never set, bimodal).

use meshscope::analytics::clock_skew::Severity;
use meshscope::analytics::observer_stats::Health;
use meshscope::analytics::{channel_stats, clock_skew, observers, overview, rf};
use meshscope::generate::{
    Clock, Mesh, MeshOptions, OutputFormat, OutputOptions, TrafficOptions, Truth, write_dump,
};
use meshscope::hex;
use meshscope::ingest::{Batch, Format, Parser};
use meshscope::store::{ObserverKind, Store};

/// A day of a 40-node mesh whose nodes all advertise every half hour, so every clock has samples.
fn generated() -> (Mesh, Truth, Store) {
    let mesh = Mesh::new(&MeshOptions {
        seed: 5,
        nodes: 40,
        observers: 4,
        ..MeshOptions::default()
    });
    let traffic = TrafficOptions {
        conversations_per_hour: 30.0,
        repeater_advert_interval_s: 1_800.0,
        client_advert_interval_s: 1_800.0,
        zero_hop_advert_interval_s: 1_800.0,
        ..TrafficOptions::default()
    };
    let options = OutputOptions {
        format: OutputFormat::F1Wrapped,
        status_messages: true,
        ..OutputOptions::default()
    };
    let mut dump = Vec::new();
    let truth = write_dump(&mesh, &traffic, &options, &mut dump).unwrap();
    let mut store = Store::new();
    for channel in mesh.channels().iter().filter(|c| c.known) {
        store.add_channel(&channel.name, channel.key);
    }
    let mut parser = Parser::new(Format::F1Json);
    let mut batch = Batch::new();
    for chunk in dump.chunks(1 << 16) {
        parser.feed(chunk, &mut batch);
        store.ingest(&batch, parser.observers(), ObserverKind::Mqtt);
        store.ingest_statuses(&batch.statuses, parser.observers(), ObserverKind::Mqtt);
        batch.clear();
    }
    parser.finish(&mut batch);
    store.ingest(&batch, parser.observers(), ObserverKind::Mqtt);
    (mesh, truth, store)
}

#[test]
fn totals_types_and_channels_match_the_truth() {
    let (mesh, truth, store) = generated();
    let end = truth.last_timestamp_ms.unwrap();
    let view = overview(&store, end);
    assert_eq!(view.totals.transmissions, truth.transmissions);
    assert_eq!(
        view.totals.observations + store.repeats(),
        truth.observations
    );
    assert_eq!(view.totals.observers, truth.recorded_observers.len() as u64);
    for expected in &truth.by_type {
        let found = view
            .payload_types
            .iter()
            .find(|t| t.payload_type == expected.name)
            .unwrap();
        assert_eq!(
            found.transmissions, expected.transmissions,
            "{}",
            expected.name
        );
    }
    let first = truth.first_timestamp_ms.unwrap();
    assert!((view.span_hours - (end - first) as f64 / 3.6e6).abs() < 1e-9);
    assert_eq!(
        view.packets_per_hour
            .iter()
            .map(|h| h.transmissions)
            .sum::<u64>(),
        truth.transmissions
    );
    assert_eq!(rf(&store).observations_with_snr, view.totals.observations);
    let stats = channel_stats(&store);
    for channel in &truth.channels {
        let name = if channel.known {
            channel.name.clone()
        } else {
            format!("hash {:02x}", channel.hash)
        };
        let entry = stats.channels.iter().find(|e| e.name == name).unwrap();
        assert_eq!(entry.encrypted, !channel.known, "{name}");
        assert_eq!(entry.messages as u64, channel.messages, "{name}");
        if channel.known {
            assert_eq!(entry.senders as u64, channel.senders, "{name}");
        }
    }
    let known_with_messages = truth
        .channels
        .iter()
        .filter(|c| c.known && c.messages > 0)
        .count();
    assert_eq!(stats.summary.decryptable, known_with_messages);
    assert_eq!(stats.summary.active, known_with_messages + 1);
    // Every heard message of a known channel is in its chat, with its text after the sender's name.
    let public = stats.messages.iter().find(|m| m.name == "Public").unwrap();
    let heard = truth
        .channel_messages
        .iter()
        .filter(|m| m.heard && m.channel == "Public")
        .count();
    assert_eq!(public.total, heard);
    for message in &public.messages {
        let full = format!(
            "{}: {}",
            message.sender.as_deref().unwrap_or_default(),
            message.text
        );
        assert!(
            truth
                .channel_messages
                .iter()
                .any(|m| m.text == full && m.timestamp == message.sender_timestamp),
            "{full}"
        );
    }
    assert!(mesh.channels().iter().any(|c| !c.known));
}

#[test]
fn observers_match_the_truth() {
    let (mesh, truth, store) = generated();
    let entries = observers(&store, truth.last_timestamp_ms.unwrap());
    assert_eq!(entries.len(), truth.recorded_observers.len());
    assert_eq!(
        entries.iter().map(|e| e.observations).sum::<u64>(),
        store.observation_count() as u64
    );
    for entry in &entries {
        let index = (0..mesh.observers().len())
            .find(|&i| {
                mesh.observer_info(i)
                    .and_then(|info| info.id)
                    .map(|key| hex::encode_lower(&key))
                    == entry.id
            })
            .unwrap();
        let observer = &mesh.observers()[index];
        assert_eq!(entry.iata.as_deref(), Some(observer.iata.as_str()));
        assert_eq!(
            entry.status.as_ref().and_then(|s| s.model.as_deref()),
            Some(observer.model)
        );
        assert_eq!((entry.kind, entry.health), ("mqtt", Health::Online));
        assert!(entry.unique_transmissions <= entry.observations && entry.unique_transmissions > 0);
        assert!(entry.last_hour > 0);
    }
}

#[test]
fn clocks_match_the_truth() {
    let (mesh, truth, store) = generated();
    let snapshot = clock_skew(&store);
    // Calibration: the observers' offsets differ as their collectors' clocks do (within propagation delays).
    let truth_offset = |id: &Option<String>| -> f64 {
        let index = truth
            .observers
            .iter()
            .position(|o| Some(truth.nodes[o.node].public_key.to_lowercase()) == *id)
            .unwrap();
        truth.observers[index].clock_offset_ms as f64 / 1000.0
    };
    let calibrations = &snapshot.observers;
    assert_eq!(calibrations.len(), truth.recorded_observers.len());
    for a in calibrations {
        for b in calibrations {
            let measured = a.offset_s - b.offset_s;
            let expected = truth_offset(&a.id) - truth_offset(&b.id);
            assert!(
                (measured - expected).abs() < 1.0,
                "{:?} {:?}: {measured} vs {expected}",
                a.name,
                b.name
            );
        }
    }
    let mut seen = [false; 5];
    for (index, node) in mesh.nodes().iter().enumerate() {
        let key = hex::encode_lower(&node.public_key());
        let Some(skew) = snapshot.nodes.iter().find(|n| n.public_key == key) else {
            continue;
        };
        // Within the relay delays to the nearest observer and the timestamp's whole seconds: a few seconds.
        let close = |offset: i64| skew.skew_s.is_some_and(|s| (s - offset as f64).abs() < 5.0);
        match node.clock {
            Clock::Accurate { offset_s } => {
                seen[0] = true;
                assert_eq!(skew.severity, Severity::Ok, "node {index}");
                assert!(
                    close(offset_s),
                    "node {index}: {:?} vs {offset_s}",
                    skew.skew_s
                );
            }
            Clock::Skewed { offset_s } => {
                seen[1] = true;
                let expected = Severity::of_skew(offset_s.unsigned_abs() as f64);
                assert_eq!(skew.severity, expected, "node {index}");
                assert!(
                    close(offset_s),
                    "node {index}: {:?} vs {offset_s}",
                    skew.skew_s
                );
            }
            Clock::Drifting {
                drift_s_per_day, ..
            } => {
                seen[2] = true;
                let drift = skew.drift_s_per_day.unwrap();
                assert!(
                    (drift - drift_s_per_day as f64).abs() < 30.0,
                    "node {index}: {drift}"
                );
                assert!(matches!(skew.severity, Severity::Ok | Severity::Warning));
            }
            Clock::NoClock { .. } => {
                seen[3] = true;
                assert_eq!(
                    (skew.severity, skew.skew_s),
                    (Severity::NoClock, None),
                    "node {index}"
                );
                assert_eq!(skew.unset_samples, skew.samples);
            }
            Clock::Bimodal { offset_s, .. } => {
                seen[4] = true;
                assert_eq!(skew.severity, Severity::BimodalClock, "node {index}");
                assert!(close(offset_s) && skew.unset_samples > 0);
            }
        }
    }
    assert_eq!(seen, [true; 5], "every kind of clock was heard");
}
