//! Distribution of one outcome across runs.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::Chart;
use crate::data;
use crate::error::{Error, Result};
use crate::render::{Draw, Written};
use crate::scale::{self, Ticked};
use crate::style::{self, Axes, Frame, LegendItem, Swatch};

/// Values of one outcome across runs, e.g. the cost-exchange ratio of each history.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistogramInput {
    /// Chart title, e.g. "Cost-exchange ratio across runs".
    pub title: String,
    /// Provenance line, e.g. "hormuz-2026 · seed 7 · 10,000 runs".
    pub subtitle: String,
    /// Axis title of the values, with the unit, e.g. "cost-exchange ratio (attacker : defender)".
    pub x_label: String,
    /// Axis title of the counts, e.g. "runs".
    pub y_label: String,
    /// The values; non-finite ones (and, on a log axis, non-positive ones) are left out and
    /// counted in a note under the chart.
    pub values: Vec<f64>,
    /// How many runs each value stands for, in the order of `values`: a distribution
    /// already counted in fine bins (millions of runs in a few thousand values). Empty:
    /// each value counts once.
    pub weights: Vec<u64>,
    /// Number of bins (at most 400); 0 picks about √n, between 5 and 51.
    pub bins: usize,
    /// Bins and axis on log10 of the values, for quantities spanning orders of magnitude.
    pub log_x: bool,
    /// Marks the median with a vertical line, its value in the legend.
    pub show_median: bool,
    /// A value that means something to the reader (1 for a ratio: break-even), drawn as a
    /// solid line with its meaning in the legend.
    pub reference: Option<(f64, String)>,
}

/// Writes `<stem>.png` and `<stem>.svg` of the histogram.
pub fn histogram(input: &HistogramInput, stem: &Path) -> Result<Written> {
    input.write(stem)
}

impl Chart for HistogramInput {}

const NAME: &str = "histogram";

impl Draw for HistogramInput {
    const NAME: &'static str = NAME;

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        if !self.weights.is_empty() && self.weights.len() != self.values.len() {
            return Err(Error::invalid(
                NAME,
                format!(
                    "{} weights for {} values: give one per value, or none",
                    self.weights.len(),
                    self.values.len()
                ),
            ));
        }
        let weighted: Vec<(f64, u64)> = (self.values.iter().enumerate())
            .map(|(i, &v)| (v, self.weights.get(i).copied().unwrap_or(1)))
            .collect();
        let finite: Vec<(f64, u64)> = weighted
            .iter()
            .copied()
            .filter(|(v, _)| v.is_finite())
            .collect();
        let shown: Vec<(f64, u64)> = if self.log_x {
            finite
                .iter()
                .filter(|(v, _)| *v > 0.0)
                .map(|(v, w)| (v.log10(), *w))
                .collect()
        } else {
            finite.clone()
        };
        let Some(extent) = data::finite_extent(shown.iter().map(|(v, _)| *v)) else {
            return Err(Error::empty(NAME, "no value to draw"));
        };
        let range = data::padded(extent, 0.0);
        let bins = data::Bins::weighted(&shown, range, self.bins);
        let peak = bins.peak();

        let color = style::series_color(0);
        let median = data::weighted_median(&finite);
        let mut legend = Vec::new();
        if let Some(m) = median.filter(|_| self.show_median) {
            legend.push(LegendItem::new(
                format!("median: {}", scale::fmt_num(m)),
                Swatch::Dashed(style::MARKER),
            ));
        }
        let reference = self.reference.as_ref().and_then(|(at, label)| {
            let x = if self.log_x { at.log10() } else { *at };
            (x.is_finite() && (range.0..=range.1).contains(&x)).then_some((x, label))
        });
        if let Some((_, label)) = reference {
            legend.push(LegendItem::new(
                label.clone(),
                Swatch::Line(style::REFERENCE),
            ));
        }
        let total = |v: &[(f64, u64)]| v.iter().map(|(_, w)| w).sum::<u64>();
        let counts = (total(&weighted), total(&finite), total(&shown));
        let note = omitted_note(counts);
        let body = Frame::new(&self.title, &self.subtitle)
            .legend(legend)
            .note(&note)
            .draw(root)?;

        let x_axis = if self.log_x {
            scale::log_axis(range.0, range.1)
        } else {
            Ticked::linear(range.0, range.1, 10)
        };
        let y_axis = Ticked::integers(0.0, (peak * 1.08).max(1.0), 6);
        let mut axes = Axes::new(&self.x_label, &self.y_label);
        if self.log_x {
            axes.x_fmt = &scale::fmt_log;
        }
        axes.x_grid = false;
        let y_area = axes.y_area_for(&body, &y_axis)?;
        let mut chart = style::cartesian(&body, x_axis, y_axis, axes.x_area(), y_area)?;
        axes.draw(&mut chart)?;

        bins.draw(&mut chart, color)?;
        let median_x = median
            .filter(|_| self.show_median)
            .map(|m| if self.log_x { m.log10() } else { m })
            .filter(|x| (range.0..=range.1).contains(x));
        if let Some((x, _)) = reference {
            chart.draw_series(LineSeries::new(
                [(x, 0.0), (x, peak * 1.08)],
                style::REFERENCE.stroke_width(2),
            ))?;
        }
        if let Some(x) = median_x {
            chart.draw_series(DashedLineSeries::new(
                [(x, 0.0), (x, peak * 1.08)],
                10,
                7,
                style::MARKER.stroke_width(2),
            ))?;
        }
        Ok(())
    }
}

/// What a note under the chart says is not drawn, from the counts of all, finite and
/// drawable values.
fn omitted_note((all, finite, shown): (u64, u64, u64)) -> String {
    let not_finite = all - finite;
    let not_positive = finite - shown;
    let mut parts = Vec::new();
    if not_finite > 0 {
        parts.push(format!("{} not finite", scale::group_thousands(not_finite)));
    }
    if not_positive > 0 {
        parts.push(format!(
            "{} zero or negative (no place on a log axis)",
            scale::group_thousands(not_positive)
        ));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(
            "Not shown: {} of {} values.",
            parts.join(", "),
            scale::group_thousands(all)
        )
    }
}
