//! Kaplan–Meier survival curve of the ceasefire.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::Chart;
use crate::error::{Error, Result};
use crate::render::{Draw, Written};
use crate::scale::{self, Ticked};
use crate::style::{self, Axes, Frame, LegendItem, Swatch};

/// A Kaplan–Meier estimate of the share of histories whose ceasefire still stands, as the
/// stats crate computes it: one entry per distinct event time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SurvivalInput {
    /// Chart title, e.g. "How long the ceasefire holds".
    pub title: String,
    /// Provenance line, e.g. "hormuz-2026 · seed 7 · 10,000 runs".
    pub subtitle: String,
    /// Axis title of the time axis, with its unit, e.g. "days since the ceasefire".
    pub x_label: String,
    /// Event times (days), ascending; the curve is 1 before the first.
    pub times: Vec<f64>,
    /// Estimated survival just after each time, in 0..=1.
    pub survival: Vec<f64>,
    /// Lower bound of the 95% confidence band at each time.
    pub lower: Vec<f64>,
    /// Upper bound of the 95% confidence band at each time.
    pub upper: Vec<f64>,
    /// Number of histories still at risk at a few days, printed under the axis.
    pub at_risk: Vec<AtRisk>,
    /// Day at which the histories still standing are censored (end of the simulation).
    pub horizon: f64,
    /// Number of histories censored at the horizon.
    pub censored: u64,
}

/// Number of histories at risk on a given day.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AtRisk {
    /// Day.
    pub day: f64,
    /// Histories whose ceasefire still stands, and not yet censored, on that day.
    pub count: u64,
}

/// Writes `<stem>.png` and `<stem>.svg` of a survival curve with its 95% band, the
/// censoring horizon and a row of numbers at risk under the time axis.
pub fn survival(input: &SurvivalInput, stem: &Path) -> Result<Written> {
    input.write(stem)
}

impl Chart for SurvivalInput {}

const NAME: &str = "survival";
const AT_RISK_ROW: i32 = 40;

impl Draw for SurvivalInput {
    const NAME: &'static str = NAME;

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let n = self.times.len();
        if [self.survival.len(), self.lower.len(), self.upper.len()] != [n; 3] {
            return Err(Error::invalid(
                NAME,
                "times, survival, lower and upper must have the same length",
            ));
        }
        let mut steps: Vec<(f64, f64, f64, f64)> = (0..n)
            .map(|i| {
                (
                    self.times[i],
                    self.survival[i],
                    self.lower[i],
                    self.upper[i],
                )
            })
            .filter(|s| s.0.is_finite() && s.1.is_finite())
            .collect();
        steps.sort_by(|a, b| a.0.total_cmp(&b.0));
        let last_time = steps.last().map_or(0.0, |s| s.0);
        let end = if self.horizon.is_finite() {
            self.horizon.max(last_time)
        } else {
            last_time
        };
        if end <= 0.0 {
            return Err(Error::empty(
                NAME,
                "no finite event time and no positive horizon",
            ));
        }

        let color = style::series_color(0);
        let mut legend = vec![
            LegendItem::new("Kaplan–Meier estimate", Swatch::Line(color)),
            LegendItem::new("95% confidence band", Swatch::Band(color, 0.2)),
        ];
        let horizon_shown = self.horizon.is_finite() && self.horizon > 0.0;
        if horizon_shown {
            legend.push(LegendItem::new(
                format!(
                    "horizon, day {}: {} histories censored",
                    scale::fmt_num(self.horizon),
                    scale::group_thousands(self.censored)
                ),
                Swatch::Dashed(style::MARKER),
            ));
        }
        let body = Frame::new(&self.title, &self.subtitle)
            .legend(legend)
            .draw(root)?;
        let has_at_risk = !self.at_risk.is_empty();
        let plot_area = if has_at_risk {
            body.margin(0, AT_RISK_ROW, 0, 0)
        } else {
            body.clone()
        };

        let x_axis = Ticked::integers(0.0, end * 1.02, 10);
        let y_axis = Ticked::with_ticks(0.0, 1.02, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        let percent = |v: &f64| scale::fmt_percent(*v);
        let mut axes = Axes::new(
            &self.x_label,
            "share of histories with the ceasefire standing",
        );
        axes.y_fmt = &percent;
        let y_area = axes.y_area_for(&plot_area, &y_axis)?;
        let mut chart = style::cartesian(&plot_area, x_axis, y_axis, axes.x_area(), y_area)?;
        axes.draw(&mut chart)?;

        // Each value holds from its event time to the next one, and the last to the end.
        let step = |pick: fn(&(f64, f64, f64, f64)) -> f64| {
            let mut points = vec![(0.0, 1.0)];
            let mut current = 1.0;
            for s in &steps {
                let v = pick(s);
                if v.is_finite() {
                    points.push((s.0, current));
                    points.push((s.0, v));
                    current = v;
                }
            }
            points.push((end, current));
            points
        };
        let upper = step(|s| s.3);
        let lower = step(|s| s.2);
        let band: Vec<(f64, f64)> = upper.into_iter().chain(lower.into_iter().rev()).collect();
        chart.draw_series(std::iter::once(Polygon::new(band, color.mix(0.2).filled())))?;
        chart.draw_series(LineSeries::new(step(|s| s.1), color.stroke_width(3)))?;
        if horizon_shown {
            chart.draw_series(DashedLineSeries::new(
                [(self.horizon, 0.0), (self.horizon, 1.02)],
                10,
                7,
                style::MARKER.stroke_width(2),
            ))?;
        }

        if has_at_risk {
            let y = chart.backend_coord(&(0.0, 0.0)).1 + axes.x_area() as i32 + AT_RISK_ROW / 2;
            let axis_left = chart.backend_coord(&(0.0, 0.0)).0;
            let count = style::anchored(style::muted(style::TICK_PX), HPos::Center, VPos::Center);
            let mut first_left = axis_left;
            let mut last_right = i32::MIN;
            for a in self.at_risk.iter().filter(|a| a.day.is_finite()) {
                let label = scale::group_thousands(a.count);
                let x = chart.backend_coord(&(a.day, 0.0)).0;
                let half = style::text_width(root, &label, &count)? / 2;
                // Numbers for days close together would print over each other: the first
                // one stands.
                if x - half < last_right + 12 {
                    continue;
                }
                first_left = first_left.min(x - half);
                last_right = x + half;
                root.draw_text(&label, &count, (x, y))?;
            }
            let title = style::anchored(style::text(style::TICK_PX), HPos::Right, VPos::Center);
            root.draw_text("at risk", &title, (first_left.min(axis_left) - 14, y))?;
        }
        Ok(())
    }
}
