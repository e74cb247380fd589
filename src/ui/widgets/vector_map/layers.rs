//! What the map draws besides markers, as SVG path data and labels in screen pixels for one [`View`]: line
//! layers, the graticule and the scale bar.

use std::fmt::Write as _;

use crate::analytics::projection::View;

/// A straight line between two positions (latitude, longitude in degrees).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapLine {
    /// One end.
    pub from: (f64, f64),
    /// The other end.
    pub to: (f64, f64),
}

/// Lines drawn alike: one SVG path with one CSS class.
#[derive(Debug, Clone, PartialEq)]
pub struct MapLayer {
    /// The CSS class of the path (`www/map.css`): `link`, `link-zero-hop`, `route`.
    pub class: &'static str,
    /// Its lines.
    pub lines: Vec<MapLine>,
}

/// The path data of `lines` on `view`: one `M x y L x y` segment per line.
pub fn lines_path(view: &View, lines: &[MapLine]) -> String {
    let mut out = String::with_capacity(lines.len() * 32);
    for line in lines {
        let (x1, y1) = view.to_screen(line.from.0, line.from.1);
        let (x2, y2) = view.to_screen(line.to.0, line.to.1);
        let _ = write!(out, "M{x1:.1} {y1:.1}L{x2:.1} {y2:.1}");
    }
    out
}

/// A graticule label: its text and where it goes.
#[derive(Debug, Clone, PartialEq)]
pub struct GraticuleLabel {
    /// `47.2°N`, `122.4°W`.
    pub text: String,
    /// Screen x.
    pub x: f64,
    /// Screen y.
    pub y: f64,
}

/// Least distance between two longitude labels, pixels (narrow maps label every other line or fewer).
const MIN_LABEL_GAP_PX: f64 = 64.0;

/// Height kept free of latitude labels at the bottom, where the scale bar is, pixels.
const SCALE_BAR_ROOM_PX: f64 = 30.0;

/// The graticule of `view`: its lines as one path, and a label per line along the left and top edges (longitude
/// labels at least [`MIN_LABEL_GAP_PX`] apart, no latitude label over the scale bar).
pub fn graticule(view: &View) -> (String, Vec<GraticuleLabel>) {
    let graticule = view.graticule(6.0);
    let decimals = if graticule.step >= 1.0 {
        0
    } else {
        (-graticule.step.log10().floor()) as usize
    };
    let mut path = String::new();
    let mut labels = Vec::new();
    for line in &graticule.lats {
        let _ = write!(path, "M0 {y:.1}H{w:.1}", y = line.at_px, w = view.width);
        if line.at_px > view.height - SCALE_BAR_ROOM_PX {
            continue;
        }
        let hemisphere = if line.degrees < 0.0 { 'S' } else { 'N' };
        labels.push(GraticuleLabel {
            text: format!("{:.decimals$}°{hemisphere}", line.degrees.abs()),
            x: 4.0,
            y: line.at_px - 3.0,
        });
    }
    let mut last_label_px = f64::NEG_INFINITY;
    for line in &graticule.lons {
        let _ = write!(path, "M{x:.1} 0V{h:.1}", x = line.at_px, h = view.height);
        if line.at_px - last_label_px < MIN_LABEL_GAP_PX {
            continue;
        }
        last_label_px = line.at_px;
        let hemisphere = if line.degrees < 0.0 { 'W' } else { 'E' };
        labels.push(GraticuleLabel {
            text: format!("{:.decimals$}°{hemisphere}", line.degrees.abs()),
            x: line.at_px + 3.0,
            y: 12.0,
        });
    }
    (path, labels)
}
