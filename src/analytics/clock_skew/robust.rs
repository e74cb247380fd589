//! Robust estimators for clock skew: the true median and the Theil-Sen slope.

/// The true median of `values` (the mean of the two middle values for an even count), reordering them; `None`
/// when empty. NaN sorts last ([`f64::total_cmp`]).
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let odd = values.len() % 2 == 1;
    // In bounds: the slice is not empty.
    let (lower_part, upper, _) = values.select_nth_unstable_by(values.len() / 2, f64::total_cmp);
    let upper = *upper;
    if odd {
        return Some(upper);
    }
    let lower = lower_part.iter().copied().max_by(f64::total_cmp)?;
    Some((lower + upper) / 2.0)
}

/// The Theil-Sen slope of `points` (`(x, y)`): the median of the slopes between every pair with distinct `x`;
/// `None` without such a pair. `slopes` is scratch space.
pub fn theil_sen(points: &[(f64, f64)], slopes: &mut Vec<f64>) -> Option<f64> {
    slopes.clear();
    for (i, &(x1, y1)) in points.iter().enumerate() {
        for &(x2, y2) in points.get(i + 1..).unwrap_or_default() {
            let dx = x2 - x1;
            if dx != 0.0 {
                slopes.push((y2 - y1) / dx);
            }
        }
    }
    median(slopes)
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0]), Some(3.0));
        assert_eq!(median(&mut [5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&mut [-1.0, -1.0]), Some(-1.0));
    }

    #[test]
    fn theil_sen_ignores_an_outlier() {
        let mut scratch = Vec::new();
        let mut points: Vec<(f64, f64)> = (0..10)
            .map(|x| (f64::from(x), 2.0 * f64::from(x) + 1.0))
            .collect();
        points[4].1 = 1000.0;
        assert_eq!(theil_sen(&points, &mut scratch), Some(2.0));
        assert_eq!(theil_sen(&[(1.0, 1.0), (1.0, 5.0)], &mut scratch), None);
    }
}
