//! Who a node is and where: the role nibble adverts and discovery responses carry, and an advert's position.

/// The node role in the low nibble of the flags byte. Lossless for all 16 values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 0: no role given.
    None,
    /// 1: companion (chat) node.
    Chat,
    /// 2: repeater.
    Repeater,
    /// 3: room server.
    Room,
    /// 4: sensor.
    Sensor,
    /// 5-15: reserved.
    Unknown(u8),
}

impl Role {
    /// The role with value `bits` (only the low nibble is read).
    pub const fn from_bits(bits: u8) -> Role {
        match bits & 0x0F {
            0 => Role::None,
            1 => Role::Chat,
            2 => Role::Repeater,
            3 => Role::Room,
            4 => Role::Sensor,
            other => Role::Unknown(other),
        }
    }

    /// The 4-bit value.
    pub const fn bits(self) -> u8 {
        match self {
            Role::None => 0,
            Role::Chat => 1,
            Role::Repeater => 2,
            Role::Room => 3,
            Role::Sensor => 4,
            Role::Unknown(bits) => bits & 0x0F,
        }
    }

    /// `NONE`, `CHAT`, `REPEATER`, `ROOM`, `SENSOR`, or `UNKNOWN` for 5-15.
    pub const fn name(self) -> &'static str {
        match self {
            Role::None => "NONE",
            Role::Chat => "CHAT",
            Role::Repeater => "REPEATER",
            Role::Room => "ROOM",
            Role::Sensor => "SENSOR",
            Role::Unknown(_) => "UNKNOWN",
        }
    }
}

/// A position as sent: micro-degrees. Some nodes send 0,0 to mean "no fix".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Location {
    /// Latitude × 1e6.
    pub lat: i32,
    /// Longitude × 1e6.
    pub lon: i32,
}

impl Location {
    /// Latitude and longitude in degrees; `None` for 0,0 (no fix).
    pub fn degrees(self) -> Option<(f64, f64)> {
        if self.lat == 0 && self.lon == 0 {
            return None;
        }
        Some((f64::from(self.lat) / 1e6, f64::from(self.lon) / 1e6))
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn roles_are_lossless() {
        for bits in 0..16 {
            assert_eq!(Role::from_bits(bits).bits(), bits);
        }
        assert_eq!(
            (Role::from_bits(0x92), Role::from_bits(0x81).name()),
            (Role::Repeater, "CHAT")
        );
    }

    #[test]
    fn zero_location_is_no_fix() {
        assert_eq!(Location { lat: 0, lon: 0 }.degrees(), None);
        assert_eq!(
            Location {
                lat: 47_543_968,
                lon: -122_108_616
            }
            .degrees(),
            Some((47.543968, -122.108616))
        );
    }
}
