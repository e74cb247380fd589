//! The map's marker shapes, as CoreScope draws them: repeater ◆, companion ●, room ■, sensor ▲, observer ★,
//! and a ring for nodes of no known role. Each shape is an SVG path centred on 0,0, about 14 px across.

use leptos::prelude::*;

/// A marker shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// Repeaters.
    Diamond,
    /// Companions.
    Circle,
    /// Room servers.
    Square,
    /// Sensors.
    Triangle,
    /// Observers.
    Star,
    /// No known role.
    Ring,
}

impl Shape {
    /// The shape of an advertised role (`REPEATER`, `CHAT`, `ROOM`, `SENSOR`; anything else a ring).
    pub fn of_role(role: Option<&str>) -> Shape {
        match role {
            Some("REPEATER") => Shape::Diamond,
            Some("CHAT") => Shape::Circle,
            Some("ROOM") => Shape::Square,
            Some("SENSOR") => Shape::Triangle,
            _ => Shape::Ring,
        }
    }

    /// The SVG path, centred on 0,0.
    pub const fn path(self) -> &'static str {
        match self {
            Shape::Diamond => "M0 -7L7 0L0 7L-7 0Z",
            Shape::Circle => "M-5.5 0a5.5 5.5 0 1 0 11 0a5.5 5.5 0 1 0 -11 0Z",
            Shape::Square => "M-5 -5h10v10h-10Z",
            Shape::Triangle => "M0 -6.5L6.5 5.5L-6.5 5.5Z",
            Shape::Star => {
                "M0 -7.5L1.8 -2.4L7.1 -2.3L2.9 0.9L4.4 6.1L0 3L-4.4 6.1L-2.9 0.9L-7.1 -2.3L-1.8 -2.4Z"
            }
            Shape::Ring => "M-4.5 0a4.5 4.5 0 1 0 9 0a4.5 4.5 0 1 0 -9 0Z",
        }
    }

    /// The CSS class that colours it (`www/map.css`).
    pub const fn class(self) -> &'static str {
        match self {
            Shape::Diamond => "shape-repeater",
            Shape::Circle => "shape-companion",
            Shape::Square => "shape-room",
            Shape::Triangle => "shape-sensor",
            Shape::Star => "shape-observer",
            Shape::Ring => "shape-unknown",
        }
    }
}

/// A shape as a small inline icon, for legends and tables.
#[component]
pub fn ShapeIcon(
    /// The shape.
    shape: Shape,
) -> impl IntoView {
    view! {
        <svg class="shape-icon" width="14" height="14" viewBox="-8 -8 16 16" aria-hidden="true">
            <path class=shape.class() d=shape.path() />
        </svg>
    }
}
