//! Scenario discovery and robust search: PRIM's peeling trajectory, a box drawn over the
//! parameters' ranges, feature scores, and a Pareto front.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::Chart;
use crate::data;
use crate::error::{Error, Result};
use crate::render::{Draw, Written};
use crate::scale::{Ticked, fmt_sig};
use crate::style::{self, Axes, Frame, LegendItem, Swatch};

/// PRIM's peeling trajectory: each box's coverage against its density.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeelingInput {
    /// Chart title.
    pub title: String,
    /// Provenance line.
    pub subtitle: String,
    /// Method note under the chart.
    pub note: String,
    /// The boxes from the whole range to the last peel.
    pub steps: Vec<PeelStep>,
    /// Index of the chosen box.
    pub chosen: usize,
    /// The density a chosen box must reach, drawn as a line.
    pub threshold: Option<f64>,
}

/// One box of a peeling trajectory.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PeelStep {
    /// Share of the cases of interest inside.
    pub coverage: f64,
    /// Share of the points inside that are cases of interest.
    pub density: f64,
    /// Dimensions restricted.
    pub restricted: usize,
}

/// Writes `<stem>.png` and `<stem>.svg`: the trajectory, the number of restricted
/// dimensions written where it changes, the chosen box ringed.
pub fn peeling(input: &PeelingInput, stem: &Path) -> Result<Written> {
    input.write(stem)
}

impl Chart for PeelingInput {}

impl Draw for PeelingInput {
    const NAME: &'static str = "peeling trajectory";

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let steps: Vec<&PeelStep> = self
            .steps
            .iter()
            .filter(|s| s.coverage.is_finite() && s.density.is_finite())
            .collect();
        if steps.is_empty() {
            return Err(Error::empty(Self::NAME, "no box"));
        }
        let color = style::series_color(0);
        let mut legend = vec![
            LegendItem::new(
                "box after each peel (number: dimensions restricted)",
                Swatch::Dot(color),
            ),
            LegendItem::new("chosen box", Swatch::Dot(style::series_color(1))),
        ];
        if self.threshold.is_some() {
            legend.push(LegendItem::new(
                "density threshold",
                Swatch::Dashed(style::REFERENCE),
            ));
        }
        let body = Frame::new(&self.title, &self.subtitle)
            .legend(legend)
            .note(&self.note)
            .draw(root)?;
        let axes = Axes::new(
            "coverage (share of all cases of interest inside the box)",
            "density (share of the box's points that are cases)",
        );
        let y_axis = Ticked::linear(0.0, 1.02, 6);
        let mut chart = axes.plot(&body, Ticked::linear(0.0, 1.02, 10), y_axis)?;
        if let Some(t) = self.threshold.filter(|t| t.is_finite()) {
            chart.draw_series(DashedLineSeries::new(
                [(0.0, t), (1.02, t)],
                10,
                8,
                style::REFERENCE.stroke_width(2),
            ))?;
        }
        chart.draw_series(LineSeries::new(
            steps.iter().map(|s| (s.coverage, s.density)),
            color.stroke_width(2),
        ))?;
        chart.draw_series(
            steps
                .iter()
                .map(|s| Circle::new((s.coverage, s.density), 6, color.filled())),
        )?;
        let label = style::anchored(style::text(22.0), HPos::Left, VPos::Bottom);
        let mut last = usize::MAX;
        for s in &steps {
            if s.restricted != last {
                last = s.restricted;
                chart.draw_series(std::iter::once(
                    EmptyElement::at((s.coverage, s.density))
                        + Text::new(s.restricted.to_string(), (8, -8), label.clone()),
                ))?;
            }
        }
        if let Some(c) = self.steps.get(self.chosen) {
            let ring = style::series_color(1);
            chart.draw_series([
                Circle::new((c.coverage, c.density), 14, ring.stroke_width(4)),
                Circle::new((c.coverage, c.density), 7, ring.filled()),
            ])?;
        }
        Ok(())
    }
}

/// A box drawn over the parameters' ranges.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoxInput {
    /// Chart title.
    pub title: String,
    /// Provenance line.
    pub subtitle: String,
    /// Method note under the chart.
    pub note: String,
    /// One row per parameter, drawn in this order from the top.
    pub params: Vec<BoxParam>,
}

/// One parameter of a box.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoxParam {
    /// Parameter name.
    pub name: String,
    /// Its whole range.
    pub range: (f64, f64),
    /// The box's limits.
    pub limits: (f64, f64),
    /// Interval of the lower limit, if resampled.
    pub lo_interval: Option<(f64, f64)>,
    /// Interval of the upper limit, if resampled.
    pub hi_interval: Option<(f64, f64)>,
    /// Text after the row, e.g. "p = 0.001".
    pub remark: String,
}

/// Writes `<stem>.png` and `<stem>.svg`: per parameter its whole range as a light bar,
/// the box's limits as a dark bar with their resampled intervals, the limits written at
/// the ends, all on the scale of each parameter's own range.
pub fn box_limits(input: &BoxInput, stem: &Path) -> Result<Written> {
    input.write(stem)
}

impl Chart for BoxInput {}

impl Draw for BoxInput {
    const NAME: &'static str = "box";

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let rows: Vec<&BoxParam> = self
            .params
            .iter()
            .filter(|p| p.range.0.is_finite() && p.range.1 > p.range.0)
            .collect();
        if rows.is_empty() {
            return Err(Error::empty(Self::NAME, "no parameter with a range"));
        }
        let inside = style::series_color(0);
        let legend = vec![
            LegendItem::new("the parameter's whole range", Swatch::Block(style::GRID)),
            LegendItem::new("the box", Swatch::Block(inside)),
            LegendItem::new(
                "95% interval of a limit over resamples",
                Swatch::Interval(style::INK),
            ),
        ];
        let body = Frame::new(&self.title, &self.subtitle)
            .legend(legend)
            .note(&self.note)
            .draw(root)?;
        let n = rows.len();
        let names = |v: &f64| {
            let i = n as f64 - 1.0 - v.round();
            rows.get(i as usize)
                .map(|p| p.name.clone())
                .unwrap_or_default()
        };
        let mut axes = Axes::new(
            "position within the parameter's range (0: its low end, 1: its high end)",
            "",
        );
        axes.y_fmt = &names;
        axes.y_grid = false;
        let y_axis = Ticked::with_ticks(-0.6, n as f64 - 0.4, (0..n).map(|i| i as f64).collect());
        let mut chart = axes.plot(&body, Ticked::linear(-0.02, 1.3, 10), y_axis)?;
        let small = style::text(22.0);
        for (i, p) in rows.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            let (lo, hi) = p.range;
            let at = |v: f64| ((v - lo) / (hi - lo)).clamp(0.0, 1.0);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, y - 0.08), (1.0, y + 0.08)],
                style::GRID.filled(),
            )))?;
            let (a, b) = (at(p.limits.0), at(p.limits.1));
            chart.draw_series(std::iter::once(Rectangle::new(
                [(a, y - 0.22), (b.max(a + 0.004), y + 0.22)],
                inside.mix(0.85).filled(),
            )))?;
            for interval in [p.lo_interval, p.hi_interval].into_iter().flatten() {
                style::whisker(&mut chart, at(interval.0), at(interval.1), y + 0.3)?;
            }
            let text = format!(
                "{} to {}{}{}",
                fmt_sig(p.limits.0, 3),
                fmt_sig(p.limits.1, 3),
                if p.remark.is_empty() { "" } else { "  " },
                p.remark
            );
            chart.draw_series(std::iter::once(
                EmptyElement::at((1.02, y))
                    + Text::new(
                        text,
                        (0, 0),
                        style::anchored(small.clone(), HPos::Left, VPos::Center),
                    ),
            ))?;
        }
        Ok(())
    }
}

/// Scores of named items as horizontal bars, largest on top.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoresInput {
    /// Chart title.
    pub title: String,
    /// Provenance line.
    pub subtitle: String,
    /// Method note under the chart.
    pub note: String,
    /// What the score is, for the x axis.
    pub x_label: String,
    /// Named scores, in any order.
    pub scores: Vec<(String, f64)>,
}

/// Writes `<stem>.png` and `<stem>.svg`.
pub fn scores(input: &ScoresInput, stem: &Path) -> Result<Written> {
    input.write(stem)
}

impl Chart for ScoresInput {}

impl Draw for ScoresInput {
    const NAME: &'static str = "scores";

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let mut rows: Vec<&(String, f64)> =
            self.scores.iter().filter(|s| s.1.is_finite()).collect();
        if rows.is_empty() {
            return Err(Error::empty(Self::NAME, "no finite score"));
        }
        rows.sort_by(|a, b| b.1.total_cmp(&a.1));
        let hi = rows.iter().map(|r| r.1).fold(0.0, f64::max);
        let (_, x_hi) = data::padded((0.0, hi.max(1e-9)), 0.08);
        let body = Frame::new(&self.title, &self.subtitle)
            .note(&self.note)
            .draw(root)?;
        let n = rows.len();
        let names = |v: &f64| {
            let i = n as f64 - 1.0 - v.round();
            rows.get(i as usize)
                .map(|r| r.0.clone())
                .unwrap_or_default()
        };
        let mut axes = Axes::new(&self.x_label, "");
        axes.y_fmt = &names;
        axes.y_grid = false;
        let y_axis = Ticked::with_ticks(-0.5, n as f64 - 0.5, (0..n).map(|i| i as f64).collect());
        let mut chart = axes.plot(&body, Ticked::linear(0.0, x_hi, 10), y_axis)?;
        let color = style::series_color(0);
        for (i, (_, v)) in rows.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, y - 0.3), (*v, y + 0.3)],
                color.filled(),
            )))?;
        }
        Ok(())
    }
}

/// Candidates of a two-objective search and the front among them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontInput {
    /// Chart title.
    pub title: String,
    /// Provenance line.
    pub subtitle: String,
    /// Method note under the chart.
    pub note: String,
    /// The first objective, with its direction.
    pub x_label: String,
    /// The second objective.
    pub y_label: String,
    /// Every candidate evaluated.
    pub candidates: Vec<(f64, f64)>,
    /// The front, labelled (e.g. "P3").
    pub front: Vec<(String, f64, f64)>,
}

/// Writes `<stem>.png` and `<stem>.svg`: every candidate in grey, the front coloured,
/// joined in order of the first objective, a dozen of its points labelled.
pub fn front(input: &FrontInput, stem: &Path) -> Result<Written> {
    input.write(stem)
}

impl Chart for FrontInput {}

impl Draw for FrontInput {
    const NAME: &'static str = "Pareto front";

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let finite = |x: f64, y: f64| x.is_finite() && y.is_finite();
        let all: Vec<(f64, f64)> = self
            .candidates
            .iter()
            .copied()
            .chain(self.front.iter().map(|f| (f.1, f.2)))
            .filter(|&(x, y)| finite(x, y))
            .collect();
        let (Some(xs), Some(ys)) = (
            data::finite_extent(all.iter().map(|p| p.0)),
            data::finite_extent(all.iter().map(|p| p.1)),
        ) else {
            return Err(Error::empty(Self::NAME, "no finite candidate"));
        };
        let (x_lo, x_hi) = data::padded(xs, 0.08);
        let (y_lo, y_hi) = data::padded(ys, 0.08);
        let color = style::series_color(1);
        let legend = vec![
            LegendItem::new("candidate policy", Swatch::Dot(style::AXIS)),
            LegendItem::new("policy on the front", Swatch::Dot(color)),
        ];
        let body = Frame::new(&self.title, &self.subtitle)
            .legend(legend)
            .note(&self.note)
            .draw(root)?;
        let axes = Axes::new(&self.x_label, &self.y_label);
        let y_axis = Ticked::linear(y_lo, y_hi, 8);
        let mut chart = axes.plot(&body, Ticked::linear(x_lo, x_hi, 10), y_axis)?;
        chart.draw_series(
            self.candidates
                .iter()
                .filter(|p| finite(p.0, p.1))
                .map(|&p| Circle::new(p, 5, style::AXIS.mix(0.6).filled())),
        )?;
        let mut front: Vec<&(String, f64, f64)> =
            self.front.iter().filter(|f| finite(f.1, f.2)).collect();
        front.sort_by(|a, b| a.1.total_cmp(&b.1));
        chart.draw_series(LineSeries::new(
            front.iter().map(|f| (f.1, f.2)),
            color.stroke_width(2),
        ))?;
        chart.draw_series(
            front
                .iter()
                .map(|f| Circle::new((f.1, f.2), 8, color.filled())),
        )?;
        // A dozen labels spread along a long front, so that they stay legible.
        let label = style::anchored(style::text(22.0), HPos::Right, VPos::Bottom);
        let step = front.len().div_ceil(12).max(1);
        for (i, f) in front.iter().enumerate() {
            if i % step == 0 || i + 1 == front.len() {
                chart.draw_series(std::iter::once(
                    EmptyElement::at((f.1, f.2)) + Text::new(f.0.clone(), (-10, -8), label.clone()),
                ))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_chart_renders_and_refuses_empty_input() {
        let peel = PeelingInput {
            title: "Where the truce collapses".into(),
            steps: vec![
                PeelStep {
                    coverage: 1.0,
                    density: 0.4,
                    restricted: 0,
                },
                PeelStep {
                    coverage: 0.9,
                    density: 0.7,
                    restricted: 1,
                },
                PeelStep {
                    coverage: 0.7,
                    density: 0.9,
                    restricted: 2,
                },
            ],
            chosen: 2,
            threshold: Some(0.8),
            ..PeelingInput::default()
        };
        assert!(peel.to_svg().unwrap().contains("Where the truce"));
        assert!(PeelingInput::default().to_svg().is_err());
        let boxed = BoxInput {
            params: vec![BoxParam {
                name: "autonomy".into(),
                range: (0.0, 1.0),
                limits: (0.3, 1.0),
                lo_interval: Some((0.25, 0.35)),
                remark: "p = 0.001".into(),
                ..BoxParam::default()
            }],
            ..BoxInput::default()
        };
        assert!(boxed.to_svg().unwrap().contains("autonomy"));
        assert!(BoxInput::default().to_svg().is_err());
        let s = ScoresInput {
            scores: vec![("linkage".into(), 0.6), ("autonomy".into(), 0.4)],
            ..ScoresInput::default()
        };
        assert!(s.to_svg().unwrap().contains("linkage"));
        let f = FrontInput {
            candidates: vec![(0.5, 2.0), (0.4, 3.0)],
            front: vec![("P1".into(), 0.3, 1.0), ("P2".into(), 0.1, 2.5)],
            ..FrontInput::default()
        };
        assert!(f.to_svg().unwrap().contains("P2"));
        assert!(FrontInput::default().to_svg().is_err());
    }
}
