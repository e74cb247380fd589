//! [`Observers`]: the radios that logged packets, interned by public key when known, else by name.
//!
//! Counts and signal tallies per observer are aggregates ([`ObserverTally`](super::aggregates::ObserverTally)),
//! rebuilt after eviction; the records here (identity, kind, latest status) are never evicted.

use super::hasher::{FastMap, map_heap_bytes};
use super::ids::ObserverId;
use crate::ingest::{ObserverInfo, StatusRecord};

/// The most observers a store tells apart (observations hold a 16-bit observer). Past it, new observers are
/// pooled into one last entry named [`OVERFLOW_NAME`], and the pooling is counted.
pub const MAX_OBSERVERS: usize = 1 << 16;
/// The name of the pooled entry.
pub const OVERFLOW_NAME: &str = "(other observers)";

/// How an observer's packets reach the store; set by the caller of ingest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObserverKind {
    /// The local USB radio (Web Serial).
    LocalRadio,
    /// An MQTT feed (over WebSocket).
    Mqtt,
    /// A file.
    File,
    /// A plain WebSocket feed.
    WebSocket,
}

impl ObserverKind {
    /// `local_radio`, `mqtt`, `file` or `websocket`.
    pub const fn name(self) -> &'static str {
        match self {
            ObserverKind::LocalRadio => "local_radio",
            ObserverKind::Mqtt => "mqtt",
            ObserverKind::File => "file",
            ObserverKind::WebSocket => "websocket",
        }
    }

    const fn index(self) -> usize {
        match self {
            ObserverKind::LocalRadio => 0,
            ObserverKind::Mqtt => 1,
            ObserverKind::File => 2,
            ObserverKind::WebSocket => 3,
        }
    }
}

/// An observer's latest status message (F.1 `status` topic).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObserverStatus {
    /// When, unix ms, if the message said.
    pub time_ms: Option<i64>,
    /// Online or offline, if said.
    pub online: Option<bool>,
    /// Hardware model.
    pub model: Option<String>,
    /// Firmware version.
    pub firmware_version: Option<String>,
    /// Radio settings as written by the observer.
    pub radio: Option<String>,
    /// Version of the publishing software.
    pub client_version: Option<String>,
}

/// An observer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observer {
    /// Its public key, when known.
    pub public_key: Option<[u8; 32]>,
    /// Its name, when known.
    pub name: Option<String>,
    /// Its region's IATA code, when known.
    pub iata: Option<String>,
    /// How its packets arrived (the first time it was seen).
    pub kind: ObserverKind,
    /// Its latest status, if any was received.
    pub status: Option<ObserverStatus>,
}

/// The observer table.
#[derive(Debug, Clone, Default)]
pub struct Observers {
    list: Vec<Observer>,
    by_key: FastMap<[u8; 32], u32>,
    by_name: FastMap<String, u32>,
    anonymous: [Option<u32>; 4],
    pooled: u64,
}

impl Observers {
    /// An empty table.
    pub fn new() -> Self {
        Observers::default()
    }

    /// The number of observers.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The observer `id`.
    pub fn get(&self, id: ObserverId) -> Option<&Observer> {
        self.list.get(id.index())
    }

    /// Every observer with its id.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (ObserverId, &Observer)> + '_ {
        self.list
            .iter()
            .enumerate()
            .map(|(index, observer)| (ObserverId(index as u32), observer))
    }

    /// The observer with this key.
    pub fn find_key(&self, public_key: &[u8; 32]) -> Option<ObserverId> {
        self.by_key.get(public_key).copied().map(ObserverId)
    }

    /// How many times a new observer was pooled into the overflow entry (once per ingest call that names it).
    pub fn pooled(&self) -> u64 {
        self.pooled
    }

    /// The id of the observer `info` describes, added if new: by key when it has one (adopting a keyless entry
    /// of the same name), else by name, else the one anonymous observer of `kind`. A known entry gains a
    /// missing name or IATA code.
    pub fn intern(&mut self, info: &ObserverInfo, kind: ObserverKind) -> ObserverId {
        let name = info.name.as_deref();
        let found = match (&info.id, name) {
            (Some(key), _) => self.by_key.get(key).copied().or_else(|| {
                let adopted = name.and_then(|name| self.by_name.get(name).copied())?;
                let entry = self.list.get_mut(adopted as usize)?;
                if entry.public_key.is_some() {
                    return None;
                }
                entry.public_key = Some(*key);
                self.by_key.insert(*key, adopted);
                Some(adopted)
            }),
            (None, Some(name)) => self.by_name.get(name).copied(),
            (None, None) => self.anonymous[kind.index()],
        };
        if let Some(id) = found {
            if let Some(entry) = self.list.get_mut(id as usize) {
                if entry.name.is_none() {
                    entry.name = info.name.clone();
                }
                if entry.iata.is_none() {
                    entry.iata = info.iata.clone();
                }
            }
            return ObserverId(id);
        }
        if self.list.len() >= MAX_OBSERVERS - 1 {
            return self.pool();
        }
        let id = self.list.len() as u32;
        self.list.push(Observer {
            public_key: info.id,
            name: info.name.clone(),
            iata: info.iata.clone(),
            kind,
            status: None,
        });
        match (&info.id, name) {
            (Some(key), name) => {
                self.by_key.insert(*key, id);
                if let Some(name) = name {
                    self.by_name.entry(name.to_owned()).or_insert(id);
                }
            }
            (None, Some(name)) => {
                self.by_name.insert(name.to_owned(), id);
            }
            (None, None) => self.anonymous[kind.index()] = Some(id),
        }
        ObserverId(id)
    }

    /// The overflow entry, created on first use.
    fn pool(&mut self) -> ObserverId {
        self.pooled += 1;
        let last = (MAX_OBSERVERS - 1) as u32;
        if self.list.len() < MAX_OBSERVERS {
            self.list.push(Observer {
                public_key: None,
                name: Some(OVERFLOW_NAME.to_owned()),
                iata: None,
                kind: ObserverKind::File,
                status: None,
            });
        }
        ObserverId(last)
    }

    /// Applies a status message to `id` unless it already has a newer one.
    pub(crate) fn apply_status(&mut self, id: ObserverId, record: &StatusRecord) {
        let Some(observer) = self.list.get_mut(id.index()) else {
            return;
        };
        let newer = match (&observer.status, record.timestamp_ms) {
            (
                Some(ObserverStatus {
                    time_ms: Some(old), ..
                }),
                Some(new),
            ) => new >= *old,
            _ => true,
        };
        if newer {
            observer.status = Some(ObserverStatus {
                time_ms: record.timestamp_ms,
                online: record.online,
                model: record.model.clone(),
                firmware_version: record.firmware_version.clone(),
                radio: record.radio.clone(),
                client_version: record.client_version.clone(),
            });
        }
    }

    /// Estimated heap bytes.
    pub fn heap_bytes(&self) -> usize {
        let strings: usize = self
            .list
            .iter()
            .map(|o| {
                o.name.as_ref().map_or(0, String::capacity)
                    + o.iata.as_ref().map_or(0, String::capacity)
            })
            .sum();
        self.list.capacity() * size_of::<Observer>()
            + strings
            + map_heap_bytes(self.by_key.capacity(), 36)
            + map_heap_bytes(self.by_name.capacity(), 28)
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn info(id: Option<[u8; 32]>, name: Option<&str>) -> ObserverInfo {
        ObserverInfo {
            id,
            name: name.map(str::to_owned),
            iata: None,
        }
    }

    #[test]
    fn by_key_else_name_else_anonymous() {
        let mut observers = Observers::new();
        let hill = observers.intern(&info(None, Some("Hilltop")), ObserverKind::Mqtt);
        // The same name with a key adopts the keyless entry.
        assert_eq!(
            observers.intern(&info(Some([1; 32]), Some("Hilltop")), ObserverKind::Mqtt),
            hill
        );
        assert_eq!(
            observers.intern(&info(Some([1; 32]), None), ObserverKind::Mqtt),
            hill
        );
        assert_eq!(observers.find_key(&[1; 32]), Some(hill));
        let other = observers.intern(&info(Some([2; 32]), Some("Hilltop")), ObserverKind::Mqtt);
        assert_ne!(other, hill);
        let file = observers.intern(&info(None, None), ObserverKind::File);
        let radio = observers.intern(&info(None, None), ObserverKind::LocalRadio);
        assert_ne!(file, radio);
        assert_eq!(
            observers.intern(&info(None, None), ObserverKind::File),
            file
        );
        assert_eq!(observers.len(), 4);
        assert_eq!(
            observers.get(hill).and_then(|o| o.public_key),
            Some([1; 32])
        );
    }

    #[test]
    fn newest_status_wins() {
        let mut observers = Observers::new();
        let id = observers.intern(&info(None, Some("x")), ObserverKind::Mqtt);
        let status = |time: i64, model: &str| StatusRecord {
            observer: 0,
            line: 1,
            timestamp_ms: Some(time),
            online: Some(true),
            model: Some(model.to_owned()),
            firmware_version: None,
            radio: None,
            client_version: None,
        };
        observers.apply_status(id, &status(20, "new"));
        observers.apply_status(id, &status(10, "old"));
        let got = observers.get(id).and_then(|o| o.status.clone()).unwrap();
        assert_eq!((got.time_ms, got.model.as_deref()), (Some(20), Some("new")));
    }

    #[test]
    fn pools_past_the_limit() {
        let mut observers = Observers::new();
        for i in 0..MAX_OBSERVERS + 10 {
            observers.intern(&info(None, Some(&i.to_string())), ObserverKind::File);
        }
        assert_eq!(observers.len(), MAX_OBSERVERS);
        assert_eq!(observers.pooled(), 11);
        let last = ObserverId((MAX_OBSERVERS - 1) as u32);
        assert_eq!(
            observers.get(last).and_then(|o| o.name.as_deref()),
            Some(OVERFLOW_NAME)
        );
    }
}
