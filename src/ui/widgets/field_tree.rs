//! [`FieldTree`]: a Wireshark-style tree of dissected fields ([`protocol::dissect`](crate::protocol::dissect)),
//! with one selected field, and the lookup of the innermost field that holds a byte.

use leptos::prelude::*;

use crate::protocol::{Layer, Node};

/// The child indexes that lead from the top-level fields to one field.
pub type FieldPath = Vec<usize>;

/// The field tree. Each field is a button with `data-field` (its name), `data-start`, `data-end` and
/// `data-layer`; the selected one has the class `selected`.
#[component]
pub fn FieldTree(
    /// The top-level fields.
    #[prop(into)]
    nodes: Signal<Vec<Node>>,
    /// The selected field, shared with the hex dump.
    selected: RwSignal<Option<FieldPath>>,
) -> impl IntoView {
    view! {
        <ul class="fieldtree" role="tree" data-testid="field-tree">
            {move || nodes.with(|nodes| items(nodes, &[], selected))}
        </ul>
    }
}

/// The list items of `nodes`, children of the field at `parent`.
fn items(nodes: &[Node], parent: &[usize], selected: RwSignal<Option<FieldPath>>) -> AnyView {
    nodes
        .iter()
        .enumerate()
        .map(|(index, node)| {
            let mut path = parent.to_vec();
            path.push(index);
            let children = (!node.children.is_empty())
                .then(|| view! { <ul role="group">{items(&node.children, &path, selected)}</ul> });
            let mine = path.clone();
            let is_selected = move || selected.with(|current| current.as_ref() == Some(&mine));
            let range = if node.end > node.start {
                format!("{}..{}", node.start, node.end)
            } else {
                format!("@{}", node.start)
            };
            let layer = match node.layer {
                Layer::Packet => "packet",
                Layer::Plaintext => "plaintext",
            };
            view! {
                <li role="treeitem">
                    <button
                        class="field"
                        class:selected=is_selected.clone()
                        aria-selected=move || is_selected().to_string()
                        data-field=node.name.clone()
                        data-start=node.start
                        data-end=node.end
                        data-layer=layer
                        on:click=move |_| selected.set(Some(path.clone()))
                    >
                        <span class="fname">{node.name.clone()}</span>
                        <span class="fvalue">{node.value.clone()}</span>
                        <span class="frange">{range}</span>
                    </button>
                    {children}
                </li>
            }
        })
        .collect_view()
        .into_any()
}

/// The field at `path`.
pub fn field_at<'n>(nodes: &'n [Node], path: &[usize]) -> Option<&'n Node> {
    let (&first, rest) = path.split_first()?;
    let node = nodes.get(first)?;
    if rest.is_empty() {
        Some(node)
    } else {
        field_at(&node.children, rest)
    }
}

/// The innermost field of `layer` that holds byte `offset`: the one with the shortest range, the deepest among
/// equals, the first among those.
pub fn innermost_at(nodes: &[Node], layer: Layer, offset: usize) -> Option<FieldPath> {
    let mut best: Option<(usize, usize, FieldPath)> = None;
    let mut path = Vec::new();
    visit(nodes, layer, offset, &mut path, &mut best);
    best.map(|(_, _, path)| path)
}

fn visit(
    nodes: &[Node],
    layer: Layer,
    offset: usize,
    path: &mut FieldPath,
    best: &mut Option<(usize, usize, FieldPath)>,
) {
    for (index, node) in nodes.iter().enumerate() {
        path.push(index);
        if node.layer == layer && node.start <= offset && offset < node.end {
            let len = node.end - node.start;
            let better = best.as_ref().is_none_or(|(best_len, depth, _)| {
                len < *best_len || (len == *best_len && path.len() > *depth)
            });
            if better {
                *best = Some((len, path.len(), path.clone()));
            }
        }
        visit(&node.children, layer, offset, path, best);
        path.pop();
    }
}
