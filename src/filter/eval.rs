//! Evaluation of a [`Program`] against the store, by transmission or by observation.
//!
//! By transmission, a transmission matches when one of its observations matches the whole filter. That is
//! computed in two passes: the first evaluates every transmission-level test once and settles the filter when
//! they decide it; only when the result depends on the observation does the second pass walk the
//! observations, reusing the first pass's results. Tests whose value belongs to a small table (an observer, a
//! path, a sender name, a channel) are memoised per table entry for the life of the evaluation state.

use std::borrow::Cow;

use super::ast::Test;
use super::program::{Op, Program};
use super::text::TextTest;
use crate::protocol::{AdvertPacket, AdvertRepr, Packet, PayloadType};
use crate::store::{MessageKind, ObsId, Observer, ObserverId, Store, Subject, TxId};

const UNKNOWN: u8 = 0;
const NO: u8 = 1;
const YES: u8 = 2;
const DEPENDS: u8 = 3;

/// Memos and scratch space of an evaluation. Memos hold only facts that do not change while data arrives
/// (observer identity, path bytes, sender strings, channel names).
#[derive(Debug, Clone, Default)]
pub(super) struct State {
    memos: Vec<Vec<u8>>,
    verdicts: Vec<u8>,
    observers: Vec<u16>,
}

impl State {
    /// State for `program`.
    pub(super) fn new(program: &Program) -> State {
        State {
            memos: vec![Vec::new(); program.memos],
            verdicts: vec![UNKNOWN; program.nodes.len()],
            observers: Vec::new(),
        }
    }
}

/// One evaluation context: a program, its state and the store.
pub(super) struct Eval<'a> {
    pub(super) program: &'a Program,
    pub(super) state: &'a mut State,
    pub(super) store: &'a Store,
}

impl Eval<'_> {
    /// Whether one of `tx`'s observations matches.
    pub(super) fn transmission(&mut self, tx: TxId) -> bool {
        let root = self.program.root();
        if !self.per_observation(root) {
            return self.tx_only(root, tx);
        }
        match self.first_pass(root, tx) {
            YES => true,
            NO => false,
            _ => {
                let store = self.store;
                store
                    .observations_of(tx)
                    .any(|obs| self.second_pass(root, tx, obs))
            }
        }
    }

    /// Whether observation `obs` matches.
    pub(super) fn observation(&mut self, obs: ObsId) -> bool {
        match self.store.observations().tx(obs) {
            Some(tx) => self.full(self.program.root(), tx, obs),
            None => false,
        }
    }

    fn per_observation(&self, node: usize) -> bool {
        self.program
            .per_observation
            .get(node)
            .copied()
            .unwrap_or(false)
    }

    /// A node without per-observation tests.
    fn tx_only(&mut self, node: usize, tx: TxId) -> bool {
        let program = self.program;
        match program.nodes.get(node) {
            Some(Op::And(parts)) => parts.iter().all(|&part| self.tx_only(part, tx)),
            Some(Op::Or(parts)) => parts.iter().any(|&part| self.tx_only(part, tx)),
            Some(Op::Not(part)) => !self.tx_only(*part, tx),
            Some(Op::Leaf(test, memo)) => self.tx_test(test, *memo, tx),
            None => false,
        }
    }

    /// YES, NO, or DEPENDS on the observation; records the verdict of every node it settles.
    fn first_pass(&mut self, node: usize, tx: TxId) -> u8 {
        let verdict = if !self.per_observation(node) {
            if self.tx_only(node, tx) { YES } else { NO }
        } else {
            let program = self.program;
            match program.nodes.get(node) {
                Some(Op::And(parts)) => {
                    let mut verdict = YES;
                    for &part in parts {
                        match self.first_pass(part, tx) {
                            NO => {
                                verdict = NO;
                                break;
                            }
                            DEPENDS => verdict = DEPENDS,
                            _ => {}
                        }
                    }
                    verdict
                }
                Some(Op::Or(parts)) => {
                    let mut verdict = NO;
                    for &part in parts {
                        match self.first_pass(part, tx) {
                            YES => {
                                verdict = YES;
                                break;
                            }
                            DEPENDS => verdict = DEPENDS,
                            _ => {}
                        }
                    }
                    verdict
                }
                Some(Op::Not(part)) => match self.first_pass(*part, tx) {
                    YES => NO,
                    NO => YES,
                    _ => DEPENDS,
                },
                _ => DEPENDS,
            }
        };
        if let Some(slot) = self.state.verdicts.get_mut(node) {
            *slot = verdict;
        }
        verdict
    }

    /// A node for one observation, after `first_pass` found the root DEPENDS on it.
    fn second_pass(&mut self, node: usize, tx: TxId, obs: ObsId) -> bool {
        match self.state.verdicts.get(node) {
            Some(&YES) => return true,
            Some(&NO) => return false,
            _ => {}
        }
        let program = self.program;
        match program.nodes.get(node) {
            Some(Op::And(parts)) => parts.iter().all(|&part| self.second_pass(part, tx, obs)),
            Some(Op::Or(parts)) => parts.iter().any(|&part| self.second_pass(part, tx, obs)),
            Some(Op::Not(part)) => !self.second_pass(*part, tx, obs),
            Some(Op::Leaf(test, memo)) => self.obs_test(test, *memo, tx, obs),
            None => false,
        }
    }

    /// A node for one observation, every test evaluated.
    fn full(&mut self, node: usize, tx: TxId, obs: ObsId) -> bool {
        let program = self.program;
        match program.nodes.get(node) {
            Some(Op::And(parts)) => parts.iter().all(|&part| self.full(part, tx, obs)),
            Some(Op::Or(parts)) => parts.iter().any(|&part| self.full(part, tx, obs)),
            Some(Op::Not(part)) => !self.full(*part, tx, obs),
            Some(Op::Leaf(test, memo)) => {
                if self.per_observation(node) {
                    self.obs_test(test, *memo, tx, obs)
                } else {
                    self.tx_test(test, *memo, tx)
                }
            }
            None => false,
        }
    }

    /// A transmission-level test.
    fn tx_test(&mut self, test: &Test, memo: usize, tx: TxId) -> bool {
        let store = self.store;
        let txs = store.transmissions();
        let Some(header) = txs.header(tx) else {
            return false;
        };
        let payload_type = PayloadType::from_header(header);
        match test {
            Test::Type(mask) => mask >> payload_type.bits() & 1 == 1,
            Test::Route(mask) => mask >> (header & 0x03) & 1 == 1,
            Test::Hash(text) => txs.hash(tx).is_some_and(|hash| {
                let mut digits = [0u8; 16];
                text.test(hex_lower(&hash.0, &mut digits))
            }),
            Test::Size(number) => txs.raw(tx).is_some_and(|raw| number.test(raw.len() as f64)),
            Test::Observations(number) => txs
                .observation_count(tx)
                .is_some_and(|count| number.test(f64::from(count))),
            Test::Observers(number) => number.test(self.distinct_observers(tx) as f64),
            Test::HeardBy(text) => {
                let any = store.observations_of(tx).any(|obs| {
                    let observer = store.observations().observer(obs);
                    observer.is_some_and(|id| self.observer_matches(text, memo, id))
                });
                any != (text.op() == super::Operator::Ne)
            }
            Test::Name(text) => match payload_type {
                PayloadType::Advert => advert_name(store, tx).is_some_and(|name| text.test(&name)),
                PayloadType::AnonReq => {
                    subject_node_name(store, tx).is_some_and(|name| text.test(name))
                }
                _ => false,
            },
            Test::Channel(text) => self.channel_matches(text, memo, tx, payload_type),
            Test::Sender(text) => {
                let Some(sender) = message(store, tx).and_then(|m| m.sender) else {
                    return false;
                };
                let memos = &mut self.state.memos;
                memoised(memos, memo, sender.index(), || {
                    store.string(sender).is_some_and(|name| text.test(name))
                })
            }
            Test::Text(text) => match store.subject(tx) {
                Some(Subject::Message(id)) => {
                    let is_text = store
                        .message(id)
                        .is_some_and(|m| matches!(m.kind, MessageKind::Text { .. }));
                    is_text
                        && store
                            .channels()
                            .message_text(id)
                            .is_some_and(|body| text.test(body))
                }
                _ => false,
            },
            Test::PayloadHex(hex) => txs.raw(tx).is_some_and(|raw| {
                let view = Packet::new_unchecked(raw);
                raw.get(view.payload_range())
                    .is_some_and(|payload| hex.test(payload))
            }),
            Test::Raw(hex) => txs.raw(tx).is_some_and(|raw| hex.test(raw)),
            Test::Decrypted(wanted) => {
                matches!(payload_type, PayloadType::GrpTxt | PayloadType::GrpData)
                    && matches!(store.subject(tx), Some(Subject::Message(_))) == *wanted
            }
            Test::Verified(wanted) => txs
                .flags(tx)
                .and_then(|flags| flags.signature_valid())
                .is_some_and(|valid| valid == *wanted),
            Test::Snr(_)
            | Test::Rssi(_)
            | Test::Hops(_)
            | Test::Observer(_)
            | Test::Path(_)
            | Test::Time(_) => false,
        }
    }

    /// An observation-level test (a transmission-level one is delegated).
    fn obs_test(&mut self, test: &Test, memo: usize, tx: TxId, obs: ObsId) -> bool {
        let store = self.store;
        let observations = store.observations();
        match test {
            Test::Snr(number) => observations
                .snr_db(obs)
                .is_some_and(|snr| number.test(f64::from(snr))),
            Test::Rssi(number) => observations
                .rssi_dbm(obs)
                .is_some_and(|rssi| number.test(f64::from(rssi))),
            Test::Hops(number) => store
                .observation_path(obs)
                .is_some_and(|path| number.test(path.hop_count() as f64)),
            Test::Time(number) => observations
                .time(obs)
                .is_some_and(|time| number.test(time as f64)),
            Test::Observer(text) => observations.observer(obs).is_some_and(|id| {
                self.observer_matches(text, memo, id) != (text.op() == super::Operator::Ne)
            }),
            Test::Path(path_test) => {
                let Some(payload_type) = store.transmissions().payload_type(tx) else {
                    return false;
                };
                let Some(path_id) = observations.path(obs) else {
                    return false;
                };
                let mut names = |hop: &[u8], name: &str| hop_named(store, hop, name);
                if payload_type == PayloadType::Trace {
                    let no_hops: [&[u8]; 0] = [];
                    return path_test.test(no_hops.iter().copied(), &mut names);
                }
                let memos = &mut self.state.memos;
                memoised(memos, memo, path_id.index(), || {
                    store
                        .paths()
                        .get(path_id)
                        .is_some_and(|path| path_test.test(path.hops(payload_type), &mut names))
                })
            }
            _ => self.tx_test(test, memo, tx),
        }
    }

    /// Whether observer `id` matches `text` by name, IATA code or key prefix (`!=` read as `==`), memoised.
    fn observer_matches(&mut self, text: &TextTest, memo: usize, id: ObserverId) -> bool {
        let store = self.store;
        memoised(&mut self.state.memos, memo, id.index(), || {
            store
                .observers()
                .get(id)
                .is_some_and(|observer| observer_is(observer, text))
        })
    }

    /// The channel name of a decrypted group packet, else its hash byte in hex, against `text`.
    fn channel_matches(
        &mut self,
        text: &TextTest,
        memo: usize,
        tx: TxId,
        payload_type: PayloadType,
    ) -> bool {
        if !matches!(payload_type, PayloadType::GrpTxt | PayloadType::GrpData) {
            return false;
        }
        let store = self.store;
        match message(store, tx) {
            Some(message) => memoised(&mut self.state.memos, memo, message.channel.index(), || {
                store
                    .channels()
                    .get(message.channel)
                    .is_some_and(|channel| text.test(&channel.name))
            }),
            None => store.raw(tx).is_some_and(|raw| {
                let view = Packet::new_unchecked(raw);
                raw.get(view.payload_range().start).is_some_and(|&hash| {
                    let mut digits = [0u8; 2];
                    text.test(hex_lower(&[hash], &mut digits))
                })
            }),
        }
    }

    /// The number of distinct observers of `tx`.
    fn distinct_observers(&mut self, tx: TxId) -> usize {
        let store = self.store;
        let seen = &mut self.state.observers;
        seen.clear();
        seen.extend(
            store
                .observations_of(tx)
                .filter_map(|obs| store.observations().observer(obs))
                .map(|id| id.0 as u16),
        );
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }
}

/// The memoised answer for entry `index` of memo `memo`, computed once.
fn memoised(
    memos: &mut [Vec<u8>],
    memo: usize,
    index: usize,
    compute: impl FnOnce() -> bool,
) -> bool {
    let Some(memo) = memos.get_mut(memo) else {
        return compute();
    };
    if memo.len() <= index {
        memo.resize(index + 1, UNKNOWN);
    }
    match memo.get(index) {
        Some(&YES) => true,
        Some(&NO) => false,
        _ => {
            let answer = compute();
            if let Some(slot) = memo.get_mut(index) {
                *slot = if answer { YES } else { NO };
            }
            answer
        }
    }
}

/// Whether `observer`'s name, IATA code or key (as a prefix for `==`, when the value is hex) matches.
fn observer_is(observer: &Observer, text: &TextTest) -> bool {
    let by_name = observer
        .name
        .as_deref()
        .is_some_and(|name| text.test_positive(name));
    let by_iata = observer
        .iata
        .as_deref()
        .is_some_and(|iata| text.test_positive(iata));
    let needle = text.needle();
    let hex_value = needle.len() >= 2 && needle.bytes().all(|b| b.is_ascii_hexdigit());
    let by_key = hex_value
        && observer.public_key.is_some_and(|key| {
            let mut digits = [0u8; 64];
            let key_hex = hex_lower(&key, &mut digits);
            match text.op() {
                super::Operator::Eq | super::Operator::Ne => key_hex.starts_with(needle),
                _ => text.test_positive(key_hex),
            }
        });
    by_name || by_iata || by_key
}

/// Whether a node whose key starts with `hop` has a name containing the lower-case `name`.
fn hop_named(store: &Store, hop: &[u8], name: &str) -> bool {
    let test = TextTest::new(super::Operator::Contains, name);
    store.candidates(hop).iter().any(|&id| {
        store
            .node(id)
            .and_then(|node| node.name)
            .and_then(|name| store.string(name))
            .is_some_and(|text| test.test(text))
    })
}

/// The decrypted message of a group transmission.
fn message(store: &Store, tx: TxId) -> Option<crate::store::Message> {
    match store.subject(tx)? {
        Subject::Message(id) => store.message(id),
        Subject::Node(_) => None,
    }
}

/// The name an ADVERT carries.
fn advert_name(store: &Store, tx: TxId) -> Option<Cow<'_, str>> {
    let packet = Packet::new_checked(store.raw(tx)?).ok()?;
    let advert = AdvertRepr::parse(&AdvertPacket::new_unchecked(packet.payload())).ok()?;
    advert.app_data.name_text()
}

/// The name of the node a transmission is about (the sender of an ANON_REQ).
fn subject_node_name(store: &Store, tx: TxId) -> Option<&str> {
    match store.subject(tx)? {
        Subject::Node(id) => store.string(store.node(id)?.name?),
        Subject::Message(_) => None,
    }
}

/// `bytes` as lower-case hex in `out` (twice as long); the part written.
fn hex_lower<'o>(bytes: &[u8], out: &'o mut [u8]) -> &'o str {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut written = 0;
    for (&byte, pair) in bytes.iter().zip(out.chunks_exact_mut(2)) {
        pair[0] = DIGITS[usize::from(byte >> 4)];
        pair[1] = DIGITS[usize::from(byte & 0x0F)];
        written += 2;
    }
    core::str::from_utf8(out.get(..written).unwrap_or_default()).unwrap_or_default()
}
