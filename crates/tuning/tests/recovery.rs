//! Calibration recovers known parameters of the flagship scenario: targets simulated at
//! known values of the militias' autonomy and the US attribution policy, then ABC from
//! the whole range of each; the known values must lie inside the 90% posterior
//! intervals, and the intervals must be narrower than the prior.
//!
//! The suite runs it small. `GRAYZONE_RECOVERY=large cargo test --release -p
//! grayzone-tuning --test recovery -- --nocapture` runs it at report size and prints
//! the posterior.
//!
//! The autonomy is one value shared by every militia (`militias.*.autonomy`): the run
//! summary counts militia attacks, detections and blame over all militias together, and
//! on the flagship it barely tells one militia's autonomy from another's (docs/tuning.md
//! gives the evidence). `GRAYZONE_RECOVERY_MILITIAS=each` calibrates each militia's
//! autonomy instead, against each militia's own attacks (`proxy_attacks.MILITIA`),
//! prints the posterior and checks only that the truth lies inside the intervals: a
//! militia attacks too rarely for its autonomy to narrow them much.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "recovered values are printed for the record of a run"
)]

use grayzone_experiments::Silent;
use grayzone_scenario::Scenario;
use grayzone_tuning::calibrate::{self, Method};
use grayzone_tuning::{Model, Outcome, Param, Simulator, SimulatorSettings, Space, Targets};

/// How big a recovery is.
struct Size {
    days: u32,
    runs_per_point: u64,
    particles: usize,
    budget: u64,
    /// Runs behind each observed value.
    observed_runs: u64,
}

const SMALL: Size = Size {
    days: 45,
    runs_per_point: 30,
    particles: 100,
    budget: 60_000,
    observed_runs: 1000,
};

const LARGE: Size = Size {
    days: 90,
    runs_per_point: 20,
    particles: 500,
    budget: 400_000,
    observed_runs: 4000,
};

#[test]
fn calibration_recovers_known_autonomy_and_attribution_policy() {
    let size = match std::env::var("GRAYZONE_RECOVERY").as_deref() {
        Ok("large") => LARGE,
        _ => SMALL,
    };
    let scenario = Scenario::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/hormuz-2026.json"
    ))
    .unwrap();
    let each = std::env::var("GRAYZONE_RECOVERY_MILITIAS").as_deref() == Ok("each");
    let (params, truth): (&[&str], &[f64]) = if each {
        (
            &[
                "militias.kataib_hezbollah.autonomy=0:1",
                "militias.liwa_fatemiyoun.autonomy=0:1",
                "militias.hezbollah.autonomy=0:1",
                "actors.us.attribution.policy=0:1",
            ],
            &[0.8, 0.4, 0.6, 0.3],
        )
    } else {
        (
            &[
                "militias.*.autonomy=0:1",
                "actors.us.attribution.policy=0:1",
            ],
            &[0.8, 0.3],
        )
    };
    let params: Vec<Param> = params.iter().map(|p| p.parse().unwrap()).collect();
    // Militia attacks grow with autonomy; the share blamed on the patron grows with the
    // policy and falls with autonomy.
    // Each militia's own attacks tell its autonomy from the others'.
    let names: &[&str] = if each {
        &[
            "proxy_attacks.kataib_hezbollah",
            "proxy_attacks.liwa_fatemiyoun",
            "proxy_attacks.hezbollah",
            "detections",
            "blamed_on_patron_share",
        ]
    } else {
        &["proxy_attacks", "detections", "blamed_on_patron_share"]
    };
    let outcomes: Vec<Outcome> = names.iter().map(|o| o.parse().unwrap()).collect();
    let simulator = |runs_per_point| {
        Simulator::new(
            Space::new(scenario.clone(), params.clone()).unwrap(),
            outcomes.clone(),
            SimulatorSettings {
                seed: Some(17),
                days: Some(size.days),
                runs_per_point,
                threads: 0,
            },
        )
        .unwrap()
    };

    // The observations: histories no candidate will see, at the truth.
    let first = 1 << 50;
    let observed = simulator(1)
        .check(truth, first..first + size.observed_runs, &Silent)
        .unwrap();
    // A tolerance of one standard deviation of the difference between a candidate's
    // R-run mean and the observed mean: the uniform ABC kernel is then about as wide as
    // the noise, and the posterior close to the exact one.
    let r = size.runs_per_point as f64;
    let m = size.observed_runs as f64;
    let targets: Vec<String> = outcomes
        .iter()
        .zip(&observed)
        .map(|(o, i)| {
            let i = i.unwrap();
            let sd = (i.hi - i.lo) / (2.0 * 1.96) * m.sqrt();
            let tolerance = sd * (1.0 / r + 1.0 / m).sqrt();
            format!(
                r#"{{ "outcome": "{o}", "observed": {}, "tolerance": {tolerance} }}"#,
                i.estimate
            )
        })
        .collect();
    let text = format!(
        r#"{{ "days": {}, "targets": [{}] }}"#,
        size.days,
        targets.join(", ")
    );
    let targets = Targets::from_str(&text, "recovery.json").unwrap();

    let settings = calibrate::Settings {
        method: Method::Abc,
        budget: size.budget,
        particles: size.particles,
        seed: 3,
        check_runs: 0,
        ..calibrate::Settings::default()
    };
    let started = std::time::Instant::now();
    let result = calibrate::calibrate(
        &simulator(size.runs_per_point),
        &params,
        &targets.targets,
        &settings,
        &Silent,
    )
    .unwrap();
    let post = result.posterior.as_ref().unwrap();
    println!("targets: {text}");
    println!(
        "stopped: {} after {} runs, {} generations, in {:.0} s",
        result.stop.describe(),
        result.runs_used,
        post.generations.len(),
        started.elapsed().as_secs_f64()
    );
    for ((p, s), &t) in params.iter().zip(&post.summary).zip(truth) {
        println!(
            "{}: truth {t}, median {:.3}, 90% interval [{:.3}, {:.3}]",
            p.path, s.median, s.lo, s.hi
        );
        assert!(
            s.lo <= t && t <= s.hi,
            "{}: truth {t} outside {s:?}",
            p.path
        );
        assert!(
            each || s.hi - s.lo < 0.8 * (p.hi - p.lo),
            "{}: uninformative {s:?}",
            p.path
        );
    }
}
