//! One small panel per parameter, for sweeps over many parameters: the outcome against
//! that parameter, the others varying.
//!
//! A point's estimate projected onto one parameter also carries the effect of all the
//! others, so joining projected points with a line draws a zigzag of noise. A panel with
//! `means` draws its points as dots and the means of bins of the parameter (with their
//! interval) as the line; one without draws its points as a line with a band, for
//! estimates that are already one per value.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::Chart;
use crate::data;
use crate::error::{Error, Result};
use crate::line_band::{self, BandPoint};
use crate::render::{Draw, Written};
use crate::scale::Ticked;
use crate::style::{self, Axes, Frame, LegendItem, Swatch};

/// The outcome against each parameter of a sweep, averaged over the others: one panel per
/// parameter, all on the same outcome scale so that effects compare across panels.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SmallMultiplesInput {
    /// Chart title.
    pub title: String,
    /// Provenance line, e.g. "hormuz-2026 · 6 parameters · 4,096 points × 20 runs".
    pub subtitle: String,
    /// Axis title of the outcome, shared by all panels.
    pub y_label: String,
    /// One panel per parameter, laid out row by row.
    pub panels: Vec<Panel>,
    /// Fixed outcome range, e.g. `Some((0.0, 1.0))`; `None` fits all panels' data.
    pub y_range: Option<(f64, f64)>,
}

/// One panel: the outcome against one parameter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Panel {
    /// Axis title of the parameter, with its unit.
    pub x_label: String,
    /// Estimates with their 95% intervals: one per point of the design when `means` is
    /// given (drawn as dots, intervals ignored), else one per value (drawn as a line).
    pub points: Vec<BandPoint>,
    /// Means over bins of the parameter, with their 95% intervals, drawn as a line with a
    /// band over the points; empty to draw the points as the line.
    pub means: Vec<BandPoint>,
}

/// Writes `<stem>.png` and `<stem>.svg` of the panels on a grid.
pub fn small_multiples(input: &SmallMultiplesInput, stem: &Path) -> Result<Written> {
    input.write(stem)
}

impl Chart for SmallMultiplesInput {}

const NAME: &str = "small multiples";

impl Draw for SmallMultiplesInput {
    const NAME: &'static str = NAME;

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let all = || {
            self.panels.iter().flat_map(|p| {
                let dots = !p.means.is_empty();
                (line_band::usable(&p.points).into_iter())
                    .map(move |q| if dots { as_dot(q) } else { q })
                    .chain(line_band::usable(&p.means))
            })
        };
        if all().next().is_none() {
            return Err(Error::empty(
                NAME,
                "no panel has a point with a finite x and estimate",
            ));
        }
        let (lo, hi) = line_band::y_range(NAME, self.y_range, all())?;
        let y_axis = Ticked::linear(lo, hi, 5);

        let color = style::series_color(0);
        let binned = self.panels.iter().any(|p| !p.means.is_empty());
        let legend = if binned {
            vec![
                LegendItem::new("a point of the design", Swatch::Dot(dot_color(color))),
                LegendItem::new("mean over a bin of the parameter", Swatch::Line(color)),
                LegendItem::new("95% interval of the mean", Swatch::Band(color, 0.2)),
            ]
        } else {
            vec![
                LegendItem::new("estimate", Swatch::Line(color)),
                LegendItem::new("95% interval", Swatch::Band(color, 0.2)),
            ]
        };
        let body = Frame::new(&self.title, &self.subtitle)
            .legend(legend)
            .draw(root)?;
        let body = style::shared_y_title(&body, &self.y_label)?;

        for (panel, area) in self
            .panels
            .iter()
            .zip(style::panel_grid(&body, self.panels.len(), 0))
        {
            let area = area.margin(4, 8, 0, 8);
            let points = line_band::usable(&panel.points);
            let xs = points.iter().chain(&panel.means).map(|p| p.x);
            let x_extent = data::finite_extent(xs).unwrap_or((0.0, 1.0));
            let (x_lo, x_hi) = data::padded(x_extent, 0.04);
            let axes = Axes::new(&panel.x_label, "").small();
            let y_area = axes.y_area_for(&area, &y_axis)?;
            let mut chart = style::cartesian(
                &area,
                Ticked::linear(x_lo, x_hi, 5),
                y_axis.clone(),
                axes.x_area(),
                y_area,
            )?;
            axes.draw(&mut chart)?;
            if panel.means.is_empty() {
                line_band::draw_estimates(&mut chart, &points, color, true)?;
            } else {
                chart.draw_series(
                    points
                        .iter()
                        .map(|p| Circle::new((p.x, p.estimate), 3, dot_color(color).filled())),
                )?;
                line_band::draw_estimates(&mut chart, &panel.means, color, true)?;
            }
        }
        Ok(())
    }
}

/// A point shown as a dot: its own interval is not drawn, so it does not stretch the
/// shared scale either.
fn as_dot(p: BandPoint) -> BandPoint {
    BandPoint {
        lower: p.estimate,
        upper: p.estimate,
        ..p
    }
}

/// The dots' colour: the series' own, faded, so that the means stand out.
fn dot_color(color: RGBColor) -> RGBColor {
    let fade = |c: u8| (f64::from(c) + (255.0 - f64::from(c)) * 0.55).round() as u8;
    RGBColor(fade(color.0), fade(color.1), fade(color.2))
}
