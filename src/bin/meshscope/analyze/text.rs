//! The readable (non-JSON) report of `meshscope analyze`.

use std::io::Write;

use meshscope::analytics::{ChannelEntry, NodeEntry, ObserverEntry, PayloadTypeEntry, Summary};

/// The summary, readable.
pub fn write_summary(summary: &Summary, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{} observations of {} transmissions ({} repeats not stored), {} nodes, {} observers",
        summary.observations,
        summary.transmissions,
        summary.repeats,
        summary.nodes,
        summary.observers
    )?;
    if let (Some(first), Some(last)) = (&summary.first_seen, &summary.last_seen) {
        writeln!(out, "from {first} to {last}")?;
    }
    writeln!(
        out,
        "{} bad records ({} malformed packets)",
        summary.bad_records, summary.malformed_packets
    )?;
    if summary.nodes_refused > 0 {
        writeln!(
            out,
            "node table full: {} packets from new keys not added as nodes (the packets are kept)",
            summary.nodes_refused
        )?;
    }
    if summary.evicted.transmissions > 0 {
        writeln!(
            out,
            "evicted by the memory budget: {} transmissions, {} observations",
            summary.evicted.transmissions, summary.evicted.observations
        )?;
    }
    Ok(())
}

/// The table, readable.
pub fn write_payload_types(
    entries: &[PayloadTypeEntry],
    out: &mut impl Write,
) -> std::io::Result<()> {
    writeln!(out, "\npayload type      transmissions  observations")?;
    for entry in entries {
        writeln!(
            out,
            "  {:<16}{:>13}{:>14}",
            entry.payload_type, entry.transmissions, entry.observations
        )?;
    }
    Ok(())
}

/// The table, readable.
pub fn write_nodes(entries: &[NodeEntry], out: &mut impl Write) -> std::io::Result<()> {
    let (keyed, path_only): (Vec<&NodeEntry>, Vec<&NodeEntry>) =
        entries.iter().partition(|entry| entry.public_key.is_some());
    writeln!(
        out,
        "\nnodes: {} (and {} hashes that match no known key)",
        keyed.len(),
        path_only.len()
    )?;
    for entry in keyed {
        let key = entry
            .public_key
            .as_deref()
            .and_then(|key| key.get(..8))
            .unwrap_or_default();
        let name = entry.name.as_deref().unwrap_or("-");
        let role = entry.role.unwrap_or("-");
        let size = entry
            .hash_size
            .map_or_else(|| "-".to_owned(), |s| format!("{s}B"));
        write!(
            out,
            "  {key}  {name:<24} {role:<9} {:>4} adverts  hash {size}",
            entry.adverts
        )?;
        if let (Some(lat), Some(lon)) = (entry.lat, entry.lon) {
            write!(out, "  {lat:.5},{lon:.5}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The table, readable.
pub fn write_observers(entries: &[ObserverEntry], out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "\nobservers: {}", entries.len())?;
    for entry in entries {
        let key = entry
            .id
            .as_deref()
            .and_then(|id| id.get(..8))
            .unwrap_or("-");
        let name = entry.name.as_deref().unwrap_or("-");
        let iata = entry.iata.as_deref().unwrap_or("-");
        writeln!(
            out,
            "  {key:<8}  {name:<28} {iata:<4} {:>10} observations",
            entry.observations
        )?;
    }
    Ok(())
}

/// The table, readable.
pub fn write_channels(entries: &[ChannelEntry], out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "\nchannels:")?;
    for entry in entries {
        writeln!(
            out,
            "  {:<24} hash {}  {:>8} messages  {:>6} senders",
            entry.name, entry.hash, entry.messages, entry.senders
        )?;
    }
    Ok(())
}
