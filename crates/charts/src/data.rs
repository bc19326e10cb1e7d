//! Small numeric helpers on the data charts draw: extents, quantiles, bins, gaps.

use plotters::prelude::*;

use crate::error::Result;
use crate::style::Plot;

/// Smallest and largest finite value, if any.
pub(crate) fn finite_extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// Widens a range by `frac` of its width on each side; a range of zero width (all values
/// equal, a single point) is opened around its value so that it can still be drawn.
pub(crate) fn padded((lo, hi): (f64, f64), frac: f64) -> (f64, f64) {
    let width = hi - lo;
    if width > f64::EPSILON * lo.abs().max(hi.abs()).max(1.0) {
        (lo - width * frac, hi + width * frac)
    } else {
        let half = if lo.abs() > 0.0 { lo.abs() * 0.1 } else { 0.5 };
        (lo - half, hi + half)
    }
}

/// Median and the `lo`/`hi` quantiles of finite values (linear interpolation).
pub(crate) fn quantiles(values: &[f64], probs: &[f64]) -> Option<Vec<f64>> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(
        probs
            .iter()
            .map(|p| {
                let pos = p.clamp(0.0, 1.0) * (v.len() - 1) as f64;
                let (i, f) = (pos.floor() as usize, pos.fract());
                let next = v[(i + 1).min(v.len() - 1)];
                v[i] + (next - v[i]) * f
            })
            .collect(),
    )
}

/// The median (linear interpolation, as [`quantiles`]) of values each standing for
/// `weight` of them: the median of the expanded sample, without expanding it.
pub(crate) fn weighted_median(values: &[(f64, u64)]) -> Option<f64> {
    let mut v: Vec<(f64, u64)> = values
        .iter()
        .copied()
        .filter(|(x, w)| x.is_finite() && *w > 0)
        .collect();
    let n: u64 = v.iter().map(|(_, w)| w).sum();
    if n == 0 {
        return None;
    }
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let nth = |index: u64| {
        let mut seen = 0;
        v.iter()
            .find(|(_, w)| {
                seen += w;
                index < seen
            })
            .map_or(f64::NAN, |(x, _)| *x)
    };
    let pos = 0.5 * (n - 1) as f64;
    let below = pos.floor() as u64;
    let (lo, hi) = (nth(below), nth((below + 1).min(n - 1)));
    Some(lo + (hi - lo) * (pos - below as f64))
}

/// Values counted in equal-width bins over a range (values outside it are ignored; the top
/// edge belongs to the last bin).
pub(crate) struct Bins {
    pub lo: f64,
    pub width: f64,
    pub counts: Vec<u64>,
}

impl Bins {
    /// `asked` bins (capped at [`MAX_BINS`]), or about √n when 0.
    pub(crate) fn new(values: &[f64], range: (f64, f64), asked: usize) -> Self {
        let once: Vec<(f64, u64)> = values.iter().map(|&v| (v, 1)).collect();
        Self::weighted(&once, range, asked)
    }

    /// `asked` bins (capped at [`MAX_BINS`]), or about √n when 0, of values each
    /// standing for `weight` of them (n is the sum of the weights).
    pub(crate) fn weighted(values: &[(f64, u64)], range: (f64, f64), asked: usize) -> Self {
        let total: u64 = values.iter().map(|(_, w)| w).sum();
        let n = bin_count(asked, usize::try_from(total).unwrap_or(usize::MAX));
        let width = (range.1 - range.0) / n as f64;
        let mut counts = vec![0u64; n];
        for &(v, w) in values {
            if v.is_finite() && (range.0..=range.1).contains(&v) {
                counts[(((v - range.0) / width) as usize).min(n - 1)] += w;
            }
        }
        Self {
            lo: range.0,
            width,
            counts,
        }
    }

    /// The largest count.
    pub(crate) fn peak(&self) -> f64 {
        self.counts.iter().copied().max().unwrap_or(0) as f64
    }

    /// One bar per non-empty bin, with a hairline gap that keeps neighbours apart without
    /// turning them into stripes.
    pub(crate) fn draw<DB: DrawingBackend>(
        &self,
        chart: &mut Plot<'_, DB>,
        color: RGBColor,
    ) -> Result<()> {
        let gap = self.width * 0.04;
        chart.draw_series(self.counts.iter().enumerate().filter(|(_, c)| **c > 0).map(
            |(i, c)| {
                let x = self.lo + self.width * i as f64;
                Rectangle::new(
                    [(x + gap, 0.0), (x + self.width - gap, *c as f64)],
                    color.filled(),
                )
            },
        ))?;
        Ok(())
    }
}

/// Most bins a histogram gets, whatever it is asked for: more cannot be told apart.
pub(crate) const MAX_BINS: usize = 400;

/// The bin count to use: `asked` (capped at [`MAX_BINS`]), or automatic when 0.
fn bin_count(asked: usize, n: usize) -> usize {
    if asked == 0 {
        auto_bins(n)
    } else {
        asked.min(MAX_BINS)
    }
}

/// A bin count suited to `n` values: about √n, kept within what stays readable. Always
/// odd, so that values all equal (a range padded evenly around them) fall mid-bin rather
/// than on an edge.
fn auto_bins(n: usize) -> usize {
    ((n as f64).sqrt().ceil() as usize).clamp(5, 50) | 1
}

/// Splits `points` into runs of consecutive finite points, so that a missing value breaks
/// a line rather than dragging it to zero.
pub(crate) fn finite_runs(points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    points
        .split(|(x, y)| !x.is_finite() || !y.is_finite())
        .filter(|run| !run.is_empty())
        .map(<[_]>::to_vec)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degenerate_ranges_open_up() {
        assert_eq!(padded((3.0, 3.0), 0.05), (2.7, 3.3));
        assert_eq!(padded((0.0, 0.0), 0.05), (-0.5, 0.5));
        assert_eq!(finite_extent([f64::NAN, 2.0, -1.0]), Some((-1.0, 2.0)));
        assert_eq!(finite_extent([f64::NAN]), None);
    }

    #[test]
    fn weighted_medians_equal_those_of_the_expanded_sample() {
        assert_eq!(weighted_median(&[(3.0, 1), (1.0, 2), (10.0, 1)]), Some(2.0));
        assert_eq!(weighted_median(&[(5.0, 3)]), Some(5.0));
        assert_eq!(weighted_median(&[(f64::NAN, 3)]), None);
        let expanded = [1.0, 1.0, 3.0, 10.0];
        assert_eq!(
            weighted_median(&[(1.0, 2), (3.0, 1), (10.0, 1)]),
            quantiles(&expanded, &[0.5]).map(|q| q[0])
        );
    }

    #[test]
    fn quantiles_interpolate() {
        let q = quantiles(&[4.0, 1.0, 3.0, 2.0, f64::NAN], &[0.0, 0.5, 1.0]).unwrap();
        assert_eq!(q, vec![1.0, 2.5, 4.0]);
        assert!(quantiles(&[f64::NAN], &[0.5]).is_none());
    }
}
