//! `meshscope bench decode FILE`: decoding speed (and `meshscope bench analytics`, see `bench_analytics.rs`) over a file of hex packets, as `tests/bench/compare-decoder.mjs`
//! measures the reference decoder on the same file.

use std::hint::black_box;
use std::time::{Duration, Instant};

use meshscope::hex;
use meshscope::protocol::decode;

const HELP: &str = "\
usage: meshscope bench decode FILE [--seconds S]
       meshscope bench analytics [--help]

FILE holds one hex packet per line (make one with: meshscope decode --bench-corpus 100000 > FILE).
Runs for about S seconds (default 3) on one thread and prints one JSON line:
  hex_decode_hash_per_s   hex text to a decoded packet and its hash (what the reference decoder does)
  decode_hash_per_s       bytes to a decoded packet and its hash";

/// Runs `bench` with the arguments after the subcommand.
pub fn run(args: &[String]) -> Result<(), String> {
    let (file, seconds) = match args {
        [what, rest @ ..] if what == "analytics" => return crate::bench_analytics::run(rest),
        [what, file] if what == "decode" => (file, 3.0),
        [what, file, flag, seconds] if what == "decode" && flag == "--seconds" => (
            file,
            seconds
                .parse::<f64>()
                .map_err(|_| format!("--seconds {seconds:?}: not a number"))?,
        ),
        [help] if help == "--help" || help == "-h" => {
            println!("{HELP}");
            return Ok(());
        }
        _ => return Err(format!("bad arguments\n{HELP}")),
    };
    let text = std::fs::read_to_string(file).map_err(|err| format!("{file}: {err}"))?;
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let packets = lines
        .iter()
        .enumerate()
        .map(|(i, line)| hex::decode(line).map_err(|err| format!("{file}:{}: {err}", i + 1)))
        .collect::<Result<Vec<_>, _>>()?;
    if packets.is_empty() {
        return Err(format!("{file}: no packets"));
    }
    let budget = Duration::from_secs_f64(seconds / 2.0);
    let decode_hash = rate(budget, packets.len(), || {
        let mut ok = 0usize;
        for packet in &packets {
            ok += usize::from(decode(black_box(packet)).is_ok());
        }
        ok
    });
    let hex_decode_hash = rate(budget, lines.len(), || {
        let mut buffer = [0u8; 512];
        let mut ok = 0usize;
        for line in &lines {
            if let Ok(bytes) = hex::decode_to_slice(black_box(line.as_bytes()), &mut buffer) {
                ok += usize::from(decode(bytes).is_ok());
            }
        }
        ok
    });
    let mean = packets.iter().map(Vec::len).sum::<usize>() as f64 / packets.len() as f64;
    println!(
        "{{\"packets\":{},\"mean_bytes\":{mean:.1},\"hex_decode_hash_per_s\":{hex_decode_hash:.0},\"decode_hash_per_s\":{decode_hash:.0}}}",
        packets.len()
    );
    Ok(())
}

/// Packets per second of `pass`, which handles `count` packets, repeated for at least `budget`.
fn rate(budget: Duration, count: usize, mut pass: impl FnMut() -> usize) -> f64 {
    black_box(pass());
    let start = Instant::now();
    let mut passes = 0u64;
    while start.elapsed() < budget {
        black_box(pass());
        passes += 1;
    }
    (passes as f64 * count as f64) / start.elapsed().as_secs_f64()
}
