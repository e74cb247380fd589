//! `meshscope analyze --json` with the graph keys: neighbors, distance, topology, route_patterns always, the
//! packet and node pages on request, and their bad arguments.

mod analytics_graph_support;

use std::process::{Command, Output};

use analytics_graph_support::*;
use meshscope::hex;
use meshscope::protocol::{Packet, Role};
use serde_json::Value;

/// An F.1 line: observer `observer` (key `[observer + 1; 32]`) heard `packet` at `T0 + offset_ms`.
fn f1_line(observer: u32, offset_ms: i64, packet: &[u8]) -> String {
    let time = meshscope::time::format_rfc3339_ms(T0 + offset_ms);
    format!(
        r#"{{"origin":"obs{observer}","origin_id":"{}","timestamp":"{time}","type":"PACKET","raw":"{}","SNR":"5","RSSI":"-80"}}"#,
        hex::encode_upper(&[observer as u8 + 1; 32]),
        hex::encode_upper(packet)
    )
}

fn run(name: &str, args: &[&str], input: &str) -> Output {
    let dir = std::env::temp_dir().join(format!("meshscope-graph-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, input).unwrap();
    Command::new(env!("CARGO_BIN_EXE_meshscope"))
        .arg("analyze")
        .arg(&path)
        .args(args)
        .arg("--json")
        .output()
        .unwrap()
}

#[test]
fn graph_keys_and_pages() {
    let relay = TestNode::new(&[0xCD], 3, "Relay", Role::Repeater, micro(47.6, -122.3));
    let origin = TestNode::new(&[0x11], 5, "Origin", Role::Chat, micro(47.65, -122.3));
    let relay_advert = advert(&relay, 1_700_000_000, ZERO_HOP);
    let flooded = advert(&origin, 1_700_000_100, flood(1, &[0xCD, 0xCD]));
    let input = [f1_line(0, 0, &relay_advert), f1_line(0, 1_000, &flooded)].join("\n");
    let hash = hex::encode_lower(&Packet::new_checked(&flooded[..]).unwrap().hash().0);
    let key = hex::encode_lower(&relay.key());
    let output = run("pages.jsonl", &["--packet", &hash, "--node", &key], &input);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();

    assert_eq!(
        report["neighbors"]["stats"]["edges"], 2,
        "obs0-Relay, Origin-Relay"
    );
    // Origin to Relay; Relay to itself is no leg.
    assert_eq!(report["distance"]["summary"]["legs"], 1);
    assert_eq!(report["topology"]["paths"], 1);
    let pairs = &report["route_patterns"]["groups"][0]["patterns"];
    assert_eq!(pairs[0]["hops"], serde_json::json!(["cd", "cd"]));
    assert_eq!(pairs[0]["self_loop"], true);

    let page = &report["packet_detail"];
    assert_eq!(page["hash"], hash);
    assert_eq!(page["payload_type"], "ADVERT");
    assert_eq!(page["originator"]["name"], "Origin");
    let hops = page["heard"][0]["hops"].as_array().unwrap();
    assert_eq!(hops.len(), 2);
    assert_eq!(hops[0]["method"], "unique");
    assert_eq!(hops[0]["hop"], "cd");
    assert_eq!(hops[0]["candidates"].as_array().unwrap().len(), 1);

    let node = &report["node_detail"];
    assert_eq!(node["node"]["public_key"], key);
    assert_eq!(node["node"]["name"], "Relay");
    assert_eq!(node["status"], "active");
    assert_eq!(node["forwarding"]["confident"], 1);
    assert_eq!(node["heard_by"][0]["direct"], 1);
}

#[test]
fn pages_only_on_request_and_bad_arguments_fail() {
    let relay = TestNode::new(&[0xCD], 3, "Relay", Role::Repeater, None);
    let input = f1_line(0, 0, &advert(&relay, 1_700_000_000, ZERO_HOP));
    let output = run("plain.jsonl", &[], &input);
    assert!(output.status.success());
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(report.get("packet_detail").is_none() && report.get("node_detail").is_none());
    assert!(report.get("distance").is_some() && report.get("route_patterns").is_some());

    // A packet or node that is not stored has no page.
    let output = run(
        "absent.jsonl",
        &["--packet", "0011223344556677", "--node", &"ab".repeat(32)],
        &input,
    );
    assert!(output.status.success());
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(report.get("packet_detail").is_none() && report.get("node_detail").is_none());

    for args in [
        ["--packet", "xyz"],
        ["--node", "abcd"],
        ["--node", &"zz".repeat(32)],
    ] {
        let output = run("bad.jsonl", &args, &input);
        assert!(!output.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(args[0]),
            "{args:?}"
        );
    }
}
