//! The parameters an analysis varies (`PATH=LO:HI`), and the scenario at a point of
//! their box.
//!
//! The methods search a box of real numbers, but some fields take only whole numbers
//! (a tolerance, a count of days) or 0 and 1 (a mechanism switch). A coordinate of such
//! a field is rounded to the nearest value it takes, within LO..HI, before the scenario
//! is built ([`taken`]); every table records the rounded value, since that is what ran.
//! Methods that draw from the box (Sobol, ABC, CMA-ES) draw such a field from half a
//! unit beyond its first and last whole number ([`search_bounds`]), so that rounding
//! gives each whole number the same share, as the sweep's lhs and sobol designs do.

use std::str::FromStr;

use grayzone_experiments::ParamRange;
use grayzone_scenario::{Domain, ParamPath, Scenario};
use grayzone_stats::design::Bounds;

use crate::error::{Error, Result};

/// One varied parameter: a scenario path and its range, written `PATH=LO:HI`
/// (`militias.kataib_hezbollah.autonomy=0:1`). For calibration the range is the
/// uniform prior.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The scenario's parameter path; a wildcard (`militias.*.autonomy`) sets every
    /// place it matches to the same value.
    pub path: String,
    /// Lowest value.
    pub lo: f64,
    /// Highest value.
    pub hi: f64,
}

impl FromStr for Param {
    type Err = Error;

    /// Parses `PATH=LO:HI` with the sweep's parser, so both commands read ranges alike.
    fn from_str(text: &str) -> Result<Param> {
        let range: ParamRange = text
            .parse()
            .map_err(|e: grayzone_experiments::Error| Error::Invalid(e.to_string()))?;
        if range.steps.is_some() {
            return Err(Error::Invalid(format!(
                "--param {text:?}: STEPS is for a grid sweep; tuning takes PATH=LO:HI"
            )));
        }
        Ok(Param {
            path: range.path,
            lo: range.lo,
            hi: range.hi,
        })
    }
}

/// The box of a list of parameters, in their order.
pub fn bounds(params: &[Param]) -> Result<Bounds> {
    Bounds::new(params.iter().map(|p| (p.lo, p.hi)).collect())
        .map_err(|e| Error::Invalid(format!("parameter ranges: {e}")))
}

/// The first and last value from LO to HI that a field of `domain` takes, or an error
/// when it takes none there.
fn taken_range(p: &Param, domain: Domain) -> Result<(f64, f64)> {
    domain
        .values_between(p.lo, p.hi)
        .map_err(|why| Error::Invalid(format!("--param {}: {why}", p.path)))
}

/// The box a method searches; `domains[i]` is what parameter `i` takes (an empty list:
/// every parameter is real). A whole-number field or a switch spans from its first to
/// its last value when `grid` (a Morris grid then has its ends on values the field
/// takes), and half a unit beyond them otherwise, so that rounding a uniform draw gives
/// each value the same chance.
pub fn search_bounds(params: &[Param], domains: &[Domain], grid: bool) -> Result<Bounds> {
    let ranges = params
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let domain = domains.get(i).copied().unwrap_or(Domain::Real);
            let (lo, hi) = taken_range(p, domain)?;
            Ok(match domain {
                Domain::Real => (lo, hi),
                _ if grid && lo < hi => (lo, hi),
                _ => (lo - 0.5, hi + 0.5),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Bounds::new(ranges).map_err(|e| Error::Invalid(format!("parameter ranges: {e}")))
}

/// The values the scenario takes at the point `x` of the box: each whole-number field or
/// switch rounded to its nearest value within LO..HI, the others as they are.
pub fn taken(params: &[Param], domains: &[Domain], x: &[f64]) -> Vec<f64> {
    x.iter()
        .enumerate()
        .map(|(i, &v)| {
            let domain = domains.get(i).copied().unwrap_or(Domain::Real);
            match params.get(i) {
                Some(p) => domain.nearest_between(v, p.lo, p.hi),
                None => v,
            }
        })
        .collect()
}

/// A scenario and the parameters varied over it: gives the scenario at any point.
#[derive(Clone, Debug)]
pub struct Space {
    base: Scenario,
    params: Vec<Param>,
    paths: Vec<ParamPath>,
    domains: Vec<Domain>,
}

impl Space {
    /// Checks that every path leads to numbers of the scenario, that no two paths set a
    /// common number, that a whole-number field or a switch takes some value in its
    /// range, and that the scenario accepts the lower and the upper corner of the box
    /// (so that a range outside a parameter's valid values fails now, not mid-run).
    pub fn new(base: Scenario, params: Vec<Param>) -> Result<Space> {
        if params.is_empty() {
            return Err(Error::Invalid(
                "give at least one --param PATH=LO:HI".into(),
            ));
        }
        bounds(&params)?;
        let mut paths = Vec::with_capacity(params.len());
        for (i, p) in params.iter().enumerate() {
            if params[..i].iter().any(|q| q.path == p.path) {
                return Err(Error::Invalid(format!("--param {} is given twice", p.path)));
            }
            let path = ParamPath::parse(&p.path).map_err(|e| Error::Invalid(e.to_string()))?;
            paths.push(path);
        }
        let slots = base
            .resolve_params(&paths)
            .map_err(|e| Error::Invalid(e.to_string()))?;
        // A wildcard over places of different kinds takes the strictest of them.
        let domains: Vec<Domain> = slots
            .iter()
            .map(|s| s.iter().map(|s| s.domain).max().unwrap_or(Domain::Real))
            .collect();
        for (p, &domain) in params.iter().zip(&domains) {
            taken_range(p, domain)?;
        }
        let space = Space {
            base,
            params,
            paths,
            domains,
        };
        for corner in [
            space.params.iter().map(|p| p.lo).collect::<Vec<_>>(),
            space.params.iter().map(|p| p.hi).collect(),
        ] {
            space.scenario_at(&corner)?;
        }
        Ok(space)
    }

    /// The scenario the parameters vary.
    pub fn base(&self) -> &Scenario {
        &self.base
    }

    /// The parameters, in order.
    pub fn params(&self) -> &[Param] {
        &self.params
    }

    /// What each parameter takes: any number, whole numbers or 0 and 1.
    pub fn domains(&self) -> &[Domain] {
        &self.domains
    }

    /// The values the scenario at `x` has (see [`taken`]).
    pub fn taken(&self, x: &[f64]) -> Vec<f64> {
        taken(&self.params, &self.domains, x)
    }

    /// The base scenario with the parameters set to `x` (whole-number fields and
    /// switches rounded, see [`taken`]), validated again.
    pub fn scenario_at(&self, x: &[f64]) -> Result<Scenario> {
        self.scenario_with(x, None)
    }

    /// The scenario at `x` running `days` days: the scenario an answer found over
    /// histories of `days` days is written as, since its values hold for that horizon.
    pub fn scenario_over(&self, x: &[f64], days: u32) -> Result<Scenario> {
        self.scenario_with(x, (days != self.base.days()).then_some(days))
    }

    fn scenario_with(&self, x: &[f64], days: Option<u32>) -> Result<Scenario> {
        let x = self.taken(x);
        let mut settings: Vec<(ParamPath, f64)> =
            self.paths.iter().cloned().zip(x.iter().copied()).collect();
        if let Some(days) = days {
            let path = ParamPath::parse("days").map_err(|e| Error::Invalid(e.to_string()))?;
            settings.push((path, f64::from(days)));
        }
        self.base.with_params(&settings).map_err(|d| {
            let at: Vec<String> = self
                .params
                .iter()
                .zip(&x)
                .map(|(p, v)| format!("{} = {v}", p.path))
                .collect();
            Error::Scenario(format!("at {}:\n{d}", at.join(", ")))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(lo: f64, hi: f64) -> Param {
        Param {
            path: "x".into(),
            lo,
            hi,
        }
    }

    #[test]
    fn each_domain_takes_its_nearest_value_within_the_range() {
        let params = [param(0.0, 1.0), param(0.5, 10.2), param(0.0, 1.0)];
        let domains = [Domain::Switch, Domain::Whole, Domain::Real];
        assert_eq!(taken(&params, &domains, &[0.49, 0.4, 0.3]), [0.0, 1.0, 0.3]);
        assert_eq!(
            taken(&params, &domains, &[0.5, 10.5, 0.7]),
            [1.0, 10.0, 0.7]
        );
        // Without domains every parameter is real.
        assert_eq!(taken(&params, &[], &[0.49, 0.4, 0.3]), [0.49, 0.4, 0.3]);
    }

    #[test]
    fn draws_span_half_a_unit_beyond_the_whole_numbers_and_grids_end_on_them() {
        let params = [param(0.5, 10.2), param(0.0, 1.0)];
        let domains = [Domain::Whole, Domain::Real];
        let drawn = search_bounds(&params, &domains, false).unwrap();
        let grid = search_bounds(&params, &domains, true).unwrap();
        assert_eq!(drawn, Bounds::new(vec![(0.5, 10.5), (0.0, 1.0)]).unwrap());
        assert_eq!(grid, Bounds::new(vec![(1.0, 10.0), (0.0, 1.0)]).unwrap());
    }
}
