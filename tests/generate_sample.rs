//! The shipped sample, `www/sample/meshscope-sample.jsonl`, is exactly what the command in the generator's
//! documentation writes: this regenerates it with the `meshscope` binary and compares, so it never drifts.

use std::process::Command;

/// The arguments the sample was made with; the generator's module documentation quotes them.
const ARGS: [&str; 14] = [
    "generate",
    "--seed",
    "7",
    "--nodes",
    "40",
    "--observers",
    "3",
    "--hours",
    "6",
    "--observations",
    "3500",
    "--format",
    "f1",
    "--out",
];

const SAMPLE: &str = "www/sample/meshscope-sample.jsonl";

#[test]
fn sample_is_what_the_documented_command_writes() {
    let documented = format!("meshscope {} {SAMPLE}", ARGS.join(" "));
    assert!(
        include_str!("../src/generate/mod.rs").contains(&documented),
        "the generator docs must quote: {documented}"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_meshscope"))
        .args(ARGS)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let committed = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/sample/meshscope-sample.jsonl"
    ))
    .unwrap();
    assert_eq!(output.stdout.len(), committed.len());
    assert!(
        output.stdout == committed,
        "the sample differs from what the command writes"
    );
    assert_eq!(committed.iter().filter(|&&b| b == b'\n').count(), 3500);
    assert!(committed.len() < 2_000_000);
}
