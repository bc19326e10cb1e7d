//! Outcome expressions: what a sensitivity analysis studies, a calibration target
//! matches and an optimisation minimises, as one number per point of parameter space
//! computed over the point's runs.
//!
//! # Syntax
//!
//! `NAME` is any outcome of the run summary, as `Outcomes::names()` lists them
//! (`intercepted_ballistic`, `blamed_on_patron_share`, `ceasefire_collapse_day`, ...),
//! or one militia's share of an outcome, `OUTCOME.MILITIA_ID`
//! (`proxy_attacks.kataib_hezbollah`: that militia's attacks), for the outcomes
//! `Outcomes::per_actor_names` lists. The militia is looked up when the simulator is made
//! ([`Outcome::resolve`]), since an expression is parsed before its scenario is known.
//!
//! | expression | its value at a point of R runs |
//! | --- | --- |
//! | `NAME` or `mean(NAME)` | the mean of NAME over the runs |
//! | `median(NAME)` | the median of NAME over the runs |
//! | `P(NAME<=X)`, also `<`, `>=`, `>` | the share of runs in which NAME is at most X |
//! | `EVENT_within_D`, or `EVENT_within_D_days` | `P(TIME<D)`: the share of runs in which the event happened within the first D days (days 0 to D-1, as the ensemble summary's `ceasefire_collapse_within_30_days`) |
//!
//! In the short form, `TIME` is the one time outcome (a name ending in `_day`) whose
//! name, without `_day`, is `EVENT` or ends in `_EVENT`: `collapse_within_30` is
//! `P(ceasefire_collapse_day<30)`, `host_strike_within_7` is
//! `P(first_host_strike_day<7)`, `regional_war_within_30_days` is
//! `P(regional_war_day<30)`. Spaces around names, operators and numbers are allowed.
//!
//! # Missing values
//!
//! - A time (a name ending in `_day`) is missing when its event did not happen within
//!   the run: it is censored at the horizon. The mean and median count it as the
//!   horizon (a restricted mean: "the day of the first host-nation strike, or the
//!   horizon if none"); a comparison counts it as later than any day, so
//!   `P(first_host_strike_day<=7)` is the share of runs with a host strike by day 7.
//! - Any other missing value (a share with nothing to share, such as
//!   `blamed_on_patron_share` in a run without militia attacks) is left out: the mean,
//!   median and share are over the runs that have a value. An outcome that no run of a
//!   point has is undefined there (NaN), which each method handles as it documents.

use std::fmt;
use std::str::FromStr;

use grayzone_experiments::summary::{OutcomeKind, outcome_kind};
use grayzone_model::{ActorKind, Outcomes, Theatre};
use grayzone_scenario::did_you_mean;
use grayzone_stats::interval::{Interval, Z95, mean95, wilson95};

use crate::error::{Error, Result};

/// A parsed outcome expression (see the [module documentation](self)).
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    text: String,
    field: &'static str,
    /// The actor of a per-actor outcome (`proxy_attacks.hezbollah`), by id.
    actor: Option<String>,
    /// Where the value stands in a run's row; for a per-actor outcome, set by
    /// [`Outcome::resolve`].
    index: usize,
    statistic: Statistic,
}

/// How the runs of a point are summarised.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Statistic {
    Mean,
    Median,
    Share(Comparison, f64),
}

/// A comparison operator: `<=`, `<`, `>=` or `>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// `<=`
    AtMost,
    /// `<`
    Below,
    /// `>=`
    AtLeast,
    /// `>`
    Above,
}

impl Comparison {
    /// Operators in the order a parser must try them (two-character ones first).
    const ALL: [(&'static str, Comparison); 4] = [
        ("<=", Comparison::AtMost),
        (">=", Comparison::AtLeast),
        ("<", Comparison::Below),
        (">", Comparison::Above),
    ];

    /// Whether `a OP b`.
    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Comparison::AtMost => a <= b,
            Comparison::Below => a < b,
            Comparison::AtLeast => a >= b,
            Comparison::Above => a > b,
        }
    }

    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtMost => "<=",
            Comparison::Below => "<",
            Comparison::AtLeast => ">=",
            Comparison::Above => ">",
        }
    }

    /// Splits `text` at its last comparison operator outside parentheses, so that
    /// `P(regional_war_day<=30)<=0.1` splits after the parenthesis.
    pub(crate) fn split(text: &str) -> Option<(&str, Comparison, &str)> {
        let mut depth = 0i32;
        let mut found = None;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'(' => depth += 1,
                b')' => depth -= 1,
                b'<' | b'>' if depth == 0 => {
                    let two = text.get(i..i + 2);
                    let (symbol, op) = Comparison::ALL
                        .iter()
                        .find(|(s, _)| Some(*s) == two || *s == &text[i..i + 1])
                        .copied()?;
                    found = Some((i, symbol.len(), op));
                    i += symbol.len();
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        let (at, len, op) = found?;
        Some((&text[..at], op, &text[at + len..]))
    }
}

/// Whether an outcome is a time to an event, censored when missing.
fn is_time(name: &str) -> bool {
    name.ends_with("_day")
}

impl Outcome {
    /// Parses an expression.
    pub fn parse(text: &str) -> Result<Outcome> {
        let expr = text.trim();
        let names = Outcomes::names();
        let mut actor = None;
        let mut field = |name: &str| -> Result<(&'static str, usize)> {
            let name = name.trim();
            if let Some((base, id)) = name.split_once('.') {
                let per_actor = Outcomes::per_actor_names();
                let base = per_actor
                    .iter()
                    .copied()
                    .find(|n| *n == base)
                    .ok_or_else(|| {
                        invalid(
                            text,
                            &format!(
                                "{base:?} is not given per militia; those that are: {}",
                                per_actor.join(", ")
                            ),
                        )
                    })?;
                if id.is_empty() {
                    return Err(invalid(text, "expected a militia's id after the dot"));
                }
                actor = Some(id.to_owned());
                return Ok((base, usize::MAX));
            }
            names
                .iter()
                .position(|n| *n == name)
                .map(|i| (names[i], i))
                .ok_or_else(|| unknown(text, name, &names))
        };
        let inner = |prefix: &str| {
            expr.strip_prefix(prefix)
                .and_then(|r| r.trim_start().strip_prefix('('))
                .and_then(|r| r.strip_suffix(')'))
        };
        let (name, statistic) = if let Some(arg) = inner("mean") {
            (field(arg)?, Statistic::Mean)
        } else if let Some(arg) = inner("median") {
            (field(arg)?, Statistic::Median)
        } else if let Some(arg) = inner("P") {
            let (name, op, number) = Comparison::split(arg)
                .ok_or_else(|| invalid(text, "expected P(NAME<=X), with <=, <, >= or >"))?;
            (field(name)?, Statistic::Share(op, number_in(text, number)?))
        } else if let Some((event, days)) = within(expr) {
            let days = days
                .parse::<u32>()
                .map_err(|_| invalid(text, "expected a whole number of days after `_within_`"))?;
            (
                time_field(text, event, &names)?,
                // Within D days is on days 0 to D-1: one meaning with the ensemble
                // summary's `..._within_30_days` probabilities.
                Statistic::Share(Comparison::Below, f64::from(days)),
            )
        } else if expr.contains(['(', ')', '<', '>']) {
            return Err(invalid(
                text,
                "expected NAME, mean(NAME), median(NAME), P(NAME<=X) or EVENT_within_D",
            ));
        } else {
            (field(expr)?, Statistic::Mean)
        };
        Ok(Outcome {
            text: expr.to_owned(),
            field: name.0,
            actor,
            index: name.1,
            statistic,
        })
    }

    /// Finds the militia of a per-actor outcome among `theatre`'s actors; its value then
    /// stands after `Outcomes::fields()` in a run's row, at `fields + actor index` (the
    /// order of `Outcomes::per_actor`). Other outcomes need nothing.
    pub fn resolve(&mut self, theatre: &Theatre) -> Result<()> {
        let Some(id) = &self.actor else {
            return Ok(());
        };
        let militias: Vec<(usize, &str)> = theatre
            .actors
            .iter()
            .enumerate()
            .filter(|(_, a)| matches!(a.kind, ActorKind::Militia(_)))
            .map(|(i, a)| (i, a.id.as_str()))
            .collect();
        match militias.iter().find(|(_, m)| m == id) {
            Some(&(i, _)) => {
                self.index = Outcomes::names().len() + i;
                Ok(())
            }
            None => Err(invalid(
                &self.text,
                &format!(
                    "{id:?} is not a militia of scenario {:?}; its militias are: {}",
                    theatre.name,
                    militias
                        .iter()
                        .map(|(_, m)| *m)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }

    /// The expression as written (trimmed).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The outcome of the run summary it reads.
    pub fn field(&self) -> &'static str {
        self.field
    }

    /// Whether it is one militia's share of an outcome (`proxy_attacks.hezbollah`).
    pub fn is_per_actor(&self) -> bool {
        self.actor.is_some()
    }

    /// Whether its value is a share of runs (a probability in [0, 1]).
    pub fn is_probability(&self) -> bool {
        matches!(self.statistic, Statistic::Share(..))
    }

    /// Whether its value is a share, bounded by 0 and 1: a share of runs, the mean or
    /// median of a 0/1 outcome (`channel_halted`: the share of runs with a halt), or
    /// of an outcome that is itself a share (`blamed_on_patron_share`).
    pub fn is_share(&self) -> bool {
        self.is_probability()
            || self.field.ends_with("_share")
            || outcome_kind(self.field) == OutcomeKind::Flag
    }

    /// The day a time probability looks up to (`D` of `P(TIME<=D)`), if it is one.
    pub fn time_window(&self) -> Option<f64> {
        match self.statistic {
            Statistic::Share(_, x) if is_time(self.field) => Some(x),
            _ => None,
        }
    }

    /// A description for a chart axis or a table, e.g. "P(ceasefire_collapse_day <= 30)".
    pub fn describe(&self) -> String {
        let name = match &self.actor {
            Some(id) => format!("{}.{id}", self.field),
            None => self.field.to_owned(),
        };
        match self.statistic {
            Statistic::Mean => format!("mean {name}"),
            Statistic::Median => format!("median {name}"),
            Statistic::Share(op, x) => format!("P({name} {} {x})", op.symbol()),
        }
    }

    /// The value over the runs of a point, `runs[r]` holding run `r`'s outcomes in the
    /// order of `Outcomes::fields()` then `Outcomes::per_actor()`, with times censored at
    /// `days`. NaN if undefined.
    pub fn value(&self, runs: &[Vec<Option<f64>>], days: u32) -> f64 {
        let samples = self.samples(runs, days);
        if samples.is_empty() {
            return f64::NAN;
        }
        match self.statistic {
            Statistic::Median => grayzone_stats::quantile::median(&samples).unwrap_or(f64::NAN),
            Statistic::Mean | Statistic::Share(..) => {
                samples.iter().sum::<f64>() / samples.len() as f64
            }
        }
    }

    /// The value with its 95% interval: Wilson's for a share, the normal one for a mean,
    /// the distribution-free order-statistic interval for a median. `None` if undefined.
    pub fn interval(&self, runs: &[Vec<Option<f64>>], days: u32) -> Option<Interval> {
        let samples = self.samples(runs, days);
        if samples.is_empty() {
            return None;
        }
        let n = samples.len();
        match self.statistic {
            Statistic::Share(..) => {
                let k = samples.iter().filter(|&&x| x > 0.5).count();
                wilson95(k as u64, n as u64).ok()
            }
            Statistic::Mean if n >= 2 => mean95(&samples).ok(),
            Statistic::Mean => Some(Interval {
                estimate: samples[0],
                lo: f64::NAN,
                hi: f64::NAN,
            }),
            Statistic::Median => {
                let mut sorted = samples;
                sorted.sort_by(f64::total_cmp);
                // Ranks whose binomial(n, 1/2) probabilities bracket the median at 95%.
                let half = Z95 * (n as f64).sqrt() / 2.0;
                let lo = ((n as f64 / 2.0 - half).floor().max(1.0) as usize) - 1;
                let hi = ((n as f64 / 2.0 + half).ceil() as usize).min(n) - 1;
                Some(Interval {
                    estimate: grayzone_stats::quantile::median(&sorted).ok()?,
                    lo: sorted[lo],
                    hi: sorted[hi],
                })
            }
        }
    }

    /// One number per run that has one: the value (times censored at the horizon) or,
    /// for a share, 1 where the comparison holds and 0 where it does not.
    fn samples(&self, runs: &[Vec<Option<f64>>], days: u32) -> Vec<f64> {
        let time = is_time(self.field);
        runs.iter()
            .filter_map(|run| {
                let v = run.get(self.index).copied().flatten();
                match (self.statistic, v) {
                    (Statistic::Share(op, x), Some(v)) => Some(f64::from(u8::from(op.holds(v, x)))),
                    // A censored time is later than any day.
                    (Statistic::Share(op, x), None) if time => {
                        Some(f64::from(u8::from(op.holds(f64::INFINITY, x))))
                    }
                    (_, Some(v)) => Some(v),
                    (_, None) if time => Some(f64::from(days)),
                    (_, None) => None,
                }
            })
            .collect()
    }
}

impl FromStr for Outcome {
    type Err = Error;

    fn from_str(text: &str) -> Result<Outcome> {
        Outcome::parse(text)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// `EVENT_within_D` or `EVENT_within_D_days` as `(EVENT, D)`.
fn within(expr: &str) -> Option<(&str, &str)> {
    let (event, rest) = expr.rsplit_once("_within_")?;
    Some((event, rest.strip_suffix("_days").unwrap_or(rest)))
}

/// The time outcome an event of the short form names.
fn time_field(text: &str, event: &str, names: &[&'static str]) -> Result<(&'static str, usize)> {
    let matches: Vec<(usize, &'static str)> = names
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            let stem = n.strip_suffix("_day")?;
            (stem == event || stem.ends_with(&format!("_{event}"))).then_some((i, *n))
        })
        .collect();
    match matches.as_slice() {
        [(i, n)] => Ok((n, *i)),
        [] => {
            let times: Vec<&str> = names
                .iter()
                .filter_map(|n| n.strip_suffix("_day"))
                .collect();
            Err(invalid(
                text,
                &format!(
                    "no time outcome is named after {event:?}; events are: {}",
                    times.join(", ")
                ),
            ))
        }
        several => Err(invalid(
            text,
            &format!(
                "{event:?} could be any of {}; write more of the name",
                several
                    .iter()
                    .map(|(_, n)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

fn number_in(text: &str, number: &str) -> Result<f64> {
    number
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| invalid(text, &format!("{:?} is not a finite number", number.trim())))
}

fn invalid(text: &str, why: &str) -> Error {
    Error::Invalid(format!("outcome {text:?}: {why}"))
}

fn unknown(text: &str, name: &str, names: &[&str]) -> Error {
    // The rule of every "did you mean" of grayzone, so a misspelt outcome gets the same
    // suggestion here as in a scenario's field or a parameter path.
    let hint = match did_you_mean(name, names.iter().copied()) {
        Some(close) => format!("did you mean {close:?}?"),
        None => format!("outcomes are: {}", names.join(", ")),
    };
    invalid(text, &format!("no outcome is called {name:?}; {hint}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(name: &str) -> usize {
        Outcomes::names().iter().position(|n| *n == name).unwrap()
    }

    /// Runs with one outcome set, every other missing.
    fn runs(name: &str, values: &[Option<f64>]) -> Vec<Vec<Option<f64>>> {
        let n = Outcomes::names().len();
        values
            .iter()
            .map(|v| {
                let mut row = vec![None; n];
                row[index(name)] = *v;
                row
            })
            .collect()
    }

    #[test]
    fn one_militias_attacks_are_read_after_the_run_summary() {
        let scenario = grayzone_scenario::Scenario::from_path(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scenarios/hormuz-2026.json"
        ))
        .unwrap();
        let theatre = scenario.theatre();
        let mut o = Outcome::parse("P(proxy_attacks.hezbollah>=1)").unwrap();
        o.resolve(theatre).unwrap();
        assert_eq!(o.describe(), "P(proxy_attacks.hezbollah >= 1)");
        let at = theatre
            .actors
            .iter()
            .position(|a| a.id == "hezbollah")
            .unwrap();
        let n = Outcomes::names().len();
        let row = |attacks: f64| {
            let mut row = vec![Some(0.0); n + theatre.actors.len()];
            row[n + at] = Some(attacks);
            row
        };
        assert_eq!(o.value(&[row(0.0), row(2.0), row(1.0), row(0.0)], 30), 0.5);

        let mut state = Outcome::parse("proxy_attacks.irgc").unwrap();
        let e = state.resolve(theatre).unwrap_err().to_string();
        assert!(
            e.contains("not a militia") && e.contains("kataib_hezbollah"),
            "{e}"
        );
        let e = Outcome::parse("damage.hezbollah").unwrap_err().to_string();
        assert!(e.contains("not given per militia"), "{e}");
    }

    #[test]
    fn every_form_parses_to_its_statistic() {
        let o = Outcome::parse("intercepted_ballistic").unwrap();
        assert_eq!(
            (o.field(), o.is_probability()),
            ("intercepted_ballistic", false)
        );
        assert_eq!(
            Outcome::parse(" mean( damage ) ").unwrap().statistic,
            Statistic::Mean
        );
        assert_eq!(
            Outcome::parse("median(damage)").unwrap().statistic,
            Statistic::Median
        );
        let p = Outcome::parse("P(ceasefire_collapse_day <= 30)").unwrap();
        assert_eq!(p.statistic, Statistic::Share(Comparison::AtMost, 30.0));
        assert_eq!(p.time_window(), Some(30.0));
        for short in ["collapse_within_30", "ceasefire_collapse_within_30_days"] {
            let within = Outcome::parse(short).unwrap();
            assert_eq!(within.field, p.field, "{short}");
            // Days 0 to 29, as the ensemble summary counts them.
            assert_eq!(
                within.statistic,
                Statistic::Share(Comparison::Below, 30.0),
                "{short}"
            );
        }
        let host = Outcome::parse("host_strike_within_7").unwrap();
        assert_eq!(host.field(), "first_host_strike_day");
        assert_eq!(host.describe(), "P(first_host_strike_day < 7)");
        let gt = Outcome::parse("P(blamed_on_patron_share>0.5)").unwrap();
        assert_eq!(gt.statistic, Statistic::Share(Comparison::Above, 0.5));
        assert_eq!(gt.time_window(), None);
        // Every outcome of the summary is a valid expression by itself.
        for name in Outcomes::names() {
            assert_eq!(Outcome::parse(name).unwrap().field(), name);
        }
    }

    #[test]
    fn shares_are_known_by_their_form_and_their_field() {
        for share in [
            "collapse_within_30",
            "P(damage<5)",
            "channel_halted",
            "mean(regional_war)",
            "blamed_on_patron_share",
            "median(leak_share)",
        ] {
            assert!(Outcome::parse(share).unwrap().is_share(), "{share}");
        }
        for other in ["proxy_attacks", "ceasefire_collapse_day", "damage"] {
            assert!(!Outcome::parse(other).unwrap().is_share(), "{other}");
        }
    }

    #[test]
    fn mistakes_are_explained() {
        let cases = [
            (
                "intercepted_balistic",
                "did you mean \"intercepted_ballistic\"",
            ),
            ("P(ceasefire_collapse_day=30)", "expected P(NAME<=X)"),
            (
                "P(ceasefire_collapse_day<=soon)",
                "\"soon\" is not a finite number",
            ),
            (
                "strike_within_30",
                "could be any of first_direct_strike_day, first_host_strike_day",
            ),
            (
                "lunch_within_30",
                "no time outcome is named after \"lunch\"",
            ),
            ("collapse_within_a_month", "whole number of days"),
            ("max(damage)", "expected NAME, mean(NAME)"),
        ];
        for (text, expected) in cases {
            let e = Outcome::parse(text).unwrap_err().to_string();
            assert!(e.contains(expected), "{text}: {e}");
            assert!(e.contains(&format!("{text:?}")), "{text}: {e}");
        }
    }

    #[test]
    fn censored_times_count_as_the_horizon_or_as_later_than_any_day() {
        let r = runs(
            "first_host_strike_day",
            &[Some(2.0), Some(10.0), None, None],
        );
        let p = Outcome::parse("host_strike_within_7").unwrap();
        assert_eq!(p.value(&r, 60), 0.25);
        let later = Outcome::parse("P(first_host_strike_day>7)").unwrap();
        assert_eq!(later.value(&r, 60), 0.75);
        let mean = Outcome::parse("first_host_strike_day").unwrap();
        assert_eq!(mean.value(&r, 60), (2.0 + 10.0 + 60.0 + 60.0) / 4.0);
        let median = Outcome::parse("median(first_host_strike_day)").unwrap();
        assert_eq!(median.value(&r, 60), 35.0);
    }

    #[test]
    fn other_missing_values_are_left_out() {
        let r = runs("blamed_on_patron_share", &[Some(0.2), None, Some(0.6)]);
        let mean = Outcome::parse("blamed_on_patron_share").unwrap();
        assert!((mean.value(&r, 60) - 0.4).abs() < 1e-12);
        let p = Outcome::parse("P(blamed_on_patron_share<=0.3)").unwrap();
        assert_eq!(p.value(&r, 60), 0.5);
        let none = runs("blamed_on_patron_share", &[None, None]);
        assert!(mean.value(&none, 60).is_nan());
        assert!(mean.interval(&none, 60).is_none());
    }

    #[test]
    fn intervals_suit_the_statistic() {
        let values: Vec<Option<f64>> = (0..100).map(|i| Some(f64::from(i))).collect();
        let r = runs("damage", &values);
        let mean = Outcome::parse("damage").unwrap().interval(&r, 60).unwrap();
        assert!((mean.estimate - 49.5).abs() < 1e-12 && mean.lo < 49.5 && mean.hi > 49.5);
        let median = Outcome::parse("median(damage)")
            .unwrap()
            .interval(&r, 60)
            .unwrap();
        assert!(median.lo < 49.5 && 49.5 < median.hi && median.hi - median.lo < 25.0);
        let share = Outcome::parse("P(damage<50)")
            .unwrap()
            .interval(&r, 60)
            .unwrap();
        assert!((share.estimate - 0.5).abs() < 1e-12 && share.lo > 0.35 && share.hi < 0.65);
    }

    #[test]
    fn comparisons_split_outside_parentheses() {
        let (a, op, b) = Comparison::split("P(regional_war_day<=30)<=0.1").unwrap();
        assert_eq!(
            (a, op, b),
            ("P(regional_war_day<=30)", Comparison::AtMost, "0.1")
        );
        let (a, op, b) = Comparison::split("damage > 5").unwrap();
        assert_eq!((a.trim(), op, b.trim()), ("damage", Comparison::Above, "5"));
        assert!(Comparison::split("damage").is_none());
    }
}
