//! The observer table: each distinct observer of a file once, records carry its index.

use std::collections::HashMap;

/// An observer (a radio that logged packets), as far as the input says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ObserverInfo {
    /// Its Ed25519 public key, when known.
    pub id: Option<[u8; 32]>,
    /// Its name (F.1 `origin`), when known.
    pub name: Option<String>,
    /// Its region's IATA code (from the MQTT topic), when known.
    pub iata: Option<String>,
}

/// The longest observer name or IATA code kept, in bytes; longer ones are cut at a character boundary. They come
/// from the input (F.1 `origin`, an export's `observer_name`), where a line may hold a megabyte, and the UI shows
/// them. MeshCore node names are at most 31 bytes. Two names that agree on their first bytes name one observer.
pub const MAX_NAME_LEN: usize = 64;

/// `text` cut to at most [`MAX_NAME_LEN`] bytes, at a character boundary.
fn capped(text: &str) -> &str {
    let mut end = text.len().min(MAX_NAME_LEN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

/// Interns observers: by key when there is one, else by name, else the caller's default. Names and IATA codes are
/// cut to [`MAX_NAME_LEN`] bytes.
///
/// An entry keeps its index for the whole file. An entry first seen without a name or IATA code
/// gains them from the first later record that has them; it never changes them once set.
#[derive(Debug, Clone, Default)]
pub(crate) struct ObserverTable {
    infos: Vec<ObserverInfo>,
    by_id: HashMap<[u8; 32], u32>,
    by_name: HashMap<String, u32>,
    anonymous: Option<u32>,
}

impl ObserverTable {
    pub(crate) fn infos(&self) -> &[ObserverInfo] {
        &self.infos
    }

    /// The index of the observer with this key, name and IATA code, added if new.
    pub(crate) fn intern(
        &mut self,
        id: Option<&[u8; 32]>,
        name: Option<&str>,
        iata: Option<&str>,
    ) -> u32 {
        let (name, iata) = (name.map(capped), iata.map(capped));
        let found = match (id, name) {
            (Some(id), _) => self.by_id.get(id).copied(),
            (None, Some(name)) => self.by_name.get(name).copied(),
            (None, None) => self.anonymous,
        };
        if let Some(index) = found {
            if let Some(info) = self.infos.get_mut(index as usize) {
                if info.name.is_none() {
                    info.name = name.map(str::to_owned);
                }
                if info.iata.is_none() {
                    info.iata = iata.map(str::to_owned);
                }
            }
            return index;
        }
        let index = self.infos.len() as u32;
        self.infos.push(ObserverInfo {
            id: id.copied(),
            name: name.map(str::to_owned),
            iata: iata.map(str::to_owned),
        });
        match (id, name) {
            (Some(id), _) => {
                self.by_id.insert(*id, index);
            }
            (None, Some(name)) => {
                self.by_name.insert(name.to_owned(), index);
            }
            (None, None) => self.anonymous = Some(index),
        }
        index
    }

    /// The index of `info`, interned like any other observer.
    pub(crate) fn intern_info(&mut self, info: &ObserverInfo) -> u32 {
        self.intern(info.id.as_ref(), info.name.as_deref(), info.iata.as_deref())
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn each_observer_once() {
        let mut table = ObserverTable::default();
        let key = [7; 32];
        assert_eq!(table.intern(Some(&key), None, None), 0);
        assert_eq!(table.intern(None, Some("Hilltop"), Some("SEA")), 1);
        assert_eq!(table.intern(Some(&key), Some("Base"), Some("PDX")), 0);
        assert_eq!(table.intern(Some(&key), Some("Renamed"), None), 0);
        assert_eq!(table.intern(None, Some("Hilltop"), None), 1);
        assert_eq!(table.intern(None, None, None), 2);
        assert_eq!(table.intern_info(&ObserverInfo::default()), 2);
        assert_eq!(
            table.infos()[0],
            ObserverInfo {
                id: Some(key),
                name: Some("Base".into()),
                iata: Some("PDX".into())
            }
        );
        assert_eq!(table.infos().len(), 3);
    }

    #[test]
    fn long_names_are_cut_at_a_character_boundary() {
        let mut table = ObserverTable::default();
        let long = format!("{}é and more", "x".repeat(MAX_NAME_LEN - 1));
        let index = table.intern(None, Some(&long), Some(&"Q".repeat(1000)));
        let info = &table.infos()[index as usize];
        assert_eq!(
            info.name.as_deref(),
            Some("x".repeat(MAX_NAME_LEN - 1).as_str())
        );
        assert_eq!(info.iata.as_deref().map(str::len), Some(MAX_NAME_LEN));
        // The same long name finds the same observer.
        assert_eq!(table.intern(None, Some(&long), None), index);
    }
}
