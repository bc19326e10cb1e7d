//! Per day and dyad aggregates of an ensemble, as exact counts that merge in any order:
//! the rung of each run (six counts), its Goldstein intensity (counts of each value the
//! intensity took) and whether its ceasefire stands. Memory grows with days × dyads and
//! the number of distinct intensities (sums of a few CAMEO weights), not with runs.
//!
//! Intensity is counted exactly rather than in a fixed-bin histogram: most dyad-days are
//! calm, and a histogram's within-bin interpolation would report a 5th percentile of
//! 0.06 for a day on which every run had exactly 0. Exact counts give numpy's type 7
//! percentiles and merge exactly all the same.
//!
//! Besides the dyads, each day has a row for the whole theatre, after the dyads: a run's
//! rung there is the highest rung of any of its dyads that day, its intensity the sum of
//! theirs, and its ceasefire stands when it holds in every dyad. That is "the share of
//! runs at each rung" when a run has several dyads.

use grayzone_model::DyadDay;
use grayzone_stats::quantile::CategoryCounts;
use serde::{Deserialize, Serialize};

use crate::counts::ValueCounts;
use crate::error::{Error, Result};
use grayzone_records::{Table, Values};

/// The percentiles the daily table reports, in its column order.
pub const PERCENTILES: [(f64, &str); 5] = [
    (0.05, "p05"),
    (0.25, "p25"),
    (0.50, "p50"),
    (0.75, "p75"),
    (0.95, "p95"),
];

/// The rungs of the escalation ladder.
pub const RUNGS: usize = 6;

/// The name of the theatre's rows in the daily table.
pub const THEATRE: &str = "theatre";

/// A daily quantity of a dyad an experiment may keep the series of (`--series`), named
/// as `timeseries.csv` of `grayzone run` names its column; `_a` and `_b` are the dyad's
/// two sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// Strikes between the sides that day.
    Strikes,
    /// Munitions intercepted that day.
    Intercepted,
    /// Munitions that leaked that day.
    Leaked,
    /// Sum of the day's Goldstein weights between the sides.
    Goldstein,
    /// Interceptors in stock, first side.
    InterceptorStockA,
    /// Interceptors in stock, second side.
    InterceptorStockB,
    /// Cumulative attack spending, first side.
    AttackSpendingA,
    /// Cumulative attack spending, second side.
    AttackSpendingB,
    /// Cumulative defence spending, first side.
    DefenceSpendingA,
    /// Cumulative defence spending, second side.
    DefenceSpendingB,
    /// Credibility, first side.
    CredibilityA,
    /// Credibility, second side.
    CredibilityB,
    /// Munitions held, first side.
    ArsenalA,
    /// Munitions held, second side.
    ArsenalB,
}

impl Quantity {
    /// Every quantity, in the order of `timeseries.csv`.
    pub const ALL: [Quantity; 14] = [
        Quantity::Strikes,
        Quantity::Intercepted,
        Quantity::Leaked,
        Quantity::Goldstein,
        Quantity::InterceptorStockA,
        Quantity::InterceptorStockB,
        Quantity::AttackSpendingA,
        Quantity::AttackSpendingB,
        Quantity::DefenceSpendingA,
        Quantity::DefenceSpendingB,
        Quantity::CredibilityA,
        Quantity::CredibilityB,
        Quantity::ArsenalA,
        Quantity::ArsenalB,
    ];

    /// Its name, as `timeseries.csv` names the column.
    pub fn name(self) -> &'static str {
        match self {
            Quantity::Strikes => "strikes",
            Quantity::Intercepted => "intercepted",
            Quantity::Leaked => "leaked",
            Quantity::Goldstein => "goldstein",
            Quantity::InterceptorStockA => "interceptor_stock_a",
            Quantity::InterceptorStockB => "interceptor_stock_b",
            Quantity::AttackSpendingA => "attack_spending_a",
            Quantity::AttackSpendingB => "attack_spending_b",
            Quantity::DefenceSpendingA => "defence_spending_a",
            Quantity::DefenceSpendingB => "defence_spending_b",
            Quantity::CredibilityA => "credibility_a",
            Quantity::CredibilityB => "credibility_b",
            Quantity::ArsenalA => "arsenal_a",
            Quantity::ArsenalB => "arsenal_b",
        }
    }

    /// Its value in a day's row.
    fn of(self, row: &DyadDay) -> f64 {
        match self {
            Quantity::Strikes => f64::from(row.strikes),
            Quantity::Intercepted => row.intercepted,
            Quantity::Leaked => row.leaked,
            Quantity::Goldstein => row.goldstein,
            Quantity::InterceptorStockA => row.interceptor_stock[0],
            Quantity::InterceptorStockB => row.interceptor_stock[1],
            Quantity::AttackSpendingA => row.attack_spending[0],
            Quantity::AttackSpendingB => row.attack_spending[1],
            Quantity::DefenceSpendingA => row.defence_spending[0],
            Quantity::DefenceSpendingB => row.defence_spending[1],
            Quantity::CredibilityA => row.credibility[0],
            Quantity::CredibilityB => row.credibility[1],
            Quantity::ArsenalA => row.arsenal[0],
            Quantity::ArsenalB => row.arsenal[1],
        }
    }
}

impl std::str::FromStr for Quantity {
    type Err = Error;

    fn from_str(text: &str) -> Result<Quantity> {
        let names = Quantity::ALL.map(Quantity::name);
        Quantity::ALL
            .into_iter()
            .find(|q| q.name() == text.trim())
            .ok_or_else(|| {
                let hint = grayzone_scenario::did_you_mean(text.trim(), names.iter().copied())
                    .map(|c| format!(" (did you mean {c}?)"))
                    .unwrap_or_default();
                Error::Invalid(format!(
                    "--series {text:?}: not a daily quantity{hint}; expected one of {}",
                    names.join(", ")
                ))
            })
    }
}

/// Exact, mergeable moments of a quantity over runs: its values in fixed point (units of
/// 1e-4), so sums are integers and merge to the same bits in any order, as the rung
/// counts do.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Moments {
    n: u64,
    sum: i128,
    squares: i128,
    min: i64,
    max: i64,
}

/// The fixed-point unit of [`Moments`].
const UNIT: f64 = 1e-4;

impl Moments {
    fn add(&mut self, x: f64) {
        // Finite values of the model are far inside ±9e14 (a trillion dollars of
        // spending is 1e16 units): the cast saturates beyond, it never wraps.
        let q = (x / UNIT).round() as i64;
        let (lo, hi) = if self.n == 0 {
            (q, q)
        } else {
            (self.min.min(q), self.max.max(q))
        };
        self.n += 1;
        self.sum = self.sum.saturating_add(i128::from(q));
        self.squares = self.squares.saturating_add(i128::from(q) * i128::from(q));
        (self.min, self.max) = (lo, hi);
    }

    fn merge(&mut self, other: &Moments) {
        if other.n == 0 {
            return;
        }
        let (lo, hi) = if self.n == 0 {
            (other.min, other.max)
        } else {
            (self.min.min(other.min), self.max.max(other.max))
        };
        self.n += other.n;
        self.sum = self.sum.saturating_add(other.sum);
        self.squares = self.squares.saturating_add(other.squares);
        (self.min, self.max) = (lo, hi);
    }

    /// Mean, standard deviation (n - 1), minimum and maximum; `None` without values.
    fn stats(&self) -> Option<Series> {
        if self.n == 0 {
            return None;
        }
        let n = self.n as f64;
        let mean = self.sum as f64 / n;
        // n Σq² - (Σq)², exact in integers before the one division.
        let spread = (i128::from(self.n as i64))
            .saturating_mul(self.squares)
            .saturating_sub(self.sum.saturating_mul(self.sum));
        let sd = if self.n > 1 {
            (spread.max(0) as f64 / (n * (n - 1.0))).sqrt()
        } else {
            f64::NAN
        };
        Some(Series {
            mean: mean * UNIT,
            sd: sd * UNIT,
            min: self.min as f64 * UNIT,
            max: self.max as f64 * UNIT,
        })
    }
}

/// A chosen quantity on one day of one dyad, over the runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Series {
    /// Mean.
    pub mean: f64,
    /// Standard deviation over the runs (NaN for one run).
    pub sd: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

/// Aggregates of many runs, per day and dyad, and per day for the theatre.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Daily {
    days: u32,
    dyads: u32,
    /// The chosen quantities whose series are kept, per dyad (not for the theatre).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    quantities: Vec<Quantity>,
    /// `cells[day * (dyads + 1) + dyad]`, the theatre at `dyad == dyads`.
    cells: Vec<Cell>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Cell {
    rungs: CategoryCounts,
    intensity: ValueCounts,
    /// Runs whose ceasefire is holding that day.
    standing: u64,
    /// Each chosen quantity's moments (a dyad's cell only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    series: Vec<Moments>,
}

/// One row of the daily table.
#[derive(Clone, Debug, PartialEq)]
pub struct DailyRow {
    /// Day of the runs, from 0.
    pub day: u32,
    /// Index of the dyad; the number of dyads for the theatre's row.
    pub dyad: usize,
    /// Runs counted.
    pub runs: u64,
    /// Mean rung.
    pub rung_mean: f64,
    /// Rung percentiles, in the order of [`PERCENTILES`] (type 7, as numpy).
    pub rung: [f64; 5],
    /// Mean Goldstein intensity.
    pub intensity_mean: Option<f64>,
    /// Intensity percentiles, in the order of [`PERCENTILES`] (type 7).
    pub intensity: [Option<f64>; 5],
    /// Share of runs on each rung.
    pub rung_share: [f64; RUNGS],
    /// Share of runs whose ceasefire is holding.
    pub ceasefire_standing: f64,
    /// Each chosen quantity over the runs, in the order kept (empty for the theatre).
    pub series: Vec<Option<Series>>,
}

impl Daily {
    pub fn new(days: u32, dyads: usize, quantities: &[Quantity]) -> Result<Daily> {
        let cell = Cell {
            rungs: CategoryCounts::new(RUNGS)?,
            intensity: ValueCounts::default(),
            standing: 0,
            series: Vec::new(),
        };
        let mut cells = vec![cell; days as usize * (dyads + 1)];
        for (i, cell) in cells.iter_mut().enumerate() {
            if i % (dyads + 1) != dyads {
                cell.series = vec![Moments::default(); quantities.len()];
            }
        }
        Ok(Daily {
            days,
            dyads: dyads as u32,
            quantities: quantities.to_vec(),
            cells,
        })
    }

    fn width(&self) -> u32 {
        self.dyads + 1
    }

    /// Counts one run's rows.
    pub fn add(&mut self, rows: &[DyadDay]) -> Result<()> {
        // The theatre's day: highest rung, total intensity, holding everywhere.
        let mut theatre = vec![(0u8, 0.0f64, true, false); self.days as usize];
        let width = self.width();
        for row in rows {
            if row.day >= self.days || u32::from(row.dyad) >= self.dyads {
                return Err(Error::Invalid(format!(
                    "the model recorded day {} of dyad {}, outside {} days and {} dyads",
                    row.day, row.dyad, self.days, self.dyads
                )));
            }
            let holding = row.ceasefire == "holding";
            let cell = &mut self.cells[(row.day * width + u32::from(row.dyad)) as usize];
            cell.rungs.add(usize::from(row.rung))?;
            cell.intensity.add(finite(row.intensity)?);
            cell.standing += u64::from(holding);
            for (m, q) in cell.series.iter_mut().zip(&self.quantities) {
                m.add(finite(q.of(row))?);
            }
            let t = &mut theatre[row.day as usize];
            *t = (t.0.max(row.rung), t.1 + row.intensity, t.2 && holding, true);
        }
        for (day, (rung, intensity, holding, seen)) in theatre.into_iter().enumerate() {
            if !seen {
                continue;
            }
            let cell = &mut self.cells[(day as u32 * width + self.dyads) as usize];
            cell.rungs.add(usize::from(rung))?;
            cell.intensity.add(intensity);
            cell.standing += u64::from(holding);
        }
        Ok(())
    }

    /// Checks an aggregate read from a chunk file, which may hold anything: the layout of
    /// `days` days and `dyads` dyads, and in every cell the counts of at most `runs` runs
    /// (the chunk's), as many intensities as rungs, no more ceasefires standing than
    /// runs, and finite intensities. So sums over the chunks never exceed the
    /// experiment's runs. The problem, in words.
    pub fn check(&self, days: u32, dyads: usize, runs: u64) -> std::result::Result<(), String> {
        let cells = days as usize * (dyads + 1);
        if (self.days, self.dyads as usize, self.cells.len()) != (days, dyads, cells) {
            return Err(format!(
                "it has {} days, {} dyads and {} cells where the experiment has {days}, {dyads} and {cells}",
                self.days,
                self.dyads,
                self.cells.len()
            ));
        }
        for (i, cell) in self.cells.iter().enumerate() {
            let n = cell.rungs.total();
            let day = i / (dyads + 1);
            let kept = if i % (dyads + 1) == dyads {
                0
            } else {
                self.quantities.len()
            };
            if cell.series.len() != kept
                || cell
                    .series
                    .iter()
                    .any(|m| m.n != n || (m.n > 0 && m.min > m.max))
            {
                return Err(format!(
                    "day {day} keeps {} series for {kept} chosen quantities, or counts them for other than its {n} runs",
                    cell.series.len()
                ));
            }
            if cell.rungs.counts().len() != RUNGS
                || n > runs
                || cell.intensity.total() != n
                || cell.standing > n
                || !cell.intensity.all_finite()
            {
                return Err(format!(
                    "day {day} counts {n} rungs, {} intensities and {} standing ceasefires for a chunk of {runs} runs",
                    cell.intensity.total(),
                    cell.standing
                ));
            }
        }
        Ok(())
    }

    /// Adds another aggregate of the same layout.
    pub fn merge(&mut self, other: &Daily) -> Result<()> {
        if (self.days, self.dyads, self.cells.len()) != (other.days, other.dyads, other.cells.len())
            || self.quantities != other.quantities
        {
            return Err(grayzone_stats::Error::IncompatibleMerge.into());
        }
        for (a, b) in self.cells.iter_mut().zip(&other.cells) {
            a.rungs.merge(&b.rungs)?;
            a.intensity.merge(&b.intensity);
            a.standing = a.standing.saturating_add(b.standing);
            for (m, o) in a.series.iter_mut().zip(&b.series) {
                m.merge(o);
            }
        }
        Ok(())
    }

    /// The rows, day by day, dyads in order within a day.
    pub fn rows(&self) -> Vec<DailyRow> {
        self.cells
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let runs = cell.rungs.total();
                let counts = cell.rungs.counts();
                let rung_mean = if runs == 0 {
                    f64::NAN
                } else {
                    counts
                        .iter()
                        .enumerate()
                        .map(|(r, &c)| r as f64 * c as f64)
                        .sum::<f64>()
                        / runs as f64
                };
                let shares = cell.rungs.shares();
                DailyRow {
                    day: i as u32 / self.width(),
                    dyad: (i as u32 % self.width()) as usize,
                    runs,
                    rung_mean,
                    rung: PERCENTILES.map(|(q, _)| quantile_of_counts(counts, q)),
                    intensity_mean: cell.intensity.mean(),
                    intensity: PERCENTILES.map(|(q, _)| cell.intensity.quantile(q)),
                    rung_share: std::array::from_fn(|r| shares[r]),
                    ceasefire_standing: if runs == 0 {
                        f64::NAN
                    } else {
                        cell.standing as f64 / runs as f64
                    },
                    series: cell.series.iter().map(Moments::stats).collect(),
                }
            })
            .collect()
    }

    /// The daily table: one row per day and dyad.
    pub fn table(&self, dyad_names: &[String]) -> Table {
        daily_table(&self.rows(), None, dyad_names, &self.quantities)
    }
}

/// Adds `daily` to the aggregates of `point` in `by_point`: exact counts, so the sums do
/// not depend on the order they come in.
pub(crate) fn add_to_point(
    by_point: &mut std::collections::BTreeMap<usize, Daily>,
    point: usize,
    daily: Daily,
) -> Result<()> {
    match by_point.entry(point) {
        std::collections::btree_map::Entry::Occupied(mut e) => e.get_mut().merge(&daily),
        std::collections::btree_map::Entry::Vacant(e) => {
            e.insert(daily);
            Ok(())
        }
    }
}

/// The daily aggregates of one chunk, per point: an ensemble's one point (0), or each
/// point of a sweep whose runs the chunk holds, in ascending order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct PointDaily(pub Vec<(usize, Daily)>);

impl PointDaily {
    /// Checks what a chunk file holds against the runs `runs` of the experiment of
    /// `days` days and `dyads` dyads, run `k` at point `point_of(k)`: the points of those
    /// runs, in order, each aggregate checked as [`Daily::check`] with the chunk's runs at
    /// its point.
    pub fn check(
        &self,
        days: u32,
        dyads: usize,
        runs: std::ops::Range<u64>,
        point_of: impl Fn(u64) -> usize,
    ) -> std::result::Result<(), String> {
        let mut expected: Vec<(usize, u64)> = Vec::new();
        for k in runs {
            match expected.last_mut() {
                Some((p, n)) if *p == point_of(k) => *n += 1,
                _ => expected.push((point_of(k), 1)),
            }
        }
        let points: Vec<usize> = self.0.iter().map(|(p, _)| *p).collect();
        let wanted: Vec<usize> = expected.iter().map(|(p, _)| *p).collect();
        if points != wanted {
            return Err(format!(
                "it holds the points {points:?} where the chunk's runs are at {wanted:?}"
            ));
        }
        for ((point, daily), (_, n)) in self.0.iter().zip(&expected) {
            daily
                .check(days, dyads, *n)
                .map_err(|why| format!("point {point}: {why}"))?;
        }
        Ok(())
    }
}

/// The daily table of a sweep: one row per point, day and dyad, `point` first.
pub(crate) fn points_daily_table(
    rows: &[(usize, DailyRow)],
    dyad_names: &[String],
    quantities: &[Quantity],
) -> Table {
    let points: Vec<usize> = rows.iter().map(|(p, _)| *p).collect();
    let rows: Vec<DailyRow> = rows.iter().map(|(_, r)| r.clone()).collect();
    daily_table(&rows, Some(&points), dyad_names, quantities)
}

fn finite(x: f64) -> Result<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(grayzone_stats::Error::NonFinite {
            what: "Goldstein intensity",
        }
        .into())
    }
}

fn daily_table(
    rows: &[DailyRow],
    points: Option<&[usize]>,
    dyad_names: &[String],
    quantities: &[Quantity],
) -> Table {
    let mut t = Table::default();
    if let Some(points) = points {
        t.push(
            "point",
            Values::Int(points.iter().map(|&p| p as i64).collect()),
        );
    }
    let float = |f: &dyn Fn(&DailyRow) -> Option<f64>| {
        Values::Float(
            rows.iter()
                .map(f)
                .map(|v| v.filter(|x| x.is_finite()))
                .collect(),
        )
    };
    t.push(
        "day",
        Values::Int(rows.iter().map(|r| i64::from(r.day)).collect()),
    );
    t.push(
        "dyad",
        Values::Int(rows.iter().map(|r| r.dyad as i64).collect()),
    );
    t.push(
        "dyad_name",
        Values::Text(
            rows.iter()
                .map(|r| {
                    dyad_names
                        .get(r.dyad)
                        .cloned()
                        .unwrap_or_else(|| THEATRE.to_owned())
                })
                .collect(),
        ),
    );
    t.push(
        "runs",
        Values::Int(rows.iter().map(|r| r.runs as i64).collect()),
    );
    t.push("rung_mean", float(&|r| Some(r.rung_mean)));
    for (i, (_, name)) in PERCENTILES.iter().enumerate() {
        t.push(format!("rung_{name}"), float(&|r| Some(r.rung[i])));
    }
    t.push("intensity_mean", float(&|r| r.intensity_mean));
    for (i, (_, name)) in PERCENTILES.iter().enumerate() {
        t.push(format!("intensity_{name}"), float(&|r| r.intensity[i]));
    }
    for rung in 0..RUNGS {
        t.push(
            format!("share_rung_{rung}"),
            float(&|r| Some(r.rung_share[rung])),
        );
    }
    t.push("ceasefire_standing", float(&|r| Some(r.ceasefire_standing)));
    for (k, q) in quantities.iter().enumerate() {
        let stat = |f: fn(&Series) -> f64| {
            float(&move |r: &DailyRow| r.series.get(k).copied().flatten().map(|s| f(&s)))
        };
        t.push(format!("{}_mean", q.name()), stat(|s| s.mean));
        t.push(format!("{}_sd", q.name()), stat(|s| s.sd));
        t.push(format!("{}_min", q.name()), stat(|s| s.min));
        t.push(format!("{}_max", q.name()), stat(|s| s.max));
    }
    t
}

/// The type 7 quantile (numpy's default) of a sample of the integers `0..counts.len()`
/// given by their counts: exactly what numpy gives on the expanded sample.
pub(crate) fn quantile_of_counts(counts: &[u64], q: f64) -> f64 {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * q;
    let below = h.floor() as u64;
    let above = (below + 1).min(n - 1);
    let at = |index: u64| {
        let mut seen = 0;
        for (value, &c) in counts.iter().enumerate() {
            seen += c;
            if index < seen {
                return value as f64;
            }
        }
        (counts.len() - 1) as f64
    };
    let (lo, hi) = (at(below), at(above));
    lo + (h - below as f64) * (hi - lo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use grayzone_stats::quantile::quantiles;

    #[test]
    fn quantiles_of_counts_match_the_expanded_sample() {
        let counts = [3, 0, 5, 1, 0, 2];
        let sample: Vec<f64> = counts
            .iter()
            .enumerate()
            .flat_map(|(v, &c)| std::iter::repeat_n(v as f64, c as usize))
            .collect();
        for q in [0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0] {
            let expected = quantiles(&sample, &[q]).unwrap()[0];
            assert_eq!(quantile_of_counts(&counts, q), expected, "q {q}");
        }
        assert!(quantile_of_counts(&[0, 0], 0.5).is_nan());
    }

    fn row(day: u32, dyad: u16, rung: u8, intensity: f64, ceasefire: &'static str) -> DyadDay {
        DyadDay {
            day,
            dyad,
            rung,
            intensity,
            ceasefire,
            ..DyadDay::default()
        }
    }

    #[test]
    fn merging_in_any_order_gives_the_same_aggregate() {
        let runs: Vec<Vec<DyadDay>> = (0..7u8)
            .map(|k| {
                vec![
                    row(0, 0, k % 6, f64::from(k) * 1.5, "holding"),
                    row(0, 1, 0, 0.0, "holding"),
                    row(1, 0, (k * 2) % 6, 12.0, "collapsed"),
                    row(1, 1, 1, 0.25, "pending"),
                ]
            })
            .collect();
        let mut whole = Daily::new(2, 2, &[]).unwrap();
        runs.iter().for_each(|r| whole.add(r).unwrap());
        let mut parts = [
            Daily::new(2, 2, &[]).unwrap(),
            Daily::new(2, 2, &[]).unwrap(),
        ];
        for (i, r) in runs.iter().enumerate() {
            parts[i % 2].add(r).unwrap();
        }
        let mut merged = Daily::new(2, 2, &[]).unwrap();
        merged.merge(&parts[1]).unwrap();
        merged.merge(&parts[0]).unwrap();
        assert_eq!(whole, merged);

        let rows = whole.rows();
        assert_eq!(rows.len(), 6, "two days of two dyads and the theatre");
        assert_eq!((rows[3].day, rows[3].dyad, rows[3].runs), (1, 0, 7));
        assert_eq!(rows[0].ceasefire_standing, 1.0);
        assert_eq!(rows[3].ceasefire_standing, 0.0);
        assert_eq!(rows[3].intensity[2], Some(12.0));
        assert_eq!(rows[1].intensity, [Some(0.0); 5], "calm days are exactly 0");
        assert!((rows[0].rung_share.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // The theatre: highest rung of either dyad, intensities summed.
        assert_eq!(rows[2].rung_mean, rows[0].rung_mean);
        assert_eq!(rows[5].rung_share[1], 3.0 / 7.0);
        assert_eq!(rows[5].intensity_mean, Some(12.25));
        assert_eq!(rows[5].ceasefire_standing, 0.0);
        let table = whole.table(&["a – b".into(), "a – c".into()]);
        assert_eq!(table.rows(), 6);
        assert!(whole.add(&[row(2, 0, 0, 0.0, "holding")]).is_err());
    }
}
