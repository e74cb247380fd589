//! Word pools for node names and channel messages: plain ASCII, accented letters, other scripts and emoji, so
//! that name and text handling meets real UTF-8. Names are cut to what an advert carries (protocol B, ADVERT:
//! 23 bytes beside a location, 31 without).

/// Repeater sites around Puget Sound (the default centre is Seattle; elsewhere they are just names).
pub const SITES: &[&str] = &[
    "Tiger Mtn",
    "Cougar Mtn",
    "Squak Mtn",
    "Queen Anne",
    "Capitol Hill",
    "Beacon Hill",
    "West Seattle",
    "Ballard",
    "Fremont",
    "Magnolia",
    "Bainbridge",
    "Vashon",
    "Issaquah",
    "Renton",
    "Kent",
    "Federal Way",
    "Everett",
    "Lynnwood",
    "Bothell",
    "Kirkland",
    "Redmond",
    "Sammamish",
    "Mercer Île",
    "Burien",
    "Tukwila",
    "Shoreline",
    "Edmonds",
    "Mukilteo",
    "Snohomish",
    "Maple Valley",
    "Auburn",
    "Puyallup",
    "Tacoma",
    "Gig Harbor",
    "Port Orchard",
    "Bremerton",
    "Poulsbo",
    "Kingston",
    "Woodinville",
    "Duvall",
    "Søren's Hill",
    "North Bend",
    "Enumclaw",
    "Des Moines",
    "Normandy Park",
    "Newcastle",
];

/// How repeater names end.
pub const REPEATER_SUFFIXES: &[&str] = &[
    " Rptr",
    " RPT",
    " Repeater",
    "-R1",
    " 📡",
    " ⛰️",
    " Relay",
    "",
];

/// Companion owners.
pub const PEOPLE: &[&str] = &[
    "Ann",
    "Björn 🚲",
    "Zoë",
    "Mateo",
    "Priya",
    "Kenji 東京",
    "Ольга",
    "José",
    "Łukasz",
    "Amélie",
    "Chen Wei 陈伟",
    "Noah 🐻",
    "Maya 🌲",
    "Liam",
    "Sofia",
    "Aiden",
    "Grace ☕",
    "Omar",
    "Fatima",
    "Yuki ❄️",
    "K7JMS Mobile",
    "Dave's T-Deck",
    "Ravi",
    "Emma",
    "Jonas",
    "Ingrid",
    "Pierre",
    "Hana",
    "Diego 🌮",
    "Tomás",
    "Nils",
    "Aroha",
    "Siobhán",
    "Dmitri",
    "Leilani 🌺",
    "Marta",
    "Kwame",
    "Ayşe",
    "Thabo",
    "Mei",
];

/// Room servers.
pub const ROOMS: &[&str] = &[
    "PugetMesh BBS 📬",
    "Ballard Room",
    "Eastside Chat",
    "Ferry Room ⛴️",
    "Ham Shack 📻",
    "Trail Talk",
];

/// Sensors.
pub const SENSORS: &[&str] = &[
    "Weather Stn 01 🌦",
    "River Gauge",
    "Air Quality 3",
    "Solar Node ☀️",
    "Snow Depth",
    "Tide Gauge",
];

/// The name of the node that answers `!ping` on `#bot`.
pub const BOT_NAME: &str = "PingBot 🤖";

/// Messages on the Public channel. The longest fill a whole message (senders cut them to fit): packets of
/// 181 bytes or more, which a companion radio's serial log leaves out.
pub const PUBLIC_TEXTS: &[&str] = &[
    "Good morning mesh ☀️",
    "Anyone copy from the eastside?",
    "Heard you 5/5 via Tiger",
    "Testing new antenna",
    "Power's out in Ballard, running on battery 🔋",
    "Ferry is running late again ⛴️",
    "73 all",
    "New repeater up on the hill, let me know if you hear it",
    "Rain again 🌧️",
    "Bonjour à tous !",
    "Is anyone running the 2-byte path mode yet?",
    "Merci pour le relais",
    "¿Alguien en Tacoma?",
    "Coffee at the usual place ☕",
    "Hiking Mailbox Peak today, will check in from the top ⛰️",
    "Reminder: mesh meetup Saturday 10am at the library. Bring radios, spare batteries and antennas, we will test the new hill repeater together and then grab lunch nearby",
    "Long range test from the ferry deck, heading west now, please reply with the SNR you see and which repeater you heard this through, thanks to everyone who answers it",
];

/// Messages on `#test`.
pub const TEST_TEXTS: &[&str] = &[
    "test",
    "test 1 2 3",
    "Testing from the car 🚗",
    "ping test, please ack",
    "test ünïcödé",
    "tst",
    "Range test, moving north",
    "Can anyone see this?",
];

/// Messages on `#seattle` (the region's hashtag channel).
pub const SEATTLE_TEXTS: &[&str] = &[
    "Traffic on I-5 is terrible",
    "Mariners game tonight ⚾",
    "Fog over the Sound this morning",
    "Meetup Saturday at Gas Works Park",
    "Anyone near Fremont?",
    "The mountain is out 🏔️",
    "Power outage reported across Ballard and Fremont, the repeaters on battery backup should last the night, please conserve your airtime and keep messages short for now",
];

/// Messages on the private channel the analyzer has no key for.
pub const PRIVATE_TEXTS: &[&str] = &[
    "net check-in at 20:00",
    "key rotation next week",
    "all stations report",
    "roger, standing by",
];

/// Direct messages between companions.
pub const DIRECT_TEXTS: &[&str] = &[
    "Are you coming tonight?",
    "Got your message 👍",
    "Can you check the repeater on the hill?",
    "On my way",
    "Thanks!",
    "Did the new firmware fix it?",
    "Ça marche",
    "See you at 6",
    "Signal is better from the roof",
    "Battery at 40%, heading home 🔋",
];

/// Passwords sent in logins.
pub const PASSWORDS: &[&str] = &["", "password", "hunter2", "mesh2026", "🔑secret"];

/// Cuts `name` to at most `max` bytes on a character boundary.
pub fn fit(name: &str, max: usize) -> &str {
    let mut end = name.len().min(max);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn cuts_on_char_boundaries() {
        assert_eq!(fit("Kenji 東京", 8), "Kenji ");
        assert_eq!(fit("Kenji 東京", 9), "Kenji 東");
        assert_eq!(fit("Ann", 23), "Ann");
        assert_eq!(fit("", 5), "");
    }

    #[test]
    fn pools_have_non_ascii() {
        for pool in [SITES, PEOPLE, ROOMS, SENSORS, PUBLIC_TEXTS] {
            assert!(pool.iter().any(|text| !text.is_ascii()));
        }
    }
}
