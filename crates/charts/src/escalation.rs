//! Escalation of one simulated history: rung per dyad per day, daily intensity, events.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::Chart;
use crate::error::{Error, Result};
use crate::render::{Draw, Written};
use crate::scale::Ticked;
use crate::style::{self, Axes, Frame, LegendItem, Swatch};

/// One history, day by day. Day 0 is the first day of the history; vectors are indexed by
/// day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EscalationInput {
    /// Chart title, e.g. "Escalation in run 412".
    pub title: String,
    /// Provenance line, e.g. "hormuz-2026 · seed 7 · run 412 of 10,000".
    pub subtitle: String,
    /// The hostile dyads, each drawn in its own colour.
    pub dyads: Vec<DyadHistory>,
    /// Days the ceasefire collapsed (it may collapse again after a re-mediation).
    pub collapse_days: Vec<u32>,
    /// Days on which mediation resumed.
    pub remediation_days: Vec<u32>,
    /// Scheduled shocks of the scenario, e.g. `DayMarker { day: 1, label: "vessel struck" }`.
    pub shocks: Vec<DayMarker>,
    /// Turning points of the history that tell its story, e.g. "US strikes 10 targets in
    /// Iran (IRGC)", "the Swiss channel halted": thin lines, labelled like the others.
    pub milestones: Vec<DayMarker>,
}

/// One hostile dyad of a history.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DyadHistory {
    /// Legend label, e.g. "United States – Iran".
    pub label: String,
    /// Escalation rung (0..=5) on each day.
    pub rungs: Vec<u8>,
    /// Goldstein intensity on each day: the sum of the negative Goldstein weights of the
    /// dyad's events that day. Drawn as a magnitude (its sign is ignored); may be empty,
    /// and the lower panel is left out when every dyad's is.
    pub intensity: Vec<f64>,
}

/// A labelled event on a given day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayMarker {
    /// Day of the event.
    pub day: u32,
    /// Short label, e.g. "vessel struck"; the chart prefixes the day.
    pub label: String,
}

/// Writes `<stem>.png` and `<stem>.svg` of one history's escalation.
///
/// Top panel: each dyad's rung as a step line (dyads on the same rung are drawn slightly
/// apart so that none hides another). Lower panel: daily Goldstein intensity, stacked by
/// dyad. Collapses, re-mediations, shocks and milestones are vertical lines labelled above
/// the plot.
pub fn escalation(input: &EscalationInput, stem: &Path) -> Result<Written> {
    input.write(stem)
}

impl Chart for EscalationInput {}

/// How an event line is drawn; also its stacking order (the collapse matters most).
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Collapse,
    Remediation,
    Shock,
    Milestone,
}

struct Event {
    day: f64,
    label: String,
    kind: Kind,
}

const NAME: &str = "escalation";
const LABEL_ROW: i32 = 29;

/// Rows of event labels at most. A long or busy history has more events than the strip
/// above the plot can label: the rest keep their lines and lose their labels, rather than
/// the strip growing past the chart (a strip taller than the body left the plot with no
/// height, and plotters' dashed lines then looped for good: issue "Untrusted input",
/// item 3).
const MAX_LABEL_ROWS: i32 = 8;
const HEADING_PX: f64 = 24.0;

impl Draw for EscalationInput {
    const NAME: &'static str = NAME;

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        if self.dyads.iter().all(|d| d.rungs.is_empty()) {
            return Err(Error::empty(NAME, "no dyad has any day of rungs"));
        }
        if let Some(d) = self.dyads.iter().find(|d| d.rungs.iter().any(|r| *r > 5)) {
            return Err(Error::invalid(
                NAME,
                format!("dyad \"{}\" has a rung above 5", d.label),
            ));
        }
        let events = self.events();
        let days = self
            .dyads
            .iter()
            .map(|d| d.rungs.len().max(d.intensity.len()))
            .chain(events.iter().map(|e| e.day as usize + 1))
            .max()
            .unwrap_or(1) as f64;
        // Only days with data get intensity bars; an event far past them must not make
        // this table as long as its day number.
        let data_days = self
            .dyads
            .iter()
            .map(|d| d.rungs.len().max(d.intensity.len()))
            .max()
            .unwrap_or(0);
        let intensity = self.daily_intensity(data_days);
        let peak = intensity
            .iter()
            .map(|per_dyad| per_dyad.iter().sum::<f64>())
            .fold(0.0, f64::max);
        let show_intensity = peak > 0.0;

        let down = self.ceasefire_down(days);
        let mut legend: Vec<LegendItem> = self
            .dyads
            .iter()
            .enumerate()
            .map(|(i, d)| LegendItem::new(&d.label, Swatch::Line(style::series_color(i))))
            .collect();
        // What the event lines and the shading mean, for the kinds this history has.
        let has = |kind: Kind| events.iter().any(|e| e.kind == kind);
        if !down.is_empty() {
            legend.push(LegendItem::new(
                "ceasefire down",
                Swatch::Band(DOWN, DOWN_ALPHA),
            ));
        }
        if has(Kind::Collapse) {
            legend.push(LegendItem::new("collapse", Swatch::Line(style::INK)));
        }
        if has(Kind::Remediation) {
            legend.push(LegendItem::new(
                "re-mediation",
                Swatch::Dashed(style::MARKER),
            ));
        }
        if has(Kind::Shock) || has(Kind::Milestone) {
            legend.push(LegendItem::new(
                "shock or turning point",
                Swatch::Dotted(style::AXIS),
            ));
        }
        let body = Frame::new(&self.title, &self.subtitle)
            .legend(legend)
            .draw(root)?;

        let x_axis = Ticked::integers(0.0, days, 12);
        let rung_axis = Ticked::with_ticks(-0.45, 5.45, (0..=5).map(f64::from).collect());
        let intensity_axis = Ticked::linear(0.0, peak * 1.08, 4);
        let rung_fmt = |v: &f64| style::rung_label(v.round().clamp(0.0, 5.0) as usize);
        let no_fmt = |_: &f64| String::new();

        // Panel headings instead of rotated axis titles: a rotated "Goldstein intensity"
        // would be taller than its panel.
        let mut rung_axes = Axes::new("", "");
        rung_axes.y_fmt = &rung_fmt;
        let intensity_axes = Axes::new("day", "");
        if show_intensity {
            rung_axes.x_fmt = &no_fmt;
        } else {
            rung_axes.x_desc = "day";
        }
        // Both panels share one left margin so that their day axes line up.
        let y_area = rung_axes
            .y_area_for(&body, &rung_axis)?
            .max(intensity_axes.y_area_for(&body, &intensity_axis)?);

        let (px_left, px_right) = {
            let (x_range, _) = body.get_pixel_range();
            (x_range.start + y_area as i32, x_range.end - 24)
        };
        let to_px = |day: f64| px_left + ((day / days) * f64::from(px_right - px_left)) as i32;
        let rows = label_rows(&body, &events, to_px, px_right)?;
        // The strip of event labels above the plot; the panel heading shares it, in the
        // column of the rung names where no label goes.
        let heading = (HEADING_PX * 1.45) as i32;
        let strip = if events.is_empty() {
            heading
        } else {
            let deepest = rows.iter().max().unwrap_or(&0).min(&(MAX_LABEL_ROWS - 1));
            ((deepest + 1) * LABEL_ROW + 8).max(heading)
        };
        style::panel_heading(&body, "Escalation rung", HEADING_PX)?;
        let plots = body.margin(strip, 0, 0, 0);
        let (top, bottom) = if show_intensity {
            let h = plots.dim_in_pixel().1;
            let (a, b) = plots.split_vertically((f64::from(h) * 0.52) as u32);
            (a, Some(b))
        } else {
            (plots, None)
        };

        let x_area = if show_intensity {
            8
        } else {
            rung_axes.x_area()
        };
        let mut chart = style::cartesian(&top, x_axis.clone(), rung_axis, x_area, y_area)?;
        rung_axes.draw(&mut chart)?;
        draw_down(&mut chart, &down, (-0.45, 5.45))?;
        self.draw_rungs(&mut chart)?;
        draw_event_lines(&mut chart, &events, (-0.45, 5.45))?;

        draw_event_labels(root, &chart, &events, &rows, strip, px_right)?;

        if let Some(bottom) = bottom {
            let bottom = style::panel_heading(
                &bottom.margin(10, 0, 0, 0),
                "Goldstein intensity per day, in Goldstein points (the magnitude of the day's negative weights, −10 to 0 an event)",
                HEADING_PX,
            )?;
            let mut chart = style::cartesian(
                &bottom,
                x_axis,
                intensity_axis,
                intensity_axes.x_area(),
                y_area,
            )?;
            intensity_axes.draw(&mut chart)?;
            draw_down(&mut chart, &down, (0.0, peak * 1.08))?;
            draw_intensity(&mut chart, &intensity)?;
            draw_event_lines(&mut chart, &events, (0.0, peak * 1.08))?;
        }
        Ok(())
    }
}

impl EscalationInput {
    fn events(&self) -> Vec<Event> {
        let mut events: Vec<Event> = self
            .collapse_days
            .iter()
            .map(|&day| Event {
                day: f64::from(day),
                label: format!("day {day}: ceasefire collapsed"),
                kind: Kind::Collapse,
            })
            .chain(self.remediation_days.iter().map(|&day| Event {
                day: f64::from(day),
                label: format!("day {day}: re-mediation"),
                kind: Kind::Remediation,
            }))
            .chain(self.shocks.iter().map(|s| Event {
                day: f64::from(s.day),
                label: format!("day {}: {}", s.day, s.label),
                kind: Kind::Shock,
            }))
            .chain(self.milestones.iter().map(|s| Event {
                day: f64::from(s.day),
                label: format!("day {}: {}", s.day, s.label),
                kind: Kind::Milestone,
            }))
            .collect();
        events.sort_by(|a, b| a.day.total_cmp(&b.day));
        events
    }

    /// The spans the ceasefire was down, `(first day, day it was re-mediated)`: from each
    /// collapse to the first re-mediation after it, or to the end of the chart.
    fn ceasefire_down(&self, days: f64) -> Vec<(f64, f64)> {
        let mut collapses = self.collapse_days.clone();
        collapses.sort_unstable();
        let mut spans: Vec<(f64, f64)> = Vec::new();
        for day in collapses {
            let start = f64::from(day);
            if spans.last().is_some_and(|(_, end)| start < *end) {
                continue;
            }
            let end = (self.remediation_days.iter())
                .filter(|&&r| r > day)
                .min()
                .map_or(days, |&r| f64::from(r));
            spans.push((start, end.min(days)));
        }
        spans
    }

    /// Intensity magnitude per day per dyad, non-finite values as zero.
    fn daily_intensity(&self, days: usize) -> Vec<Vec<f64>> {
        (0..days)
            .map(|day| {
                self.dyads
                    .iter()
                    .map(|d| d.intensity.get(day).map_or(0.0, |v| v.abs()))
                    .map(|v| if v.is_finite() { v } else { 0.0 })
                    .collect()
            })
            .collect()
    }

    fn draw_rungs<DB: DrawingBackend>(&self, chart: &mut style::Plot<'_, DB>) -> Result<()> {
        // Spread of the parallel lines when dyads share a rung: a few pixels each, never so
        // much that a line seems to sit on the next rung.
        let n = self.dyads.len();
        let gap = if n > 1 {
            (0.3 / (n - 1) as f64).min(0.1)
        } else {
            0.0
        };
        for (i, dyad) in self.dyads.iter().enumerate() {
            let offset = (i as f64 - (n - 1) as f64 / 2.0) * gap;
            // Bars for the runs and one-pixel risers between them, not a wide path: a wide
            // path is filled as a polygon, and its mitres at steps a pixel or less apart
            // reach far outside the plot, where plotters' polygon fill then sweeps for
            // good (issue "Untrusted input", item 3). Rectangles and thin lines draw in
            // time proportional to the runs.
            let runs = step_runs(&dyad.rungs);
            let color = style::series_color(i);
            chart.draw_series(runs.iter().map(|&(start, end, rung)| {
                let y = f64::from(rung) + offset;
                Rectangle::new(
                    [
                        (start as f64, y - RUNG_HALF_WIDTH),
                        (end as f64, y + RUNG_HALF_WIDTH),
                    ],
                    color.filled(),
                )
            }))?;
            chart.draw_series(runs.windows(2).map(|pair| {
                let (x, from, to) = (pair[0].1 as f64, pair[0].2, pair[1].2);
                PathElement::new(
                    vec![(x, f64::from(from) + offset), (x, f64::from(to) + offset)],
                    color.stroke_width(1),
                )
            }))?;
        }
        Ok(())
    }
}

/// Half the thickness of a rung's bar, in rungs (about a pixel and a half at the chart's
/// size).
const RUNG_HALF_WIDTH: f64 = 0.035;

/// The runs of equal values of one value a day: `(first day, day after the last, value)`.
fn step_runs(rungs: &[u8]) -> Vec<(usize, usize, u8)> {
    let mut runs = Vec::new();
    let mut start = 0;
    while start < rungs.len() {
        let rung = rungs[start];
        let end = rungs[start..]
            .iter()
            .position(|&r| r != rung)
            .map_or(rungs.len(), |k| start + k);
        runs.push((start, end, rung));
        start = end;
    }
    runs
}

/// Assigns each label a row of the strip above the plot (row 0 on top), the first where
/// it overlaps no other label, its line crosses no label below it, and no line from above
/// crosses it.
fn label_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    events: &[Event],
    to_px: impl Fn(f64) -> i32,
    right_edge: i32,
) -> Result<Vec<i32>> {
    const GAP: i32 = 14;
    let style = style::text(22.0);
    // (row, x of the line, label span)
    let mut placed: Vec<(i32, i32, (i32, i32))> = Vec::new();
    for event in events {
        let x = to_px(event.day);
        let w = style::text_width(area, &event.label, &style)?;
        let span = label_span(x, w, right_edge);
        let fits = |row: i32| {
            placed.iter().all(|&(r, px, (a, b))| {
                let overlaps = span.0 < b + GAP && a < span.1 + GAP;
                let my_line_crosses = r > row && a - 4 < x && x < b + 4;
                let their_line_crosses = r < row && span.0 - 4 < px && px < span.1 + 4;
                let collides = r == row && overlaps;
                !(collides || my_line_crosses || their_line_crosses)
            })
        };
        // A fresh row at the bottom always avoids labels; only a right-edge label may
        // still be crossed by an earlier line there.
        let last = placed.len() as i32;
        let row = (0..=last).find(|&r| fits(r)).unwrap_or(last);
        placed.push((row, x, span));
    }
    Ok(placed.into_iter().map(|(row, _, _)| row).collect())
}

/// Horizontal extent of a label of width `w` for a line at `x`: right of the line, or left
/// of it near the right edge of the plot.
fn label_span(x: i32, w: i32, right_edge: i32) -> (i32, i32) {
    if x + 8 + w <= right_edge + 20 {
        (x + 6, x + 6 + w)
    } else {
        (x - 6 - w, x - 6)
    }
}

/// Labels go in the strip above the plot, each joined to its line, so they never cover
/// data.
fn draw_event_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &style::Plot<'_, DB>,
    events: &[Event],
    rows: &[i32],
    strip: i32,
    right_edge: i32,
) -> Result<()> {
    let style = style::anchored(style::text(22.0), HPos::Left, VPos::Center);
    let plot_top = chart.plotting_area().get_pixel_range().1.start;
    for (event, row) in events.iter().zip(rows) {
        if *row >= MAX_LABEL_ROWS {
            continue;
        }
        let x = chart.backend_coord(&(event.day, 0.0)).0;
        let y = plot_top - strip + row * LABEL_ROW + LABEL_ROW / 2;
        root.draw(&PathElement::new(
            vec![(x, y), (x, plot_top)],
            line_style(event.kind),
        ))?;
        let w = style::text_width(root, &event.label, &style)?;
        let (left, _) = label_span(x, w, right_edge);
        root.draw_text(&event.label, &style, (left, y))?;
    }
    Ok(())
}

fn line_style(kind: Kind) -> ShapeStyle {
    match kind {
        Kind::Collapse => style::INK.stroke_width(3),
        Kind::Remediation => style::MARKER.stroke_width(2),
        Kind::Shock => style::AXIS.stroke_width(2),
        Kind::Milestone => style::AXIS.stroke_width(1),
    }
}

/// The shading of the spans the ceasefire was down.
const DOWN: RGBColor = RGBColor(0xB2, 0x18, 0x2B);
const DOWN_ALPHA: f64 = 0.08;

fn draw_down<DB: DrawingBackend>(
    chart: &mut style::Plot<'_, DB>,
    spans: &[(f64, f64)],
    (lo, hi): (f64, f64),
) -> Result<()> {
    chart.draw_series(spans.iter().map(|&(start, end)| {
        Rectangle::new([(start, lo), (end, hi)], DOWN.mix(DOWN_ALPHA).filled())
    }))?;
    Ok(())
}

fn draw_event_lines<DB: DrawingBackend>(
    chart: &mut style::Plot<'_, DB>,
    events: &[Event],
    (lo, hi): (f64, f64),
) -> Result<()> {
    for event in events {
        let points = vec![(event.day, lo), (event.day, hi)];
        let s = line_style(event.kind);
        match event.kind {
            Kind::Collapse => {
                chart.draw_series(LineSeries::new(points, s))?;
            }
            Kind::Remediation => {
                chart.draw_series(DashedLineSeries::new(points, 14, 8, s))?;
            }
            Kind::Shock => {
                chart.draw_series(DashedLineSeries::new(points, 5, 6, s))?;
            }
            Kind::Milestone => {
                chart.draw_series(DashedLineSeries::new(points, 2, 5, s))?;
            }
        }
    }
    Ok(())
}

fn draw_intensity<DB: DrawingBackend>(
    chart: &mut style::Plot<'_, DB>,
    per_day: &[Vec<f64>],
) -> Result<()> {
    // Gaps between bars help up to a couple of months; beyond that they only add stripes.
    let gap = if per_day.len() <= 60 { 0.12 } else { 0.0 };
    for (day, values) in per_day.iter().enumerate() {
        let mut base = 0.0;
        for (i, v) in values.iter().enumerate() {
            if *v <= 0.0 {
                continue;
            }
            let x = day as f64;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x + gap, base), (x + 1.0 - gap, base + v)],
                style::series_color(i).filled(),
            )))?;
            base += v;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ceasefire is down from each collapse to the first re-mediation after it, and
    /// to the end of the chart when none follows; a collapse within a span opens no other.
    #[test]
    fn the_ceasefire_is_down_from_a_collapse_to_its_remediation() {
        let input = EscalationInput {
            collapse_days: vec![60, 22, 30],
            remediation_days: vec![10, 40],
            ..EscalationInput::default()
        };
        assert_eq!(
            input.ceasefire_down(90.0),
            [(22.0, 40.0), (60.0, 90.0)],
            "the collapse of day 30 falls within the first span"
        );
        assert!(EscalationInput::default().ceasefire_down(90.0).is_empty());
    }
}
