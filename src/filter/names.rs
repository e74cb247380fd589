//! Payload type and route type names with their aliases, resolved to bit masks.

use super::field::edit_distance;
use super::lexer::Operator;
use super::text::TextTest;
use crate::protocol::{PayloadType, RouteType};

/// Aliases of payload types (lower case), beside the firmware names.
const TYPE_ALIASES: &[(&str, &[u8])] = &[
    ("request", &[0x00]),
    ("resp", &[0x01]),
    ("dm", &[0x02]),
    ("direct message", &[0x02]),
    ("txt", &[0x02]),
    ("text message", &[0x02]),
    ("acks", &[0x03]),
    ("adverts", &[0x04]),
    ("advertisement", &[0x04]),
    ("channel msg", &[0x05]),
    ("channel message", &[0x05]),
    ("channel", &[0x05]),
    ("group text", &[0x05]),
    ("grp", &[0x05, 0x06]),
    ("group", &[0x05, 0x06]),
    ("channel data", &[0x06]),
    ("group data", &[0x06]),
    ("anon", &[0x07]),
    ("login", &[0x07]),
    ("returned path", &[0x08]),
    ("traces", &[0x09]),
    ("multi", &[0x0A]),
    ("discover", &[0x0B]),
    ("discovery", &[0x0B]),
    ("raw", &[0x0F]),
    ("custom", &[0x0F]),
];

/// Aliases of route types (lower case), beside the firmware names.
const ROUTE_ALIASES: &[(&str, &[u8])] = &[
    ("transport", &[0, 3]),
    ("tflood", &[0]),
    ("t_flood", &[0]),
    ("transport flood", &[0]),
    ("scoped", &[0, 3]),
    ("tdirect", &[3]),
    ("t_direct", &[3]),
    ("transport direct", &[3]),
];

/// The firmware names of the sixteen payload type values, `RESERVED` ones included.
fn type_names() -> impl Iterator<Item = (u8, &'static str)> + Clone {
    (0..16u8).map(|bits| (bits, PayloadType::from_bits(bits).name()))
}

/// The firmware names of the four route type values.
fn route_names() -> impl Iterator<Item = (u8, &'static str)> + Clone {
    (0..4u8).map(|bits| (bits, RouteType::from_header(bits).name()))
}

/// The payload types `op value` selects, as a mask (bit `n` for type value `n`); `Err` with the closest name
/// when `==`/`!=` names no type.
pub fn type_mask(op: Operator, value: &str) -> Result<u16, Option<&'static str>> {
    let mask = mask_of(op, value, type_names(), TYPE_ALIASES, 0x0F)?;
    Ok(mask as u16)
}

/// The route types `op value` selects, as a mask (bit `n` for route type value `n`).
pub fn route_mask(op: Operator, value: &str) -> Result<u8, Option<&'static str>> {
    let mask = mask_of(op, value, route_names(), ROUTE_ALIASES, 0x03)?;
    Ok(mask as u8)
}

/// The mask of the values whose name passes `op value`; for `==` and `!=`, aliases and numbers count too.
fn mask_of(
    op: Operator,
    value: &str,
    names: impl Iterator<Item = (u8, &'static str)> + Clone,
    aliases: &[(&str, &[u8])],
    max: u8,
) -> Result<u32, Option<&'static str>> {
    let bit = |values: &[u8]| values.iter().fold(0u32, |mask, &v| mask | 1 << v);
    match op {
        Operator::Eq | Operator::Ne => {
            let wanted = value.trim().to_lowercase().replace(['-', '_'], " ");
            let by_name = names
                .clone()
                .filter(|(_, name)| name.to_lowercase().replace('_', " ") == wanted)
                .fold(0u32, |mask, (v, _)| mask | 1 << v);
            let by_alias = aliases
                .iter()
                .filter(|(alias, _)| alias.replace('_', " ") == wanted)
                .fold(0u32, |mask, (_, values)| mask | bit(values));
            let by_number = parse_small(value)
                .filter(|&n| n <= max)
                .map_or(0, |n| 1u32 << n);
            let mask = by_name | by_alias | by_number;
            if mask == 0 {
                return Err(suggest(&wanted, names, aliases));
            }
            let all = (1u32 << (max + 1)) - 1;
            Ok(if op == Operator::Ne {
                all & !mask
            } else {
                mask
            })
        }
        _ => {
            let test = TextTest::new(op, value);
            Ok(names
                .filter(|(_, name)| test.test(name))
                .fold(0u32, |mask, (v, _)| mask | 1 << v))
        }
    }
}

/// A number written in decimal or `0x` hex.
fn parse_small(value: &str) -> Option<u8> {
    let value = value.trim();
    match value
        .strip_prefix("0x")
        .or_else(|| value.strip_prefix("0X"))
    {
        Some(hex) => u8::from_str_radix(hex, 16).ok(),
        None => value.parse().ok(),
    }
}

/// The firmware name closest to `wanted` (an alias's type counts), within edit distance 2.
fn suggest(
    wanted: &str,
    names: impl Iterator<Item = (u8, &'static str)> + Clone,
    aliases: &[(&str, &[u8])],
) -> Option<&'static str> {
    let name_of = |v: u8| {
        names
            .clone()
            .find(|&(bits, _)| bits == v)
            .map(|(_, name)| name)
    };
    let by_name = names
        .clone()
        .filter(|(_, name)| *name != "RESERVED")
        .map(|(_, name)| {
            (
                edit_distance(wanted, &name.to_lowercase().replace('_', " ")),
                name,
            )
        });
    let by_alias = aliases.iter().filter_map(|(alias, values)| {
        Some((edit_distance(wanted, alias), name_of(*values.first()?)?))
    });
    by_name
        .chain(by_alias)
        .filter(|&(distance, _)| distance <= 2 && distance < wanted.len())
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, name)| name)
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn types_by_name_alias_and_number() {
        assert_eq!(type_mask(Operator::Eq, "ADVERT"), Ok(1 << 4));
        assert_eq!(type_mask(Operator::Eq, "advert"), Ok(1 << 4));
        assert_eq!(type_mask(Operator::Eq, "dm"), Ok(1 << 2));
        assert_eq!(type_mask(Operator::Eq, "channel msg"), Ok(1 << 5));
        assert_eq!(type_mask(Operator::Eq, "grp_txt"), Ok(1 << 5));
        assert_eq!(type_mask(Operator::Eq, "GRP-TXT"), Ok(1 << 5));
        assert_eq!(type_mask(Operator::Eq, "0x09"), Ok(1 << 9));
        assert_eq!(type_mask(Operator::Eq, "reserved"), Ok(0b111 << 12));
        assert_eq!(type_mask(Operator::Ne, "ADVERT"), Ok(!(1 << 4)));
        assert_eq!(type_mask(Operator::Contains, "GRP"), Ok(1 << 5 | 1 << 6));
        assert_eq!(type_mask(Operator::Eq, "ADVRT"), Err(Some("ADVERT")));
        assert_eq!(type_mask(Operator::Eq, "dms"), Err(Some("TXT_MSG")));
        assert_eq!(type_mask(Operator::Eq, "zzzzzz"), Err(None));
    }

    #[test]
    fn routes() {
        assert_eq!(route_mask(Operator::Eq, "flood"), Ok(1 << 1));
        assert_eq!(route_mask(Operator::Eq, "TRANSPORT_FLOOD"), Ok(1));
        assert_eq!(route_mask(Operator::Eq, "transport"), Ok(1 | 1 << 3));
        assert_eq!(route_mask(Operator::Ne, "direct"), Ok(0b1011));
        assert_eq!(route_mask(Operator::EndsWith, "direct"), Ok(0b1100));
        assert_eq!(route_mask(Operator::Eq, "drect"), Err(Some("DIRECT")));
    }
}
