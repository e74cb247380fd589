//! The top of the node page: name, role, status facts, key, contact link with its QR code, and a small map of
//! the node and its located neighbours.

use std::sync::Arc;

use leptos::prelude::*;

use super::data::NodeDetail;
use super::sections::{
    Activity, HashSizes, HeardByTable, NeighborList, PathList, PrefixShares, RecentPackets,
};
use crate::analytics::contact_link::contact_link;
use crate::analytics::node_query::role_label;
use crate::ui::widgets::copy_button::CopyButton;
use crate::ui::widgets::format::count;
use crate::ui::widgets::qr_code::QrCodeView;
use crate::ui::widgets::relative_time::{RelativeTime, utc};
use crate::ui::widgets::role_marker::{Shape, ShapeIcon};
use crate::ui::widgets::vector_map::{MapLayer, MapLine, MapMarker, VectorMap};

/// Everything about one node.
#[component]
pub fn NodeView(
    /// The node.
    detail: NodeDetail,
) -> impl IntoView {
    let role_name = detail.role.map(|role| role.name());
    let shape = Shape::of_role(role_name);
    let title = detail
        .name
        .clone()
        .unwrap_or_else(|| String::from("Unnamed node"));
    let link = contact_link(
        detail.name.as_deref().unwrap_or_default(),
        &detail.key,
        detail.role.map_or(0, |role| role.bits()),
    );
    let map = detail
        .position
        .map(|position| view! { <NodeMap detail=detail.clone() position /> });
    view! {
        <header class="node-header">
            <h1 data-testid="node-name"><ShapeIcon shape />" "{title}</h1>
            <span class="badge role" data-testid="node-role">
                {role_name.map_or("Unknown role", role_label)}
            </span>
            {(detail.signature_valid == Some(false)).then(|| view! {
                <span class="badge bad" title="The latest advert's signature did not verify: it may be forged">
                    "bad signature"
                </span>
            })}
            {detail.hash_size_varies.then(|| view! {
                <span class="badge warn" title="Its adverts switch between path hash sizes: check its firmware settings">
                    "hash size varies"
                </span>
            })}
        </header>
        <div class="node-top">
            <section class="panel node-facts">
                <Facts detail=detail.clone() />
                <p class="node-key">
                    <span class="label">"Public key"</span>
                    <code class="key" data-testid="node-key">{detail.key.clone()}</code>
                    <CopyButton text=detail.key.clone() label="Copy key" />
                </p>
            </section>
            <section class="panel node-contact">
                <h2>"Add as contact"</h2>
                <QrCodeView text=link.clone() size=168 />
                <p class="contact-link">
                    <a href=link.clone() data-testid="contact-link">"Open in MeshCore"</a>
                    " "
                    <CopyButton text=link label="Copy link" />
                </p>
            </section>
            {map}
        </div>
        <div class="node-sections">
            <Activity activity=detail.activity.clone() start_ms=detail.activity_start_ms />
            <HeardByTable heard_by=detail.heard_by.clone() />
            <NeighborList neighbors=detail.neighbors.clone() />
            <PrefixShares prefixes=detail.prefixes.clone() />
            <PathList paths=detail.paths.clone() title="Paths through this node" />
            <RecentPackets recent=detail.recent.clone() />
            <HashSizes samples=detail.hash_sizes.clone() current=detail.hash_size />
        </div>
    }
}

/// The node's facts as a definition list.
#[component]
fn Facts(
    /// The node.
    detail: NodeDetail,
) -> impl IntoView {
    let location = detail.position.map_or_else(
        || String::from("not advertised"),
        |(lat, lon)| format!("{lat:.5}, {lon:.5}"),
    );
    let hash = match (detail.hash_size, detail.hash_size_varies) {
        (_, true) => String::from("varies"),
        (Some(size), false) => format!("{size} byte{}", if size == 1 { "" } else { "s" }),
        (None, false) => String::from("unknown"),
    };
    let skew = detail.clock_skew_s.map(|skew| match skew {
        -5..=5 => String::from("in step"),
        s if s > 0 => format!("{} ahead", duration(s)),
        s => format!("{} behind", duration(-s)),
    });
    view! {
        <dl class="facts">
            <div><dt>"Last heard"</dt><dd data-testid="node-last-heard"><RelativeTime unix_ms=detail.last_heard_ms /></dd></div>
            <div><dt>"First seen"</dt><dd title=utc(detail.first_seen_ms)><RelativeTime unix_ms=detail.first_seen_ms /></dd></div>
            <div><dt>"Adverts"</dt><dd data-testid="node-adverts">{count(u64::from(detail.adverts))}</dd></div>
            <div><dt>"Hash size"</dt><dd>{hash}</dd></div>
            <div><dt>"Location"</dt><dd>{location}</dd></div>
            {skew.map(|skew| view! {
                <div title="The latest advert's timestamp against the time it was heard">
                    <dt>"Clock"</dt><dd>{skew}</dd>
                </div>
            })}
        </dl>
    }
}

/// `seconds` as `42 s`, `5 min`, `3 h`, `12 d`.
fn duration(seconds: i64) -> String {
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3_600 => format!("{} min", seconds / 60),
        3_600..86_400 => format!("{} h", seconds / 3_600),
        _ => format!("{} d", seconds / 86_400),
    }
}

/// The node and its located neighbours on a small map.
#[component]
fn NodeMap(
    /// The node.
    detail: NodeDetail,
    /// Its position.
    position: (f64, f64),
) -> impl IntoView {
    let mut markers = vec![MapMarker {
        id: detail.key.clone(),
        lat: position.0,
        lon: position.1,
        shape: Shape::of_role(detail.role.map(|r| r.name())),
        faded: false,
        highlighted: true,
        label: detail.name.clone().unwrap_or_default(),
    }];
    let mut lines = Vec::new();
    for neighbor in &detail.neighbors {
        if let Some((lat, lon)) = neighbor.node.position {
            markers.push(MapMarker {
                id: neighbor.node.key.clone(),
                lat,
                lon,
                shape: Shape::Ring,
                faded: false,
                highlighted: false,
                label: neighbor.node.name.clone().unwrap_or_default(),
            });
            lines.push(MapLine {
                from: position,
                to: (lat, lon),
            });
        }
    }
    let layers = vec![MapLayer {
        class: "link",
        lines,
    }];
    view! {
        <section class="panel node-map">
            <h2>"Location"</h2>
            <VectorMap markers=Signal::stored(Arc::new(markers)) layers=Signal::stored(Arc::new(layers)) />
            <p class="hint"><a href=format!("/map?node={}", detail.key)>"Open on the map"</a></p>
        </section>
    }
}
