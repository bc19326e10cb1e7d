//! The parameters an analysis varies (`PATH=LO:HI`), and the scenario at a point of
//! their box.

use std::str::FromStr;

use grayzone_experiments::ParamRange;
use grayzone_scenario::{ParamPath, Scenario};
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

/// A scenario and the parameters varied over it: gives the scenario at any point.
#[derive(Clone, Debug)]
pub struct Space {
    base: Scenario,
    params: Vec<Param>,
    paths: Vec<ParamPath>,
}

impl Space {
    /// Checks that every path leads to numbers of the scenario, that no path is given
    /// twice, and that the scenario accepts the lower and the upper corner of the box
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
            base.param_value(&path)
                .map_err(|e| Error::Invalid(e.to_string()))?;
            paths.push(path);
        }
        let space = Space {
            base,
            params,
            paths,
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

    /// The base scenario with the parameters set to `x`, validated again.
    pub fn scenario_at(&self, x: &[f64]) -> Result<Scenario> {
        self.scenario_with(x, None)
    }

    /// The scenario at `x` running `days` days: the scenario an answer found over
    /// histories of `days` days is written as, since its values hold for that horizon.
    pub fn scenario_over(&self, x: &[f64], days: u32) -> Result<Scenario> {
        self.scenario_with(x, (days != self.base.days()).then_some(days))
    }

    fn scenario_with(&self, x: &[f64], days: Option<u32>) -> Result<Scenario> {
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
                .zip(x)
                .map(|(p, v)| format!("{} = {v}", p.path))
                .collect();
            Error::Scenario(format!("at {}:\n{d}", at.join(", ")))
        })
    }
}
