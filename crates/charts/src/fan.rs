//! Fan chart: the spread of a daily quantity across an ensemble of histories.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::Chart;
use crate::data;
use crate::error::{Error, Result};
use crate::render::{Draw, Written};
use crate::scale::Ticked;
use crate::style::{self, Axes, Frame, LegendItem, Swatch};

/// Median and bands of one quantity per day across many runs, one panel per dyad (or a
/// single panel for a total). Panels share their axes so that dyads compare at a glance;
/// up to three are stacked, more go on a grid.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FanInput {
    /// Chart title, e.g. "Escalation across 10,000 histories".
    pub title: String,
    /// Provenance line, e.g. "hormuz-2026 · seed 7 · 10,000 runs".
    pub subtitle: String,
    /// What the values are: rungs get the rung names on the y axis.
    pub quantity: Quantity,
    /// One panel each, drawn in order.
    pub panels: Vec<FanPanel>,
}

/// The quantity a fan chart shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Quantity {
    /// Escalation rung, 0..=5.
    #[default]
    Rung,
    /// Any other quantity, with its axis title and unit, e.g. "Goldstein intensity per day".
    Value {
        /// Axis title, with the unit.
        label: String,
    },
}

/// One panel of a fan chart: one dyad, or the total.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FanPanel {
    /// Panel heading, e.g. "United States – Iran"; may be empty for a single panel.
    pub label: String,
    /// Quantiles per day, in any order; a missing day or a non-finite value leaves a gap.
    pub days: Vec<FanDay>,
}

/// Quantiles of the quantity across runs on one day.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FanDay {
    /// Day since the start of the histories.
    pub day: u32,
    /// 5th percentile.
    pub p05: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub median: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// Writes `<stem>.png` and `<stem>.svg` of a fan chart.
pub fn fan(input: &FanInput, stem: &Path) -> Result<Written> {
    input.write(stem)
}

impl Chart for FanInput {}

const NAME: &str = "fan";
/// Up to this many panels are stacked on a shared day axis; more go on a grid.
const STACK_UP_TO: usize = 3;
/// Room under a stacked panel that is not the bottom one: just its tick marks.
const INNER_X_AREA: u32 = 10;

impl FanDay {
    fn values(&self) -> [f64; 5] {
        [self.p05, self.p25, self.median, self.p75, self.p95]
    }

    fn is_finite(&self) -> bool {
        self.values().iter().all(|v| v.is_finite())
    }
}

impl Draw for FanInput {
    const NAME: &'static str = NAME;

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let days = || {
            self.panels
                .iter()
                .flat_map(|p| &p.days)
                .filter(|d| d.is_finite())
        };
        let Some((first, last)) = data::finite_extent(days().map(|d| f64::from(d.day))) else {
            return Err(Error::empty(NAME, "no day with finite quantiles"));
        };
        let x_axis = Ticked::integers(
            first,
            last + 1.0,
            if self.panels.len() > STACK_UP_TO {
                6
            } else {
                12
            },
        );

        let rung_fmt = |v: &f64| style::rung_label(v.round().clamp(0.0, 5.0) as usize);
        let (y_axis, y_title) = match &self.quantity {
            Quantity::Rung => (
                Ticked::with_ticks(-0.45, 5.45, (0..=5).map(f64::from).collect()),
                "",
            ),
            Quantity::Value { label } => {
                let (lo, hi) =
                    data::finite_extent(days().flat_map(|d| d.values())).unwrap_or((0.0, 1.0));
                // Non-negative quantities (intensities, counts) keep their zero baseline.
                let (padded_lo, padded_hi) = data::padded((lo.min(0.0), hi), 0.05);
                let lo = if lo >= 0.0 { 0.0 } else { padded_lo };
                (Ticked::linear(lo, padded_hi, 6), label.as_str())
            }
        };

        let color = style::series_color(0);
        let legend = vec![
            LegendItem::new("median", Swatch::Line(color)),
            LegendItem::new("middle 50% of runs", Swatch::Band(color, 0.40)),
            LegendItem::new("middle 90% of runs", Swatch::Band(color, 0.18)),
        ];
        let body = Frame::new(&self.title, &self.subtitle)
            .legend(legend)
            .draw(root)?;
        let body = style::shared_y_title(&body, y_title)?;

        let n = self.panels.len();
        let stacked = n <= STACK_UP_TO;
        let mut axes = Axes::new("day", "");
        if self.quantity == Quantity::Rung {
            axes.y_fmt = &rung_fmt;
        }
        if !stacked {
            axes = axes.small();
        }
        // Stacked panels share the day axis of the bottom one.
        let no_fmt = |_: &f64| String::new();
        let mut inner_axes = Axes::new("", "");
        inner_axes.y_fmt = axes.y_fmt;
        inner_axes.x_fmt = &no_fmt;
        // On a grid, rung names only in the first column: repeated, they would squeeze
        // every panel.
        let side_axes = Axes::new("day", "").small();
        let (cols, _) = style::grid_shape(n);
        let y_area = axes.y_area_for(&body, &y_axis)?;
        let side_y_area = side_axes.y_area_for(&body, &y_axis)?;
        let heading_px = if stacked { 24.0 } else { style::SMALL_LABEL_PX };
        let areas = if stacked {
            style::panel_stack(&body, n, axes.x_area() - INNER_X_AREA)
        } else {
            style::panel_grid(&body, n, y_area.saturating_sub(side_y_area))
        };
        for (i, (panel, area)) in self.panels.iter().zip(areas).enumerate() {
            let first_column = stacked || i % cols == 0;
            let axes = if stacked && i + 1 < n {
                &inner_axes
            } else if first_column {
                &axes
            } else {
                &side_axes
            };
            let y_area = if first_column { y_area } else { side_y_area };
            let area = style::panel_heading(&area, &panel.label, heading_px)?;
            let x_area = if stacked && i + 1 < n {
                INNER_X_AREA
            } else {
                axes.x_area()
            };
            let mut chart =
                style::cartesian(&area, x_axis.clone(), y_axis.clone(), x_area, y_area)?;
            axes.draw(&mut chart)?;
            for run in consecutive_days(&panel.days) {
                draw_band(&mut chart, &run, |d| (d.p05, d.p95), color.mix(0.18))?;
                draw_band(&mut chart, &run, |d| (d.p25, d.p75), color.mix(0.40))?;
                let median = run.iter().flat_map(|d| {
                    let x = f64::from(d.day);
                    [(x, d.median), (x + 1.0, d.median)]
                });
                chart.draw_series(LineSeries::new(median, color.stroke_width(3)))?;
            }
        }
        Ok(())
    }
}

/// Runs of consecutive days with finite quantiles: each run is drawn as one band.
fn consecutive_days(days: &[FanDay]) -> Vec<Vec<FanDay>> {
    let mut sorted: Vec<FanDay> = days.iter().copied().filter(FanDay::is_finite).collect();
    sorted.sort_by_key(|d| d.day);
    let mut runs: Vec<Vec<FanDay>> = Vec::new();
    for d in sorted {
        match runs.last_mut() {
            Some(run)
                if run
                    .last()
                    .is_some_and(|p| p.day.checked_add(1) == Some(d.day)) =>
            {
                run.push(d)
            }
            Some(run) if run.last().is_some_and(|p| p.day == d.day) => {}
            _ => runs.push(vec![d]),
        }
    }
    runs
}

/// A band drawn as steps: each day's value holds from the start to the end of the day.
fn draw_band<DB: DrawingBackend>(
    chart: &mut style::Plot<'_, DB>,
    run: &[FanDay],
    bounds: impl Fn(&FanDay) -> (f64, f64),
    color: RGBAColor,
) -> Result<()> {
    let upper = run.iter().flat_map(|d| {
        let x = f64::from(d.day);
        let hi = bounds(d).1;
        [(x, hi), (x + 1.0, hi)]
    });
    let lower = run.iter().rev().flat_map(|d| {
        let x = f64::from(d.day);
        let lo = bounds(d).0;
        [(x + 1.0, lo), (x, lo)]
    });
    let outline: Vec<(f64, f64)> = upper.chain(lower).collect();
    chart.draw_series(std::iter::once(Polygon::new(outline, color.filled())))?;
    Ok(())
}
