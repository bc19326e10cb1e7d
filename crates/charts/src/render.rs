//! Turning a drawn chart into PNG bytes, an SVG string, and files on disk.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_backend::text_anchor::VPos;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

use crate::error::{Error, Result};
use crate::style;

/// The paths of the two files a chart was written to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// `<stem>.png`
    pub png: PathBuf,
    /// `<stem>.svg`
    pub svg: PathBuf,
}

/// Something that draws itself on any plotters backend.
///
/// Generic rather than `dyn` because `DrawingBackend` is not object safe.
pub trait Draw {
    /// Name used in error messages.
    const NAME: &'static str;

    /// Pixel size of the canvas.
    fn size(&self) -> (u32, u32) {
        (style::WIDTH, style::HEIGHT)
    }

    /// Draws on a white canvas whose fonts are already registered.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>;
}

fn draw_on<C: Draw + ?Sized, DB: DrawingBackend>(
    chart: &C,
    root: DrawingArea<DB, Shift>,
) -> Result<()> {
    root.fill(&WHITE)?;
    chart.draw(&root)?;
    root.present()?;
    Ok(())
}

/// Renders the chart as an SVG document.
pub(crate) fn svg<C: Draw + ?Sized>(chart: &C) -> Result<String> {
    style::register_fonts()?;
    let mut out = String::new();
    draw_on(
        chart,
        SVGBackend::with_string(&mut out, chart.size()).into_drawing_area(),
    )?;
    Ok(out)
}

/// Renders the chart as PNG bytes.
pub(crate) fn png<C: Draw + ?Sized>(chart: &C) -> Result<Vec<u8>> {
    style::register_fonts()?;
    let (w, h) = chart.size();
    let mut pixels = vec![0u8; w as usize * h as usize * 3];
    let backend = TextFix(BitMapBackend::with_buffer(&mut pixels, (w, h)));
    draw_on(chart, backend.into_drawing_area())?;

    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder
        .write_header()
        .map_err(|e| Error::Encode(e.to_string()))?;
    writer
        .write_image_data(&pixels)
        .map_err(|e| Error::Encode(e.to_string()))?;
    writer.finish().map_err(|e| Error::Encode(e.to_string()))?;
    Ok(out)
}

/// Renders both formats first, so that bad input leaves no file behind, then writes them.
pub(crate) fn write<C: Draw + ?Sized>(chart: &C, stem: &Path) -> Result<Written> {
    if stem.file_name().is_none() {
        return Err(Error::invalid(
            C::NAME,
            format!("output stem {} has no file name", stem.display()),
        ));
    }
    let png_bytes = png(chart)?;
    let svg_text = svg(chart)?;
    let written = Written {
        png: with_suffix(stem, ".png"),
        svg: with_suffix(stem, ".svg"),
    };
    write_atomically(&written.png, &png_bytes)?;
    write_atomically(&written.svg, svg_text.as_bytes())?;
    Ok(written)
}

// Appends rather than `with_extension`, which would eat a dotted stem such as "run.v2".
fn with_suffix(stem: &Path, suffix: &str) -> PathBuf {
    let mut name = stem.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Writes a chart file atomically: a reader (or a report build) never sees a half-written
/// chart, even if the process is killed.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    grayzone_records::write_atomic(path, bytes).map_err(|e| Error::Io {
        path: e.path,
        source: e.source,
    })
}

/// Wraps the bitmap backend to place text where the SVG backend places it.
///
/// With the `ab_glyph` feature, plotters 0.3.7 puts the baseline half a font size below the
/// anchor and then measures the text as 0.8 size high, so every label is drawn about a
/// quarter of its size too high: tick labels sit above their grid lines and titles touch
/// the edge. The shift below, in the text's own frame so that it also holds for rotated
/// axis titles, moves glyphs to where SVG viewers put them.
struct TextFix<B>(B);

impl<B: DrawingBackend> DrawingBackend for TextFix<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> std::result::Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> std::result::Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> std::result::Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> std::result::Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> std::result::Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> std::result::Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> std::result::Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> std::result::Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> std::result::Result<(), DrawingErrorKind<B::ErrorType>> {
        let share = match style.anchor().v_pos {
            VPos::Top => 0.30,
            VPos::Center => 0.20,
            VPos::Bottom => 0.10,
        };
        let down = (share * style.size()).round() as i32;
        let (dx, dy) = style.transform().transform(0, down);
        self.0.draw_text(text, style, (pos.0 + dx, pos.1 + dy))
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<B::ErrorType>> {
        self.0.estimate_text_size(text, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> std::result::Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.blit_bitmap(pos, size, src)
    }
}
