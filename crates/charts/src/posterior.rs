//! Posterior of a calibration (accepted samples): histograms per parameter and the
//! pairwise scatter matrix.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::Chart;
use crate::data::{self, Bins};
use crate::error::{Error, Result};
use crate::render::{Draw, Written};
use crate::scale::{self, Ticked};
use crate::style::{self, Axes, Frame, LegendItem, Swatch};

/// Accepted samples of a calibration (ABC, MCMC...), one column per parameter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PosteriorInput {
    /// Chart title, e.g. "Posterior of the hormuz-2026 calibration".
    pub title: String,
    /// Provenance line, e.g. "ABC-SMC · 2,000 accepted of 150,000 · seed 7".
    pub subtitle: String,
    /// One entry per parameter. For [`pairs`], sample `k` of every parameter must come from
    /// the same accepted draw.
    pub params: Vec<PosteriorParam>,
    /// Histogram bins (at most 400); 0 picks about √n, between 5 and 51.
    pub bins: usize,
}

/// The accepted samples of one parameter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PosteriorParam {
    /// Parameter name with its unit, e.g. "mediator leverage (0–1)".
    pub name: String,
    /// Accepted values; non-finite ones are left out.
    pub samples: Vec<f64>,
    /// The value that generated the data, when calibrating against a synthetic truth.
    pub truth: Option<f64>,
    /// Axis range, typically the prior's support; `None` fits the samples.
    pub range: Option<(f64, f64)>,
}

/// The pairwise scatter matrix of a posterior: wraps the input to give it its own
/// [`Chart`] implementation. Histograms on the diagonal, one scatter per pair below it.
#[derive(Debug, Clone, Copy)]
pub struct Pairs<'a>(pub &'a PosteriorInput);

/// Writes `<stem>.png` and `<stem>.svg`: one histogram per parameter with its median, 90%
/// interval and (if known) the true value.
pub fn posterior(input: &PosteriorInput, stem: &Path) -> Result<Written> {
    input.write(stem)
}

/// Writes `<stem>.png` and `<stem>.svg` of the pairwise scatter matrix (1600 x 1600).
pub fn pairs(input: &PosteriorInput, stem: &Path) -> Result<Written> {
    Pairs(input).write(stem)
}

impl Chart for PosteriorInput {}
impl Chart for Pairs<'_> {}

const INTERVAL_ALPHA: f64 = 0.14;
/// Scatter points per panel at most: beyond, they only blacken the panel and bloat the SVG.
const MAX_POINTS: usize = 1500;

fn truth_color() -> RGBColor {
    style::series_color(1)
}

/// What one parameter's panels need, computed once.
struct Column<'a> {
    param: &'a PosteriorParam,
    samples: Vec<f64>,
    range: (f64, f64),
}

impl<'a> Column<'a> {
    fn new(chart: &'static str, param: &'a PosteriorParam) -> Result<Self> {
        let samples: Vec<f64> = param
            .samples
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .collect();
        let range = match param.range {
            Some((lo, hi)) if lo.is_finite() && hi.is_finite() && lo < hi => (lo, hi),
            Some(_) => {
                return Err(Error::invalid(
                    chart,
                    format!("range of \"{}\" must be finite and increasing", param.name),
                ));
            }
            None => {
                let extent = data::finite_extent(samples.iter().copied().chain(param.truth));
                data::padded(extent.unwrap_or((0.0, 1.0)), 0.05)
            }
        };
        Ok(Self {
            param,
            samples,
            range,
        })
    }
}

fn columns<'a>(chart: &'static str, input: &'a PosteriorInput) -> Result<Vec<Column<'a>>> {
    let columns = input
        .params
        .iter()
        .map(|p| Column::new(chart, p))
        .collect::<Result<Vec<_>>>()?;
    if columns.iter().all(|c| c.samples.is_empty()) {
        return Err(Error::empty(chart, "no parameter has a finite sample"));
    }
    Ok(columns)
}

fn legend(input: &PosteriorInput, with_summary: bool) -> Vec<LegendItem> {
    let mut items = vec![LegendItem::new(
        "accepted samples",
        Swatch::Block(style::series_color(0)),
    )];
    if with_summary {
        items.push(LegendItem::new("median", Swatch::Line(style::INK)));
        items.push(LegendItem::new(
            "90% interval",
            Swatch::Band(style::INK, INTERVAL_ALPHA),
        ));
    }
    if input.params.iter().any(|p| p.truth.is_some()) {
        items.push(LegendItem::new("true value", Swatch::Dashed(truth_color())));
    }
    items
}

impl Draw for PosteriorInput {
    const NAME: &'static str = "posterior";

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let columns = columns(Self::NAME, self)?;
        let body = Frame::new(&self.title, &self.subtitle)
            .legend(legend(self, true))
            .draw(root)?;
        let body = style::shared_y_title(&body, "accepted samples")?;
        for (column, area) in columns
            .iter()
            .zip(style::panel_grid(&body, columns.len(), 0))
        {
            let area = style::panel_heading(
                &area.margin(4, 8, 0, 12),
                &column.param.name,
                style::SMALL_LABEL_PX,
            )?;
            let axes = Axes::new("", "").small();
            histogram_panel(&area, column, self.bins, &axes, true)?;
        }
        Ok(())
    }
}

/// Histogram of one parameter; `summary` adds its median and 90% interval.
fn histogram_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    column: &Column,
    bins: usize,
    axes: &Axes,
    summary: bool,
) -> Result<()> {
    let bins = Bins::new(&column.samples, column.range, bins);
    let peak = (bins.peak() * 1.1).max(1.0);
    let y_axis = Ticked::integers(0.0, peak, 4);
    let x_axis = Ticked::linear(column.range.0, column.range.1, 4);
    let y_area = axes.y_area_for(area, &y_axis)?;
    let mut chart = style::cartesian(area, x_axis, y_axis, axes.x_area(), y_area)?;
    axes.draw(&mut chart)?;

    if column.samples.is_empty() {
        let s = style::anchored(
            style::muted(style::SMALL_TICK_PX),
            HPos::Center,
            VPos::Center,
        );
        let mid = (column.range.0 + column.range.1) / 2.0;
        chart.draw_series(std::iter::once(Text::new(
            "no finite sample",
            (mid, peak / 2.0),
            s,
        )))?;
        return Ok(());
    }
    let quantiles = data::quantiles(&column.samples, &[0.05, 0.5, 0.95]);
    if let (true, Some(q)) = (summary, &quantiles) {
        chart.draw_series(std::iter::once(Rectangle::new(
            [(q[0], 0.0), (q[2], peak)],
            style::INK.mix(INTERVAL_ALPHA).filled(),
        )))?;
    }
    bins.draw(&mut chart, style::series_color(0))?;
    if let (true, Some(q)) = (summary, &quantiles) {
        chart.draw_series(LineSeries::new(
            [(q[1], 0.0), (q[1], peak)],
            style::INK.stroke_width(2),
        ))?;
    }
    draw_truth(&mut chart, column, peak)?;
    Ok(())
}

impl Draw for Pairs<'_> {
    const NAME: &'static str = "pairs";

    fn size(&self) -> (u32, u32) {
        (style::WIDTH, style::WIDTH)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let input = self.0;
        let columns = columns(Self::NAME, input)?;
        let n = columns.len();
        let body = Frame::new(&input.title, &input.subtitle)
            .legend(legend(input, false))
            .draw(root)?;

        // The first column and the last row are wider and taller by the room their tick
        // labels and names take, so that every panel plots at the same size.
        let axes = Axes::new("name", "name").small();
        let widest_ticks: Vec<String> = columns
            .iter()
            .flat_map(|c| Ticked::linear(c.range.0, c.range.1, 4).ticks)
            .map(scale::fmt_num)
            .collect();
        let y_area = axes.y_area(&body, &widest_ticks)? as i32;
        let x_area = axes.x_area() as i32;
        let (w, h) = body.dim_in_pixel();
        let cell_w = (w as i32 - y_area) / n as i32;
        let cell_h = (h as i32 - x_area) / n as i32;
        let x_breaks: Vec<i32> = (1..n as i32).map(|k| y_area + k * cell_w).collect();
        let y_breaks: Vec<i32> = (1..n as i32).map(|k| k * cell_h).collect();
        let cells = body.split_by_breakpoints(x_breaks, y_breaks);

        let no_fmt = |_: &f64| String::new();
        for (index, cell) in cells.iter().enumerate() {
            let (row, col) = (index / n, index % n);
            if col > row {
                continue;
            }
            let (left, bottom) = (col == 0, row + 1 == n);
            let cell = cell.margin(6, 0, 0, 6);
            let mut axes = Axes::new(
                if bottom { &columns[col].param.name } else { "" },
                if left && row > 0 {
                    &columns[row].param.name
                } else {
                    ""
                },
            )
            .small();
            if !bottom {
                axes.x_fmt = &no_fmt;
            }
            if !left || row == col {
                axes.y_fmt = &no_fmt;
            }
            let x_room = if bottom { x_area as u32 } else { 8 };
            let y_room = if left { y_area as u32 } else { 8 };
            if row == col {
                // Counts mean nothing next to parameter values: the diagonal's y axis stays
                // unlabelled (its formatter is already blank).
                diagonal_panel(&cell, &columns[col], input.bins, &axes, (x_room, y_room))?;
            } else {
                scatter_panel(&cell, &columns[col], &columns[row], &axes, (x_room, y_room))?;
            }
        }
        Ok(())
    }
}

fn draw_truth<DB: DrawingBackend>(
    chart: &mut style::Plot<'_, DB>,
    column: &Column,
    peak: f64,
) -> Result<()> {
    if let Some(t) = column.param.truth.filter(|t| t.is_finite()) {
        chart.draw_series(DashedLineSeries::new(
            [(t, 0.0), (t, peak)],
            8,
            6,
            truth_color().stroke_width(3),
        ))?;
    }
    Ok(())
}

fn diagonal_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    column: &Column,
    bins: usize,
    axes: &Axes,
    (x_room, y_room): (u32, u32),
) -> Result<()> {
    let bins = Bins::new(&column.samples, column.range, bins);
    let peak = (bins.peak() * 1.1).max(1.0);
    let mut chart = style::cartesian(
        area,
        Ticked::linear(column.range.0, column.range.1, 4),
        Ticked::with_ticks(0.0, peak, Vec::new()),
        x_room,
        y_room,
    )?;
    axes.draw(&mut chart)?;
    bins.draw(&mut chart, style::series_color(0))?;
    draw_truth(&mut chart, column, peak)?;
    Ok(())
}

fn scatter_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x: &Column,
    y: &Column,
    axes: &Axes,
    (x_room, y_room): (u32, u32),
) -> Result<()> {
    let mut chart = style::cartesian(
        area,
        Ticked::linear(x.range.0, x.range.1, 4),
        Ticked::linear(y.range.0, y.range.1, 4),
        x_room,
        y_room,
    )?;
    axes.draw(&mut chart)?;
    let pairs: Vec<(f64, f64)> = x
        .param
        .samples
        .iter()
        .zip(&y.param.samples)
        .map(|(a, b)| (*a, *b))
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .collect();
    let stride = pairs.len().div_ceil(MAX_POINTS).max(1);
    let color = style::series_color(0).mix(0.35);
    chart.draw_series(
        pairs
            .iter()
            .step_by(stride)
            .map(|&p| Circle::new(p, 2, color.filled())),
    )?;
    if let (Some(tx), Some(ty)) = (x.param.truth, y.param.truth) {
        let s = truth_color().stroke_width(2);
        chart.draw_series(DashedLineSeries::new(
            [(tx, y.range.0), (tx, y.range.1)],
            8,
            6,
            s,
        ))?;
        chart.draw_series(DashedLineSeries::new(
            [(x.range.0, ty), (x.range.1, ty)],
            8,
            6,
            s,
        ))?;
    }
    Ok(())
}
