//! The node page (`/nodes/<key>`, deep-linkable): identity, key, contact link and QR code, a small map, and
//! what the store heard of the node (observers, neighbours, paths through it with their ambiguity, recent
//! packets, activity, hash sizes, clock). `/nodes/<1-3 byte prefix>` shows the nodes that share a hop prefix.

mod data;
mod identity;
mod sections;

use leptos::either::EitherOf6;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::ui::state::StoreHandle;
use data::{Lookup, lookup};
use identity::NodeView;
use sections::PrefixView;

/// The node page.
#[component]
pub fn NodeDetailPage() -> impl IntoView {
    let store = expect_context::<StoreHandle>();
    let params = use_params_map();
    let key = move || params.with(|p| p.get("key").unwrap_or_default());
    let found = Memo::new(move |_| {
        let key = key();
        store.read(|store| (store.transmission_count() == 0, lookup(store, &key)))
    });

    view! {
        <p class="crumbs"><A href="/nodes">"← Nodes"</A></p>
        {move || {
            found.with(|found| match found {
                None => EitherOf6::A(view! { <p class="hint">"Reading…"</p> }),
                Some((true, _)) => EitherOf6::B(view! { <NoData key=key() /> }),
                Some((false, Lookup::Node(detail))) => EitherOf6::C(view! { <NodeView detail=detail.as_ref().clone() /> }),
                Some((false, Lookup::Prefix(prefix))) => EitherOf6::D(view! { <PrefixView prefix=prefix.clone() /> }),
                Some((false, Lookup::UnknownKey)) => EitherOf6::E(view! {
                    <h1>"Unknown node"</h1>
                    <section class="empty" data-testid="node-unknown">
                        <p>"No advert or request from the node with key "<code class="key">{key()}</code>" has been heard."</p>
                        <p>"It may be outside the loaded data. Search the node list, or load more data."</p>
                        <A href="/nodes">"All nodes"</A>
                    </section>
                }),
                Some((false, Lookup::Invalid)) => EitherOf6::F(view! {
                    <h1>"Not a node key"</h1>
                    <section class="empty" data-testid="node-invalid">
                        <p>"“"{key()}"” is neither a public key (64 hex digits) nor a hop prefix (2, 4 or 6 hex digits)."</p>
                        <A href="/nodes">"All nodes"</A>
                    </section>
                }),
            })
        }}
    }
}

/// The page of a node before any data is loaded (a deep link opened in a new tab).
#[component]
fn NoData(
    /// The key of the address.
    key: String,
) -> impl IntoView {
    view! {
        <h1>"Node"</h1>
        <section class="empty" data-testid="node-no-data">
            <p>"No packets are loaded yet, so nothing is known of "<code class="key">{key}</code>"."</p>
            <p>"Load a packet dump or the sample data, or connect a radio; this page fills in as its packets arrive."</p>
            <A href="/sources">"Go to Sources"</A>
        </section>
    }
}
