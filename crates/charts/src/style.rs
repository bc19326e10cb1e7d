//! What every chart shares: canvas size, fonts, palette, header and legend, panel layout
//! and axes. A change of house style happens here and nowhere else.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::{Error, Result};
use crate::scale::{self, Ticked};

/// Canvas width in pixels of a standard chart.
pub(crate) const WIDTH: u32 = 1600;
/// Canvas height in pixels of a standard chart.
pub(crate) const HEIGHT: u32 = 900;

/// The family name the embedded fonts are registered under. "sans-serif" is also what
/// plotters asks for by default and what SVG viewers fall back on if they lack DejaVu.
pub(crate) const FONT: &str = "sans-serif";

// Pixel sizes, chosen so that a 1600 px wide chart scaled to a page width stays legible.
pub(crate) const TITLE_PX: f64 = 42.0;
pub(crate) const SUBTITLE_PX: f64 = 27.0;
pub(crate) const LABEL_PX: f64 = 27.0;
pub(crate) const TICK_PX: f64 = 24.0;
pub(crate) const NOTE_PX: f64 = 23.0;
/// Tick and axis title sizes for the small panels of multi-panel charts.
pub(crate) const SMALL_TICK_PX: f64 = 20.0;
pub(crate) const SMALL_LABEL_PX: f64 = 22.0;
/// Outer margin of the canvas.
pub(crate) const MARGIN: i32 = 36;

static DEJAVU_SANS: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
static DEJAVU_SANS_BOLD: &[u8] = include_bytes!("../assets/DejaVuSans-Bold.ttf");

/// Registers the embedded fonts once per process; charts never look for system fonts.
pub(crate) fn register_fonts() -> Result<()> {
    static DONE: OnceLock<std::result::Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        for (style, bytes) in [
            (FontStyle::Normal, DEJAVU_SANS),
            (FontStyle::Bold, DEJAVU_SANS_BOLD),
        ] {
            plotters::style::register_font(FONT, style, bytes)
                .map_err(|_| format!("DejaVu Sans ({}) is not a valid font", style.as_str()))?;
        }
        Ok(())
    })
    .clone()
    .map_err(Error::Font)
}

// ---------------------------------------------------------------------------------------
// Palette

/// Body text.
pub(crate) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text: subtitles, notes, tick labels.
pub(crate) const MUTED: RGBColor = RGBColor(0x5a, 0x5a, 0x5a);
/// Grid lines: visible on paper, but quieter than any data.
pub(crate) const GRID: RGBColor = RGBColor(0xe6, 0xe6, 0xe6);
/// Axis lines.
pub(crate) const AXIS: RGBColor = RGBColor(0x9a, 0x9a, 0x9a);
/// Reference lines and markers that are not data (medians, events, horizons).
pub(crate) const MARKER: RGBColor = RGBColor(0x44, 0x44, 0x44);
/// A reference value the reader knows (break-even, a threshold): a solid dark red line.
pub(crate) const REFERENCE: RGBColor = RGBColor(0xB2, 0x18, 0x2B);

/// Okabe & Ito (2008), the usual colour-blind-safe qualitative palette, in the order series
/// get them: the first pairs stay distinguishable in greyscale too. Yellow comes last
/// because it is hard to see on white.
const SERIES: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x00, 0x00, 0x00), // black
    RGBColor(0xC9, 0xB4, 0x00), // darkened yellow
];

/// Colour of the `i`-th series; cycles past eight.
pub(crate) fn series_color(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

/// The escalation ladder as analysts name its rungs.
pub(crate) const RUNG_NAMES: [&str; 6] = [
    "truce holding",
    "grey zone",
    "proxy war",
    "direct limited exchange",
    "regional war",
    "full-scale state war",
];

/// Calm to dark red with strictly falling lightness, so that the order of the rungs reads
/// right for every kind of colour vision and in greyscale.
pub(crate) const RUNG_COLORS: [RGBColor; 6] = [
    RGBColor(0xd6, 0xe4, 0xec),
    RGBColor(0xfd, 0xe0, 0x8f),
    RGBColor(0xfb, 0xa0, 0x4e),
    RGBColor(0xe8, 0x5b, 0x36),
    RGBColor(0xb8, 0x1d, 0x24),
    RGBColor(0x67, 0x00, 0x0d),
];

/// "2 proxy war": the label used on axes and legends.
pub(crate) fn rung_label(rung: usize) -> String {
    format!("{rung} {}", RUNG_NAMES[rung])
}

/// Viridis, sampled at nine stops: perceptually uniform and colour-blind safe.
const VIRIDIS: [(u8, u8, u8); 9] = [
    (0x44, 0x01, 0x54),
    (0x47, 0x2d, 0x7b),
    (0x3b, 0x52, 0x8b),
    (0x2c, 0x72, 0x8e),
    (0x21, 0x91, 0x8c),
    (0x28, 0xae, 0x80),
    (0x5e, 0xc9, 0x62),
    (0xad, 0xdc, 0x30),
    (0xfd, 0xe7, 0x25),
];

/// Viridis colour at `t` in 0..=1 (clamped).
pub(crate) fn viridis(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let scaled = t * (VIRIDIS.len() - 1) as f64;
    let i = (scaled.floor() as usize).min(VIRIDIS.len() - 2);
    let f = scaled - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let lerp = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    RGBColor(lerp(a.0, b.0), lerp(a.1, b.1), lerp(a.2, b.2))
}

/// Whether text on `background` should be white rather than ink.
pub(crate) fn needs_light_text(background: RGBColor) -> bool {
    let RGBColor(r, g, b) = background;
    0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b) < 140.0
}

// ---------------------------------------------------------------------------------------
// Text

/// Regular text of `px` pixels in ink.
pub(crate) fn text(px: f64) -> TextStyle<'static> {
    (FONT, px).into_font().color(&INK)
}

/// Regular text of `px` pixels in the secondary colour.
pub(crate) fn muted(px: f64) -> TextStyle<'static> {
    (FONT, px).into_font().color(&MUTED)
}

/// Bold text of `px` pixels in ink.
pub(crate) fn bold(px: f64) -> TextStyle<'static> {
    // Not `into_font().style(Bold)`: that keeps the regular glyphs and only tells SVG.
    FontDesc::new(FontFamily::Name(FONT), px, FontStyle::Bold).color(&INK)
}

/// Anchors a style at the given corner or edge.
pub(crate) fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// Width in pixels of `s` drawn in `style`.
pub(crate) fn text_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    style: &TextStyle,
) -> Result<i32> {
    Ok(area.estimate_text_size(s, style)?.0 as i32)
}

/// The largest size up to `px` at which `s` fits in `max_width` (never below 60 % of `px`,
/// where a longer title is better clipped than unreadable).
fn fitting_size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    px: f64,
    max_width: i32,
    make: fn(f64) -> TextStyle<'static>,
) -> Result<f64> {
    let width = text_width(area, s, &make(px))?;
    if width <= max_width || width == 0 {
        return Ok(px);
    }
    Ok((px * f64::from(max_width) / f64::from(width)).max(px * 0.6))
}

// ---------------------------------------------------------------------------------------
// Header, legend, note

/// How a legend entry shows its series.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Swatch {
    /// A solid line.
    Line(RGBColor),
    /// A dashed line, for reference values.
    Dashed(RGBColor),
    /// A dotted line, for lesser markers.
    Dotted(RGBColor),
    /// A translucent band with the given opacity.
    Band(RGBColor, f64),
    /// A solid block, for bars and areas.
    Block(RGBColor),
    /// A horizontal interval with caps.
    Interval(RGBColor),
    /// A filled dot, for scatter points.
    Dot(RGBColor),
    /// A cross, for points marked as exceptions.
    Cross(RGBColor),
}

/// One legend entry.
#[derive(Clone, Debug)]
pub(crate) struct LegendItem {
    pub label: String,
    pub swatch: Swatch,
}

impl LegendItem {
    pub(crate) fn new(label: impl Into<String>, swatch: Swatch) -> Self {
        Self {
            label: label.into(),
            swatch,
        }
    }
}

const LEGEND_PX: f64 = 25.0;
const SWATCH_W: i32 = 40;
const LEGEND_ROW: i32 = 38;

/// The parts around the plot that every chart has: title, subtitle, legend, note.
pub(crate) struct Frame<'a> {
    pub title: &'a str,
    pub subtitle: &'a str,
    pub legend: Vec<LegendItem>,
    /// A muted line under the plot (method notes); empty for none.
    pub note: &'a str,
}

impl<'a> Frame<'a> {
    pub(crate) fn new(title: &'a str, subtitle: &'a str) -> Self {
        Self {
            title,
            subtitle,
            legend: Vec::new(),
            note: "",
        }
    }

    pub(crate) fn legend(mut self, items: Vec<LegendItem>) -> Self {
        self.legend = items;
        self
    }

    pub(crate) fn note(mut self, note: &'a str) -> Self {
        self.note = note;
        self
    }

    /// Draws the frame and returns the area left for the plot.
    ///
    /// The legend goes above the plot, in rows, rather than inside it: it can then never
    /// hide data, and its place does not depend on where the data happen to be.
    pub(crate) fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> Result<DrawingArea<DB, Shift>> {
        let (width, height) = root.dim_in_pixel();
        let (width, height) = (width as i32, height as i32);
        let usable = width - 2 * MARGIN;
        let mut y = MARGIN * 3 / 4;

        if !self.title.is_empty() {
            let px = fitting_size(root, self.title, TITLE_PX, usable, bold)?;
            let style = anchored(bold(px), HPos::Left, VPos::Top);
            root.draw_text(self.title, &style, (MARGIN, y))?;
            y += (px * 1.3) as i32;
        }
        if !self.subtitle.is_empty() {
            let px = fitting_size(root, self.subtitle, SUBTITLE_PX, usable, muted)?;
            let style = anchored(muted(px), HPos::Left, VPos::Top);
            root.draw_text(self.subtitle, &style, (MARGIN, y))?;
            y += (px * 1.4) as i32;
        }
        if !self.legend.is_empty() {
            y += 6;
            y += draw_legend(root, &self.legend, (MARGIN, y), usable)?;
        }
        y += 10;

        let mut bottom = MARGIN / 2;
        if !self.note.is_empty() {
            let px = fitting_size(root, self.note, NOTE_PX, usable, muted)?;
            let style = anchored(muted(px), HPos::Left, VPos::Bottom);
            root.draw_text(self.note, &style, (MARGIN, height - MARGIN / 2))?;
            bottom += (px * 1.6) as i32;
        }
        Ok(root.margin(y, bottom, MARGIN / 2, MARGIN))
    }
}

/// Lays the legend out in rows from `origin`, wrapping at `max_width`; returns its height.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[LegendItem],
    origin: (i32, i32),
    max_width: i32,
) -> Result<i32> {
    let style = anchored(text(LEGEND_PX), HPos::Left, VPos::Center);
    let (mut x, mut row) = (0, 0);
    for item in items {
        let w = SWATCH_W + 10 + text_width(area, &item.label, &style)?;
        if x > 0 && x + w > max_width {
            x = 0;
            row += 1;
        }
        let left = origin.0 + x;
        let mid = origin.1 + row * LEGEND_ROW + LEGEND_ROW / 2;
        draw_swatch(area, item.swatch, left, mid)?;
        area.draw_text(&item.label, &style, (left + SWATCH_W + 10, mid))?;
        x += w + 36;
    }
    Ok((row + 1) * LEGEND_ROW)
}

fn draw_swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    swatch: Swatch,
    left: i32,
    mid: i32,
) -> Result<()> {
    let right = left + SWATCH_W;
    match swatch {
        Swatch::Line(c) => {
            area.draw(&PathElement::new(
                vec![(left, mid), (right, mid)],
                c.stroke_width(4),
            ))?;
        }
        Swatch::Dashed(c) => {
            for x in (left..right).step_by(12) {
                area.draw(&PathElement::new(
                    vec![(x, mid), ((x + 7).min(right), mid)],
                    c.stroke_width(3),
                ))?;
            }
        }
        Swatch::Dotted(c) => {
            for x in (left..right).step_by(7) {
                area.draw(&PathElement::new(
                    vec![(x, mid), ((x + 2).min(right), mid)],
                    c.stroke_width(3),
                ))?;
            }
        }
        Swatch::Band(c, alpha) => {
            area.draw(&Rectangle::new(
                [(left, mid - 11), (right, mid + 11)],
                c.mix(alpha).filled(),
            ))?;
        }
        Swatch::Block(c) => {
            area.draw(&Rectangle::new(
                [(left, mid - 11), (right, mid + 11)],
                c.filled(),
            ))?;
        }
        Swatch::Dot(c) => {
            area.draw(&Circle::new((left + SWATCH_W / 2, mid), 7, c.filled()))?;
        }
        Swatch::Cross(c) => {
            area.draw(&Cross::new(
                (left + SWATCH_W / 2, mid),
                8,
                c.stroke_width(3),
            ))?;
        }
        Swatch::Interval(c) => {
            let s = c.stroke_width(2);
            area.draw(&PathElement::new(vec![(left, mid), (right, mid)], s))?;
            area.draw(&PathElement::new(vec![(left, mid - 8), (left, mid + 8)], s))?;
            area.draw(&PathElement::new(
                vec![(right, mid - 8), (right, mid + 8)],
                s,
            ))?;
        }
    }
    Ok(())
}

/// Draws a small bold heading at the top left of a panel and returns the rest of it.
pub(crate) fn panel_heading<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    heading: &str,
    px: f64,
) -> Result<DrawingArea<DB, Shift>> {
    if heading.is_empty() {
        return Ok(area.clone());
    }
    let style = anchored(bold(px), HPos::Left, VPos::Top);
    area.draw_text(heading, &style, (4, 2))?;
    Ok(area.margin((px * 1.45) as i32, 0, 0, 0))
}

/// Writes `title` rotated along the left edge of `area`, as the y-axis title shared by a
/// column of panels, and returns the rest of the area.
pub(crate) fn shared_y_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
) -> Result<DrawingArea<DB, Shift>> {
    if title.is_empty() {
        return Ok(area.clone());
    }
    let (_, h) = area.dim_in_pixel();
    let style = anchored(
        text(LABEL_PX).transform(FontTransform::Rotate270),
        HPos::Center,
        VPos::Top,
    );
    area.draw_text(title, &style, (4, h as i32 / 2))?;
    Ok(area.margin(0, 0, (LABEL_PX * 1.5) as i32, 0))
}

/// Splits `area` into `n` panels stacked in one column, the last one `extra` pixels taller
/// so that it can hold the shared x axis and still plot as high as the others.
pub(crate) fn panel_stack<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    n: usize,
    extra: u32,
) -> Vec<DrawingArea<DB, Shift>> {
    let n = n.max(1) as i32;
    let h = area.dim_in_pixel().1 as i32;
    let each = (h - extra as i32) / n;
    let breaks: Vec<i32> = (1..n).map(|i| i * each).collect();
    area.split_by_breakpoints::<i32, i32, _, _>([], breaks)
}

/// Splits `area` into `n` panels on the grid given by [`grid_shape`], row by row, the
/// first column `extra` pixels wider (for axis labels only it carries) so that every
/// panel still plots at the same width.
pub(crate) fn panel_grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    n: usize,
    extra: u32,
) -> Vec<DrawingArea<DB, Shift>> {
    let (cols, rows) = grid_shape(n);
    let (w, h) = area.dim_in_pixel();
    let each_w = (w as i32 - extra as i32) / cols as i32;
    let each_h = h as i32 / rows as i32;
    let x_breaks: Vec<i32> = (1..cols as i32)
        .map(|k| extra as i32 + k * each_w)
        .collect();
    let y_breaks: Vec<i32> = (1..rows as i32).map(|k| k * each_h).collect();
    let mut panels = area.split_by_breakpoints(x_breaks, y_breaks);
    panels.truncate(n);
    panels
}

// ---------------------------------------------------------------------------------------
// Axes

/// How the mesh of one plot looks; the defaults suit a full-size chart.
pub(crate) struct Axes<'a> {
    pub x_desc: &'a str,
    pub y_desc: &'a str,
    pub x_fmt: &'a dyn Fn(&f64) -> String,
    pub y_fmt: &'a dyn Fn(&f64) -> String,
    pub x_grid: bool,
    pub y_grid: bool,
    pub small: bool,
}

fn default_fmt(v: &f64) -> String {
    scale::fmt_num(*v)
}

impl<'a> Axes<'a> {
    pub(crate) fn new(x_desc: &'a str, y_desc: &'a str) -> Self {
        Self {
            x_desc,
            y_desc,
            x_fmt: &default_fmt,
            y_fmt: &default_fmt,
            x_grid: true,
            y_grid: true,
            small: false,
        }
    }

    /// Smaller fonts, for the panels of multi-panel charts.
    pub(crate) fn small(mut self) -> Self {
        self.small = true;
        self
    }

    fn tick_px(&self) -> f64 {
        if self.small { SMALL_TICK_PX } else { TICK_PX }
    }

    fn label_px(&self) -> f64 {
        if self.small { SMALL_LABEL_PX } else { LABEL_PX }
    }

    /// Height to reserve under the plot for tick labels and the x-axis title.
    pub(crate) fn x_area(&self) -> u32 {
        let title = if self.x_desc.is_empty() {
            0.0
        } else {
            self.label_px() * 1.3
        };
        (self.tick_px() * 1.4 + title + 6.0) as u32
    }

    /// Width to reserve left of the plot for the widest of `ticks` and the y-axis title.
    pub(crate) fn y_area<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        ticks: &[String],
    ) -> Result<u32> {
        let style = muted(self.tick_px());
        let mut widest = 0;
        for t in ticks {
            widest = widest.max(text_width(area, t, &style)?);
        }
        let title = if self.y_desc.is_empty() {
            0.0
        } else {
            self.label_px() * 1.6
        };
        Ok((f64::from(widest) + title + 22.0) as u32)
    }

    /// Width to reserve for the tick labels of `axis` used as the y axis.
    pub(crate) fn y_area_for<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        axis: &Ticked,
    ) -> Result<u32> {
        let labels: Vec<String> = axis.ticks.iter().map(|v| (self.y_fmt)(v)).collect();
        self.y_area(area, &labels)
    }

    /// The plot of a chart in `body`: room for `y`'s tick labels and the titles, the two
    /// axes, and the mesh drawn, ready for the data.
    pub(crate) fn plot<'b, DB: DrawingBackend>(
        &self,
        body: &'b DrawingArea<DB, Shift>,
        x: Ticked,
        y: Ticked,
    ) -> Result<Plot<'b, DB>> {
        let y_area = self.y_area_for(body, &y)?;
        let mut chart = cartesian(body, x, y, self.x_area(), y_area)?;
        self.draw(&mut chart)?;
        Ok(chart)
    }

    /// Draws grid, axes, ticks and axis titles.
    pub(crate) fn draw<DB: DrawingBackend>(
        &self,
        chart: &mut ChartContext<'_, DB, Cartesian2d<Ticked, Ticked>>,
    ) -> Result<()> {
        let mut mesh = chart.configure_mesh();
        mesh.bold_line_style(GRID.stroke_width(1))
            .light_line_style(TRANSPARENT)
            .axis_style(AXIS.stroke_width(1))
            .label_style(muted(self.tick_px()))
            .axis_desc_style(text(self.label_px()))
            .x_desc(self.x_desc)
            .y_desc(self.y_desc)
            .x_label_formatter(self.x_fmt)
            .y_label_formatter(self.y_fmt)
            .set_all_tick_mark_size(6);
        if !self.x_grid {
            mesh.disable_x_mesh();
        }
        if !self.y_grid {
            mesh.disable_y_mesh();
        }
        mesh.draw()?;
        Ok(())
    }
}

/// The plot type of every chart: two [`Ticked`] axes.
pub(crate) type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<Ticked, Ticked>>;

/// Builds a plot in `area` with `x_area` pixels under it and `y_area` left of it for the
/// axes.
pub(crate) fn cartesian<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x: Ticked,
    y: Ticked,
    x_area: u32,
    y_area: u32,
) -> Result<Plot<'_, DB>> {
    Ok(ChartBuilder::on(area)
        .margin_top(12)
        .margin_right(24)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(x, y)?)
}

/// A horizontal interval from `lower` to `upper` at height `y`, with caps at both ends:
/// how every chart draws an interval.
pub(crate) fn whisker<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    lower: f64,
    upper: f64,
    y: f64,
) -> Result<()> {
    let s = INK.stroke_width(2);
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(lower, y), (upper, y)],
        s,
    )))?;
    for x in [lower, upper] {
        chart.draw_series(std::iter::once(
            EmptyElement::at((x, y)) + PathElement::new(vec![(0, -6), (0, 6)], s),
        ))?;
    }
    Ok(())
}

/// Grid shape (columns, rows) for `n` panels: as square as possible, wider than tall.
pub(crate) fn grid_shape(n: usize) -> (usize, usize) {
    let cols = (n as f64).sqrt().ceil().max(1.0) as usize;
    (cols, n.div_ceil(cols).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_ends() {
        assert_eq!(viridis(0.0), RGBColor(0x44, 0x01, 0x54));
        assert_eq!(viridis(1.0), RGBColor(0xfd, 0xe7, 0x25));
        assert!(needs_light_text(viridis(0.0)));
        assert!(!needs_light_text(viridis(1.0)));
    }
}
