//! The Nodes page (`/nodes`): every node of the `nodes` snapshot in a table, with role tabs (`?tab=`), a
//! search by name or key prefix (`?q=`) and a sort by any column (`?sort=`, `-` for descending), all in the
//! query string. Rows open the node's page.

mod table;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{query_signal_with_options, use_query_map};

use crate::analytics::node_query::{NodeSort, NodeTab, tab_counts};
use crate::recompute::Snapshots;
use crate::ui::widgets::format::count;
use crate::ui::widgets::query_link::query_href;
use table::NodeTable;

/// The Nodes page.
#[component]
pub fn NodesPage() -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    let query = use_query_map();
    let tab = Memo::new(move |_| {
        query.with(|q| {
            q.get_str("tab")
                .and_then(NodeTab::from_slug)
                .unwrap_or(NodeTab::All)
        })
    });
    let sort = Memo::new(move |_| {
        query.with(|q| {
            q.get_str("sort")
                .and_then(NodeSort::from_query)
                .unwrap_or(NodeSort::DEFAULT)
        })
    });
    let (search, set_search) = query_signal_with_options::<String>(
        "q",
        NavigateOptions {
            replace: true,
            scroll: false,
            ..NavigateOptions::default()
        },
    );
    let search_text = move || search.get().unwrap_or_default();
    let has_nodes = move || snapshots.nodes.get().is_some_and(|nodes| !nodes.is_empty());

    view! {
        <h1>"Nodes"</h1>
        <Show when=has_nodes fallback=|| view! { <NoNodes /> }>
            <div class="nodes-toolbar">
                <RoleTabs tab />
                <input
                    type="search"
                    class="nodes-search"
                    data-testid="node-search"
                    placeholder="Search name or key prefix"
                    aria-label="Search nodes by name or key prefix"
                    prop:value=search_text
                    on:input=move |event| {
                        let text = event_target_value(&event);
                        set_search.set((!text.is_empty()).then_some(text));
                    }
                    on:keydown=move |event: leptos::ev::KeyboardEvent| {
                        if event.key() == "ArrowDown" {
                            event.prevent_default();
                            table::focus_first_row();
                        }
                    }
                />
            </div>
            <NodeTable tab sort search=Signal::derive(search_text) />
        </Show>
    }
}

/// The role tabs with their counts; each is a link that keeps the rest of the query.
#[component]
fn RoleTabs(
    /// The current tab.
    tab: Memo<NodeTab>,
) -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    let query = use_query_map();
    let counts = Memo::new(move |_| {
        snapshots
            .nodes
            .get()
            .map(|nodes| tab_counts(&nodes))
            .unwrap_or_default()
    });
    view! {
        <nav class="tabs" aria-label="Roles" data-testid="node-tabs">
            {NodeTab::ALL
                .into_iter()
                .enumerate()
                .map(|(index, each)| {
                    let href = move || {
                        let slug = (each != NodeTab::All).then(|| each.slug().to_owned());
                        query.with(|q| query_href("/nodes", q, &[("tab", slug)]))
                    };
                    view! {
                        <A href=href attr:class="tab" attr:aria-selected=move || (tab.get() == each).to_string() attr:data-tab=each.slug()>
                            {each.label()}
                            " "
                            <span class="tab-count">{move || count(counts.get()[index] as u64)}</span>
                        </A>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// What to do when there are no nodes yet.
#[component]
fn NoNodes() -> impl IntoView {
    view! {
        <section class="empty" data-testid="nodes-empty">
            <p>"No nodes yet."</p>
            <p>"Nodes appear as their adverts are heard: load a packet dump or the sample data, or connect a radio."</p>
            <A href="/sources">"Go to Sources"</A>
        </section>
    }
}
