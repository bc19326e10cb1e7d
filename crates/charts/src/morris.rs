//! Morris elementary-effects screening: μ* against σ, one labelled point per parameter,
//! with the interval of μ* as a horizontal whisker.

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
    /// Lower end of the interval of μ* (e.g. bootstrap 95%); NaN when there is none.
    pub mu_star_lo: f64,
    /// Upper end of the interval of μ*; NaN when there is none.
    pub mu_star_hi: f64,
}

impl MorrisPoint {
    /// The interval of μ*, when both ends are finite.
    fn interval(&self) -> Option<(f64, f64)> {
        (self.mu_star_lo.is_finite() && self.mu_star_hi.is_finite())
            .then_some((self.mu_star_lo, self.mu_star_hi))
    }
}

/// Writes `<stem>.png` and `<stem>.svg` of the μ*–σ plane, with the line σ = μ* above
/// which effects are mostly non-linear or interacting. Points that fall on the same spot
/// (inert parameters all sit at the origin) share one label listing their names.
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
        let x_max = points
            .iter()
            .map(|p| p.interval().map_or(p.mu_star, |(_, hi)| hi.max(p.mu_star)))
            .fold(0.0, f64::max);
        let y_max = points.iter().map(|p| p.sigma).fold(0.0, f64::max);
        let x_min = points
            .iter()
            .map(|p| p.interval().map_or(p.mu_star, |(lo, _)| lo.min(p.mu_star)))
            .fold(0.0, f64::min);
        let y_min = points.iter().map(|p| p.sigma).fold(0.0, f64::min);
        let (_, x_hi) = data::padded((x_min, x_max), 0.12);
        let (_, y_hi) = data::padded((y_min, y_max), 0.1);
        let (x_lo, y_lo) = (x_min.min(0.0), y_min.min(0.0));

        let color = style::series_color(0);
        let mut legend = vec![LegendItem::new("parameter", Swatch::Dot(color))];
        if points.iter().any(|p| p.interval().is_some()) {
            legend.push(LegendItem::new(
                "interval of μ*",
                Swatch::Interval(style::INK),
            ));
        }
        legend.extend([LegendItem::new(
            "σ = μ*: above it, effects are mostly non-linear or interacting",
            Swatch::Dashed(style::AXIS),
        )]);
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
        let mut chart = axes.plot(&body, Ticked::linear(x_lo, x_hi, 10), y_axis)?;

        let diagonal = x_hi.min(y_hi);
        chart.draw_series(DashedLineSeries::new(
            [(0.0, 0.0), (diagonal, diagonal)],
            10,
            8,
            style::AXIS.stroke_width(2),
        ))?;
        for (lo, hi, y) in points
            .iter()
            .filter_map(|p| p.interval().map(|(lo, hi)| (lo, hi, p.sigma)))
        {
            style::whisker(&mut chart, lo, hi, y)?;
        }
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
        // Labels keep off the whiskers too, or the names would be struck through.
        for p in &points {
            if let Some((lo, hi)) = p.interval() {
                let (left, y) = chart.backend_coord(&(lo, p.sigma));
                let (right, _) = chart.backend_coord(&(hi, p.sigma));
                taken.push((left, y - 6, right, y + 6));
            }
        }
        let line = style::text(LABEL_PX);
        for group in coincident(&centres) {
            let names: Vec<&str> = group.iter().map(|&i| points[i].name.as_str()).collect();
            let mut width = 0;
            for name in &names {
                width = width.max(style::text_width(root, name, &line)?);
            }
            let (h, _, _, rect) =
                place_label(centres[group[0]], width, names.len(), &taken, bounds);
            taken.push(rect);
            let x = match h {
                HPos::Left => rect.0,
                HPos::Center => (rect.0 + rect.2) / 2,
                HPos::Right => rect.2,
            };
            let s = style::anchored(line.clone(), h, VPos::Top);
            for (k, name) in names.iter().enumerate() {
                root.draw_text(name, &s, (x, rect.1 + k as i32 * LABEL_PX as i32))?;
            }
        }
        Ok(())
    }
}

/// The points, grouped by where they are drawn: points closer than a marker's radius
/// would hide each other's labels, so each group gets one label with a line per name.
/// Groups keep the order of their first point; members keep theirs.
fn coincident(centres: &[(i32, i32)]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, &(x, y)) in centres.iter().enumerate() {
        let near = groups.iter_mut().find(|g| {
            let (gx, gy) = centres[g[0]];
            (gx - x).abs() < RADIUS && (gy - y).abs() < RADIUS
        });
        match near {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    groups
}

/// Picks, among eight spots around the point, the first where a label of `lines` lines
/// overlaps no point, no other label and stays inside the plot; failing that, the least
/// crowded one.
fn place_label(
    (x, y): (i32, i32),
    width: i32,
    lines: usize,
    taken: &[Box2],
    bounds: Box2,
) -> (HPos, VPos, (i32, i32), Box2) {
    let height = LABEL_PX as i32 * lines.max(1) as i32;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_on_one_spot_share_a_label() {
        let groups = coincident(&[(10, 10), (200, 50), (12, 9), (10, 10), (100, 100)]);
        assert_eq!(groups, vec![vec![0, 2, 3], vec![1], vec![4]]);
    }

    #[test]
    fn a_label_of_several_lines_is_as_tall_as_its_lines() {
        let (_, _, _, rect) = place_label((500, 500), 100, 3, &[], (0, 0, 1000, 1000));
        assert_eq!(rect.3 - rect.1, 3 * LABEL_PX as i32);
    }
}
