//! Web Mercator for the offline map: positions to world units and screen pixels, a view fitted to a bounding
//! box, zoom and pan, a lat/lon graticule with round steps, a scale bar, and the OpenStreetMap tiles that cover
//! a view.
//!
//! World units are Web Mercator scaled to `0..1` on both axes (x east from 180° W, y south from 85.05° N), the
//! same square as a zoom-0 map tile, so tiles need no other conversion. A [`View`] maps world units to pixels:
//! `px = (world - origin) * scale`.

use std::f64::consts::PI;

use super::geo::EARTH_RADIUS_KM;

/// The latitude Web Mercator stops at (the world is then square).
pub const MAX_LAT: f64 = 85.051_128_78;
/// The span shown around a single position, in degrees of latitude (about 5 km).
pub const SINGLE_POINT_SPAN_DEG: f64 = 0.05;
/// The largest zoom: about 2 cm per pixel, far past any position's precision.
pub const MAX_SCALE: f64 = (1u64 << 30) as f64;
/// The deepest OpenStreetMap tile level.
pub const MAX_TILE_ZOOM: u8 = 19;
/// Tile edge in pixels.
pub const TILE_PX: f64 = 256.0;

/// A position in world units.
pub fn world(lat: f64, lon: f64) -> (f64, f64) {
    let phi = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    let x = (lon + 180.0) / 360.0;
    let y = (1.0 - (phi.tan() + 1.0 / phi.cos()).ln() / PI) / 2.0;
    (x, y)
}

/// The position (latitude, longitude in degrees) of a point in world units.
pub fn position(x: f64, y: f64) -> (f64, f64) {
    let lon = x * 360.0 - 180.0;
    let lat = (PI * (1.0 - 2.0 * y)).sinh().atan().to_degrees();
    (lat, lon)
}

/// A latitude/longitude box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Southern edge, degrees.
    pub min_lat: f64,
    /// Northern edge.
    pub max_lat: f64,
    /// Western edge.
    pub min_lon: f64,
    /// Eastern edge.
    pub max_lon: f64,
}

impl Bounds {
    /// The smallest box holding every finite position of `positions`; `None` when there is none.
    pub fn of(positions: impl IntoIterator<Item = (f64, f64)>) -> Option<Bounds> {
        positions
            .into_iter()
            .filter(|(lat, lon)| lat.is_finite() && lon.is_finite())
            .fold(None, |bounds: Option<Bounds>, (lat, lon)| {
                Some(match bounds {
                    None => Bounds {
                        min_lat: lat,
                        max_lat: lat,
                        min_lon: lon,
                        max_lon: lon,
                    },
                    Some(b) => Bounds {
                        min_lat: b.min_lat.min(lat),
                        max_lat: b.max_lat.max(lat),
                        min_lon: b.min_lon.min(lon),
                        max_lon: b.max_lon.max(lon),
                    },
                })
            })
    }
}

/// What a screen of `width` × `height` pixels shows: world point `(x0, y0)` at its top-left corner, `scale`
/// pixels per world unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// World x at the left edge.
    pub x0: f64,
    /// World y at the top edge.
    pub y0: f64,
    /// Pixels per world unit.
    pub scale: f64,
    /// Screen width, pixels.
    pub width: f64,
    /// Screen height, pixels.
    pub height: f64,
}

/// A scale bar: a round distance and its length on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleBar {
    /// The distance, kilometres.
    pub km: f64,
    /// Its length, pixels.
    pub px: f64,
    /// `500 m`, `2 km`, `1000 km`.
    pub label: String,
}

/// One graticule line: a latitude (horizontal line at screen `y`) or a longitude (vertical line at `x`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GraticuleLine {
    /// The latitude or longitude, degrees.
    pub degrees: f64,
    /// Its screen coordinate: y for a latitude, x for a longitude.
    pub at_px: f64,
}

/// The graticule lines of a view.
#[derive(Debug, Clone, PartialEq)]
pub struct Graticule {
    /// The step between lines, degrees.
    pub step: f64,
    /// Latitudes, north to south.
    pub lats: Vec<GraticuleLine>,
    /// Longitudes, west to east.
    pub lons: Vec<GraticuleLine>,
}

/// One OpenStreetMap tile and where it goes on screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tile {
    /// Zoom level.
    pub z: u8,
    /// Column.
    pub x: u32,
    /// Row.
    pub y: u32,
    /// Left edge on screen, pixels.
    pub left: f64,
    /// Top edge on screen, pixels.
    pub top: f64,
    /// Edge length on screen, pixels.
    pub size: f64,
}

impl View {
    /// The view that shows `bounds` whole and centred on a `width` × `height` screen, `margin` pixels inside
    /// each edge; a single position is shown with [`SINGLE_POINT_SPAN_DEG`] around it.
    pub fn fit(bounds: Bounds, width: f64, height: f64, margin: f64) -> View {
        let half = SINGLE_POINT_SPAN_DEG / 2.0;
        let (mut south, mut north) = (bounds.min_lat, bounds.max_lat);
        let (mut west, mut east) = (bounds.min_lon, bounds.max_lon);
        let mut centre = None;
        if north - south < SINGLE_POINT_SPAN_DEG && east - west < SINGLE_POINT_SPAN_DEG {
            let (lat, lon) = ((north + south) / 2.0, (east + west) / 2.0);
            centre = Some(world(lat, lon));
            (south, north, west, east) = (lat - half, lat + half, lon - half, lon + half);
        }
        let (left, top) = world(north, west);
        let (right, bottom) = world(south, east);
        let span_x = (right - left).max(f64::EPSILON);
        let span_y = (bottom - top).max(f64::EPSILON);
        let room_x = (width - 2.0 * margin).max(1.0);
        let room_y = (height - 2.0 * margin).max(1.0);
        let scale = (room_x / span_x).min(room_y / span_y).min(MAX_SCALE);
        let (cx, cy) = centre.unwrap_or(((left + right) / 2.0, (top + bottom) / 2.0));
        View {
            x0: cx - width / 2.0 / scale,
            y0: cy - height / 2.0 / scale,
            scale,
            width,
            height,
        }
    }

    /// The screen point of a position.
    pub fn to_screen(&self, lat: f64, lon: f64) -> (f64, f64) {
        let (x, y) = world(lat, lon);
        ((x - self.x0) * self.scale, (y - self.y0) * self.scale)
    }

    /// The position under a screen point.
    pub fn to_position(&self, px: f64, py: f64) -> (f64, f64) {
        position(self.x0 + px / self.scale, self.y0 + py / self.scale)
    }

    /// The same view zoomed by `factor` (above 1 zooms in) about screen point `(px, py)`, which stays put;
    /// the scale is kept between a whole world on screen and [`MAX_SCALE`].
    pub fn zoomed(&self, factor: f64, px: f64, py: f64) -> View {
        let min_scale = self.width.min(self.height).max(1.0) / 2.0;
        let scale = (self.scale * factor).clamp(min_scale, MAX_SCALE);
        let (wx, wy) = (self.x0 + px / self.scale, self.y0 + py / self.scale);
        View {
            x0: wx - px / scale,
            y0: wy - py / scale,
            scale,
            ..*self
        }
    }

    /// The same view with its content moved by `(dx, dy)` pixels (a drag).
    pub fn panned(&self, dx: f64, dy: f64) -> View {
        View {
            x0: self.x0 - dx / self.scale,
            y0: self.y0 - dy / self.scale,
            ..*self
        }
    }

    /// Ground kilometres per pixel at the latitude of the screen's centre.
    pub fn km_per_px(&self) -> f64 {
        let (lat, _) = self.to_position(self.width / 2.0, self.height / 2.0);
        2.0 * PI * EARTH_RADIUS_KM * lat.to_radians().cos() / self.scale
    }

    /// The longest round distance (1, 2 or 5 × 10ⁿ m or km) whose bar is at most `max_px` long.
    pub fn scale_bar(&self, max_px: f64) -> ScaleBar {
        let km_per_px = self.km_per_px().max(f64::MIN_POSITIVE);
        let km = round_down(max_px * km_per_px);
        let label = if km >= 1.0 {
            format!("{km} km")
        } else {
            format!("{} m", (km * 1000.0).round())
        };
        ScaleBar {
            km,
            px: km / km_per_px,
            label,
        }
    }

    /// Lines of latitude and longitude at a round step (1, 2 or 5 × 10ⁿ degrees, at most 45°) that gives about
    /// `target` lines across the wider side.
    pub fn graticule(&self, target: f64) -> Graticule {
        let (north, west) = self.to_position(0.0, 0.0);
        let (south, east) = self.to_position(self.width, self.height);
        let span = (east - west).max(north - south).max(1e-9);
        let step = round_down(span / target.max(1.0)).min(45.0);
        let lines = |from: f64, to: f64| {
            let first = (from / step).ceil() as i64;
            let last = (to / step).floor() as i64;
            (first..=last.max(first - 1)).map(move |i| i as f64 * step)
        };
        let lats = lines(south.max(-MAX_LAT), north.min(MAX_LAT))
            .rev()
            .map(|lat| GraticuleLine {
                degrees: lat,
                at_px: self.to_screen(lat, 0.0).1,
            })
            .collect();
        let lons = lines(west.max(-180.0), east.min(180.0))
            .map(|lon| GraticuleLine {
                degrees: lon,
                at_px: self.to_screen(0.0, lon).0,
            })
            .collect();
        Graticule { step, lats, lons }
    }

    /// The tiles that cover the screen at the zoom level whose tiles are closest to [`TILE_PX`] on screen.
    pub fn tiles(&self) -> Vec<Tile> {
        let z = (self.scale / TILE_PX)
            .log2()
            .round()
            .clamp(0.0, f64::from(MAX_TILE_ZOOM)) as u8;
        let count = 1u32 << z;
        let size = self.scale / f64::from(count);
        let index = |world: f64| (world * f64::from(count)).floor();
        let (first_x, first_y) = (index(self.x0).max(0.0), index(self.y0).max(0.0));
        let last = f64::from(count - 1);
        let last_x = index(self.x0 + self.width / self.scale).min(last);
        let last_y = index(self.y0 + self.height / self.scale).min(last);
        let mut tiles = Vec::new();
        let mut y = first_y;
        while y <= last_y {
            let mut x = first_x;
            while x <= last_x {
                tiles.push(Tile {
                    z,
                    x: x as u32,
                    y: y as u32,
                    left: (x / f64::from(count) - self.x0) * self.scale,
                    top: (y / f64::from(count) - self.y0) * self.scale,
                    size,
                });
                x += 1.0;
            }
            y += 1.0;
        }
        tiles
    }
}

/// The largest of 1, 2 or 5 × 10ⁿ at most `value` (`value` itself when it is not positive and finite).
fn round_down(value: f64) -> f64 {
    if !(value.is_finite() && value > 0.0) {
        return value;
    }
    let power = 10f64.powf(value.log10().floor());
    let mantissa = value / power;
    let round = if mantissa >= 5.0 {
        5.0
    } else if mantissa >= 2.0 {
        2.0
    } else {
        1.0
    };
    round * power
}

#[cfg(test)]
mod test {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn world_units_round_trip() {
        assert_eq!(world(0.0, -180.0), (0.0, 0.5));
        let (x, y) = world(MAX_LAT, 180.0);
        assert!(close(x, 1.0, 1e-12) && close(y, 0.0, 1e-9), "{x} {y}");
        for (lat, lon) in [
            (47.6062, -122.3321),
            (-33.9, 151.2),
            (0.0, 0.0),
            (60.0, 10.0),
        ] {
            let (x, y) = world(lat, lon);
            let (back_lat, back_lon) = position(x, y);
            assert!(close(back_lat, lat, 1e-9) && close(back_lon, lon, 1e-9));
        }
    }

    #[test]
    fn fit_centres_the_box_inside_the_margin() {
        let bounds = Bounds::of([(47.0, -123.0), (48.0, -122.0), (47.5, -122.5)]).unwrap();
        let view = View::fit(bounds, 800.0, 600.0, 20.0);
        let (left, top) = view.to_screen(48.0, -123.0);
        let (right, bottom) = view.to_screen(47.0, -122.0);
        // Taller than wide in Mercator at this latitude: the height is filled, the width centred.
        assert!(
            close(top, 20.0, 1e-6) && close(bottom, 580.0, 1e-6),
            "{top} {bottom}"
        );
        assert!(
            close(left + right, 800.0, 1e-6) && left > 20.0,
            "{left} {right}"
        );
        let (lat, lon) = view.to_position(400.0, 300.0);
        assert!(close(lon, -122.5, 1e-9) && lat > 47.4 && lat < 47.6);
    }

    #[test]
    fn a_single_point_gets_a_neighbourhood() {
        let bounds = Bounds::of([(47.0, -122.0)]).unwrap();
        let view = View::fit(bounds, 400.0, 400.0, 0.0);
        let (x, y) = view.to_screen(47.0, -122.0);
        assert!(close(x, 200.0, 1e-6) && close(y, 200.0, 1e-6));
        let (north, _) = view.to_position(200.0, 0.0);
        assert!(close(north, 47.025, 2e-3), "{north}");
        assert_eq!(Bounds::of([(f64::NAN, 1.0)]), None);
    }

    #[test]
    fn zoom_keeps_the_anchor_and_pan_moves_by_pixels() {
        let view = View::fit(
            Bounds::of([(47.0, -123.0), (48.0, -122.0)]).unwrap(),
            800.0,
            600.0,
            0.0,
        );
        let anchor = view.to_position(100.0, 150.0);
        let zoomed = view.zoomed(2.0, 100.0, 150.0);
        assert!(close(zoomed.scale, view.scale * 2.0, 1e-9));
        let after = zoomed.to_screen(anchor.0, anchor.1);
        assert!(close(after.0, 100.0, 1e-6) && close(after.1, 150.0, 1e-6));
        let panned = zoomed.panned(30.0, -10.0);
        let moved = panned.to_screen(anchor.0, anchor.1);
        assert!(close(moved.0, 130.0, 1e-6) && close(moved.1, 140.0, 1e-6));
        // Zooming out stops at a whole world on screen.
        let out = view.zoomed(1e-12, 0.0, 0.0);
        assert_eq!(out.scale, 300.0);
    }

    #[test]
    fn scale_bar_is_round_and_true() {
        // At the equator the whole world (40,030 km) spans `scale` pixels.
        let view = View {
            x0: 0.0,
            y0: 0.0,
            scale: 40_030.0,
            width: 1.0,
            height: 1.0 / 40_030.0,
        };
        let view = View {
            y0: 0.5 - view.height / 2.0 / view.scale,
            ..view
        };
        let bar = view.scale_bar(120.0);
        assert!(close(view.km_per_px(), 1.0, 1e-3), "{}", view.km_per_px());
        assert_eq!(bar.label, "100 km");
        assert!(close(bar.px, 100.0, 0.1));
        assert_eq!(round_down(0.37), 0.2);
        assert_eq!(round_down(7.0), 5.0);
        assert_eq!(round_down(1.0), 1.0);
        let tiny = View {
            scale: 40_030_000.0,
            ..view
        };
        assert_eq!(tiny.scale_bar(120.0).label, "100 m");
    }

    #[test]
    fn graticule_steps_are_round_and_on_screen() {
        let view = View::fit(
            Bounds::of([(47.0, -123.0), (48.0, -122.0)]).unwrap(),
            800.0,
            600.0,
            0.0,
        );
        let graticule = view.graticule(5.0);
        assert_eq!(graticule.step, 0.2);
        let degrees: Vec<f64> = graticule.lats.iter().map(|l| l.degrees).collect();
        assert!(degrees.windows(2).all(|w| w[0] > w[1]), "{degrees:?}");
        assert!(
            graticule
                .lats
                .iter()
                .all(|l| (0.0..=600.0).contains(&l.at_px))
        );
        assert!(
            graticule
                .lons
                .iter()
                .all(|l| (0.0..=800.0).contains(&l.at_px))
        );
        assert!(graticule.lons.len() >= 5);
        let world = View::fit(
            Bounds::of([(-80.0, -179.0), (80.0, 179.0)]).unwrap(),
            800.0,
            800.0,
            0.0,
        );
        assert_eq!(world.graticule(5.0).step, 45.0);
    }

    #[test]
    fn tiles_cover_the_screen() {
        // The whole world at 512 px: zoom 1, four tiles of 256 px.
        let view = View {
            x0: 0.0,
            y0: 0.0,
            scale: 512.0,
            width: 512.0,
            height: 512.0,
        };
        let tiles = view.tiles();
        assert_eq!(tiles.len(), 4);
        assert_eq!((tiles[3].z, tiles[3].x, tiles[3].y), (1, 1, 1));
        assert_eq!(
            (tiles[3].left, tiles[3].top, tiles[3].size),
            (256.0, 256.0, 256.0)
        );
        // A city: every tile index stays within the level.
        let city = View::fit(
            Bounds::of([(47.5, -122.4), (47.7, -122.2)]).unwrap(),
            1000.0,
            700.0,
            0.0,
        );
        let tiles = city.tiles();
        assert!(!tiles.is_empty() && tiles.len() <= 30, "{}", tiles.len());
        let z = tiles[0].z;
        assert!(
            tiles
                .iter()
                .all(|t| t.z == z && t.x < 1 << z && t.y < 1 << z)
        );
        let first = tiles[0];
        assert!(first.left <= 0.0 && first.top <= 0.0);
    }
}
