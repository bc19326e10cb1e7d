//! What every chart shares: canvas size, fonts, palette, header and legend, axes, number
//! formatting. A change of house style happens here and nowhere else.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::{Error, Result};

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
    /// A translucent band with the given opacity.
    Band(RGBColor, f64),
    /// A solid block, for bars and areas.
    Block(RGBColor),
    /// A horizontal interval with caps.
    Interval(RGBColor),
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

/// Formats values the way a reader expects: three significant digits, thousands
/// separators, and a real minus sign.
pub(crate) fn fmt_num(v: f64) -> String {
    fmt_sig(v, 3)
}

/// Like [`fmt_num`] with `digits` significant digits (below 10,000).
pub(crate) fn fmt_sig(v: f64, digits: i32) -> String {
    if !v.is_finite() {
        return "n/a".to_owned();
    }
    let a = v.abs();
    let body = if a < 1e-12 {
        return "0".to_owned();
    } else if !(1e-3..1e9).contains(&a) {
        let s = format!("{a:.1e}");
        s.replace(".0e", "e")
    } else if a >= 1e4 {
        group_thousands(a.round() as u64)
    } else {
        let decimals = (digits - 1 - a.log10().floor() as i32).clamp(0, 6) as usize;
        let s = format!("{a:.decimals$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s
        }
    };
    if v < 0.0 {
        format!("\u{2212}{body}")
    } else {
        body
    }
}

/// 10000 → "10,000".
pub(crate) fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// 0.25 → "25%".
pub(crate) fn fmt_percent(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".to_owned();
    }
    let p = v * 100.0;
    if (p - p.round()).abs() < 1e-6 {
        format!("{}%", p.round())
    } else {
        format!("{p:.1}%")
    }
}

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
    fmt_num(*v)
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

/// A linear axis whose ticks this crate chooses itself.
///
/// plotters picks ticks on its own only for its built-in ranges, and those cannot take
/// integer-only steps (days), categories (parameter names) or decades of a log axis while
/// keeping a custom label formatter; one small axis type covers all of them.
#[derive(Clone, Debug)]
pub(crate) struct Ticked {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
}

impl Ticked {
    /// `lo..hi` with the given ticks (those outside the range are dropped).
    pub(crate) fn with_ticks(lo: f64, hi: f64, ticks: Vec<f64>) -> Self {
        let ticks = ticks
            .into_iter()
            .filter(|t| *t >= lo - 1e-9 * (hi - lo) && *t <= hi + 1e-9 * (hi - lo))
            .collect();
        Self { lo, hi, ticks }
    }

    /// `lo..hi` with round ticks, at most about `max_ticks` of them.
    pub(crate) fn linear(lo: f64, hi: f64, max_ticks: usize) -> Self {
        Self::with_ticks(lo, hi, nice_ticks(lo, hi, max_ticks, 0.0))
    }

    /// `lo..hi` with ticks on whole numbers only (days, counts).
    pub(crate) fn integers(lo: f64, hi: f64, max_ticks: usize) -> Self {
        Self::with_ticks(lo, hi, nice_ticks(lo, hi, max_ticks, 1.0))
    }
}

/// An axis over log10 values `lo..hi`: ticks on decades, with 2 and 5 between them when
/// there are few decades, and plain round values when the span is under one decade.
/// Label it with [`fmt_log`].
pub(crate) fn log_axis(lo: f64, hi: f64) -> Ticked {
    let span = hi - lo;
    let ticks = if span < 1.0 {
        nice_ticks(10f64.powf(lo), 10f64.powf(hi), 6, 0.0)
            .into_iter()
            .filter(|v| *v > 0.0)
            .map(f64::log10)
            .collect()
    } else {
        let multiples: &[f64] = if span < 3.0 { &[1.0, 2.0, 5.0] } else { &[1.0] };
        (lo.floor() as i32..=hi.ceil() as i32)
            .flat_map(|d| multiples.iter().map(move |m| f64::from(d) + m.log10()))
            .collect()
    };
    Ticked::with_ticks(lo, hi, ticks)
}

/// Labels a log10 axis value with the value itself.
pub(crate) fn fmt_log(v: &f64) -> String {
    fmt_num(10f64.powf(*v))
}

/// Multiples of a 1-2-5 step no smaller than `min_step`, covering `lo..=hi`.
pub(crate) fn nice_ticks(lo: f64, hi: f64, max_ticks: usize, min_step: f64) -> Vec<f64> {
    let span = hi - lo;
    if !span.is_finite() || span <= 0.0 {
        return vec![lo];
    }
    let raw = span / max_ticks.max(1) as f64;
    let exponent = raw.log10().floor() as i32;
    let magnitude = 10f64.powi(exponent);
    let mantissa = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .find(|m| m * magnitude >= raw)
        .unwrap_or(10.0);
    // k × mantissa scaled by a power of ten, dividing for negative powers, gives the
    // nearest float to the decimal (0.6, not 0.6000000000000001).
    let (mut mantissa, mut exponent) = (mantissa, exponent);
    if mantissa * 10f64.powi(exponent) < min_step {
        (mantissa, exponent) = (min_step, 0);
    }
    let value = |k: i64| {
        let scaled = k as f64 * mantissa;
        if exponent < 0 {
            scaled / 10f64.powi(-exponent)
        } else {
            scaled * 10f64.powi(exponent)
        }
    };
    let step = value(1);
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(value).collect()
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let share = (value - self.lo) / (self.hi - self.lo);
        let pixel = f64::from(limit.0) + share * f64::from(limit.1 - limit.0);
        pixel.round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

// ---------------------------------------------------------------------------------------
// Data helpers

/// Smallest and largest finite value, if any.
pub(crate) fn finite_extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// Widens a range by `frac` of its width on each side; a range of zero width (all values
/// equal, a single point) is opened around its value so that it can still be drawn.
pub(crate) fn padded((lo, hi): (f64, f64), frac: f64) -> (f64, f64) {
    let width = hi - lo;
    if width > f64::EPSILON * lo.abs().max(hi.abs()).max(1.0) {
        (lo - width * frac, hi + width * frac)
    } else {
        let half = if lo.abs() > 0.0 { lo.abs() * 0.1 } else { 0.5 };
        (lo - half, hi + half)
    }
}

/// Median and the `lo`/`hi` quantiles of finite values (linear interpolation).
pub(crate) fn quantiles(values: &[f64], probs: &[f64]) -> Option<Vec<f64>> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(
        probs
            .iter()
            .map(|p| {
                let pos = p.clamp(0.0, 1.0) * (v.len() - 1) as f64;
                let (i, f) = (pos.floor() as usize, pos.fract());
                let next = v[(i + 1).min(v.len() - 1)];
                v[i] + (next - v[i]) * f
            })
            .collect(),
    )
}

/// Values counted in equal-width bins over a range (values outside it are ignored; the top
/// edge belongs to the last bin).
pub(crate) struct Bins {
    pub lo: f64,
    pub width: f64,
    pub counts: Vec<u64>,
}

impl Bins {
    /// `asked` bins (capped at [`MAX_BINS`]), or about √n when 0.
    pub(crate) fn new(values: &[f64], range: (f64, f64), asked: usize) -> Self {
        let n = bin_count(asked, values.len());
        let width = (range.1 - range.0) / n as f64;
        let mut counts = vec![0u64; n];
        for &v in values {
            if v.is_finite() && (range.0..=range.1).contains(&v) {
                counts[(((v - range.0) / width) as usize).min(n - 1)] += 1;
            }
        }
        Self {
            lo: range.0,
            width,
            counts,
        }
    }

    /// The largest count.
    pub(crate) fn peak(&self) -> f64 {
        self.counts.iter().copied().max().unwrap_or(0) as f64
    }

    /// One bar per non-empty bin, with a hairline gap that keeps neighbours apart without
    /// turning them into stripes.
    pub(crate) fn draw<DB: DrawingBackend>(
        &self,
        chart: &mut Plot<'_, DB>,
        color: RGBColor,
    ) -> Result<()> {
        let gap = self.width * 0.04;
        chart.draw_series(self.counts.iter().enumerate().filter(|(_, c)| **c > 0).map(
            |(i, c)| {
                let x = self.lo + self.width * i as f64;
                Rectangle::new(
                    [(x + gap, 0.0), (x + self.width - gap, *c as f64)],
                    color.filled(),
                )
            },
        ))?;
        Ok(())
    }
}

/// Most bins a histogram gets, whatever it is asked for: more cannot be told apart.
pub(crate) const MAX_BINS: usize = 400;

/// The bin count to use: `asked` (capped at [`MAX_BINS`]), or automatic when 0.
fn bin_count(asked: usize, n: usize) -> usize {
    if asked == 0 {
        auto_bins(n)
    } else {
        asked.min(MAX_BINS)
    }
}

/// A bin count suited to `n` values: about √n, kept within what stays readable. Always
/// odd, so that values all equal (a range padded evenly around them) fall mid-bin rather
/// than on an edge.
fn auto_bins(n: usize) -> usize {
    ((n as f64).sqrt().ceil() as usize).clamp(5, 50) | 1
}

/// Splits `points` into runs of consecutive finite points, so that a missing value breaks
/// a line rather than dragging it to zero.
pub(crate) fn finite_runs(points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    points
        .split(|(x, y)| !x.is_finite() || !y.is_finite())
        .filter(|run| !run.is_empty())
        .map(<[_]>::to_vec)
        .collect()
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
    fn numbers_read_like_a_report() {
        assert_eq!(fmt_num(0.0), "0");
        assert_eq!(fmt_num(-0.0), "0");
        assert_eq!(fmt_num(0.25), "0.25");
        assert_eq!(fmt_num(0.30000000000000004), "0.3");
        assert_eq!(fmt_num(12.0), "12");
        assert_eq!(fmt_num(-1.5), "\u{2212}1.5");
        assert_eq!(fmt_num(10000.0), "10,000");
        assert_eq!(fmt_num(1234567.0), "1,234,567");
        assert_eq!(fmt_num(2.2041), "2.2");
        assert_eq!(fmt_num(0.125), "0.125");
        assert_eq!(fmt_sig(0.9852, 2), "0.99");
        assert_eq!(fmt_sig(0.0266, 2), "0.027");
        assert_eq!(fmt_num(0.0001), "1e-4");
        assert_eq!(fmt_num(f64::NAN), "n/a");
        assert_eq!(fmt_percent(0.25), "25%");
        assert_eq!(fmt_percent(0.125), "12.5%");
    }

    #[test]
    fn degenerate_ranges_open_up() {
        assert_eq!(padded((3.0, 3.0), 0.05), (2.7, 3.3));
        assert_eq!(padded((0.0, 0.0), 0.05), (-0.5, 0.5));
        assert_eq!(finite_extent([f64::NAN, 2.0, -1.0]), Some((-1.0, 2.0)));
        assert_eq!(finite_extent([f64::NAN]), None);
    }

    #[test]
    fn quantiles_interpolate() {
        let q = quantiles(&[4.0, 1.0, 3.0, 2.0, f64::NAN], &[0.0, 0.5, 1.0]).unwrap();
        assert_eq!(q, vec![1.0, 2.5, 4.0]);
        assert!(quantiles(&[f64::NAN], &[0.5]).is_none());
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(
            nice_ticks(0.0, 1.0, 5, 0.0),
            vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
        );
        assert_eq!(nice_ticks(0.0, 3.0, 10, 1.0), vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(nice_ticks(0.0, 90.0, 10, 1.0).len(), 10);
        assert_eq!(nice_ticks(2.0, 2.0, 10, 0.0), vec![2.0]);
    }

    #[test]
    fn viridis_ends() {
        assert_eq!(viridis(0.0), RGBColor(0x44, 0x01, 0x54));
        assert_eq!(viridis(1.0), RGBColor(0xfd, 0xe7, 0x25));
        assert!(needs_light_text(viridis(0.0)));
        assert!(!needs_light_text(viridis(1.0)));
    }
}
