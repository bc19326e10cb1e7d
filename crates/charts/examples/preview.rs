//! Writes every chart, from the test fixtures, to a folder for a human to look at.
//!
//! `cargo run -p grayzone-charts --example preview [DIR]` (default /tmp/charts-preview).

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "an example shows what it made"
)]

#[path = "../tests/fixtures/mod.rs"]
mod fixtures;

use std::path::PathBuf;

use grayzone_charts::{Chart, Pairs, Written};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "/tmp/charts-preview".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let write =
        |name: &str, chart: &dyn Fn(&std::path::Path) -> grayzone_charts::Result<Written>| {
            chart(&dir.join(name)).map(|w| println!("{}", w.png.display()))
        };
    write("escalation", &|p| fixtures::escalation().write(p))?;
    write("fan-rungs", &|p| fixtures::fan_rungs().write(p))?;
    write("fan-intensity", &|p| fixtures::fan_intensity().write(p))?;
    write("survival", &|p| fixtures::survival().write(p))?;
    write("rung-shares", &|p| fixtures::rung_shares().write(p))?;
    write("histogram", &|p| fixtures::histogram().write(p))?;
    write("line-band", &|p| fixtures::line_band().write(p))?;
    write("heatmap", &|p| fixtures::heatmap().write(p))?;
    write("small-multiples", &|p| fixtures::small_multiples().write(p))?;
    write("sobol", &|p| fixtures::sobol().write(p))?;
    write("morris", &|p| fixtures::morris().write(p))?;
    write("posterior", &|p| fixtures::posterior().write(p))?;
    write("pairs", &|p| Pairs(&fixtures::posterior()).write(p))?;
    write("trace", &|p| fixtures::trace().write(p))?;

    // Odd input that must still make a sensible chart.
    write("odd-escalation", &|p| fixtures::odd_escalation().write(p))?;
    write("odd-histogram", &|p| fixtures::odd_histogram().write(p))?;
    write("odd-line-band", &|p| fixtures::odd_line_band().write(p))?;
    write("odd-posterior", &|p| fixtures::odd_posterior().write(p))?;
    write("odd-fan", &|p| fixtures::odd_fan().write(p))?;
    Ok(())
}
