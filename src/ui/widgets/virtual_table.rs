//! [`VirtualTable`]: a scrolling table of any number of fixed-height rows that keeps only the visible rows
//! (and a few more on each side) in the DOM, with keyboard selection.
//!
//! The body is as tall as all the rows, so the scroll bar is true, up to [`MAX_BODY_PX`]; past that (about
//! 360,000 rows of 22 px) the scroll position maps proportionally onto the rows, since browsers cap element
//! heights. Rendering costs the same at ten rows and at ten million: a window of indexes is computed from the
//! scroll position and only those rows are built; the caller's `render_row` reads row `i` by index.
//!
//! Keys when the table has focus: ArrowUp/ArrowDown move the selection, PageUp/PageDown by a screen,
//! Home/End to the first/last row, Enter opens the selected row, ArrowRight/ArrowLeft expand and collapse it.
//! A click selects, a double click opens.

use leptos::html::Div;
use leptos::prelude::*;

use super::last_measured::LastMeasured;

/// The tallest body the table lays out before the scroll position is scaled.
pub const MAX_BODY_PX: f64 = 8_000_000.0;
/// Rows built above and below the visible ones.
const OVERSCAN: usize = 3;

/// The height assumed for a table never measured, px.
const FIRST_HEIGHT: f64 = 600.0;

thread_local! {
    /// The last measured height of each table, by label, so that a page opened again builds the rows it shows
    /// at once, not those of an assumed height.
    static HEIGHTS: LastMeasured<f64> = const { LastMeasured::new() };
}

/// Where the table is scrolled.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Viewport {
    scroll_top: f64,
    height: f64,
}

/// The mapping between scroll pixels and rows (the header row is `row_height` tall and sticks to the top).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Geometry {
    rows: usize,
    row_height: f64,
    height: f64,
}

impl Geometry {
    /// The laid-out body height.
    fn body_px(self) -> f64 {
        (self.rows as f64 * self.row_height).min(MAX_BODY_PX)
    }

    /// Virtual pixels per scroll pixel (1 until the body is capped): the scroll range maps onto the rows.
    fn scale(self) -> f64 {
        let full = self.rows as f64 * self.row_height;
        let body = self.body_px();
        let scrollable = body + self.row_height - self.height;
        if full <= body || scrollable <= 0.0 {
            1.0
        } else {
            (full + self.row_height - self.height) / scrollable
        }
    }

    /// The virtual offset of the top of the viewport.
    fn virtual_top(self, scroll_top: f64) -> f64 {
        scroll_top * self.scale()
    }

    /// The rows to build at `scroll_top`.
    fn window(self, scroll_top: f64) -> core::ops::Range<usize> {
        let top = self.virtual_top(scroll_top);
        let first = (top / self.row_height).floor().max(0.0) as usize;
        let visible = (self.height / self.row_height).ceil() as usize + 1;
        first.saturating_sub(OVERSCAN)..(first + visible + OVERSCAN).min(self.rows)
    }

    /// Where row `index` sits in the body at `scroll_top`, px.
    fn row_top(self, index: usize, scroll_top: f64) -> f64 {
        scroll_top + index as f64 * self.row_height - self.virtual_top(scroll_top)
    }

    /// The scroll position that shows row `index` with the fewest pixels moved from `scroll_top`.
    fn reveal(self, index: usize, scroll_top: f64, header: f64) -> f64 {
        let top = index as f64 * self.row_height;
        let seen = self.virtual_top(scroll_top);
        let room = (self.height - header).max(self.row_height);
        let wanted = if top < seen {
            top
        } else if top + self.row_height > seen + room {
            top + self.row_height - room
        } else {
            seen
        };
        wanted / self.scale()
    }

    /// Rows in one screen.
    fn page(self) -> usize {
        ((self.height / self.row_height).floor() as usize)
            .saturating_sub(2)
            .max(1)
    }
}

/// A virtualized table; see the module documentation.
#[component]
pub fn VirtualTable<R, V>(
    /// How many rows there are.
    #[prop(into)]
    rows: Signal<usize>,
    /// The height of every row, px (the CSS must give rows this height).
    row_height: f64,
    /// The selected row, shared with the caller.
    selected: RwSignal<Option<usize>>,
    /// Called with a row when it is opened (double click, Enter).
    on_open: Callback<usize>,
    /// Called with a row and `true` to expand it, `false` to collapse it (ArrowRight, ArrowLeft).
    #[prop(optional)]
    on_expand: Option<Callback<(usize, bool)>>,
    /// Builds the cells of row `i`.
    render_row: R,
    /// The header row's cells.
    header: ChildrenFn,
    /// The table's accessible name.
    label: &'static str,
    /// Extra classes for the scroll container.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView
where
    R: Fn(usize) -> V + Send + Sync + Clone + 'static,
    V: IntoView + 'static,
{
    let scroller = NodeRef::<Div>::new();
    let viewport = RwSignal::new(Viewport {
        scroll_top: 0.0,
        height: HEIGHTS
            .with(|heights| heights.get(label))
            .unwrap_or(FIRST_HEIGHT),
    });
    let geometry = move || Geometry {
        rows: rows.get(),
        row_height,
        height: viewport.get().height,
    };
    let window = Memo::new(move |_| geometry().window(viewport.get().scroll_top));
    let measure = move || {
        if let Some(element) = scroller.get_untracked() {
            let next = Viewport {
                scroll_top: element.scroll_top(),
                height: f64::from(element.client_height()),
            };
            if viewport.get_untracked() != next {
                HEIGHTS.with(|heights| heights.set(label, next.height));
                viewport.set(next);
            }
        }
    };
    Effect::new(move |_| {
        if scroller.get().is_some() {
            request_animation_frame(measure);
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let header_height = row_height;
    let scroll_to = move |index: usize| {
        let Some(element) = scroller.get_untracked() else {
            return;
        };
        let current = element.scroll_top();
        let wanted = geometry().reveal(index, current, header_height);
        if (wanted - current).abs() >= 1.0 {
            element.set_scroll_top(wanted.round());
        }
        measure();
    };
    let select = move |index: usize| {
        selected.set(Some(index));
        scroll_to(index);
    };
    let on_key = move |event: leptos::ev::KeyboardEvent| {
        let count = rows.get_untracked();
        if count == 0 {
            return;
        }
        let last = count - 1;
        let current = selected.get_untracked();
        let page = geometry().page();
        let target = match event.key().as_str() {
            "ArrowDown" => Some(current.map_or(0, |i| (i + 1).min(last))),
            "ArrowUp" => Some(current.map_or(0, |i| i.saturating_sub(1))),
            "PageDown" => Some(current.map_or(0, |i| (i + page).min(last))),
            "PageUp" => Some(current.map_or(0, |i| i.saturating_sub(page))),
            "Home" => Some(0),
            "End" => Some(last),
            "Enter" => {
                if let Some(index) = current {
                    on_open.run(index);
                }
                None
            }
            "ArrowRight" | "ArrowLeft" => {
                if let (Some(index), Some(expand)) = (current, on_expand) {
                    expand.run((index, event.key() == "ArrowRight"));
                }
                None
            }
            _ => return,
        };
        event.prevent_default();
        if let Some(index) = target {
            select(index.min(last));
        }
    };

    view! {
        <div
            class=format!("vtable {class}")
            role="grid"
            tabindex="0"
            aria-label=label
            aria-rowcount=move || rows.get() + 1
            node_ref=scroller
            on:scroll=move |_| measure()
            on:keydown=on_key
        >
            <div class="vtable-head" role="row" aria-rowindex="1">
                {header()}
            </div>
            <div
                class="vtable-body"
                style:height=move || format!("{}px", geometry().body_px())
            >
                <For
                    each=move || window.get()
                    key=|index| *index
                    children=move |index| {
                        let render_row = render_row.clone();
                        view! {
                            <div
                                class="vtable-row"
                                role="row"
                                aria-rowindex=index + 2
                                data-row=index
                                class:selected=move || selected.get() == Some(index)
                                aria-selected=move || (selected.get() == Some(index)).to_string()
                                style:transform=move || {
                                    let top = geometry().row_top(index, viewport.get().scroll_top);
                                    format!("translateY({top}px)")
                                }
                                on:click=move |_| selected.set(Some(index))
                                on:dblclick=move |_| on_open.run(index)
                            >
                                {render_row(index)}
                            </div>
                        }
                    }
                />
            </div>
        </div>
    }
}
