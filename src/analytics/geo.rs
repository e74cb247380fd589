//! Distances on the Earth's surface between advertised positions.

use crate::protocol::Location;

/// Mean Earth radius used for great-circle distances, in kilometres.
pub const EARTH_RADIUS_KM: f64 = 6_371.0;

/// The great-circle (haversine) distance in kilometres between two positions in degrees.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let half_dlat = (lat2 - lat1) / 2.0;
    let half_dlon = (lon2 - lon1) / 2.0;
    let h = half_dlat.sin().powi(2) + lat1.cos() * lat2.cos() * half_dlon.sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// The distance in kilometres between two advertised locations; `None` when either has no fix (0,0).
pub fn distance_km(a: Location, b: Location) -> Option<f64> {
    Some(haversine_km(a.degrees()?, b.degrees()?))
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn known_distances() {
        // Seattle (47.6062, -122.3321) to Portland (45.5152, -122.6784): about 233.6 km.
        let seattle_portland = haversine_km((47.6062, -122.3321), (45.5152, -122.6784));
        assert!((seattle_portland - 233.6).abs() < 0.5, "{seattle_portland}");
        // A quarter of the equator.
        let quarter = haversine_km((0.0, 0.0), (0.0, 90.0));
        assert!((quarter - EARTH_RADIUS_KM * std::f64::consts::FRAC_PI_2).abs() < 1e-6);
        assert_eq!(haversine_km((10.0, 20.0), (10.0, 20.0)), 0.0);
    }

    #[test]
    fn no_fix_has_no_distance() {
        let here = Location {
            lat: 47_606_200,
            lon: -122_332_100,
        };
        let no_fix = Location { lat: 0, lon: 0 };
        assert_eq!(distance_km(here, no_fix), None);
        assert_eq!(distance_km(here, here), Some(0.0));
    }
}
