//! Writes every chart, from the test fixtures, to a folder for a human to look at.
//!
//! `cargo run -p grayzone-charts --example preview [DIR]` (default /tmp/charts-preview).

#[path = "../tests/fixtures/mod.rs"]
mod fixtures;

use std::path::PathBuf;

use grayzone_charts::Chart;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "/tmp/charts-preview".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let charts: Vec<(
        &str,
        Box<dyn Fn(&std::path::Path) -> grayzone_charts::Result<_>>,
    )> = vec![
        ("escalation", Box::new(|p| fixtures::escalation().write(p))),
        ("fan-rungs", Box::new(|p| fixtures::fan_rungs().write(p))),
        (
            "fan-intensity",
            Box::new(|p| fixtures::fan_intensity().write(p)),
        ),
        ("survival", Box::new(|p| fixtures::survival().write(p))),
        (
            "rung-shares",
            Box::new(|p| fixtures::rung_shares().write(p)),
        ),
        ("histogram", Box::new(|p| fixtures::histogram().write(p))),
        ("line-band", Box::new(|p| fixtures::line_band().write(p))),
        ("heatmap", Box::new(|p| fixtures::heatmap().write(p))),
        (
            "small-multiples",
            Box::new(|p| fixtures::small_multiples().write(p)),
        ),
        ("sobol", Box::new(|p| fixtures::sobol().write(p))),
        ("morris", Box::new(|p| fixtures::morris().write(p))),
        ("posterior", Box::new(|p| fixtures::posterior().write(p))),
        (
            "pairs",
            Box::new(|p| grayzone_charts::Pairs(&fixtures::posterior()).write(p)),
        ),
        ("trace", Box::new(|p| fixtures::trace().write(p))),
    ];
    for (name, write) in charts {
        let written = write(&dir.join(name))?;
        println!("{}", written.png.display());
    }
    Ok(())
}
