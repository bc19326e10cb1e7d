//! Morris elementary-effects screening: μ* against σ, one labelled point per parameter.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::Chart;
use crate::data;
use crate::error::{Error, Result};
use crate::render::{Draw, Written};
use crate::scale::Ticked;
use crate::style::{self, Axes, Frame, LegendItem, Swatch};

/// Morris screening results: mean absolute elementary effect μ* and the standard deviation
/// σ of the elementary effects of each parameter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MorrisInput {
    /// Chart title, e.g. "Screening of 12 parameters".
    pub title: String,
    /// Provenance line, e.g. "hormuz-2026 · Morris, 40 trajectories × 20 runs".
    pub subtitle: String,
    /// Unit of the outcome, appended to both axis titles, e.g. "share of runs collapsing".
    pub unit: String,
    /// One point per parameter.
    pub params: Vec<MorrisPoint>,
}

/// Morris statistics of one parameter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MorrisPoint {
    /// Parameter name, printed beside its point.
    pub name: String,
    /// Mean of the absolute elementary effects.
    pub mu_star: f64,
    /// Standard deviation of the elementary effects.
    pub sigma: f64,
}

/// Writes `<stem>.png` and `<stem>.svg` of the μ*–σ plane, with the line σ = μ* above
/// which effects are mostly non-linear or interacting.
pub fn morris(input: &MorrisInput, stem: &Path) -> Result<Written> {
    input.write(stem)
}

impl Chart for MorrisInput {}

const NAME: &str = "Morris";
const LABEL_PX: f64 = 22.0;
const RADIUS: i32 = 7;

type Box2 = (i32, i32, i32, i32);

impl Draw for MorrisInput {
    const NAME: &'static str = NAME;

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let mut points: Vec<&MorrisPoint> = self
            .params
            .iter()
            .filter(|p| p.mu_star.is_finite() && p.sigma.is_finite())
            .collect();
        if points.is_empty() {
            return Err(Error::empty(NAME, "no parameter with finite μ* and σ"));
        }
        // The most influential parameters choose their label position first.
        points.sort_by(|a, b| b.mu_star.total_cmp(&a.mu_star));
        let x_max = points.iter().map(|p| p.mu_star).fold(0.0, f64::max);
        let y_max = points.iter().map(|p| p.sigma).fold(0.0, f64::max);
        let x_min = points.iter().map(|p| p.mu_star).fold(0.0, f64::min);
        let y_min = points.iter().map(|p| p.sigma).fold(0.0, f64::min);
        let (_, x_hi) = data::padded((x_min, x_max), 0.12);
        let (_, y_hi) = data::padded((y_min, y_max), 0.1);
        let (x_lo, y_lo) = (x_min.min(0.0), y_min.min(0.0));

        let color = style::series_color(0);
        let legend = vec![
            LegendItem::new("parameter", Swatch::Dot(color)),
            LegendItem::new(
                "σ = μ*: above it, effects are mostly non-linear or interacting",
                Swatch::Dashed(style::AXIS),
            ),
        ];
        let body = Frame::new(&self.title, &self.subtitle)
            .legend(legend)
            .draw(root)?;

        let with_unit = |s: &str| {
            if self.unit.is_empty() {
                s.to_owned()
            } else {
                format!("{s} ({})", self.unit)
            }
        };
        let x_desc = with_unit("μ*, mean absolute elementary effect");
        let y_desc = with_unit("σ of elementary effects");
        let axes = Axes::new(&x_desc, &y_desc);
        let y_axis = Ticked::linear(y_lo, y_hi, 8);
        let y_area = axes.y_area_for(&body, &y_axis)?;
        let mut chart = style::cartesian(
            &body,
            Ticked::linear(x_lo, x_hi, 10),
            y_axis,
            axes.x_area(),
            y_area,
        )?;
        axes.draw(&mut chart)?;

        let diagonal = x_hi.min(y_hi);
        chart.draw_series(DashedLineSeries::new(
            [(0.0, 0.0), (diagonal, diagonal)],
            10,
            8,
            style::AXIS.stroke_width(2),
        ))?;
        chart.draw_series(
            points
                .iter()
                .map(|p| Circle::new((p.mu_star, p.sigma), RADIUS as u32, color.filled())),
        )?;

        let (x_px, y_px) = chart.plotting_area().get_pixel_range();
        let bounds = (x_px.start, y_px.start, x_px.end, y_px.end);
        let centres: Vec<(i32, i32)> = points
            .iter()
            .map(|p| chart.backend_coord(&(p.mu_star, p.sigma)))
            .collect();
        let mut taken: Vec<Box2> = centres
            .iter()
            .map(|&(x, y)| (x - RADIUS, y - RADIUS, x + RADIUS, y + RADIUS))
            .collect();
        for (p, &centre) in points.iter().zip(&centres) {
            let width = style::text_width(root, &p.name, &style::text(LABEL_PX))?;
            let (h, v, at, rect) = place_label(centre, width, &taken, bounds);
            taken.push(rect);
            let s = style::anchored(style::text(LABEL_PX), h, v);
            root.draw_text(&p.name, &s, at)?;
        }
        Ok(())
    }
}

/// Picks, among eight spots around the point, the first where the label overlaps no point,
/// no other label and stays inside the plot; failing that, the least crowded one.
fn place_label(
    (x, y): (i32, i32),
    width: i32,
    taken: &[Box2],
    bounds: Box2,
) -> (HPos, VPos, (i32, i32), Box2) {
    let height = LABEL_PX as i32;
    let gap = RADIUS + 5;
    let candidates = [
        (HPos::Left, VPos::Center, (x + gap, y)),
        (HPos::Right, VPos::Center, (x - gap, y)),
        (HPos::Center, VPos::Bottom, (x, y - gap)),
        (HPos::Center, VPos::Top, (x, y + gap)),
        (HPos::Left, VPos::Bottom, (x + gap - 4, y - gap + 4)),
        (HPos::Left, VPos::Top, (x + gap - 4, y + gap - 4)),
        (HPos::Right, VPos::Bottom, (x - gap + 4, y - gap + 4)),
        (HPos::Right, VPos::Top, (x - gap + 4, y + gap - 4)),
    ];
    let rect = |h: HPos, v: VPos, (ax, ay): (i32, i32)| -> Box2 {
        let left = match h {
            HPos::Left => ax,
            HPos::Center => ax - width / 2,
            HPos::Right => ax - width,
        };
        let top = match v {
            VPos::Top => ay,
            VPos::Center => ay - height / 2,
            VPos::Bottom => ay - height,
        };
        (left, top, left + width, top + height)
    };
    let overlap = |a: Box2, b: Box2| {
        let w = (a.2.min(b.2) - a.0.max(b.0)).max(0);
        let h = (a.3.min(b.3) - a.1.max(b.1)).max(0);
        w * h
    };
    let outside = |r: Box2| {
        let inside = overlap(r, bounds);
        (r.2 - r.0) * (r.3 - r.1) - inside
    };
    let cost = |r: Box2| taken.iter().map(|t| overlap(r, *t)).sum::<i32>() + 4 * outside(r);
    // `min_by_key` keeps the first of equals, so free spots go in the order of preference.
    let (h, v, at) = candidates
        .into_iter()
        .min_by_key(|&(h, v, at)| cost(rect(h, v, at)))
        .unwrap_or(candidates[0]);
    (h, v, at, rect(h, v, at))
}
