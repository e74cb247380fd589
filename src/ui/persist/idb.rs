//! A thin IndexedDB database for MeshScope: journal chunks (append-only, in order) and settings (by name).
//!
//! Every request becomes a future through a `Promise` whose resolve and reject functions are the request's
//! `onsuccess` and `onerror` handlers, so no closure outlives its request.

use core::fmt;

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::journal::Chunk;
use web_sys::{
    IdbDatabase, IdbObjectStore, IdbObjectStoreParameters, IdbOpenDbRequest, IdbRequest,
    IdbTransactionMode,
};

/// The database name.
const NAME: &str = "meshscope";
/// Its schema version: 1 = the `journal` and `settings` object stores.
const VERSION: u32 = 1;
const JOURNAL: &str = "journal";
const SETTINGS: &str = "settings";

/// Why the database could not be used. `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersistError {
    /// This browser (or this private window) has no IndexedDB.
    Unavailable,
    /// The database would not open (blocked, quota, or corrupt).
    OpenFailed,
    /// A read or write failed (quota exceeded, or the database was deleted meanwhile).
    RequestFailed(&'static str),
}

impl fmt::Display for PersistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PersistError::Unavailable => write!(f, "this browser has no IndexedDB"),
            PersistError::OpenFailed => write!(f, "the database would not open"),
            PersistError::RequestFailed(what) => write!(f, "{what} failed"),
        }
    }
}

impl std::error::Error for PersistError {}

/// The open database.
#[derive(Clone)]
pub struct Database {
    db: IdbDatabase,
}

impl Database {
    /// Opens (creating or upgrading) the database.
    pub async fn open() -> Result<Database, PersistError> {
        let factory = web_sys::window()
            .and_then(|window| window.indexed_db().ok().flatten())
            .ok_or(PersistError::Unavailable)?;
        let request = factory
            .open_with_u32(NAME, VERSION)
            .map_err(|_| PersistError::OpenFailed)?;
        let upgrade = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new({
            let request = request.clone();
            move |_| create_stores(&request)
        });
        request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
        let opened = finish(&request).await;
        request.set_onupgradeneeded(None);
        drop(upgrade);
        let db = opened
            .map_err(|_| PersistError::OpenFailed)?
            .dyn_into::<IdbDatabase>()
            .map_err(|_| PersistError::OpenFailed)?;
        Ok(Database { db })
    }

    /// Appends a journal chunk.
    pub async fn append(&self, chunk: &Chunk) -> Result<(), PersistError> {
        let value = Object::new();
        let set = |key: &str, value_of: &JsValue| Reflect::set(&value, &key.into(), value_of);
        set("kind", &JsValue::from(chunk.kind))
            .and_then(|_| set("lines", &Uint8Array::from(chunk.lines.as_slice()).into()))
            .map_err(|_| PersistError::RequestFailed("writing the journal"))?;
        let store = self.store(JOURNAL, IdbTransactionMode::Readwrite)?;
        let request = store
            .add(&value)
            .map_err(|_| PersistError::RequestFailed("writing the journal"))?;
        finish(&request)
            .await
            .map(drop)
            .map_err(|_| PersistError::RequestFailed("writing the journal"))
    }

    /// Every journal chunk, oldest first. Chunks that are not shaped as written are skipped.
    pub async fn chunks(&self) -> Result<Vec<Chunk>, PersistError> {
        let store = self.store(JOURNAL, IdbTransactionMode::Readonly)?;
        let request = store
            .get_all()
            .map_err(|_| PersistError::RequestFailed("reading the journal"))?;
        let all = finish(&request)
            .await
            .map_err(|_| PersistError::RequestFailed("reading the journal"))?;
        let all: Array = all.dyn_into().unwrap_or_default();
        Ok(all.iter().filter_map(|value| chunk_of(&value)).collect())
    }

    /// Saves the setting `name` as `json`.
    pub async fn put_setting(&self, name: &str, json: &str) -> Result<(), PersistError> {
        let store = self.store(SETTINGS, IdbTransactionMode::Readwrite)?;
        let request = store
            .put_with_key(&JsValue::from_str(json), &JsValue::from_str(name))
            .map_err(|_| PersistError::RequestFailed("saving a setting"))?;
        finish(&request)
            .await
            .map(drop)
            .map_err(|_| PersistError::RequestFailed("saving a setting"))
    }

    /// The setting `name`, if saved.
    pub async fn setting(&self, name: &str) -> Result<Option<String>, PersistError> {
        let store = self.store(SETTINGS, IdbTransactionMode::Readonly)?;
        let request = store
            .get(&JsValue::from_str(name))
            .map_err(|_| PersistError::RequestFailed("reading a setting"))?;
        let value = finish(&request)
            .await
            .map_err(|_| PersistError::RequestFailed("reading a setting"))?;
        Ok(value.as_string())
    }

    /// Deletes every journal chunk (settings stay).
    pub async fn clear_journal(&self) -> Result<(), PersistError> {
        let store = self.store(JOURNAL, IdbTransactionMode::Readwrite)?;
        let request = store
            .clear()
            .map_err(|_| PersistError::RequestFailed("clearing the journal"))?;
        finish(&request)
            .await
            .map(drop)
            .map_err(|_| PersistError::RequestFailed("clearing the journal"))
    }

    fn store(&self, name: &str, mode: IdbTransactionMode) -> Result<IdbObjectStore, PersistError> {
        self.db
            .transaction_with_str_and_mode(name, mode)
            .and_then(|transaction| transaction.object_store(name))
            .map_err(|_| PersistError::RequestFailed("starting a transaction"))
    }
}

/// Creates the object stores a fresh database lacks.
fn create_stores(request: &IdbOpenDbRequest) {
    let Ok(db) = request.result().and_then(|db| db.dyn_into::<IdbDatabase>()) else {
        return;
    };
    let names = db.object_store_names();
    if !names.contains(JOURNAL) {
        let parameters = IdbObjectStoreParameters::new();
        parameters.set_auto_increment(true);
        let _ = db.create_object_store_with_optional_parameters(JOURNAL, &parameters);
    }
    if !names.contains(SETTINGS) {
        let _ = db.create_object_store(SETTINGS);
    }
}

/// Waits for `request` to succeed (its result) or fail.
async fn finish(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await?;
    request.result()
}

fn chunk_of(value: &JsValue) -> Option<Chunk> {
    let kind = Reflect::get(value, &"kind".into()).ok()?.as_f64()?;
    let lines = Reflect::get(value, &"lines".into())
        .ok()?
        .dyn_into::<Uint8Array>()
        .ok()?;
    Some(Chunk {
        kind: u8::try_from(kind as u32).ok()?,
        lines: lines.to_vec(),
    })
}
