//! Channel messages (protocol C): GRP_TXT flooded on a channel, `"<sender name>: <text>"` encrypted with the
//! channel key; some region-scoped as TRANSPORT_FLOOD (protocol A.2). On `#bot`, a ping and the bot's reply.

use super::{ChannelMessageRecord, World};
use crate::generate::air::Frame;
use crate::generate::names;
use crate::protocol::crypto::{MAX_CIPHERTEXT, seal};
use crate::protocol::{PayloadRepr, PayloadType, Result, Route, TransportCodes};

/// The longest message text the firmware sends (`MAX_TEXT_LEN`).
const MAX_TEXT_LEN: usize = 160;

/// What people send the bot.
const PINGS: [&str; 4] = ["!ping", "!ping", "!test", "!hops"];

/// A channel message from a companion at `at_us`, on a channel picked by the channels' weights.
pub fn message(world: &mut World<'_>, at_us: i64) -> Result<()> {
    let mesh = world.mesh;
    let weights: Vec<f64> = mesh
        .channels()
        .iter()
        .map(|channel| channel.weight)
        .collect();
    let channel = world.rng.weighted(&weights);
    let Some(sender) = world.pick_companion(None) else {
        return Ok(());
    };
    let Some(texts) = mesh.channels().get(channel).map(|channel| channel.texts) else {
        return Ok(());
    };
    if texts.is_empty() {
        return ping(world, channel, sender, at_us);
    }
    let text = world.rng.pick(texts).copied().unwrap_or("hi");
    post(world, channel, sender, text, at_us, None)
}

/// A ping on `#bot`, and the bot's reply if the ping reached it.
fn ping(world: &mut World<'_>, channel: usize, sender: usize, at_us: i64) -> Result<()> {
    let text = world.rng.pick(&PINGS).copied().unwrap_or("!ping");
    let bot = world.mesh.bot();
    post(world, channel, sender, text, at_us, bot)?;
    let Some(bot) = bot else {
        return Ok(());
    };
    let Some(heard) = world.air.first_arrival(bot) else {
        return Ok(());
    };
    let name = world
        .mesh
        .nodes()
        .get(sender)
        .map_or("?", |node| node.name.as_str());
    let reply = match text {
        "!test" => format!("@[{name}] ack, SNR {} dB", heard.signal.snr_db()),
        "!hops" => format!(
            "@[{name}] {} hops via {}",
            heard.relays.len(),
            hops_text(&heard.path)
        ),
        _ => format!("@[{name}] pong 🏓"),
    };
    let reply_at = heard.at_us + world.rng.between(1_500_000, 4_000_000);
    post(world, channel, bot, &reply, reply_at, None)
}

/// A path as the bot prints it: hop bytes in hex, comma-separated.
fn hops_text(path: &[u8]) -> String {
    if path.is_empty() {
        return "direct".to_owned();
    }
    path.iter()
        .map(|byte| format!("{byte:02x}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Floods `message` from `sender` on `channel` at `at_us`, region-scoped with the traffic's share, noting
/// its first arrival at `watch`.
pub fn post(
    world: &mut World<'_>,
    channel: usize,
    sender: usize,
    message: &str,
    at_us: i64,
    watch: Option<usize>,
) -> Result<()> {
    let mesh = world.mesh;
    let (Some(node), Some(channel_spec)) = (mesh.nodes().get(sender), mesh.channels().get(channel))
    else {
        return Ok(());
    };
    // `"<name>: "` and the message fill at most a whole ciphertext after the timestamp and flags, and the
    // message itself at most MAX_TEXT_LEN: longer ones are cut, as an app's text box would.
    let room = (MAX_CIPHERTEXT - 5 - 2)
        .saturating_sub(node.name.len())
        .min(MAX_TEXT_LEN);
    let message = names::fit(message, room);
    let timestamp = world.stamp(sender, at_us);
    let sealed = seal::seal_group_message(&channel_spec.key, timestamp, &node.name, message)?;
    let group = seal::group(channel_spec.key.hash(), &sealed);
    let mut frame = Frame::new(Route::Flood, &PayloadRepr::GrpTxt(group));
    let scoped = world.rng.chance(world.traffic.scoped_share);
    if scoped {
        let scope = world.region.code(PayloadType::GrpTxt, &frame.payload);
        frame.route = Route::TransportFlood(TransportCodes { scope, reserved: 0 });
    }
    let travel = world.flood(sender);
    let transmission = world.send(sender, at_us, &frame, travel, watch)?;
    world.records.channel_messages.push(ChannelMessageRecord {
        transmission,
        channel,
        sender,
        text: format!("{}: {message}", node.name),
        timestamp,
        scoped,
    });
    Ok(())
}
