//! Airtime: the time-on-air formula against hand-computed cases, the snapshot on hand-built stores (zero-hop
//! originators, forwarders, one emission per path however many observers heard it, ambiguous prefixes,
//! DIRECT copies left unattributed, duty-cycle warnings) and on generated traffic against brute force.

mod engine_support;
mod store_support;

use meshscope::analytics::airtime::{MAX_HOURS, PRESETS};
use meshscope::analytics::{AirtimeOptions, RadioSettings, airtime};
use meshscope::hex;
use meshscope::protocol::Route;
use meshscope::store::{ObsId, Store};
use store_support::{Via, ZERO_HOP_DIRECT, ack, advert, flood, heard, identity, store_of};

fn settings(
    bandwidth_khz: f64,
    spreading_factor: u8,
    coding_rate: u8,
    preamble: u16,
) -> RadioSettings {
    RadioSettings {
        frequency_mhz: 869.0,
        bandwidth_khz,
        spreading_factor,
        coding_rate,
        preamble_symbols: preamble,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn time_on_air_matches_hand_computed_cases() {
    // SF7 BW125 CR4/5, 8-symbol preamble, 10 bytes (the datasheet's classic 41.2 ms):
    // Tsym = 128/125 = 1.024 ms; (80 - 28 + 28 + 16) / 28 = 96/28 = 3.43 -> 4 blocks; 4 * 5 = 20; 8 + 20 = 28
    // symbols; (8 + 4.25) * 1.024 = 12.544; 28 * 1.024 = 28.672; total 41.216 ms.
    assert!(close(settings(125.0, 7, 5, 8).time_on_air_ms(10), 41.216));
    // EU/UK (Narrow): SF8 BW62.5 CR4/8, 16-symbol preamble, 50 bytes:
    // Tsym = 256/62.5 = 4.096 ms (no LDRO); (400 - 32 + 28 + 16) / 32 = 412/32 = 12.875 -> 13; 13 * 8 = 104;
    // 112 symbols; (16 + 4.25) * 4.096 = 82.944; 112 * 4.096 = 458.752; total 541.696 ms.
    let eu = RadioSettings::preset("EU/UK (Narrow)").unwrap();
    assert!(!eu.low_data_rate_optimisation());
    assert!(close(eu.time_on_air_ms(50), 541.696));
    // USA/Canada: SF7 BW62.5 CR4/5, 16-symbol preamble, 50 bytes:
    // Tsym = 128/62.5 = 2.048 ms; (400 - 28 + 28 + 16) / 28 = 416/28 = 14.86 -> 15; 15 * 5 = 75; 83 symbols;
    // 20.25 * 2.048 = 41.472; 83 * 2.048 = 169.984; total 211.456 ms.
    let us = RadioSettings::preset("usa/canada (recommended)").unwrap();
    assert!(close(us.time_on_air_ms(50), 211.456));
    // SF12 BW125 CR4/5, 8-symbol preamble, 10 bytes, LDRO on (Tsym = 4096/125 = 32.768 ms >= 16):
    // (80 - 48 + 28 + 16) / (4 * (12 - 2)) = 76/40 = 1.9 -> 2; 2 * 5 = 10; 18 symbols;
    // 12.25 * 32.768 = 401.408; 18 * 32.768 = 589.824; total 991.232 ms.
    let slow = settings(125.0, 12, 5, 8);
    assert!(slow.low_data_rate_optimisation());
    assert!(close(slow.time_on_air_ms(10), 991.232));
    // The same with 0 bytes: (0 - 48 + 44) / 40 = -0.1 -> 0 blocks (the max with 0); 8 symbols;
    // (12.25 + 8) * 32.768 = 663.552 ms.
    assert!(close(slow.time_on_air_ms(0), 663.552));
    // SF11 BW250 (EU/UK Long Range): Tsym = 2048/250 = 8.192 ms, LDRO off; 10 bytes, CR4/5, 16 preamble:
    // (80 - 44 + 44) / 44 = 80/44 = 1.82 -> 2; 10; 18 symbols; (20.25 + 18) * 8.192 = 313.344 ms.
    let long = RadioSettings::preset("EU/UK (Long Range)").unwrap();
    assert!(!long.low_data_rate_optimisation());
    assert!(close(long.time_on_air_ms(10), 313.344));
}

#[test]
fn presets_are_valid_and_the_default_is_eu_narrow() {
    assert!(PRESETS.iter().all(|p| p.settings.is_valid()));
    let default = RadioSettings::default();
    assert_eq!(
        (
            default.frequency_mhz,
            default.bandwidth_khz,
            default.spreading_factor,
            default.coding_rate
        ),
        (869.618, 62.5, 8, 8)
    );
    let us = RadioSettings::preset("USA/Canada (Recommended)").unwrap();
    assert_eq!(
        (
            us.frequency_mhz,
            us.bandwidth_khz,
            us.spreading_factor,
            us.coding_rate
        ),
        (910.525, 62.5, 7, 5)
    );
    assert!(RadioSettings::preset("Mars").is_none());
    assert!(!settings(0.0, 8, 8, 16).is_valid());
}

#[test]
fn radio_settings_read_the_community_text_and_preset_names() {
    let usa: RadioSettings = "910.525,62.5,7,5".parse().unwrap();
    assert_eq!(
        usa,
        RadioSettings::preset("USA/Canada (Recommended)").unwrap()
    );
    assert_eq!(
        " EU/UK (Narrow) ".parse::<RadioSettings>(),
        Ok(RadioSettings::default())
    );
    for bad in [
        "",
        "910.525,62.5,7",
        "910.525,62.5,13,5",
        "910.525,0,7,5",
        "a,b,c,d",
        "910,62.5,7,9",
    ] {
        assert!(bad.parse::<RadioSettings>().is_err(), "{bad:?}");
    }
    assert_eq!(
        RadioSettings::reported(869.618, 62.5, 8, 8),
        Some(RadioSettings::default())
    );
    assert_eq!(RadioSettings::reported(869.618, 62.5, 4, 8), None);
}

#[test]
fn empty_store_gives_an_empty_snapshot() {
    let snapshot = airtime(&Store::new(), &AirtimeOptions::default());
    assert_eq!(
        (snapshot.hours, snapshot.emissions, snapshot.heard_ms),
        (0, 0, 0.0)
    );
    assert!(
        snapshot.observers.is_empty() && snapshot.nodes.is_empty() && snapshot.warnings.is_empty()
    );
    assert_eq!(snapshot.first_hour_ms, None);
}

#[test]
fn emitters_observers_and_warnings_on_a_hand_built_store() {
    let (a, b) = (identity(1), identity(2));
    let (c1, c2) = engine_support::colliding_seeds();
    let (c1, c2) = (identity(c1), identity(c2));
    let pb = b.public_key()[0];
    let shared = c1.public_key()[0];
    let advert_a = advert(&a, 1, "A", None, flood(&[]));
    let advert_a_via_b = advert(&a, 1, "A", None, flood(&[pb]));
    let advert_b = advert(&b, 2, "B", None, ZERO_HOP_DIRECT);
    let ack_via_shared = ack(7, flood(&[pb, shared]));
    let direct = ack(
        8,
        Via {
            route: Route::Direct,
            hash_size: 1,
            path: &[pb],
        },
    );
    let store = store_of(&[
        heard(0, 0, &advert_a),
        heard(1_000, 1, &advert_a_via_b),
        heard(1_500, 2, &advert_a_via_b),
        heard(2_000, 0, &advert_b),
        heard(3_000, 0, &advert(&c1, 3, "C1", None, flood(&[]))),
        heard(4_000, 0, &advert(&c2, 4, "C2", None, flood(&[]))),
        heard(5_000, 1, &ack_via_shared),
        heard(3_600_000, 1, &direct),
    ]);
    let radio = RadioSettings::default();
    let toa = |packet: &[u8]| radio.time_on_air_ms(packet.len());
    let options = AirtimeOptions {
        duty_cycle_limit_pct: 0.0,
        ..AirtimeOptions::default()
    };
    let snapshot = airtime(&store, &options);
    assert_eq!(snapshot.hours, 2);
    assert_eq!(
        snapshot.emissions, 7,
        "the copy via B heard twice is one emission"
    );

    let node = |name: &str| {
        snapshot
            .nodes
            .iter()
            .find(|n| n.emitter.name.as_deref() == Some(name))
            .unwrap()
    };
    let a_entry = node("A");
    assert_eq!(a_entry.emissions, 1);
    assert!(
        close(a_entry.airtime_ms, toa(&advert_a)) && close(a_entry.originated_ms, toa(&advert_a))
    );
    let b_entry = node("B");
    assert_eq!(b_entry.emissions, 2);
    assert!(close(b_entry.originated_ms, toa(&advert_b)));
    assert!((b_entry.forwarded_ms - toa(&advert_a_via_b)).abs() < 1e-6);
    assert_eq!(
        b_entry.emitter.public_key,
        Some(hex::encode_lower(&b.public_key()))
    );
    assert_eq!(b_entry.emitter.candidates, 1);

    let ambiguous = snapshot
        .nodes
        .iter()
        .find(|n| n.emitter.candidates == 2)
        .unwrap();
    assert_eq!(ambiguous.emitter.prefix, format!("{shared:02x}"));
    assert_eq!(
        (ambiguous.emitter.public_key.as_ref(), ambiguous.emissions),
        (None, 1)
    );
    assert!((ambiguous.airtime_ms - toa(&ack_via_shared)).abs() < 1e-6);
    assert!(
        (snapshot.unattributed_ms - toa(&direct)).abs() < 1e-6,
        "DIRECT copies name no sender"
    );

    let observer0 = snapshot.observers.iter().find(|o| o.id == 0).unwrap();
    assert_eq!(observer0.hearings, 4);
    assert_eq!(observer0.per_hour_ms.len(), 2);
    assert!(observer0.per_hour_ms[1] == 0.0);
    let observer1 = snapshot.observers.iter().find(|o| o.id == 1).unwrap();
    let hour0 = toa(&advert_a_via_b) + toa(&ack_via_shared);
    assert!((observer1.per_hour_ms[0] - hour0).abs() < 1e-3);
    assert!((observer1.per_hour_ms[1] - toa(&direct)).abs() < 1e-3);
    let both = (hour0 + toa(&direct)) / (2.0 * 3_600_000.0) * 100.0;
    assert!((observer1.utilisation_pct - both).abs() < 1e-6);
    // A limit of 0 %: every emitter-hour with airtime warns (all in the first hour).
    assert_eq!(snapshot.warning_count, 5);
    assert!(
        snapshot
            .warnings
            .windows(2)
            .all(|w| w[0].duty_cycle_pct >= w[1].duty_cycle_pct)
    );
    assert!(
        snapshot
            .warnings
            .iter()
            .all(|w| w.hour_start_ms == snapshot.first_hour_ms.unwrap())
    );
    let strict = airtime(&store, &AirtimeOptions::default());
    assert_eq!(
        strict.warning_count, 0,
        "a few packets are far below 10 % of an hour"
    );
}

#[test]
fn generated_traffic_matches_brute_force() {
    let (_, store) = engine_support::generated();
    let options = AirtimeOptions {
        top: 1_000,
        ..AirtimeOptions::default()
    };
    let snapshot = airtime(&store, &options);
    let radio = options.radio;
    let mut heard = 0.0;
    let mut pairs = Vec::new();
    let mut bytes = Vec::new();
    for index in 0..store.observation_count() as u32 {
        bytes.clear();
        assert!(store.observation_raw(ObsId(index), &mut bytes));
        heard += radio.time_on_air_ms(bytes.len());
        let row = store.observation(ObsId(index)).unwrap();
        pairs.push((row.tx.0, row.path.0, radio.time_on_air_ms(bytes.len())));
    }
    assert!(
        (snapshot.heard_ms - heard).abs() <= 1e-9 * heard,
        "{} {heard}",
        snapshot.heard_ms
    );
    pairs.sort_by_key(|p| (p.0, p.1));
    pairs.dedup_by(|a, b| (a.0, a.1) == (b.0, b.1));
    assert_eq!(snapshot.emissions, pairs.len() as u64);
    let emitted: f64 = pairs.iter().map(|p| p.2).sum();
    assert!((snapshot.attributed_ms + snapshot.unattributed_ms - emitted).abs() <= 1e-9 * emitted);
    let listed: f64 = snapshot.nodes.iter().map(|n| n.airtime_ms).sum();
    assert!(
        (listed - snapshot.attributed_ms).abs() <= 1e-9 * listed,
        "every emitter listed with a large top"
    );
    assert!(snapshot.hours as i64 <= MAX_HOURS && snapshot.hours >= 6);
    for observer in &snapshot.observers {
        let per_hour: f64 = observer.per_hour_ms.iter().sum();
        assert!((per_hour - observer.heard_ms).abs() < 1e-2 * observer.heard_ms.max(1.0));
    }
    assert!(snapshot.nodes.iter().any(|n| n.forwarded_ms > 0.0));
}

#[test]
fn a_busy_hour_warns_at_the_default_limit() {
    let a = identity(1);
    let radio = RadioSettings::default();
    let one = advert(&a, 0, "A", None, flood(&[]));
    // Adverts of equal length: 360 s of airtime is 10 % of an hour.
    let per_hour_over = (360_000.0 / radio.time_on_air_ms(one.len())) as i64 + 5;
    let per_hour_under = per_hour_over - 20;
    let mut hearings = Vec::new();
    for i in 0..per_hour_over {
        hearings.push(heard(
            i * 1_000,
            0,
            &advert(&a, i as u32, "A", None, flood(&[])),
        ));
    }
    for i in 0..per_hour_under {
        let timestamp = (per_hour_over + i) as u32;
        hearings.push(heard(
            3_600_000 + i * 1_000,
            0,
            &advert(&a, timestamp, "A", None, flood(&[])),
        ));
    }
    let store = store_of(&hearings);
    let snapshot = airtime(&store, &AirtimeOptions::default());
    assert_eq!(snapshot.warning_count, 1);
    let warning = &snapshot.warnings[0];
    assert_eq!(warning.emitter.name.as_deref(), Some("A"));
    assert_eq!(warning.hour_start_ms, store_support::T0);
    let expected = per_hour_over as f64 * radio.time_on_air_ms(one.len()) / 36_000.0;
    assert!(
        (warning.duty_cycle_pct - expected).abs() < 1e-3,
        "{} {expected}",
        warning.duty_cycle_pct
    );
    assert!(snapshot.nodes[0].peak_duty_cycle_pct > 10.0);
}

#[test]
fn interleaved_hearings_of_one_emission_count_once() {
    // Two ACKs relayed by the same repeater, their hearings interleaved: two emissions on that path, plus
    // the first ACK's zero-hop copy heard between them.
    let one = ack(1, flood(&[0x10]));
    let two = ack(2, flood(&[0x10]));
    let store = store_of(&[
        heard(0, 0, &one),
        heard(1, 1, &two),
        heard(2, 2, &one),
        heard(3, 3, &ack(1, flood(&[]))),
        heard(4, 3, &two),
        heard(5, 4, &one),
        heard(6, 5, &two),
    ]);
    let snapshot = airtime(&store, &AirtimeOptions::default());
    assert_eq!(snapshot.emissions, 3);
    let radio = RadioSettings::default();
    let expected = 2.0 * radio.time_on_air_ms(one.len()) + radio.time_on_air_ms(one.len() - 1);
    let emitted = snapshot.attributed_ms + snapshot.unattributed_ms;
    assert!((emitted - expected).abs() < 1e-9, "{emitted} {expected}");
    assert!(
        (snapshot.heard_ms
            - (6.0 * radio.time_on_air_ms(one.len()) + radio.time_on_air_ms(one.len() - 1)))
        .abs()
            < 1e-9
    );
}
