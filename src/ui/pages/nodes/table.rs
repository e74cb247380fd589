//! The node table: sortable headers (links that set `?sort=`), one row per node, keyboard navigation (arrow
//! keys move between rows, Enter opens one), and paging for long tables.

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use wasm_bindgen::JsCast;

use crate::analytics::NodeEntry;
use crate::analytics::node_query::{self, NodeColumn, NodeSort, NodeTab, select};
use crate::recompute::Snapshots;
use crate::ui::widgets::format::count;
use crate::ui::widgets::query_link::query_href;
use crate::ui::widgets::role_marker::{Shape, ShapeIcon};

/// Rows shown before any "show more", and added by each.
const PAGE: usize = 200;
/// Rows rendered in the page's first frame (more than a screen), then added a frame at a time up to [`PAGE`],
/// so that opening the page costs one screen of rows, not a page of them.
const FIRST_ROWS: usize = 30;

/// The columns shown.
fn columns() -> impl Iterator<Item = NodeColumn> {
    NodeColumn::ALL.into_iter()
}

/// The table of the nodes on `tab` matching `search`, ordered by `sort`.
#[component]
pub fn NodeTable(
    /// The role tab.
    tab: Memo<NodeTab>,
    /// The sort order.
    sort: Memo<NodeSort>,
    /// The search text.
    search: Signal<String>,
) -> impl IntoView {
    let snapshots = expect_context::<Snapshots>();
    let rows = Memo::new(move |_| {
        let nodes = snapshots.nodes.get();
        search.with(|search| {
            nodes
                .map(|nodes| select(&nodes, tab.get(), search, sort.get()))
                .unwrap_or_default()
        })
    });
    let shown = RwSignal::new(FIRST_ROWS);
    let total = move || rows.with(Vec::len);
    Effect::new(move |_| {
        if shown.get() < PAGE.min(total()) {
            let grow = move || {
                shown.try_update(|n| *n = (*n + FIRST_ROWS).min(PAGE));
            };
            request_animation_frame(move || request_animation_frame(grow));
        }
    });

    view! {
        <p class="table-caption" data-testid="node-count">
            {move || {
                let total = total();
                let shown = shown.get().max(PAGE).min(total);
                if shown < total {
                    format!("{} of {} nodes", count(shown as u64), count(total as u64))
                } else {
                    format!("{} nodes", count(total as u64))
                }
            }}
        </p>
        <div class="table-wrap">
            <table class="data-table nodes-table" data-testid="nodes-table">
                <thead>
                    <tr>{columns().map(|column| view! { <HeaderCell column sort /> }).collect_view()}</tr>
                </thead>
                <tbody on:keydown=on_row_key>
                    {move || {
                        let nodes = snapshots.nodes.get()?;
                        let limit = shown.get();
                        Some(
                            rows.with(|rows| {
                                rows.iter()
                                    .take(limit)
                                    .map(|&index| view! { <NodeRow nodes=Rc::clone(&nodes) index /> })
                                    .collect_view()
                            }),
                        )
                    }}
                </tbody>
            </table>
        </div>
        <Show when=move || total() == 0>
            <p class="hint" data-testid="nodes-none">"No node matches. Clear the search or pick another tab."</p>
        </Show>
        <Show when=move || { (PAGE..total()).contains(&shown.get()) }>
            <button type="button" class="more" on:click=move |_| shown.update(|n| *n += PAGE)>
                {move || format!("Show {} more", count(PAGE.min(total().saturating_sub(shown.get())) as u64))}
            </button>
        </Show>
    }
}

/// A header: a link that sorts by its column (again: the other way), with the current direction marked.
#[component]
fn HeaderCell(
    /// Its column.
    column: NodeColumn,
    /// The current order.
    sort: Memo<NodeSort>,
) -> impl IntoView {
    let query = use_query_map();
    let href = move || {
        let next = sort.get().clicked(column);
        let value = (next != NodeSort::DEFAULT).then(|| next.to_query());
        query.with(|q| query_href("/nodes", q, &[("sort", value)]))
    };
    let state = move || {
        let sort = sort.get();
        match (sort.column == column, sort.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    };
    view! {
        <th scope="col" aria-sort=state title=column.help() data-column=column.slug()>
            <A href=href attr:class="sort">
                {column.label()}
                <span class="sort-mark" aria-hidden="true">
                    {move || match state() {
                        "ascending" => "▲",
                        "descending" => "▼",
                        _ => "",
                    }}
                </span>
            </A>
        </th>
    }
}

/// One node's row; a click anywhere opens its page.
#[component]
fn NodeRow(
    /// The snapshot.
    nodes: Rc<Vec<NodeEntry>>,
    /// The node's index in it.
    index: u32,
) -> impl IntoView {
    let navigate = use_navigate();
    nodes.get(index as usize).map(|entry| {
        let key = node_query::key(entry).unwrap_or_default().to_owned();
        let href = format!("/nodes/{key}");
        let on_click = {
            let href = href.clone();
            move |event: leptos::ev::MouseEvent| {
                if !event.default_prevented() {
                    navigate(&href, Default::default());
                }
            }
        };
        let cells = columns()
            .map(|column| node_cell(entry, column, &href))
            .collect_view();
        view! { <tr data-key=key on:click=on_click>{cells}</tr> }
    })
}

/// One cell of a row: the name links to the node's page.
fn node_cell(entry: &NodeEntry, column: NodeColumn, href: &str) -> AnyView {
    let text = node_query::cell(entry, column);
    match column {
        NodeColumn::Name => {
            let shape = Shape::of_role(entry.role);
            let name = text.unwrap_or_else(|| String::from("(unnamed)"));
            view! {
                <td class="name">
                    <ShapeIcon shape />
                    // A plain link: the router takes its click all the same, and a row costs no
                    // route-matching memo of its own.
                    <a href=href.to_owned() class="row-link">{name}</a>
                </td>
            }
            .into_any()
        }
        NodeColumn::Key => view! { <td class="mono">{text}</td> }.into_any(),
        _ => {
            view! { <td data-column=column.slug()>{text.unwrap_or_else(|| String::from("–"))}</td> }
                .into_any()
        }
    }
}

/// Arrow keys on a row move the focus to the row above or below.
fn on_row_key(event: leptos::ev::KeyboardEvent) {
    let up = match event.key().as_str() {
        "ArrowDown" => false,
        "ArrowUp" => true,
        _ => return,
    };
    let row = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("tr").ok().flatten());
    let Some(row) = row else {
        return;
    };
    let next = if up {
        row.previous_element_sibling()
    } else {
        row.next_element_sibling()
    };
    if let Some(next) = next {
        event.prevent_default();
        focus_link_in(&next);
    }
}

/// Focuses the first row of the node table (from the search box).
pub fn focus_first_row() {
    let first = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| {
            document
                .query_selector("[data-testid=nodes-table] tbody tr")
                .ok()
                .flatten()
        });
    if let Some(first) = first {
        focus_link_in(&first);
    }
}

fn focus_link_in(row: &web_sys::Element) {
    if let Some(link) = row
        .query_selector("a.row-link")
        .ok()
        .flatten()
        .and_then(|link| link.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = link.focus();
    }
}
