//! Browser tests of the live sources, in headless Chromium without any server:
//! `cargo test --target wasm32-unknown-unknown --features web --test browser_live`.
//!
//! The serial source reads a scripted port (`tests/e2e/fixtures/scripted-serial.js`, the one the
//! end-to-end tests inject); the WebSocket and MQTT sources talk to a scripted WebSocket
//! (`tests/e2e/fixtures/fake-websocket.js`) that the test plays the server of.
#![cfg(target_arch = "wasm32")]

mod live_support;

use gloo_timers::future::TimeoutFuture;
use js_sys::{Array, Reflect, Uint8Array};
use leptos::prelude::*;
use live_support::*;
use meshscope::companion::AdvertScope;
use meshscope::ingest::live::{
    BackoffPolicy, MqttOptions, MqttSource, SerialError, SerialSource, SocketOptions, SourceError,
    SourceState, WebSocketSource,
};
use meshscope::ingest::{BadReason, Observation, ObserverInfo};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const SCRIPTED_SERIAL: &str = include_str!("e2e/fixtures/scripted-serial.js");
const FAKE_WEBSOCKET: &str = include_str!("e2e/fixtures/fake-websocket.js");

/// A reconnect policy fast enough for a test.
const FAST: BackoffPolicy = BackoffPolicy {
    base_ms: 40,
    cap_ms: 80,
    stable_after_ms: 60_000,
};

fn get(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(name)).unwrap()
}

fn call(target: &JsValue, name: &str, args: &[JsValue]) -> JsValue {
    let function: js_sys::Function = get(target, name).into();
    Reflect::apply(&function, target, &args.iter().collect::<Array>()).unwrap()
}

fn number(target: &JsValue, name: &str) -> f64 {
    get(target, name).as_f64().unwrap_or(f64::NAN)
}

fn bytes(value: &JsValue) -> Vec<u8> {
    Uint8Array::new(value).to_vec()
}

fn array(values: &[u8]) -> JsValue {
    Uint8Array::from(values).into()
}

/// Waits up to `timeout_ms` for `condition`, checking every 10 ms.
async fn until(what: &str, timeout_ms: u32, condition: impl Fn() -> bool) {
    for _ in 0..timeout_ms / 10 {
        if condition() {
            return;
        }
        TimeoutFuture::new(10).await;
    }
    panic!("timed out waiting for {what}");
}

/// What one drain delivered: observations with their packets, the observer table, bad reasons.
type Drained = (
    Vec<(Observation, Vec<u8>)>,
    Vec<ObserverInfo>,
    Vec<BadReason>,
);

/// Runs a source's drain and collects what it delivered.
fn drain_all(
    drain: impl FnOnce(&mut dyn FnMut(&meshscope::ingest::Batch, &[ObserverInfo])),
) -> Drained {
    let mut got = (Vec::new(), Vec::new(), Vec::new());
    drain(&mut |batch, observers| {
        got.0 = batch.iter().map(|(o, p)| (*o, p.to_vec())).collect();
        got.1 = observers.to_vec();
        got.2 = batch.bad_records.iter().map(|b| b.reason).collect();
    });
    got
}

/// The capture: six packets, garbage before the third, an empty frame before the fourth.
fn capture() -> (Vec<u8>, usize) {
    let mut stream = Vec::new();
    let mut cut = 0;
    for n in 0..6u8 {
        if n == 2 {
            stream.extend_from_slice(b"\x00\xFFzz");
        }
        if n == 3 {
            stream.extend(frame(&[]));
        }
        if n == 4 {
            cut = stream.len() + 5; // inside the fifth packet's frame
        }
        stream.extend(log_rx(4 * n as i8, -80 - n as i8, &numbered_packet(n)));
    }
    (stream, cut)
}

fn scripted_port(capture: &[u8], unplug_after: usize) -> JsValue {
    js_sys::eval(SCRIPTED_SERIAL).unwrap();
    let script = js_sys::Object::new();
    let set = |name: &str, value: JsValue| {
        Reflect::set(&script, &JsValue::from_str(name), &value).unwrap();
    };
    set("deviceInfo", array(&device_info()));
    set("selfInfo", array(&self_info()));
    set("capture", array(capture));
    set("unplugAfter", JsValue::from(unplug_after as u32));
    let chunks: Array = [1u32, 7, 3, 64, 2, 19]
        .iter()
        .map(|&n| JsValue::from(n))
        .collect();
    set("chunkSizes", chunks.into());
    call(
        &js_sys::global(),
        "createScriptedSerialPort",
        &[script.into()],
    )
}

#[wasm_bindgen_test]
async fn serial_source_reads_a_radio_survives_an_unplug_and_reconnects() {
    let owner = Owner::new();
    owner.set();
    let (stream, cut) = capture();
    let port = scripted_port(&stream, cut);
    let source = SerialSource::connect(port.clone()).unwrap();
    let state = source.state();

    until("the unplug", 5_000, || {
        matches!(state.get_untracked(), SourceState::Unplugged { .. })
    })
    .await;
    assert_eq!(bytes(&get(&port, "written")), handshake());
    let commands: Vec<f64> = Array::from(&get(&port, "commands"))
        .iter()
        .filter_map(|c| c.as_f64())
        .collect();
    assert_eq!(commands, vec![22.0, 1.0]);
    assert_eq!(number(&get(&port, "openedWith"), "baudRate"), 115_200.0);

    let radio = source.radio().get_untracked().expect("radio info");
    assert_eq!(radio.name.as_deref(), Some("Hilltop"));
    assert_eq!(radio.model.as_deref(), Some("Heltec V3"));
    assert_eq!(
        (
            radio.frequency_mhz,
            radio.bandwidth_khz,
            radio.spreading_factor
        ),
        (Some(910.525), Some(62.5), Some(7))
    );

    let (observations, observers, bad) = drain_all(|deliver| source.drain(deliver));
    let seen: Vec<(Option<f32>, Option<i16>, Vec<u8>)> = observations
        .iter()
        .map(|(o, p)| (o.snr_db, o.rssi_dbm, p.clone()))
        .collect();
    let expected: Vec<_> = (0..4u8)
        .map(|n| {
            (
                Some(f32::from(n)),
                Some(-80 - i16::from(n)),
                numbered_packet(n),
            )
        })
        .collect();
    assert_eq!(seen, expected, "the four whole frames before the unplug");
    assert!(observations.iter().all(|(o, _)| o.observer == 0));
    assert_eq!(
        observers,
        vec![ObserverInfo {
            id: Some(RADIO_KEY),
            name: Some("Hilltop".into()),
            iata: None
        }]
    );
    assert_eq!(
        bad,
        vec![BadReason::Truncated],
        "the frame cut by the unplug"
    );
    let counters = source.counters_now();
    assert_eq!(
        (
            counters.packets,
            counters.skipped_bytes,
            counters.connections
        ),
        (4, 4, 1)
    );

    // The same port again: the handshake is replayed, the rest of the capture comes in.
    source.reconnect(None).unwrap();
    until("live again", 5_000, || state.get_untracked().is_live()).await;
    until("the last packet", 5_000, || {
        source.counters_now().packets == 5
    })
    .await;
    let (observations, _, _) = drain_all(|deliver| source.drain(deliver));
    assert_eq!(observations.len(), 1);
    assert_eq!(observations[0].1, numbered_packet(5));
    assert_eq!(number(&port, "opens"), 2.0);

    source.send_advert(AdvertScope::Flood).unwrap();
    source.send_trace(0xB1E7_FE59, 2, 0, &[0x67, 0x33]).unwrap();
    let mut expected = handshake();
    expected.extend(handshake());
    expected.extend_from_slice(&[0x3C, 2, 0, 0x07, 1]);
    expected.extend_from_slice(&[
        0x3C, 12, 0, 0x24, 0x59, 0xFE, 0xE7, 0xB1, 2, 0, 0, 0, 0, 0x67, 0x33,
    ]);
    until("the commands written", 2_000, || {
        bytes(&get(&port, "written")) == expected
    })
    .await;
    assert_eq!(
        source.send_trace(0, 0, 1, &[1, 2, 3]),
        Err(SerialError::BadCommand(
            meshscope::companion::Error::BadArgument { field: "route" }
        ))
    );

    // Dropping the source closes the port; nothing runs afterwards.
    drop(source);
    until("the port closed", 2_000, || {
        get(&port, "state").as_string().as_deref() == Some("closed")
    })
    .await;
    assert_eq!(number(&port, "closes"), 1.0);
}

#[wasm_bindgen_test]
async fn serial_refuses_what_is_not_a_port_and_reports_a_missing_web_serial() {
    let owner = Owner::new();
    owner.set();
    assert_eq!(
        SerialSource::connect(JsValue::from(5)).err(),
        Some(SerialError::NotAPort)
    );
    assert!(
        SerialSource::is_supported(),
        "headless Chromium has navigator.serial"
    );
    js_sys::eval(
        "globalThis.__serial = Object.getOwnPropertyDescriptor(Navigator.prototype, 'serial');
         Object.defineProperty(Navigator.prototype, 'serial', { configurable: true, get: () => undefined });",
    )
    .unwrap();
    assert!(!SerialSource::is_supported());
    assert_eq!(
        SerialSource::request_port().await,
        Err(SerialError::Unsupported)
    );
    js_sys::eval("Object.defineProperty(Navigator.prototype, 'serial', globalThis.__serial);")
        .unwrap();
}

/// Installs the fake WebSocket; returns a function that restores the real one.
fn fake_websocket() -> js_sys::Function {
    js_sys::eval(FAKE_WEBSOCKET).unwrap();
    call(&js_sys::global(), "installFakeWebSocket", &[]).into()
}

fn sockets() -> Array {
    Array::from(&get(&get(&js_sys::global(), "FakeWebSocket"), "instances"))
}

fn fast_options() -> SocketOptions {
    SocketOptions {
        backoff: FAST,
        ..SocketOptions::default()
    }
}

#[wasm_bindgen_test]
async fn websocket_source_reads_each_kind_of_message_and_reconnects() {
    let owner = Owner::new();
    owner.set();
    let restore = fake_websocket();
    assert!(matches!(
        WebSocketSource::connect("http://example.org/"),
        Err(SourceError::NotWebSocketUrl)
    ));
    let source = WebSocketSource::connect_with("ws://127.0.0.1:9/feed", fast_options()).unwrap();
    let state = source.state();
    assert_eq!(state.get_untracked(), SourceState::Connecting);
    let socket = sockets().get(0);
    assert_eq!(
        get(&socket, "url").as_string().as_deref(),
        Some("ws://127.0.0.1:9/feed")
    );
    assert_eq!(
        get(&socket, "binaryType").as_string().as_deref(),
        Some("arraybuffer")
    );

    call(&socket, "serverOpen", &[]);
    assert!(state.get_untracked().is_live());
    let f1 = r#"{"origin":"Hilltop","timestamp":"2024-01-01T12:00:00Z","raw":"0D04B891647EBB40BA70","SNR":"12.5","RSSI":"-75"}"#;
    call(&socket, "serverSend", &[JsValue::from_str(f1)]);
    call(
        &socket,
        "serverSend",
        &[JsValue::from_str("0D04B891647EBB40BA71")],
    );
    call(&socket, "serverSend", &[array(&ACK)]);
    let (observations, observers, _) = drain_all(|deliver| source.drain(deliver));
    let packets: Vec<Vec<u8>> = observations.iter().map(|(_, p)| p.clone()).collect();
    let mut second = ACK.to_vec();
    second[9] = 0x71;
    assert_eq!(packets, vec![ACK.to_vec(), second, ACK.to_vec()]);
    assert_eq!(observations[0].0.timestamp_ms, 1_704_110_400_000);
    assert_eq!(observers[0].name.as_deref(), Some("Hilltop"));
    assert_eq!(observers[1].name.as_deref(), Some("ws://127.0.0.1:9/feed"));

    // The server goes away: a retry is scheduled, then a new socket.
    call(&socket, "serverClose", &[JsValue::from(1006)]);
    match state.get_untracked() {
        SourceState::Retrying {
            attempt,
            in_ms,
            reason,
        } => {
            assert_eq!(attempt, 1);
            assert!(in_ms < 40);
            assert_eq!(reason, "closed (code 1006)");
        }
        other => panic!("expected a retry, got {other:?}"),
    }
    until("a second socket", 2_000, || sockets().length() == 2).await;
    let socket = sockets().get(1);
    call(&socket, "serverOpen", &[]);
    assert!(state.get_untracked().is_live());
    call(&socket, "serverSend", &[JsValue::from_str(f1)]);
    let (observations, _, _) = drain_all(|deliver| source.drain(deliver));
    assert_eq!(observations.len(), 1);
    assert_eq!(source.counters_now().connections, 2);

    drop(source);
    assert_eq!(number(&socket, "closedWith"), 1000.0);
    assert!(
        get(&socket, "onmessage").is_falsy(),
        "handlers cleared: no callback after drop"
    );
    restore.call0(&JsValue::NULL).unwrap();
}

/// A PUBLISH from the broker at QoS 1 with packet id 7.
fn publish_qos1(topic: &str, payload: &[u8]) -> Vec<u8> {
    let mut body = (topic.len() as u16).to_be_bytes().to_vec();
    body.extend_from_slice(topic.as_bytes());
    body.extend_from_slice(&[0, 7]);
    body.extend_from_slice(payload);
    let mut packet = vec![0x32];
    let mut len = body.len();
    loop {
        let digit = (len % 128) as u8;
        len /= 128;
        packet.push(if len > 0 { digit | 0x80 } else { digit });
        if len == 0 {
            break;
        }
    }
    packet.extend(body);
    packet
}

#[wasm_bindgen_test]
async fn mqtt_source_logs_in_subscribes_acknowledges_and_publishes() {
    let owner = Owner::new();
    owner.set();
    let restore = fake_websocket();
    let options = MqttOptions::new("meshcore/#", "meshscope-test".into());
    let source =
        MqttSource::connect_with("ws://127.0.0.1:9/mqtt", options, fast_options()).unwrap();
    let state = source.state();
    let socket = sockets().get(0);
    assert_eq!(
        get(&socket, "protocols").as_string().as_deref(),
        Some("mqtt")
    );
    call(&socket, "serverOpen", &[]);
    assert_eq!(state.get_untracked(), SourceState::Handshaking);
    let sent = |socket: &JsValue| bytes(&call(socket, "sentBytes", &[]));
    assert_eq!(sent(&socket)[0], 0x10, "CONNECT");

    call(&socket, "serverSend", &[array(&[0x20, 2, 0, 0])]);
    let connect_len = sent(&socket).len() - 17;
    assert_eq!(
        &sent(&socket)[connect_len..connect_len + 2],
        &[0x82, 15],
        "SUBSCRIBE"
    );
    call(&socket, "serverSend", &[array(&[0x90, 3, 0, 1, 1])]);
    assert!(state.get_untracked().is_live());

    // One PUBLISH split over two WebSocket messages.
    let key = "AB".repeat(32);
    let payload =
        br#"{"timestamp":"2024-01-01T12:00:00Z","raw":"0D04B891647EBB40BA70","SNR":"4.25"}"#;
    let packet = publish_qos1(&format!("meshcore/SEA/{key}/packets"), payload);
    call(&socket, "serverSend", &[array(&packet[..5])]);
    call(&socket, "serverSend", &[array(&packet[5..])]);
    assert!(sent(&socket).ends_with(&[0x40, 2, 0, 7]), "PUBACK");
    let (observations, observers, _) = drain_all(|deliver| source.drain(deliver));
    assert_eq!(observations.len(), 1);
    assert_eq!(observations[0].0.snr_db, Some(4.25));
    assert_eq!(observers[0].iata.as_deref(), Some("SEA"));
    assert_eq!(observers[0].id, Some([0xAB; 32]));

    source
        .publish("meshcore/SEA/KEY/packets", b"{}", true)
        .unwrap();
    let mut expected = vec![0x31, 28, 0, 24];
    expected.extend_from_slice(b"meshcore/SEA/KEY/packets{}");
    assert!(sent(&socket).ends_with(&expected));
    drop(source);

    // A refused login stops for good: no retry.
    let options = MqttOptions::new("meshcore/#", "meshscope-test".into());
    let refused =
        MqttSource::connect_with("ws://127.0.0.1:9/mqtt", options, fast_options()).unwrap();
    let socket = sockets().get(1);
    call(&socket, "serverOpen", &[]);
    call(&socket, "serverSend", &[array(&[0x20, 2, 0, 5])]);
    let state = refused.state().get_untracked();
    assert_eq!(
        state,
        SourceState::Stopped {
            reason: "broker refused the connection: not authorized (code 5)".into()
        }
    );
    TimeoutFuture::new(200).await;
    assert_eq!(sockets().length(), 2, "no reconnect after a refusal");
    restore.call0(&JsValue::NULL).unwrap();
}

#[wasm_bindgen_test]
async fn request_port_resolves_to_the_injected_port() {
    let owner = Owner::new();
    owner.set();
    let port = scripted_port(&[], 1_000);
    js_sys::eval(
        "globalThis.__serial = Object.getOwnPropertyDescriptor(Navigator.prototype, 'serial');",
    )
    .unwrap();
    call(
        &js_sys::global(),
        "installScriptedSerial",
        std::slice::from_ref(&port),
    );
    let chosen = SerialSource::request_port().await.unwrap();
    assert!(js_sys::Object::is(&chosen, &port));
    let source = SerialSource::connect(chosen).unwrap();
    let radio = source.radio();
    until("the radio's name", 5_000, || {
        radio
            .get_untracked()
            .is_some_and(|r| r.public_key == Some(RADIO_KEY))
    })
    .await;
    assert!(source.state().get_untracked().is_live());
    source.stop();
    assert_eq!(
        source.state().get_untracked(),
        SourceState::Stopped {
            reason: "stopped".into()
        }
    );
    assert_eq!(
        source.send_advert(AdvertScope::ZeroHop),
        Err(SerialError::NotOpen)
    );
    js_sys::eval("Object.defineProperty(Navigator.prototype, 'serial', globalThis.__serial);")
        .unwrap();
}
