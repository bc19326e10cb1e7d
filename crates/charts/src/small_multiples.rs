//! One small line-with-band panel per parameter, for sweeps over many parameters.

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
    /// Estimates with their 95% intervals.
    pub points: Vec<BandPoint>,
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
            self.panels
                .iter()
                .flat_map(|p| line_band::usable(&p.points))
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
        let legend = vec![
            LegendItem::new("estimate", Swatch::Line(color)),
            LegendItem::new("95% interval", Swatch::Band(color, 0.2)),
        ];
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
            let x_extent = data::finite_extent(points.iter().map(|p| p.x)).unwrap_or((0.0, 1.0));
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
            line_band::draw_estimates(&mut chart, &points, color, true)?;
        }
        Ok(())
    }
}
