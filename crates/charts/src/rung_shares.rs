//! Share of runs on each escalation rung, day by day, as a stacked area.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::Chart;
use crate::error::{Error, Result};
use crate::render::{Draw, Written};
use crate::scale::{self, Ticked};
use crate::style::{self, Axes, Frame, LegendItem, Swatch};

/// Per day, the share of runs on each rung 0..=5.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RungSharesInput {
    /// Chart title, e.g. "Where the histories stand, day by day".
    pub title: String,
    /// Provenance line, e.g. "hormuz-2026 · seed 7 · 10,000 runs".
    pub subtitle: String,
    /// The days, one per entry of `shares`.
    pub days: Vec<u32>,
    /// Share of runs on rungs 0..=5 on each day. Rows are rescaled to sum to 1; a row with
    /// a negative or non-finite share, or summing to 0, leaves a gap.
    pub shares: Vec<[f64; 6]>,
}

/// Writes `<stem>.png` and `<stem>.svg` of the stacked shares, rung 0 at the bottom.
pub fn rung_shares(input: &RungSharesInput, stem: &Path) -> Result<Written> {
    input.write(stem)
}

impl Chart for RungSharesInput {}

const NAME: &str = "rung shares";

impl Draw for RungSharesInput {
    const NAME: &'static str = NAME;

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        if self.days.len() != self.shares.len() {
            return Err(Error::invalid(NAME, "days and shares differ in length"));
        }
        let mut rows: Vec<(u32, [f64; 6])> = self
            .days
            .iter()
            .zip(&self.shares)
            .filter_map(|(&day, row)| normalised(row).map(|r| (day, r)))
            .collect();
        rows.sort_by_key(|r| r.0);
        rows.dedup_by_key(|r| r.0);
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return Err(Error::empty(NAME, "no day with valid shares"));
        };
        let x_axis = Ticked::integers(f64::from(first.0), f64::from(last.0) + 1.0, 12);

        let legend = (0..6)
            .map(|r| LegendItem::new(style::rung_label(r), Swatch::Block(style::RUNG_COLORS[r])))
            .collect();
        let body = Frame::new(&self.title, &self.subtitle)
            .legend(legend)
            .draw(root)?;
        let y_axis = Ticked::with_ticks(0.0, 1.0, vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        let percent = |v: &f64| scale::fmt_percent(*v);
        let mut axes = Axes::new("day", "share of runs");
        axes.y_fmt = &percent;
        let y_area = axes.y_area_for(&body, &y_axis)?;
        let mut chart = style::cartesian(&body, x_axis, y_axis, axes.x_area(), y_area)?;
        // The areas fill the plot and hide the grid: shares need none.
        axes.draw(&mut chart)?;

        for run in rows.chunk_by(|a, b| a.0.checked_add(1) == Some(b.0)) {
            let mut below = vec![0.0; run.len()];
            for (rung, color) in style::RUNG_COLORS.iter().enumerate() {
                let above: Vec<f64> = below.iter().zip(run).map(|(b, r)| b + r.1[rung]).collect();
                // Steps: each day's shares hold from the start of the day to its end.
                let top = run.iter().zip(&above).flat_map(|(r, y)| {
                    let x = f64::from(r.0);
                    [(x, *y), (x + 1.0, *y)]
                });
                let bottom = run.iter().zip(&below).rev().flat_map(|(r, y)| {
                    let x = f64::from(r.0);
                    [(x + 1.0, *y), (x, *y)]
                });
                let outline: Vec<(f64, f64)> = top.chain(bottom).collect();
                chart.draw_series(std::iter::once(Polygon::new(outline, color.filled())))?;
                below = above;
            }
        }
        Ok(())
    }
}

fn normalised(row: &[f64; 6]) -> Option<[f64; 6]> {
    if row.iter().any(|v| !v.is_finite() || *v < 0.0) {
        return None;
    }
    let sum: f64 = row.iter().sum();
    (sum > 0.0).then(|| row.map(|v| v / sum))
}
