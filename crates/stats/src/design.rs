//! Experimental designs over a box of parameters: which points of parameter
//! space to simulate.
//!
//! Every design returns `Vec<Vec<f64>>`, one inner vector per point, in the
//! parameter space of the [`Bounds`] (not the unit cube).

use rand::RngExt;
use rand::seq::SliceRandom;

use crate::rng::seeded;
use crate::{Error, Result, check_len};

/// The most points a design may have, so that a mistyped grid fails cleanly
/// instead of exhausting memory.
pub const MAX_DESIGN_POINTS: usize = 1 << 26;

/// Most points of one scrambled Sobol sequence (a limit of `sobol_burley`).
pub const MAX_SOBOL_POINTS: usize = 1 << 16;

/// Most dimensions of one scrambled Sobol sequence (a limit of `sobol_burley`).
pub const MAX_SOBOL_DIMENSIONS: usize = sobol_burley::NUM_DIMENSIONS as usize;

/// A box of parameters, each with a range `lo < hi`.
///
/// To hold a parameter fixed, leave it out of the box: a zero-width range would
/// make densities and variances degenerate.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Bounds {
    ranges: Vec<(f64, f64)>,
}

impl Bounds {
    /// A box from `(lo, hi)` pairs. Errors if empty, or if any range is not
    /// finite with `lo < hi`.
    pub fn new(ranges: Vec<(f64, f64)>) -> Result<Self> {
        if ranges.is_empty() {
            return Err(Error::TooFew {
                what: "parameters",
                needed: 1,
                got: 0,
            });
        }
        for (index, &(lo, hi)) in ranges.iter().enumerate() {
            if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                return Err(Error::InvalidBounds { index, lo, hi });
            }
        }
        Ok(Self { ranges })
    }

    /// Number of parameters.
    pub fn dim(&self) -> usize {
        self.ranges.len()
    }

    /// The `(lo, hi)` ranges.
    pub fn ranges(&self) -> &[(f64, f64)] {
        &self.ranges
    }

    /// Maps a point of the unit cube to the box (coordinate-wise affine).
    pub fn from_unit(&self, u: &[f64]) -> Vec<f64> {
        u.iter()
            .zip(&self.ranges)
            .map(|(&u, &(lo, hi))| lo + u * (hi - lo))
            .collect()
    }

    /// Maps a point of the box to the unit cube.
    pub fn to_unit(&self, x: &[f64]) -> Vec<f64> {
        x.iter()
            .zip(&self.ranges)
            .map(|(&x, &(lo, hi))| (x - lo) / (hi - lo))
            .collect()
    }

    /// Whether `x` has the right dimension and lies in the closed box.
    pub fn contains(&self, x: &[f64]) -> bool {
        x.len() == self.dim()
            && x.iter()
                .zip(&self.ranges)
                .all(|(&x, &(lo, hi))| lo <= x && x <= hi)
    }

    /// Fails unless `x` has the box's dimension and finite coordinates.
    pub(crate) fn check_point(&self, x: &[f64], what: &'static str) -> Result<()> {
        check_len(what, self.dim(), x.len())?;
        crate::check_finite(x, what)
    }
}

fn check_points(n: usize, what: &'static str) -> Result<()> {
    if n == 0 {
        return Err(Error::TooFew {
            what,
            needed: 1,
            got: 0,
        });
    }
    if n > MAX_DESIGN_POINTS {
        return Err(Error::TooMany {
            what,
            max: MAX_DESIGN_POINTS,
            got: n,
        });
    }
    Ok(())
}

/// Full factorial grid with `steps[i]` evenly spaced values of parameter `i`,
/// ends included (a single step takes the midpoint).
///
/// Points are in row-major order: the last parameter varies fastest.
pub fn grid(bounds: &Bounds, steps: &[usize]) -> Result<Vec<Vec<f64>>> {
    check_len("grid steps", bounds.dim(), steps.len())?;
    let total = steps
        .iter()
        .try_fold(1usize, |acc, &s| acc.checked_mul(s))
        .unwrap_or(usize::MAX);
    check_points(total, "grid points")?;
    let axes: Vec<Vec<f64>> = steps
        .iter()
        .zip(bounds.ranges())
        .map(|(&s, &(lo, hi))| {
            if s == 1 {
                vec![0.5 * (lo + hi)]
            } else {
                let last = (s - 1) as f64;
                // Exact ends, rather than lo + (s-1)·h which may miss hi by rounding.
                (0..s).map(|i| lo + (hi - lo) * (i as f64 / last)).collect()
            }
        })
        .collect();
    let mut points = Vec::with_capacity(total);
    let mut index = vec![0usize; steps.len()];
    for _ in 0..total {
        points.push(index.iter().zip(&axes).map(|(&i, a)| a[i]).collect());
        // Odometer increment, last digit fastest.
        for d in (0..index.len()).rev() {
            index[d] += 1;
            if index[d] < steps[d] {
                break;
            }
            index[d] = 0;
        }
    }
    Ok(points)
}

/// Plain Monte Carlo: `n` independent uniform points in the box.
pub fn uniform(bounds: &Bounds, n: usize, seed: u64) -> Result<Vec<Vec<f64>>> {
    check_points(n, "uniform points")?;
    let mut rng = seeded(seed);
    Ok((0..n)
        .map(|_| {
            let u: Vec<f64> = (0..bounds.dim()).map(|_| rng.random::<f64>()).collect();
            bounds.from_unit(&u)
        })
        .collect())
}

/// Latin hypercube of `n` points (McKay, Beckman & Conover 1979): each
/// parameter's range is cut into `n` equal strata and every stratum holds
/// exactly one point, placed uniformly within it; strata are paired across
/// parameters by independent random permutations.
pub fn latin_hypercube(bounds: &Bounds, n: usize, seed: u64) -> Result<Vec<Vec<f64>>> {
    check_points(n, "Latin hypercube points")?;
    let mut rng = seeded(seed);
    let mut unit = vec![vec![0.0; bounds.dim()]; n];
    let mut strata: Vec<usize> = (0..n).collect();
    for d in 0..bounds.dim() {
        strata.shuffle(&mut rng);
        for (point, &s) in unit.iter_mut().zip(&strata) {
            point[d] = (s as f64 + rng.random::<f64>()) / n as f64;
        }
    }
    Ok(unit.iter().map(|u| bounds.from_unit(u)).collect())
}

/// The first `n` points of an Owen-scrambled Sobol sequence (Burley 2020, via
/// `sobol_burley`), mapped to the box.
///
/// Take `n` a power of two: the first `2^m` points then form a (t, m, s)-net,
/// which is what makes them well spread. At most [`MAX_SOBOL_POINTS`] points and
/// [`MAX_SOBOL_DIMENSIONS`] parameters.
///
/// The first point is kept. In an unscrambled Sobol sequence it is the origin
/// corner, and dropping it is a common but harmful habit (Owen 2020, "On dropping
/// the first Sobol' point"); after scrambling it is an ordinary random point, and
/// dropping it would break the net's balance.
pub fn sobol(bounds: &Bounds, n: usize, seed: u64) -> Result<Vec<Vec<f64>>> {
    Ok(sobol_unit(bounds.dim(), n, seed)?
        .iter()
        .map(|u| bounds.from_unit(u))
        .collect())
}

/// Scrambled Sobol points in the unit cube `[0, 1)^dim`.
pub(crate) fn sobol_unit(dim: usize, n: usize, seed: u64) -> Result<Vec<Vec<f64>>> {
    check_points(n, "Sobol points")?;
    if n > MAX_SOBOL_POINTS {
        return Err(Error::TooMany {
            what: "Sobol points",
            max: MAX_SOBOL_POINTS,
            got: n,
        });
    }
    if dim > MAX_SOBOL_DIMENSIONS {
        return Err(Error::TooMany {
            what: "Sobol dimensions",
            max: MAX_SOBOL_DIMENSIONS,
            got: dim,
        });
    }
    // sobol_burley takes a 32-bit seed; fold the 64-bit one so both halves count.
    let seed32 = (seed ^ (seed >> 32)) as u32;
    Ok((0..n as u32)
        .map(|i| {
            (0..dim as u32)
                .map(|d| {
                    // The f32 output has 24 bits; centre it in its 2^-24 cell so
                    // no coordinate is exactly 0.
                    f64::from(sobol_burley::sample(i, d, seed32)) + 0.5 / f64::from(1u32 << 24)
                })
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit_box(dim: usize) -> Bounds {
        Bounds::new(vec![(0.0, 1.0); dim]).unwrap()
    }

    #[test]
    fn bounds_validate_and_map() {
        assert!(Bounds::new(vec![]).is_err());
        assert_eq!(
            Bounds::new(vec![(0.0, 1.0), (2.0, 1.0)]),
            Err(Error::InvalidBounds {
                index: 1,
                lo: 2.0,
                hi: 1.0
            })
        );
        assert!(Bounds::new(vec![(0.0, f64::NAN)]).is_err());
        assert!(Bounds::new(vec![(1.0, 1.0)]).is_err());
        let b = Bounds::new(vec![(-2.0, 2.0), (10.0, 20.0)]).unwrap();
        assert_eq!(b.from_unit(&[0.5, 0.25]), vec![0.0, 12.5]);
        assert_eq!(b.to_unit(&[0.0, 12.5]), vec![0.5, 0.25]);
        assert!(b.contains(&[2.0, 10.0]) && !b.contains(&[2.1, 10.0]) && !b.contains(&[0.0]));
    }

    #[test]
    fn grid_is_row_major_with_exact_ends() {
        let b = Bounds::new(vec![(0.0, 1.0), (-1.0, 1.0)]).unwrap();
        let g = grid(&b, &[2, 3]).unwrap();
        assert_eq!(
            g,
            vec![
                vec![0.0, -1.0],
                vec![0.0, 0.0],
                vec![0.0, 1.0],
                vec![1.0, -1.0],
                vec![1.0, 0.0],
                vec![1.0, 1.0]
            ]
        );
        assert_eq!(grid(&b, &[1, 1]).unwrap(), vec![vec![0.5, 0.0]]);
        assert!(grid(&b, &[0, 3]).is_err());
        assert!(grid(&b, &[3]).is_err());
        assert!(grid(&b, &[usize::MAX, 3]).is_err());
    }

    #[test]
    fn every_lhs_column_has_one_point_per_stratum() {
        let b = Bounds::new(vec![(0.0, 1.0), (-5.0, 5.0), (100.0, 200.0), (0.0, 1e-3)]).unwrap();
        let n = 97;
        let design = latin_hypercube(&b, n, 42).unwrap();
        assert_eq!(design.len(), n);
        for (d, &(lo, hi)) in b.ranges().iter().enumerate() {
            let mut hits = vec![0; n];
            for p in &design {
                let s = ((p[d] - lo) / (hi - lo) * n as f64) as usize;
                hits[s] += 1;
            }
            assert!(hits.iter().all(|&h| h == 1), "column {d}: {hits:?}");
        }
        assert_eq!(design, latin_hypercube(&b, n, 42).unwrap());
        assert_ne!(design, latin_hypercube(&b, n, 43).unwrap());
    }

    #[test]
    fn sobol_points_are_in_the_box_and_stratified() {
        let b = Bounds::new(vec![(-3.0, 3.0), (0.0, 10.0), (5.0, 6.0)]).unwrap();
        let n = 256;
        let design = sobol(&b, n, 11).unwrap();
        assert!(design.iter().all(|p| b.contains(p)));
        assert_eq!(design, sobol(&b, n, 11).unwrap());
        assert_ne!(design, sobol(&b, n, 12).unwrap());

        // Every pair of the first dimensions is a (0, m, 2)-net: with 256 points,
        // each of the 16 x 16 cells holds exactly one; and each axis alone has one
        // point per 1/256 stratum.
        let unit: Vec<Vec<f64>> = design.iter().map(|p| b.to_unit(p)).collect();
        let mut cells = vec![0; 256];
        for u in &unit {
            cells[(u[0] * 16.0) as usize * 16 + (u[1] * 16.0) as usize] += 1;
        }
        assert!(cells.iter().all(|&c| c == 1), "{cells:?}");
        for d in 0..3 {
            let mut strata = vec![0; n];
            for u in &unit {
                strata[(u[d] * n as f64) as usize] += 1;
            }
            assert!(strata.iter().all(|&c| c == 1), "dim {d}");
        }
    }

    #[test]
    fn sobol_limits_are_errors() {
        assert!(sobol(&unit_box(2), MAX_SOBOL_POINTS + 1, 0).is_err());
        assert!(sobol(&unit_box(MAX_SOBOL_DIMENSIONS + 1), 4, 0).is_err());
        assert!(sobol(&unit_box(2), 0, 0).is_err());
    }

    #[test]
    fn uniform_points_are_in_the_box() {
        let b = Bounds::new(vec![(1.0, 2.0); 3]).unwrap();
        let pts = uniform(&b, 500, 5).unwrap();
        assert!(pts.iter().all(|p| b.contains(p)));
        let mean = pts.iter().map(|p| p[0]).sum::<f64>() / 500.0;
        assert!((mean - 1.5).abs() < 0.05);
    }
}
