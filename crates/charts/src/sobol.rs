//! Sobol sensitivity indices per parameter, as horizontal bars.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::Chart;
use crate::data;
use crate::error::{Error, Result};
use crate::render::{Draw, Written};
use crate::scale::Ticked;
use crate::style::{self, Axes, Frame, LegendItem, Swatch};

/// First-order and total Sobol indices of each parameter, with their 95% intervals.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SobolInput {
    /// Chart title, e.g. "What drives the collapse of the ceasefire".
    pub title: String,
    /// Provenance line, e.g. "hormuz-2026 · Saltelli, N = 1,024 · 8 parameters".
    pub subtitle: String,
    /// Method note printed under the chart, e.g. "outcome averaged over 20 runs per point".
    pub note: String,
    /// One entry per parameter, in any order: the chart sorts by total index.
    pub params: Vec<SobolIndex>,
}

/// Sobol indices of one parameter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SobolIndex {
    /// Parameter name as the reader knows it.
    pub name: String,
    /// First-order index S1.
    pub first_order: Estimate,
    /// Total index ST.
    pub total: Estimate,
}

/// An estimate with its 95% interval.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Estimate {
    /// Point estimate.
    pub value: f64,
    /// Lower end of the 95% interval.
    pub lower: f64,
    /// Upper end of the 95% interval.
    pub upper: f64,
}

/// Writes `<stem>.png` and `<stem>.svg`: S1 and ST bars per parameter with error bars,
/// the most influential parameter (largest ST) on top.
pub fn sobol_bars(input: &SobolInput, stem: &Path) -> Result<Written> {
    input.write(stem)
}

impl Chart for SobolInput {}

const NAME: &str = "Sobol indices";
/// Thickness of a bar, in rows (each parameter has a row of height 1 for its two bars).
const BAR: f64 = 0.34;

impl Draw for SobolInput {
    const NAME: &'static str = NAME;

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        if self.params.is_empty() {
            return Err(Error::empty(NAME, "no parameter"));
        }
        let mut params: Vec<&SobolIndex> = self.params.iter().collect();
        // Unknown totals sink to the bottom rather than scrambling the order.
        let key = |p: &SobolIndex| {
            if p.total.value.is_finite() {
                p.total.value
            } else {
                f64::MIN
            }
        };
        params.sort_by(|a, b| key(b).total_cmp(&key(a)));
        let estimates = params.iter().flat_map(|p| [p.first_order, p.total]);
        let values = estimates.flat_map(|e| [e.value, e.lower, e.upper]);
        let Some((lo, hi)) = data::finite_extent(values) else {
            return Err(Error::empty(NAME, "no finite index"));
        };
        let (lo, hi) = (lo.min(0.0), hi.max(0.0));
        let (x_lo, x_hi) = data::padded((lo, hi), 0.05);
        let x_lo = if lo >= 0.0 { 0.0 } else { x_lo };

        let s1_color = style::series_color(0);
        let st_color = style::series_color(1);
        let legend = vec![
            LegendItem::new("total ST", Swatch::Block(st_color)),
            LegendItem::new("first-order S1", Swatch::Block(s1_color)),
            LegendItem::new("95% interval", Swatch::Interval(style::INK)),
        ];
        let body = Frame::new(&self.title, &self.subtitle)
            .legend(legend)
            .note(&self.note)
            .draw(root)?;

        // Parameter i sits at y = n - 1 - i, so that the first (largest ST) is on top.
        let n = params.len();
        let y_of = |i: usize| (n - 1 - i) as f64;
        let y_axis = Ticked::with_ticks(-0.5, n as f64 - 0.5, (0..n).map(|i| i as f64).collect());
        let names = |v: &f64| {
            let i = n as f64 - 1.0 - v.round();
            params
                .get(i as usize)
                .map(|p| p.name.clone())
                .unwrap_or_default()
        };
        let mut axes = Axes::new("Sobol index (share of outcome variance)", "");
        axes.y_fmt = &names;
        axes.y_grid = false;
        let mut chart = axes.plot(&body, Ticked::linear(x_lo, x_hi, 10), y_axis)?;

        for (i, p) in params.iter().enumerate() {
            let y = y_of(i);
            // ST above S1 within each parameter's row, as in the legend.
            for (estimate, color, offset) in
                [(p.total, st_color, 0.19), (p.first_order, s1_color, -0.19)]
            {
                let centre = y + offset;
                if estimate.value.is_finite() {
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [
                            (0.0, centre - BAR / 2.0),
                            (estimate.value, centre + BAR / 2.0),
                        ],
                        color.filled(),
                    )))?;
                }
                if estimate.lower.is_finite() && estimate.upper.is_finite() {
                    style::whisker(&mut chart, estimate.lower, estimate.upper, centre)?;
                }
            }
        }
        Ok(())
    }
}
