//! `meshscope generate`: a synthetic MeshCore dump (`meshscope::generate`), and optionally its truth as JSON.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::time::Instant;

use meshscope::generate::{
    Mesh, MeshOptions, OutputFormat, OutputOptions, TrafficOptions, write_dump,
};
use meshscope::time::parse_rfc3339_ms;

const HELP: &str = "\
usage: meshscope generate [options]

Writes a synthetic MeshCore dump: the same options give the same bytes on every platform.
options:
  --seed N              everything random derives from it (default 1)
  --nodes N             nodes in the mesh (default 60)
  --observers N         observers among them (default 4)
  --hours H             duration of the traffic (default 24)
  --start TIME          start, RFC 3339 (default 2026-01-01T00:00:00Z)
  --observations N      write exactly N observations: the conversation rate is chosen to reach them
  --scale X             conversation rate relative to the default (ignored with --observations)
  --format NAME         f1 | f1-wrapped | hex | csv | serial | export (default f1)
  --bad-lines RATE      probability of a deliberately bad line before each line (default 0)
  --duplicates RATE     probability of an observation delivered twice (default 0.002)
  --status              F.1: observer status messages at the start and every 6 hours
  --noise               serial: other frames and stray bytes between frames
  --out FILE|-          where to write the dump (default -, standard output)
  --truth FILE          write what was generated as JSON";

/// Runs `generate` with the arguments after the subcommand.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut mesh = MeshOptions::default();
    let mut traffic = TrafficOptions::default();
    let mut output = OutputOptions::default();
    let mut scale = 1.0;
    let mut out_path = "-".to_owned();
    let mut truth_path = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--help" | "-h" => {
                println!("{HELP}");
                return Ok(());
            }
            "--seed" => mesh.seed = number("--seed", value("--seed")?)?,
            "--nodes" => mesh.nodes = number("--nodes", value("--nodes")?)?,
            "--observers" => mesh.observers = number("--observers", value("--observers")?)?,
            "--hours" => {
                let hours: f64 = number("--hours", value("--hours")?)?;
                traffic.duration_ms = (hours * 3_600_000.0) as i64;
            }
            "--start" => {
                let text = value("--start")?;
                traffic.start_ms =
                    parse_rfc3339_ms(text).map_err(|err| format!("--start {text:?}: {err}"))?;
            }
            "--observations" => {
                output.target_observations =
                    Some(number("--observations", value("--observations")?)?)
            }
            "--scale" => scale = number("--scale", value("--scale")?)?,
            "--format" => {
                let name = value("--format")?;
                output.format = OutputFormat::from_name(name)
                    .ok_or_else(|| format!("--format {name:?}: unknown format\n{HELP}"))?;
            }
            "--bad-lines" => output.bad_line_rate = number("--bad-lines", value("--bad-lines")?)?,
            "--duplicates" => {
                traffic.duplicate_rate = number("--duplicates", value("--duplicates")?)?
            }
            "--status" => output.status_messages = true,
            "--noise" => output.serial_noise = true,
            "--out" => out_path = value("--out")?.clone(),
            "--truth" => truth_path = Some(value("--truth")?.clone()),
            other => return Err(format!("unknown option {other}\n{HELP}")),
        }
    }
    if mesh.nodes < 2 || mesh.observers < 1 {
        return Err("--nodes needs at least 2 and --observers at least 1".to_owned());
    }
    if traffic.duration_ms <= 0 {
        return Err("--hours must be positive".to_owned());
    }
    if output.target_observations.is_none() {
        traffic = traffic.scaled(scale);
    }
    let started = Instant::now();
    let mesh = Mesh::new(&mesh);
    let truth = if out_path == "-" {
        write_dump(&mesh, &traffic, &output, io::stdout().lock())
    } else {
        let file = File::create(&out_path).map_err(|err| format!("{out_path}: {err}"))?;
        write_dump(&mesh, &traffic, &output, file)
    }
    .map_err(|err| format!("writing {out_path}: {err}"))?;
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "meshscope generate: {} observations of {} transmissions in {seconds:.2} s ({:.0} observations/s)",
        truth.observations,
        truth.transmissions,
        truth.observations as f64 / seconds.max(1e-9),
    );
    if let Some(path) = truth_path {
        let file = File::create(&path).map_err(|err| format!("{path}: {err}"))?;
        let mut writer = BufWriter::new(file);
        serde_json::to_writer_pretty(&mut writer, &truth)
            .map_err(|err| format!("{path}: {err}"))?;
        writeln!(writer)
            .and_then(|()| writer.flush())
            .map_err(|err| format!("{path}: {err}"))?;
    }
    Ok(())
}

fn number<T: std::str::FromStr>(name: &str, text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{name} {text:?}: not a number"))
}
