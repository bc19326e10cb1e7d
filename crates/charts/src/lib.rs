//! Every chart grayzone makes, as PNG and SVG, ready to go into a report.
//!
//! The crate owns the drawing and nothing else: it takes plain input structs that it
//! defines itself (the CLI maps run records and experiment tables into them), and writes
//! `<stem>.png` (1600 x 900 unless a chart says otherwise) and `<stem>.svg`. It never
//! prints, never exits and reads no scenario file. Fonts (DejaVu Sans) are compiled in, so
//! charts look the same on a machine without any system font or fontconfig.
//!
//! One function per chart writes both files:
//!
//! | chart | function | input |
//! | --- | --- | --- |
//! | rungs and intensity of one history | [`escalation`] | [`EscalationInput`] |
//! | ensemble median and bands per day | [`fan`] | [`FanInput`] |
//! | Kaplan–Meier survival of the ceasefire | [`survival`] | [`SurvivalInput`] |
//! | share of runs on each rung per day | [`rung_shares`] | [`RungSharesInput`] |
//! | distribution of one outcome | [`histogram`] | [`HistogramInput`] |
//! | outcome against one swept parameter | [`line_band`] | [`LineBandInput`] |
//! | outcome over a grid of two parameters | [`heatmap`] | [`HeatmapInput`] |
//! | outcome against each of many parameters | [`small_multiples`] | [`SmallMultiplesInput`] |
//! | Sobol S1 and ST indices | [`sobol_bars`] | [`SobolInput`] |
//! | Morris μ* against σ | [`morris`] | [`MorrisInput`] |
//! | posterior histograms per parameter | [`posterior`] | [`PosteriorInput`] |
//! | pairwise scatter of posterior samples | [`pairs`] | [`PosteriorInput`] (as [`Pairs`]) |
//! | optimiser convergence | [`trace`] | [`TraceInput`] |
//! | PRIM's peeling trajectory | [`peeling`] | [`PeelingInput`] |
//! | a box over the parameters' ranges | [`box_limits`] | [`BoxInput`] |
//! | scores per parameter, as bars | [`scores`] | [`ScoresInput`] |
//! | candidates of a two-objective search and their front | [`front`] | [`FrontInput`] |
//!
//! Every input also implements [`Chart`], which renders to an in-memory SVG string or PNG
//! bytes without touching the disk.
//!
//! Files are written to a temporary file beside the target and renamed into place, so an
//! interrupted process never leaves a half-written chart. Both formats are rendered before
//! either is written: bad input leaves no file at all.
//!
//! Odd data never panics. Non-finite values are left out of what is drawn (a line breaks
//! where a value is missing); input with nothing drawable left gives [`Error::Empty`],
//! inconsistent input (series of different lengths, a rung above 5) gives
//! [`Error::Invalid`]. A single point or all-equal values still make a valid chart.
//!
//! ```no_run
//! use grayzone_charts::{Chart, TraceInput, trace};
//!
//! let input = TraceInput {
//!     title: "Calibration of the hormuz-2026 scenario".into(),
//!     subtitle: "CMA-ES · seed 7 · 40 runs per evaluation".into(),
//!     x_label: "generation".into(),
//!     y_label: "loss (squared error of collapse rate)".into(),
//!     best: vec![0.9, 0.5, 0.31, 0.2, 0.18],
//!     mean: vec![1.4, 0.9, 0.6, 0.41, 0.3],
//!     ..TraceInput::default()
//! };
//! let written = trace(&input, "out/calibration-trace".as_ref())?;
//! assert!(written.png.ends_with("calibration-trace.png"));
//! assert!(input.to_svg()?.contains("Calibration"));
//! # Ok::<(), grayzone_charts::Error>(())
//! ```

#![deny(missing_docs)]

mod data;
mod error;
mod render;
mod scale;
mod style;

mod discovery;
mod escalation;
mod fan;
mod heatmap;
mod histogram;
mod line_band;
mod morris;
mod posterior;
mod rung_shares;
mod small_multiples;
mod sobol;
mod survival;
mod trace;

use std::path::Path;

pub use error::{Error, Result};
pub use render::Written;

pub use discovery::{
    BoxInput, BoxParam, FrontInput, PeelStep, PeelingInput, ScoresInput, box_limits, front,
    peeling, scores,
};
pub use escalation::{DayMarker, DyadHistory, EscalationInput, escalation};
pub use fan::{FanDay, FanInput, FanPanel, Quantity, fan};
pub use heatmap::{HeatmapInput, heatmap};
pub use histogram::{HistogramInput, histogram};
pub use line_band::{BandPoint, BandSeries, LineBandInput, line_band};
pub use morris::{MorrisInput, MorrisPoint, morris};
pub use posterior::{Pairs, PosteriorInput, PosteriorParam, pairs, posterior};
pub use rung_shares::{RungSharesInput, rung_shares};
pub use small_multiples::{Panel, SmallMultiplesInput, small_multiples};
pub use sobol::{Estimate, SobolIndex, SobolInput, sobol_bars};
pub use survival::{AtRisk, SurvivalInput, survival};
pub use trace::{TraceInput, trace};

/// The names of the escalation rungs 0..=5, as the charts print them.
pub const RUNG_NAMES: [&str; 6] = style::RUNG_NAMES;

/// A chart input that can render itself; implemented by every input struct of this crate.
///
/// The chart functions ([`escalation`], [`fan`], ...) are shorthands for [`Chart::write`].
pub trait Chart: render::Draw {
    /// Renders the chart as a standalone SVG document.
    fn to_svg(&self) -> Result<String> {
        render::svg(self)
    }

    /// Renders the chart as PNG bytes.
    fn to_png(&self) -> Result<Vec<u8>> {
        render::png(self)
    }

    /// Writes `<stem>.png` and `<stem>.svg`, each atomically. The folder must exist.
    fn write(&self, stem: &Path) -> Result<Written> {
        render::write(self, stem)
    }
}
