//! Rough speed check of the sample theatre: runs per second on one thread.
use grayzone_model::sample::duel;
use grayzone_model::{Detail, Simulation};
use std::time::Instant;

fn main() {
    let mut sim = Simulation::new(&duel());
    let n = 2000;
    let t = Instant::now();
    let mut strikes = 0;
    for run in 0..n {
        strikes += sim.run(1, run, 365, Detail::Outcomes).outcomes.strikes;
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "{:.0} runs/s, {:.2} us/day, strikes/run {:.1}",
        n as f64 / s,
        s / (n as f64 * 365.0) * 1e6,
        strikes as f64 / n as f64
    );
}
