//! The few transcendental functions the generator needs, computed with `+ - * /` only. The standard library's
//! `ln` or `cos` call the platform's math library, whose last bit may differ between systems; a flipped bit
//! could move an SNR across a reception threshold and change a whole dump. These series give the same bits
//! everywhere (IEEE 754 makes the basic operations exact-rounded, and Rust never fuses them).

/// `ln 2`.
const LN_2: f64 = core::f64::consts::LN_2;
/// `ln 10`.
const LN_10: f64 = core::f64::consts::LN_10;

/// The natural logarithm of a positive, finite, normal `x` (NaN otherwise); within a few ulps of `f64::ln`.
pub fn ln(x: f64) -> f64 {
    if !(x.is_normal() && x > 0.0) {
        return f64::NAN;
    }
    let bits = x.to_bits();
    let mut exponent = ((bits >> 52) & 0x7FF) as i64 - 1023;
    // The mantissa as a number in [1, 2), then moved into [√½, √2) so the series below converges fast.
    let mut mantissa = f64::from_bits((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000);
    if mantissa > core::f64::consts::SQRT_2 {
        mantissa /= 2.0;
        exponent += 1;
    }
    // ln m = 2 atanh(s) = 2 (s + s³/3 + s⁵/5 + ...), |s| < 0.172.
    let s = (mantissa - 1.0) / (mantissa + 1.0);
    let s2 = s * s;
    let mut power = s;
    let mut sum = 0.0;
    let mut odd = 1.0;
    for _ in 0..13 {
        sum += power / odd;
        power *= s2;
        odd += 2.0;
    }
    exponent as f64 * LN_2 + 2.0 * sum
}

/// `log10(x)` for a positive, finite, normal `x`.
pub fn log10(x: f64) -> f64 {
    ln(x) / LN_10
}

/// The cosine of `x` radians, for `|x| <= π` (where the Taylor series below is accurate to about 1e-15).
pub fn cos(x: f64) -> f64 {
    let x2 = x * x;
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..=16 {
        let k = f64::from(k);
        term *= -x2 / ((2.0 * k - 1.0) * (2.0 * k));
        sum += term;
    }
    sum
}

/// Degrees to radians.
pub fn radians(degrees: f64) -> f64 {
    degrees * (core::f64::consts::PI / 180.0)
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn ln_matches_std() {
        for x in [
            1e-9, 0.001, 0.5, 0.72, 1.0, 1.5, 2.0, 10.0, 47.6, 1e6, 3.7e12,
        ] {
            let ours = ln(x);
            assert!(
                (ours - x.ln()).abs() <= 1e-14 * x.ln().abs().max(1.0),
                "{x}"
            );
        }
        assert_eq!(ln(1.0), 0.0);
        assert!(ln(0.0).is_nan());
        assert!(ln(-1.0).is_nan());
        assert!(ln(f64::INFINITY).is_nan());
        assert!((log10(1000.0) - 3.0).abs() < 1e-14);
    }

    #[test]
    fn cos_matches_std() {
        for degrees in [-90.0, -47.6, 0.0, 12.5, 45.0, 60.0, 89.9, 180.0] {
            let x = radians(degrees);
            assert!((cos(x) - x.cos()).abs() < 1e-14, "{degrees}");
        }
        assert_eq!(cos(0.0), 1.0);
    }
}
