//! Prints the mean of every outcome of a scenario over N runs, with parameters set by
//! path: `cargo run --release -p grayzone-evidence --example explore -- FILE N [PATH=V ...]`.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "an example shows what it found"
)]

use grayzone_evidence::{ensemble, outcome_means, with};
use grayzone_model::Detail;
use grayzone_scenario::Scenario;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let scenario = Scenario::from_path(&args[1]).unwrap_or_else(|d| panic!("{d}"));
    let runs: u64 = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(500);
    let params: Vec<(String, f64)> = args[3.min(args.len())..]
        .iter()
        .map(|kv| {
            let (k, v) = kv.split_once('=').expect("PATH=VALUE");
            (k.to_string(), v.parse().expect("a number"))
        })
        .collect();
    let borrowed: Vec<(&str, f64)> = params.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let scenario = with(&scenario, &borrowed);
    if let Ok(run) = std::env::var("RUN") {
        let run: u64 = run.parse().expect("RUN is a run index");
        let record = grayzone_model::Simulation::new(scenario.theatre()).run(
            scenario.seed(),
            run,
            scenario.days(),
            Detail::Full,
        );
        for e in &record.events {
            let reason = e.reason.map(|k| k.label()).unwrap_or("");
            let id = |a: grayzone_model::ActorIx| record.actor_ids[a.0 as usize].as_str();
            println!(
                "day {:>3} {:>6} {:>16} -> {:<16} {:<28} {} class {} vol {} real {}",
                e.day,
                e.cameo.code(),
                id(e.actor),
                id(e.target),
                e.cameo.describe(),
                reason,
                e.class as u8,
                e.volume,
                e.real
            );
        }
        for r in record.rows.iter().filter(|r| r.day % 5 == 0) {
            println!(
                "day {:>3} dyad {} rung {} stock {:?} arsenal {:?} cred {:?} {}",
                r.day, r.dyad, r.rung, r.interceptor_stock, r.arsenal, r.credibility, r.ceasefire
            );
        }
        return;
    }
    let records = ensemble(&scenario, runs, Detail::Outcomes);
    for (name, mean, n) in outcome_means(&records) {
        println!("{name:>30} {mean:>14.3}  (n={n})");
    }
    let within = |d: u32| {
        records
            .iter()
            .filter(|r| {
                r.outcomes
                    .day("ceasefire_collapse_day")
                    .is_some_and(|c| c <= d)
            })
            .count() as f64
            / records.len() as f64
    };
    println!("{:>30} {:>14.3}", "P(collapse within 30 days)", within(30));
}
