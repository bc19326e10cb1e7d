//! Statistics and experimental-design mathematics for grayzone.
//!
//! This crate owns every number the product reports *about* a batch of simulated
//! histories, and every design that decides *which* histories to simulate. It knows
//! nothing of the simulator: callers hand it numbers, and for the iterative methods
//! they evaluate batches of points themselves (in parallel, on as many machines as
//! they like) and hand the outputs back. It performs no I/O and never prints.
//!
//! Everything is deterministic: randomness comes only from an explicit `u64` seed
//! (ChaCha8), so the same inputs and seed give bit-identical outputs on a given
//! platform (transcendental functions such as `ln` and `sin` come from the
//! platform's maths library, so other platforms may differ in the last bits).
//!
//! # Modules and principal types
//!
//! | module | what it gives |
//! | --- | --- |
//! | [`interval`] | Wilson score interval for a proportion, normal interval for a mean ([`Interval`](interval::Interval)) |
//! | [`survival`] | Kaplan–Meier with Greenwood variance and log-log band ([`KaplanMeier`](survival::KaplanMeier)) |
//! | [`quantile`] | sample quantiles, time-to-event summaries, mergeable [`Histogram`](quantile::Histogram) and [`CategoryCounts`](quantile::CategoryCounts) |
//! | [`design`] | parameter [`Bounds`](design::Bounds); grid, Latin hypercube, scrambled Sobol designs |
//! | [`sensitivity`] | Sobol indices ([`SobolDesign`](sensitivity::SobolDesign)) and Morris screening ([`MorrisDesign`](sensitivity::MorrisDesign)) |
//! | [`abc`] | rejection ABC and ABC-SMC calibration ([`Abc`](abc::Abc)) |
//! | [`optimize`] | ask/tell CMA-ES in a box, with constraints ([`Cmaes`](optimize::Cmaes)) |
//! | [`moea`] | ask/tell NSGA-II for several objectives, with constraints ([`Nsga2`](moea::Nsga2)), and the [`hypervolume`](moea::hypervolume) of a front |
//! | [`prim`] | scenario discovery by PRIM: peeling trajectory, quasi-p-values, resampled limits ([`prim`](prim::prim)) |
//! | [`cart`] | classification trees and a forest's feature scores ([`tree`](cart::tree), [`feature_scores`](cart::feature_scores)) |
//!
//! Bad inputs (empty samples, `lo > hi`, NaN outputs, calls out of order) are
//! reported as [`Error`] values, never as panics.
//!
//! # Example
//!
//! ```
//! use grayzone_stats::{design::Bounds, interval, sensitivity::SobolDesign};
//!
//! // 37 ceasefire breakdowns in 400 histories.
//! let p = interval::wilson95(37, 400)?;
//! assert!(p.lo < 0.0925 && 0.0925 < p.hi);
//!
//! // Which of two parameters drives the outcome? Build the sample, evaluate it
//! // (here a toy function; in the product, simulated histories), then analyse.
//! let bounds = Bounds::new(vec![(0.0, 1.0), (0.0, 1.0)])?;
//! let design = SobolDesign::new(&bounds, 512, 7)?;
//! let outputs: Vec<f64> = design.points().iter().map(|x| 4.0 * x[0] + x[1]).collect();
//! let indices = design.analyse(&outputs, 200, 7)?;
//! assert!(indices[0].s1 > indices[1].s1);
//! # Ok::<(), grayzone_stats::Error>(())
//! ```

#![deny(missing_docs)]

pub mod abc;
pub mod cart;
pub mod design;
pub mod interval;
pub mod moea;
pub mod optimize;
pub mod prim;
pub mod quantile;
pub mod sensitivity;
pub mod survival;

mod rng;

use std::fmt;

/// Why a computation refused its input.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// Fewer items than the method needs (an empty sample, one run for a spread...).
    TooFew {
        /// What was counted.
        what: &'static str,
        /// The least the method needs.
        needed: usize,
        /// What it got.
        got: usize,
    },
    /// More items than the method supports.
    TooMany {
        /// What was counted.
        what: &'static str,
        /// The most the method supports.
        max: usize,
        /// What it got.
        got: usize,
    },
    /// A NaN or infinite value where a finite number is needed.
    NonFinite {
        /// Which input held it.
        what: &'static str,
    },
    /// A parameter range with `lo >= hi` or a non-finite end.
    InvalidBounds {
        /// Index of the parameter.
        index: usize,
        /// Its lower end.
        lo: f64,
        /// Its upper end.
        hi: f64,
    },
    /// A scalar argument outside its valid range.
    OutOfRange {
        /// Which argument.
        what: &'static str,
        /// The value received.
        value: f64,
        /// The valid range, in words.
        expected: &'static str,
    },
    /// Two lengths that must agree do not.
    LengthMismatch {
        /// What was measured.
        what: &'static str,
        /// The length expected.
        expected: usize,
        /// The length received.
        got: usize,
    },
    /// Two accumulators with different layouts cannot be merged.
    IncompatibleMerge,
    /// A stateful method was called out of order (e.g. `tell` before `ask`).
    OutOfOrder(&'static str),
    /// The data carry no information for the quantity asked (e.g. zero variance).
    Degenerate(&'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::TooFew { what, needed, got } => {
                write!(f, "{what}: need at least {needed}, got {got}")
            }
            Error::TooMany { what, max, got } => write!(f, "{what}: at most {max}, got {got}"),
            Error::NonFinite { what } => write!(f, "{what}: NaN or infinite value"),
            Error::InvalidBounds { index, lo, hi } => {
                write!(f, "parameter {index}: invalid range [{lo}, {hi}]")
            }
            Error::OutOfRange {
                what,
                value,
                expected,
            } => write!(f, "{what} = {value}, expected {expected}"),
            Error::LengthMismatch {
                what,
                expected,
                got,
            } => write!(f, "{what}: expected length {expected}, got {got}"),
            Error::IncompatibleMerge => write!(f, "cannot merge accumulators of different layout"),
            Error::OutOfOrder(msg) => write!(f, "called out of order: {msg}"),
            Error::Degenerate(msg) => write!(f, "degenerate data: {msg}"),
        }
    }
}

impl std::error::Error for Error {}

/// Result alias used throughout the crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Fails with [`Error::NonFinite`] if any value is NaN or infinite.
pub(crate) fn check_finite(values: &[f64], what: &'static str) -> Result<()> {
    if values.iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(Error::NonFinite { what })
    }
}

/// Fails unless `x` holds at least two points, each of `dim` finite coordinates, and
/// `labels` (the outcomes or cases of interest: `what`) one per point.
pub(crate) fn check_points(
    x: &[Vec<f64>],
    labels: usize,
    what: &'static str,
    dim: usize,
) -> Result<()> {
    check_len(what, x.len(), labels)?;
    if x.len() < 2 {
        return Err(Error::TooFew {
            what: "points",
            needed: 2,
            got: x.len(),
        });
    }
    for row in x {
        check_len("point", dim, row.len())?;
        check_finite(row, "point")?;
    }
    Ok(())
}

/// Fails with [`Error::LengthMismatch`] unless `got == expected`.
pub(crate) fn check_len(what: &'static str, expected: usize, got: usize) -> Result<()> {
    if got == expected {
        Ok(())
    } else {
        Err(Error::LengthMismatch {
            what,
            expected,
            got,
        })
    }
}
