//! Counts of a continuous outcome (the cost-exchange ratio) in fine log-spaced bins: a
//! bounded summary of any number of runs, with quantiles to a stated relative precision.
//!
//! Exact counts of every distinct value ([`crate::counts::ValueCounts`]) suit days and
//! rungs, which take few values; a ratio of two sums of dollars takes a new value in
//! nearly every run, so exact counts would keep one entry per run and memory would grow
//! with N. Here a value's bin is its IEEE-754 bits with all but the top
//! [`MANTISSA_BITS`] bits of the mantissa dropped: bins are `2^-MANTISSA_BITS` (about
//! 0.1%) of their value wide, found without any floating-point arithmetic, and there are
//! at most 1,024 of them per power of two, however many runs there are.
//!
//! Each bin keeps its count and the smallest and largest value in it. Counts add and
//! minima and maxima are order-free, so merging is exact in any order and the same runs
//! give the same bins, bit for bit, whatever the threads, shards or interruptions.

use std::collections::BTreeMap;

use crate::counts::{OrderedF64, type7};

/// Mantissa bits kept in a bin's key: bins of relative width 2^-10 (0.098%).
pub const MANTISSA_BITS: u32 = 10;

/// The relative precision of [`LogBins::quantile`], as documented: 2^-10.
pub const RELATIVE_PRECISION: f64 = 1.0 / (1u64 << MANTISSA_BITS) as f64;

#[derive(Clone, Copy, Debug, PartialEq)]
struct Bin {
    count: u64,
    min: f64,
    max: f64,
}

/// Counts of values in bins of relative width [`RELATIVE_PRECISION`].
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct LogBins {
    bins: BTreeMap<OrderedF64, Bin>,
    total: u64,
}

/// The bin of `x`: `x` with its low mantissa bits cleared (towards zero), so that bins
/// never overlap and their keys sort as their values do.
fn bin_key(x: f64) -> OrderedF64 {
    let dropped = (1u64 << (52 - MANTISSA_BITS)) - 1;
    OrderedF64::new(f64::from_bits(x.to_bits() & !dropped))
}

impl LogBins {
    /// Counts one finite value.
    pub fn add(&mut self, x: f64) {
        let bin = self.bins.entry(bin_key(x)).or_insert(Bin {
            count: 0,
            min: x,
            max: x,
        });
        bin.count += 1;
        bin.min = bin.min.min(x);
        bin.max = bin.max.max(x);
        self.total += 1;
    }

    /// Values counted.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The `index`-th smallest value (from 0), to within its bin: read off the bin's
    /// range by rank, so exact when the bin holds one distinct value.
    fn nth(&self, index: u64) -> f64 {
        let mut seen = 0;
        for bin in self.bins.values() {
            if index < seen + bin.count {
                let rank = index - seen;
                return if bin.count == 1 || bin.min == bin.max {
                    bin.min
                } else {
                    bin.min + (bin.max - bin.min) * (rank as f64 / (bin.count - 1) as f64)
                };
            }
            seen += bin.count;
        }
        f64::NAN
    }

    /// The type 7 quantile (numpy's default) to within [`RELATIVE_PRECISION`] of the
    /// exact one: each order statistic it uses is read within its own bin. The minimum
    /// and maximum (q = 0 and 1) are exact. `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        type7(self.total, q, |i| self.nth(i))
    }

    /// Each bin as (the middle of its values, count), ascending: what a histogram of the
    /// distribution needs, to within the bins' width.
    pub fn bins(&self) -> Vec<(f64, u64)> {
        self.bins
            .values()
            .map(|b| (b.min + (b.max - b.min) / 2.0, b.count))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use grayzone_stats::quantile::quantiles;

    /// A deterministic spread of ratios over six orders of magnitude, with repeats.
    fn sample(n: usize) -> Vec<f64> {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        (0..n)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                if i % 5 == 0 {
                    1.0
                } else {
                    10f64.powf((state >> 11) as f64 / (1u64 << 53) as f64 * 6.0 - 3.0)
                }
            })
            .collect()
    }

    #[test]
    fn quantiles_are_within_the_stated_precision() {
        let xs = sample(20_000);
        let mut bins = LogBins::default();
        xs.iter().for_each(|&x| bins.add(x));
        for q in [0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0] {
            let exact = quantiles(&xs, &[q]).unwrap()[0];
            let got = bins.quantile(q).unwrap();
            assert!(
                (got - exact).abs() <= RELATIVE_PRECISION * exact,
                "q {q}: {got} vs {exact}"
            );
        }
        assert_eq!(
            bins.quantile(0.0),
            quantiles(&xs, &[0.0]).ok().map(|q| q[0])
        );
        assert_eq!(
            bins.quantile(1.0),
            quantiles(&xs, &[1.0]).ok().map(|q| q[0])
        );
        // Memory is bounded by the bins, not the runs: at most 1,024 per power of two.
        assert!(bins.bins.len() <= 20 * 1024, "{}", bins.bins.len());
        assert_eq!(LogBins::default().quantile(0.5), None);
    }

    #[test]
    fn a_value_alone_in_its_bin_is_exact() {
        let mut bins = LogBins::default();
        [1.0, 1.0, 1.0, 2.5, 0.0].iter().for_each(|&x| bins.add(x));
        assert_eq!(bins.quantile(0.5), Some(1.0));
        assert_eq!(bins.quantile(0.0), Some(0.0));
        assert_eq!(bins.quantile(1.0), Some(2.5));
        assert_eq!(bins.bins(), vec![(0.0, 1), (1.0, 3), (2.5, 1)]);
    }

    #[test]
    fn the_order_values_come_in_does_not_matter() {
        let xs = sample(3_000);
        let (mut a, mut b) = (LogBins::default(), LogBins::default());
        xs.iter().for_each(|&x| a.add(x));
        xs.iter().rev().for_each(|&x| b.add(x));
        assert_eq!(a, b);
    }
}
