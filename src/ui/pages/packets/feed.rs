//! The packet feed's state: the filter and row mode from the query string, the matcher that applies the
//! filter in time slices off the render path, pause, and expanded transmissions.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::rows::{Layout, Row, Rows};
use crate::filter::{Filter, FilterError, Matcher, Mode, Progress};
use crate::recompute::precise_now_ms as now_ms;
use crate::store::TxId;
use crate::ui::state::StoreHandle;
use crate::yield_now::yield_now;

/// Items the matcher evaluates between two looks at the clock.
const STEP_ITEMS: usize = 16_384;
/// How long one slice of filtering may hold the page, ms.
const SLICE_MS: f64 = 12.0;

/// The feed's shared state. `Copy`.
#[derive(Clone, Copy)]
pub struct Feed {
    store: StoreHandle,
    /// One row per transmission or per observation.
    pub mode: Signal<Mode>,
    /// The applied filter (the query string's): an error keeps every packet shown.
    pub filter: Memo<Result<Filter, FilterError>>,
    /// The latest matches of the applied filter; `None` until its first scan ends.
    matches: RwSignal<Option<Rc<Vec<u32>>>, LocalStorage>,
    /// How far the running scan is.
    pub scanning: RwSignal<Option<Progress>>,
    /// How long the last full application of a filter took, ms (from the change to the rows shown).
    pub applied_in_ms: RwSignal<Option<f64>>,
    matcher: StoredValue<Option<Matcher>>,
    running: StoredValue<bool>,
    started_ms: StoredValue<Option<f64>>,
    /// The rows shown while paused.
    pub frozen: RwSignal<Option<Rows>, LocalStorage>,
    /// Transmissions whose observations are shown under them.
    pub expanded: RwSignal<Vec<TxId>>,
}

impl Feed {
    /// The feed for `filter` and `mode` (read from the query string), refiltering when they or the store
    /// change.
    pub fn new(store: StoreHandle, mode: Signal<Mode>, filter_text: Signal<String>) -> Feed {
        let feed = Feed {
            store,
            mode,
            filter: Memo::new(move |_| Filter::parse(&filter_text.get())),
            matches: RwSignal::new_local(None),
            scanning: RwSignal::new(None),
            applied_in_ms: RwSignal::new(None),
            matcher: StoredValue::new(None),
            running: StoredValue::new(false),
            started_ms: StoredValue::new(None),
            frozen: RwSignal::new_local(None),
            expanded: RwSignal::new(Vec::new()),
        };
        Effect::new(move |_| {
            let mode = feed.mode.get();
            let matcher = match feed.filter.get() {
                Ok(filter) if !filter.is_all() => Some(Matcher::new(&filter, mode)),
                _ => None,
            };
            let filtering = matcher.is_some();
            feed.matcher.set_value(matcher);
            feed.matches.set(None);
            feed.scanning.set(None);
            feed.started_ms.set_value(filtering.then(now_ms));
            if filtering {
                feed.run();
            }
        });
        Effect::new(move |_| {
            store.read(|store| store.revision());
            if feed.matcher.with_value(Option::is_some) {
                feed.run();
            }
        });
        feed
    }

    /// The rows as the store and the filter give them now.
    pub fn live_rows(&self) -> Rows {
        let filtered = self
            .filter
            .with(|filter| filter.as_ref().is_ok_and(|f| !f.is_all()));
        let mode = self.mode.get();
        if filtered {
            return match self.matches.get() {
                Some(ids) => Rows::Matched(mode, ids),
                None => Rows::Pending,
            };
        }
        let counts = self
            .store
            .read(|store| (store.transmission_count(), store.observation_count()))
            .unwrap_or_default();
        match mode {
            Mode::Transmissions => Rows::AllTransmissions(counts.0),
            Mode::Observations => Rows::AllObservations(counts.1),
        }
    }

    /// The rows shown: frozen while paused, else live.
    pub fn rows(&self) -> Rows {
        self.frozen.get().unwrap_or_else(|| self.live_rows())
    }

    /// The rows shown with expanded transmissions' observations.
    pub fn layout(&self) -> Layout {
        let rows = self.rows();
        let expanded = self.expanded.get();
        self.store
            .read(|store| Layout::new(store, rows.clone(), &expanded))
            .unwrap_or_else(|| Layout::new_empty(rows))
    }

    /// Row `index` as shown.
    pub fn row(&self, index: usize) -> Option<Row> {
        let layout = self.layout();
        self.store.read(|store| layout.get(store, index)).flatten()
    }

    /// Whether the feed is paused.
    pub fn is_paused(&self) -> bool {
        self.frozen.with(Option::is_some)
    }

    /// Freezes the rows shown; the store keeps ingesting.
    pub fn pause(&self) {
        self.frozen.set(Some(self.live_rows()));
    }

    /// Shows live rows again.
    pub fn resume(&self) {
        self.frozen.set(None);
    }

    /// Rows that arrived since the pause.
    pub fn waiting(&self) -> usize {
        match self.frozen.get() {
            Some(frozen) => self.live_rows().len().saturating_sub(frozen.len()),
            None => 0,
        }
    }

    /// Expands or collapses `tx`.
    pub fn set_expanded(&self, tx: TxId, expand: bool) {
        self.expanded.update(|list| {
            list.retain(|&id| id != tx);
            if expand {
                list.push(tx);
            }
        });
    }

    /// Runs the matcher in slices of about [`SLICE_MS`] until it settles, then shows its matches. One run at
    /// a time; a run picks up whatever changed (filter or store) before it ends.
    fn run(self) {
        if self.running.get_value() {
            return;
        }
        self.running.set_value(true);
        spawn_local(async move {
            while let Some(progress) = self.slice() {
                if progress.settled {
                    self.publish();
                    break;
                }
                if self.scanning.try_set(Some(progress)).is_some() {
                    break;
                }
                yield_now().await;
            }
            let _ = self.running.try_set_value(false);
        });
    }

    /// Steps the matcher for one slice; `None` when there is none (or the page is gone).
    fn slice(&self) -> Option<Progress> {
        let started = now_ms();
        loop {
            let progress = self
                .store
                .read_untracked(|store| {
                    self.matcher
                        .try_update_value(|matcher| {
                            matcher.as_mut().map(|m| m.step(store, STEP_ITEMS))
                        })
                        .flatten()
                })
                .flatten()?;
            if progress.settled || now_ms() - started > SLICE_MS {
                return Some(progress);
            }
        }
    }

    /// Shows the settled matcher's matches.
    fn publish(&self) {
        let ids = self
            .store
            .read_untracked(|store| {
                self.matcher
                    .try_with_value(|m| m.as_ref().map(|m| m.ids(store)))
            })
            .flatten()
            .flatten();
        let Some(ids) = ids else {
            return;
        };
        self.matches.set(Some(Rc::new(ids)));
        self.scanning.set(None);
        if let Some(started) = self.started_ms.try_get_value().flatten() {
            self.applied_in_ms.set(Some(now_ms() - started));
            self.started_ms.set_value(None);
        }
    }
}
