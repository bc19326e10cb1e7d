//! Confidence intervals for the two quantities reported most often: the
//! probability of an event across runs, and the mean of an outcome across runs.

use crate::{Error, Result, check_finite};

/// The standard normal quantile for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// A point estimate with a confidence interval `lo <= estimate <= hi`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Interval {
    /// The point estimate.
    pub estimate: f64,
    /// Lower end of the interval.
    pub lo: f64,
    /// Upper end of the interval.
    pub hi: f64,
}

impl Interval {
    /// Width `hi - lo`.
    pub fn width(&self) -> f64 {
        self.hi - self.lo
    }

    /// Whether `x` lies in the closed interval.
    pub fn contains(&self, x: f64) -> bool {
        self.lo <= x && x <= self.hi
    }
}

/// Wilson score interval for `k` successes in `n` trials at a 95% level.
///
/// See [`wilson`].
pub fn wilson95(k: u64, n: u64) -> Result<Interval> {
    wilson(k, n, Z95)
}

/// Wilson score interval for `k` successes in `n` trials, `z` the normal quantile.
///
/// Wilson (1927) rather than the Wald interval because simulated event rates are
/// often near 0 or 1, where Wald collapses to a zero-width interval.
///
/// With `n = 0` there is no information: the interval is `(0, 1)` and the estimate
/// is its midpoint 0.5 (callers should show `n`). With `k = 0` the lower end is
/// exactly 0, and with `k = n` the upper end is exactly 1.
///
/// Errors if `k > n` or `z` is not positive and finite.
pub fn wilson(k: u64, n: u64, z: f64) -> Result<Interval> {
    if !(z.is_finite() && z > 0.0) {
        return Err(Error::OutOfRange {
            what: "z",
            value: z,
            expected: "a positive finite number",
        });
    }
    if k > n {
        return Err(Error::OutOfRange {
            what: "successes k",
            value: k as f64,
            expected: "at most the number of trials n",
        });
    }
    if n == 0 {
        return Ok(Interval {
            estimate: 0.5,
            lo: 0.0,
            hi: 1.0,
        });
    }
    let nf = n as f64;
    let p = k as f64 / nf;
    let z2 = z * z;
    let denom = 1.0 + z2 / nf;
    let centre = (p + z2 / (2.0 * nf)) / denom;
    let half = z / denom * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt();
    // The formula gives exactly 0 and 1 at the edges only in exact arithmetic.
    let lo = if k == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let hi = if k == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    Ok(Interval {
        estimate: p,
        lo: lo.min(p),
        hi: hi.max(p),
    })
}

/// Mean of `values` with a normal-approximation 95% interval.
///
/// See [`mean_interval`].
pub fn mean95(values: &[f64]) -> Result<Interval> {
    mean_interval(values, Z95)
}

/// Mean of `values` with the normal-approximation interval `mean ± z·s/√n`.
///
/// `s` is the sample standard deviation (divisor `n - 1`), so at least two values
/// are needed. Suited to means over many independent runs, where the central
/// limit theorem makes the approximation good.
pub fn mean_interval(values: &[f64], z: f64) -> Result<Interval> {
    if !(z.is_finite() && z > 0.0) {
        return Err(Error::OutOfRange {
            what: "z",
            value: z,
            expected: "a positive finite number",
        });
    }
    if values.len() < 2 {
        return Err(Error::TooFew {
            what: "values for a mean interval",
            needed: 2,
            got: values.len(),
        });
    }
    check_finite(values, "values")?;
    let n = values.len() as f64;
    // Two passes: the second subtracts the mean, avoiding the cancellation of
    // the textbook sum-of-squares formula.
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let half = z * (var / n).sqrt();
    Ok(Interval {
        estimate: mean,
        lo: mean - half,
        hi: mean + half,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_reference_values() {
        // Reference values from the closed form evaluated independently in Python.
        let i = wilson95(37, 400).unwrap();
        assert!((i.estimate - 0.0925).abs() < 1e-12);
        assert!((i.lo - 0.067_854).abs() < 1e-5, "{i:?}");
        assert!((i.hi - 0.124_899).abs() < 1e-5, "{i:?}");
        let i = wilson95(5, 10).unwrap();
        assert!((i.lo - 0.236_593).abs() < 1e-5 && (i.hi - 0.763_407).abs() < 1e-5);
    }

    #[test]
    fn wilson_edge_cases() {
        assert_eq!(
            wilson95(0, 0).unwrap(),
            Interval {
                estimate: 0.5,
                lo: 0.0,
                hi: 1.0
            }
        );
        let zero = wilson95(0, 50).unwrap();
        assert_eq!(zero.lo, 0.0);
        assert!(zero.hi > 0.05 && zero.hi < 0.08, "{zero:?}");
        let all = wilson95(50, 50).unwrap();
        assert_eq!(all.hi, 1.0);
        assert!((all.lo - (1.0 - zero.hi)).abs() < 1e-12);
        assert!(wilson95(3, 2).is_err());
        assert!(wilson(1, 2, f64::NAN).is_err());
        assert!(wilson(1, 2, -1.0).is_err());
    }

    #[test]
    fn wider_z_gives_wider_interval() {
        let a = wilson(30, 100, 1.0).unwrap();
        let b = wilson(30, 100, 2.576).unwrap();
        assert!(b.lo < a.lo && a.hi < b.hi);
    }

    #[test]
    fn mean_interval_matches_hand_computation() {
        let xs = [1.0, 2.0, 3.0, 4.0, 5.0];
        let i = mean95(&xs).unwrap();
        // s = sqrt(2.5), se = sqrt(0.5)
        let half = Z95 * 0.5f64.sqrt();
        assert!((i.estimate - 3.0).abs() < 1e-12);
        assert!((i.lo - (3.0 - half)).abs() < 1e-12 && (i.hi - (3.0 + half)).abs() < 1e-12);
        assert!(mean95(&[1.0]).is_err());
        assert!(mean95(&[]).is_err());
        assert!(mean95(&[1.0, f64::NAN]).is_err());
    }
}
