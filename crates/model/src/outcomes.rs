//! Outcomes: what a run is judged by, each declared once by the mechanism that counts it.
//!
//! A mechanism declares an outcome as a `static` [`Outcome`] in its own module and lists
//! it in its `OUTCOMES`; during the day it reports what happened with a `Tally` message,
//! or, for a quantity it keeps anyway (a ledger, the truce), the outcome reads that at the
//! end of the run. The metrics stage adds the tallies up; [`Simulation`] turns them into
//! [`Outcomes`] in catalogue order. Adding an outcome is therefore one edit in its
//! mechanism (and a line of documentation); the tables, sweeps and tuning address it by
//! name.
//!
//! [`Simulation`]: crate::Simulation

use bevy_ecs::prelude::{Message, Resource, World};

use crate::mechanisms;
use crate::theatre::ActorIx;

/// What kind of number an outcome is, so that tables can type its column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutcomeKind {
    /// A day, missing when the event did not happen by the horizon (censored).
    Day,
    /// Whether something happened: 0 or 1, never missing.
    Flag,
    /// A whole number, never missing.
    Count,
    /// A real quantity (dollars, munitions, a Goldstein sum), never missing.
    Amount,
    /// A share or a ratio, missing when it is undefined (nothing to divide by).
    Ratio,
}

/// How an outcome's value is made.
pub(crate) enum Rule {
    /// The sum of its tallies.
    Sum,
    /// The largest tally (0 without any).
    Max,
    /// The first day it was tallied.
    FirstDay,
    /// Whether the day outcome it names happened.
    FlagOf(&'static Outcome),
    /// `numerator / denominator` of two summed outcomes, when the denominator is above 0.
    Share(&'static Outcome, &'static Outcome),
    /// Read from the world at the end of the run (a quantity its mechanism keeps anyway).
    Final(fn(&World) -> Option<f64>),
}

/// One outcome of a run.
pub struct Outcome {
    /// Its name in tables, summaries and tuning targets.
    pub name: &'static str,
    /// What kind of number it is.
    pub kind: OutcomeKind,
    pub(crate) rule: Rule,
    /// Whether it is a column of its own; a hidden outcome only feeds a share.
    pub(crate) listed: bool,
    /// Whether it is also counted per actor (named `name.ACTOR_ID` downstream).
    pub(crate) per_actor: bool,
}

impl Outcome {
    /// A count of tallies.
    pub(crate) const fn count(name: &'static str) -> Outcome {
        Outcome::new(name, OutcomeKind::Count, Rule::Sum)
    }

    /// A sum of tallied amounts.
    pub(crate) const fn amount(name: &'static str) -> Outcome {
        Outcome::new(name, OutcomeKind::Amount, Rule::Sum)
    }

    /// The first day something was tallied.
    pub(crate) const fn first_day(name: &'static str) -> Outcome {
        Outcome::new(name, OutcomeKind::Day, Rule::FirstDay)
    }

    /// Whether the day outcome `of` happened.
    pub(crate) const fn flag(name: &'static str, of: &'static Outcome) -> Outcome {
        Outcome::new(name, OutcomeKind::Flag, Rule::FlagOf(of))
    }

    /// The largest tally.
    pub(crate) const fn max(name: &'static str) -> Outcome {
        Outcome::new(name, OutcomeKind::Count, Rule::Max)
    }

    /// A share of two summed outcomes.
    pub(crate) const fn share(
        name: &'static str,
        numerator: &'static Outcome,
        denominator: &'static Outcome,
    ) -> Outcome {
        Outcome::new(
            name,
            OutcomeKind::Ratio,
            Rule::Share(numerator, denominator),
        )
    }

    /// A value read at the end of the run.
    pub(crate) const fn at_end(
        name: &'static str,
        kind: OutcomeKind,
        read: fn(&World) -> Option<f64>,
    ) -> Outcome {
        Outcome::new(name, kind, Rule::Final(read))
    }

    /// Not a column: it only feeds a share.
    pub(crate) const fn hidden(self) -> Outcome {
        Outcome {
            listed: false,
            ..self
        }
    }

    /// Also counted per actor.
    pub(crate) const fn per_actor(self) -> Outcome {
        Outcome {
            per_actor: true,
            ..self
        }
    }

    const fn new(name: &'static str, kind: OutcomeKind, rule: Rule) -> Outcome {
        Outcome {
            name,
            kind,
            rule,
            listed: true,
            per_actor: false,
        }
    }
}

/// Every outcome, in catalogue order: each mechanism's in the order of the day.
pub(crate) fn catalogue() -> impl Iterator<Item = &'static Outcome> {
    mechanisms::OUTCOMES
        .iter()
        .flat_map(|list| list.iter().copied())
}

/// An outcome's catalogue position. Outcomes are told apart by address (each is one
/// `static`), and a run adds thousands of tallies: a search of the addresses, sorted once,
/// instead of a walk along the catalogue for each.
fn position(outcome: &Outcome) -> Option<usize> {
    static BY_ADDRESS: std::sync::OnceLock<Vec<(usize, usize)>> = std::sync::OnceLock::new();
    let index = BY_ADDRESS.get_or_init(|| {
        let mut index: Vec<(usize, usize)> = catalogue()
            .enumerate()
            .map(|(k, o)| (std::ptr::from_ref(o) as usize, k))
            .collect();
        index.sort_unstable();
        index
    });
    let address = std::ptr::from_ref(outcome) as usize;
    index
        .binary_search_by_key(&address, |(a, _)| *a)
        .ok()
        .map(|i| index[i].1)
}

/// Something a mechanism counted today: `amount` more of `outcome` (for a first-day
/// outcome, that it happened today), by `by` for outcomes counted per actor.
#[derive(Message, Clone, Copy)]
pub(crate) struct Tally {
    /// What was counted.
    pub outcome: &'static Outcome,
    /// How much.
    pub amount: f64,
    /// Who, for per-actor outcomes.
    pub by: Option<ActorIx>,
}

impl Tally {
    /// One more of `outcome`.
    pub fn one(outcome: &'static Outcome) -> Tally {
        Tally {
            outcome,
            amount: 1.0,
            by: None,
        }
    }

    /// `amount` of `outcome`.
    pub fn of(outcome: &'static Outcome, amount: f64) -> Tally {
        Tally {
            outcome,
            amount,
            by: None,
        }
    }
}

/// The run's tallies so far, by catalogue position.
#[derive(Resource, Clone, Debug, Default)]
pub(crate) struct Tallies {
    values: Vec<f64>,
    first_days: Vec<Option<u32>>,
    /// Per-actor counts, `(catalogue position, counts by actor index)`.
    by_actor: Vec<(usize, Vec<f64>)>,
}

impl Tallies {
    /// Empty tallies for a theatre of `actors` actors.
    pub fn new(actors: usize) -> Tallies {
        let n = catalogue().count();
        Tallies {
            values: vec![0.0; n],
            first_days: vec![None; n],
            by_actor: catalogue()
                .enumerate()
                .filter(|(_, o)| o.per_actor)
                .map(|(k, _)| (k, vec![0.0; actors]))
                .collect(),
        }
    }

    /// Adds one tally made on `day`.
    pub fn add(&mut self, day: u32, tally: &Tally) {
        let Some(k) = position(tally.outcome) else {
            return;
        };
        let value = &mut self.values[k];
        match tally.outcome.rule {
            Rule::Max => *value = value.max(tally.amount),
            _ => *value += tally.amount,
        }
        self.first_days[k].get_or_insert(day);
        if let Some(by) = tally.by
            && let Some((_, counts)) = self.by_actor.iter_mut().find(|(j, _)| *j == k)
            && let Some(n) = counts.get_mut(by.0 as usize)
        {
            *n += tally.amount;
        }
    }

    fn value(&self, outcome: &Outcome) -> f64 {
        position(outcome).map_or(0.0, |k| self.values[k])
    }

    fn first_day(&self, outcome: &Outcome) -> Option<u32> {
        position(outcome).and_then(|k| self.first_days[k])
    }

    /// The outcomes of the run that ends now.
    pub fn outcomes(&self, world: &World) -> Outcomes {
        let values = catalogue()
            .filter(|o| o.listed)
            .map(|o| match o.rule {
                Rule::Sum | Rule::Max => Some(self.value(o)),
                Rule::FirstDay => self.first_day(o).map(f64::from),
                Rule::FlagOf(of) => Some(if self.first_day(of).is_some() {
                    1.0
                } else {
                    0.0
                }),
                Rule::Share(num, den) => {
                    let den = self.value(den);
                    (den > 0.0).then(|| self.value(num) / den)
                }
                Rule::Final(read) => read(world),
            })
            .collect();
        Outcomes {
            values,
            by_actor: self
                .by_actor
                .iter()
                .map(|(k, counts)| (catalogue().nth(*k).map_or("", |o| o.name), counts.clone()))
                .collect(),
        }
    }
}

/// The outcomes of one run, by name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcomes {
    /// Values of the listed outcomes, in catalogue order (an empty list reads as all
    /// missing: the default, before any run).
    values: Vec<Option<f64>>,
    /// Per-actor outcomes: `(name, value by actor index)`.
    by_actor: Vec<(&'static str, Vec<f64>)>,
}

impl Outcomes {
    /// Every outcome as a named number (absent times and ratios are `None`), in a fixed
    /// order: the interface experiments, sweeps and tuning address outcomes by.
    pub fn fields(&self) -> Vec<(&'static str, Option<f64>)> {
        catalogue()
            .filter(|o| o.listed)
            .enumerate()
            .map(|(k, o)| (o.name, self.values.get(k).copied().flatten()))
            .collect()
    }

    /// Every outcome's name and kind, in the order of [`Outcomes::fields`], without
    /// running anything: what a table needs to type its columns.
    pub fn kinds() -> Vec<(&'static str, OutcomeKind)> {
        catalogue()
            .filter(|o| o.listed)
            .map(|o| (o.name, o.kind))
            .collect()
    }

    /// The names of [`Outcomes::fields`], without running anything.
    pub fn names() -> Vec<&'static str> {
        catalogue().filter(|o| o.listed).map(|o| o.name).collect()
    }

    /// One outcome by name: `None` for an unknown name, `Some(None)` for a missing value.
    pub fn get(&self, name: &str) -> Option<Option<f64>> {
        self.fields()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }

    /// One outcome's value by name, `None` when it is missing or unknown.
    pub fn value(&self, name: &str) -> Option<f64> {
        self.get(name).flatten()
    }

    /// A day outcome by name (`None`: it did not happen), or any whole-number outcome.
    pub fn day(&self, name: &str) -> Option<u32> {
        self.value(name).map(|d| d as u32)
    }

    /// The outcomes of each actor, after [`Outcomes::fields`]: `(outcome, actor index,
    /// value)`, named `outcome.ACTOR_ID` by the crates downstream. Today the militia
    /// attacks of each militia, which tell one militia's autonomy from another's.
    pub fn per_actor(&self) -> impl Iterator<Item = (&'static str, usize, f64)> + '_ {
        self.by_actor
            .iter()
            .flat_map(|(name, counts)| counts.iter().enumerate().map(|(i, &n)| (*name, i, n)))
    }

    /// The outcomes [`Outcomes::per_actor`] gives for each actor.
    pub fn per_actor_names() -> Vec<&'static str> {
        catalogue()
            .filter(|o| o.per_actor)
            .map(|o| o.name)
            .collect()
    }
}
