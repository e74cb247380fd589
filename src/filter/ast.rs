//! The parsed filter: a tree of `&&`, `||`, `!` over typed tests, each already holding its value in the form
//! it is compared in (a payload-type mask, a lower-cased needle, nibbles, a time in ms).

use super::field::{Field, Level};
use super::text::{HexTest, NumTest, PathTest, TextTest};

/// A filter expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Every part holds (`&&`); empty holds always.
    And(Vec<Expr>),
    /// Some part holds (`||`); empty never holds.
    Or(Vec<Expr>),
    /// The part does not hold (`!`).
    Not(Box<Expr>),
    /// One comparison.
    Test(Test),
}

/// One comparison of a field with a value. A comparison on a field the packet does not have (the name of an
/// ACK, the SNR of a hearing without one) is false, `!=` included.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// `type`: bit `n` set for payload type value `n`.
    Type(u16),
    /// `route`: bit `n` set for route type value `n`.
    Route(u8),
    /// `hash`, as 16 lower-case hex digits.
    Hash(TextTest),
    /// `size`, bytes of the first copy.
    Size(NumTest),
    /// `observations`.
    Observations(NumTest),
    /// `observers`, distinct.
    Observers(NumTest),
    /// `heard_by`: some observer of the transmission matches (`!=`: none does).
    HeardBy(TextTest),
    /// `name`.
    Name(TextTest),
    /// `channel`.
    Channel(TextTest),
    /// `sender`.
    Sender(TextTest),
    /// `text`.
    Text(TextTest),
    /// `payload_hex`.
    PayloadHex(HexTest),
    /// `raw`.
    Raw(HexTest),
    /// `decrypted` equals this.
    Decrypted(bool),
    /// `verified` equals this.
    Verified(bool),
    /// `snr`, dB.
    Snr(NumTest),
    /// `rssi`, dBm.
    Rssi(NumTest),
    /// `hops`.
    Hops(NumTest),
    /// `observer` (`!=`: the observer does not match).
    Observer(TextTest),
    /// `path`.
    Path(PathTest),
    /// `time`, unix ms.
    Time(NumTest),
}

impl Test {
    /// The field compared.
    pub fn field(&self) -> Field {
        match self {
            Test::Type(_) => Field::Type,
            Test::Route(_) => Field::Route,
            Test::Hash(_) => Field::Hash,
            Test::Size(_) => Field::Size,
            Test::Observations(_) => Field::Observations,
            Test::Observers(_) => Field::Observers,
            Test::HeardBy(_) => Field::HeardBy,
            Test::Name(_) => Field::Name,
            Test::Channel(_) => Field::Channel,
            Test::Sender(_) => Field::Sender,
            Test::Text(_) => Field::Text,
            Test::PayloadHex(_) => Field::PayloadHex,
            Test::Raw(_) => Field::Raw,
            Test::Decrypted(_) => Field::Decrypted,
            Test::Verified(_) => Field::Verified,
            Test::Snr(_) => Field::Snr,
            Test::Rssi(_) => Field::Rssi,
            Test::Hops(_) => Field::Hops,
            Test::Observer(_) => Field::Observer,
            Test::Path(_) => Field::Path,
            Test::Time(_) => Field::Time,
        }
    }

    /// Whether each observation has its own value.
    pub fn level(&self) -> Level {
        self.field().level()
    }

    /// A rough cost of one evaluation, for ordering the parts of `&&` and `||` cheapest first.
    pub fn cost(&self) -> u8 {
        match self {
            Test::Type(_)
            | Test::Route(_)
            | Test::Size(_)
            | Test::Observations(_)
            | Test::Decrypted(_)
            | Test::Verified(_) => 1,
            Test::Hash(_) => 2,
            Test::Snr(_) | Test::Rssi(_) | Test::Time(_) | Test::Hops(_) | Test::Observer(_) => 3,
            Test::Channel(_) | Test::Sender(_) | Test::PayloadHex(_) | Test::Raw(_) => 4,
            Test::Path(_) => 5,
            Test::Name(_) | Test::Text(_) | Test::Observers(_) | Test::HeardBy(_) => 6,
        }
    }

    /// Whether its value for a transmission changes when the transmission gains an observation.
    pub fn follows_observation_set(&self) -> bool {
        matches!(
            self,
            Test::Observations(_) | Test::Observers(_) | Test::HeardBy(_)
        )
    }
}

impl Expr {
    /// Whether some test reads a per-observation field.
    pub fn reads_observations(&self) -> bool {
        self.any_test(&mut |test| test.level() == Level::Observation)
    }

    /// Whether some test satisfies `predicate`.
    pub fn any_test(&self, predicate: &mut impl FnMut(&Test) -> bool) -> bool {
        match self {
            Expr::And(parts) | Expr::Or(parts) => parts.iter().any(|part| part.any_test(predicate)),
            Expr::Not(part) => part.any_test(predicate),
            Expr::Test(test) => predicate(test),
        }
    }
}
