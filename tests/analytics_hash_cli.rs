//! `meshscope analyze --json` carries the hash keys (`hash_sizes`, `hash_collisions`, `prefix_tool`,
//! `node_status`) and the extended `nodes`, computed as of the dump's last observation.

mod analytics_hash_support;

use std::process::Command;

use analytics_hash_support::*;
use meshscope::hex;
use meshscope::protocol::Role;
use serde_json::Value;

fn f1_line(observer: u32, time_ms: i64, packet: &[u8]) -> String {
    let time = meshscope::time::format_rfc3339_ms(time_ms);
    format!(
        r#"{{"origin":"obs{observer}","origin_id":"{}","timestamp":"{time}","type":"PACKET","raw":"{}","SNR":"3.5","RSSI":"-80"}}"#,
        hex::encode_upper(&[observer as u8 + 1; 32]),
        hex::encode_upper(packet)
    )
}

#[test]
fn the_hash_keys_are_in_the_report() {
    let [a, b] = TWO_BYTE_PAIR.map(identity);
    // Ten days of data: "now" is the last observation, so the adverts of day 0 are outside the 7-day window
    // and a wall-clock "now" would make everything silent.
    let last = T0 + 10 * DAY;
    let lines = [
        f1_line(
            0,
            T0,
            &advert(repeater(&a, "A", Some(SEATTLE)), 1, flood(3, &[])),
        ),
        f1_line(
            0,
            last - HOUR,
            &advert(repeater(&a, "A", Some(SEATTLE)), 2, flood(2, &[])),
        ),
        f1_line(
            1,
            last - 2 * HOUR,
            &advert(repeater(&b, "B", Some(TACOMA)), 3, flood(1, &[])),
        ),
        f1_line(
            1,
            last,
            &advert(
                Who {
                    identity: &identity(9),
                    name: "phone",
                    role: Role::Chat,
                    location: None,
                },
                4,
                ZERO_HOP_DIRECT,
            ),
        ),
    ]
    .join("\n");
    let dir = std::env::temp_dir().join(format!("meshscope-hash-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("hash.jsonl");
    std::fs::write(&path, lines).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_meshscope"))
        .arg("analyze")
        .arg(&path)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();

    let collisions = &report["hash_collisions"];
    assert_eq!(collisions["two_byte"][0]["prefix"], "6B44");
    assert_eq!(collisions["two_byte"][0]["class"], "local");
    assert_eq!(collisions["one_byte"].as_array().unwrap().len(), 1);
    assert_eq!(collisions["stats"][1]["repeaters"], 2);
    assert_eq!(collisions["stats"][1]["colliding_prefixes"], 1);
    assert_eq!(collisions["stats"][1]["space"], 65_536);

    let sizes = &report["hash_sizes"];
    assert_eq!(
        sizes["distribution_by_repeaters"],
        serde_json::json!({"1": 1, "2": 1, "3": 0})
    );
    let a_size = sizes["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["public_key"] == key_hex(&a))
        .unwrap();
    assert_eq!(
        a_size["sizes_seen"],
        serde_json::json!([2]),
        "day 0 is out of the window"
    );

    assert_eq!(report["prefix_tool"]["recommendation"]["bytes"], 3);
    assert_eq!(
        report["prefix_tool"]["recommendation"]["reason"],
        "nearby_two_byte_collision"
    );
    assert_eq!(report["node_status"]["nodes"]["total"], 3);
    assert_eq!(report["node_status"]["nodes"]["active"], 3);
    let nodes = report["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 3);
    assert!(
        nodes
            .iter()
            .all(|n| n["status"] == "active" && n["known"] == "advert")
    );
}
