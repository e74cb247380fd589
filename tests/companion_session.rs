//! The companion session: handshake bytes out, typed events in, packets before the handshake.

use meshscope::companion::{
    Command, DeviceInfo, Direction, Error, ErrorCode, Event, LogRxData, Phase, PushCode, RadioCode,
    Session, encode_frame,
};

/// Feeds `input` to the session and describes each event as a string.
fn events(session: &mut Session, mut input: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    while !input.is_empty() {
        let (used, event) = session.receive(input);
        if let Some(event) = event {
            out.push(describe(&event));
        }
        input = &input[used..];
    }
    out
}

fn describe(event: &Event<'_>) -> String {
    match event {
        Event::DeviceInfo(DeviceInfo {
            fw_ver_code,
            details,
        }) => {
            let model = details.map(|d| d.model().into_owned()).unwrap_or_default();
            format!("device fw={fw_ver_code} model={model}")
        }
        Event::SelfInfo(info) => format!("self name={} freq={}", info.name(), info.frequency_khz),
        Event::Packet(LogRxData {
            snr_quarter_db,
            rssi_dbm,
            packet,
        }) => {
            format!(
                "packet snr={} rssi={rssi_dbm} len={}",
                f32::from(*snr_quarter_db) / 4.0,
                packet.len()
            )
        }
        Event::Ok(value) => format!("ok {value:?}"),
        Event::RadioError(code) => format!("err {code:?}"),
        Event::Malformed { offset, error } => format!("malformed at {offset}: {error}"),
        Event::Other { code, body } => format!("other {code:?} {}", body.len()),
        Event::Trace(trace) => format!("trace {:08X}", trace.tag),
        Event::RawData(raw) => format!("raw {}", raw.payload.len()),
    }
}

fn framed(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    encode_frame(Direction::FromRadio, body, &mut out).unwrap();
    out
}

fn device_info_body() -> Vec<u8> {
    let mut body = vec![0x0D, 13, 175, 40, 0, 0, 0, 0];
    body.extend_from_slice(b"14 Aug 2026\0");
    let mut model = b"Heltec V3".to_vec();
    model.resize(40, 0);
    body.extend_from_slice(&model);
    let mut version = b"v1.17.1".to_vec();
    version.resize(20, 0);
    body.extend_from_slice(&version);
    body.extend_from_slice(&[0, 0]);
    body
}

fn self_info_body() -> Vec<u8> {
    let mut body = vec![0x05, 1, 22, 22];
    body.extend_from_slice(&[0x5A; 32]);
    body.extend_from_slice(&[0; 12]);
    body.extend_from_slice(&869_525u32.to_le_bytes());
    body.extend_from_slice(&250_000u32.to_le_bytes());
    body.extend_from_slice(&[11, 5]);
    body.extend_from_slice(b"Observer 1");
    body
}

#[test]
fn start_sends_device_query_then_app_start() {
    let mut session = Session::new();
    assert_eq!(session.phase(), Phase::NotStarted);
    let mut out = Vec::new();
    session.start(&mut out);
    let mut expected = vec![
        0x3C, 0x02, 0x00, 0x16, 0x03, 0x3C, 0x11, 0x00, 0x01, 0x01, 0, 0, 0, 0, 0, 0,
    ];
    expected.extend_from_slice(b"MeshScope");
    assert_eq!(out, expected);
    assert_eq!(session.phase(), Phase::Handshaking);
    let mut commands = Vec::new();
    for command in Command::HANDSHAKE {
        command.emit(&mut commands).unwrap();
    }
    assert_eq!(commands, out);
}

#[test]
fn handshake_then_packets() {
    let mut session = Session::new();
    session.start(&mut Vec::new());
    let mut input = framed(&device_info_body());
    input.extend(framed(&self_info_body()));
    input.extend_from_slice(&[
        0x3E, 0x0D, 0x00, 0x88, 0x30, 0xB5, 0x0D, 0x04, 0xB8, 0x91, 0x64, 0x7E, 0xBB, 0x40, 0xBA,
        0x70,
    ]);
    assert_eq!(
        events(&mut session, &input),
        vec![
            "device fw=13 model=Heltec V3",
            "self name=Observer 1 freq=869525",
            "packet snr=12 rssi=-75 len=10"
        ]
    );
    assert_eq!(session.phase(), Phase::Ready);
    assert_eq!(session.framer_stats().frames, 3);
}

#[test]
fn packets_arrive_without_a_handshake() {
    let mut session = Session::new();
    let input = framed(&[0x88, 0xF6, 0xA0, 0x11, 0x00]);
    assert_eq!(
        events(&mut session, &input),
        vec!["packet snr=-2.5 rssi=-96 len=2"]
    );
    assert_eq!(session.phase(), Phase::NotStarted);
}

#[test]
fn errors_malformed_and_other_frames() {
    let mut session = Session::new();
    let mut input = framed(&[0x01, 0x01]);
    input.extend(framed(&[0x88, 0x10]));
    input.extend(framed(&[0x83]));
    input.extend(framed(&[0x00]));
    // An app-to-radio frame echoed back is garbage for the session: 4 bytes skipped.
    input.extend_from_slice(&[0x3C, 0x01, 0x00, 0x16]);
    assert_eq!(
        events(&mut session, &input),
        vec![
            format!("err {:?}", Some(ErrorCode::UnsupportedCmd)),
            format!(
                "malformed at 5: {}",
                Error::Truncated {
                    code: 0x88,
                    field: "snr/rssi",
                    len: 2,
                    need: 3
                }
            ),
            format!("other {:?} 1", RadioCode::Push(PushCode::MsgWaiting)),
            "ok None".to_string(),
        ]
    );
    assert_eq!(session.framer_stats().garbage_bytes, 4);
}

#[test]
fn byte_at_a_time() {
    let mut session = Session::new();
    let input = [
        framed(&device_info_body()),
        framed(&[0x88, 0x30, 0xB5, 0x0D]),
    ]
    .concat();
    let mut seen = Vec::new();
    for byte in input.chunks(1) {
        let (used, event) = session.receive(byte);
        assert_eq!(used, 1);
        if let Some(event) = event {
            seen.push(describe(&event));
        }
    }
    assert_eq!(
        seen,
        vec![
            "device fw=13 model=Heltec V3",
            "packet snr=12 rssi=-75 len=1"
        ]
    );
    assert_eq!(session.pending(), None);
}
