//! Convergence of an optimiser: objective value per generation or iteration.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::Chart;
use crate::data;
use crate::error::{Error, Result};
use crate::render::{Draw, Written};
use crate::scale::{self, Ticked};
use crate::style::{self, Axes, Frame, LegendItem, Swatch};

/// Objective values of an optimiser, one per generation (or iteration), generation 0 first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TraceInput {
    /// Chart title, e.g. "Calibration of the hormuz-2026 scenario".
    pub title: String,
    /// Provenance line, e.g. "CMA-ES · seed 7 · 40 runs per evaluation".
    pub subtitle: String,
    /// Axis title of the steps, e.g. "generation".
    pub x_label: String,
    /// Axis title of the objective, with its unit.
    pub y_label: String,
    /// Objective of the best point of each generation: it goes up and down as the
    /// search moves.
    pub best: Vec<f64>,
    /// Mean objective value of each generation; empty if not tracked.
    pub mean: Vec<f64>,
    /// Objective of the best point found up to each generation (never worse than the
    /// generation before); empty if not tracked.
    pub best_so_far: Vec<f64>,
    /// For a constrained search, whether the best point of each generation broke a
    /// constraint (its objective then says little: such points are ranked by how far
    /// they break it); empty if unconstrained.
    pub infeasible: Vec<bool>,
    /// For a constrained search, how far the best point of each generation breaks the
    /// constraints (0 when it keeps them): drawn in a panel of its own when any does,
    /// since a search with no feasible point moves there, not in its objective. Empty if
    /// unconstrained.
    pub violation: Vec<f64>,
    /// The values the objective can take, e.g. `Some((0.0, 1.0))` for a probability: the
    /// axis stays within them.
    pub y_bounds: Option<(f64, f64)>,
}

/// Writes `<stem>.png` and `<stem>.svg` of the best (and mean) objective per generation,
/// the best so far, and crosses on the generations whose best point is infeasible.
/// Objectives spanning more than two orders of magnitude, all positive, get a log axis.
pub fn trace(input: &TraceInput, stem: &Path) -> Result<Written> {
    input.write(stem)
}

impl Chart for TraceInput {}

const NAME: &str = "trace";

impl Draw for TraceInput {
    const NAME: &'static str = NAME;

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let values = || {
            self.best
                .iter()
                .chain(&self.mean)
                .chain(&self.best_so_far)
                .copied()
        };
        let Some((lo, hi)) = data::finite_extent(values()) else {
            return Err(Error::empty(NAME, "no finite objective value"));
        };
        // Optimisers often gain orders of magnitude: a linear axis would flatten all but
        // the first generations.
        let log = lo > 0.0 && hi / lo > 100.0;
        let map = |v: f64| if log { v.log10() } else { v };

        let best_color = style::series_color(0);
        let mean_color = style::series_color(1);
        let so_far_color = style::series_color(2);
        let infeasible_color = style::series_color(3);
        let mut legend = vec![LegendItem::new(
            "best of the generation",
            Swatch::Line(best_color),
        )];
        if !self.best_so_far.is_empty() {
            legend.push(LegendItem::new("best so far", Swatch::Line(so_far_color)));
        }
        if !self.mean.is_empty() {
            legend.push(LegendItem::new(
                "mean of the generation",
                Swatch::Dashed(mean_color),
            ));
        }
        if self.infeasible.iter().any(|&i| i) {
            legend.push(LegendItem::new(
                "best point of the generation breaks a constraint",
                Swatch::Cross(infeasible_color),
            ));
        }
        let violated = self.violation.iter().any(|v| *v > 0.0 && v.is_finite());
        if violated {
            legend.push(LegendItem::new(
                "violation of the generation's best point",
                Swatch::Line(infeasible_color),
            ));
        }
        let frame = Frame::new(&self.title, &self.subtitle)
            .legend(legend)
            .draw(root)?;
        let (body, lower) = if violated {
            let h = frame.dim_in_pixel().1;
            let (a, b) = frame.split_vertically((f64::from(h) * 0.55) as u32);
            (a, Some(b))
        } else {
            (frame, None)
        };

        let steps = self
            .best
            .len()
            .max(self.mean.len())
            .max(self.best_so_far.len())
            .max(1);
        // A little room at both ends so that the first and last points are not cut.
        let last = (steps - 1).max(1) as f64;
        let x_axis = Ticked {
            lo: -last * 0.015,
            hi: last * 1.015,
            ..Ticked::integers(0.0, last, 10)
        };
        let y_axis = if log {
            let (a, b) = data::padded((map(lo), map(hi)), 0.04);
            scale::log_axis(a, b)
        } else {
            let (a, b) = within(data::padded((lo, hi), 0.05), self.y_bounds);
            Ticked::linear(a, b, 8)
        };
        // With a violation panel below, the day axis is drawn once, under it.
        let x_label = if lower.is_some() { "" } else { &self.x_label };
        let mut axes = Axes::new(x_label, &self.y_label);
        if log {
            axes.y_fmt = &scale::fmt_log;
        }
        let y_area = axes.y_area_for(&body, &y_axis)?;
        let violation = self.violation.iter().copied().filter(|v| v.is_finite());
        let violation_axis = Ticked::linear(0.0, violation.fold(0.0, f64::max) * 1.08, 5);
        let violation_axes = Axes::new(&self.x_label, "violation");
        let y_area = match lower {
            Some(ref lower) => y_area.max(violation_axes.y_area_for(lower, &violation_axis)?),
            None => y_area,
        };
        let mut chart = style::cartesian(&body, x_axis.clone(), y_axis, axes.x_area(), y_area)?;
        axes.draw(&mut chart)?;
        if let Some(lower) = lower {
            let lower = lower.margin(12, 0, 0, 0);
            let mut panel = style::cartesian(
                &lower,
                x_axis,
                violation_axis,
                violation_axes.x_area(),
                y_area,
            )?;
            violation_axes.draw(&mut panel)?;
            let points: Vec<(f64, f64)> = (self.violation.iter().enumerate())
                .map(|(i, v)| (i as f64, *v))
                .collect();
            for run in data::finite_runs(&points) {
                panel.draw_series(LineSeries::new(run, infeasible_color.stroke_width(3)))?;
            }
        }

        let series = |values: &[f64]| -> Vec<(f64, f64)> {
            values
                .iter()
                .enumerate()
                .map(|(i, v)| (i as f64, if *v > 0.0 || !log { map(*v) } else { f64::NAN }))
                .collect()
        };
        for run in data::finite_runs(&series(&self.mean)) {
            chart.draw_series(DashedLineSeries::new(
                run,
                12,
                6,
                mean_color.stroke_width(3),
            ))?;
        }
        let best = series(&self.best);
        for run in data::finite_runs(&best) {
            chart.draw_series(LineSeries::new(run, best_color.stroke_width(3)))?;
        }
        for run in data::finite_runs(&series(&self.best_so_far)) {
            chart.draw_series(LineSeries::new(run, so_far_color.stroke_width(4)))?;
        }
        let infeasible = |i: usize| self.infeasible.get(i).copied().unwrap_or(false);
        // Points show where the generations are, as long as they stay apart.
        if best.len() <= 60 {
            chart.draw_series(
                best.iter()
                    .enumerate()
                    .filter(|&(i, (_, y))| y.is_finite() && !infeasible(i))
                    .map(|(_, &p)| Circle::new(p, 5, best_color.filled())),
            )?;
        }
        // Infeasible generations are marked however many there are: they are what a
        // reader must not mistake for progress.
        chart.draw_series(
            best.iter()
                .enumerate()
                .filter(|&(i, (_, y))| y.is_finite() && infeasible(i))
                .map(|(_, &p)| Cross::new(p, 8, infeasible_color.stroke_width(3))),
        )?;
        Ok(())
    }
}

/// A padded axis range kept within the values the quantity can take, and never so
/// narrow that a flat trace at a bound looks like noise around it (a probability stuck at
/// 1 was drawn on 0.9–1.1): at least a tenth of the bounds' width.
fn within((a, b): (f64, f64), bounds: Option<(f64, f64)>) -> (f64, f64) {
    let Some((lo, hi)) = bounds.filter(|(lo, hi)| lo < hi) else {
        return (a, b);
    };
    let (a, b) = (a.max(lo), b.min(hi));
    let least = (hi - lo) / 10.0;
    if b - a >= least {
        return (a, b);
    }
    let middle = (a + b) / 2.0;
    if middle + least / 2.0 >= hi {
        (hi - least, hi)
    } else if middle - least / 2.0 <= lo {
        (lo, lo + least)
    } else {
        (middle - least / 2.0, middle + least / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::within;

    #[test]
    fn an_axis_stays_within_what_the_quantity_can_take() {
        // A probability stuck at 1, padded to 0.95–1.05.
        assert_eq!(within((0.95, 1.05), Some((0.0, 1.0))), (0.9, 1.0));
        assert_eq!(within((0.2, 0.6), Some((0.0, 1.0))), (0.2, 0.6));
        assert_eq!(within((-0.1, 0.7), Some((0.0, 1.0))), (0.0, 0.7));
        assert_eq!(within((3.0, 4.0), None), (3.0, 4.0));
    }
}
