//! Quantiles of samples, time-to-event summaries, and exactly mergeable
//! accumulators ([`Histogram`], [`CategoryCounts`]) for experiments that are
//! split into shards.

use crate::interval::{Interval, wilson95};
use crate::{Error, Result, check_finite};

/// The `q`-quantile of `sample` by linear interpolation between order
/// statistics (Hyndman & Fan type 7, the default of numpy and R).
pub fn quantile(sample: &[f64], q: f64) -> Result<f64> {
    Ok(quantiles(sample, &[q])?[0])
}

/// Several quantiles of `sample` at once (one sort), type 7 as [`quantile`].
pub fn quantiles(sample: &[f64], qs: &[f64]) -> Result<Vec<f64>> {
    if sample.is_empty() {
        return Err(Error::TooFew {
            what: "sample for a quantile",
            needed: 1,
            got: 0,
        });
    }
    check_finite(sample, "sample")?;
    for &q in qs {
        check_probability(q)?;
    }
    let mut sorted = sample.to_vec();
    sorted.sort_by(f64::total_cmp);
    Ok(qs.iter().map(|&q| quantile_sorted(&sorted, q)).collect())
}

/// Type 7 quantile of an already sorted, non-empty, finite sample.
pub(crate) fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let below = h.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + (h - below as f64) * (sorted[above] - sorted[below])
}

fn check_probability(q: f64) -> Result<()> {
    if (0.0..=1.0).contains(&q) {
        Ok(())
    } else {
        Err(Error::OutOfRange {
            what: "quantile level q",
            value: q,
            expected: "within [0, 1]",
        })
    }
}

/// Median of `sample` (type 7).
pub fn median(sample: &[f64]) -> Result<f64> {
    quantile(sample, 0.5)
}

/// Interquartile range `Q3 - Q1` of `sample` (type 7).
pub fn iqr(sample: &[f64]) -> Result<f64> {
    let q = quantiles(sample, &[0.25, 0.75])?;
    Ok(q[1] - q[0])
}

/// Summary of a time-to-event outcome among the runs where the event occurred.
///
/// These are *conditional* quantities ("when it breaks, it breaks after ...");
/// for the unconditional view that accounts for censoring, use
/// [`KaplanMeier`](crate::survival::KaplanMeier).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EventTimes {
    /// Runs in total.
    pub runs: usize,
    /// Runs in which the event occurred.
    pub events: usize,
    /// Runs censored (no event by the horizon).
    pub censored: usize,
    /// Median time among events; `None` if there were none.
    pub median: Option<f64>,
    /// First quartile among events.
    pub q1: Option<f64>,
    /// Third quartile among events.
    pub q3: Option<f64>,
}

impl EventTimes {
    /// Summarises outcomes: `Some(t)` for an event at `t`, `None` if censored.
    pub fn from_outcomes(outcomes: &[Option<f64>]) -> Result<Self> {
        let times: Vec<f64> = outcomes.iter().flatten().copied().collect();
        let (median, q1, q3) = if times.is_empty() {
            (None, None, None)
        } else {
            let q = quantiles(&times, &[0.5, 0.25, 0.75])?;
            (Some(q[0]), Some(q[1]), Some(q[2]))
        };
        Ok(Self {
            runs: outcomes.len(),
            events: times.len(),
            censored: outcomes.len() - times.len(),
            median,
            q1,
            q3,
        })
    }

    /// Interquartile range among events.
    pub fn iqr(&self) -> Option<f64> {
        Some(self.q3? - self.q1?)
    }
}

/// Fixed-point bits kept below the binade of the histogram's range.
///
/// Values are summed as `round(v · 2^s)` in an `i128`, with `s` chosen so that the
/// largest end of the range maps below `2^RESOLUTION_BITS`. See [`Histogram`].
const RESOLUTION_BITS: i32 = 40;
/// Largest fixed-point magnitude of one value: with at most 2^64 values the i128
/// sum cannot overflow.
const MAX_SCALED: f64 = (1u64 << 63) as f64;

/// Counts over fixed-width bins of a fixed range, with underflow and overflow,
/// that merges exactly.
///
/// An experiment split into shards and merged gives the same table, bit for bit,
/// as the unsplit experiment, whatever the order of merging: counts are integers,
/// and so is the running sum behind [`mean`](Histogram::mean).
///
/// # Why the sum is fixed-point
///
/// Floating-point addition is not associative, so an `f64` sum (even Kahan's
/// compensated one, which reduces but does not remove rounding) depends on the
/// order in which shards are merged. Instead each value is rounded once to a
/// multiple of `2^-s` and the integers are summed in an `i128`, which is exact and
/// order-free. `s` is fixed by the range: `max(|lo|, |hi|)` maps to about `2^40`,
/// so each value is rounded by at most `2^-41` of the range's magnitude
/// (≈ 5e-13 relative), far below any reported precision. Values up to about
/// `2^23` times that magnitude (outside the range, in the under/overflow bins)
/// are still summed; larger ones are refused by [`add`](Histogram::add).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Histogram {
    lo: f64,
    hi: f64,
    counts: Vec<u64>,
    underflow: u64,
    overflow: u64,
    scale_exp: i32,
    scaled_sum: i128,
}

impl Histogram {
    /// An empty histogram of `bins` equal bins over `[lo, hi)`.
    pub fn new(lo: f64, hi: f64, bins: usize) -> Result<Self> {
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            return Err(Error::InvalidBounds { index: 0, lo, hi });
        }
        if bins == 0 {
            return Err(Error::TooFew {
                what: "histogram bins",
                needed: 1,
                got: 0,
            });
        }
        let magnitude = lo.abs().max(hi.abs());
        // Binary exponent e with magnitude < 2^e (frexp without libm).
        let e = magnitude.log2().floor() as i32 + 1;
        Ok(Self {
            lo,
            hi,
            counts: vec![0; bins],
            underflow: 0,
            overflow: 0,
            scale_exp: RESOLUTION_BITS - e,
            scaled_sum: 0,
        })
    }

    /// Adds one value. Values below `lo` count as underflow, at or above `hi` as
    /// overflow. Errors on NaN or infinite values and on values too large to sum
    /// exactly (see the type's documentation); the histogram is then unchanged.
    pub fn add(&mut self, value: f64) -> Result<()> {
        if !value.is_finite() {
            return Err(Error::NonFinite {
                what: "histogram value",
            });
        }
        let scaled = (value * 2f64.powi(self.scale_exp)).round();
        if scaled.abs() >= MAX_SCALED {
            return Err(Error::OutOfRange {
                what: "histogram value",
                value,
                expected: "within about 8 million times the range's magnitude",
            });
        }
        if value < self.lo {
            self.underflow += 1;
        } else if value >= self.hi {
            self.overflow += 1;
        } else {
            let bins = self.counts.len();
            let i = ((value - self.lo) / self.width()) as usize;
            // Rounding can push a value just below `hi` into index `bins`.
            self.counts[i.min(bins - 1)] += 1;
        }
        self.scaled_sum += scaled as i128;
        Ok(())
    }

    /// Adds every value of a slice, stopping at the first refused one.
    pub fn extend(&mut self, values: &[f64]) -> Result<()> {
        values.iter().try_for_each(|&v| self.add(v))
    }

    /// Adds the counts and sum of `other`, which must have the same range and
    /// number of bins. Exact: merging is associative and commutative.
    pub fn merge(&mut self, other: &Histogram) -> Result<()> {
        if self.lo.to_bits() != other.lo.to_bits()
            || self.hi.to_bits() != other.hi.to_bits()
            || self.counts.len() != other.counts.len()
        {
            return Err(Error::IncompatibleMerge);
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.underflow += other.underflow;
        self.overflow += other.overflow;
        self.scaled_sum += other.scaled_sum;
        Ok(())
    }

    /// Lower end of the binned range.
    pub fn lo(&self) -> f64 {
        self.lo
    }

    /// Upper end of the binned range.
    pub fn hi(&self) -> f64 {
        self.hi
    }

    /// Width of one bin.
    pub fn width(&self) -> f64 {
        (self.hi - self.lo) / self.counts.len() as f64
    }

    /// The `[start, end)` edges of bin `i`.
    pub fn bin_edges(&self, i: usize) -> (f64, f64) {
        let w = self.width();
        (self.lo + i as f64 * w, self.lo + (i + 1) as f64 * w)
    }

    /// Counts per bin, in order.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Values below `lo`.
    pub fn underflow(&self) -> u64 {
        self.underflow
    }

    /// Values at or above `hi`.
    pub fn overflow(&self) -> u64 {
        self.overflow
    }

    /// All values added, including under- and overflow.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum::<u64>() + self.underflow + self.overflow
    }

    /// Mean of all values added (including under- and overflow), from the exact
    /// fixed-point sum; `None` if empty.
    pub fn mean(&self) -> Option<f64> {
        let n = self.total();
        (n > 0).then(|| self.scaled_sum as f64 * 2f64.powi(-self.scale_exp) / n as f64)
    }

    /// The `q`-quantile, interpolating linearly within the bin where the
    /// cumulative count reaches `q · total` (values assumed uniform in a bin).
    ///
    /// `None` if the histogram is empty, `q` is outside [0, 1], or the quantile
    /// falls among the under- or overflow, where its position is unknown.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let n = self.total();
        if n == 0 || !(0.0..=1.0).contains(&q) {
            return None;
        }
        let target = q * n as f64;
        let mut below = self.underflow as f64;
        if target < below {
            return None;
        }
        for (i, &c) in self.counts.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let c = c as f64;
            if target <= below + c {
                let (start, _) = self.bin_edges(i);
                let frac = ((target - below) / c).clamp(0.0, 1.0);
                return Some(start + frac * self.width());
            }
            below += c;
        }
        None
    }
}

/// Exact counts over integer categories `0..categories` (e.g. escalation rungs
/// 0..=5), mergeable like [`Histogram`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CategoryCounts {
    counts: Vec<u64>,
}

impl CategoryCounts {
    /// Empty counts for categories `0..categories`.
    pub fn new(categories: usize) -> Result<Self> {
        if categories == 0 {
            return Err(Error::TooFew {
                what: "categories",
                needed: 1,
                got: 0,
            });
        }
        Ok(Self {
            counts: vec![0; categories],
        })
    }

    /// Counts one observation of `category`.
    pub fn add(&mut self, category: usize) -> Result<()> {
        let slot = self.counts.get_mut(category).ok_or(Error::OutOfRange {
            what: "category",
            value: category as f64,
            expected: "below the number of categories",
        })?;
        *slot += 1;
        Ok(())
    }

    /// Adds the counts of `other`, which must have the same number of categories.
    pub fn merge(&mut self, other: &CategoryCounts) -> Result<()> {
        if self.counts.len() != other.counts.len() {
            return Err(Error::IncompatibleMerge);
        }
        // Counts read from a file may be anything: saturate, never wrap.
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a = a.saturating_add(*b);
        }
        Ok(())
    }

    /// Counts per category.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Observations in total.
    pub fn total(&self) -> u64 {
        self.counts.iter().fold(0, |a, &c| a.saturating_add(c))
    }

    /// Share of each category (all 0 if empty).
    pub fn shares(&self) -> Vec<f64> {
        let n = self.total();
        self.counts
            .iter()
            .map(|&c| if n == 0 { 0.0 } else { c as f64 / n as f64 })
            .collect()
    }

    /// Share of `category` with its Wilson 95% interval.
    pub fn share(&self, category: usize) -> Result<Interval> {
        let c = *self.counts.get(category).ok_or(Error::OutOfRange {
            what: "category",
            value: category as f64,
            expected: "below the number of categories",
        })?;
        wilson95(c, self.total())
    }

    /// Share of observations in `category` or above ("escalated to rung 3 or
    /// higher") with its Wilson 95% interval.
    pub fn share_at_least(&self, category: usize) -> Result<Interval> {
        if category >= self.counts.len() {
            return Err(Error::OutOfRange {
                what: "category",
                value: category as f64,
                expected: "below the number of categories",
            });
        }
        wilson95(self.counts[category..].iter().sum(), self.total())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::seeded;
    use rand::RngExt;

    #[test]
    fn type7_matches_numpy() {
        let xs = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
        // numpy.quantile(xs, [0, .1, .25, .5, .9, 1])
        let q = quantiles(&xs, &[0.0, 0.1, 0.25, 0.5, 0.9, 1.0]).unwrap();
        let expected = [1.0, 1.0, 1.75, 3.5, 6.9, 9.0];
        for (a, b) in q.iter().zip(expected) {
            assert!((a - b).abs() < 1e-12, "{q:?}");
        }
        assert_eq!(median(&[2.0]).unwrap(), 2.0);
        assert!((iqr(&xs).unwrap() - (5.25 - 1.75)).abs() < 1e-12);
        assert!(quantile(&[], 0.5).is_err());
        assert!(quantile(&[1.0], 1.5).is_err());
        assert!(quantile(&[f64::NAN], 0.5).is_err());
    }

    #[test]
    fn event_times_ignore_censored_runs() {
        let s =
            EventTimes::from_outcomes(&[Some(10.0), None, Some(20.0), Some(30.0), None]).unwrap();
        assert_eq!((s.runs, s.events, s.censored), (5, 3, 2));
        assert_eq!(s.median, Some(20.0));
        assert_eq!(s.iqr(), Some(10.0));
        let none = EventTimes::from_outcomes(&[None, None]).unwrap();
        assert_eq!((none.median, none.iqr()), (None, None));
    }

    #[test]
    fn histogram_bins_and_quantiles() {
        let mut h = Histogram::new(0.0, 10.0, 10).unwrap();
        h.extend(&[-1.0, 0.0, 0.5, 9.99, 10.0, 25.0]).unwrap();
        assert_eq!(h.counts()[0], 2);
        assert_eq!(h.counts()[9], 1);
        assert_eq!((h.underflow(), h.overflow(), h.total()), (1, 2, 6));
        assert!((h.mean().unwrap() - 44.49 / 6.0).abs() < 1e-9);

        // Uniform values: binned quantiles track the exact ones within a bin width.
        let mut rng = seeded(1);
        let xs: Vec<f64> = (0..10_000).map(|_| rng.random::<f64>() * 100.0).collect();
        let mut h = Histogram::new(0.0, 100.0, 50).unwrap();
        h.extend(&xs).unwrap();
        for q in [0.0, 0.1, 0.5, 0.9, 1.0] {
            let exact = quantile(&xs, q).unwrap();
            let binned = h.quantile(q).unwrap();
            assert!((exact - binned).abs() < 2.0, "q {q}: {exact} vs {binned}");
        }
        assert_eq!(Histogram::new(0.0, 1.0, 1).unwrap().quantile(0.5), None);
    }

    #[test]
    fn histogram_quantile_unknown_in_tails() {
        let mut h = Histogram::new(0.0, 1.0, 4).unwrap();
        h.extend(&[-5.0, -5.0, -5.0, 0.1, 2.0]).unwrap();
        assert_eq!(h.quantile(0.2), None);
        assert!(h.quantile(0.7).is_some());
        assert_eq!(h.quantile(0.95), None);
    }

    #[test]
    fn histogram_merge_is_exact_in_any_order() {
        let mut rng = seeded(9);
        let xs: Vec<f64> = (0..30_000)
            .map(|_| rng.random::<f64>() * 1.3e3 - 100.0 + rng.random::<f64>() * 1e-7)
            .collect();
        let mut whole = Histogram::new(0.0, 1000.0, 37).unwrap();
        whole.extend(&xs).unwrap();

        let shards: Vec<Histogram> = xs
            .chunks(977)
            .map(|c| {
                let mut h = Histogram::new(0.0, 1000.0, 37).unwrap();
                h.extend(c).unwrap();
                h
            })
            .collect();
        let mut forward = Histogram::new(0.0, 1000.0, 37).unwrap();
        shards.iter().for_each(|s| forward.merge(s).unwrap());
        let mut backward = Histogram::new(0.0, 1000.0, 37).unwrap();
        shards.iter().rev().for_each(|s| backward.merge(s).unwrap());

        assert_eq!(whole, forward);
        assert_eq!(whole, backward);
        assert_eq!(
            whole.mean().unwrap().to_bits(),
            backward.mean().unwrap().to_bits()
        );
        let naive = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!((whole.mean().unwrap() - naive).abs() < 1e-9 * naive.abs());
    }

    #[test]
    fn histogram_rejects_bad_input() {
        assert!(Histogram::new(1.0, 1.0, 3).is_err());
        assert!(Histogram::new(0.0, f64::NAN, 3).is_err());
        assert!(Histogram::new(0.0, 1.0, 0).is_err());
        let mut h = Histogram::new(0.0, 1.0, 2).unwrap();
        assert!(h.add(f64::NAN).is_err());
        assert!(h.add(f64::INFINITY).is_err());
        assert!(h.add(1e300).is_err());
        assert_eq!(h.total(), 0);
        assert_eq!(h.mean(), None);
        assert!(h.merge(&Histogram::new(0.0, 1.0, 3).unwrap()).is_err());
    }

    #[test]
    fn category_counts_and_shares() {
        let mut c = CategoryCounts::new(6).unwrap();
        for rung in [0, 0, 1, 3, 5, 5, 5, 2] {
            c.add(rung).unwrap();
        }
        let mut other = CategoryCounts::new(6).unwrap();
        other.add(4).unwrap();
        c.merge(&other).unwrap();
        assert_eq!(c.counts(), &[2, 1, 1, 1, 1, 3]);
        assert_eq!(c.total(), 9);
        assert!((c.shares().iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let at_least_3 = c.share_at_least(3).unwrap();
        assert!((at_least_3.estimate - 5.0 / 9.0).abs() < 1e-12);
        assert!(at_least_3.lo < at_least_3.estimate && at_least_3.estimate < at_least_3.hi);
        assert!((c.share(5).unwrap().estimate - 3.0 / 9.0).abs() < 1e-12);
        assert!(c.add(6).is_err());
        assert!(c.share(6).is_err());
        assert!(c.merge(&CategoryCounts::new(5).unwrap()).is_err());
        assert!(CategoryCounts::new(0).is_err());
    }
}
