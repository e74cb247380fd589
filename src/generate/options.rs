//! What to generate: the mesh ([`MeshOptions`]) and its traffic ([`TrafficOptions`]). Output options are in
//! [`output`](super::output).

/// 2026-01-01T00:00:00Z, the default start of the traffic, in unix milliseconds.
pub const DEFAULT_START_MS: i64 = 1_767_225_600_000;

/// How the mesh is built. Equal options give an identical mesh (keys, names, positions, links).
#[derive(Debug, Clone, PartialEq)]
pub struct MeshOptions {
    /// Everything random derives from it.
    pub seed: u64,
    /// Number of nodes (at least 2).
    pub nodes: usize,
    /// Number of observers: nodes that log what they hear (at most the number of nodes).
    pub observers: usize,
    /// Latitude and longitude of the centre, degrees.
    pub centre: (f64, f64),
    /// Diameter of the area the nodes are spread over, km.
    pub spread_km: f64,
    /// Share of repeaters among the nodes.
    pub repeater_share: f64,
    /// Pairs of repeaters given the same first key byte on purpose (1-byte hash collisions).
    pub one_byte_collisions: usize,
    /// Pairs of repeaters given the same first two key bytes by key grinding (2-byte hash collisions); each
    /// costs about 65,536 candidate keys, a fraction of a second.
    pub two_byte_collisions: usize,
    /// IATA codes given to the observers in turn.
    pub iata: Vec<String>,
}

impl Default for MeshOptions {
    /// 60 nodes and 4 observers over 60 km around Seattle, 40 % repeaters, 3 one-byte and 1 two-byte
    /// collision pairs.
    fn default() -> MeshOptions {
        MeshOptions {
            seed: 1,
            nodes: 60,
            observers: 4,
            centre: (47.6062, -122.3321),
            spread_km: 60.0,
            repeater_share: 0.4,
            one_byte_collisions: 3,
            two_byte_collisions: 1,
            iata: ["SEA", "PAE", "TIW", "BFI", "PDX", "OLM"]
                .map(String::from)
                .to_vec(),
        }
    }
}

/// How much traffic, when, and how it travels.
#[derive(Debug, Clone, PartialEq)]
pub struct TrafficOptions {
    /// When the traffic starts, unix milliseconds.
    pub start_ms: i64,
    /// How long it runs, milliseconds.
    pub duration_ms: i64,
    /// Conversations started per hour on average over a day (channel messages, direct messages, requests,
    /// logins, traces, discoveries); the hourly rate follows a daily curve.
    pub conversations_per_hour: f64,
    /// Mean time between a repeater's flood adverts, seconds.
    pub repeater_advert_interval_s: f64,
    /// Mean time between the flood adverts of companions, rooms and sensors, seconds.
    pub client_advert_interval_s: f64,
    /// Mean time between a repeater's zero-hop (direct) adverts, seconds.
    pub zero_hop_advert_interval_s: f64,
    /// Repeaters do not forward a flood that already has this many hops.
    pub hop_limit: usize,
    /// Probability that an observation is delivered twice (the same line again, as an MQTT redelivery).
    pub duplicate_rate: f64,
    /// The region that scoped floods (TRANSPORT_FLOOD) carry in transport code 1 (protocol A.2).
    pub region: String,
    /// Share of channel messages sent region-scoped.
    pub scoped_share: f64,
}

impl Default for TrafficOptions {
    /// 24 hours from 2026-01-01 UTC, 60 conversations an hour, repeater adverts every 3 h (zero-hop every
    /// hour), client adverts every 12 h, hop limit 10, duplicates at 0.2 %, 15 % of channel messages scoped
    /// to `#seattle`.
    fn default() -> TrafficOptions {
        TrafficOptions {
            start_ms: DEFAULT_START_MS,
            duration_ms: 24 * 3_600_000,
            conversations_per_hour: 60.0,
            repeater_advert_interval_s: 3.0 * 3600.0,
            client_advert_interval_s: 12.0 * 3600.0,
            zero_hop_advert_interval_s: 3600.0,
            hop_limit: 10,
            duplicate_rate: 0.002,
            region: "#seattle".to_owned(),
            scoped_share: 0.15,
        }
    }
}

impl TrafficOptions {
    /// The same traffic with `factor` times as many conversations. Adverts keep their intervals: they are
    /// node settings, not activity.
    pub fn scaled(&self, factor: f64) -> TrafficOptions {
        TrafficOptions {
            conversations_per_hour: self.conversations_per_hour * factor,
            ..self.clone()
        }
    }

    /// When the traffic ends, unix milliseconds.
    pub fn end_ms(&self) -> i64 {
        self.start_ms + self.duration_ms
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn scaling() {
        let base = TrafficOptions::default();
        let double = base.scaled(2.0);
        assert_eq!(double.conversations_per_hour, 120.0);
        assert_eq!(
            double.repeater_advert_interval_s,
            base.repeater_advert_interval_s
        );
        assert_eq!(double.duration_ms, base.duration_ms);
        assert_eq!(base.end_ms(), DEFAULT_START_MS + 86_400_000);
    }
}
