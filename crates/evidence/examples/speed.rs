//! Single-thread speed of a scenario over 365 days: `--example speed -- FILE RUNS`.
use grayzone_model::{Detail, Simulation};
use grayzone_scenario::Scenario;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let scenario = Scenario::from_path(&args[1]).unwrap_or_else(|d| panic!("{d}"));
    let runs: u64 = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let mut sim = Simulation::new(scenario.theatre());
    let t = Instant::now();
    let mut strikes = 0;
    for run in 0..runs {
        strikes += sim
            .run(scenario.seed(), run, 365, Detail::Outcomes)
            .outcomes
            .strikes;
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "{:.0} runs/s, {:.2} us/day, {:.1} strikes/run",
        runs as f64 / s,
        s / (runs as f64 * 365.0) * 1e6,
        strikes as f64 / runs as f64
    );
}
