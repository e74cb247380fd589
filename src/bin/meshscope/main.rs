//! `meshscope`: the command-line tool over the MeshScope engine. One file per subcommand; `main` only dispatches.

mod analyze;
mod bench;
mod bench_analytics;
mod decode;
mod generate;

use std::process::ExitCode;

const USAGE: &str = "\
usage: meshscope <command> [arguments]

commands:
  analyze  ingest dump files and summarize them (meshscope analyze --help)
  decode   decode packets given in hex to JSON lines (meshscope decode --help)
  bench    measure decoding speed on a corpus file (meshscope bench --help)
  generate write a synthetic MeshCore dump (meshscope generate --help)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    let result = match command.as_str() {
        "analyze" => analyze::run(rest),
        "decode" => decode::run(rest),
        "bench" => bench::run(rest),
        "generate" => generate::run(rest),
        "--version" | "-V" => {
            println!("meshscope {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        "--help" | "-h" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("meshscope: {message}");
            ExitCode::FAILURE
        }
    }
}
