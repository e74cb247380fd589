//! Persistence: the store and the settings survive a reload or a crashed tab.
//!
//! Every batch ingested from a file or a live source is also appended to the [`Journal`] as MeshScope
//! export lines; every [`SAVE_MS`] what waits is written to IndexedDB as one chunk per source kind. On
//! start the chunks are read back, oldest first, through the export parser into the store (evictions
//! under the saved budget happen again as they did), and then the saved feeds reconnect. Settings are
//! small JSON values by name: `budget` (bytes or null) and `feeds` (the WebSocket and MQTT feeds, never a
//! password). Bad records and observer status messages are not journaled.

mod idb;
mod journal;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::callback::Interval;
use leptos::prelude::*;
use leptos::task::spawn_local;

use idb::Database;
use journal::kind_of;
pub use journal::{Journal, SAVE_MS};

use crate::ingest::upload::read_bytes;
use crate::ingest::{Format, ObserverInfo, Options};
use crate::recompute::AnalyticsSettings;
use crate::ui::live::{FeedRequest, LiveSources, start_feed};
use crate::ui::state::StoreHandle;

/// What persistence is doing, for the Sources page.
#[derive(Debug, Clone, PartialEq)]
pub enum PersistState {
    /// Opening the database and reading back what it holds.
    Restoring,
    /// Saving as data arrives; `restored` observations were read back at start, `saved_bytes` written since.
    Saving {
        /// Observations restored at start.
        restored: u64,
        /// Journal bytes written since.
        saved_bytes: u64,
    },
    /// Nothing is saved: why.
    Off(String),
}

/// The persistence of the app, provided once. `Copy`.
#[derive(Clone, Copy)]
pub struct Persistence {
    journal: StoredValue<Rc<RefCell<Journal>>, LocalStorage>,
    database: StoredValue<Option<Database>, LocalStorage>,
    /// What persistence is doing.
    pub state: RwSignal<PersistState>,
}

impl Persistence {
    /// Starts persistence: restores the saved store into `store` and settings, reconnects the saved
    /// feeds into `live`, then saves the journal `journal` (which `store` appends to) every [`SAVE_MS`].
    pub fn start(
        journal: Rc<RefCell<Journal>>,
        store: StoreHandle,
        live: LiveSources,
        settings: AnalyticsSettings,
    ) -> Self {
        let persistence = Persistence {
            journal: StoredValue::new_local(journal),
            database: StoredValue::new_local(None),
            state: RwSignal::new(PersistState::Restoring),
        };
        spawn_local(async move {
            match Database::open().await {
                Ok(database) => {
                    let restored = restore(&database, store, live, &settings).await;
                    persistence.database.set_value(Some(database));
                    persistence.state.set(PersistState::Saving {
                        restored,
                        saved_bytes: 0,
                    });
                    persistence.save_periodically();
                }
                Err(error) => persistence
                    .state
                    .set(PersistState::Off(format!("Not saved: {error}."))),
            }
        });
        persistence
    }

    /// Saves the setting `name` as `json`, once the database is open (settings changed before are kept
    /// in memory only).
    pub fn save_setting(&self, name: &'static str, json: String) {
        let Some(Some(database)) = self.database.try_get_value() else {
            return;
        };
        spawn_local(async move {
            let _ = database.put_setting(name, &json).await;
        });
    }

    /// Forgets what was saved and what waits to be (the store itself is the caller's to clear).
    pub fn clear(&self) {
        if let Some(journal) = self.journal.try_get_value() {
            journal.borrow_mut().take();
        }
        let Some(Some(database)) = self.database.try_get_value() else {
            return;
        };
        let state = self.state;
        spawn_local(async move {
            if let Err(error) = database.clear_journal().await {
                state.set(PersistState::Off(format!("Not cleared: {error}.")));
            }
        });
    }

    /// Writes what waits every [`SAVE_MS`], one write at a time.
    fn save_periodically(self) {
        let writing = Rc::new(Cell::new(false));
        Interval::new(SAVE_MS, move || {
            if writing.get() {
                return;
            }
            let (Some(journal), Some(Some(database))) =
                (self.journal.try_get_value(), self.database.try_get_value())
            else {
                return;
            };
            let chunks = journal.borrow_mut().take();
            if chunks.is_empty() {
                return;
            }
            writing.set(true);
            let writing = Rc::clone(&writing);
            let state = self.state;
            spawn_local(async move {
                for chunk in &chunks {
                    match database.append(chunk).await {
                        Ok(()) => state.update(|state| {
                            if let PersistState::Saving { saved_bytes, .. } = state {
                                *saved_bytes += chunk.lines.len() as u64;
                            }
                        }),
                        Err(error) => {
                            state.set(PersistState::Off(format!("Saving stopped: {error}.")));
                            break;
                        }
                    }
                }
                writing.set(false);
            });
        })
        .forget();
    }
}

/// Reads the saved settings and chunks back into `store`, starts the saved feeds, and returns how many
/// observations were restored.
async fn restore(
    database: &Database,
    store: StoreHandle,
    live: LiveSources,
    settings: &AnalyticsSettings,
) -> u64 {
    if let Ok(Some(airtime)) = database.setting("airtime").await
        && let Ok(airtime) = serde_json::from_str(&airtime)
    {
        settings.choose_airtime(airtime);
    }
    if let Ok(Some(budget)) = database.setting("budget").await
        && let Ok(budget) = serde_json::from_str::<Option<usize>>(&budget)
    {
        store.write(|store| store.set_budget(budget));
    }
    let never = Cell::new(false);
    for chunk in database.chunks().await.unwrap_or_default() {
        let kind = kind_of(chunk.kind);
        let options = Options {
            default_observer: ObserverInfo {
                id: None,
                name: Some(String::from("restored")),
                iata: None,
            },
            ..Options::default()
        };
        read_bytes(
            &chunk.lines,
            Some(Format::Export),
            options,
            &never,
            |batch, observers| store.ingest_unjournaled(batch, observers, kind),
            |_| {},
        )
        .await;
    }
    let restored = store
        .read_untracked(|store| store.observation_count() as u64)
        .unwrap_or(0);
    if let Ok(Some(feeds)) = database.setting("feeds").await
        && let Ok(feeds) = serde_json::from_str::<Vec<FeedRequest>>(&feeds)
    {
        for feed in feeds {
            if !live.has_feed(&feed) {
                let _ = start_feed(live, feed);
            }
        }
    }
    restored
}
