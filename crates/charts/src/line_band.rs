//! An outcome against one swept parameter: point estimates and their 95% interval.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::Chart;
use crate::data;
use crate::error::{Error, Result};
use crate::render::{Draw, Written};
use crate::scale::Ticked;
use crate::style::{self, Axes, Frame, LegendItem, Swatch};

/// One or more series of an outcome against a swept parameter, e.g. P(ceasefire collapses
/// within 30 days) against the mediator's leverage, one series per scenario.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineBandInput {
    /// Chart title.
    pub title: String,
    /// Provenance line, e.g. "hormuz-2026 · 21 values × 500 runs".
    pub subtitle: String,
    /// Axis title of the parameter, with its unit.
    pub x_label: String,
    /// Axis title of the outcome, with its unit.
    pub y_label: String,
    /// The series; each gets its own colour and a legend entry.
    pub series: Vec<BandSeries>,
    /// Fixed y range, e.g. `Some((0.0, 1.0))` for a probability; `None` fits the data.
    pub y_range: Option<(f64, f64)>,
}

/// One series of points with intervals.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BandSeries {
    /// Legend label, e.g. "hormuz-2026"; may be empty for a single series.
    pub label: String,
    /// Points in any order; a point with a non-finite x or estimate is left out.
    pub points: Vec<BandPoint>,
}

/// An estimate and its 95% interval at one parameter value.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BandPoint {
    /// Parameter value.
    pub x: f64,
    /// Point estimate.
    pub estimate: f64,
    /// Lower end of the 95% interval.
    pub lower: f64,
    /// Upper end of the 95% interval.
    pub upper: f64,
}

/// Writes `<stem>.png` and `<stem>.svg` of the estimates as lines with points, over their
/// 95% interval as a shaded band.
pub fn line_band(input: &LineBandInput, stem: &Path) -> Result<Written> {
    input.write(stem)
}

impl Chart for LineBandInput {}

const NAME: &str = "line with band";

impl Draw for LineBandInput {
    const NAME: &'static str = NAME;

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let all = || self.series.iter().flat_map(|s| usable(&s.points));
        let Some(x_extent) = data::finite_extent(all().map(|p| p.x)) else {
            return Err(Error::empty(NAME, "no point with a finite x and estimate"));
        };
        let y_range = y_range(NAME, self.y_range, all())?;

        let single = self.series.len() == 1;
        let mut legend: Vec<LegendItem> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let label = if s.label.is_empty() {
                    "estimate"
                } else {
                    &s.label
                };
                LegendItem::new(label, Swatch::Line(style::series_color(i)))
            })
            .collect();
        let band_color = if single {
            style::series_color(0)
        } else {
            style::MUTED
        };
        legend.push(LegendItem::new(
            "95% interval",
            Swatch::Band(band_color, BAND_ALPHA),
        ));
        let body = Frame::new(&self.title, &self.subtitle)
            .legend(legend)
            .draw(root)?;

        let (x_lo, x_hi) = data::padded(x_extent, 0.03);
        let x_axis = Ticked::linear(x_lo, x_hi, 10);
        let y_axis = Ticked::linear(y_range.0, y_range.1, 8);
        let axes = Axes::new(&self.x_label, &self.y_label);
        let y_area = axes.y_area_for(&body, &y_axis)?;
        let mut chart = style::cartesian(&body, x_axis, y_axis, axes.x_area(), y_area)?;
        axes.draw(&mut chart)?;
        for (i, series) in self.series.iter().enumerate() {
            draw_estimates(&mut chart, &series.points, style::series_color(i), false)?;
        }
        Ok(())
    }
}

const BAND_ALPHA: f64 = 0.2;

/// Points with a finite x and estimate, sorted by x.
pub(crate) fn usable(points: &[BandPoint]) -> Vec<BandPoint> {
    let mut kept: Vec<BandPoint> = points
        .iter()
        .copied()
        .filter(|p| p.x.is_finite() && p.estimate.is_finite())
        .collect();
    kept.sort_by(|a, b| a.x.total_cmp(&b.x));
    kept
}

/// The given range, or one that fits estimates and intervals with a little air.
pub(crate) fn y_range(
    chart: &'static str,
    fixed: Option<(f64, f64)>,
    points: impl Iterator<Item = BandPoint>,
) -> Result<(f64, f64)> {
    match fixed {
        Some((lo, hi)) if lo.is_finite() && hi.is_finite() && lo < hi => Ok((lo, hi)),
        Some(_) => Err(Error::invalid(
            chart,
            "y range must be finite and increasing",
        )),
        None => {
            let values = points.flat_map(|p| [p.estimate, p.lower, p.upper]);
            let extent = data::finite_extent(values).unwrap_or((0.0, 1.0));
            Ok(data::padded(extent, 0.05))
        }
    }
}

/// Band, line and points of one series; `small` for the panels of small multiples.
pub(crate) fn draw_estimates<DB: DrawingBackend>(
    chart: &mut style::Plot<'_, DB>,
    points: &[BandPoint],
    color: RGBColor,
    small: bool,
) -> Result<()> {
    let points = usable(points);
    let with_interval: Vec<&BandPoint> = points
        .iter()
        .filter(|p| p.lower.is_finite() && p.upper.is_finite())
        .collect();
    if with_interval.len() > 1 {
        let outline: Vec<(f64, f64)> = with_interval
            .iter()
            .map(|p| (p.x, p.upper))
            .chain(with_interval.iter().rev().map(|p| (p.x, p.lower)))
            .collect();
        chart.draw_series(std::iter::once(Polygon::new(
            outline,
            color.mix(BAND_ALPHA).filled(),
        )))?;
    } else if let Some(p) = with_interval.first() {
        // A lone point has no band to speak of: show its interval as an error bar.
        let cap = 8;
        chart.draw_series([PathElement::new(
            vec![(p.x, p.lower), (p.x, p.upper)],
            color.stroke_width(2),
        )])?;
        for y in [p.lower, p.upper] {
            chart.draw_series(std::iter::once(
                EmptyElement::at((p.x, y))
                    + PathElement::new(vec![(-cap, 0), (cap, 0)], color.stroke_width(2)),
            ))?;
        }
    }
    let width = if small { 2 } else { 3 };
    let radius = if small { 4 } else { 5 };
    chart.draw_series(LineSeries::new(
        points.iter().map(|p| (p.x, p.estimate)),
        color.stroke_width(width),
    ))?;
    chart.draw_series(
        points
            .iter()
            .map(|p| Circle::new((p.x, p.estimate), radius, color.filled())),
    )?;
    Ok(())
}
