//! Exact counts of the values a population of runs took, for exact quantiles and means
//! that do not depend on the order runs came in or on how they were split into chunks.
//!
//! Memory is one entry per distinct value, not per run: first-passage days take at most
//! `days` values, a highest rung six, a day's Goldstein intensity the sums of a few CAMEO
//! weights (multiples of 0.1: a few hundred values in practice).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Exact counts of the values seen (days, rungs, intensities), for exact quantiles that do
/// not depend on the order values came in.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "Vec<(f64, u64)>", into = "Vec<(f64, u64)>")]
pub(crate) struct ValueCounts {
    counts: BTreeMap<OrderedF64, u64>,
    total: u64,
}

/// A float ordered as a number, usable as a map key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct OrderedF64(i64);

impl OrderedF64 {
    /// The IEEE bits rearranged so that integer order is numeric order.
    pub(crate) fn new(x: f64) -> Self {
        let bits = x.to_bits() as i64;
        OrderedF64(bits ^ (((bits >> 63) as u64) >> 1) as i64)
    }

    fn get(self) -> f64 {
        let bits = self.0 ^ ((((self.0 >> 63) as u64) >> 1) as i64);
        f64::from_bits(bits as u64)
    }
}

impl ValueCounts {
    pub fn add(&mut self, x: f64) {
        *self.counts.entry(OrderedF64::new(x)).or_default() += 1;
        self.total += 1;
    }

    pub fn total(&self) -> u64 {
        self.total
    }

    /// Whether every value counted is a finite number.
    pub fn all_finite(&self) -> bool {
        self.counts.keys().all(|v| v.get().is_finite())
    }

    /// Count of values at or above `x`.
    pub fn at_least(&self, x: f64) -> u64 {
        self.counts
            .range(OrderedF64::new(x)..)
            .map(|(_, c)| c)
            .sum()
    }

    /// Count of values below `x`.
    pub fn below(&self, x: f64) -> u64 {
        self.counts
            .range(..OrderedF64::new(x))
            .map(|(_, c)| c)
            .sum()
    }

    /// The `index`-th smallest value (from 0).
    fn nth(&self, index: u64) -> f64 {
        let mut seen = 0;
        for (v, c) in &self.counts {
            seen += c;
            if index < seen {
                return v.get();
            }
        }
        f64::NAN
    }

    /// Type 7 quantile (numpy's default), `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        type7(self.total, q, |i| self.nth(i))
    }

    /// Each distinct value with its count, ascending.
    pub fn iter(&self) -> impl Iterator<Item = (f64, u64)> + '_ {
        self.counts.iter().map(|(v, &c)| (v.get(), c))
    }
}

impl ValueCounts {
    /// Adds the counts of `other`: exact, in any order.
    pub fn merge(&mut self, other: &ValueCounts) {
        for (v, c) in &other.counts {
            let n = self.counts.entry(*v).or_default();
            *n = n.saturating_add(*c);
        }
        self.total = self.total.saturating_add(other.total);
    }

    /// The mean, summed in value order (so the same counts give the same bits).
    pub fn mean(&self) -> Option<f64> {
        (self.total > 0).then(|| {
            self.counts
                .iter()
                .map(|(v, &c)| v.get() * c as f64)
                .sum::<f64>()
                / self.total as f64
        })
    }
}

impl From<Vec<(f64, u64)>> for ValueCounts {
    fn from(pairs: Vec<(f64, u64)>) -> Self {
        let mut out = ValueCounts::default();
        for (v, c) in pairs {
            // Read from a file: saturate, never wrap.
            let n = out.counts.entry(OrderedF64::new(v)).or_default();
            *n = n.saturating_add(c);
            out.total = out.total.saturating_add(c);
        }
        out
    }
}

impl From<ValueCounts> for Vec<(f64, u64)> {
    fn from(v: ValueCounts) -> Self {
        v.counts.into_iter().map(|(k, c)| (k.get(), c)).collect()
    }
}

/// The type 7 quantile (numpy's default) of `total` values, reading the `i`-th smallest
/// (from 0) with `nth`: shared by every distribution kept as counts. `None` when empty.
pub(crate) fn type7(total: u64, q: f64, nth: impl Fn(u64) -> f64) -> Option<f64> {
    if total == 0 {
        return None;
    }
    let h = (total - 1) as f64 * q;
    let below = h.floor() as u64;
    let (lo, hi) = (nth(below), nth((below + 1).min(total - 1)));
    Some(lo + (h - below as f64) * (hi - lo))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_counts_give_numpy_quantiles_and_order_negative_numbers() {
        let mut c = ValueCounts::default();
        for x in [3.0, -1.5, 4.0, 1.0, -0.0, 9.0, 2.0, 6.0] {
            c.add(x);
        }
        assert_eq!(c.quantile(0.0), Some(-1.5));
        assert_eq!(c.quantile(1.0), Some(9.0));
        // numpy.quantile([3, -1.5, 4, 1, 0, 9, 2, 6], 0.5) == 2.5
        assert_eq!(c.quantile(0.5), Some(2.5));
        assert_eq!(c.below(2.0), 3);
        assert_eq!(c.at_least(4.0), 3);
        let sorted: Vec<f64> = c.iter().map(|(v, _)| v).collect();
        assert!(sorted.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(ValueCounts::default().quantile(0.5), None);
    }

    #[test]
    fn merges_and_serialises_exactly() {
        let (mut a, mut b) = (ValueCounts::default(), ValueCounts::default());
        [0.0, 7.2, 7.2, 19.5].iter().for_each(|&x| a.add(x));
        [7.2, 0.0].iter().for_each(|&x| b.add(x));
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab, ba);
        assert_eq!(ab.total(), 6);
        assert_eq!(ab.quantile(0.05), Some(0.0));
        let text = serde_json::to_string(&ab).unwrap();
        assert_eq!(text, "[[0.0,2],[7.2,3],[19.5,1]]");
        assert_eq!(serde_json::from_str::<ValueCounts>(&text).unwrap(), ab);
        assert_eq!(ab.mean(), Some((7.2 * 3.0 + 19.5) / 6.0));
    }
}
