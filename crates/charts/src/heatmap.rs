//! An outcome over a grid of two swept parameters.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::Chart;
use crate::data;
use crate::error::{Error, Result};
use crate::render::{Draw, Written};
use crate::scale::{self, Ticked};
use crate::style::{self, Axes, Frame};

/// Values of an outcome on a grid of two parameters. Cells are drawn equally sized, in the
/// order of the parameter values given, so uneven sweeps stay readable.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeatmapInput {
    /// Chart title.
    pub title: String,
    /// Provenance line, e.g. "hormuz-2026 · 10 × 8 grid × 500 runs".
    pub subtitle: String,
    /// Axis title of the first parameter, with its unit.
    pub x_label: String,
    /// Axis title of the second parameter, with its unit.
    pub y_label: String,
    /// Title of the colour scale: the outcome, with its unit.
    pub value_label: String,
    /// Values of the first parameter, left to right.
    pub x_values: Vec<f64>,
    /// Values of the second parameter, bottom to top.
    pub y_values: Vec<f64>,
    /// `values[j][i]` is the outcome at `(x_values[i], y_values[j])`; a non-finite value
    /// leaves a grey cell.
    pub values: Vec<Vec<f64>>,
    /// Half-widths of the values' intervals in the layout of `values`, printed under each
    /// value as "±0.04" where the cell has room; empty for none.
    pub half_widths: Vec<Vec<f64>>,
    /// Fixed colour scale, e.g. `Some((0.0, 1.0))` for a probability; `None` fits the data.
    pub value_range: Option<(f64, f64)>,
}

/// Writes `<stem>.png` and `<stem>.svg` of the heatmap, with its colour scale; values are
/// printed in the cells when the grid is at most 12 × 12.
pub fn heatmap(input: &HeatmapInput, stem: &Path) -> Result<Written> {
    input.write(stem)
}

impl Chart for HeatmapInput {}

const NAME: &str = "heatmap";
const MISSING: RGBColor = RGBColor(0xee, 0xee, 0xee);
const MAX_LABELLED: usize = 12;
const COLOUR_BAR_W: i32 = 34;

impl Draw for HeatmapInput {
    const NAME: &'static str = NAME;

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let (nx, ny) = (self.x_values.len(), self.y_values.len());
        if nx == 0 || ny == 0 {
            return Err(Error::empty(NAME, "no parameter values"));
        }
        if self.values.len() != ny || self.values.iter().any(|row| row.len() != nx) {
            return Err(Error::invalid(
                NAME,
                format!("values must be {ny} rows (y values) of {nx} (x values)"),
            ));
        }
        let range = match self.value_range {
            Some((lo, hi)) if lo.is_finite() && hi.is_finite() && lo < hi => (lo, hi),
            Some(_) => {
                return Err(Error::invalid(
                    NAME,
                    "value range must be finite and increasing",
                ));
            }
            None => data::finite_extent(self.values.iter().flatten().copied())
                .map(|e| data::padded(e, 0.0))
                .ok_or_else(|| Error::empty(NAME, "no finite value"))?,
        };
        let shade = |v: f64| style::viridis((v - range.0) / (range.1 - range.0));

        let body = Frame::new(&self.title, &self.subtitle).draw(root)?;
        let (w, _) = body.dim_in_pixel();
        let scale_w = 190;
        let (grid_area, scale_area) = body.split_horizontally(w - scale_w);

        let x_fmt = |v: &f64| category_label(&self.x_values, *v);
        let y_fmt = |v: &f64| category_label(&self.y_values, *v);
        let mut axes = Axes::new(&self.x_label, &self.y_label);
        axes.x_fmt = &x_fmt;
        axes.y_fmt = &y_fmt;
        axes.x_grid = false;
        axes.y_grid = false;
        let x_axis = categories(nx, 12);
        let y_axis = categories(ny, 10);
        let y_area = axes.y_area_for(&grid_area, &y_axis)?;
        let mut chart = style::cartesian(&grid_area, x_axis, y_axis, axes.x_area(), y_area)?;
        axes.draw(&mut chart)?;

        let cells = self.values.iter().enumerate().flat_map(|(j, row)| {
            row.iter()
                .enumerate()
                .map(move |(i, v)| (i as f64, j as f64, *v))
        });
        chart.draw_series(cells.clone().map(|(x, y, v)| {
            let fill = if v.is_finite() { shade(v) } else { MISSING };
            Rectangle::new([(x, y), (x + 1.0, y + 1.0)], fill.filled())
        }))?;

        if nx <= MAX_LABELLED && ny <= MAX_LABELLED {
            let (x0, y0) = chart.backend_coord(&(0.0, 0.0));
            let (x1, y1) = chart.backend_coord(&(1.0, 1.0));
            let (cell_w, cell_h) = (f64::from((x1 - x0).abs()), f64::from((y1 - y0).abs()));
            let px = (cell_h * 0.38).min(cell_w * 0.22).min(style::TICK_PX);
            if px >= 11.0 {
                let decimals = cell_decimals(&self.values);
                // The interval under the value when the cell is tall enough for two lines.
                let two_lines = !self.half_widths.is_empty() && cell_h > 3.0 * px;
                let lift = if two_lines { 0.12 } else { 0.0 };
                if two_lines {
                    let small = px * 0.8;
                    chart.draw_series(cells.clone().filter_map(|(x, y, v)| {
                        let w = self.half_widths.get(y as usize)?.get(x as usize)?;
                        (v.is_finite() && w.is_finite()).then(|| {
                            let color = if style::needs_light_text(shade(v)) {
                                WHITE
                            } else {
                                style::INK
                            };
                            let text = (style::FONT, small).into_font().color(&color).pos(
                                plotters::style::text_anchor::Pos::new(HPos::Center, VPos::Center),
                            );
                            let label = format!("±{}", scale::fmt_fixed(*w, decimals));
                            Text::new(label, (x + 0.5, y + 0.5 - lift * 1.6), text)
                        })
                    }))?;
                }
                chart.draw_series(cells.map(|(x, y, v)| {
                    let (color, label) = if v.is_finite() {
                        let c = if style::needs_light_text(shade(v)) {
                            WHITE
                        } else {
                            style::INK
                        };
                        (c, scale::fmt_fixed(v, decimals))
                    } else {
                        (style::MUTED, "n/a".to_owned())
                    };
                    let text = (style::FONT, px).into_font().color(&color).pos(
                        plotters::style::text_anchor::Pos::new(HPos::Center, VPos::Center),
                    );
                    Text::new(label, (x + 0.5, y + 0.5 + lift), text)
                }))?;
            }
        }

        let plot_top = chart.backend_coord(&(0.0, ny as f64)).1;
        let plot_bottom = chart.backend_coord(&(0.0, 0.0)).1;
        draw_colour_bar(
            root,
            &scale_area,
            &self.value_label,
            range,
            (plot_top, plot_bottom),
            &shade,
        )
    }
}

/// An axis of `n` equal cells, ticks in the middle of each (thinned beyond `max_ticks`).
fn categories(n: usize, max_ticks: usize) -> Ticked {
    let every = n.div_ceil(max_ticks).max(1);
    let ticks = (0..n).step_by(every).map(|i| i as f64 + 0.5).collect();
    Ticked::with_ticks(0.0, n as f64, ticks)
}

/// Decimals for cell labels: two significant digits of the largest value, the same for
/// every cell, so that neighbouring cells compare digit by digit (0.80 beside 0.81).
fn cell_decimals(values: &[Vec<f64>]) -> usize {
    let largest = values
        .iter()
        .flatten()
        .filter(|v| v.is_finite())
        .fold(0.0_f64, |m, v| m.max(v.abs()));
    if largest < 1e-12 {
        return 0;
    }
    (1 - largest.log10().floor() as i32).clamp(0, 6) as usize
}

fn category_label(values: &[f64], at: f64) -> String {
    values
        .get(at.floor().max(0.0) as usize)
        .map(|v| scale::fmt_num(*v))
        .unwrap_or_default()
}

/// A vertical colour scale beside the grid, as tall as the plot, ticked like an axis.
fn draw_colour_bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    title: &str,
    (lo, hi): (f64, f64),
    (top, bottom): (i32, i32),
    shade: &dyn Fn(f64) -> RGBColor,
) -> Result<()> {
    let left = area.get_base_pixel().0 + 10;
    let height = (bottom - top).max(1);
    for row in 0..height {
        let v = hi - (hi - lo) * f64::from(row) / f64::from(height);
        root.draw(&Rectangle::new(
            [(left, top + row), (left + COLOUR_BAR_W, top + row + 1)],
            shade(v).filled(),
        ))?;
    }
    root.draw(&Rectangle::new(
        [(left, top), (left + COLOUR_BAR_W, bottom)],
        style::AXIS.stroke_width(1),
    ))?;
    let tick_style = style::anchored(style::muted(style::TICK_PX), HPos::Left, VPos::Center);
    for t in scale::nice_ticks(lo, hi, 6, 0.0) {
        let y = bottom - ((t - lo) / (hi - lo) * f64::from(height)).round() as i32;
        root.draw(&PathElement::new(
            vec![(left + COLOUR_BAR_W, y), (left + COLOUR_BAR_W + 6, y)],
            style::AXIS.stroke_width(1),
        ))?;
        root.draw_text(
            &scale::fmt_num(t),
            &tick_style,
            (left + COLOUR_BAR_W + 10, y),
        )?;
    }
    let title_style = style::anchored(
        style::text(style::LABEL_PX).transform(FontTransform::Rotate270),
        HPos::Center,
        VPos::Bottom,
    );
    let right = area.get_base_pixel().0 + area.dim_in_pixel().0 as i32;
    root.draw_text(title, &title_style, (right - 4, (top + bottom) / 2))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::cell_decimals;

    #[test]
    fn cells_share_two_significant_digits_of_the_largest_value() {
        assert_eq!(cell_decimals(&[vec![0.8, 0.81], vec![0.885, f64::NAN]]), 2);
        assert_eq!(cell_decimals(&[vec![12.0, 3.5]]), 0);
        assert_eq!(cell_decimals(&[vec![0.004, -0.02]]), 3);
        assert_eq!(cell_decimals(&[vec![0.0]]), 0);
    }
}
