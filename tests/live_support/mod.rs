//! A companion radio's side of a serial session, built byte by byte from `meshcore-protocol.md` E, for
//! the native radio tests and the browser serial tests.

#![allow(dead_code)]

/// The radio's public key in these captures.
pub const RADIO_KEY: [u8; 32] = [
    0x7E, 0x76, 0x62, 0x67, 0x6F, 0x7F, 0x08, 0x50, 0xA8, 0xA3, 0x55, 0xBA, 0xAF, 0xBF, 0xC1, 0xEB,
    0x7B, 0x41, 0x74, 0xC3, 0x40, 0x44, 0x2D, 0x7D, 0x71, 0x61, 0xC9, 0x47, 0x4A, 0x2C, 0x94, 0x00,
];

/// The spec's illustration packet (an ACK).
pub const ACK: [u8; 10] = [0x0D, 0x04, 0xB8, 0x91, 0x64, 0x7E, 0xBB, 0x40, 0xBA, 0x70];

/// DEVICE_QUERY (version 3) then APP_START ("MeshScope"), as MeshScope writes them.
pub fn handshake() -> Vec<u8> {
    let mut bytes = vec![0x3C, 0x02, 0x00, 0x16, 0x03];
    bytes.extend_from_slice(&[0x3C, 17, 0, 0x01, 0x01, 0, 0, 0, 0, 0, 0]);
    bytes.extend_from_slice(b"MeshScope");
    bytes
}

/// A radio-to-app frame: `>`, length, body.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut bytes = vec![0x3E];
    bytes.extend_from_slice(&(body.len() as u16).to_le_bytes());
    bytes.extend_from_slice(body);
    bytes
}

/// DEVICE_INFO from firmware protocol 9: model "Heltec V3", version "v1.9.0", built "14 Aug 2026".
pub fn device_info() -> Vec<u8> {
    let mut body = vec![0x0D, 9, 175, 40];
    body.extend_from_slice(&123_456u32.to_le_bytes());
    let mut text = |value: &str, width: usize| {
        body.extend_from_slice(value.as_bytes());
        body.extend(std::iter::repeat_n(0, width - value.len()));
    };
    text("14 Aug 2026", 12);
    text("Heltec V3", 40);
    text("v1.9.0", 20);
    body.push(0);
    frame(&body)
}

/// SELF_INFO: "Hilltop" on 910.525 MHz, 62.5 kHz, SF 7, CR 5, 22 dBm.
pub fn self_info() -> Vec<u8> {
    let mut body = vec![0x05, 1, 22, 30];
    body.extend_from_slice(&RADIO_KEY);
    body.extend_from_slice(&47_600_000i32.to_le_bytes());
    body.extend_from_slice(&(-122_300_000i32).to_le_bytes());
    body.extend_from_slice(&[0, 0, 0, 0]);
    body.extend_from_slice(&910_525u32.to_le_bytes());
    body.extend_from_slice(&62_500u32.to_le_bytes());
    body.extend_from_slice(&[7, 5]);
    body.extend_from_slice(b"Hilltop");
    frame(&body)
}

/// LOG_RX_DATA of `packet` at `snr_quarter_db` and `rssi`.
pub fn log_rx(snr_quarter_db: i8, rssi: i8, packet: &[u8]) -> Vec<u8> {
    let mut body = vec![0x88, snr_quarter_db as u8, rssi as u8];
    body.extend_from_slice(packet);
    frame(&body)
}

/// A packet that differs from the ACK in its last byte, so each one is distinct.
pub fn numbered_packet(n: u8) -> Vec<u8> {
    let mut packet = ACK.to_vec();
    packet.push(n);
    packet
}
