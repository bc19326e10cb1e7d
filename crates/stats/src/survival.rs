//! Kaplan–Meier survival curves for time-to-event outcomes such as "days until
//! the ceasefire breaks", where runs that reach the horizon without the event are
//! right-censored.

use crate::interval::Z95;
use crate::{Error, Result, check_finite};

/// One row of the Kaplan–Meier table, at a distinct observed time.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct KmStep {
    /// The observed time.
    pub time: f64,
    /// Subjects still at risk just before `time` (observed time `>= time`).
    pub at_risk: usize,
    /// Events at `time`.
    pub events: usize,
    /// Censorings at `time`.
    pub censored: usize,
    /// Survival estimate S(t) just after `time`.
    pub survival: f64,
    /// Greenwood variance of `survival`.
    pub variance: f64,
    /// Lower end of the pointwise band.
    pub lo: f64,
    /// Upper end of the pointwise band.
    pub hi: f64,
}

/// A fitted Kaplan–Meier curve: a right-continuous step function.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct KaplanMeier {
    steps: Vec<KmStep>,
    subjects: usize,
}

impl KaplanMeier {
    /// Fits the curve to `(time, event_observed)` pairs with a 95% band.
    ///
    /// See [`KaplanMeier::fit_z`].
    pub fn fit(data: &[(f64, bool)]) -> Result<Self> {
        Self::fit_z(data, Z95)
    }

    /// Fits the curve from run outcomes: `Some(t)` if the event happened at `t`,
    /// `None` if the run reached `horizon` without it (censored at `horizon`).
    ///
    /// Errors if an event time is after the horizon.
    pub fn from_outcomes(outcomes: &[Option<f64>], horizon: f64) -> Result<Self> {
        if !horizon.is_finite() {
            return Err(Error::NonFinite { what: "horizon" });
        }
        let data = outcomes
            .iter()
            .map(|o| match *o {
                Some(t) if t > horizon => Err(Error::OutOfRange {
                    what: "event time",
                    value: t,
                    expected: "at most the horizon",
                }),
                Some(t) => Ok((t, true)),
                None => Ok((horizon, false)),
            })
            .collect::<Result<Vec<_>>>()?;
        Self::fit(&data)
    }

    /// Fits the curve with a pointwise band at normal quantile `z`.
    ///
    /// Ties follow the usual convention: at a shared time, events happen before
    /// censorings, so a run censored at `t` was at risk for the events at `t`.
    ///
    /// The variance is Greenwood's (1926), `S(t)^2 Σ d/(n(n-d))`. The band uses
    /// the log-log transform (Kalbfleisch & Prentice 1980; R's `conf.type =
    /// "log-log"`), `S^exp(±z σ/log S)` with `σ^2 = Σ d/(n(n-d))`, so it always
    /// stays inside [0, 1]. Where S = 1 (no event yet) or S = 0 the band
    /// collapses onto the estimate.
    pub fn fit_z(data: &[(f64, bool)], z: f64) -> Result<Self> {
        if data.is_empty() {
            return Err(Error::TooFew {
                what: "survival observations",
                needed: 1,
                got: 0,
            });
        }
        if !(z.is_finite() && z > 0.0) {
            return Err(Error::OutOfRange {
                what: "z",
                value: z,
                expected: "a positive finite number",
            });
        }
        let times: Vec<f64> = data.iter().map(|d| d.0).collect();
        check_finite(&times, "survival times")?;

        let mut sorted = data.to_vec();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut counts: Vec<(f64, u64, u64)> = Vec::new();
        for &(time, event) in &sorted {
            if counts.last().is_none_or(|c| c.0 != time) {
                counts.push((time, 0, 0));
            }
            if let Some(last) = counts.last_mut() {
                if event {
                    last.1 += 1;
                } else {
                    last.2 += 1;
                }
            }
        }
        Self::from_counts_z(&counts, z)
    }

    /// Fits the curve from counts per distinct time: `(time, events, censored)`, times
    /// strictly increasing, with a 95% band. Memory grows with the distinct times, not
    /// the subjects: a million runs of integer days fit in as many rows as there are days.
    pub fn from_counts(counts: &[(f64, u64, u64)]) -> Result<Self> {
        Self::from_counts_z(counts, Z95)
    }

    fn from_counts_z(counts: &[(f64, u64, u64)], z: f64) -> Result<Self> {
        let times: Vec<f64> = counts.iter().map(|c| c.0).collect();
        check_finite(&times, "survival times")?;
        if let Some(w) = times.windows(2).find(|w| w[0] >= w[1]) {
            return Err(Error::OutOfRange {
                what: "survival time",
                value: w[1],
                expected: "above the time before it (times strictly increasing)",
            });
        }
        let subjects: u64 = counts.iter().map(|c| c.1 + c.2).sum();
        if subjects == 0 {
            return Err(Error::TooFew {
                what: "survival observations",
                needed: 1,
                got: 0,
            });
        }
        let mut steps = Vec::with_capacity(counts.len());
        let mut at_risk = subjects as usize;
        let mut survival = 1.0;
        let mut greenwood_sum = 0.0;
        // At a shared time, events happen before censorings (see `fit_z`).
        for &(time, events, censored) in counts.iter().filter(|c| c.1 + c.2 > 0) {
            let (events, censored) = (events as usize, censored as usize);
            if events > 0 {
                let (n, d) = (at_risk as f64, events as f64);
                survival *= 1.0 - d / n;
                if events < at_risk {
                    greenwood_sum += d / (n * (n - d));
                }
            }
            let (lo, hi) = log_log_band(survival, greenwood_sum, z);
            steps.push(KmStep {
                time,
                at_risk,
                events,
                censored,
                survival,
                variance: survival * survival * greenwood_sum,
                lo,
                hi,
            });
            at_risk -= events + censored;
        }
        Ok(Self {
            steps,
            subjects: subjects as usize,
        })
    }

    /// The table, one row per distinct observed time (events or censorings).
    pub fn steps(&self) -> &[KmStep] {
        &self.steps
    }

    /// Number of subjects fitted.
    pub fn subjects(&self) -> usize {
        self.subjects
    }

    /// Index of the last step at or before `t`, if any.
    fn step_at(&self, t: f64) -> Option<usize> {
        self.steps.partition_point(|s| s.time <= t).checked_sub(1)
    }

    /// S(t): the estimated probability of no event by time `t` (inclusive).
    pub fn survival_at(&self, t: f64) -> f64 {
        self.step_at(t).map_or(1.0, |i| self.steps[i].survival)
    }

    /// The pointwise band `(lo, hi)` for S(t).
    pub fn band_at(&self, t: f64) -> (f64, f64) {
        self.step_at(t)
            .map_or((1.0, 1.0), |i| (self.steps[i].lo, self.steps[i].hi))
    }

    /// Number still at risk at time `t`: subjects whose observed time is `>= t`.
    pub fn at_risk(&self, t: f64) -> usize {
        let i = self.steps.partition_point(|s| s.time < t);
        self.steps.get(i).map_or(0, |s| s.at_risk)
    }

    /// The median survival time: the first time at which S(t) <= 0.5, or `None`
    /// if the curve never falls that low (more than half the runs survive).
    pub fn median(&self) -> Option<f64> {
        self.first_time_at_or_below(0.5, |s| s.survival)
    }

    /// The time by which a share `p` of subjects has had the event: the first time at
    /// which S(t) <= 1 - p (`quantile(0.5)` is the median), or `None` if the curve never
    /// falls that low within the observed times, as when censoring at a horizon comes
    /// first.
    pub fn quantile(&self, p: f64) -> Option<f64> {
        if !(0.0..=1.0).contains(&p) {
            return None;
        }
        self.first_time_at_or_below(1.0 - p, |s| s.survival)
    }

    /// A confidence interval for the median, read off the band (Brookmeyer &
    /// Crowley 1982 style): the first times at which the lower and the upper
    /// band fall to 0.5. Either end is `None` when not reached.
    pub fn median_interval(&self) -> (Option<f64>, Option<f64>) {
        (
            self.first_time_at_or_below(0.5, |s| s.lo),
            self.first_time_at_or_below(0.5, |s| s.hi),
        )
    }

    fn first_time_at_or_below(&self, level: f64, value: impl Fn(&KmStep) -> f64) -> Option<f64> {
        self.steps
            .iter()
            .find(|s| value(s) <= level)
            .map(|s| s.time)
    }
}

fn log_log_band(survival: f64, greenwood_sum: f64, z: f64) -> (f64, f64) {
    if survival >= 1.0 || survival <= 0.0 {
        return (survival, survival);
    }
    let sigma = greenwood_sum.sqrt() / survival.ln().abs();
    // S < 1, so a larger exponent gives a smaller value.
    (
        survival.powf((z * sigma).exp()),
        survival.powf((-z * sigma).exp()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The classic example of Kaplan & Meier style textbooks (leukaemia 6-MP arm,
    /// Gehan 1965), checked against R: `survfit(Surv(t, e) ~ 1, conf.type = "log-log")`.
    fn gehan_6mp() -> Vec<(f64, bool)> {
        let t = [
            6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35,
        ];
        let e = [
            1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0,
        ];
        t.iter().zip(e).map(|(&t, e)| (t as f64, e == 1)).collect()
    }

    #[test]
    fn matches_r_survfit_on_gehan_data() {
        let km = KaplanMeier::fit(&gehan_6mp()).unwrap();
        let row = |t: f64| *km.steps().iter().find(|s| s.time == t).unwrap();
        // R: time 6: n.risk 21, n.event 3, surv 0.857, std.err 0.0764, lower 0.620, upper 0.952
        let r6 = row(6.0);
        assert_eq!((r6.at_risk, r6.events, r6.censored), (21, 3, 1));
        assert!((r6.survival - 18.0 / 21.0).abs() < 1e-12);
        assert!((r6.variance.sqrt() - 0.0764).abs() < 5e-4);
        assert!(
            (r6.lo - 0.620).abs() < 1e-3 && (r6.hi - 0.952).abs() < 1e-3,
            "{r6:?}"
        );
        // R: time 23: n.risk 6, surv 0.448, std.err 0.135, lower 0.188, upper 0.680
        let r23 = row(23.0);
        assert_eq!(r23.at_risk, 6);
        assert!((r23.survival - 0.448).abs() < 1e-3);
        assert!((r23.variance.sqrt() - 0.135).abs() < 1e-3);
        assert!(
            (r23.lo - 0.188).abs() < 1e-3 && (r23.hi - 0.680).abs() < 1e-3,
            "{r23:?}"
        );
        assert_eq!(km.median(), Some(23.0));
        assert_eq!(km.median_interval(), (Some(13.0), None));
    }

    #[test]
    fn step_function_queries() {
        let km = KaplanMeier::fit(&gehan_6mp()).unwrap();
        assert_eq!(km.survival_at(5.9), 1.0);
        assert_eq!(km.band_at(0.0), (1.0, 1.0));
        assert!((km.survival_at(6.0) - 18.0 / 21.0).abs() < 1e-12);
        assert!((km.survival_at(6.5) - 18.0 / 21.0).abs() < 1e-12);
        assert_eq!(km.at_risk(0.0), 21);
        assert_eq!(km.at_risk(6.0), 21);
        assert_eq!(km.at_risk(6.5), 17);
        assert_eq!(km.at_risk(35.0), 1);
        assert_eq!(km.at_risk(36.0), 0);
        for s in km.steps() {
            assert!(0.0 <= s.lo && s.lo <= s.survival && s.survival <= s.hi && s.hi <= 1.0);
        }
    }

    #[test]
    fn outcomes_censor_at_horizon() {
        let outcomes = [Some(1.0), None, Some(2.0), None];
        let km = KaplanMeier::from_outcomes(&outcomes, 10.0).unwrap();
        assert_eq!(km.subjects(), 4);
        assert!((km.survival_at(1.0) - 0.75).abs() < 1e-12);
        assert!((km.survival_at(2.0) - 0.5).abs() < 1e-12);
        assert_eq!(km.median(), Some(2.0));
        let last = km.steps().last().unwrap();
        assert_eq!((last.time, last.censored, last.at_risk), (10.0, 2, 2));
        assert!(KaplanMeier::from_outcomes(&[Some(11.0)], 10.0).is_err());
    }

    #[test]
    fn all_events_reach_zero_without_nan() {
        let km = KaplanMeier::fit(&[(1.0, true), (2.0, true)]).unwrap();
        assert_eq!(km.survival_at(2.0), 0.0);
        assert_eq!(km.band_at(2.0), (0.0, 0.0));
        assert!(km.steps().iter().all(|s| s.variance.is_finite()));
        let none = KaplanMeier::fit(&[(5.0, false), (5.0, false)]).unwrap();
        assert_eq!(none.median(), None);
        assert_eq!(none.survival_at(100.0), 1.0);
    }

    #[test]
    fn counts_per_time_fit_the_same_curve_as_subjects() {
        let data = gehan_6mp();
        let by_subject = KaplanMeier::fit(&data).unwrap();
        let mut counts: Vec<(f64, u64, u64)> = Vec::new();
        let mut sorted = data.clone();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (t, e) in sorted {
            if counts.last().is_none_or(|c| c.0 != t) {
                counts.push((t, 0, 0));
            }
            let last = counts.last_mut().unwrap();
            if e { last.1 += 1 } else { last.2 += 1 }
        }
        assert_eq!(KaplanMeier::from_counts(&counts).unwrap(), by_subject);
        // R: quantile(survfit(...), c(.25, .5)) gives 13 and 23; 75% is never reached.
        assert_eq!(by_subject.quantile(0.25), Some(13.0));
        assert_eq!(by_subject.quantile(0.5), by_subject.median());
        assert_eq!(by_subject.quantile(0.75), None);
        assert!(KaplanMeier::from_counts(&[(2.0, 1, 0), (1.0, 1, 0)]).is_err());
        assert!(KaplanMeier::from_counts(&[(2.0, 0, 0)]).is_err());
    }

    #[test]
    fn rejects_bad_input() {
        assert!(KaplanMeier::fit(&[]).is_err());
        assert!(KaplanMeier::fit(&[(f64::NAN, true)]).is_err());
        assert!(KaplanMeier::fit_z(&[(1.0, true)], 0.0).is_err());
        assert!(KaplanMeier::from_outcomes(&[None], f64::INFINITY).is_err());
    }
}
