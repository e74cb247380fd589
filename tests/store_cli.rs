//! `meshscope analyze`: F.1 lines in, the JSON report out, every key checked.

mod store_support;

use std::process::Command;

use meshscope::hex;
use meshscope::protocol::crypto::ChannelKey;
use serde_json::Value;
use store_support::*;

fn f1_line(observer: u32, offset_ms: i64, snr: &str, packet: &[u8]) -> String {
    let time = meshscope::time::format_rfc3339_ms(T0 + offset_ms);
    format!(
        r#"{{"origin":"obs{observer}","origin_id":"{}","timestamp":"{time}","type":"PACKET","raw":"{}","SNR":"{snr}","RSSI":"-80"}}"#,
        hex::encode_upper(&[observer as u8 + 1; 32]),
        hex::encode_upper(packet)
    )
}

/// Runs `meshscope analyze --json` on `input` written to a file named `name` (one per test: tests run in
/// parallel).
fn analyze(name: &str, args: &[&str], input: &str) -> Value {
    let dir = std::env::temp_dir().join(format!("meshscope-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, input).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_meshscope"))
        .arg("analyze")
        .arg(&path)
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn json_report() {
    let hill = identity(1);
    let advert = advert(
        &hill,
        1_700_000_000,
        "Hilltop",
        Some((47_500_000, -122_250_000)),
        flood_sized(2, &[0xAB, 0xCD]),
    );
    let public = group_text(&ChannelKey::public(), 1, "Ann", "hi", flood(&[]));
    let test = group_text(
        &ChannelKey::from_hashtag("#test"),
        2,
        "Bo",
        "yo",
        flood(&[]),
    );
    let input = [
        f1_line(0, 0, "12.5", &advert),
        f1_line(1, 100, "-3", &advert),
        f1_line(0, 200, "7", &public),
        f1_line(1, 3_600_000, "Unknown", &test),
        "{\"origin\":\"obs0\",\"raw\":\"0G\"}".to_owned(),
        f1_line(0, 3_600_100, "1", &[0x11, 0xC1, 0xAA]),
    ]
    .join("\n");
    let report = analyze("feed.jsonl", &["--channel", "#test"], &input);
    let summary = &report["summary"];
    assert_eq!(summary["observations"], 4);
    assert_eq!(summary["transmissions"], 3);
    assert_eq!(summary["bad_records"], 2);
    assert_eq!(summary["nodes"], 1);
    assert_eq!(summary["observers"], 2);
    assert_eq!(summary["first_seen"], "2024-01-01T00:00:00.000Z");
    assert_eq!(summary["last_seen"], "2024-01-01T01:00:00.000Z");
    assert_eq!(summary["evicted"]["transmissions"], 0);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0]["line"], 5);
    assert_eq!(errors[1]["line"], 6);
    assert!(
        errors[1]["reason"]
            .as_str()
            .unwrap()
            .starts_with("packet: reserved path hash size")
    );
    assert!(errors[0]["file"].as_str().unwrap().ends_with("feed.jsonl"));
    let types = report["payload_types"].as_array().unwrap();
    assert_eq!(types[0]["payload_type"], "ADVERT");
    assert_eq!(
        (
            types[0]["transmissions"].as_u64(),
            types[0]["observations"].as_u64()
        ),
        (Some(1), Some(2))
    );
    assert_eq!(types[1]["payload_type"], "GRP_TXT");
    let node = &report["nodes"][0];
    assert_eq!(node["public_key"], hex::encode_lower(&hill.public_key()));
    assert_eq!(node["name"], "Hilltop");
    assert_eq!(node["role"], "REPEATER");
    assert_eq!(node["lat"], 47.5);
    assert_eq!(node["lon"], -122.25);
    assert_eq!(node["adverts"], 1);
    assert_eq!(node["hash_size"], 2);
    let observers = report["observers"].as_array().unwrap();
    assert_eq!(observers[0]["id"], hex::encode_lower(&[1; 32]));
    assert_eq!(observers[0]["name"], "obs0");
    assert_eq!(observers[0]["observations"], 2);
    let channels = report["channels"].as_array().unwrap();
    // The entries keep these fields (others were added).
    let fields = |entry: &serde_json::Value| -> serde_json::Value {
        serde_json::json!([
            entry["name"],
            entry["hash"],
            entry["messages"],
            entry["senders"]
        ])
    };
    assert_eq!(
        fields(&channels[0]),
        serde_json::json!(["Public", "11", 1, 1])
    );
    assert_eq!(
        fields(&channels[1]),
        serde_json::json!(["#test", "d9", 1, 1])
    );
}

#[test]
fn a_secret_is_named_by_its_hash_and_the_budget_evicts() {
    let hearings = mixed_hearings(2_000, 10);
    let input: Vec<String> = hearings
        .iter()
        .map(|h| f1_line(h.observer, h.time_ms - T0, "1", &h.packet))
        .collect();
    let report = analyze(
        "budget.jsonl",
        &[
            "--channel",
            "izOH6cXN6mrJ5e26oRXNcg==",
            "--channel",
            "00112233445566778899aabbccddeeff",
            "--budget",
            "200000",
        ],
        &input.join("\n"),
    );
    let channels: Vec<&serde_json::Value> = report["channels"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["encrypted"] == false)
        .collect();
    assert_eq!(
        channels.len(),
        2,
        "the Public key given again is not a second channel"
    );
    let hash = format!(
        "{:02x}",
        ChannelKey::from_secret(&hex::decode("00112233445566778899aabbccddeeff").unwrap())
            .unwrap()
            .hash()
    );
    assert_eq!(channels[1]["name"], format!("hash {hash}"));
    let evicted = &report["summary"]["evicted"];
    assert!(evicted["transmissions"].as_u64().unwrap() > 0);
    let kept = report["summary"]["observations"].as_u64().unwrap();
    assert_eq!(kept + evicted["observations"].as_u64().unwrap(), 2_000);
}
