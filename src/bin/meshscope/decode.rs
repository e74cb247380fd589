//! `meshscope decode`: packets in hex to one JSON object per line (`protocol::json::PacketJson`).

use std::io::{BufRead, BufWriter, Write};

use meshscope::hex;
use meshscope::protocol::corpus;
use meshscope::protocol::crypto::{ChannelSpec, Identity, Keyring};
use meshscope::protocol::json::PacketJson;

const HELP: &str = "\
usage: meshscope decode [options] HEX...
       meshscope decode [options] -            (one hex packet per line on standard input)
       meshscope decode --bench-corpus N       (print N benchmark packets in hex, one per line)

Prints one JSON object per packet per line. The Public channel is always known.
options:
  --channel TEXT      a channel key: #name, public, a 16/32-byte secret in hex or base64,
                      NAME=SECRET, or a meshcore://channel/add?name=..&secret=.. link (repeatable)
  --region NAME       a region name for transport code labels, '#' optional (repeatable)
  --private-key HEX   your 64-byte MeshCore private key (or 32-byte seed), to open direct messages
  --contact HEX       a contact's 32-byte public key, for direct messages (repeatable)";

/// Runs `decode` with the arguments after the subcommand.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut keys = Keyring::with_public_channel();
    let mut inputs = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--help" | "-h" => {
                println!("{HELP}");
                return Ok(());
            }
            "--channel" => {
                let text = value("--channel")?;
                let spec =
                    ChannelSpec::parse(text).map_err(|err| format!("--channel {text:?}: {err}"))?;
                keys.add_channel_spec(spec);
            }
            "--region" => keys.add_region(value("--region")?),
            "--private-key" => {
                let bytes = hex::decode(value("--private-key")?.trim())
                    .map_err(|err| format!("--private-key: {err}"))?;
                keys.set_identity(
                    Identity::from_private_key(&bytes)
                        .map_err(|err| format!("--private-key: {err}"))?,
                );
            }
            "--contact" => {
                let text = value("--contact")?;
                let bytes =
                    hex::decode(text.trim()).map_err(|err| format!("--contact {text:?}: {err}"))?;
                let key = <[u8; 32]>::try_from(bytes.as_slice())
                    .map_err(|_| format!("--contact {text:?}: a public key is 32 bytes"))?;
                keys.add_contact(key)
                    .map_err(|err| format!("--contact {text:?}: {err}"))?;
            }
            "--bench-corpus" => {
                let count = value("--bench-corpus")?;
                let count = count
                    .parse()
                    .map_err(|_| format!("--bench-corpus {count:?}: not a count"))?;
                return print_corpus(count);
            }
            option if option.starts_with("--") => {
                return Err(format!("unknown option {option}\n{HELP}"));
            }
            input => inputs.push(input.to_owned()),
        }
    }
    if inputs.is_empty() {
        return Err(format!("no packets given\n{HELP}"));
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for input in &inputs {
        if input == "-" {
            for line in std::io::stdin().lock().lines() {
                let line = line.map_err(|err| format!("reading standard input: {err}"))?;
                if !line.trim().is_empty() {
                    print_json(&mut out, &PacketJson::from_hex(&line, &keys))?;
                }
            }
        } else {
            print_json(&mut out, &PacketJson::from_hex(input, &keys))?;
        }
    }
    out.flush().map_err(|err| err.to_string())
}

fn print_json(out: &mut impl Write, json: &PacketJson) -> Result<(), String> {
    serde_json::to_writer(&mut *out, json).map_err(|err| err.to_string())?;
    writeln!(out).map_err(|err| err.to_string())
}

/// Prints the benchmark corpus (`protocol::corpus::mixed` with seed 1) as upper-case hex lines.
fn print_corpus(count: usize) -> Result<(), String> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for packet in corpus::mixed(count, 1) {
        writeln!(out, "{}", hex::encode_upper(&packet)).map_err(|err| err.to_string())?;
    }
    out.flush().map_err(|err| err.to_string())
}
