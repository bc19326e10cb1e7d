//! The charts of a sweep: how the probability of collapse (and of regional war) moves
//! with the swept parameters.
//!
//! - one parameter: the estimate at each value with its 95% band;
//! - two on a grid: a heatmap of the grid's cells;
//! - two of a Latin hypercube or Sobol design: a heatmap of bins of the two parameters,
//!   the runs of the points in a cell pooled (the points are scattered, not on a grid);
//! - more: one panel per parameter, each point a dot and the mean over bins of the
//!   parameter as the line. A point projected onto one parameter carries the effect of
//!   all the others, so a line through the projected points would draw their noise.
//!
//! Colour scales and axes fit the data: on a fixed 0–1 scale an effect from 0.2 to 0.3
//! is a barely visible change of shade. The subtitle says so.
//!
//! Pooling adds the runs of the points in a bin: the pooled estimate is the probability
//! averaged over the design's points in the bin, with a Wilson interval on the pooled
//! counts. Points share their random numbers (common random numbers), so that interval
//! is somewhat narrow; the estimates themselves are unbiased.

use std::path::Path;

use grayzone_charts::{
    BandPoint, BandSeries, HeatmapInput, LineBandInput, Panel, SmallMultiplesInput, Written,
};
use grayzone_experiments::{Design, PointSummary, Report};
use grayzone_stats::interval::wilson95;

use crate::error::{Error, Result};
use crate::text::{fmt_value, thousands};

/// The window of the headline probabilities.
const WINDOW_DAYS: u32 = 30;

/// Most bins along one parameter: more would leave too few points in each.
const MAX_BINS: usize = 12;

/// One charted outcome: its column in the points table, its axis title, its file stem.
struct Charted {
    column: String,
    label: String,
    stem: String,
}

/// The outcomes a sweep charts. Runs shorter than the 30-day window cannot say what
/// happens within 30 days: the charts then show the same events by the horizon, named
/// for it (`ceasefire-collapse-20d`).
fn charted(days: u32) -> Vec<Charted> {
    let events = [
        (
            "ceasefire_collapse",
            "ceasefire_collapsed",
            "ceasefire collapses",
            "ceasefire-collapse",
        ),
        (
            "regional_war",
            "regional_war",
            "regional war",
            "regional-war",
        ),
    ];
    events
        .iter()
        .map(|(within, flag, words, stem)| {
            let (column, window) = if days >= WINDOW_DAYS {
                (format!("{within}_within_30_days"), WINDOW_DAYS)
            } else {
                ((*flag).to_owned(), days)
            };
            Charted {
                column,
                label: format!("P({words} within {window} days)"),
                stem: format!("{stem}-{window}d"),
            }
        })
        .collect()
}

/// The column and label of the probability a sweep reports first.
pub(crate) fn headline(days: u32) -> (String, String) {
    let first = charted(days).swap_remove(0);
    (first.column, first.label)
}

/// Writes the charts of a sweep into `dir`.
pub(crate) fn write(report: &Report, dir: &Path) -> Result<Vec<Written>> {
    let mut written = Vec::new();
    for c in charted(report.manifest.days) {
        if report.points.iter().any(|p| p.get(&c.column).is_none()) {
            continue;
        }
        written.push(chart(report, &c, &dir.join(&c.stem))?);
    }
    Ok(written)
}

fn chart(report: &Report, c: &Charted, stem: &Path) -> Result<Written> {
    let m = &report.manifest;
    let Some(sweep) = &m.sweep else {
        return Err(Error::Incomplete("a sweep without its design".into()));
    };
    let names: Vec<&str> = sweep.params.iter().map(|p| p.path.as_str()).collect();
    let mut subtitle = format!(
        "{} · seed {} · {} points × {} runs · {} days · {} design",
        m.scenario.name,
        m.seed,
        thousands(sweep.points.len() as u64),
        thousands(m.runs_per_point),
        m.days,
        sweep.design
    );
    let title = format!("{} across the sweep", c.label);
    let counts: Vec<Counted> = report
        .points
        .iter()
        .filter_map(|p| Counted::of(p, &c.column))
        .collect();
    let ranges: Vec<(f64, f64)> = sweep.params.iter().map(|p| (p.lo, p.hi)).collect();
    let written = match names.as_slice() {
        [x] => {
            subtitle.push_str(" · y axis fits the data");
            let input = LineBandInput {
                title,
                subtitle,
                x_label: x.to_string(),
                y_label: c.label.clone(),
                series: vec![BandSeries {
                    label: String::new(),
                    points: pooled_by_value(&counts, 0),
                }],
                y_range: None,
            };
            grayzone_charts::line_band(&input, stem)?
        }
        [x, y] => {
            let binned = sweep.design != Design::Grid;
            let per_axis = if binned {
                ((counts.len() as f64 / 4.0).sqrt().floor() as usize).clamp(2, MAX_BINS)
            } else {
                usize::MAX
            };
            let axes = [0, 1].map(|k| Axis::new(&counts, k, ranges[k], per_axis));
            let bands = cells(&counts, &axes);
            let values: Vec<Vec<f64>> = (bands.iter())
                .map(|row| row.iter().map(|b| b.estimate).collect())
                .collect();
            let half_widths: Vec<Vec<f64>> = (bands.iter())
                .map(|row| row.iter().map(|b| (b.upper - b.lower) / 2.0).collect())
                .collect();
            let range = colour_range(&values, &half_widths);
            if let Some(((lo, hi), widened, typical)) = range {
                subtitle.push_str(&if widened {
                    format!(
                        " · colours span {}–{}, four typical 95% intervals (±{}) wide, so that differences within noise stay faint",
                        fmt_value(lo),
                        fmt_value(hi),
                        fmt_value(typical)
                    )
                } else {
                    format!(
                        " · colours span the data, {}–{} · 95% intervals ±{} typical",
                        fmt_value(lo),
                        fmt_value(hi),
                        fmt_value(typical)
                    )
                });
            }
            if binned {
                subtitle.push_str(" · points binned, runs pooled per cell");
            }
            let label = |name: &str, axis: &Axis| match axis.categories {
                Some(_) => name.to_owned(),
                None => format!("{name} (middle of {} bins)", axis.len()),
            };
            let input = HeatmapInput {
                title,
                subtitle,
                x_label: label(x, &axes[0]),
                y_label: label(y, &axes[1]),
                value_label: c.label.clone(),
                x_values: axes[0].centres(),
                y_values: axes[1].centres(),
                values,
                half_widths,
                value_range: range.map(|(r, _, _)| r),
            };
            grayzone_charts::heatmap(&input, stem)?
        }
        _ => {
            let per_axis = (counts.len() as f64).sqrt().floor() as usize;
            let panels = (names.iter().enumerate())
                .map(|(k, name)| {
                    let axis = Axis::new(&counts, k, ranges[k], per_axis.clamp(3, MAX_BINS));
                    Panel {
                        x_label: name.to_string(),
                        points: counts.iter().map(|p| p.band(p.params[k])).collect(),
                        means: binned_means(&counts, k, &axis),
                    }
                })
                .collect();
            subtitle.push_str(" · dots: points; line: mean over bins, runs pooled");
            let input = SmallMultiplesInput {
                title,
                subtitle,
                y_label: c.label.clone(),
                panels,
                y_range: None,
            };
            grayzone_charts::small_multiples(&input, stem)?
        }
    };
    Ok(written)
}

/// A point's parameters and the runs with the event among its runs.
struct Counted {
    params: Vec<f64>,
    events: u64,
    runs: u64,
}

impl Counted {
    /// The counts behind a probability of the point (an estimate over its runs).
    fn of(p: &PointSummary, column: &str) -> Option<Counted> {
        let e = p.get(column)?;
        let estimate = e.interval.estimate;
        estimate.is_finite().then(|| Counted {
            params: p.params.clone(),
            events: (estimate * e.n as f64).round() as u64,
            runs: e.n,
        })
    }

    fn band(&self, x: f64) -> BandPoint {
        pooled(x, [self])
    }
}

/// The probability over the runs of several points, with its Wilson interval, at `x`.
fn pooled<'a>(x: f64, points: impl IntoIterator<Item = &'a Counted>) -> BandPoint {
    let (events, runs) = (points.into_iter()).fold((0, 0), |(e, n), p| (e + p.events, n + p.runs));
    match wilson95(events, runs) {
        Ok(i) => BandPoint {
            x,
            estimate: i.estimate,
            lower: i.lo,
            upper: i.hi,
        },
        Err(_) => BandPoint {
            x,
            estimate: f64::NAN,
            lower: f64::NAN,
            upper: f64::NAN,
        },
    }
}

/// One band point per distinct value of parameter `k`: points that rounding put on the
/// same whole number are pooled rather than drawn as a vertical zigzag.
fn pooled_by_value(counts: &[Counted], k: usize) -> Vec<BandPoint> {
    let mut values: Vec<f64> = counts.iter().map(|p| p.params[k]).collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    values
        .iter()
        .map(|&v| pooled(v, counts.iter().filter(|p| p.params[k] == v)))
        .collect()
}

/// The pooled estimate in each non-empty bin of parameter `k`, at the bin's middle.
fn binned_means(counts: &[Counted], k: usize, axis: &Axis) -> Vec<BandPoint> {
    (0..axis.len())
        .filter_map(|b| {
            let inside: Vec<&Counted> = counts
                .iter()
                .filter(|p| axis.bin(p.params[k]) == b)
                .collect();
            (!inside.is_empty()).then(|| pooled(axis.centre(b), inside))
        })
        .collect()
}

/// The heatmap's cells: `values[j][i]` pools the points in bin `i` of the first
/// parameter and bin `j` of the second; NaN (a grey cell) where there is none.
fn cells(counts: &[Counted], axes: &[Axis; 2]) -> Vec<Vec<BandPoint>> {
    (0..axes[1].len())
        .map(|j| {
            (0..axes[0].len())
                .map(|i| {
                    let inside: Vec<&Counted> = counts
                        .iter()
                        .filter(|p| axes[0].bin(p.params[0]) == i && axes[1].bin(p.params[1]) == j)
                        .collect();
                    if inside.is_empty() {
                        // No point fell in the cell: nothing to estimate.
                        BandPoint {
                            x: 0.0,
                            estimate: f64::NAN,
                            lower: f64::NAN,
                            upper: f64::NAN,
                        }
                    } else {
                        pooled(0.0, inside)
                    }
                })
                .collect()
        })
        .collect()
}

/// The colour scale of a heatmap of probabilities: the data's range, widened about its
/// middle (within 0..1) to at least four times the median half-width of the cells' 95%
/// intervals. Colour spent on a range no wider than the noise would make sampling error
/// look like a pattern: two cells whose intervals overlap now differ by at most a
/// quarter of the scale. Returns the range, whether it was widened, and that half-width.
fn colour_range(values: &[Vec<f64>], half_widths: &[Vec<f64>]) -> Option<((f64, f64), bool, f64)> {
    let (lo, hi) = extent(values.iter().flatten().copied())?;
    let mut widths: Vec<f64> = (half_widths.iter().flatten().copied())
        .filter(|w| w.is_finite())
        .collect();
    widths.sort_by(f64::total_cmp);
    let typical = widths.get(widths.len() / 2).copied().unwrap_or(0.0);
    let span = (4.0 * typical).min(1.0);
    if hi - lo >= span {
        return Some(((lo, hi), false, typical));
    }
    let middle = (lo + hi) / 2.0;
    let low = (middle - span / 2.0).clamp(0.0, 1.0 - span);
    Some(((low, low + span), true, typical))
}

fn extent(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// How the values of one parameter are grouped: by value when the design uses few
/// (a grid, a whole-number field), else into equal bins of its range.
struct Axis {
    categories: Option<Vec<f64>>,
    range: (f64, f64),
    bins: usize,
}

impl Axis {
    fn new(counts: &[Counted], k: usize, range: (f64, f64), max_bins: usize) -> Axis {
        let mut values: Vec<f64> = counts.iter().map(|p| p.params[k]).collect();
        values.sort_by(f64::total_cmp);
        values.dedup();
        // Whole numbers (a tolerance, a switch) are grouped by value whenever they fit:
        // a bin of 2.8 tolerances would mean nothing.
        let whole = values.iter().all(|v| v.fract() == 0.0);
        let fits = if whole {
            MAX_BINS
        } else {
            max_bins.min(MAX_BINS)
        };
        if values.len() <= fits {
            return Axis {
                bins: values.len(),
                categories: Some(values),
                range,
            };
        }
        Axis {
            categories: None,
            range,
            bins: max_bins.min(MAX_BINS),
        }
    }

    fn len(&self) -> usize {
        self.bins
    }

    fn bin(&self, v: f64) -> usize {
        if let Some(values) = &self.categories {
            return values.partition_point(|x| *x < v);
        }
        let (lo, hi) = self.range;
        let at = ((v - lo) / (hi - lo) * self.bins as f64).floor();
        (at.max(0.0) as usize).min(self.bins - 1)
    }

    fn centre(&self, i: usize) -> f64 {
        if let Some(values) = &self.categories {
            return values[i];
        }
        let (lo, hi) = self.range;
        lo + (hi - lo) * (i as f64 + 0.5) / self.bins as f64
    }

    fn centres(&self) -> Vec<f64> {
        (0..self.len()).map(|i| self.centre(i)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The colour scale is never narrower than four typical intervals: a sweep whose
    /// cells differ by less than their noise gets faint colours, not the whole palette.
    #[test]
    fn colours_span_at_least_four_intervals() {
        let narrow = vec![vec![0.83, 0.92], vec![0.88, 0.86]];
        let widths = vec![vec![0.035; 2]; 2];
        let ((lo, hi), widened, typical) = colour_range(&narrow, &widths).unwrap();
        assert!(widened && typical == 0.035);
        assert!(
            (hi - lo - 0.14).abs() < 1e-12 && lo <= 0.83 && hi >= 0.92,
            "{lo}–{hi}"
        );
        // Near 1 the widened scale stays within the probabilities.
        let high = vec![vec![0.97, 0.99]];
        let ((lo, hi), _, _) = colour_range(&high, &[vec![0.03; 2]]).unwrap();
        assert!(hi <= 1.0 && (hi - lo - 0.12).abs() < 1e-12, "{lo}–{hi}");
        // A range wider than the noise is the data's own.
        let wide = vec![vec![0.2, 0.8]];
        assert_eq!(colour_range(&wide, &[vec![0.03; 2]]).unwrap().0, (0.2, 0.8));
    }

    fn point(params: &[f64], events: u64, runs: u64) -> Counted {
        Counted {
            params: params.to_vec(),
            events,
            runs,
        }
    }

    #[test]
    fn short_runs_chart_the_horizon_and_name_it() {
        let long = charted(90);
        assert_eq!(long[0].column, "ceasefire_collapse_within_30_days");
        assert_eq!(long[0].stem, "ceasefire-collapse-30d");
        let short = charted(20);
        assert_eq!(short[0].column, "ceasefire_collapsed");
        assert_eq!(short[0].label, "P(ceasefire collapses within 20 days)");
        assert_eq!(short[1].stem, "regional-war-20d");
    }

    #[test]
    fn bins_pool_the_runs_of_their_points() {
        let counts = [
            point(&[0.05, 1.0], 1, 10),
            point(&[0.1, 2.0], 3, 10),
            point(&[0.9, 1.0], 9, 10),
        ];
        let axis = Axis::new(&counts, 0, (0.0, 1.0), 2);
        assert!(axis.categories.is_none());
        let means = binned_means(&counts, 0, &axis);
        assert_eq!(means.len(), 2);
        assert_eq!((means[0].x, means[0].estimate), (0.25, 0.2));
        assert_eq!((means[1].x, means[1].estimate), (0.75, 0.9));
        let by_value = Axis::new(&counts, 1, (1.0, 2.0), 5);
        assert_eq!(by_value.centres(), [1.0, 2.0]);
        let whole: Vec<Counted> = (0..10).map(|t| point(&[f64::from(t)], 0, 1)).collect();
        assert!(
            Axis::new(&whole, 0, (0.0, 9.0), 3).categories.is_some(),
            "whole numbers by value"
        );
        let grid = cells(&counts, &[axis, by_value]);
        assert_eq!([grid[0][0].estimate, grid[0][1].estimate], [0.1, 0.9]);
        assert!(grid[1][1].estimate.is_nan(), "no point in that cell");
        assert_eq!(pooled_by_value(&counts, 1)[0].estimate, 0.5);
    }
}
