//! One packet (`/packets/<hash>`): summary, copy buttons, the dissection (decrypted with the channel keys the
//! user added) linked to the hex dump, and who heard it.

use std::str::FromStr;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::dissection::DissectionView;
use super::observations::WhoHeard;
use super::summary::summary;
use crate::protocol::json::PacketJson;
use crate::protocol::{PacketHash, dissect_with_keys};
use crate::store::TxId;
use crate::ui::state::StoreHandle;
use crate::ui::widgets::copy_button::CopyButton;

/// The packet page for the `hash` route parameter.
#[component]
pub fn PacketPage() -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let params = use_params_map();
    let hash_text = move || params.with(|params| params.get("hash").unwrap_or_default());
    let found = move || {
        let hash = PacketHash::from_str(&hash_text()).ok()?;
        let tx = store
            .read(|store| store.find_transmission(hash))
            .flatten()?;
        Some((hash, tx))
    };
    view! {
        <div class="packet-page">
            <p class="crumbs"><A href="/packets">"← Packets"</A></p>
            {move || match found() {
                Some((hash, tx)) => view! { <Packet hash tx /> }.into_any(),
                None => {
                    let wanted = hash_text();
                    view! {
                        <section class="empty" data-testid="packet-missing">
                            <h1 class="mono">"Packet " {wanted}</h1>
                            <p>"The store holds no packet with this hash (data is kept in this tab only)."</p>
                            <p>
                                "Open " <A href="/sources">"Sources"</A>
                                " and load the dump it came from (or \u{201c}Load sample data\u{201d}), then come back."
                            </p>
                        </section>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}

/// A packet held in the store.
#[component]
fn Packet(hash: PacketHash, tx: TxId) -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let raw = store
        .read_untracked(|store| store.raw(tx).map(<[u8]>::to_vec))
        .flatten()
        .unwrap_or_default();
    let line = store
        .read_untracked(|store| summary(store, tx))
        .unwrap_or_default();
    let payload_type = store
        .read_untracked(|store| store.transmissions().payload_type(tx))
        .flatten()
        .map_or("?", |payload_type| payload_type.name());
    let hex = crate::hex::encode_lower(&raw);
    let (json, dissection) = store
        .read_untracked(|store| {
            let keys = store.channels().keyring();
            (
                serde_json::to_string_pretty(&PacketJson::new(&raw, keys)).unwrap_or_default(),
                dissect_with_keys(&raw, keys),
            )
        })
        .unwrap_or_else(|| (String::new(), dissect_with_keys(&raw, &Default::default())));
    view! {
        <h1>
            <span data-testid="packet-type">{payload_type}</span>
            " "
            <span class="mono" data-testid="packet-hash">{hash.to_string()}</span>
        </h1>
        <p class="packet-line">{line}</p>
        <div class="copies">
            <CopyButton label="Copy hash" text=Signal::stored(hash.to_string()) testid="copy-hash" />
            <CopyButton label="Copy hex" text=Signal::stored(hex) testid="copy-hex" />
            <CopyButton label="Copy JSON" text=Signal::stored(json) testid="copy-json" />
        </div>
        <h2>"Dissection"</h2>
        <DissectionView bytes=raw dissection />
        <h2>"Who heard it"</h2>
        <WhoHeard hash />
    }
}
