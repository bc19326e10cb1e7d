//! What a population of runs says: probabilities with Wilson intervals, times to events
//! with their median and quartiles, means with normal intervals, the cost-exchange
//! distribution. Accumulated run by run in index order, so that the result does not
//! depend on how the runs were computed.

use grayzone_stats::interval::{Interval, Z95, wilson95};
use grayzone_stats::survival::KaplanMeier;
use serde_json::{Map, Value, json};

use crate::counts::ValueCounts;
use crate::error::Result;

/// The model's 0/1 outcomes: reported as probabilities with Wilson intervals.
///
/// The model names its outcomes but does not say which are flags; this list does, and a
/// test checks that each name still exists.
pub const FLAGS: [&str; 6] = [
    "ceasefire_collapsed",
    "direct_strike",
    "host_strike",
    "basing_restricted",
    "channel_halted",
    "regional_war",
];

/// The window of the "within N days" probabilities.
pub const WINDOW_DAYS: u32 = 30;

/// Probabilities derived from first-passage days: (name, day outcome).
pub const WITHIN_WINDOW: [(&str, &str); 2] = [
    (
        "ceasefire_collapse_within_30_days",
        "ceasefire_collapse_day",
    ),
    ("regional_war_within_30_days", "regional_war_day"),
];

/// The outcome the cost-exchange distribution is made of.
pub const COST_EXCHANGE: &str = "cost_exchange_ratio";

/// The outcome whose levels give P(highest rung >= k).
pub const HIGHEST_RUNG: &str = "highest_rung";

/// The outcome the survival curve is made of.
pub const COLLAPSE_DAY: &str = "ceasefire_collapse_day";

/// How an outcome is summarised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutcomeKind {
    /// A first-passage day, missing when the event did not happen (censored).
    Time,
    /// A 0/1 flag.
    Flag,
    /// Any other number.
    Number,
}

/// The kind of an outcome, from its name.
pub fn outcome_kind(name: &str) -> OutcomeKind {
    if FLAGS.contains(&name) {
        OutcomeKind::Flag
    } else if name.ends_with("_day") {
        OutcomeKind::Time
    } else {
        OutcomeKind::Number
    }
}

/// Mean and variance by Welford's update: one pass, no list of values.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Moments {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Moments {
    fn add(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Mean with its normal 95% interval (the interval needs two values).
    fn interval(&self) -> Option<Interval> {
        match self.n {
            0 => None,
            1 => Some(Interval {
                estimate: self.mean,
                lo: f64::NAN,
                hi: f64::NAN,
            }),
            n => {
                let half = Z95 * (self.m2 / (n - 1) as f64 / n as f64).sqrt();
                Some(Interval {
                    estimate: self.mean,
                    lo: self.mean - half,
                    hi: self.mean + half,
                })
            }
        }
    }
}

/// Accumulates the outcomes of runs, one row at a time.
#[derive(Clone, Debug)]
pub(crate) struct Accumulator {
    names: Vec<String>,
    kinds: Vec<OutcomeKind>,
    runs: u64,
    moments: Vec<Moments>,
    /// Flags: runs with the flag set.
    ones: Vec<u64>,
    /// Time outcomes, highest rung and the cost-exchange ratio: exact distributions.
    values: Vec<Option<ValueCounts>>,
}

/// An estimate with its interval and the number of runs it rests on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// The estimate and its 95% interval (lo and hi NaN when there is no interval).
    pub interval: Interval,
    /// Runs with a value.
    pub n: u64,
}

impl Accumulator {
    pub fn new(names: &[String]) -> Accumulator {
        let kinds: Vec<OutcomeKind> = names.iter().map(|n| outcome_kind(n)).collect();
        let values = names
            .iter()
            .zip(&kinds)
            .map(|(n, k)| {
                (*k == OutcomeKind::Time || n == COST_EXCHANGE || n == HIGHEST_RUNG)
                    .then(ValueCounts::default)
            })
            .collect();
        Accumulator {
            names: names.to_vec(),
            kinds,
            runs: 0,
            moments: vec![Moments::default(); names.len()],
            ones: vec![0; names.len()],
            values,
        }
    }

    /// Adds one run's outcomes, in the order of the names.
    pub fn add(&mut self, outcomes: &[Option<f64>]) {
        self.runs += 1;
        for (i, value) in outcomes.iter().enumerate().take(self.names.len()) {
            let Some(x) = value.filter(|x| x.is_finite()) else {
                continue;
            };
            self.moments[i].add(x);
            if x == 1.0 {
                self.ones[i] += 1;
            }
            if let Some(v) = &mut self.values[i] {
                v.add(x);
            }
        }
    }

    pub fn runs(&self) -> u64 {
        self.runs
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    fn counts(&self, name: &str) -> Option<&ValueCounts> {
        self.index(name).and_then(|i| self.values[i].as_ref())
    }

    /// Each outcome's estimate: a Wilson interval for flags, a mean with a normal
    /// interval for the others (times among the runs where the event happened).
    pub fn estimates(&self) -> Vec<(String, Estimate)> {
        (0..self.names.len())
            .map(|i| {
                let estimate = match self.kinds[i] {
                    OutcomeKind::Flag => Estimate {
                        interval: wilson95(self.ones[i], self.runs).unwrap_or(nan_interval()),
                        n: self.runs,
                    },
                    _ => Estimate {
                        interval: self.moments[i].interval().unwrap_or(nan_interval()),
                        n: self.moments[i].n,
                    },
                };
                (self.names[i].clone(), estimate)
            })
            .collect()
    }

    /// The probabilities read off first-passage days and the highest rung: "within 30
    /// days" and "highest rung at least k", each with a Wilson interval.
    pub fn derived_probabilities(&self) -> Vec<(String, Interval, u64)> {
        let mut out = Vec::new();
        for (name, day) in WITHIN_WINDOW {
            if let Some(days) = self.counts(day) {
                let k = days.below(f64::from(WINDOW_DAYS));
                out.push((
                    name.to_owned(),
                    wilson95(k, self.runs).unwrap_or(nan_interval()),
                    k,
                ));
            }
        }
        if let Some(rungs) = self.counts(HIGHEST_RUNG) {
            for level in 1..=5 {
                let k = rungs.at_least(f64::from(level));
                out.push((
                    format!("highest_rung_at_least_{level}"),
                    wilson95(k, self.runs).unwrap_or(nan_interval()),
                    k,
                ));
            }
        }
        out
    }

    /// The Kaplan–Meier curve of the ceasefire, runs without a collapse censored at the
    /// horizon (`days`).
    pub fn survival(&self, days: u32) -> Result<Option<KaplanMeier>> {
        let Some(times) = self.counts(COLLAPSE_DAY) else {
            return Ok(None);
        };
        if self.runs == 0 {
            return Ok(None);
        }
        let censored = self.runs - times.total();
        let horizon = f64::from(days);
        let data: Vec<(f64, bool)> = times
            .expand()
            .map(|t| (t, true))
            .chain(std::iter::repeat_n((horizon, false), censored as usize))
            .collect();
        Ok(Some(KaplanMeier::fit(&data)?))
    }

    /// The cost-exchange ratios of the runs that fired anything, ascending.
    pub fn cost_exchange(&self) -> Vec<f64> {
        self.counts(COST_EXCHANGE)
            .map(|c| c.expand().collect())
            .unwrap_or_default()
    }

    /// The summary's statistics as JSON (provenance is added by the caller).
    pub fn to_json(&self, days: u32) -> Value {
        let mut probabilities = Map::new();
        for (i, (name, e)) in self.estimates().into_iter().enumerate() {
            if self.kinds[i] == OutcomeKind::Flag {
                probabilities.insert(name, interval_json(e.interval, Some(self.ones[i])));
            }
        }
        for (name, interval, k) in self.derived_probabilities() {
            probabilities.insert(name, interval_json(interval, Some(k)));
        }

        let mut times = Map::new();
        for (i, name) in self.names.iter().enumerate() {
            if self.kinds[i] != OutcomeKind::Time {
                continue;
            }
            let Some(c) = &self.values[i] else { continue };
            let (q1, median, q3) = (c.quantile(0.25), c.quantile(0.5), c.quantile(0.75));
            times.insert(
                name.clone(),
                json!({
                    "runs": self.runs,
                    "events": c.total(),
                    "censored": self.runs - c.total(),
                    "median": median,
                    "q1": q1,
                    "q3": q3,
                    "iqr": q1.zip(q3).map(|(a, b)| b - a),
                }),
            );
        }

        let mut means = Map::new();
        for (name, e) in self.estimates() {
            if outcome_kind(&name) == OutcomeKind::Number {
                means.insert(
                    name,
                    interval_json(e.interval, None).with("runs_with_value", e.n),
                );
            }
        }

        let cost = self.counts(COST_EXCHANGE);
        let quantile = |q: f64| cost.and_then(|c| c.quantile(q));
        let cost_json = json!({
            "description": "defence spending per dollar of attack spending, per run",
            "runs_with_value": cost.map_or(0, ValueCounts::total),
            "runs_without": self.runs - cost.map_or(0, ValueCounts::total),
            "mean": self.index(COST_EXCHANGE).and_then(|i| self.moments[i].interval()).map(|m| m.estimate),
            "min": quantile(0.0),
            "p05": quantile(0.05),
            "p25": quantile(0.25),
            "median": quantile(0.5),
            "p75": quantile(0.75),
            "p95": quantile(0.95),
            "max": quantile(1.0),
        });

        json!({
            "runs": self.runs,
            "days": days,
            "window_days": WINDOW_DAYS,
            "probabilities": probabilities,
            "times": times,
            "cost_exchange": cost_json,
            "means": means,
        })
    }
}

trait With {
    fn with(self, key: &str, value: u64) -> Value;
}

impl With for Value {
    fn with(mut self, key: &str, value: u64) -> Value {
        if let Value::Object(map) = &mut self {
            map.insert(key.to_owned(), json!(value));
        }
        self
    }
}

fn nan_interval() -> Interval {
    Interval {
        estimate: f64::NAN,
        lo: f64::NAN,
        hi: f64::NAN,
    }
}

/// `{"estimate", "lo", "hi"}` (and `"runs"` with the event for a count), NaN as null.
fn interval_json(i: Interval, count: Option<u64>) -> Value {
    let finite = |x: f64| x.is_finite().then_some(x);
    let mut v = json!({
        "estimate": finite(i.estimate),
        "lo": finite(i.lo),
        "hi": finite(i.hi),
    });
    if let Some(k) = count {
        v = v.with("count", k);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use grayzone_model::Outcomes;

    #[test]
    fn every_flag_and_derived_source_is_a_model_outcome() {
        let names = Outcomes::names();
        for name in FLAGS
            .iter()
            .chain(WITHIN_WINDOW.iter().map(|(_, d)| d))
            .chain(&[COST_EXCHANGE, HIGHEST_RUNG, COLLAPSE_DAY])
        {
            assert!(names.contains(name), "the model has no outcome {name}");
        }
        assert_eq!(outcome_kind("ceasefire_collapse_day"), OutcomeKind::Time);
        assert_eq!(outcome_kind("regional_war"), OutcomeKind::Flag);
        assert_eq!(outcome_kind("strikes"), OutcomeKind::Number);
    }

    #[test]
    fn moments_match_the_two_pass_interval() {
        let xs = [1.0, 2.0, 3.0, 4.0, 5.0];
        let mut m = Moments::default();
        xs.iter().for_each(|&x| m.add(x));
        let i = m.interval().unwrap();
        let reference = grayzone_stats::interval::mean95(&xs).unwrap();
        assert!((i.estimate - reference.estimate).abs() < 1e-12);
        assert!((i.lo - reference.lo).abs() < 1e-12 && (i.hi - reference.hi).abs() < 1e-12);
    }

    #[test]
    fn summary_counts_events_censoring_and_windows() {
        let names: Vec<String> = [
            "ceasefire_collapse_day",
            "ceasefire_collapsed",
            "highest_rung",
            "cost_exchange_ratio",
        ]
        .map(String::from)
        .to_vec();
        let mut acc = Accumulator::new(&names);
        acc.add(&[Some(3.0), Some(1.0), Some(4.0), Some(2.0)]);
        acc.add(&[Some(40.0), Some(1.0), Some(2.0), None]);
        acc.add(&[None, Some(0.0), Some(0.0), Some(0.5)]);
        let s = acc.to_json(60);
        assert_eq!(s["probabilities"]["ceasefire_collapsed"]["count"], 2);
        assert_eq!(
            s["probabilities"]["ceasefire_collapse_within_30_days"]["count"],
            1
        );
        assert_eq!(s["probabilities"]["highest_rung_at_least_3"]["count"], 1);
        assert_eq!(s["times"]["ceasefire_collapse_day"]["censored"], 1);
        assert_eq!(s["times"]["ceasefire_collapse_day"]["median"], 21.5);
        assert_eq!(s["cost_exchange"]["runs_without"], 1);
        let km = acc.survival(60).unwrap().unwrap();
        assert!((km.survival_at(3.0) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(acc.cost_exchange(), vec![0.5, 2.0]);
    }
}
