//! What a population of runs says: probabilities with Wilson intervals, times to events
//! with their median and quartiles (among the events, and by Kaplan–Meier with the runs
//! that reach the horizon censored), means with normal intervals, the cost-exchange
//! distribution. Accumulated run by run in index order, so that the result does not
//! depend on how the runs were computed.
//!
//! Memory does not grow with the number of runs: days and rungs are counted per distinct
//! value (at most one per day), the cost-exchange ratio in fine log bins
//! ([`crate::binned`]), everything else as running moments.

use grayzone_stats::interval::{Interval, Z95, wilson95};
use grayzone_stats::survival::KaplanMeier;
use serde_json::{Map, Value, json};

use crate::binned::{LogBins, RELATIVE_PRECISION};
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

/// Probabilities derived from first-passage days: (name, day outcome, the flag that is
/// the same event by the horizon).
pub const WITHIN_WINDOW: [(&str, &str, &str); 2] = [
    (
        "ceasefire_collapse_within_30_days",
        "ceasefire_collapse_day",
        "ceasefire_collapsed",
    ),
    (
        "regional_war_within_30_days",
        "regional_war_day",
        "regional_war",
    ),
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
    /// Time outcomes and the highest rung: exact distributions.
    values: Vec<Option<ValueCounts>>,
    /// The cost-exchange ratio, in fine bins.
    cost: LogBins,
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
            .map(|(n, k)| (*k == OutcomeKind::Time || n == HIGHEST_RUNG).then(ValueCounts::default))
            .collect();
        Accumulator {
            names: names.to_vec(),
            kinds,
            runs: 0,
            moments: vec![Moments::default(); names.len()],
            ones: vec![0; names.len()],
            values,
            cost: LogBins::default(),
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
            if self.names[i] == COST_EXCHANGE {
                self.cost.add(x);
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
    /// days" and "highest rung at least k", each with a Wilson interval. "Within 30 days"
    /// is left out when runs last fewer than 30 days: it would be the probability by the
    /// horizon under another name (see [`undefined_windows`]).
    pub fn derived_probabilities(&self, days: u32) -> Vec<(String, Interval, u64)> {
        let mut out = Vec::new();
        for (name, day, _) in WITHIN_WINDOW {
            if days < WINDOW_DAYS {
                continue;
            }
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
        self.index(COLLAPSE_DAY)
            .map_or(Ok(None), |i| self.kaplan_meier(i, days))
    }

    /// The Kaplan–Meier curve of time outcome `i`, built from its counts per day: runs
    /// without the event are censored at the horizon.
    fn kaplan_meier(&self, i: usize, days: u32) -> Result<Option<KaplanMeier>> {
        let Some(times) = &self.values[i] else {
            return Ok(None);
        };
        if self.runs == 0 {
            return Ok(None);
        }
        let horizon = f64::from(days);
        let mut counts: Vec<(f64, u64, u64)> =
            times.iter().map(|(day, events)| (day, events, 0)).collect();
        let censored = self.runs - times.total();
        match counts.last_mut() {
            Some(last) if last.0 == horizon => last.2 += censored,
            _ => counts.push((horizon, 0, censored)),
        }
        counts.retain(|c| c.1 + c.2 > 0);
        Ok(Some(KaplanMeier::from_counts(&counts)?))
    }

    /// The cost-exchange distribution, as (value, runs) per fine bin, ascending.
    pub fn cost_exchange(&self) -> Vec<(f64, u64)> {
        self.cost.bins()
    }

    /// The summary's statistics as JSON (provenance is added by the caller).
    pub fn to_json(&self, days: u32) -> Result<Value> {
        let mut probabilities = Map::new();
        for (i, (name, e)) in self.estimates().into_iter().enumerate() {
            if self.kinds[i] == OutcomeKind::Flag {
                probabilities.insert(name, interval_json(e.interval, Some(self.ones[i])));
            }
        }
        for (name, interval, k) in self.derived_probabilities(days) {
            probabilities.insert(name, interval_json(interval, Some(k)));
        }
        let undefined = undefined_windows(days);

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
                    "kaplan_meier": km_json(self.kaplan_meier(i, days)?.as_ref(), days),
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

        let quantile = |q: f64| self.cost.quantile(q);
        let cost_json = json!({
            "description": "defence spending per dollar of attack spending, per run",
            "precision": format!(
                "percentiles within {:.3}% of the exact ones (log bins of relative width 2^-10); min, max and mean exact",
                RELATIVE_PRECISION * 100.0
            ),
            "runs_with_value": self.cost.total(),
            "runs_without": self.runs - self.cost.total(),
            "mean": self.index(COST_EXCHANGE).and_then(|i| self.moments[i].interval()).map(|m| m.estimate),
            "min": quantile(0.0),
            "p05": quantile(0.05),
            "p25": quantile(0.25),
            "median": quantile(0.5),
            "p75": quantile(0.75),
            "p95": quantile(0.95),
            "max": quantile(1.0),
        });

        let mut out = json!({
            "runs": self.runs,
            "days": days,
            "window_days": WINDOW_DAYS,
            "probabilities": probabilities,
            "times": times,
            "cost_exchange": cost_json,
            "means": means,
        });
        if !undefined.is_empty() {
            out["undefined"] = Value::Object(undefined);
        }
        Ok(out)
    }
}

/// The "within 30 days" probabilities that runs shorter than 30 days cannot give, each
/// with the reason and what to read instead (empty when runs last 30 days or more).
pub fn undefined_windows(days: u32) -> Map<String, Value> {
    if days >= WINDOW_DAYS {
        return Map::new();
    }
    WITHIN_WINDOW
        .iter()
        .map(|(name, _, flag)| {
            let why = format!(
                "runs last {days} days, fewer than the {WINDOW_DAYS}-day window: what happens \
                 on days {days}-{} is not simulated; {flag} is the probability by day {days}",
                WINDOW_DAYS - 1
            );
            (name.to_string(), Value::String(why))
        })
        .collect()
}

/// Median and quartiles of a time to event read off its Kaplan–Meier curve, runs without
/// the event censored at the horizon: the time by which 25%, 50% and 75% of all runs have
/// had it, null where the curve stays above that share by the horizon.
fn km_json(km: Option<&KaplanMeier>, days: u32) -> Value {
    let Some(km) = km else { return Value::Null };
    let (lo, hi) = km.median_interval();
    json!({
        "censored_at_day": days,
        "q1": km.quantile(0.25),
        "median": km.quantile(0.5),
        "q3": km.quantile(0.75),
        "median_lo": lo,
        "median_hi": hi,
        "survival_at_horizon": km.survival_at(f64::from(days)),
    })
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
            .chain(WITHIN_WINDOW.iter().flat_map(|(_, d, f)| [d, f]))
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
    fn kaplan_meier_quartiles_count_the_censored_runs() {
        let names = vec!["ceasefire_collapse_day".to_owned()];
        let mut acc = Accumulator::new(&names);
        // Ten runs: collapses on days 2, 2, 5 and 9; six hold to the horizon (day 20).
        for day in [
            Some(2.0),
            Some(2.0),
            Some(5.0),
            Some(9.0),
            None,
            None,
            None,
            None,
            None,
            None,
        ] {
            acc.add(&[day]);
        }
        let s = acc.to_json(20).unwrap();
        let t = &s["times"]["ceasefire_collapse_day"];
        assert_eq!(t["median"], 3.5, "among the events");
        let km = &t["kaplan_meier"];
        assert_eq!(km["q1"], 5.0, "S(5) = 0.7 is the first at or below 0.75");
        assert!(
            km["median"].is_null(),
            "six in ten still hold at the horizon: {km}"
        );
        assert_eq!(km["censored_at_day"], 20);
        assert!((km["survival_at_horizon"].as_f64().unwrap() - 0.6).abs() < 1e-12);
    }

    #[test]
    fn a_window_longer_than_the_runs_is_undefined() {
        let names: Vec<String> = ["ceasefire_collapse_day", "regional_war_day"]
            .map(String::from)
            .to_vec();
        let mut acc = Accumulator::new(&names);
        acc.add(&[Some(3.0), None]);
        let short = acc.to_json(20).unwrap();
        assert!(short["probabilities"]["ceasefire_collapse_within_30_days"].is_null());
        let why = short["undefined"]["ceasefire_collapse_within_30_days"]
            .as_str()
            .unwrap();
        assert!(
            why.contains("runs last 20 days")
                && why.contains("ceasefire_collapsed is the probability by day 20"),
            "{why}"
        );
        assert!(
            short["undefined"]["regional_war_within_30_days"]
                .as_str()
                .unwrap()
                .contains("regional_war is")
        );
        assert!(
            acc.derived_probabilities(20)
                .iter()
                .all(|(n, ..)| !n.contains("30"))
        );
        let long = acc.to_json(30).unwrap();
        assert_eq!(
            long["probabilities"]["ceasefire_collapse_within_30_days"]["count"],
            1
        );
        assert!(long.get("undefined").is_none());
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
        let s = acc.to_json(60).unwrap();
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
        assert_eq!(acc.cost_exchange(), vec![(0.5, 1), (2.0, 1)]);
        assert_eq!(
            s["times"]["ceasefire_collapse_day"]["kaplan_meier"]["q1"],
            3.0
        );
    }
}
